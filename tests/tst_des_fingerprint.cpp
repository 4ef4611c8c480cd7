// The simulator's fingerprint (after OMNeT++'s fingerprint tests): a hash of
// every event a replication executes, (time, kind, target) in the order they
// run, plus a hash of the replication's figures, for replication 0 of each
// preset in architectures/ at two loads (as written, 1,000 users, below every
// knee; and about twice the knee the preset's own comments give) and of two
// small models that reach what the presets do not (failure and recovery, an
// open load profile, FCFS, queue consumers, a rate limit, retries, replicas
// and shards, every balancing policy).
//
// The expected values were computed on the code before the simulator was
// split into modules (commit ae1b687 plus the trace hook) and must not change
// when code only moves: a refactoring that changes one event's time, kind or
// target, or one bit of one figure, changes the hash. A change that is meant
// to change behaviour updates the table in the same commit and says why.
// HEADROOM_FINGERPRINT_PRINT=1 prints the table as found.
//
// Short horizons (a few simulated seconds) keep the whole test to a few
// seconds of CPU.

#include "des/simulation.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <QtTest>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

using namespace headroom;

namespace {

// FNV-1a, 64 bits, over the bytes of each value (doubles by bit pattern).
class Fnv {
public:
    void bytes(const void* data, std::size_t n)
    {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) {
            hash_ ^= p[i];
            hash_ *= 0x100000001b3ull;
        }
    }
    void add(double x)
    {
        std::uint64_t bits;
        std::memcpy(&bits, &x, sizeof bits);
        bytes(&bits, sizeof bits);
    }
    void add(std::uint32_t x) { bytes(&x, sizeof x); }
    void add(std::uint64_t x) { bytes(&x, sizeof x); }
    [[nodiscard]] std::uint64_t value() const { return hash_; }

private:
    std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

struct Fingerprint {
    std::uint64_t events = 0;
    std::uint64_t eventHash = 0;
    std::uint64_t resultHash = 0;
};

std::uint64_t hashResult(const des::ReplicationResult& r)
{
    Fnv h;
    for (double x : {r.warmup, r.duration, r.issued, r.completed, r.rejected, r.timedOut, r.meanResponse, r.throughput,
                     r.errorRate})
        h.add(x);
    h.add(r.events);
    h.add(static_cast<std::uint32_t>(r.saturated) | static_cast<std::uint32_t>(r.hitFrameCap) << 1 |
          static_cast<std::uint32_t>(r.warmupReliable) << 2);
    h.add(r.responseSketch.count());
    if (r.responseSketch.count() > 0)
        for (double q : {0.5, 0.95, 0.99})
            h.add(r.responseSketch.quantile(q));
    for (const auto& c : r.components)
        for (double x : {c.utilization, c.throughput, c.responseTime, c.queueLength, c.rejected, c.timeouts, c.retries,
                         c.poolBusy, c.poolWaitFraction, c.hitRatio, c.consumerLag, c.visits})
            h.add(x);
    for (double u : r.hostUtilization)
        h.add(u);
    for (const auto& w : r.windows) {
        for (double x : {w.issued, w.completed, w.rejected, w.timedOut, w.unfinished})
            h.add(x);
        for (double u : w.hostUtilization)
            h.add(u);
        for (const auto& c : w.components)
            for (double x : {c.queueLength, c.queuePeak, c.rejected, c.timeouts})
                h.add(x);
    }
    return h.value();
}

std::set<std::uint32_t> kindsSeen;  // over all cases

Fingerprint fingerprint(const graph::Graph& graph, double horizon)
{
    des::RunConfig config;
    config.seed = 12;
    config.replications = 1;
    config.horizon = horizon;
    // A window over the middle of the run: window edges and per-window figures are part of the print.
    config.windows.push_back(stats::TimeWindow{horizon * 0.25, horizon * 0.75});
    des::Simulation simulation(graph, config, 0);
    Fnv events;
    std::uint64_t count = 0;
    simulation.setTrace([&](double time, std::uint32_t kind, std::uint32_t target) {
        events.add(time);
        events.add(kind);
        events.add(target);
        kindsSeen.insert(kind);
        ++count;
    });
    const des::ReplicationResult result = simulation.run();
    return Fingerprint{count, events.value(), hashResult(result)};
}

struct Case {
    const char* name;     // preset file (architectures/) or a model below
    double users;         // 0: as written
    double horizon;       // simulated seconds
    Fingerprint expected;
};

// Failure (instance 1 of app dies at 4 s, comes back at 7 s), FCFS, a visit
// with no work at all (flags), a pool
// with a waiting room, timeouts and retries, a cache miss path, a queue with
// consumers, a rate-limited external API, replicas and skewed shards, and an
// open load profile (a step and a ramp).
const char* const kFailureModel = R"(
name: fingerprint failure
workload:
  arrival_rate: 120/s
  profile:
    - {at: 3s, arrival_rate: 300/s}
    - {at: 6s, arrival_rate: 60/s, ramp: 2s}
components:
  - {id: lb, kind: load_balancer, cores: 1, demand: 200us, distribution: deterministic, policy: round_robin, calls: [{to: app}]}
  - id: app
    cores: 2
    instances: 3
    threads: 6
    max_queue: 20
    demand: 9ms
    discipline: fcfs
    timeout: 120ms
    retries: {max: 2, backoff: 10ms}
    failure: {at: 4s, recover_after: 3s, instance: 1}
    calls: [{to: cache}, {to: jobs, visits: 0.5}, {to: api, visits: 0.3}, {to: flags, visits: 0.2}]
  - {id: cache, kind: cache, cores: 1, demand: 300us, hit_ratio: 60%, on_miss: db}
  - {id: db, kind: database, cores: 1, connections: 4, demand: 4ms, replicas: 1, shards: 2, skew: {hot_fraction: 50%, hot_share: 80%}, timeout: 80ms, retries: {max: 1, backoff: 5ms}}
  - {id: jobs, kind: queue, cores: 1, demand: 400us, threads: 2, max_queue: 30, calls: [{to: worker}]}
  - {id: worker, cores: 2, demand: 25ms}
  - {id: api, kind: external, latency: 40ms, rate_limit: 20/s}
  - {id: flags, cores: 1, demand: 0ms}
)";

// Closed users with a profile and two classes, power of two choices and
// least connections balancing, a CDN in front.
const char* const kClosedModel = R"(
name: fingerprint closed
workload:
  users: 300
  think_time: 500ms
  profile:
    - {at: 2s, users: 600, ramp: 1s}
    - {at: 5s, users: 100}
  mix:
    - {class: page, share: 0.7}
    - {class: static, share: 0.3, entry: cdn}
components:
  - {id: cdn, kind: cdn, latency: 10ms, hit_ratio: 90%, on_miss: lb}
  - {id: lb, kind: load_balancer, cores: 1, demand: 100us, policy: power_of_two, calls: [{to: app}]}
  - {id: app, cores: 2, instances: 4, threads: 8, demand: 6ms, distribution: {lognormal: {cv: 1.5}}, calls: [{to: db, visits: 2}, {to: lb2, visits: 0.5}]}
  - {id: lb2, kind: load_balancer, cores: 1, instances: 2, demand: 100us, policy: least_connections, calls: [{to: search}]}
  - {id: search, cores: 1, instances: 3, demand: 8ms, distribution: {erlang: {k: 4}}}
  - {id: db, kind: database, cores: 4, connections: 10, demand: 2ms, discipline: fcfs}
)";

graph::Graph load(const Case& c)
{
    const std::string name = c.name;
    if (name == "failure")
        return graph::build(io::loadString(kFailureModel, "failure.yaml"));
    if (name == "closed")
        return graph::build(io::loadString(kClosedModel, "closed.yaml"));
    spec::Architecture architecture = io::loadFile(std::string(HEADROOM_SOURCE_DIR) + "/architectures/" + name);
    if (c.users > 0)
        architecture.workload.users = c.users;
    return graph::build(architecture);
}

// Heavy loads: about twice the knee each preset's header comment derives.
const std::vector<Case> kCases = {
    // clang-format off
    {"01-monolith.yaml", 0, 60, {33890u, 0xb94d5fce1ade580aull, 0x70563b6f1f40fbf4ull}},
    {"01-monolith.yaml", 3000, 30, {39300u, 0xa4c8fc1c95307af0ull, 0x9f3107df9cef8bc7ull}},
    {"02-split-database.yaml", 0, 60, {33681u, 0x5e7856f02f6e060eull, 0xc22edfa4be30127full}},
    {"02-split-database.yaml", 3500, 30, {48359u, 0x0d6d4a0faf14f77full, 0xe5347c07bb62f1c1ull}},
    {"03-load-balancer.yaml", 0, 60, {41038u, 0x964fb81d54fb7c70ull, 0xb451a5e7bb06707dull}},
    {"03-load-balancer.yaml", 7000, 20, {88269u, 0x611b7c202081a841ull, 0x8f241030fab1e73eull}},
    {"04-cache.yaml", 0, 60, {42749u, 0x1df9c295d2ad51a8ull, 0x10c962fcfa77ddf3ull}},
    {"04-cache.yaml", 10000, 15, {99595u, 0xef8a05a0586171f3ull, 0x5a142d0984a71effull}},
    {"05-cdn.yaml", 0, 60, {40971u, 0x6658d586303d82bbull, 0xfc55c84318529911ull}},
    {"05-cdn.yaml", 25000, 10, {153503u, 0xf2e163421923c71bull, 0xd5c92820eea459daull}},
    {"06-read-replicas.yaml", 0, 60, {40974u, 0x9990d08dac83779bull, 0xe827cb4e962b5137ull}},
    {"06-read-replicas.yaml", 35000, 8, {171817u, 0xda37fc60f9f43d51ull, 0x8434ac5b05898f96ull}},
    {"07-shards.yaml", 0, 60, {40090u, 0xe99184c31d807564ull, 0x07a275e1e75c10feull}},
    {"07-shards.yaml", 65000, 6, {233618u, 0xf9c88dac56c34a8dull, 0x9992869c75ae33d5ull}},
    {"08-queue-workers.yaml", 0, 60, {41998u, 0x3cbc0c23373d2cddull, 0x761ab1522254e1ecull}},
    {"08-queue-workers.yaml", 140000, 4, {340514u, 0xfb33902225589f09ull, 0xbd30ee4dbf9823caull}},
    {"failure", 0, 20, {19740u, 0xca27d4fc50be95a4ull, 0x4cf40d85b29ba988ull}},
    {"closed", 0, 12, {15141u, 0x275e7c11d31e44b6ull, 0xbe005cdb0008ba89ull}},
    // clang-format on
};

}  // namespace

class TestDesFingerprint : public QObject {
    Q_OBJECT

private slots:
    void unchanged_data()
    {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < kCases.size(); ++i) {
            const auto& c = kCases[i];
            QTest::newRow(qPrintable(QString("%1 @ %2").arg(c.name).arg(c.users > 0 ? QString::number(c.users) : "as written")))
                << static_cast<int>(i);
        }
    }

    void unchanged()
    {
        QFETCH(int, index);
        const Case& c = kCases[static_cast<std::size_t>(index)];
        const Fingerprint found = fingerprint(load(c), c.horizon);
        if (std::getenv("HEADROOM_FINGERPRINT_PRINT"))
            std::printf("    {\"%s\", %g, %g, {%lluu, 0x%016llxull, 0x%016llxull}},\n", c.name, c.users, c.horizon,
                        static_cast<unsigned long long>(found.events), static_cast<unsigned long long>(found.eventHash),
                        static_cast<unsigned long long>(found.resultHash));
        // Enough events that the print means something (a model that stopped at once would pass trivially).
        QVERIFY2(found.events > 1000, qPrintable(QString::number(found.events)));
        QCOMPARE(found.events, c.expected.events);
        QCOMPARE(found.eventHash, c.expected.eventHash);
        QCOMPARE(found.resultHash, c.expected.resultHash);
    }

    void casesCoverEveryEventKind()
    {
        // The cases above reach all 14 kinds of event the simulator had when
        // the print was taken (think end, open arrival, PS and FCFS
        // completion, delay end, timeout, backoff end, resume, grant,
        // snapshot, population step, failure, recovery, window edge).
        QString seen;
        for (auto k : kindsSeen)
            seen += QString::number(k) + " ";
        QVERIFY2(kindsSeen.size() >= 14, qPrintable(seen));
    }

    void traceSeesEveryEvent()
    {
        // The trace is called once per executed event: its count is the engine's.
        const Case& c = kCases.front();
        des::RunConfig config;
        config.replications = 1;
        config.horizon = 5;
        const auto graph = load(c);
        des::Simulation simulation(graph, config, 0);
        std::uint64_t count = 0;
        double last = 0.0;
        bool ordered = true;
        simulation.setTrace([&](double time, std::uint32_t, std::uint32_t) {
            ordered = ordered && time >= last;
            last = time;
            ++count;
        });
        const auto result = simulation.run();
        QCOMPARE(count, result.events);
        QVERIFY(ordered);
    }
};

QTEST_GUILESS_MAIN(TestDesFingerprint)
#include "tst_des_fingerprint.moc"
