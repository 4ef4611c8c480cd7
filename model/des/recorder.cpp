#include "des/recorder.h"

#include "stats/warmup.h"

#include <algorithm>

namespace headroom::des::sim {

Recorder::Recorder(const graph::Graph& graph, const RunConfig& config, Engine& engine, Topology& topology,
                   const FrameTable& frames)
    : graph_(graph), config_(config), engine_(engine), topology_(topology), frames_(frames)
{
    counters_.components.resize(topology.components.size());
    counters_.serverBusyArea.resize(topology.servers.size());
    counters_.hostHeldArea.resize(topology.hostServers.size());
}

void Recorder::start()
{
    const double horizon = config_.horizon;
    // Snapshot grid: the explicit warm-up, or every horizon/100 over the
    // first half (MSER never deletes more than half).
    if (config_.warmup)
        grid_.push_back(std::clamp(*config_.warmup, 0.0, horizon));
    else
        for (int k = 0; k <= kSnapshotsInFirstHalf; ++k)
            grid_.push_back(horizon * k / (2.0 * kSnapshotsInFirstHalf));
    snapshots_.assign(grid_.size(), Counters{});
    sketchSnapshots_.assign(grid_.size(), sketch_);
    for (std::size_t k = 0; k < grid_.size(); ++k)
        engine_.post(grid_[k], Event{kSnapshot, 0, static_cast<std::uint32_t>(k)}, -100);
    if (config_.windows.empty())
        return;
    windowed_ = true;
    for (const auto& w : config_.windows) {
        windowTimes_.push_back(std::clamp(w.from, 0.0, horizon));
        windowTimes_.push_back(std::clamp(w.to, 0.0, horizon));
    }
    std::sort(windowTimes_.begin(), windowTimes_.end());
    windowTimes_.erase(std::unique(windowTimes_.begin(), windowTimes_.end()), windowTimes_.end());
    windowEdgeTaken_.assign(windowTimes_.size(), 0);
    windowSnapshots_.assign(windowTimes_.size(), Counters{});
    segmentPeaks_.assign(windowTimes_.size(), std::vector<double>(topology_.components.size(), 0.0));
    windowCounts_.assign(config_.windows.size(), WindowTally());
    for (std::size_t k = 0; k < windowTimes_.size(); ++k)
        engine_.post(windowTimes_[k], Event{kWindowEdge, 0, static_cast<std::uint32_t>(k)}, -100);
}

void Recorder::addBatch(double mean, double end)
{
    batchMeans_.push_back(mean);
    batchEnds_.push_back(end);
    if (batchMeans_.size() >= (1u << 20)) {
        // Bound the memory: merge neighbouring batches (MSER-2m).
        const std::size_t half = batchMeans_.size() / 2;
        for (std::size_t i = 0; i < half; ++i) {
            batchMeans_[i] = 0.5 * (batchMeans_[2 * i] + batchMeans_[2 * i + 1]);
            batchEnds_[i] = batchEnds_[2 * i + 1];
        }
        batchMeans_.resize(half);
        batchEnds_.resize(half);
        batchSize_ *= 2;
    }
}

// Brings the time-weighted areas and the work in progress in the counters up
// to `now`: the one counter flush (snapshots, window edges, the end).
void Recorder::sync(double now)
{
    auto& components = topology_.components;
    auto& servers = topology_.servers;
    counters_.time = now;
    counters_.events = engine_.eventsExecuted();
    for (std::size_t c = 0; c < components.size(); ++c) {
        auto& model = components[c];
        model.inSystem.flush(now);
        model.poolBusy.flush(now);
        model.waiting.flush(now);
        auto& counts = counters_.components[c];
        counts.inSystemArea = model.inSystem.area;
        counts.poolBusyArea = model.poolBusy.area;
        counts.waitingArea = model.waiting.area;
    }
    for (std::size_t s = 0; s < servers.size(); ++s) {
        servers[s].busy.flush(now);
        counters_.serverBusyArea[s] = servers[s].busy.area;
    }
    for (std::size_t h = 0; h < topology_.hostHeld.size(); ++h) {
        if (!topology_.hostScaled[h])
            continue;
        topology_.hostHeld[h].flush(now);
        counters_.hostHeldArea[h] = topology_.hostHeld[h].area;
    }
    // Work in progress: service given so far to jobs still on a CPU.
    for (auto& counts : counters_.components)
        counts.workInProgress = 0.0;
    for (auto& s : servers)
        if (s.ps)
            s.advance(engine_.now());
    for (const auto& inst : topology_.instances) {
        if (inst.active == 0)
            continue;
        const Server& s = topology_.server(inst.server);
        const double clock = s.ps ? s.virtualTime : now;
        component(inst.component).workInProgress += std::max(0.0, inst.active * clock - inst.sumEntryClock);
    }
}

void Recorder::takeSnapshot(std::size_t index)
{
    sync(engine_.now());
    if (index < snapshots_.size()) {
        snapshots_[index] = counters_;
        sketchSnapshots_[index] = sketch_;
    }
}

void Recorder::takeWindowEdge(std::size_t k)
{
    if (k >= windowTimes_.size() || windowEdgeTaken_[k])
        return;
    sync(engine_.now());
    windowSnapshots_[k] = counters_;
    windowEdgeTaken_[k] = 1;
    auto& components = topology_.components;
    for (std::size_t c = 0; c < components.size(); ++c) {
        if (k > 0)
            segmentPeaks_[k - 1][c] = components[c].peak;
        components[c].peak = components[c].present();
    }
}

// Edges the run ended on (the horizon) take the final state; requests still
// in flight count with their age so far.
void Recorder::finishWindows(double end, bool cancelled)
{
    const auto& components = topology_.components;
    for (std::size_t k = 0; k < windowTimes_.size(); ++k) {
        if (windowEdgeTaken_[k] || windowTimes_[k] > end || (cancelled && windowTimes_[k] < end))
            continue;
        windowSnapshots_[k] = counters_;
        windowEdgeTaken_[k] = 1;
        for (std::size_t c = 0; c < components.size(); ++c)
            if (k > 0)
                segmentPeaks_[k - 1][c] = components[c].peak;
    }
    for (const Frame& f : frames_.all()) {
        if (f.state == FrameState::Free || !(f.flags & kRoot))
            continue;
        forWindowsOf(f.arrival, [&](WindowTally& w) {
            ++w.unfinished;
            w.responseSketch.add(std::max(0.0, end - f.arrival));
        });
    }
}

double Recorder::hostUtilization(std::size_t h, const Counters& x, const Counters& y, double duration) const
{
    double busy = 0.0, capacity = 0.0;
    for (std::int32_t s : topology_.hostServers[h]) {
        busy += y.serverBusyArea[static_cast<std::size_t>(s)] - x.serverBusyArea[static_cast<std::size_t>(s)];
        capacity += topology_.server(s).cores * duration;
    }
    if (topology_.hostScaled[h] && !topology_.hostServers[h].empty())
        capacity = topology_.server(topology_.hostServers[h].front()).cores * hostInstances(h, x, y, duration) * duration;
    return capacity > 0 ? busy / capacity : 0.0;
}

double Recorder::hostBusiestCopy(std::size_t h, const Counters& x, const Counters& y, double duration) const
{
    double most = 0.0;
    for (std::int32_t s : topology_.hostServers[h]) {
        const double capacity = topology_.server(s).cores * duration;
        const double busy = y.serverBusyArea[static_cast<std::size_t>(s)] - x.serverBusyArea[static_cast<std::size_t>(s)];
        if (capacity > 0)
            most = std::max(most, busy / capacity);
    }
    return most;
}

double Recorder::hostInstances(std::size_t h, const Counters& x, const Counters& y, double duration) const
{
    if (!topology_.hostScaled[h])
        return static_cast<double>(topology_.hostServers[h].size());
    return duration > 0 ? (y.hostHeldArea[h] - x.hostHeldArea[h]) / duration : topology_.hostHeld[h].value;
}

std::vector<WindowTally> Recorder::summarizeWindows() const
{
    const auto& components = topology_.components;
    std::vector<WindowTally> out = windowCounts_;
    auto edge = [&](double t) {
        return static_cast<std::size_t>(std::lower_bound(windowTimes_.begin(), windowTimes_.end(), t) - windowTimes_.begin());
    };
    const double horizon = config_.horizon;
    for (std::size_t w = 0; w < out.size(); ++w) {
        WindowTally& t = out[w];
        const std::size_t a = edge(std::clamp(config_.windows[w].from, 0.0, horizon));
        const std::size_t b = edge(std::clamp(config_.windows[w].to, 0.0, horizon));
        t.hostUtilization.assign(graph_.hosts().size(), 0.0);
        t.hostInstances.assign(graph_.hosts().size(), 0.0);
        t.hostBusiestCopy.assign(graph_.hosts().size(), 0.0);
        t.components.assign(components.size(), stats::WindowComponent{});
        t.reached = a < windowTimes_.size() && b < windowTimes_.size() && windowEdgeTaken_[a] && windowEdgeTaken_[b];
        if (!t.reached || b <= a)
            continue;
        const Counters& x = windowSnapshots_[a];
        const Counters& y = windowSnapshots_[b];
        const double duration = std::max(1e-12, windowTimes_[b] - windowTimes_[a]);
        for (std::size_t h = 0; h < graph_.hosts().size(); ++h) {
            t.hostUtilization[h] = hostUtilization(h, x, y, duration);
            t.hostInstances[h] = hostInstances(h, x, y, duration);
            t.hostBusiestCopy[h] = hostBusiestCopy(h, x, y, duration);
        }
        for (std::size_t c = 0; c < components.size(); ++c) {
            const auto& cx = x.components[c];
            const auto& cy = y.components[c];
            auto& wc = t.components[c];
            wc.queueLength = components[c].kind == graph::ComponentKind::Queue ? (cy.waitingArea - cx.waitingArea) / duration
                                                                               : (cy.inSystemArea - cx.inSystemArea) / duration;
            for (std::size_t k = a; k < b; ++k)
                wc.queuePeak = std::max(wc.queuePeak, segmentPeaks_[k][c]);
            wc.rejected = (cy.rejected - cx.rejected) / duration;
            wc.timeouts = (cy.timeouts - cx.timeouts) / duration;
            wc.lookups = (cy.lookups - cx.lookups) / duration;
            wc.misses = (cy.misses - cx.misses) / duration;
            wc.completions = (cy.visits - cx.visits) / duration;
        }
    }
    return out;
}

ReplicationResult Recorder::finish(int replication, double end, bool cancelled)
{
    sync(end);
    if (windowed_)
        finishWindows(end, cancelled);
    ReplicationResult result = summarize(end, cancelled);
    result.replication = replication;
    if (windowed_)
        result.windows = summarizeWindows();
    return result;
}

ReplicationResult Recorder::summarize(double end, bool cancelled) const
{
    const auto& components = topology_.components;
    const auto& grid = grid_;
    ReplicationResult result;
    result.cancelled = cancelled;
    result.hitFrameCap = frames_.hitCap();
    result.events = engine_.eventsExecuted();

    // Choose the warm-up cut on the grid.
    std::size_t cut = 0;
    if (config_.warmup) {
        cut = 0;
    } else {
        const stats::TruncationPoint point = stats::mserOnBatchMeans(batchMeans_, batchSize_);
        result.warmupReliable = point.reliable;
        const std::size_t batches = point.observations / batchSize_;
        const double cutTime = batches == 0 ? 0.0 : batchEnds_[batches - 1];
        cut = grid.size() - 1;
        for (std::size_t k = 0; k < grid.size(); ++k)
            if (grid[k] >= cutTime) {
                cut = k;
                break;
            }
    }
    while (cut > 0 && grid[cut] >= end)
        --cut;  // a cancelled run may not have reached the cut
    const Counters& a = snapshots_[cut];
    const Counters& b = counters_;
    const double start = grid[cut];
    const double duration = std::max(1e-12, end - start);
    result.warmup = start;
    result.duration = end - start;

    result.issued = b.issued - a.issued;
    result.completed = b.completed - a.completed;
    result.rejected = b.rejected - a.rejected;
    result.timedOut = b.timedOut - a.timedOut;
    result.meanResponse = result.completed > 0 ? (b.responseSum - a.responseSum) / result.completed : 0.0;
    result.throughput = result.completed / duration;
    result.errorRate = result.issued > 0 ? std::min(1.0, (result.rejected + result.timedOut) / result.issued) : 0.0;
    result.responseSketch = sketch_;
    result.responseSketch.subtract(sketchSnapshots_[cut]);

    bool saturated = frames_.hitCap();
    result.components.resize(components.size());
    for (std::size_t c = 0; c < components.size(); ++c) {
        const auto& x = a.components[c];
        const auto& y = b.components[c];
        const auto& model = components[c];
        ComponentTally& t = result.components[c];
        const double visits = y.visits - x.visits;
        t.visits = visits;
        const double work = (y.work + y.workInProgress) - (x.work + x.workInProgress);
        // An autoscaled host: per instance held (its mean count), not per server it may order.
        const auto h = static_cast<std::size_t>(model.host);
        const double copies = topology_.hostScaled[h] ? hostInstances(h, a, b, duration)
                                                       : static_cast<double>(model.instances.size());
        t.utilization = copies > 0 ? work / (duration * model.cores * copies) : 0.0;
        t.throughput = visits / duration;
        t.responseTime = visits > 0 ? (y.responseSum - x.responseSum) / visits : 0.0;
        t.queueLength = model.kind == graph::ComponentKind::Queue ? (y.waitingArea - x.waitingArea) / duration
                                                                   : (y.inSystemArea - x.inSystemArea) / duration;
        t.rejected = (y.rejected - x.rejected) / duration;
        t.timeouts = (y.timeouts - x.timeouts) / duration;
        t.retries = (y.retries - x.retries) / duration;
        t.poolBusy = (y.poolBusyArea - x.poolBusyArea) / duration;
        const double entries = y.poolEntries - x.poolEntries;
        t.poolWaitFraction = entries > 0 ? (y.poolWaited - x.poolWaited) / entries : 0.0;
        const double lookups = y.lookups - x.lookups;
        t.hitRatio = lookups > 0 ? 1.0 - (y.misses - x.misses) / lookups : model.hitRatio;
        const double messages = y.messages - x.messages;
        t.consumerLag = messages > 0 ? (y.lagSum - x.lagSum) / messages : 0.0;
        if (model.pool > 0 && model.kind != graph::ComponentKind::Queue &&
            t.poolBusy >= 0.98 * model.pool * copies)
            saturated = true;
    }
    result.hostUtilization.assign(graph_.hosts().size(), 0.0);
    result.hostInstances.assign(graph_.hosts().size(), 0.0);
    for (std::size_t h = 0; h < graph_.hosts().size(); ++h) {
        result.hostUtilization[h] = hostUtilization(h, a, b, duration);
        result.hostInstances[h] = hostInstances(h, a, b, duration);
        // Per server too: one saturated database copy saturates the system.
        for (std::int32_t s : topology_.hostServers[h]) {
            const double u = (b.serverBusyArea[static_cast<std::size_t>(s)] - a.serverBusyArea[static_cast<std::size_t>(s)]) /
                             (topology_.server(s).cores * duration);
            if (u >= 0.98)
                saturated = true;
        }
    }
    result.saturated = saturated;
    return result;
}

}  // namespace headroom::des::sim
