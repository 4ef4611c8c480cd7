// The roadmap's solvers: thin adapters over the two engines' public entry points.

#include "roadmap/solvers.h"

#include "analytic/solver.h"
#include "des/run.h"

#include "io/yaml_document.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace headroom::roadmap {

Solver memoised(Solver solver) {
    auto cache = std::make_shared<std::map<std::pair<std::string, double>, stats::Results>>();
    return [cache, solver = std::move(solver)](const graph::Graph& g, double load) {
        auto key = std::make_pair(io::toYaml(g.spec()), load);
        if (auto it = cache->find(key); it != cache->end()) return it->second;
        stats::Results r = solver(g, load);
        cache->emplace(std::move(key), r);
        return r;
    };
}

Solver analyticSolver() {
    // An open graph carries its arrival rate (graphAtUsers sets it): solved as an open network.
    return [](const graph::Graph& graph, double users) {
        return graph.isOpen() ? analytic::solve(graph) : analytic::solve(graph, users);
    };
}

namespace {

// A simulation of an autoscaled architecture starts with each autoscaled
// tier at the count its autoscaler holds at that load (the analytic steady
// state): a system running at a load has already scaled to it, and a run
// started at the minimum would judge the scale-up, not the load. The graph
// unchanged when nothing autoscales.
graph::Graph warmStarted(const graph::Graph& graph, double users) {
    bool any = false;
    for (const auto& h : graph.hosts()) any = any || h.autoscale.has_value();
    if (!any) return graph;
    const stats::Results steady = graph.isOpen() ? analytic::solve(graph) : analytic::solve(graph, users);
    spec::Architecture a = graph.spec();
    for (auto& c : a.components) {
        if (!c.autoscale) continue;
        const auto h = graph.hostId(c.id);
        if (!h || static_cast<size_t>(*h) >= steady.hosts.size()) continue;
        const double count = steady.hosts[static_cast<size_t>(*h)].instances.value_or(c.instances);
        c.instances = std::clamp(static_cast<int>(std::lround(count)), c.autoscale->min, c.autoscale->max);
    }
    return graph::build(a);
}

}  // namespace

double runWallSeconds(const DesBudget& budget) {
    if (!budget.deadline) return budget.maxWallSeconds;
    const double left =
        std::max(1e-3, std::chrono::duration<double>(*budget.deadline - std::chrono::steady_clock::now()).count());
    return budget.maxWallSeconds > 0 ? std::min(budget.maxWallSeconds, left) : left;
}

double desHorizon(const graph::Graph& graph, double users, const DesBudget& budget) {
    // The expected throughput is the analytic solver's (at least 1/s): the
    // bound N / Z alone is far off where the think time is short (zero think
    // time and a microsecond demand complete a million requests a second,
    // not ten per user) and past saturation.
    const stats::Results screen = graph.isOpen() ? analytic::solve(graph) : analytic::solve(graph, users);
    const double throughput = std::isfinite(screen.throughput) ? std::max(1.0, screen.throughput) : 1.0;
    const double wanted = budget.requestsPerReplication / throughput;
    double shortest = budget.minHorizon;
    if (throughput * shortest > 10.0 * budget.requestsPerReplication) {
        // At such a rate the minimum horizon would observe over ten times the
        // requests asked for: the requests decide, as long as each user of a
        // closed population still goes round its cycle (N / X by Little's
        // law) twenty times.
        const double cycle = graph.isOpen() ? 0.0 : users / throughput;
        shortest = std::min(shortest, std::max(wanted, 20.0 * cycle));
    }
    return std::clamp(wanted, shortest, std::max(shortest, budget.maxHorizon));
}

Solver desSolver(const DesBudget& budget) {
    return [budget](const graph::Graph& given, double users) {
        const graph::Graph graph = warmStarted(given, users);
        des::RunConfig config;
        config.seed = budget.seed;
        config.replications = budget.replications;
        config.horizon = desHorizon(graph, users, budget);
        config.threads = budget.threads;
        config.maxWallSeconds = runWallSeconds(budget);
        stats::Results r = des::run(graph, config);
        // A closed population that starts thinking is close to its steady state at
        // once (think times are memoryless), so precision is a matter of requests
        // observed - unless timeouts are in play: they need simulated time to fire.
        double longestTimeout = 0.0;
        for (const auto& c : graph.components()) longestTimeout = std::max(longestTimeout, c.timeout.value_or(0.0));
        const bool slow = r.saturated || r.errorRate > 0.1 * graph.slo().errorRate ||
                          r.responseTime.p99.value_or(0.0) > 0.5 * longestTimeout;
        if (longestTimeout > 0 && slow && config.horizon < 2 * longestTimeout) {
            config.horizon = 2 * longestTimeout;
            config.maxWallSeconds = runWallSeconds(budget);
            r = des::run(graph, config);
        }
        return r;
    };
}

namespace {

// A load-profile run (a spike, a storm): the architecture warm-started at the
// profile's base load, no warm-up deleted, figures per window.
des::RunConfig profileRun(const DesBudget& budget, const std::vector<stats::TimeWindow>& windows, double horizon) {
    des::RunConfig config;
    config.seed = budget.seed;
    config.replications = std::max(1, budget.profileReplications);
    config.horizon = horizon;
    config.warmup = 0.0;
    config.windows = windows;
    config.threads = budget.threads;
    config.maxWallSeconds = runWallSeconds(budget);
    return config;
}

graph::Graph atBaseLoad(const graph::Graph& given) {
    // Starts at the count held at the base load (the profile's first level).
    return warmStarted(given, given.spec().workload.users.value_or(0.0));
}

}  // namespace

ProfileSolver desProfileSolver(const DesBudget& budget, des::RunControl control) {
    return [budget, control](const graph::Graph& given, const std::vector<stats::TimeWindow>& windows, double horizon) {
        return des::run(atBaseLoad(given), profileRun(budget, windows, horizon), control);
    };
}

StormSolver desStormSolver(const DesBudget& budget, des::RunControl control) {
    return [budget, control](const graph::Graph& given, const std::vector<stats::TimeWindow>& windows, double horizon,
                             const StormEvents& events) {
        des::RunConfig config = profileRun(budget, windows, horizon);
        config.keyedCaches = events.keyedCaches;
        config.cacheFlushes = events.cacheFlushes;
        config.cacheExpiries = events.cacheExpiries;
        return des::run(atBaseLoad(given), config, control);
    };
}

}  // namespace headroom::roadmap
