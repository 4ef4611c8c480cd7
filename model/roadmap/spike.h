#pragma once
// The spike scenario as a real load profile: the architecture runs at its
// base load, the users ramp to `factor` times that within `ramp` seconds,
// stay there for `hold` seconds, then drop back; a simulation with
// per-window figures (des RunConfig::windows) measures what users see
// during the spike (error rate, timeouts, p95/p99 of the requests issued in
// it, peak queues), which component saturated first and when, and how long
// after the spike the SLO holds again. A steady-state solve at the peak
// cannot say any of that: the backlog built during the ramp, what it does
// to timeouts, and the drain afterwards are transient effects.

#include "graph/graph.h"
#include "spec/architecture.h"
#include "stats/results.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace headroom::roadmap {

/// Runs a graph that carries a load profile to `horizon` seconds and reports
/// figures for each of `windows` (the DES in the product).
using ProfileSolver =
    std::function<stats::Results(const graph::Graph& graph, const std::vector<stats::TimeWindow>& windows, double horizon)>;

struct SpikeOptions {
    // The spike's shape: slo.resilience.spike (shapedBy copies it from a file).
    double factor = 10.0;     ///< peak users / base users
    double ramp = 60.0;       ///< seconds from the base to the peak (linear)
    double hold = 60.0;       ///< seconds at the peak; then back to the base at once
    /// Seconds from the ramp's start after which the requests issued must meet
    /// the error rate and p99 again (the verdict's window); what happens
    /// before is reported (the reaction of an autoscaler, a queue filling).
    double react = 0.0;
    /// Longest hold simulated: past the reaction the system is at the peak's
    /// steady state, so a longer hold simulates at most this much (and at
    /// least a minute past the reaction); the rest is judged by the steady
    /// state at the peak (checkScenarios), and the scenario says so.
    double maxSimulatedHold = 180.0;
    double settle = 30.0;     ///< seconds at the base before the ramp (the baseline is its second half)
    double recovery = 60.0;   ///< seconds watched after the spike for the return within the SLO
    /// Largest peak simulated: a spike costs about 200 simulated requests per
    /// base user, so 10x 100,000 users is a minute of CPU per replication;
    /// above it the spike is judged at the peak's steady state (an estimate,
    /// named so). `roadmap --spike-max-users N` changes it.
    double maxPeakUsers = 100000.0;
    double bin = 10.0;        ///< resolution of the first saturation
    double recoveryBin = 5.0; ///< resolution of the recovery
    double saturatedUtilization = 0.95;  ///< a host this busy over a bin counts as saturated
};

/// One bin of the spike's time series (the scenario page's chart).
struct SpikePoint {
    double time = 0.0;       ///< seconds from the ramp's start (bin start)
    double users = 0.0;      ///< the offered load at the bin's middle
    double instances = 0.0;  ///< machines running, summed over tiers (mean over the bin)
    double queue = 0.0;      ///< requests present in the system (mean over the bin)
    double errorRate = 0.0;  ///< of the requests issued in the bin
    std::optional<double> p99;
    // Storms (issue 17; storms.h), absent in a spike's series:
    std::optional<double> hitRatio;     ///< the keyed caches' hit ratio over the bin (cache_flush)
    std::optional<double> utilization;  ///< the watched tier's busiest host (cache_flush: what the caches miss to)
    std::optional<double> goodput;      ///< requests issued in the bin and answered, per second (retry_storm)
};

struct SpikeQueue {
    std::string component;
    double peak = 0.0;  ///< most visits present at once during the spike
};

struct SpikeOutcome {
    double users = 0.0;      ///< base load
    double peakUsers = 0.0;
    double spikeSeconds = 0.0;  ///< ramp + the hold simulated
    double simulatedHold = 0.0; ///< seconds of the hold simulated (options.hold or less: see maxSimulatedHold)
    double react = 0.0;         ///< the verdict covers requests issued from this long after the ramp's start
    /// The error rate and p99 held over the requests issued from `react` after
    /// the ramp's start to the end of the hold (with react = 0: over the whole
    /// spike, p95 too).
    bool survives = false;
    double judgedErrorRate = 0.0;      ///< over the verdict's window
    std::optional<double> judgedP99;   ///< over the verdict's window
    double errorRate = 0.0;  ///< of requests issued during the spike
    double timeoutRate = 0.0;  ///< of those, the share that timed out
    std::optional<double> p95;
    std::optional<double> p99;
    std::vector<SpikeQueue> queues;  ///< peak queue per component, largest first
    std::string firstSaturated;      ///< "" when nothing saturated
    std::string saturation;          ///< how: "CPU 100%", "pool full (32 of 32 threads)", "rejects 120/s"
    double saturatedAfter = -1.0;    ///< seconds from the start of the ramp (bin start), -1 = never
    double usersAtSaturation = 0.0;
    bool baselineHolds = true;       ///< the SLO held before the spike
    /// Seconds after the drop back until the SLO holds for good (to recoveryBin):
    /// from then on every bin's requests meet p95 and the error rate, and the
    /// queues are back near their baseline (a backlog still draining is not
    /// "recovered", even when the users who would meet it have not come back yet).
    std::optional<double> recoveredAfter;
    std::string why;                 ///< the plain-language summary
    std::vector<SpikePoint> series;  ///< per bin, over the spike and the recovery
};

/// `options` with the spike's shape (factor, ramp, hold, react) of a file's
/// slo.resilience.spike.
[[nodiscard]] SpikeOptions shapedBy(SpikeOptions options, const spec::SpikeSpec& spike);

/// Seconds of the hold a spike simulates: the hold, at most maxSimulatedHold,
/// and at least a minute past the reaction.
[[nodiscard]] double simulatedHold(const SpikeOptions& options);

/// The architecture at `users` with the spike profile, simulated by `solver`.
[[nodiscard]] SpikeOutcome runSpike(const spec::Architecture& architecture, double users, const SpikeOptions& options,
                                    const ProfileSolver& solver);

/// The scenario's name for these options ("spike x10 in 60s, held 120s").
[[nodiscard]] std::string spikeName(const SpikeOptions& options);

}  // namespace headroom::roadmap
