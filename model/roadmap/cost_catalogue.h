#pragma once
// The prices the planner uses for what a transformation adds: the technology
// catalogue's prices (issue 21: the cost catalogue folded into it; the shipped
// figures live in resources/catalogue.yaml and spec/technology_catalogue.h).
// An architecture's own `cost_month` always wins where it gives one (scaling
// up a host scales its own price per core). docs/methods.md ("Roadmap
// planner: cost model", "Technology catalogue").

#include "spec/technology_catalogue.h"

namespace headroom::roadmap {

using CostCatalogue = spec::TechnologyCatalogue;

}  // namespace headroom::roadmap
