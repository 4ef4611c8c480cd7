#pragma once
// The entry point of the discrete-event simulator: run an architecture graph
// for several independent replications (on a thread pool) and summarise
// them into stats::Results (means with 95% CIs, merged percentiles).
// Replication r uses random streams keyed by (seed, stream, r) and results
// merge in replication order, so the output is identical whatever the
// number of threads.

#include "des/event_list.h"
#include "des/observer.h"
#include "graph/graph.h"
#include "stats/results.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace headroom::des {

struct RunConfig {
    std::uint64_t seed = 1;
    int replications = 5;
    double horizon = 600.0;         ///< simulated seconds per replication
    std::optional<double> warmup;   ///< seconds deleted; absent = MSER-5 per replication
    int threads = 0;                ///< worker threads; 0 = hardware concurrency
    EventListKind eventList = EventListKind::QuaternaryHeap;
    /// Safety cap on visits in the system at once per replication; past it
    /// new work is rejected and the result is marked saturated.
    std::uint32_t maxFramesInSystem = 1'000'000;
    /// Optional time windows [from, to) (seconds; they may overlap). For each,
    /// Results::windows reports the user requests issued in it (errors,
    /// percentiles of their response times) and, per host and component, what
    /// happened during it (utilisation, mean and peak queue, rejections,
    /// timeouts): what a load profile (a spike) needs, which the whole-run
    /// means hide. Empty (the default): no per-window bookkeeping at all.
    std::vector<stats::TimeWindow> windows;
    /// Storms (issue 17). Play every cache whose hit ratio is derived from a
    /// key population key by key (des/key_cache.h: entries that expire,
    /// refill and can be flushed) instead of by its steady hit ratio; it
    /// starts in its stationary state. Off (the default): the steady ratio.
    bool keyedCaches = false;
    /// Times (seconds) at which every keyed cache is emptied (a restart, a flush).
    std::vector<double> cacheFlushes;
    /// Times at which every entry of every keyed cache expires together
    /// (spread by ttl_jitter): a hot set written at once with one TTL.
    std::vector<double> cacheExpiries;

    // Budgets: every run ends, whatever the model (docs/methods.md, "Every
    // command ends"). A run stopped by one returns what it has, marked
    // `partial` and `saturated`, with a one-line note naming the budget.
    /// Wall-clock seconds for the whole run (all replications); 0 = none.
    /// Replications not started when it runs out are not run.
    double maxWallSeconds = 0.0;
    /// Events for the whole run, split evenly over the replications (so the
    /// stop is reproducible); 0 = none.
    std::uint64_t maxEvents = 4'000'000'000;
    /// Events at one instant (the clock not moving) before a replication
    /// stops as a zero-time loop; 0 = none.
    std::uint64_t maxEventsAtOneInstant = 5'000'000;
    /// Once a replication hits maxFramesInSystem it is overloaded beyond
    /// doubt: it runs at most this many more events; 0 = to the horizon.
    std::uint64_t eventsAfterFrameCap = 3'000'000;
};

/// What a progress callback receives (a value: safe to copy across threads).
struct Progress {
    double fraction = 0.0;       ///< of the whole run (all replications)
    std::uint64_t events = 0;    ///< executed so far, all replications
    int replicationsDone = 0;
};

struct RunControl {
    /// Called from worker threads (serialised, never concurrently), at most
    /// every ~50 ms and once at the end.
    std::function<void(const Progress&)> progress;
    /// Checked every few thousand events; when true the run stops soon and
    /// returns what it has, with `cancelled` set in the results' notes.
    const std::atomic<bool>* cancel = nullptr;
    /// Receives replication 0's request-level events (not owned).
    Observer* observer = nullptr;
};

/// Runs the DES. Throws spec::InputError for a graph it cannot simulate.
[[nodiscard]] stats::Results run(const graph::Graph& graph, const RunConfig& config, const RunControl& control = {});

}  // namespace headroom::des
