// The spike scenario. One simulation per architecture: the profile is
// base -> ramp -> hold -> base, and the windows asked for are the baseline,
// the whole spike (the verdict), and fixed bins over the spike and the
// recovery (the "when"). Requests are counted in the window they were
// issued in, so a request issued at the peak and answered 40 s later counts
// against the spike, not against the recovery.

#include "roadmap/spike.h"

#include "io/metrics.h"
#include "io/text_format.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace headroom::roadmap {

namespace {

std::string duration(double seconds) { return io::formatDurationText(seconds); }

// Visits a component can hold at once over all its copies: its pool per copy.
std::optional<double> poolCapacity(const graph::Graph& g, const graph::Component& c) {
    const std::optional<int> pool = c.threads ? c.threads : c.connections;
    if (!pool || c.kind == graph::ComponentKind::Queue) return std::nullopt;
    double copies = g.host(c.host).instances;
    if (c.kind == graph::ComponentKind::Database) copies = std::max(copies, double(c.shards * (1 + c.replicas)));
    return *pool * copies;
}

struct Signal {
    int rank = 99;  // 0 CPU, 1 pool, 2 rejections / timeouts
    double strength = 0.0;
    std::string where;
    std::string how;
};

}  // namespace

SpikeOptions shapedBy(SpikeOptions options, const spec::SpikeSpec& spike) {
    options.factor = spike.factor;
    options.ramp = spike.ramp;
    options.hold = spike.hold;
    options.react = spike.react;
    return options;
}

std::string spikeName(const SpikeOptions& o) {
    return "spike x" + io::formatNumber("%g", o.factor) + " in " + io::formatNumber("%gs", o.ramp) + ", held " + io::formatNumber("%gs", o.hold);
}

double simulatedHold(const SpikeOptions& o) { return std::min(o.hold, std::max(o.maxSimulatedHold, o.react - o.ramp + 60.0)); }

SpikeOutcome runSpike(const spec::Architecture& architecture, double users, const SpikeOptions& o,
                      const ProfileSolver& solver) {
    if (!solver) throw std::invalid_argument("runSpike: no profile solver");
    if (architecture.workload.arrivalRate) throw std::invalid_argument("runSpike: the workload must be closed (users)");
    SpikeOutcome out;
    out.users = std::max(1.0, std::round(users));
    out.peakUsers = std::round(out.users * o.factor);
    const double start = o.settle;
    const double peakAt = start + o.ramp;
    out.simulatedHold = simulatedHold(o);
    out.react = o.react;
    const double end = peakAt + out.simulatedHold;
    const double horizon = end + o.recovery;
    out.spikeSeconds = end - start;

    spec::Architecture a = architecture;
    a.workload.users = out.users;
    a.workload.profile.clear();
    spec::ProfileStep up;
    up.at = start;
    up.users = out.peakUsers;
    up.ramp = o.ramp;
    spec::ProfileStep down;
    down.at = end;
    down.users = out.users;
    a.workload.profile = {up, down};
    const graph::Graph g = graph::build(a);

    // Windows: 0 baseline, 1 the spike, 2 the verdict's (from the reaction
    // on), then bins over the spike and after it.
    const double judgedFrom = std::min(start + o.react, end - o.bin);
    std::vector<stats::TimeWindow> windows{{start / 2, start}, {start, end}, {judgedFrom, end}};
    const size_t firstSpikeBin = windows.size();
    for (double t = start; t < end - 1e-9; t += o.bin) windows.push_back({t, std::min(end, t + o.bin)});
    const size_t firstRecoveryBin = windows.size();
    for (double t = end; t < horizon - 1e-9; t += o.recoveryBin) windows.push_back({t, std::min(horizon, t + o.recoveryBin)});

    const stats::Results r = solver(g, windows, horizon);
    if (r.windows.size() != windows.size()) throw std::runtime_error("runSpike: the solver returned no window figures");
    const auto& slo = g.slo();
    auto holds = [&](const stats::WindowResult& w, bool withP99) {
        if (w.issued <= 0) return true;
        if (w.errorRate > slo.errorRate) return false;
        if (w.p95 && *w.p95 > slo.p95) return false;
        if (withP99 && w.p99 && *w.p99 > slo.p99) return false;
        return true;
    };
    auto usersAt = [&](double t) {
        if (t <= start) return out.users;
        if (t >= end) return out.users;
        if (t >= peakAt) return out.peakUsers;
        return out.users + (out.peakUsers - out.users) * (t - start) / o.ramp;
    };

    const auto& baseline = r.windows[0];
    const auto& spike = r.windows[1];
    out.baselineHolds = holds(baseline, true);
    out.errorRate = spike.errorRate;
    out.timeoutRate = spike.issued > 0 ? spike.timedOut / spike.issued : 0.0;
    out.p95 = spike.p95;
    out.p99 = spike.p99;
    const auto& judged = r.windows[2];
    out.judgedErrorRate = judged.errorRate;
    out.judgedP99 = judged.p99;
    if (o.react > 0) {
        // After the reaction: the error rate and p99 (what the contract names).
        out.survives = judged.issued <= 0 ||
                       (judged.errorRate <= slo.errorRate && !(judged.p99 && *judged.p99 > slo.p99));
    } else {
        out.survives = holds(spike, true);
    }
    for (size_t w = firstSpikeBin; w < r.windows.size(); ++w) {
        const auto& bin = r.windows[w];
        SpikePoint p;
        p.time = bin.window.from - start;
        p.users = usersAt(0.5 * (bin.window.from + bin.window.to));
        for (const auto& h : g.hosts()) {
            const auto id = static_cast<size_t>(h.id);
            p.instances += id < bin.hostInstances.size() ? bin.hostInstances[id] : static_cast<double>(h.instances);
        }
        for (const auto& c : bin.components) p.queue += c.queueLength;
        p.errorRate = bin.errorRate;
        p.p99 = bin.p99;
        out.series.push_back(p);
    }

    for (const auto& c : g.components()) {
        const auto id = static_cast<size_t>(c.id);
        double peak = 0.0;
        for (size_t w = firstSpikeBin; w < firstRecoveryBin; ++w) peak = std::max(peak, r.windows[w].components[id].queuePeak);
        out.queues.push_back({c.name, peak});
    }
    std::stable_sort(out.queues.begin(), out.queues.end(), [](const auto& x, const auto& y) { return x.peak > y.peak; });

    // First saturation: the earliest bin with a saturated host, a full pool,
    // or rejections / timeouts beyond what the baseline already had. Within
    // one bin a busy CPU is named before the pool it fills, and that before
    // the errors it causes.
    for (size_t w = firstSpikeBin; w < firstRecoveryBin && out.firstSaturated.empty(); ++w) {
        const auto& bin = r.windows[w];
        Signal best;
        auto consider = [&](Signal s) {
            if (s.rank < best.rank || (s.rank == best.rank && s.strength > best.strength)) best = std::move(s);
        };
        for (const auto& h : g.hosts()) {
            const double u = bin.hostUtilization[static_cast<size_t>(h.id)];
            if (u < o.saturatedUtilization) continue;
            std::string names;
            if (h.components.size() > 1 || g.component(h.components.front()).name != h.name) {
                for (int c : h.components) names += (names.empty() ? "" : ", ") + g.component(c).name;
                names = " (" + names + ")";
            }
            consider({0, u, h.name + names, "CPU " + io::formatPercent(u) + " busy"});
        }
        for (const auto& c : g.components()) {
            const auto id = static_cast<size_t>(c.id);
            const auto& wc = bin.components[id];
            // Exhausted: on average over the bin more requests present than the pool
            // holds (a momentary peak past it is ordinary queueing).
            if (const auto cap = poolCapacity(g, c); cap && wc.queueLength > *cap) {
                consider({1, wc.queueLength / *cap, c.name,
                          std::string(c.threads ? "threads" : "connections") + " exhausted (" +
                              io::groupThousands(wc.queueLength) + " requests present on average for " + io::groupThousands(*cap) + ")"});
            }
            const auto& base = baseline.components[id];
            const double errors = wc.rejected + wc.timeouts;
            if (errors > 2 * (base.rejected + base.timeouts) + 0.1) {
                consider({2, errors, c.name,
                          (wc.rejected >= wc.timeouts ? "rejects " + io::formatNumber("%.0f", wc.rejected) + " requests/s"
                                                      : "times out " + io::formatNumber("%.0f", wc.timeouts) + " requests/s")});
            }
        }
        if (best.rank < 99) {
            out.firstSaturated = best.where;
            out.saturation = best.how;
            out.saturatedAfter = bin.window.from - start;
            out.usersAtSaturation = usersAt(0.5 * (bin.window.from + bin.window.to));
        }
    }

    // Recovery: the first bin after the spike from which every later bin holds
    // and has its queues back near the baseline (mean at most 1.5x + 1, errors
    // per component at most 2x + 0.1/s).
    auto settled = [&](const stats::WindowResult& w) {
        for (size_t c = 0; c < w.components.size(); ++c) {
            const auto& now = w.components[c];
            const auto& base = baseline.components[c];
            if (now.queueLength > 1.5 * base.queueLength + 1.0) return false;
            if (now.rejected + now.timeouts > 2 * (base.rejected + base.timeouts) + 0.1) return false;
        }
        return true;
    };
    std::optional<size_t> from;
    for (size_t w = r.windows.size(); w-- > firstRecoveryBin;) {
        if (!holds(r.windows[w], false) || !settled(r.windows[w])) break;
        from = w;
    }
    if (from) out.recoveredAfter = r.windows[*from].window.from - end;

    // The summary.
    std::string why = io::groupThousands(out.users) + " -> " + io::groupThousands(out.peakUsers) + " users in " + io::formatNumber("%g s", o.ramp) +
                      ", held " + io::formatNumber("%g s", o.hold) +
                      (out.simulatedHold < o.hold ? " (" + io::formatNumber("%g s", out.simulatedHold) + " of it simulated)" : std::string()) +
                      ": ";
    why += "p95 " + (out.p95 ? duration(*out.p95) : std::string("n/a")) + ", p99 " +
           (out.p99 ? duration(*out.p99) : std::string("n/a")) + ", " + io::formatPercent(out.errorRate) +
           " of requests fail";
    if (out.timeoutRate >= 0.0005) why += " (" + io::formatPercent(out.timeoutRate) + " time out)";
    if (o.react > 0) {
        why += "; from " + io::formatNumber("%g s", o.react) + " into the spike on: p99 " +
               (out.judgedP99 ? duration(*out.judgedP99) : std::string("n/a")) + ", " + io::formatPercent(out.judgedErrorRate) +
               " fail";
    }
    why += out.survives ? " - within the SLO" : " - over the SLO";
    if (!out.firstSaturated.empty()) {
        why += "; first to saturate: " + out.firstSaturated + ", " + out.saturation + " " +
               io::formatNumber("%.0f", out.saturatedAfter) + "-" + io::formatNumber("%.0f s", out.saturatedAfter + o.bin) +
               " into the spike (~" + io::groupThousands(out.usersAtSaturation) + " users)";
    } else {
        why += "; nothing saturated";
    }
    if (!out.queues.empty() && out.queues.front().peak > 0) {
        why += "; longest queue: " + out.queues.front().component + " " + io::groupThousands(out.queues.front().peak);
    }
    if (!out.baselineHolds) {
        why += "; the SLO did not hold before the spike either";
    } else if (!out.recoveredAfter) {
        why += "; not back within the SLO " + io::formatNumber("%g s", o.recovery) + " after the spike";
    } else if (*out.recoveredAfter <= 0) {
        why += "; within the SLO again as soon as the spike ends";
    } else {
        why += "; back within the SLO " + io::formatNumber("%.0f", *out.recoveredAfter) + "-" +
               io::formatNumber("%.0f s", *out.recoveredAfter + o.recoveryBin) + " after the spike";
    }
    out.why = why;
    return out;
}

}  // namespace headroom::roadmap
