// Storm scenarios (issue 17): a cache flush and a retry storm, simulated with
// per-window figures and read into the spike's shape. See storms.h.

#include "roadmap/storms.h"

#include "des/key_cache.h"
#include "io/text_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace headroom::roadmap {

namespace {

std::string percent(double ratio)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, ratio < 0.1 ? "%.1f%%" : "%.0f%%", 100.0 * ratio);
    return buffer;
}

std::string seconds(double s)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, s < 10 ? "%.2g s" : "%.0f s", s);
    return buffer;
}

bool keyed(const spec::Component& c)
{
    return (c.kind == spec::ComponentKind::Cache || c.kind == spec::ComponentKind::Cdn) && !c.cache.hitRatio && c.cache.keys &&
           c.cache.capacity && *c.cache.keys <= des::KeyedCache::kMaxKeys && c.onMiss;
}

// Bins [t, t + bin) over [0, horizon), then the extra windows.
std::vector<stats::TimeWindow> binsOver(double horizon, double bin)
{
    std::vector<stats::TimeWindow> windows;
    for (double t = 0.0; t + 1e-9 < horizon; t += bin)
        windows.push_back({t, std::min(horizon, t + bin)});
    return windows;
}

// The series point of window `w` (time from `origin`).
SpikePoint pointOf(const graph::Graph& g, const stats::WindowResult& w, double origin, double users)
{
    SpikePoint p;
    p.time = w.window.from - origin;
    p.users = users;
    for (const auto& h : g.hosts()) {
        const auto id = static_cast<size_t>(h.id);
        p.instances += id < w.hostInstances.size() ? w.hostInstances[id] : static_cast<double>(h.instances);
    }
    for (const auto& c : w.components)
        p.queue += c.queueLength;
    p.errorRate = w.errorRate;
    p.p99 = w.p99;
    const double width = std::max(1e-9, w.window.to - w.window.from);
    p.goodput = (w.issued - w.failed - w.unfinished) / width;
    return p;
}

spec::Architecture atLoad(const spec::Architecture& architecture, double users)
{
    spec::Architecture a = architecture;
    a.workload.profile.clear();
    if (a.workload.arrivalRate)
        a.workload.arrivalRate = users;
    else
        a.workload.users = users;
    return a;
}

}  // namespace

bool hasKeyedCache(const spec::Architecture& architecture)
{
    return std::any_of(architecture.components.begin(), architecture.components.end(), keyed);
}

bool hasRetries(const spec::Architecture& architecture)
{
    return std::any_of(architecture.components.begin(), architecture.components.end(),
                       [](const spec::Component& c) { return c.retries.max > 0; });
}

std::string cacheFlushName() { return "cache flush (every cache emptied at once)"; }

std::string retryStormName(const StormOptions& o)
{
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "retry storm (x%g for %g s, then the load of before)", o.burstFactor, o.burstSeconds);
    return buffer;
}

SpikeOutcome runCacheFlush(const spec::Architecture& architecture, double users, const StormOptions& o, const StormSolver& solver)
{
    if (!solver)
        throw std::invalid_argument("runCacheFlush: no storm solver");
    const spec::Architecture a = atLoad(architecture, users);
    const graph::Graph g = graph::build(a);
    const spec::Slo& slo = a.slo;
    SpikeOutcome out;
    out.users = users;
    out.peakUsers = users;
    const double flushAt = o.settle;
    const double horizon = flushAt + o.watch;
    out.spikeSeconds = o.watch;

    // The watched tier: what the keyed caches miss to, and its hosts.
    std::vector<int> caches, watched;
    for (const auto& c : g.components()) {
        if (c.keyedCache && c.onMiss && *c.keyedCache->keys <= des::KeyedCache::kMaxKeys) {
            caches.push_back(c.id);
            if (std::find(watched.begin(), watched.end(), *c.onMiss) == watched.end())
                watched.push_back(*c.onMiss);
        }
    }
    if (caches.empty())
        throw std::invalid_argument("runCacheFlush: no cache with a derived hit ratio");
    // ... and what those call synchronously: a cache that misses to a
    // connection pooler loads the database behind it (the pooler itself is
    // nearly idle).
    for (size_t k = 0; k < watched.size(); ++k) {
        for (const auto& call : g.components()[static_cast<size_t>(watched[k])].calls)
            if (!call.async && std::find(watched.begin(), watched.end(), call.to) == watched.end())
                watched.push_back(call.to);
    }
    auto busiest = [&](const stats::WindowResult& w, int c) {
        const auto host = static_cast<size_t>(g.components()[static_cast<size_t>(c)].host);
        if (host < w.hostBusiestCopy.size())
            return w.hostBusiestCopy[host];
        return host < w.hostUtilization.size() ? w.hostUtilization[host] : 0.0;
    };

    std::vector<stats::TimeWindow> windows = binsOver(horizon, o.bin);
    const size_t before = windows.size(), after = windows.size() + 1;
    windows.push_back({flushAt / 2, flushAt});
    windows.push_back({flushAt, horizon});
    StormEvents events;
    events.keyedCaches = true;
    (o.synchronisedExpiry ? events.cacheExpiries : events.cacheFlushes).push_back(flushAt);
    const stats::Results r = solver(g, windows, horizon, events);

    // The busiest copy of the watched tier: a database's primary takes every
    // write besides its share of the reads, so the mean over the primary and
    // its replicas (the host's utilisation) hides the copy that overloads.
    auto watchedUtilization = [&](const stats::WindowResult& w) {
        double most = 0.0;
        for (int c : watched)
            most = std::max(most, busiest(w, c));
        return most;
    };
    auto hitRatio = [&](const stats::WindowResult& w) -> std::optional<double> {
        double lookups = 0, misses = 0;
        for (int c : caches) {
            lookups += w.components[static_cast<size_t>(c)].lookups;
            misses += w.components[static_cast<size_t>(c)].misses;
        }
        if (lookups <= 0)
            return std::nullopt;
        return 1.0 - misses / lookups;
    };

    const auto& base = r.windows[before];
    out.baselineHolds = base.errorRate <= slo.errorRate && !(base.p99 && *base.p99 > slo.p99);
    const auto& rest = r.windows[after];
    out.errorRate = rest.errorRate;
    out.timeoutRate = rest.failed > 0 ? rest.timedOut / rest.failed : 0.0;
    out.p95 = rest.p95;
    out.p99 = rest.p99;
    out.judgedErrorRate = rest.errorRate;
    out.judgedP99 = rest.p99;
    out.survives = rest.errorRate <= slo.errorRate && !(rest.p99 && *rest.p99 > slo.p99);

    double peakUtilization = 0.0, peakQueue = 0.0;
    std::optional<double> lastOverloaded;
    bool overloadedAtEnd = false;
    for (size_t w = 0; w < before; ++w) {
        const auto& bin = r.windows[w];
        SpikePoint p = pointOf(g, bin, flushAt, users);
        p.hitRatio = hitRatio(bin);
        p.utilization = watchedUtilization(bin);
        out.series.push_back(p);
        if (bin.window.from + 1e-9 < flushAt)
            continue;
        peakUtilization = std::max(peakUtilization, *p.utilization);
        for (int c : watched)
            peakQueue = std::max(peakQueue, bin.components[static_cast<size_t>(c)].queuePeak);
        const bool overloaded = *p.utilization >= o.saturatedUtilization || bin.errorRate > slo.errorRate;
        if (overloaded) {
            lastOverloaded = bin.window.to - flushAt;
            if (out.saturatedAfter < 0) {
                out.saturatedAfter = bin.window.from - flushAt;
                out.usersAtSaturation = users;
            }
        }
        overloadedAtEnd = overloaded;
    }
    // The tier named: the watched one busiest at its peak after the flush.
    int named = watched.front();
    double namedPeak = -1.0;
    for (int c : watched) {
        double peak = 0.0;
        for (size_t w = 0; w < before; ++w)
            if (r.windows[w].window.from + 1e-9 >= flushAt)
                peak = std::max(peak, busiest(r.windows[w], c));
        if (peak > namedPeak + 1e-12)
            named = c, namedPeak = peak;
    }
    const std::string tier = g.components()[static_cast<size_t>(named)].name;
    for (int c : watched) {
        double q = 0.0;
        for (size_t w = 0; w < before; ++w)
            if (r.windows[w].window.from + 1e-9 >= flushAt)
                q = std::max(q, r.windows[w].components[static_cast<size_t>(c)].queuePeak);
        out.queues.push_back({g.components()[static_cast<size_t>(c)].name, q});
    }
    std::sort(out.queues.begin(), out.queues.end(), [](const SpikeQueue& x, const SpikeQueue& y) { return x.peak > y.peak; });
    // An overload is a failure of its own: the p99 of four minutes of requests
    // lets 2.4 s of them be as slow as they like, and a flush that saturates
    // the tier behind the cache for 15 s (every request then waiting on it)
    // would pass on it.
    if (lastOverloaded)
        out.survives = false;
    if (lastOverloaded) {
        out.firstSaturated = tier;
        out.saturation = "CPU " + percent(peakUtilization);
    }
    // Warm-up: the end of the last overloaded bin (0: never overloaded);
    // none when still overloaded at the end of the watch.
    if (!overloadedAtEnd)
        out.recoveredAfter = lastOverloaded.value_or(0.0);

    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%s at %s users: '%s' peaks at %s busy (queue %s)",
                  o.synchronisedExpiry ? "synchronised expiry" : "cache flush", io::groupThousands(users).c_str(),
                  tier.c_str(), percent(peakUtilization).c_str(), io::groupThousands(std::round(peakQueue)).c_str());
    out.why = buffer;
    if (!lastOverloaded)
        out.why += ", never overloaded";
    else if (out.recoveredAfter)
        out.why += ", back under " + percent(o.saturatedUtilization) + " after " + seconds(*out.recoveredAfter);
    else
        out.why += ", still overloaded " + seconds(o.watch) + " after the flush";
    out.why += "; after the flush " + percent(out.errorRate) + " errors, p99 " + (out.p99 ? seconds(*out.p99) : std::string("-"));
    out.why += out.survives ? ": survives" : ": does not survive";
    return out;
}

SpikeOutcome runRetryStorm(const spec::Architecture& architecture, double users, const StormOptions& o, const StormSolver& solver)
{
    if (!solver)
        throw std::invalid_argument("runRetryStorm: no storm solver");
    spec::Architecture a = atLoad(architecture, users);
    const bool open = a.workload.arrivalRate.has_value();
    const double start = o.settle, end = o.settle + o.burstSeconds, horizon = end + o.watch;
    spec::ProfileStep up, down;
    up.at = start;
    down.at = end;
    (open ? up.arrivalRate : up.users) = users * o.burstFactor;
    (open ? down.arrivalRate : down.users) = users;
    a.workload.profile = {up, down};
    const graph::Graph g = graph::build(a);
    const spec::Slo& slo = a.slo;

    SpikeOutcome out;
    out.users = users;
    out.peakUsers = users * o.burstFactor;
    out.spikeSeconds = o.burstSeconds;
    out.simulatedHold = o.burstSeconds;
    std::vector<stats::TimeWindow> windows = binsOver(horizon, o.bin);
    const size_t nBins = windows.size();
    const size_t before = nBins, during = nBins + 1, last = nBins + 2;
    const double lastMinute = std::max(end, horizon - 60.0);
    windows.push_back({start / 2, start});
    windows.push_back({start, end});
    windows.push_back({lastMinute, horizon});
    const stats::Results r = solver(g, windows, horizon, StormEvents{});

    auto goodput = [&](const stats::WindowResult& w) {
        return (w.issued - w.failed - w.unfinished) / std::max(1e-9, w.window.to - w.window.from);
    };
    const double goodBefore = goodput(r.windows[before]);
    const double goodDuring = goodput(r.windows[during]);
    const double goodLast = goodput(r.windows[last]);
    out.baselineHolds = r.windows[before].errorRate <= slo.errorRate;
    out.errorRate = r.windows[during].errorRate;
    out.timeoutRate = r.windows[during].failed > 0 ? r.windows[during].timedOut / r.windows[during].failed : 0.0;
    out.p95 = r.windows[during].p95;
    out.p99 = r.windows[during].p99;
    out.judgedErrorRate = r.windows[last].errorRate;
    out.judgedP99 = r.windows[last].p99;
    const bool recovered = r.windows[last].errorRate <= std::max(slo.errorRate, 2.0 * r.windows[before].errorRate) &&
                           goodLast >= o.goodputRecovered * goodBefore;
    out.survives = recovered;
    for (size_t w = 0; w < nBins; ++w) {
        const auto& bin = r.windows[w];
        const double mid = 0.5 * (bin.window.from + bin.window.to);
        SpikePoint p = pointOf(g, bin, start, mid >= start && mid < end ? out.peakUsers : users);
        out.series.push_back(p);
    }
    // Recovery: the first bin after the burst from which every later bin has
    // its goodput back (>= 90% of before) and the error rate within the SLO.
    for (size_t w = nBins; w-- > 0;) {
        const auto& bin = r.windows[w];
        if (bin.window.from + 1e-9 < end)
            break;
        const bool ok = bin.errorRate <= std::max(slo.errorRate, 2.0 * r.windows[before].errorRate) &&
                        goodput(bin) >= o.goodputRecovered * goodBefore;
        if (!ok)
            break;
        out.recoveredAfter = bin.window.from - end;
    }
    if (!out.recoveredAfter || !recovered)
        out.recoveredAfter.reset();
    for (const auto& c : g.components()) {
        double q = 0.0;
        for (size_t w = 0; w < nBins; ++w)
            q = std::max(q, r.windows[w].components[static_cast<size_t>(c.id)].queuePeak);
        out.queues.push_back({c.name, q});
    }
    std::sort(out.queues.begin(), out.queues.end(), [](const SpikeQueue& x, const SpikeQueue& y) { return x.peak > y.peak; });

    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "retry storm at %s users: goodput %s/s before, %s/s during the burst, %s/s in the last minute",
                  io::groupThousands(users).c_str(), io::groupThousands(std::round(goodBefore)).c_str(),
                  io::groupThousands(std::round(goodDuring)).c_str(), io::groupThousands(std::round(goodLast)).c_str());
    out.why = buffer;
    if (recovered)
        out.why += "; back to its state before " + seconds(out.recoveredAfter.value_or(0.0)) + " after the burst: survives";
    else
        out.why += "; stays collapsed after the burst ended (" + percent(r.windows[last].errorRate) +
                   " errors): a metastable failure, does not survive";
    return out;
}

}  // namespace headroom::roadmap
