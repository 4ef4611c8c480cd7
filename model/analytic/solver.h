#pragma once
// The analytic solver on a graph::Graph: the entry points the CLI, the GUI
// and the roadmap planner call. It maps Graph::stations(users) onto the
// closed (ClosedNetwork) or open (solveOpen) network solvers and fills the
// stats::Results contract (method Analytic, percentiles marked approximate).
//
// A mix of request classes with fixed shares in one closed population is a
// single chain with random class choice per request, so the totals and every
// station's mean queue are those of ONE class with share-weighted demands;
// per-class response times follow exactly from each station's slowdown
// (docs/methods.md, "Analytic solver").

#include "analytic/asymptotic_bounds.h"
#include "analytic/closed_network.h"
#include "analytic/open_network.h"
#include "graph/graph.h"
#include "stats/results.h"

#include <string>
#include <vector>

namespace headroom::analytic {

/// Closed workload with `users` users (rounded to a whole number; the
/// workload's think time and mix). Demands are taken at this population
/// (data growth), so each call builds its own stations.
[[nodiscard]] stats::Results solve(const graph::Graph& graph, double users);

/// Open workload at `arrivalRate` user requests per second.
[[nodiscard]] stats::Results solveOpen(const graph::Graph& graph, double arrivalRate);

/// The workload the file declares (users, or arrival_rate when open).
[[nodiscard]] stats::Results solve(const graph::Graph& graph);

/// One closed solve per population, in the given order.
[[nodiscard]] std::vector<stats::Results> sweep(const graph::Graph& graph, const std::vector<double>& users);

/// Asymptotic bounds of the graph at `users` (demands grow with data).
struct GraphBounds {
    AsymptoticBounds bounds;
    std::string bottleneck;           ///< station name ("app", "db/shard-hot"), empty when none
    double bottleneckDemand = 0.0;    ///< its demand per server, seconds per request
};
[[nodiscard]] GraphBounds bounds(const graph::Graph& graph, double users);

/// Mean response time of each request class (think time excluded), in class
/// order, at `users`: every station slows all classes by the same factor.
[[nodiscard]] std::vector<double> classResponseTimes(const graph::Graph& graph, double users);

/// Logarithmic grid of `points` populations from `from` to `to` (inclusive).
[[nodiscard]] std::vector<double> logGrid(double from, double to, int points);

}  // namespace headroom::analytic
