#include "analytic/balancing.h"

#include "des/routing_policy.h"  // the routing policy table, shared with the DES (header-only)

#include <vector>

namespace headroom::analytic {

Balancing stationBalancing(const graph::Graph& graph, const graph::Station& station) {
    if (station.host < 0 || station.multiplicity <= 1) return Balancing::Random;
    const auto& host = graph.host(station.host);
    bool random = false, roundRobin = false, pooled = false;
    auto policyOf = [&](int caller) {
        switch (des::spreadOf(graph.component(caller).policy)) {
        case des::Spread::Random: random = true; break;
        case des::Spread::Cyclic: roundRobin = true; break;
        case des::Spread::LeastLoaded: pooled = true; break;
        }
    };
    for (int c : host.components) {
        for (const auto& cls : graph.classes()) random = random || cls.entry == c;  // users pick at random
        for (int caller : graph.component(c).callers) {
            const auto& from = graph.component(caller);
            if (des::routeOf(graph, caller, c).local) continue;  // co-located: stays on its own instance
            const bool miss = from.onMiss && *from.onMiss == c;
            bool calls = false;
            for (const auto& call : from.calls) calls = calls || call.to == c;
            if (calls) policyOf(caller);
            if (miss) {
                // The cache's caller issues the miss (users for an entry CDN).
                for (const auto& cls : graph.classes()) random = random || cls.entry == caller;
                for (int up : from.callers) {
                    if (!des::routeOf(graph, up, c).local) policyOf(up);
                }
            }
        }
    }
    if (pooled && !random && !roundRobin) return Balancing::Pooled;
    if (roundRobin && !random && !pooled) return Balancing::RoundRobin;
    return Balancing::Random;  // random, or a mix: treated as random (approximate for a mix)
}

}  // namespace headroom::analytic
