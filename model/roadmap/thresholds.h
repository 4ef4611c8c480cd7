#pragma once
// The catalogue of thresholds: what "breaks" means for an architecture at one
// load. Each check compares one figure of a solver's Results (or of the graph
// at that load) with its limit from `slo:` and says in plain language why it
// matters. Cheap (no solver call) and independent of the planner: the CLI's
// simulate/analyze fill the `thresholds` array of the JSON contract with it,
// and the sweep and the planner use it to decide where a breaking point is.
//
// Metrics (stats::ThresholdCheck::metric):
//   utilization      host (and database replica / shard copy) busy cores over slo.utilization
//   pool             threads / connections: share of arrivals that wait for one over 5%
//                    (DES: measured; analytic: Erlang C for the pool with the component's holding time)
//   p95, p99         user response time percentiles over the SLO
//   error_rate       rejected + timed out share of requests over the SLO
//   cache_hit_ratio  a cache's or CDN's hit ratio under slo.cache_hit_ratio
//   query_time       a component with `data:` whose demand per user request, grown with the
//                    table size, exceeds its share of the p95 budget
//   consumer_lag     the workers behind a queue offered more work than they can do (load >= 1)
//   cost_month       the monthly cost over slo.budget_month
//   availability     (redundancyChecks, the planner's rule) a tier on the response path
//                    with a single copy once the users reach the planner's threshold

#include "graph/graph.h"
#include "stats/results.h"

#include <vector>

namespace headroom::roadmap {

/// A pool is saturated when more than this share of arrivals wait for a slot.
inline constexpr double kPoolWaitLimit = 0.05;

/// Every threshold that applies to `graph`, evaluated on `results` (from either
/// solver). Ordered: system-wide first, then per host, then per component.
[[nodiscard]] std::vector<stats::ThresholdCheck> checkThresholds(const graph::Graph& graph,
                                                                 const stats::Results& results);

/// The planner's availability rule: from `fromUsers` users on (0 = never),
/// every tier a user request waits for must survive the loss of one machine.
/// One check per such tier: a host running services or load balancers (needs
/// 2+ instances), a database (needs a replica to fail over to, or 2+
/// instances). Caches (a lost one is a capacity problem, which the loss
/// scenario checks), CDNs, queues and externals (managed services) and
/// workers behind a queue (the queue buffers) are exempt. metric
/// "availability", value = copies, limit = 2. Needs no solver.
[[nodiscard]] std::vector<stats::ThresholdCheck> redundancyChecks(const graph::Graph& graph, double users,
                                                                  double fromUsers);

/// Erlang C: probability that an arrival waits in an M/M/c queue offered
/// `offeredLoad` = arrival rate x holding time (Erlangs). 1 when the load
/// reaches c. Stable for large c (computed through the Erlang B recursion).
[[nodiscard]] double erlangC(int servers, double offeredLoad);

/// How far over its limit a failed check is (>1 = broken): value/limit for
/// "at most" metrics, limit/value for the cache hit ratio (an "at least" one).
[[nodiscard]] double severity(const stats::ThresholdCheck& check);

/// True for metrics that growth does not break: cost (the planner treats it as
/// a budget) and the cache hit ratio (it never falls as users grow in this
/// model). A breaking-point search ignores them; they are still reported.
[[nodiscard]] bool isLoadIndependent(const stats::ThresholdCheck& check);

}  // namespace headroom::roadmap
