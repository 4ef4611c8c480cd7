#pragma once
// Storms (issue 17): two scenarios a phase's architecture must survive, in
// the spike's shape (SpikeOutcome: verdict, figures, series per bin), so the
// roadmap JSON, the report and the desktop show them like the spike.
//
// - cache_flush: the architecture at its load, every keyed cache in its
//   stationary state (des RunConfig::keyedCaches), then every cache emptied
//   at once (a restart, a deploy, a flush). The hot keys miss together and
//   the tier behind the cache (its on_miss) takes the read load until the
//   cache warms up: its peak utilisation and queue, the errors and p99 of
//   the requests issued after the flush, and the time until it is back
//   under its limit (the warm-up), per bin. The tier's busiest copy is
//   watched (a database's primary, which takes every write). Survives = no
//   bin overloaded (the tier >= 95% busy, or errors over the SLO) and the
//   errors and p99 after the flush within the SLO.
// - retry_storm: the architecture at its load, then a short overload (x3
//   users for 30 s by default) with the configured timeouts and retries,
//   then the load of before. Goodput (requests answered per second) during
//   and after; recovered = the last minute watched holds the SLO's error rate
//   and at least 90% of the goodput before the burst; otherwise the system
//   stayed collapsed after its trigger was gone (a metastable failure).

#include "roadmap/spike.h"

#include <functional>
#include <vector>

namespace headroom::roadmap {

/// What a storm run asks of the simulator besides a profile and windows.
struct StormEvents {
    bool keyedCaches = false;           ///< play derived caches key by key
    std::vector<double> cacheFlushes;   ///< times every keyed cache is emptied
    std::vector<double> cacheExpiries;  ///< times every entry expires together
};

/// Runs a graph (which may carry a load profile) to `horizon` with `events`,
/// figures per window (the DES in the product: solvers.h, desStormSolver).
using StormSolver = std::function<stats::Results(const graph::Graph& graph, const std::vector<stats::TimeWindow>& windows,
                                                 double horizon, const StormEvents& events)>;

struct StormOptions {
    double settle = 30.0;       ///< seconds at the load before the trigger (the baseline: its second half)
    double watch = 240.0;       ///< seconds watched after the trigger (flush) or after the burst
    double bin = 5.0;           ///< resolution of the series and of the warm-up
    double burstFactor = 3.0;   ///< retry storm: users during the burst / users before
    double burstSeconds = 30.0; ///< retry storm: how long the burst lasts
    double saturatedUtilization = 0.95;  ///< a host this busy over a bin is overloaded
    double goodputRecovered = 0.9;       ///< share of the pre-burst goodput that counts as recovered
    /// cache_flush: instead of emptying the caches, every entry expires
    /// together (a hot set written at once with one TTL; spread over
    /// 2 x ttl_jitter x ttl when the cache has a jitter).
    bool synchronisedExpiry = false;
};

/// Whether the architecture has a cache the flush scenario plays (a derived
/// hit ratio with at most KeyedCache::kMaxKeys keys and an on_miss).
[[nodiscard]] bool hasKeyedCache(const spec::Architecture& architecture);
/// Whether any component has retries (what a retry storm amplifies).
[[nodiscard]] bool hasRetries(const spec::Architecture& architecture);

/// Every keyed cache of `architecture` at `users` flushed after `settle`.
[[nodiscard]] SpikeOutcome runCacheFlush(const spec::Architecture& architecture, double users, const StormOptions& options,
                                         const StormSolver& solver);
/// A burst of `burstFactor` x users for `burstSeconds` after `settle`.
[[nodiscard]] SpikeOutcome runRetryStorm(const spec::Architecture& architecture, double users, const StormOptions& options,
                                         const StormSolver& solver);

[[nodiscard]] std::string cacheFlushName();
[[nodiscard]] std::string retryStormName(const StormOptions& options);

}  // namespace headroom::roadmap
