#pragma once
// Pools, finite waiting rooms, timeouts and retries in the analytic solver
// (docs/methods.md, "Pools, full queues and timeouts").
//
// A pool (a component's `threads`, else `connections`) is held across
// everything its holder does: its CPU work, its latency and the calls it
// makes. Such a component is a *gate*: the sub-network its holders visit is
// solved on its own at every population up to the pool size, giving the
// rates of a flow-equivalent (load-dependent) server (Chandy-Herzog-Woo;
// the method of layers of Rolia-Sevcik and Woodside's SRVN use the same
// idea with approximate inner solutions, here they are exact). Gates nest:
// a gate inside another's sub-network is a load-dependent station there.
// The outer closed network (users, their think time, what they visit
// outside any pool, the top-level gates) is solved exactly by
// ClosedNetwork; a gate with `max_queue` is a station with a capacity, so
// arrivals that find it full are lost (rejected: the user thinks again, or
// the caller retries after its backoff). Timeouts: the caller gives up
// after `timeout` while the callee keeps working (as the simulator does),
// so they do not lighten the load; the share that times out follows from
// the waiting-time distribution at the gate.
//
// Plain queueing stations that a pool does not hold keep the product-form
// treatment of solver.cpp (with its corrections).

#include "analytic/closed_network.h"
#include "graph/graph.h"
#include "stats/results.h"

#include <vector>

namespace headroom::analytic {

/// True when a component with a pool or a finite waiting room is visited on
/// the response path (a worker pool behind a queue is not: it is async).
[[nodiscard]] bool hasGates(const graph::Graph& graph);

struct LayeredAnswer {
    stats::Results results;
    std::vector<double> classResponse;  ///< per class, mean over completed requests (think time excluded)
};

/// Closed workload with `users` users: pools as flow-equivalent servers.
[[nodiscard]] LayeredAnswer solveLayered(const graph::Graph& graph, double users);

namespace detail {
struct Mapped;
}

/// The same, given the product-form solution of the graph (its stations as
/// mapped, no pool or room honoured), which tells which waiting rooms matter.
[[nodiscard]] LayeredAnswer solveLayered(const graph::Graph& graph, double users, const detail::Mapped* mapped,
                                         const ClosedSolution* pf);

/// Whether any pool or waiting room could hold requests back in the
/// product-form solution `pf` (its mean occupancy not far below the pool or
/// the room): if none can, the product-form answer is the layered one.
[[nodiscard]] bool poolsCanBind(const graph::Graph& graph, double users, const detail::Mapped& mapped, const ClosedSolution& pf);
/// The same check without a closed solve: open M/M/c queues at the throughput bound (conservative, cheap).
[[nodiscard]] bool poolsCanBind(const graph::Graph& graph, double users, const detail::Mapped& mapped);

/// Open workload (Poisson arrivals at `arrivalRate` user requests per second).
[[nodiscard]] LayeredAnswer solveLayeredOpen(const graph::Graph& graph, double arrivalRate);

/// A load-dependent station with Poisson arrivals: birth-death on the number
/// present n (at most `capacity`, 0 = unlimited), completions rates[n-1]
/// per second (the last rate holds beyond). Past its capacity without a
/// capacity limit, the figures are those at 99.9% of the top rate.
struct OpenGate {
    double blocking = 0.0;     ///< share of arrivals turned away
    double meanNumber = 0.0;   ///< mean present (held + waiting)
    double waiting = 0.0;      ///< mean present beyond `tokens` (waiting for one)
    double completions = 0.0;  ///< accepted per second
    bool saturated = false;    ///< unlimited and arrivals >= top rate
    /// An accepted arrival that finds n >= tokens present waits for
    /// k = n - tokens + 1 releases: E[k] and E[k (k + 1)] over accepted arrivals.
    double releases = 0.0, releasesSecond = 0.0;
    double noWait = 1.0;       ///< share of accepted arrivals that find a token free
    /// With `distribution`: the distribution of n seen by an accepted arrival
    /// (n = 0.. up to a few thousand beyond the rates); the rest, `beyond`,
    /// continues geometrically with `ratio` per step.
    std::vector<double> seen;
    double beyond = 0.0, ratio = 0.0;
};
[[nodiscard]] OpenGate openGate(const std::vector<double>& rates, double arrivalRate, long long capacity, long long tokens = 0,
                                bool distribution = false);

/// The sojourn S = W + H of an accepted visit at a gate: W the wait for a
/// token, H the time it is held. With probability `p0` an arrival finds a
/// token free (W = 0, H gamma of mean `holdFree`); else W is gamma with
/// `waitMean` and `waitVar` and H gamma of mean `holdWait` (it starts with
/// every token held). H's squared coefficient of variation is `holdScv`.
struct SojournLaw {
    double p0 = 1.0;
    double waitMean = 0.0, waitVar = 0.0;
    double holdFree = 0.0, holdWait = 0.0, holdScv = 1.0;
};
/// The law of S at a gate of `tokens` whose unit is the open birth-death
/// `open` (openGate; an arrival waits for K releases, K geometric of its
/// ratio on 1..`room`, -1 = unlimited), the releases at the top rate with
/// squared coefficient of variation `releaseScv` (the first one a residual
/// time), the time held `hold` on average (`holdScv`).
[[nodiscard]] SojournLaw sojournLaw(const OpenGate& open, const std::vector<double>& rates, long long room, long long tokens,
                                    double hold, double holdScv, double releaseScv);

/// P(S > t) and E[S ; S <= t] (not conditional) for S of `law`.
struct SojournTail {
    double beyond = 0.0;
    double meanWithin = 0.0;
};
[[nodiscard]] SojournTail sojournTail(const SojournLaw& law, double t);

}  // namespace headroom::analytic
