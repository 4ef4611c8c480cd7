// Cache dynamics (issue 17): a cache played key by key (des/key_cache.h,
// RunConfig::keyedCaches). Its steady state must be Che's approximation, the
// analytic answer the rest of Headroom uses (graph::lruHitRatio); after a
// flush the hit ratio must climb back along the curve the key population
// predicts; coalescing, TTL jitter and serve-stale must do what they say.
#include "des/key_cache.h"
#include "des/run.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <QtTest>

#include <cmath>
#include <filesystem>

using namespace headroom;

namespace {

// Zipf(s) popularity of ranks 1..keys, normalised (the theory's p_i).
std::vector<double> zipf(int keys, double s)
{
    std::vector<double> p(static_cast<std::size_t>(keys));
    double sum = 0;
    for (int i = 0; i < keys; ++i)
        sum += p[static_cast<std::size_t>(i)] = std::pow(i + 1.0, -s);
    for (double& x : p)
        x /= sum;
    return p;
}

// Mean over [a, b) seconds after a flush of the hit ratio of an emptied cache
// whose capacity does not bind yet. Key i is requested as a Poisson stream of
// rate lambda p_i and is present from its first request after the flush on
// (it refills then), so a request at t hits with probability
// sum_i p_i (1 - e^{-lambda p_i t}); averaged over the window, per key:
// p_i - (e^{-lambda p_i a} - e^{-lambda p_i b}) / (lambda (b - a)).
double hitAfterFlush(const std::vector<double>& p, double lambda, double a, double b)
{
    double hit = 0;
    for (double x : p)
        hit += x - (std::exp(-lambda * x * a) - std::exp(-lambda * x * b)) / (lambda * (b - a));
    return hit;
}

double windowHit(const stats::WindowComponent& c) { return c.lookups > 0 ? 1.0 - c.misses / c.lookups : 0.0; }

}  // namespace

class TestDesCacheKeys : public QObject {
    Q_OBJECT
private slots:
    void keyedCacheBehaviour()
    {
        des::KeyedCacheParameters p;
        p.keys = 100;
        p.capacity = 2;
        p.zipf = 1.0;
        p.ttl = 10.0;
        p.ttlJitter = 0.5;
        p.coalesce = true;
        des::KeyedCache cache(p);
        using L = des::KeyedCache::Lookup;
        // Coalescing: one fetch in flight per key, the next lookup waits for it.
        QCOMPARE(cache.lookup(7, 0.0), L::Miss);
        QCOMPARE(cache.lookup(7, 0.0), L::Coalesced);
        cache.wait(7, 42, 1);
        const auto waiters = cache.filled(7, 1.0, 0.0);  // u = 0: TTL = 10 x (1 - 0.5) = 5 s
        QCOMPARE(waiters.size(), size_t(1));
        QCOMPARE(waiters[0].first, 42);
        QCOMPARE(cache.lookup(7, 5.9), L::Hit);   // expires at 1 + 5 = 6 s
        QCOMPARE(cache.lookup(7, 6.1), L::Miss);  // expired: fetched again
        cache.filled(7, 6.1, 0.999999);           // u -> 1: TTL 15 s
        QCOMPARE(cache.lookup(7, 21.0), L::Hit);
        // LRU of 2: 7 was used last, 3 then 5 evicts the least recent (7 after 3 is touched).
        QCOMPARE(cache.lookup(3, 21.0), L::Miss);
        cache.filled(3, 21.0, 0.5);
        QCOMPARE(cache.lookup(3, 21.0), L::Hit);
        QCOMPARE(cache.lookup(5, 21.0), L::Miss);
        cache.filled(5, 21.0, 0.5);
        QCOMPARE(cache.size(), size_t(2));
        QCOMPARE(cache.lookup(3, 21.0), L::Hit);
        QCOMPARE(cache.lookup(7, 21.0), L::Miss);  // evicted
        // A failed fetch fills nothing and hands its waiters back.
        QCOMPARE(cache.lookup(9, 22.0), L::Miss);
        QCOMPARE(cache.lookup(9, 22.0), L::Coalesced);
        cache.wait(9, 43, 2);
        QCOMPARE(cache.fetchFailed(9).size(), size_t(1));
        QVERIFY(!cache.fetching(9));
        // A flush empties it.
        cache.flush();
        QCOMPARE(cache.size(), size_t(0));

        // Serve stale: an expired entry is served while the first caller refreshes it.
        des::KeyedCacheParameters s = p;
        s.coalesce = false;
        s.serveStale = true;
        s.ttlJitter = 0.0;
        des::KeyedCache stale(s);
        QCOMPARE(stale.lookup(1, 0.0), L::Miss);
        stale.filled(1, 0.0, 0.5);
        QCOMPARE(stale.lookup(1, 11.0), L::Miss);  // expired: this caller refreshes
        QCOMPARE(stale.lookup(1, 11.0), L::Hit);   // the others get the stale entry
        stale.filled(1, 11.5, 0.5);
        QCOMPARE(stale.lookup(1, 12.0), L::Hit);

        // Synchronised expiry: with jitter j every entry expires within 2 j ttl.
        des::KeyedCacheParameters e;
        e.keys = 1000;
        e.capacity = 1000;
        e.ttl = 100.0;
        e.ttlJitter = 0.1;
        des::KeyedCache together(e);
        for (int k = 0; k < 1000; ++k) {
            together.lookup(k, 0.0);
            together.filled(k, 0.0, 0.5);
        }
        des::RandomStream r(1, 2, 3);
        together.expireTogether(50.0, r);
        int alive10 = 0, alive20 = 0;
        for (int k = 0; k < 1000; ++k) {
            alive10 += together.lookup(k, 60.0) == L::Hit ? 1 : 0;  // 10 s of a 20 s spread: about half left
        }
        QVERIFY2(alive10 > 400 && alive10 < 600, QByteArray::number(alive10));
        for (int k = 0; k < 1000; ++k)
            alive20 += together.lookup(k, 70.5) == L::Hit ? 1 : 0;
        QCOMPARE(alive20, 0);
    }

    void samplingFollowsZipf()
    {
        // Inverse-CDF draws: the share of rank 1 and of the top 10 against p_i.
        des::KeyedCacheParameters p;
        p.keys = 1e6;
        p.capacity = 0;
        p.zipf = 1.05;
        des::KeyedCache cache(p);
        const auto pi = zipf(1000000, 1.05);
        des::RandomStream r(3, 1, 0);
        const int n = 400000;
        int first = 0, top10 = 0;
        for (int k = 0; k < n; ++k) {
            const auto key = cache.sampleKey(r.uniform());
            first += key == 0 ? 1 : 0;
            top10 += key < 10 ? 1 : 0;
        }
        double p10 = 0;
        for (int i = 0; i < 10; ++i)
            p10 += pi[static_cast<std::size_t>(i)];
        QVERIFY(std::abs(cache.probability(0) - pi[0]) < 1e-12);
        // Binomial: sd = sqrt(p (1 - p) / n) ~ 0.0004 and 0.0008; 5 sd.
        QVERIFY2(std::abs(first / double(n) - pi[0]) < 0.002, QByteArray::number(first / double(n)));
        QVERIFY2(std::abs(top10 / double(n) - p10) < 0.004, QByteArray::number(top10 / double(n)));
    }

    // The acceptance: on the presets whose cache hit ratio is Che's LRU
    // answer, the simulated steady state is it within 1 point. (07 and 08
    // hold 75% and 150% of the keys: there the 12 h TTL binds before the LRU
    // does, and graph's TTL shortcut — an expire-after-access window of
    // users/think_time x ttl requests — is not the simulated expire-after-
    // write at the cache's own lookup rate: reported below, not compared.)
    void steadyStateIsChe()
    {
        const std::filesystem::path dir = std::filesystem::path(HEADROOM_SOURCE_DIR) / "architectures";
        int checked = 0;
        for (const char* name : {"04-cache.yaml", "05-cdn.yaml", "06-read-replicas.yaml"}) {
            const auto spec = io::loadFile((dir / name).string());
            const auto g = graph::build(spec);
            des::RunConfig config;
            config.seed = 11;
            config.replications = 2;
            config.horizon = 200.0;
            config.warmup = 0.0;  // the cache starts in its stationary state
            config.keyedCaches = true;
            const auto r = des::run(g, config);
            for (const auto& c : g.components()) {
                if (!c.keyedCache)
                    continue;
                // The analytic answer: Che's characteristic time for the LRU (the
                // presets' 12 h TTL is longer than it, so the TTL does not bind).
                const double che = graph::lruHitRatio(*c.keyedCache->keys, *c.keyedCache->capacity, c.keyedCache->zipf);
                QCOMPARE(c.hitRatio, che);  // the graph's steady ratio is that one
                const auto& measured = r.components[static_cast<std::size_t>(c.id)].hitRatio;
                QVERIFY(measured.has_value());
                // 1 point: the acceptance. Sampling error of ~10^5 lookups is ~0.1 point;
                // Che's approximation itself is within ~0.1 point of an LRU at 10^6 keys.
                QVERIFY2(std::abs(*measured - che) < 0.01,
                         (std::string(name) + ": simulated " + std::to_string(*measured) + " vs Che " + std::to_string(che)).c_str());
                ++checked;
            }
        }
        QCOMPARE(checked, 3);
        for (const char* name : {"07-shards.yaml", "08-queue-workers.yaml"}) {
            const auto g = graph::build(io::loadFile((dir / name).string()));
            des::RunConfig config;
            config.seed = 11;
            config.replications = 1;
            config.horizon = 100.0;
            config.warmup = 0.0;
            config.keyedCaches = true;
            const auto r = des::run(g, config);
            for (const auto& c : g.components())
                if (c.keyedCache)
                    qInfo("%s: TTL binds: simulated %.4f, graph's TTL shortcut %.4f", name,
                          r.components[static_cast<std::size_t>(c.id)].hitRatio.value_or(-1), c.hitRatio);
        }
    }

    // After a flush, the hit ratio climbs back along the curve of the key
    // population (hitAfterFlush, derived above), window by window.
    void recoveryAfterFlushFollowsTheKeyPopulation()
    {
        const auto g = graph::build(io::loadString(R"(
name: flush
workload:
  arrival_rate: 2000/s
components:
  - {id: cache, kind: cache, cores: 64, demand: 10us, distribution: deterministic,
     hit_ratio: {keys: 1e6, capacity: 2.5e5, zipf: 1.05}, on_miss: db}
  - {id: db, kind: database, cores: 64, demand: 100us, distribution: deterministic}
)",
                                                   "flush.yaml"));
        const double flush = 40.0;
        des::RunConfig config;
        config.seed = 3;
        config.replications = 3;
        config.horizon = flush + 60.0;
        config.warmup = 0.0;
        config.keyedCaches = true;
        config.cacheFlushes = {flush};
        const std::vector<std::pair<double, double>> after = {{0, 0.5}, {0.5, 1}, {1, 2}, {2, 5}, {5, 10}, {10, 30}, {30, 60}};
        config.windows.push_back({5.0, flush});  // before: the steady state
        for (const auto& [a, b] : after)
            config.windows.push_back({flush + a, flush + b});
        const auto r = des::run(g, config);
        const auto p = zipf(1000000, 1.05);
        const double che = graph::lruHitRatio(1e6, 2.5e5, 1.05);
        const double before = windowHit(r.windows[0].components[0]);
        QVERIFY2(std::abs(before - che) < 0.01, QByteArray::number(before));
        for (std::size_t k = 0; k < after.size(); ++k) {
            const auto [a, b] = after[k];
            // Occupancy sum_i (1 - e^{-lambda p_i t}) at 60 s is ~42,000 keys < 250,000: capacity does not bind.
            const double expected = hitAfterFlush(p, 2000.0, a, b);
            const double measured = windowHit(r.windows[k + 1].components[0]);
            // 2 points: 3 replications x 2000/s x 0.5 s = 3,000 lookups in the first window
            // (binomial sd 0.9 point); the 0.1 ms fetch fills a little later than the theory's instant refill.
            QVERIFY2(std::abs(measured - expected) < 0.02, (std::to_string(a) + "-" + std::to_string(b) + " s: simulated " +
                                                            std::to_string(measured) + " vs " + std::to_string(expected))
                                                               .c_str());
        }
        // The flush costs something: the first half second is far below the steady state.
        QVERIFY(windowHit(r.windows[1].components[0]) < che - 0.3);
    }
};

QTEST_GUILESS_MAIN(TestDesCacheKeys)
#include "tst_des_cache_keys.moc"
