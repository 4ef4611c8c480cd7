// What the simulator models beyond product-form theory, each with a test
// that fails without the feature: pools held across calls (a slow database
// with a small connection pool exhausts the app's threads), timeouts with
// retries (offered load rises), load-balancing policies (round robin beats
// random on p95), caches (90% hits cut database load ~10x), queues with
// consumers (the caller does not wait; consumer lag is the M/M/c wait),
// rate limits, a CDN's edge latency, failing instances, load profiles.
// Plus the run contract: same seed -> byte-identical JSON with 1 or 2
// threads, cancellation within 200 ms, bounded overload, the observer, and
// the `simulate` command.

#include "des/engine.h"
#include "des/run.h"
#include "graph/graph.h"
#include "io/loader.h"
#include "io/results_writer.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>

using namespace headroom;

namespace {

graph::Graph buildYaml(const std::string& yaml)
{
    return graph::build(io::loadString(yaml, "behaviour.yaml"));
}

stats::Results simulate(const std::string& yaml, double horizon = 300, int replications = 3, int threads = 0,
                        std::uint64_t seed = 7)
{
    des::RunConfig config;
    config.seed = seed;
    config.replications = replications;
    config.horizon = horizon;
    config.threads = threads;
    return des::run(buildYaml(yaml), config);
}

const stats::ComponentResult& component(const stats::Results& r, const std::string& name)
{
    for (const auto& c : r.components)
        if (c.name == name)
            return c;
    throw std::runtime_error("no component " + name);
}

QString describe(double a, double b)
{
    return QString("%1 vs %2").arg(a, 0, 'g', 5).arg(b, 0, 'g', 5);
}

// A web tier with a retry policy and a pool: used for determinism checks.
const char* const kRetryStorm = R"(
name: retry storm
workload: {arrival_rate: 60/s}
components:
  - {id: lb, kind: load_balancer, cores: 1, demand: 200us, policy: power_of_two, calls: [{to: app}]}
  - id: app
    cores: 2
    instances: 2
    threads: 10
    max_queue: 50
    demand: 12ms
    timeout: 150ms
    retries: {max: 2, backoff: 20ms}
    calls: [{to: cache}]
  - {id: cache, kind: cache, cores: 1, demand: 300us, hit_ratio: 70%, on_miss: db}
  - {id: db, kind: database, cores: 2, connections: 4, demand: 15ms, timeout: 100ms, retries: {max: 1, backoff: 10ms}}
)";

}  // namespace

class TestDesBehaviour : public QObject {
    Q_OBJECT

private slots:
    void slowDatabaseExhaustsAppThreads()
    {
        // Open 45/s -> app (8 cores, 5 ms CPU, 16 threads) -> db (50 ms).
        // With 2 db connections the db finishes at most 2/0.05 = 40/s < 45/s:
        // requests queue for connections WHILE HOLDING app threads, so the
        // app's 16 threads fill although its CPU is nearly idle (45 x 5 ms /
        // 8 cores = 3%). With an unlimited pool (8 cores: 160/s) the app holds
        // ~45 x 55 ms = 2.5 threads. Without layered queueing (threads given
        // back before the calls) the app's pool would stay near 45 x 5 ms =
        // 0.2 busy either way.
        const std::string base = R"(
name: pool exhaustion
workload: {arrival_rate: 45/s}
components:
  - {id: app, cores: 8, threads: 16, demand: 5ms, calls: [{to: db}]}
)";
        const auto small = simulate(base + "  - {id: db, kind: database, cores: 8, connections: 2, demand: 50ms}\n");
        const auto ample = simulate(base + "  - {id: db, kind: database, cores: 8, demand: 50ms}\n");
        const auto& appSmall = component(small, "app");
        const auto& appAmple = component(ample, "app");
        QVERIFY2(appSmall.poolBusy && *appSmall.poolBusy > 15.0, qPrintable(describe(appSmall.poolBusy.value_or(0), 15)));
        QVERIFY2(appAmple.poolBusy && *appAmple.poolBusy < 3.0, qPrintable(describe(appAmple.poolBusy.value_or(0), 3)));
        QVERIFY2(appSmall.poolWaitFraction.value_or(0) > 0.3, "arrivals should wait for app threads");
        QVERIFY2(appSmall.responseTime > 3.0 * appAmple.responseTime, qPrintable(describe(appSmall.responseTime, appAmple.responseTime)));
        QVERIFY(appSmall.utilization < 0.05);  // not a CPU problem
        QVERIFY(small.saturated);               // the pool is the breaking point
    }

    void timeoutsAndRetriesRaiseOfferedLoad()
    {
        // 50/s on one core with 15 ms (rho 0.75, R = 60 ms on average, often more).
        // A 50 ms timeout with two retries re-sends work that is still being
        // done (the abandoned attempt keeps its core): arrivals at the service
        // exceed the user rate and utilisation rises above 0.75.
        const std::string base = R"(
name: retries
workload: {arrival_rate: 50/s}
components:
  - {id: front, cores: 4, demand: 1ms, calls: [{to: svc}]}
)";
        const auto plain = simulate(base + "  - {id: svc, cores: 1, demand: 15ms}\n");
        const auto retrying = simulate(base + "  - {id: svc, cores: 1, demand: 15ms, timeout: 50ms, retries: {max: 2, backoff: 10ms}}\n");
        const auto& p = component(plain, "svc");
        const auto& q = component(retrying, "svc");
        expectNear(p.utilization, 0.75, 0.03);
        QVERIFY2(q.retries > 5.0, qPrintable(QString::number(q.retries)));
        QVERIFY2(q.timeouts > 5.0, qPrintable(QString::number(q.timeouts)));
        QVERIFY2(q.throughput > 1.2 * 50.0, qPrintable(describe(q.throughput, 60)));  // visits per second at svc
        QVERIFY2(q.utilization > 0.9, qPrintable(describe(q.utilization, 0.9)));
        QVERIFY(retrying.errorRate > plain.errorRate);
    }

    void roundRobinBeatsRandomOnP95()
    {
        // Four app instances at 85% behind a balancer: random splitting
        // leaves each a Poisson stream (M/M/1 per instance); round robin
        // gives each every fourth arrival (Erlang-4 gaps, far less variable),
        // so queues and the p95 shrink.
        auto yaml = [](const char* policy) {
            return std::string(R"(
name: policies
workload: {arrival_rate: 340/s}
components:
  - {id: lb, kind: load_balancer, cores: 2, demand: 100us, policy: )") + policy + R"(, calls: [{to: app}]}
  - {id: app, cores: 1, instances: 4, demand: 10ms, discipline: fcfs}
)";
        };
        const auto random = simulate(yaml("random"));
        const auto roundRobin = simulate(yaml("round_robin"));
        const auto leastConnections = simulate(yaml("least_connections"));
        const auto powerOfTwo = simulate(yaml("power_of_two"));
        QVERIFY2(*roundRobin.responseTime.p95 < 0.8 * *random.responseTime.p95,
                 qPrintable(describe(*roundRobin.responseTime.p95, *random.responseTime.p95)));
        // Load-aware policies do better still than random.
        QVERIFY(*leastConnections.responseTime.p95 < *random.responseTime.p95);
        QVERIFY(*powerOfTwo.responseTime.p95 < *random.responseTime.p95);
    }

    void cacheCutsDatabaseLoad()
    {
        // 100/s of reads at 6 ms each on a 1-core db: 60% busy. A cache with
        // 90% hits sends only the misses on (the caller calls on_miss), so the
        // db does a tenth of the work: ~6%.
        const auto direct = simulate(R"(
name: no cache
workload: {arrival_rate: 100/s}
components:
  - {id: app, cores: 4, demand: 2ms, calls: [{to: db}]}
  - {id: db, kind: database, cores: 1, demand: 6ms}
)");
        const auto cached = simulate(R"(
name: cache
workload: {arrival_rate: 100/s}
components:
  - {id: app, cores: 4, demand: 2ms, calls: [{to: cache}]}
  - {id: cache, kind: cache, cores: 1, demand: 200us, hit_ratio: 90%, on_miss: db}
  - {id: db, kind: database, cores: 1, demand: 6ms}
)");
        const double before = component(direct, "db").utilization;
        const double after = component(cached, "db").utilization;
        const double ratio = before / after;
        QVERIFY2(ratio > 8.0 && ratio < 12.5, qPrintable(describe(before, after)));
        expectNear(*component(cached, "cache").hitRatio, 0.9, 0.01);
        expectNear(component(cached, "db").throughput, 10.0, 0.1);
        QVERIFY(cached.responseTime.mean < direct.responseTime.mean);
    }

    void queueDecouplesCallerAndReportsLag()
    {
        // The app enqueues (0.5 ms) and answers; 2 consumers call a worker
        // (4 cores, 30 ms exponential). Consumers are an M/M/2 at a = 50 x
        // 0.03 = 1.5: Erlang C(2, 1.5) = 0.6429, lag Wq = C / (2/0.03 - 50) =
        // 38.6 ms. The user's response time stays ~ app + enqueue.
        const auto r = simulate(R"(
name: queue
workload: {arrival_rate: 50/s}
components:
  - {id: app, cores: 2, demand: 2ms, calls: [{to: jobs}]}
  - {id: jobs, kind: queue, cores: 1, demand: 500us, threads: 2, calls: [{to: worker}]}
  - {id: worker, cores: 4, demand: 30ms}
)", 600, 4);
        QVERIFY2(r.responseTime.mean < 0.006, qPrintable(QString::number(r.responseTime.mean)));
        const auto& jobs = component(r, "jobs");
        QVERIFY(jobs.consumerLag);
        expectNear(*jobs.consumerLag, 0.6429 / (2.0 / 0.03 - 50.0), 0.08);
        // Mean messages waiting = lambda Wq (Little) = 1.93.
        expectNear(jobs.queueLength, 50.0 * 0.6429 / (2.0 / 0.03 - 50.0), 0.08);
        expectNear(component(r, "worker").throughput, 50.0, 0.03);
    }

    void externalRateLimitRejects()
    {
        // 100/s Poisson against an API allowing 50/s (token bucket of 1 s):
        // about half is refused.
        const auto r = simulate(R"(
name: external
workload: {arrival_rate: 100/s}
components:
  - {id: app, cores: 2, demand: 1ms, calls: [{to: api}]}
  - {id: api, kind: external, latency: 80ms, rate_limit: 50/s}
)");
        const auto& api = component(r, "api");
        expectNear(api.rejected, 50.0, 0.06);
        expectNear(r.errorRate, 0.5, 0.06);
        // Accepted calls take the 80 ms latency (exponential by default) + 1 ms.
        expectNear(r.responseTime.mean, 0.081, 0.05);
    }

    void cdnEdgeLatencyAndMisses()
    {
        // 80% of requests end at the edge after 20 ms; 20% also go to the
        // origin (1 core, 10 ms at 20/s: M/M/1 with rho 0.2 -> 12.5 ms).
        // Mean: 20 + 0.2 x 12.5 = 22.5 ms.
        const auto r = simulate(R"(
name: cdn
workload: {arrival_rate: 100/s}
components:
  - {id: edge, kind: cdn, latency: 20ms, distribution: deterministic, hit_ratio: 80%, on_miss: origin}
  - {id: origin, cores: 1, demand: 10ms}
)");
        expectNear(r.responseTime.mean, 0.0225, 0.03);
        expectNear(component(r, "origin").throughput, 20.0, 0.05);
    }

    void failingInstanceShiftsLoad()
    {
        // Two app instances behind round robin; instance 0 dies at 50 s and
        // never recovers: the survivor carries everything (rho 0.4 -> 0.8),
        // requests in flight on the dead one fail.
        const std::string yaml = R"(
name: failure
workload: {arrival_rate: 80/s}
components:
  - {id: lb, kind: load_balancer, cores: 1, demand: 100us, calls: [{to: app}]}
  - {id: app, cores: 1, instances: 2, demand: 10ms, discipline: fcfs)";
        const auto healthy = simulate(yaml + "}\n", 400);
        const auto failing = simulate(yaml + ", failure: {at: 50s}}\n", 400);
        // M/M/1 at 0.4: 16.7 ms; at 0.8: 50 ms.
        QVERIFY2(failing.responseTime.mean > 2.0 * healthy.responseTime.mean,
                 qPrintable(describe(failing.responseTime.mean, healthy.responseTime.mean)));
        QVERIFY(failing.errorRate < 0.01);
        QCOMPARE(healthy.errorRate, 0.0);
        // With recovery after 10 s the damage is brief.
        const auto recovering = simulate(yaml + ", failure: {at: 50s, recover_after: 10s}}\n", 400);
        QVERIFY(recovering.responseTime.mean < 0.5 * failing.responseTime.mean);
    }

    void loadProfileStepsAndRamps()
    {
        // Open profile: 50/s, a step to 100/s at 100 s, and a ramp back down
        // to 0 over [300 s, 400 s]. Expected completions over 0..400 s with
        // no warm-up deleted: 50 x 100 + 100 x 200 + 100 x 100 / 2 = 30,000
        // (Poisson: sd 173 -> 2% is > 3 sd), i.e. 75/s.
        des::RunConfig config;
        config.seed = 3;
        config.replications = 2;
        config.horizon = 400;
        config.warmup = 0.0;
        const auto r = des::run(buildYaml(R"(
name: profile
workload:
  arrival_rate: 50/s
  profile:
    - {at: 100s, arrival_rate: 100/s}
    - {at: 300s, arrival_rate: 0.001/s, ramp: 100s}
components:
  - {id: app, cores: 4, demand: 5ms}
)"), config);
        expectNear(r.throughput, 75.0, 0.02);
        // Closed: 100 users, then 300 from 200 s (think 1 s, ~2 ms service):
        // X = 100 (first half) then 300 (second half) -> 200/s on average.
        const auto c = des::run(buildYaml(R"(
name: closed profile
workload:
  users: 100
  think_time: 1s
  profile:
    - {at: 200s, users: 300}
components:
  - {id: app, cores: 8, demand: 2ms}
)"), config);
        expectNear(c.throughput, 200.0 * 1.0 / 1.002, 0.03);
    }

    void replicasAndShardsSpreadLoad()
    {
        // 150/s reads of 5 ms. One copy: 75% busy. Primary + 2 replicas:
        // reads spread evenly -> each copy 25%, the db host averages 25%.
        // Writes stay on the primary: an all-write class leaves replicas idle.
        const auto reads = simulate(R"(
name: replicas
workload: {arrival_rate: 150/s}
components:
  - {id: app, cores: 4, demand: 1ms, calls: [{to: db}]}
  - {id: db, kind: database, cores: 1, demand: 5ms, replicas: 2}
)");
        expectNear(reads.hosts[1].utilization, 0.25, 0.05);
        const auto writes = simulate(R"(
name: replicas, writes
workload:
  arrival_rate: 150/s
  mix: [{class: write, share: 1, write: true}]
components:
  - {id: app, cores: 4, demand: 1ms, calls: [{to: db}]}
  - {id: db, kind: database, cores: 1, demand: 5ms, replicas: 2}
)");
        // All 0.75 of work on one of three copies: average 0.25 again, but
        // the primary is at 75%: response time M/M/1 at 0.75 = 20 ms + 1 ms.
        expectNear(writes.responseTime.mean, 0.021, 0.08);
        QVERIFY(reads.responseTime.mean < 0.5 * writes.responseTime.mean);
        // Shards with skew: 4 shards, 1 hot taking 70%: the hot shard runs at
        // 150 x 0.7 x 5 ms = 52.5%, cold ones at 12.5%.
        const auto sharded = simulate(R"(
name: shards
workload: {arrival_rate: 150/s}
components:
  - {id: app, cores: 4, demand: 1ms, calls: [{to: db}]}
  - {id: db, kind: database, cores: 1, demand: 5ms, shards: 4, skew: {hot_fraction: 25%, hot_share: 70%}}
)");
        // Mean R = 1 ms + 0.7 x 5/(1-0.525) + 0.3 x 5/(1-0.125) = 1 + 7.37 + 1.71 = 10.08 ms.
        expectNear(sharded.responseTime.mean, 0.01008, 0.05);
    }

    void sameSeedSameJsonWhateverThreads()
    {
        des::RunConfig config;
        config.seed = 99;
        config.replications = 4;
        config.horizon = 120;
        const auto graph = buildYaml(kRetryStorm);
        config.threads = 1;
        const auto one = des::run(graph, config);
        config.threads = 2;
        const auto two = des::run(graph, config);
        const auto again = des::run(graph, config);
        // wall_seconds is the one field that differs between runs.
        QCOMPARE(io::toJson(one, false), io::toJson(two, false));
        QCOMPARE(io::toJson(two, false), io::toJson(again, false));
        QVERIFY(component(one, "app").retries > 0.0);  // it is a storm
        config.seed = 100;
        const auto other = des::run(graph, config);
        QVERIFY(io::toJson(one, false) != io::toJson(other, false));
    }

    void cancelWithin200ms()
    {
        des::RunConfig config;
        config.horizon = 1e7;  // far more than can run
        config.replications = 2;
        std::atomic<bool> cancel{false};
        des::RunControl control;
        control.cancel = &cancel;
        std::atomic<int> progressCalls{0};
        control.progress = [&](const des::Progress&) { ++progressCalls; };
        const auto graph = buildYaml(kRetryStorm);
        std::chrono::steady_clock::time_point cancelledAt;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancelledAt = std::chrono::steady_clock::now();
            cancel = true;
        });
        const auto r = des::run(graph, config, control);
        const auto returnedAt = std::chrono::steady_clock::now();
        canceller.join();
        const auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(returnedAt - cancelledAt).count();
        QVERIFY2(delay < 200, qPrintable(QString("returned %1 ms after cancel").arg(delay)));
        QVERIFY(r.cancelled);
        QVERIFY(progressCalls > 0);
        QVERIFY(r.events > 0);
    }

    void overloadEndsSaturatedWithBoundedMemory()
    {
        // Twice the capacity, unlimited queue: the queue grows without bound,
        // so the run must stop admitting at the cap and say saturated.
        des::RunConfig config;
        config.replications = 2;
        config.horizon = 300;
        config.maxFramesInSystem = 5000;
        QElapsedTimer timer;
        timer.start();
        const auto r = des::run(buildYaml(R"(
name: overload
workload: {arrival_rate: 200/s}
components:
  - {id: app, cores: 1, demand: 10ms}
)"), config);
        QVERIFY(timer.elapsed() < 20000);
        QVERIFY(r.saturated);
        QVERIFY(!r.notes.empty());
        QVERIFY(std::isfinite(r.responseTime.mean));
        expectNear(r.throughput, 100.0, 0.03);  // the server still runs flat out
        // Closed overload: saturated, finite, no cap needed.
        config.maxFramesInSystem = 2'000'000;
        const auto closed = des::run(buildYaml(R"(
name: closed overload
workload: {users: 2000, think_time: 1s}
components:
  - {id: app, cores: 1, demand: 10ms}
)"), config);
        QVERIFY(closed.saturated);
        expectNear(closed.throughput, 100.0, 0.02);
        expectNear(closed.responseTime.mean, 2000.0 / 100.0 - 1.0, 0.05);  // N/X - Z
    }

    // Issue 14: every run ends. Ten million users with no think time on one
    // 10 ms core used to post one event per user (550 MB) and loop at t = 0
    // while the users past the frame cap re-sent; now the run ends in seconds
    // at the core's capacity, 1 / 10 ms = 100/s (5%: MSER warm-up on 60 s).
    void everyRunEnds()
    {
        des::RunConfig config;
        config.replications = 1;
        config.horizon = 60;
        QElapsedTimer timer;
        timer.start();
        const auto flood = des::run(buildYaml(R"(
name: ten million, no think time
workload: {users: 10000000, think_time: 0s}
components:
  - {id: app, cores: 1, demand: 10ms}
)"), config);
        QVERIFY2(timer.elapsed() < 30000, qPrintable(QString::number(timer.elapsed()) + " ms"));
        QVERIFY(flood.saturated);
        expectNear(flood.throughput, 100.0, 0.05);

        // Refused at once with no think time: a refused user waits for a
        // completion instead of re-sending at the same instant. The 10 threads
        // keep the core busy: 100/s completed (3%), the rest refused.
        const auto refused = des::run(buildYaml(R"(
name: refused at once
workload: {users: 1000, think_time: 0s}
components:
  - {id: app, cores: 1, demand: 10ms, threads: 10, max_queue: 0}
)"), config);
        expectNear(refused.throughput, 100.0, 0.03);
        QVERIFY(refused.errorRate > 0.0 && refused.errorRate < 1.0);

        // The event budget: M/M/1 at 80/s for 10^4 s is ~1.6 million events;
        // 10^5 stop it, reproducibly, marked partial and saturated with a note.
        config.horizon = 10000;
        config.maxEvents = 100000;
        const auto cut = des::run(buildYaml(R"(
name: cut short
workload: {arrival_rate: 80/s}
components:
  - {id: app, cores: 1, demand: 10ms}
)"), config);
        QVERIFY(cut.partial);
        QCOMPARE(QString::fromStdString(cut.stoppedBy), QStringLiteral("event_budget"));
        QVERIFY(cut.saturated);
        QVERIFY(cut.simulated > 0.0 && cut.simulated < config.horizon);
        QVERIFY(cut.events <= config.maxEvents + 8192);  // polled every 8,192 events
        QVERIFY(!cut.notes.empty() && cut.notes.back().rfind("stopped early", 0) == 0);
        QVERIFY(std::isfinite(cut.throughput) && std::isfinite(cut.responseTime.mean));
    }

    // A zero-time loop in the kernel itself: an event that posts itself at
    // the same instant forever ends at the instant limit.
    void frozenClockEnds()
    {
        des::Engine engine;
        engine.setInstantLimit(1000);
        engine.post(1.0, des::Event{0, 0, 0});
        const auto reason = engine.run(10.0, [&](const des::Event& e) { engine.post(engine.now(), e); });
        QVERIFY(reason == des::StopReason::FrozenClock);
        QCOMPARE(engine.now(), 1.0);
        QVERIFY(engine.eventsExecuted() <= 1002);
    }

    void observerSeesRequestLifecycle()
    {
        struct Counter final : des::Observer {
            int issued = 0, completed = 0, failed = 0, arrivals = 0, departures = 0, rejections = 0, timeouts = 0;
            double lastTime = 0.0;
            bool ordered = true;
            void onRequestEvent(const des::RequestEvent& e) override
            {
                ordered = ordered && e.time >= lastTime;
                lastTime = e.time;
                switch (e.kind) {
                case des::RequestEventKind::Issued: ++issued; break;
                case des::RequestEventKind::Completed: ++completed; break;
                case des::RequestEventKind::Failed: ++failed; break;
                case des::RequestEventKind::Arrival: ++arrivals; break;
                case des::RequestEventKind::Departure: ++departures; break;
                case des::RequestEventKind::Rejection: ++rejections; break;
                case des::RequestEventKind::Timeout: ++timeouts; break;
                }
            }
        } counter;
        des::RunConfig config;
        config.replications = 2;
        config.horizon = 60;
        des::RunControl control;
        control.observer = &counter;
        (void)des::run(buildYaml(kRetryStorm), config, control);
        QVERIFY(counter.ordered);
        QVERIFY(counter.issued > 2000);  // replication 0 only: ~60 x 60
        QVERIFY(counter.issued < 5000);
        // Everything issued ends, except what is in flight at the horizon.
        QVERIFY(counter.issued - counter.completed - counter.failed >= 0);
        QVERIFY(counter.issued - counter.completed - counter.failed < 200);
        QVERIFY(counter.arrivals >= counter.departures + counter.rejections);
        QVERIFY(counter.timeouts > 0);
    }

    void simulateCommand()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("mm1.yaml");
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("name: mm1\nworkload: {arrival_rate: 80/s}\ncomponents:\n  - {id: server, cores: 1, demand: 10ms}\n");
        }
        // Exit code checked by the caller; a crash or hang reads as exit -1.
        auto run = [&](const QStringList& args, int expectedExit) {
            QProcess process;
            process.start(HEADROOM_CLI, QStringList{"simulate"} + args);
            const bool finished = process.waitForFinished(60000);
            const int code = finished && process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
            if (code != expectedExit)
                qWarning() << "simulate" << args << "exit" << code << "expected" << expectedExit;
            return std::tuple{code == expectedExit, process.readAllStandardOutput(), process.readAllStandardError()};
        };
        QByteArray one, two;
        {
            const auto [ok, out, err] = run({file, "--format", "json", "--threads", "1", "--horizon", "100s", "--seed", "5"}, 0);
            QVERIFY(ok);
            one = out;
        }
        {
            const auto [ok, out, err] = run({file, "--format", "json", "--threads", "2", "--horizon", "100", "--seed", "5"}, 0);
            QVERIFY(ok);
            two = out;
        }
        // Byte-identical but for wall_seconds.
        auto dropWall = [](QByteArray json) {
            QList<QByteArray> kept;
            for (const auto& line : json.split('\n'))
                if (!line.contains("\"wall_seconds\""))
                    kept.push_back(line);
            return kept.join('\n');
        };
        QVERIFY(one.contains("\"events\": "));
        QVERIFY(one.contains("\"wall_seconds\": "));
        QVERIFY(one.contains("\"method\": \"des\""));
        QCOMPARE(dropWall(one), dropWall(two));
        {
            const auto [ok, out, err] = run({file, "--arrival-rate", "40/s", "--format", "csv", "--horizon", "50s"}, 0);
            QVERIFY(ok);
            QVERIFY(out.startsWith("scope,name,metric,value\n"));
            QVERIFY(out.contains("system,mm1,arrival_rate,40\n"));
        }
        {
            const auto [ok, out, err] = run({file, "--horizon", "50s", "--replications", "2"}, 0);
            QVERIFY(ok);
            QVERIFY(out.contains("response time: mean"));
        }
        // Bad input: exit 2 and one line.
        {
            const auto [ok, out, err] = run({file, "--horizon", "-3s"}, 2);
            QVERIFY(ok);
            QVERIFY(err.contains("error"));
        }
        {
            const auto [ok, out, err] = run({file, "--users", "10", "--arrival-rate", "5/s"}, 2);
            QVERIFY(ok);
            QVERIFY(err.contains("error"));
        }
        {
            const auto [ok, out, err] = run({file, "--warmup", "200s", "--horizon", "100s"}, 2);
            QVERIFY(ok);
            QCOMPARE(err.count('\n'), 1);
        }
        {
            const auto [ok, out, err] = run({dir.filePath("missing.yaml")}, 2);
            QVERIFY(ok);
            QVERIFY(err.contains("error"));
        }
    }

private:
    static void expectNear(double value, double expected, double relative)
    {
        QVERIFY2(std::fabs(value / expected - 1.0) <= relative,
                 qPrintable(QString("%1, expected %2 (within %3%)").arg(value, 0, 'g', 6).arg(expected, 0, 'g', 6).arg(relative * 100)));
    }
};

QTEST_GUILESS_MAIN(TestDesBehaviour)
#include "tst_des_behaviour.moc"
