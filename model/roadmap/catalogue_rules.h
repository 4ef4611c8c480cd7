#pragma once
// The technology catalogue (spec/technology_catalogue.h) as the planner
// reads it (issue 21): which component kind a build acts on, whether the
// catalogue lets it, the catalogue in force for an architecture (the given
// one with the architecture's `catalogue:` key applied, its build ids
// checked against the library), and a build's work from the catalogue.

#include "graph/graph.h"
#include "roadmap/roadmap.h"
#include "roadmap/transformations.h"
#include "spec/architecture.h"
#include "spec/technology_catalogue.h"

#include <string>

namespace headroom::roadmap {

/// The kind of the component a build acts on: the target component's kind
/// (a service behind a queue counts as the queue's: its consumers), the
/// kind of a host's component (a database when the host runs one), and
/// `service` for a build with no target (a CDN in front of the origin).
[[nodiscard]] spec::ComponentKind buildKind(const graph::Graph& graph, const std::string& transformation,
                                            const TransformationParams& params);

/// Every build id of `catalogue` names a transformation of the library
/// (spec::InputError at the entry otherwise).
void checkCatalogue(const spec::CatalogueOverride& catalogue);

/// `base` with `architecture.catalogue` applied (checked).
[[nodiscard]] spec::TechnologyCatalogue catalogueFor(const spec::TechnologyCatalogue& base,
                                                     const spec::Architecture& architecture);

/// The catalogue's work for `build` on `kind` (downtime, prerequisites,
/// risks, work, lead time) copied into it; the lead time stays the build's
/// own when the catalogue does not list it.
void describeWork(Build& build, const spec::TechnologyCatalogue& catalogue, spec::ComponentKind kind);

}  // namespace headroom::roadmap
