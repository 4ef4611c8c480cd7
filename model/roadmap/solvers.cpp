// The roadmap's solvers: thin adapters over the two engines' public entry points.

#include "roadmap/solvers.h"

#include "analytic/solver.h"
#include "des/run.h"

#include <algorithm>

namespace headroom::roadmap {

Solver analyticSolver() {
    return [](const graph::Graph& graph, double users) { return analytic::solve(graph, users); };
}

Solver desSolver(const DesBudget& budget) {
    return [budget](const graph::Graph& graph, double users) {
        // Expected throughput from the analytic bound X <= N / Z (and at least 1/s):
        // the horizon that yields the requested number of completions.
        const double thinkTime = std::max(graph.thinkTime(), 0.1);
        const double throughput = std::max(1.0, users / thinkTime);
        des::RunConfig config;
        config.seed = budget.seed;
        config.replications = budget.replications;
        config.horizon = std::clamp(budget.requestsPerReplication / throughput, budget.minHorizon, budget.maxHorizon);
        config.threads = budget.threads;
        return des::run(graph, config);
    };
}

ProfileSolver desProfileSolver(const DesBudget& budget) {
    return [budget](const graph::Graph& graph, const std::vector<stats::TimeWindow>& windows, double horizon) {
        des::RunConfig config;
        config.seed = budget.seed;
        config.replications = std::max(1, budget.profileReplications);
        config.horizon = horizon;
        config.warmup = 0.0;
        config.windows = windows;
        config.threads = budget.threads;
        return des::run(graph, config);
    };
}

}  // namespace headroom::roadmap
