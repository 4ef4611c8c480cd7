#include "des/run.h"

#include "des/simulation.h"
#include "stats/confidence.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace headroom::des {

namespace {

using Clock = std::chrono::steady_clock;

std::string formatSeconds(double seconds)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", seconds);
    return text;
}

// Shared between worker threads: progress and the first error.
class RunMonitor {
public:
    RunMonitor(const RunConfig& config, const RunControl& control)
        : control_(control), total_(static_cast<double>(config.replications) * config.horizon),
          fraction_(static_cast<std::size_t>(config.replications), 0.0),
          events_(static_cast<std::size_t>(config.replications), 0)
    {
    }

    bool cancelled() const { return control_.cancel && control_.cancel->load(std::memory_order_relaxed); }

    // Returns false when the run should stop.
    bool update(int replication, double simulated, std::uint64_t events, bool done = false)
    {
        if (!control_.progress)
            return !cancelled();
        std::lock_guard lock(mutex_);
        fraction_[static_cast<std::size_t>(replication)] = simulated;
        events_[static_cast<std::size_t>(replication)] = events;
        if (done)
            ++done_;
        const auto now = Clock::now();
        if (done || now - lastReport_ >= std::chrono::milliseconds(50)) {
            lastReport_ = now;
            Progress p;
            double sum = 0.0;
            for (double f : fraction_)
                sum += f;
            p.fraction = total_ > 0 ? std::clamp(sum / total_, 0.0, 1.0) : 1.0;
            for (auto e : events_)
                p.events += e;
            p.replicationsDone = done_;
            control_.progress(p);
        }
        return !cancelled();
    }

private:
    const RunControl& control_;
    double total_;
    std::mutex mutex_;
    std::vector<double> fraction_;
    std::vector<std::uint64_t> events_;
    int done_ = 0;
    Clock::time_point lastReport_{};
};

stats::Results combine(const graph::Graph& graph, const RunConfig& config, std::vector<ReplicationResult>& reps)
{
    stats::Results r;
    r.architecture = graph.name();
    r.method = stats::Method::Des;
    if (graph.isOpen())
        r.arrivalRate = graph.workload().arrivalRate;
    else
        r.users = graph.workload().users.value_or(0.0);
    r.costMonth = graph.costMonth();
    r.replications = static_cast<int>(reps.size());
    r.seed = config.seed;
    r.horizon = config.horizon;

    const auto n = reps.size();
    std::vector<double> response, throughput, errors, warmups;
    stats::QuantileSketch merged = reps.front().responseSketch;
    bool saturated = false, unreliable = false, cancelled = false, capped = false;
    EarlyStop stop = EarlyStop::None;
    double reached = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& rep = reps[i];
        if (rep.completed > 0)
            response.push_back(rep.meanResponse);
        throughput.push_back(rep.throughput);
        errors.push_back(rep.errorRate);
        warmups.push_back(rep.warmup);
        if (i > 0)
            merged.merge(rep.responseSketch);
        r.events += rep.events;
        saturated = saturated || rep.saturated;
        unreliable = unreliable || !rep.warmupReliable;
        cancelled = cancelled || rep.stop == EarlyStop::Cancelled;
        capped = capped || rep.hitFrameCap;
        if (stop == EarlyStop::None || stop == EarlyStop::Cancelled)
            stop = rep.stop;  // the first budget that stopped a replication names the stop
        reached += rep.reached;
    }
    const auto rt = stats::summarize(response);
    r.responseTime.mean = rt.mean;
    r.responseTime.ci95 = rt.ci95;
    if (merged.count() > 0) {
        r.responseTime.p50 = merged.quantile(0.50);
        r.responseTime.p95 = merged.quantile(0.95);
        r.responseTime.p99 = merged.quantile(0.99);
    }
    r.throughput = stats::summarize(throughput).mean;
    r.errorRate = stats::summarize(errors).mean;
    r.warmup = stats::summarize(warmups).mean;
    r.saturated = saturated;

    for (std::size_t c = 0; c < graph.components().size(); ++c) {
        stats::ComponentResult cr;
        const auto& source = graph.components()[c];
        cr.name = source.name;
        std::vector<double> util, rtime;
        double sumT = 0, sumQ = 0, sumRej = 0, sumTo = 0, sumRetry = 0, sumPool = 0, sumWait = 0, sumHit = 0, sumLag = 0;
        double visits = 0;
        for (const auto& rep : reps) {
            const auto& t = rep.components[c];
            util.push_back(t.utilization);
            sumT += t.throughput;
            sumQ += t.queueLength;
            sumRej += t.rejected;
            sumTo += t.timeouts;
            sumRetry += t.retries;
            sumPool += t.poolBusy;
            sumWait += t.poolWaitFraction;
            sumHit += t.hitRatio;
            sumLag += t.consumerLag;
            // Response time per visit: weighted by visits so an idle replication does not count as 0 s.
            rtime.push_back(t.responseTime * t.visits);
            visits += t.visits;
        }
        const double k = static_cast<double>(n);
        const auto us = stats::summarize(util);
        cr.utilization = us.mean;
        cr.utilizationCi95 = us.ci95;
        cr.throughput = sumT / k;
        double rsum = 0;
        for (double x : rtime)
            rsum += x;
        cr.responseTime = visits > 0 ? rsum / visits : 0.0;
        cr.queueLength = sumQ / k;
        cr.rejected = sumRej / k;
        cr.timeouts = sumTo / k;
        cr.retries = sumRetry / k;
        if (source.threads || source.connections) {
            cr.poolBusy = sumPool / k;
            cr.poolWaitFraction = sumWait / k;
        }
        if (source.kind == graph::ComponentKind::Cache || source.kind == graph::ComponentKind::Cdn)
            cr.hitRatio = sumHit / k;
        if (source.kind == graph::ComponentKind::Queue)
            cr.consumerLag = sumLag / k;
        r.components.push_back(std::move(cr));
    }
    for (std::size_t h = 0; h < graph.hosts().size(); ++h) {
        stats::HostResult hr;
        hr.name = graph.hosts()[h].name;
        std::vector<double> util;
        for (const auto& rep : reps)
            util.push_back(rep.hostUtilization[h]);
        const auto us = stats::summarize(util);
        hr.utilization = us.mean;
        hr.ci95 = us.ci95;
        if (graph.hosts()[h].autoscale) {
            // Autoscaling: the mean count held, and the cost of that mean (not of the starting count).
            double held = 0.0;
            for (const auto& rep : reps)
                held += rep.hostInstances[h];
            hr.instances = held / static_cast<double>(n);
            r.costMonth += graph.hosts()[h].costMonth * (*hr.instances - graph.hosts()[h].instances);
        }
        r.hosts.push_back(std::move(hr));
    }
    // Windows: counts averaged per replication, percentiles over the merged
    // sketches, peaks the largest any replication saw.
    for (std::size_t w = 0; w < config.windows.size(); ++w) {
        stats::WindowResult wr;
        wr.window = config.windows[w];
        stats::QuantileSketch sketch = reps.front().windows.at(w).responseSketch;
        double issued = 0, completed = 0, rejected = 0, timedOut = 0, unfinished = 0;
        int reached = 0;
        wr.hostUtilization.assign(graph.hosts().size(), 0.0);
        wr.hostInstances.assign(graph.hosts().size(), 0.0);
        wr.hostBusiestCopy.assign(graph.hosts().size(), 0.0);
        wr.components.assign(graph.components().size(), stats::WindowComponent{});
        for (std::size_t i = 0; i < n; ++i) {
            const auto& t = reps[i].windows.at(w);
            if (i > 0)
                sketch.merge(t.responseSketch);
            issued += t.issued;
            completed += t.completed;
            rejected += t.rejected;
            timedOut += t.timedOut;
            unfinished += t.unfinished;
            if (!t.reached)
                continue;
            ++reached;
            for (std::size_t h = 0; h < wr.hostUtilization.size(); ++h) {
                wr.hostUtilization[h] += t.hostUtilization[h];
                wr.hostInstances[h] += t.hostInstances[h];
                wr.hostBusiestCopy[h] += t.hostBusiestCopy[h];  // mean over replications, like the host's
            }
            for (std::size_t c = 0; c < wr.components.size(); ++c) {
                auto& out = wr.components[c];
                const auto& in = t.components[c];
                out.queueLength += in.queueLength;
                out.queuePeak = std::max(out.queuePeak, in.queuePeak);
                out.rejected += in.rejected;
                out.timeouts += in.timeouts;
                out.lookups += in.lookups;
                out.misses += in.misses;
                out.completions += in.completions;
            }
        }
        const double k = static_cast<double>(n);
        wr.issued = issued / k;
        wr.completed = completed / k;
        wr.failed = (rejected + timedOut) / k;
        wr.timedOut = timedOut / k;
        wr.unfinished = unfinished / k;
        wr.errorRate = issued > 0 ? std::min(1.0, (rejected + timedOut) / issued) : 0.0;
        if (sketch.count() > 0) {
            wr.p95 = sketch.quantile(0.95);
            wr.p99 = sketch.quantile(0.99);
        }
        if (reached > 0) {
            for (double& u : wr.hostUtilization)
                u /= reached;
            for (double& m : wr.hostInstances)
                m /= reached;
            for (double& u : wr.hostBusiestCopy)
                u /= reached;
            for (auto& c : wr.components) {
                c.queueLength /= reached;
                c.rejected /= reached;
                c.timeouts /= reached;
                c.lookups /= reached;
                c.misses /= reached;
                c.completions /= reached;
            }
        }
        r.windows.push_back(std::move(wr));
    }
    if (capped)
        r.notes.push_back("saturated: the simulator's cap of " + std::to_string(config.maxFramesInSystem) +
                          " visits in the system at once was reached; users past it waited, other new work was rejected");
    if (unreliable && !config.warmup)
        r.notes.push_back("warm-up not settled within half the horizon: the system may not reach steady state (use a longer --horizon)");
    if (cancelled) {
        r.cancelled = true;
        r.notes.push_back("cancelled: figures cover the simulated time reached");
    }
    r.simulated = reached / static_cast<double>(n);
    if (stop != EarlyStop::None && stop != EarlyStop::Cancelled) {
        char line[320];
        const char* name = "";
        std::string why;
        switch (stop) {
        case EarlyStop::WallClock:
            name = "wall_clock";
            why = "the wall-clock budget (" + formatSeconds(config.maxWallSeconds) + " s) ran out";
            break;
        case EarlyStop::EventBudget:
            name = "event_budget";
            why = "the event budget (" + std::to_string(config.maxEvents) + " events) ran out";
            break;
        case EarlyStop::Overload:
            name = "overload";
            why = "overloaded past " + std::to_string(config.maxFramesInSystem) + " visits in the system";
            break;
        default:
            name = "frozen_clock";
            why = "more than " + std::to_string(config.maxEventsAtOneInstant) +
                  " events at one instant (time cannot advance: zero or vanishing service times)";
            break;
        }
        std::snprintf(line, sizeof line, "stopped early: %s; saturated, figures partial (%.4g of %.4g simulated seconds, %d of %d replications)",
                      why.c_str(), r.simulated, config.horizon, static_cast<int>(n), config.replications);
        r.partial = true;
        r.stoppedBy = name;
        r.saturated = true;
        r.notes.push_back(line);
    }
    return r;
}

}  // namespace

stats::Results run(const graph::Graph& graph, const RunConfig& input, const RunControl& control)
{
    RunConfig config = input;
    config.replications = std::max(1, config.replications);
    if (!(config.horizon > 0.0) || !std::isfinite(config.horizon))
        config.horizon = 600.0;
    if (config.warmup && !(*config.warmup >= 0.0 && *config.warmup < config.horizon))
        config.warmup = std::clamp(config.warmup.value_or(0.0), 0.0, config.horizon * 0.5);
    int threads = config.threads > 0 ? config.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min(threads, config.replications);

    const auto started = Clock::now();
    RunMonitor monitor(config, control);
    std::vector<ReplicationResult> reps(static_cast<std::size_t>(config.replications));
    std::vector<char> ran(static_cast<std::size_t>(config.replications), 0);
    std::atomic<int> nextReplication{0};
    const std::uint64_t eventsPerReplication =
        config.maxEvents == 0 ? 0 : std::max<std::uint64_t>(1, config.maxEvents / static_cast<std::uint64_t>(config.replications));
    auto wallOut = [&] {
        return config.maxWallSeconds > 0.0 &&
               std::chrono::duration<double>(Clock::now() - started).count() > config.maxWallSeconds;
    };
    std::mutex errorMutex;
    std::exception_ptr error;

    auto worker = [&] {
        for (;;) {
            const int r = nextReplication.fetch_add(1);
            if (r >= config.replications)
                return;
            if (r > 0 && wallOut())
                continue;  // the budget is spent: replications not started are not run
            try {
                Simulation simulation(graph, config, r, r == 0 ? control.observer : nullptr);
                EarlyStop budget = EarlyStop::None;
                reps[static_cast<std::size_t>(r)] = simulation.run([&](double t, std::uint64_t events) {
                    if (eventsPerReplication > 0 && events > eventsPerReplication) {
                        budget = EarlyStop::EventBudget;
                        return false;
                    }
                    if (wallOut()) {
                        budget = EarlyStop::WallClock;
                        return false;
                    }
                    return monitor.update(r, t, events);
                });
                auto& rep = reps[static_cast<std::size_t>(r)];
                ran[static_cast<std::size_t>(r)] = 1;
                if (rep.stop == EarlyStop::Cancelled && budget != EarlyStop::None) {
                    rep.stop = budget;
                    rep.saturated = true;
                }
                monitor.update(r, rep.cancelled ? rep.warmup + rep.duration : config.horizon, rep.events, true);
            } catch (...) {
                std::lock_guard lock(errorMutex);
                if (!error)
                    error = std::current_exception();
                return;
            }
        }
    };
    if (threads <= 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        for (int i = 0; i < threads; ++i)
            pool.emplace_back(worker);
        for (auto& t : pool)
            t.join();
    }
    if (error)
        std::rethrow_exception(error);
    // Only the replications that ran (in replication order: same output whatever the threads).
    std::vector<ReplicationResult> done;
    for (std::size_t i = 0; i < reps.size(); ++i)
        if (ran[i])
            done.push_back(std::move(reps[i]));
    stats::Results results = combine(graph, config, done);
    results.wallSeconds = std::chrono::duration<double>(Clock::now() - started).count();
    return results;
}

}  // namespace headroom::des
