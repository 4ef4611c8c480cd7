#pragma once
// The two solvers as the roadmap sees them (sweep.h's Solver): the analytic
// solver to screen, and short DES runs to confirm. The DES budget is sized
// to the load so a confirmation at 100,000 users costs about as much as one
// at 1,000: the horizon is chosen for a fixed number of completed requests
// (within bounds), since statistical precision depends on requests observed,
// not on simulated seconds.

#include "des/run.h"
#include "roadmap/storms.h"
#include "roadmap/sweep.h"

#include <chrono>
#include <cstdint>
#include <optional>

namespace headroom::roadmap {

struct DesBudget {
    std::uint64_t seed = 1;
    int replications = 2;
    double requestsPerReplication = 40000;  ///< horizon = this / expected throughput ...
    double minHorizon = 5.0;                ///< ... but at least this many simulated seconds
    /// A run that shows errors, saturation or a p99 past half the longest
    /// timeout is repeated with at least twice that timeout, so timeouts
    /// can fire within the horizon; runs near a utilisation or pool limit
    /// (most confirmations) need no such length.
    double maxHorizon = 600.0;              ///< ... and at most this many
    int threads = 0;                        ///< 0 = hardware concurrency
    int profileReplications = 2;            ///< load-profile (spike) runs: replications
    /// des::RunConfig::maxWallSeconds of each run (0 = none): a run stopped by
    /// it is partial and saturated (issue 14: every run ends; the desktop's
    /// studies get this default, the CLI its --max-wall).
    double maxWallSeconds = 120.0;
    /// The wall-clock deadline of the whole command or study (absent = none):
    /// each run gets at most the time left to it, so a study of many runs
    /// ends within its budget instead of within a budget per run.
    std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt;
};

/// The des::RunConfig::maxWallSeconds a run under `budget` gets now: its
/// maxWallSeconds, cut to the time left before the deadline (at least a
/// millisecond, so a run past the deadline returns partial at once).
[[nodiscard]] double runWallSeconds(const DesBudget& budget);

/// The simulated seconds per replication desSolver gives a run at `users`:
/// budget.requestsPerReplication over the analytic throughput, within
/// [minHorizon, maxHorizon] - except that at a rate where minHorizon would
/// observe over ten times the requests asked for, the requests decide (each
/// user of a closed population still cycles twenty times).
[[nodiscard]] double desHorizon(const graph::Graph& graph, double users, const DesBudget& budget);

/// `solver` with its answers kept, keyed by the architecture (its YAML) and
/// the load: the same question asked twice is answered once. Safe to call
/// from one thread at a time (a study or a plan runs on one thread).
[[nodiscard]] Solver memoised(Solver solver);

/// analytic::solve(graph, users).
[[nodiscard]] Solver analyticSolver();

/// des::run on the graph (already at `users`) with a horizon sized by `budget`
/// (requests, then timeouts: see DesBudget).
[[nodiscard]] Solver desSolver(const DesBudget& budget);

/// des::run of a graph with a load profile, no warm-up deleted (the profile
/// is the point), `budget.profileReplications` replications, figures per window.
/// `control` (progress, cancel) is passed to every run: the desktop's scenario
/// window watches and cancels its spike through it.
[[nodiscard]] ProfileSolver desProfileSolver(const DesBudget& budget, des::RunControl control = {});

/// desProfileSolver with storm events (issue 17, storms.h): keyed caches,
/// flushes, synchronised expiries.
[[nodiscard]] StormSolver desStormSolver(const DesBudget& budget, des::RunControl control = {});

}  // namespace headroom::roadmap
