#pragma once
// The routing policy table, shared by the simulator's router (router.h) and
// the analytic solver's balancing (analytic/balancing.cpp), so the two
// cannot disagree about who routes a call and how a policy spreads it:
//
//   call from              to a component with several instances   routed by
//   users (or a CDN miss   any                                      random (the callee's route stream)
//     of an entry CDN)
//   a component            on the caller's host (not a database     stays on the caller's own instance
//                          with copies)
//   a component            elsewhere                                the caller's `policy`
//
//   policy              how it spreads   analytic treatment (balancing.h)
//   round_robin         cyclic           Allen-Cunneen, arrivals ~Erlang(copies)
//   least_connections   least loaded     one pooled station
//   power_of_two        least loaded     one pooled station
//   random              random           product form as it is
//
// A cache miss is issued by the cache's caller, so its routing is that
// caller's. Header-only: the analytic library uses it without linking the
// simulator.

#include "graph/graph.h"

namespace headroom::des {

enum class Spread { Random, Cyclic, LeastLoaded };

struct PolicyRow {
    graph::BalancingPolicy policy;
    Spread spread;
};

inline constexpr PolicyRow kPolicyTable[] = {
    {graph::BalancingPolicy::RoundRobin, Spread::Cyclic},
    {graph::BalancingPolicy::LeastConnections, Spread::LeastLoaded},
    {graph::BalancingPolicy::PowerOfTwoChoices, Spread::LeastLoaded},
    {graph::BalancingPolicy::Random, Spread::Random},
};

[[nodiscard]] constexpr Spread spreadOf(graph::BalancingPolicy policy)
{
    for (const auto& row : kPolicyTable)
        if (row.policy == policy)
            return row.spread;
    return Spread::Random;
}

/// A database with replicas or shards: each copy is a server of its own.
[[nodiscard]] inline bool hasDedicatedCopies(const graph::Component& c)
{
    return c.kind == graph::ComponentKind::Database && (c.shards > 1 || c.replicas > 0);
}

/// Who routes a call from `caller` (a component id, or -1 for the users) to
/// `callee`: it stays on the caller's instance (`local`), or the caller's
/// `policy` (users: random) picks among the callee's instances.
struct Route {
    bool local = false;
    graph::BalancingPolicy policy = graph::BalancingPolicy::Random;
};

[[nodiscard]] inline Route routeOf(const graph::Graph& graph, int caller, int callee)
{
    if (caller < 0)
        return Route{false, graph::BalancingPolicy::Random};
    const auto& from = graph.component(caller);
    return Route{from.host == graph.component(callee).host && !hasDedicatedCopies(from), from.policy};
}

}  // namespace headroom::des
