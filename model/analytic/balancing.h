#pragma once
// How requests are spread over the identical copies (instances) of a host
// station, read from the callers' load-balancing policies exactly as the DES
// routes them: a caller on the same host stays on its own instance, users and
// CDN misses pick at random, other callers use their `policy` (round robin
// unless a load balancer says otherwise), and a cache miss is issued by the
// cache's caller. Who routes and how each policy spreads is one table,
// des/routing_policy.h, read by the DES's router too.
//
// Only random splitting keeps the network product-form. The analytic solver
// therefore treats least_connections and power_of_two (which send each
// request to a lightly loaded copy) as one pooled station with all the copies'
// cores, and round robin (which makes each copy's arrivals more regular, scv
// ~ 1/copies) with an Allen-Cunneen factor on the waiting time
// (docs/methods.md, "Analytic solver").

#include "graph/graph.h"

namespace headroom::analytic {

enum class Balancing {
    Random,      ///< or a single copy: product-form as it is
    RoundRobin,  ///< arrivals to each copy about Erlang(copies)
    Pooled,      ///< join-the-shortest-queue-like: the copies act as one station
};

/// The balancing seen by `station` (graph::Graph::stations order).
[[nodiscard]] Balancing stationBalancing(const graph::Graph& graph, const graph::Station& station);

}  // namespace headroom::analytic
