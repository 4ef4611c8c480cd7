#pragma once
// The library of architecture changes the planner may propose. Each is a
// pure function spec in, spec out (then graph::build), so the GUI can apply
// one as a single undoable edit and save the result as YAML. Each knows when
// it applies to a breaking point, how to size itself (a default step,
// overridable through TransformationParams) and why it helps, in plain words.
// Costs follow from graph::Graph::costMonth() before and after; new machines
// are priced from the CostCatalogue.
//
// ids: pool_size, add_index, add_instances, cache_cluster, queue_partitions,
// balancer_ha_pair, scale_up, add_connection_pooler, split_database,
// add_load_balancer, managed_balancer, add_cdn, add_cache, add_read_replicas,
// queue_writes, shard_database (in order of simplicity, simplest first: adding
// a copy to a balanced tier is routine and needs no downtime, resizing a
// machine needs a restart, so add_instances ranks before scale_up); then the
// protections, offered for a resilience break only (BreakingPoint::scenario):
// spare_capacity, admission_control, autoscale; and for a storm scenario
// (issue 17): cache_coalescing, serve_stale, retry_budget, circuit_breaker.
// Which of them the planner may offer for a component is the technology
// catalogue's call (issue 21; roadmap/catalogue_rules.h): the builds its kind lists.

#include "graph/graph.h"
#include "roadmap/breaking_point.h"
#include "roadmap/cost_catalogue.h"
#include "spec/architecture.h"

#include <string>
#include <string_view>
#include <vector>

namespace headroom::roadmap {

/// How to apply one transformation. `target` names the component (or, for
/// scale_up, the host) it acts on; `count` is the new size (cores, instances,
/// replicas, shards, workers, connections) with 0 meaning the default step;
/// `hitRatio` is the assumed hit ratio of a new cache (default 90%) or CDN
/// (default 95%) — an assumption the user may change.
struct TransformationParams {
    std::string target;
    int count = 0;
    double hitRatio = 0.0;
    /// autoscale on an autoscaled tier: the warm floor (autoscale.min) to raise to; 0 = keep it.
    int floor = 0;
};

struct Transformation {
    std::string id;
    std::string title;   ///< short imperative: "Split the database off the shared host"
    int simplicity = 0;  ///< 1 = simplest to build and run; the planner's tie-breaker
    /// Typical calendar days from deciding to build it to it carrying production
    /// load (design, provisioning, migration, a soak period); planning.lead_time
    /// overrides it. See docs/methods.md, "Timeline".
    double leadTimeDays = 0.0;

    /// The ways this change addresses `breaking` on `graph` (one entry per
    /// target it could act on); empty when it does not apply.
    std::vector<TransformationParams> (*applies)(const graph::Graph& graph, const BreakingPoint& breaking,
                                                 const CostCatalogue& catalogue) = nullptr;
    /// The architecture after the change. Throws std::invalid_argument when
    /// `params.target` does not fit (unknown name, wrong kind).
    spec::Architecture (*apply)(const spec::Architecture& before, const TransformationParams& params,
                                const CostCatalogue& catalogue) = nullptr;
    /// Plain-language reason, specific to the target ("the database gets a machine of its own ...").
    std::string (*rationale)(const graph::Graph& before, const TransformationParams& params) = nullptr;
};

/// Every transformation, simplest first.
[[nodiscard]] const std::vector<Transformation>& transformations();

/// The transformation with this id, or nullptr.
[[nodiscard]] const Transformation* findTransformation(std::string_view id);

/// A request class counts as static content (what a CDN can serve) when its
/// name is "static" or "assets" (any case) and it does not already enter at a CDN.
[[nodiscard]] bool isStaticClass(const graph::Graph& graph, int cls);

}  // namespace headroom::roadmap
