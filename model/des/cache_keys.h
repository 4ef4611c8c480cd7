#pragma once
// Keyed caches in the simulation (issue 17: cache miss storms). With
// RunConfig::keyedCaches, every cache or CDN whose hit ratio is derived from
// a key population (and has at most KeyedCache::kMaxKeys keys) is played key
// by key (key_cache.h) instead of by its steady hit ratio: each lookup draws
// a key; a miss is fetched by the caller from `on_miss` and fills the entry
// when that call succeeds; with `coalesce` a lookup whose key is already
// being fetched waits for that fetch (the caller is parked, state Coalesced)
// and goes on as a hit when it lands (or fetches for itself if it failed).
//
// Events: kCacheFlush (RunConfig::cacheFlushes: every keyed cache emptied)
// and kCacheExpiry (RunConfig::cacheExpiries: every entry present expires
// together, spread by ttl_jitter), posted by start().

#include "des/key_cache.h"
#include "des/sim_types.h"

#include <memory>
#include <vector>

namespace headroom::des::sim {

template <class Sim>
class CacheKeys {
public:
    explicit CacheKeys(Sim& sim) : sim_(sim) {}

    /// Builds and warms the keyed caches; posts the flushes and expiries.
    void start(const graph::Graph& graph)
    {
        if (!sim_.config.keyedCaches)
            return;
        caches_.resize(graph.components().size());
        random_.resize(graph.components().size());
        bool any = false;
        for (const auto& c : graph.components()) {
            if (!c.keyedCache || !c.keyedCache->keys || !c.keyedCache->capacity || *c.keyedCache->keys > KeyedCache::kMaxKeys)
                continue;
            const spec::CacheModel& m = *c.keyedCache;
            KeyedCacheParameters p;
            p.keys = *m.keys;
            p.capacity = *m.capacity;
            p.zipf = m.zipf;
            p.ttl = m.ttl.value_or(0.0);
            p.ttlJitter = m.ttlJitter;
            p.coalesce = m.coalesce;
            p.serveStale = m.serveStale;
            const auto k = static_cast<std::size_t>(c.id);
            caches_[k] = std::make_unique<KeyedCache>(p);
            random_[k] = sim_.stream(streams::id(streams::Component::Keys, c.id));
            caches_[k]->warm(random_[k], 0.0);
            any = true;
        }
        if (!any)
            return;
        for (double t : sim_.config.cacheFlushes)
            sim_.engine.schedule(t, Event{kCacheFlush, 0, 0});
        for (double t : sim_.config.cacheExpiries)
            sim_.engine.schedule(t, Event{kCacheExpiry, 0, 0});
    }

    void handle(const Event& e)
    {
        for (std::size_t k = 0; k < caches_.size(); ++k) {
            if (!caches_[k])
                continue;
            if (e.kind == kCacheFlush)
                caches_[k]->flush();
            else
                caches_[k]->expireTogether(sim_.engine.now(), random_[k]);
        }
    }

    /// The keyed cache of component `c`, or nullptr (a steady hit ratio).
    [[nodiscard]] KeyedCache* of(std::int32_t c) const
    {
        const auto k = static_cast<std::size_t>(c);
        return k < caches_.size() ? caches_[k].get() : nullptr;
    }

    /// A lookup by cache visit `f`: a key drawn, hit, miss or coalesced.
    void lookup(Frame& f, ComponentModel& c, ComponentCounters& counts)
    {
        KeyedCache& cache = *of(f.component);
        const std::int64_t key = cache.sampleKey(c.branchRandom.uniform());
        f.key = static_cast<std::int32_t>(key);
        switch (cache.lookup(key, sim_.engine.now())) {
        case KeyedCache::Lookup::Hit: break;
        case KeyedCache::Lookup::Coalesced: f.flags |= kCoalesced; [[fallthrough]];
        case KeyedCache::Lookup::Miss:
            f.flags |= kMissed;
            ++counts.misses;
            break;
        }
    }

    /// The cache visit `f` answers its caller `caller`: the key goes with it.
    void answered(const Frame& f, Frame& caller)
    {
        if (f.key == kNone || !(f.flags & kMissed))
            return;
        caller.key = f.key;
        caller.keyCache = f.component;
        if (f.flags & kCoalesced)
            caller.flags |= kCoalesced;
    }

    /// A caller told of a coalesced miss waits for the fetch in flight.
    /// Returns false when it must fetch for itself (nothing in flight any more).
    bool park(std::int32_t callerId)
    {
        Frame& caller = sim_.frames[callerId];
        caller.flags = static_cast<std::uint8_t>(caller.flags & ~kCoalesced);
        KeyedCache& cache = *of(caller.keyCache);
        if (!cache.fetching(caller.key))
            return false;
        caller.state = FrameState::Coalesced;
        cache.wait(caller.key, callerId, caller.request);
        caller.key = kNone;
        caller.keyCache = kNone;
        return true;
    }

    /// Whether `callee` answering `caller` is the fetch of the caller's missed key.
    [[nodiscard]] bool isFetch(const Frame& caller, std::int32_t callee) const
    {
        return caller.keyCache != kNone && sim_.topology.component(caller.keyCache).onMiss == callee;
    }

    /// The fetch by `callerId` is over (`ok`: it fills the entry); the
    /// lookups that waited for it go on.
    void fetched(std::int32_t callerId, bool ok)
    {
        Frame& caller = sim_.frames[callerId];
        KeyedCache& cache = *of(caller.keyCache);
        const std::int32_t onMiss = sim_.topology.component(caller.keyCache).onMiss;
        const auto k = static_cast<std::size_t>(caller.keyCache);
        const std::int32_t key = caller.key;
        const auto waiters = ok ? cache.filled(key, sim_.engine.now(), random_[k].uniform()) : cache.fetchFailed(key);
        const std::int32_t cacheId = caller.keyCache;
        caller.key = kNone;
        caller.keyCache = kNone;
        for (const auto& [id, request] : waiters) {
            Frame& w = sim_.frames[id];
            if (w.state != FrameState::Coalesced || w.request != request)
                continue;  // gone meanwhile (its server failed)
            if (!ok) {  // fetch for itself
                w.pendingMiss = onMiss;
                w.key = key;
                w.keyCache = cacheId;
            }
            sim_.calls.advance(id);
        }
    }

private:
    Sim& sim_;
    std::vector<std::unique_ptr<KeyedCache>> caches_;
    std::vector<RandomStream> random_;
};

}  // namespace headroom::des::sim
