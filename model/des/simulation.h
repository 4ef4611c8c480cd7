#pragma once
// One replication of the discrete-event model of an architecture graph: the
// component processes of docs/architecture.md "Engine semantics" walked request by
// request over the call structure (not over visit ratios), on one Engine.
//
// A host instance (or a database copy) is a queueing station with `cores`
// servers under PS or FCFS, shared by the components placed on it. A visit
// to a component takes a thread/connection token (waiting beyond the pool,
// rejected past max_queue), does its CPU demand on the station, a pure
// delay (latency) if any, then its synchronous calls in order, and only
// then gives the token back: the token is held across the calls (layered
// queueing). Callers apply the callee's timeout and retries; a timed-out
// callee keeps working (its reply is dropped), which is what makes retry
// storms. Statistics are cumulative counters snapshotted on a time grid so
// the warm-up (MSER-5) can be deleted after the run.

#include "des/run.h"
#include "stats/quantile_sketch.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace headroom::des {

/// One component's figures over the kept part of one replication.
struct ComponentTally {
    double utilization = 0.0;
    double throughput = 0.0;
    double responseTime = 0.0;
    double queueLength = 0.0;
    double rejected = 0.0;   ///< per second
    double timeouts = 0.0;   ///< per second
    double retries = 0.0;    ///< per second
    double poolBusy = 0.0;   ///< mean tokens held (all instances)
    double poolWaitFraction = 0.0;
    double hitRatio = 0.0;
    double consumerLag = 0.0;
    double visits = 0.0;     ///< completed visits counted (for weighting)
};

/// One RunConfig window in one replication (see stats::WindowResult).
struct WindowTally {
    double issued = 0.0, completed = 0.0, rejected = 0.0, timedOut = 0.0, unfinished = 0.0;
    stats::QuantileSketch responseSketch = stats::QuantileSketch();  ///< requests issued in the window (unfinished: their age)
    std::vector<double> hostUtilization;
    std::vector<double> hostInstances;  ///< mean instances held, by host
    std::vector<double> hostBusiestCopy;  ///< utilisation of the host's busiest copy (server), by host
    std::vector<stats::WindowComponent> components;
    bool reached = true;  ///< false when the run stopped (cancelled) before the window's end
};

/// Why a replication stopped before its horizon (RunConfig's budgets).
enum class EarlyStop { None, Cancelled, FrozenClock, Overload, EventBudget, WallClock };

struct ReplicationResult {
    int replication = 0;
    EarlyStop stop = EarlyStop::None;
    double reached = 0.0;          ///< simulated seconds reached (the horizon unless stopped)
    double warmup = 0.0;           ///< seconds deleted
    bool warmupReliable = true;
    double duration = 0.0;         ///< seconds kept
    std::uint64_t events = 0;
    bool saturated = false;
    bool hitFrameCap = false;
    bool cancelled = false;
    double issued = 0.0;
    double completed = 0.0;
    double rejected = 0.0;         ///< user requests that ended rejected
    double timedOut = 0.0;         ///< user requests that ended timed out
    double meanResponse = 0.0;
    double throughput = 0.0;
    double errorRate = 0.0;
    stats::QuantileSketch responseSketch;
    std::vector<ComponentTally> components;
    std::vector<double> hostUtilization;
    std::vector<double> hostInstances;  ///< mean instances held over the kept part, by host
    std::vector<WindowTally> windows;  ///< one per RunConfig::windows entry
};

class Simulation {
public:
    Simulation(const graph::Graph& graph, const RunConfig& config, int replication, Observer* observer = nullptr);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    /// Runs to the horizon. `poll(simulatedTime, events)` is called every
    /// few thousand events; returning false cancels the run.
    ReplicationResult run(const std::function<bool(double, std::uint64_t)>& poll = {});

    /// Receives every event the run executes (time, kind, target), before it
    /// is handled: the fingerprint test hashes these. Unset (the default),
    /// the run loop is compiled without the call.
    using EventTrace = std::function<void(double time, std::uint32_t kind, std::uint32_t target)>;
    void setTrace(EventTrace trace);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace headroom::des
