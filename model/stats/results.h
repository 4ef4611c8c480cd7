#pragma once
// The answer of one solver run at one load: an immutable value type that
// crosses threads (GUI worker -> UI) and feeds every writer (JSON, CSV,
// table, report). Field names follow the JSON contract of docs/architecture.md.
// Times in seconds, rates per second, utilisation per core in [0, 1].

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace headroom::stats {

enum class Method { Des, Analytic };

struct Interval {
    double low = 0.0;
    double high = 0.0;
};

struct ResponseTime {
    double mean = 0.0;
    std::optional<double> p50;
    std::optional<double> p95;
    std::optional<double> p99;
    std::optional<Interval> ci95;       ///< of the mean, across replications
    bool percentilesApproximate = false;  ///< analytic: from an exponential fit
};

struct ComponentResult {
    std::string name;
    double utilization = 0.0;   ///< of its host's cores taken by this component, per core
    double throughput = 0.0;    ///< visits completed per second
    double responseTime = 0.0;  ///< per visit, including its calls
    double queueLength = 0.0;   ///< mean requests present (waiting + in service)
    double rejected = 0.0;      ///< per second (max_queue full, rate limit)
    double timeouts = 0.0;      ///< per second
    double retries = 0.0;       ///< per second
    std::optional<Interval> utilizationCi95;
    // Pools: mean busy threads / connections and the share of arrivals that waited.
    std::optional<double> poolBusy;
    std::optional<double> poolWaitFraction;
    std::optional<double> hitRatio;   ///< cache / cdn, as measured
    std::optional<double> consumerLag;  ///< queue: mean time a message waits, seconds
};

struct HostResult {
    std::string name;
    double utilization = 0.0;  ///< busy cores / cores, averaged over instances
    std::optional<Interval> ci95;
    /// DES with autoscaling: mean instances held over the kept part of the run
    /// (absent for a host whose count is fixed).
    std::optional<double> instances;
};

struct ThresholdCheck {
    std::string metric;  ///< utilization | pool | p95 | p99 | error_rate | cache_hit_ratio | query_time | consumer_lag | cost_month
    std::string where;   ///< component or host, or "system"
    double value = 0.0;
    double limit = 0.0;
    bool ok = true;
    std::string why;     ///< plain-language explanation
};

/// A span of simulated time, seconds from the start of a run: [from, to).
struct TimeWindow {
    double from = 0.0;
    double to = 0.0;
};

/// One component during a window (DES with RunConfig::windows).
struct WindowComponent {
    double queueLength = 0.0;  ///< mean visits present (queue: messages waiting)
    double queuePeak = 0.0;    ///< most visits present at once (largest over replications)
    double rejected = 0.0;     ///< per second
    double timeouts = 0.0;     ///< per second
    double lookups = 0.0;      ///< cache / cdn: lookups per second (issue 17: the hit ratio over time)
    double misses = 0.0;       ///< cache / cdn: misses per second (coalesced ones included)
    double completions = 0.0;  ///< visits completed per second (a database's work done: issue 17)
};

/// What happened during one window of a run. User requests are counted by
/// the window they were issued in, so a slow request issued during a spike
/// counts against the spike even if it completes after it. Counts are means
/// per replication; percentiles are over all replications.
struct WindowResult {
    TimeWindow window;
    double issued = 0.0;
    double completed = 0.0;
    double failed = 0.0;      ///< rejected or timed out
    double timedOut = 0.0;    ///< of `failed`, those that timed out
    double unfinished = 0.0;  ///< still in flight when the run ended
    double errorRate = 0.0;   ///< failed / issued
    /// Response times of the requests issued in the window; an unfinished one
    /// counts with its age at the end of the run (a lower bound).
    std::optional<double> p95;
    std::optional<double> p99;
    std::vector<double> hostUtilization;       ///< by host, graph order
    std::vector<double> hostInstances;         ///< by host, graph order: mean instances held (autoscaling moves it)
    /// By host, graph order: the utilisation of its busiest copy over the
    /// window (a database's primary, which takes every write, or its hot
    /// shard; issue 17). Equal to hostUtilization for a host of one copy.
    std::vector<double> hostBusiestCopy;
    std::vector<WindowComponent> components;   ///< by component, graph order
};

struct Results {
    std::string architecture;
    Method method = Method::Analytic;
    std::optional<double> users;
    std::optional<double> arrivalRate;
    double throughput = 0.0;  ///< completed user requests per second
    double errorRate = 0.0;   ///< (rejected + timed out) / issued
    bool saturated = false;
    double costMonth = 0.0;
    ResponseTime responseTime;
    std::vector<ComponentResult> components;  ///< in graph order
    std::vector<HostResult> hosts;            ///< in graph order
    std::vector<ThresholdCheck> thresholds;
    // Run facts (DES): events executed, wall time, replications, seed.
    std::uint64_t events = 0;
    double wallSeconds = 0.0;
    int replications = 0;
    std::uint64_t seed = 0;
    double horizon = 0.0;
    double warmup = 0.0;
    std::vector<std::string> notes;  ///< e.g. "analytic figure is an approximation: app holds threads"
    bool cancelled = false;          ///< DES: stopped early through RunControl::cancel
    /// DES: stopped before the horizon by a budget of des::RunConfig (the
    /// figures cover `simulated` seconds, fewer replications maybe);
    /// `stoppedBy` names it: "wall_clock", "event_budget", "overload",
    /// "frozen_clock" (or "cancelled").
    bool partial = false;
    std::string stoppedBy;
    double simulated = 0.0;  ///< DES: mean simulated seconds reached per replication
    std::vector<WindowResult> windows;  ///< DES with RunConfig::windows: one per window, same order
};

}  // namespace headroom::stats
