#pragma once
// The recorder: every statistic of a replication. Cumulative counters (user
// requests issued, completed, failed; per component visits, rejections,
// timeouts, retries, work, pool entries ...) and the live time-weighted
// figures' areas are copied at snapshot times (a grid over the first half,
// for the MSER-5 warm-up cut) and at window edges (RunConfig::windows), so
// a figure over any span is the difference of two copies. Response times go
// to a quantile sketch and to batch means (for MSER). summarize() turns all
// of it into a ReplicationResult.
//
// Events: kSnapshot and kWindowEdge (aux = index), posted by start().

#include "des/engine.h"
#include "des/frame_table.h"
#include "des/run.h"
#include "des/sim_types.h"
#include "des/simulation.h"
#include "des/topology.h"
#include "stats/quantile_sketch.h"

#include <vector>

namespace headroom::des::sim {

class Recorder {
public:
    Recorder(const graph::Graph& graph, const RunConfig& config, Engine& engine, Topology& topology, const FrameTable& frames);

    /// Posts the snapshot grid and the window edges (before any other event).
    void start();
    void handle(const Event& e)
    {
        if (e.kind == kSnapshot)
            takeSnapshot(e.aux);
        else
            takeWindowEdge(e.aux);
    }

    [[nodiscard]] ComponentCounters& component(std::int32_t id) { return counters_.components[static_cast<std::size_t>(id)]; }

    // A user request: issued now; completed (after `response` s); ended in an error.
    void requestIssued(double now)
    {
        ++counters_.issued;
        if (windowed_)
            forWindowsOf(now, [](WindowTally& w) { ++w.issued; });
    }
    void requestCompleted(double issuedAt, double response);
    void requestFailed(double issuedAt, Outcome outcome)
    {
        if (outcome == Outcome::TimedOut)
            ++counters_.timedOut;
        else
            ++counters_.rejected;
        if (windowed_)
            forWindowsOf(issuedAt, [outcome](WindowTally& w) { ++(outcome == Outcome::TimedOut ? w.timedOut : w.rejected); });
    }

    /// The end of the run (the horizon, or where it was cancelled): final
    /// state, then the replication's figures.
    ReplicationResult finish(int replication, double end, bool cancelled);

private:
    template <typename Update>
    void forWindowsOf(double issuedAt, Update&& update)
    {
        const auto& ws = config_.windows;
        for (std::size_t k = 0; k < ws.size(); ++k)
            if (issuedAt >= ws[k].from && issuedAt < ws[k].to)
                update(windowCounts_[k]);
    }
    void addBatch(double mean, double end);
    void sync(double now);
    void takeSnapshot(std::size_t index);
    void takeWindowEdge(std::size_t k);
    void finishWindows(double end, bool cancelled);
    [[nodiscard]] std::vector<WindowTally> summarizeWindows() const;
    [[nodiscard]] ReplicationResult summarize(double end, bool cancelled) const;
    /// Busy fraction of host `h` between two copies of the counters.
    [[nodiscard]] double hostUtilization(std::size_t h, const Counters& x, const Counters& y, double duration) const;
    /// Mean instances host `h` held between two copies (its fixed count unless it autoscales).
    /// The utilisation of host `h`'s busiest server (copy) between two snapshots.
    [[nodiscard]] double hostBusiestCopy(std::size_t h, const Counters& x, const Counters& y, double duration) const;
    [[nodiscard]] double hostInstances(std::size_t h, const Counters& x, const Counters& y, double duration) const;

    const graph::Graph& graph_;
    const RunConfig& config_;
    Engine& engine_;
    Topology& topology_;
    const FrameTable& frames_;

    Counters counters_;
    std::vector<double> grid_;  // snapshot times
    std::vector<Counters> snapshots_;
    std::vector<stats::QuantileSketch> sketchSnapshots_;
    stats::QuantileSketch sketch_;
    std::vector<double> batchMeans_, batchEnds_;
    std::size_t batchSize_ = 5;
    double batchSum_ = 0.0;
    std::size_t batchFill_ = 0;

    // Per-window figures (RunConfig::windows); nothing is kept without windows.
    bool windowed_ = false;
    std::vector<double> windowTimes_;                // distinct window edges, sorted
    std::vector<char> windowEdgeTaken_;
    std::vector<Counters> windowSnapshots_;          // counters at each edge
    std::vector<std::vector<double>> segmentPeaks_;  // [edge k][component]: peak over [t_k, t_k+1]
    std::vector<WindowTally> windowCounts_;          // user requests by the window they were issued in
};

inline void Recorder::requestCompleted(double issuedAt, double response)
{
    ++counters_.completed;
    counters_.responseSum += response;
    sketch_.add(response);
    if (windowed_)
        forWindowsOf(issuedAt, [response](WindowTally& w) {
            ++w.completed;
            w.responseSketch.add(response);
        });
    batchSum_ += response;
    if (++batchFill_ == batchSize_) {
        addBatch(batchSum_ / static_cast<double>(batchSize_), engine_.now());
        batchSum_ = 0.0;
        batchFill_ = 0;
    }
}

}  // namespace headroom::des::sim
