#pragma once
// Where requests enter an architecture: one rule, used by graph::build (the
// solvers' routing), the canvas (the users' arrow), teaching mode's stage
// diff and the report's request-mix table, so none of them re-derives it.
// A class enters at its own `entry`, else at the workload's `entry`, else at
// the first component in file order that no other component calls (or falls
// back to on a cache miss).

#include "spec/architecture.h"

#include <string>
#include <vector>

namespace headroom::spec {

/// The component every class without an `entry` of its own enters at; ""
/// when there is none (every component is called: a cycle, which the graph
/// builder refuses).
[[nodiscard]] std::string defaultEntry(const Architecture& architecture);

/// The entry of `mix` (one of architecture.workload.mix), or the default one.
[[nodiscard]] std::string entryOf(const Architecture& architecture, const ClassMix& mix);

/// Every distinct entry of the workload's classes, in class order.
[[nodiscard]] std::vector<std::string> entries(const Architecture& architecture);

}  // namespace headroom::spec
