#pragma once
// The router: which instance of a component a call goes to. Databases with
// copies shard by key skew, then send writes to the primary and reads to any
// live copy; other components follow the routing policy table
// (routing_policy.h, shared with the analytic solver): a co-located caller
// stays on its own instance, users pick at random, other callers use their
// policy (round robin, least connections, power of two choices, random). A
// down instance is skipped, and so is one the autoscaler has not started or
// is draining (autoscaler.h); kNone when none is up (the call is rejected).
// No events of its own: called by the call program for each attempt.

#include "des/routing_policy.h"
#include "des/sim_types.h"
#include "des/topology.h"

#include <limits>
#include <vector>

namespace headroom::des::sim {

class Router {
public:
    Router(const graph::Graph& graph, Topology& topology) : graph_(graph), topology_(topology), components_(topology.components)
    {
        // By (caller + 1, callee): who routes, and the round-robin counters.
        const std::size_t n = components_.size();
        routes_.resize((n + 1) * n);
        for (std::size_t caller = 0; caller <= n; ++caller)
            for (std::size_t callee = 0; callee < n; ++callee)
                routes_[caller * n + callee] = routeOf(graph, static_cast<int>(caller) - 1, static_cast<int>(callee));
        roundRobin_.assign((n + 1) * n, 0);
    }

    /// The instance `caller` sends its next attempt at `callee` to; kNone if none is up.
    [[nodiscard]] std::int32_t choose(const Frame& caller, std::int32_t callee);

private:
    [[nodiscard]] bool instanceUp(std::int32_t id) const { return topology_.instanceUp(id); }

    const graph::Graph& graph_;
    Topology& topology_;
    std::vector<ComponentModel>& components_;
    std::vector<Route> routes_;             // [(caller + 1) * n + callee]
    std::vector<std::uint32_t> roundRobin_;  // same index
};

inline std::int32_t Router::choose(const Frame& caller, std::int32_t callee)
{
    ComponentModel& c = components_[static_cast<std::size_t>(callee)];
    const auto m = static_cast<std::uint32_t>(c.instances.size());
    if (c.dedicatedCopies) {
        // Shard by skew, then primary for writes or any copy for reads.
        std::uint32_t shard = 0;
        if (c.shards > 1) {
            if (c.hotShards > 0) {
                const bool hot = c.routeRandom.uniform() < c.hotShare;
                shard = hot ? c.routeRandom.below(static_cast<std::uint32_t>(c.hotShards))
                            : static_cast<std::uint32_t>(c.hotShards) +
                                  c.routeRandom.below(static_cast<std::uint32_t>(c.shards - c.hotShards));
            } else {
                shard = c.routeRandom.below(static_cast<std::uint32_t>(c.shards));
            }
        }
        const auto copiesPerShard = static_cast<std::uint32_t>(1 + c.replicas);
        const bool write = graph_.isWrite(caller.cls);
        std::uint32_t role = write || c.replicas == 0 ? 0 : c.routeRandom.below(copiesPerShard);
        std::int32_t id = c.instances[shard * copiesPerShard + role];
        if (!instanceUp(id) && !write) {
            // A read whose copy is down goes to another live copy of the shard.
            for (std::uint32_t r = 0; r < copiesPerShard && !instanceUp(id); ++r)
                id = c.instances[shard * copiesPerShard + r];
        }
        return instanceUp(id) ? id : kNone;
    }
    if (m == 1)
        return instanceUp(c.instances[0]) ? c.instances[0] : kNone;
    const std::size_t pair = static_cast<std::size_t>(caller.component + 1) * components_.size() + static_cast<std::size_t>(callee);
    const Route route = routes_[pair];
    // Co-located caller (same host): stay on the caller's instance.
    if (route.local) {
        const auto local = static_cast<std::uint32_t>(topology_.instance(caller.instance).local);
        if (local < m) {
            const std::int32_t id = c.instances[local];
            return instanceUp(id) ? id : kNone;
        }
    }
    const auto policy = route.policy;
    RandomStream& random = caller.component == kNone ? c.routeRandom : components_[static_cast<std::size_t>(caller.component)].routeRandom;
    auto& counter = roundRobin_[pair];
    auto load = [&](std::uint32_t k) { return topology_.instance(c.instances[k]).inSystem; };
    auto up = [&](std::uint32_t k) { return instanceUp(c.instances[k]); };
    switch (policy) {
    case graph::BalancingPolicy::RoundRobin:
        for (std::uint32_t tries = 0; tries < m; ++tries) {
            const std::uint32_t k = counter++ % m;
            if (up(k))
                return c.instances[k];
        }
        return kNone;
    case graph::BalancingPolicy::LeastConnections: {
        // Ties go round robin so equal instances share evenly.
        std::uint32_t k = counter++ % m;
        std::int32_t best = kNone;
        std::int32_t bestLoad = std::numeric_limits<std::int32_t>::max();
        for (std::uint32_t j = 0; j < m; ++j, k = k + 1 == m ? 0 : k + 1) {
            const std::int32_t id = c.instances[k];
            const Instance& candidate = topology_.instance(id);
            if (candidate.inSystem < bestLoad && instanceUp(id)) {
                bestLoad = candidate.inSystem;
                best = id;
            }
        }
        return best;
    }
    case graph::BalancingPolicy::PowerOfTwoChoices: {
        const std::uint32_t a = random.below(m);
        std::uint32_t b = random.below(m - 1);
        if (b >= a)
            ++b;
        if (up(a) && up(b))
            return load(b) < load(a) ? c.instances[b] : c.instances[a];
        if (up(a))
            return c.instances[a];
        if (up(b))
            return c.instances[b];
        break;  // both down: fall back to any live one
    }
    case graph::BalancingPolicy::Random: {
        const std::uint32_t k = random.below(m);
        if (up(k))
            return c.instances[k];
        break;
    }
    }
    // Some instances are down: a uniform choice among the live ones.
    std::uint32_t live = 0;
    for (std::uint32_t k = 0; k < m; ++k)
        live += up(k) ? 1 : 0;
    if (live == 0)
        return kNone;
    std::uint32_t pick = random.below(live);
    for (std::uint32_t k = 0; k < m; ++k)
        if (up(k) && pick-- == 0)
            return c.instances[k];
    return kNone;
}

}  // namespace headroom::des::sim
