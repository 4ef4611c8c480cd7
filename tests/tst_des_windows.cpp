// Per-window figures of the simulator (RunConfig::windows), which the
// roadmap's spike scenario reads: requests counted by the window they were
// issued in, per-window utilisation and queue peaks, and nothing changed for
// a run that asks for no windows.
#include "des/run.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <QtTest>

#include <cmath>

using namespace headroom;

namespace {

graph::Graph buildYaml(const std::string& yaml) { return graph::build(io::loadString(yaml, "windows.yaml")); }

stats::Results simulate(const graph::Graph& g, double horizon, std::vector<stats::TimeWindow> windows, int replications = 3)
{
    des::RunConfig config;
    config.seed = 5;
    config.replications = replications;
    config.horizon = horizon;
    config.warmup = 0.0;
    config.windows = std::move(windows);
    return des::run(g, config);
}

// One M/M/1 FCFS station (10 ms), Poisson arrivals stepping from 50/s to 80/s at 200 s.
const char* kStep = R"(
name: step
workload:
  arrival_rate: 50/s
  profile:
    - {at: 200s, arrival_rate: 80/s}
components:
  - {id: cpu, kind: service, cores: 1, demand: 10ms, discipline: fcfs}
)";

}  // namespace

class TestDesWindows : public QObject {
    Q_OBJECT
private slots:
    void stepProfileIsSeenPerWindow()
    {
        const auto r = simulate(buildYaml(kStep), 400, {{20, 200}, {220, 400}, {0, 400}});
        QCOMPARE(r.windows.size(), size_t(3));
        const auto& low = r.windows[0];
        const auto& high = r.windows[1];
        // Utilisation law U = lambda S: 50/s x 10 ms = 0.5, then 80/s x 10 ms = 0.8.
        // Tolerance 0.04: 3 replications of 180 s, CI of a utilisation mean ~ +-0.02 at rho 0.8.
        QVERIFY2(std::abs(low.hostUtilization[0] - 0.5) < 0.04, QByteArray::number(low.hostUtilization[0]));
        QVERIFY2(std::abs(high.hostUtilization[0] - 0.8) < 0.04, QByteArray::number(high.hostUtilization[0]));
        // Issued per replication = lambda x width: 50 x 180 = 9,000 and 80 x 180 = 14,400;
        // Poisson, sd sqrt(9000)/sqrt(3) = 55 per mean of 3: 5% is > 8 sd.
        QVERIFY(std::abs(low.issued - 9000) < 450);
        QVERIFY(std::abs(high.issued - 14400) < 720);
        // M/M/1 FCFS response time is exponential with rate mu - lambda: p95 = ln(20) / (mu - lambda)
        // = 3.0 / 50 = 60 ms at rho 0.5, 3.0 / 20 = 150 ms at rho 0.8. 15%: percentile of
        // ~27k / 43k samples with autocorrelation near saturation, and the step's transient.
        QVERIFY2(low.p95 && std::abs(*low.p95 - 0.0599) < 0.15 * 0.0599, QByteArray::number(low.p95.value_or(-1)));
        QVERIFY2(high.p95 && std::abs(*high.p95 - 0.1498) < 0.15 * 0.1498, QByteArray::number(high.p95.value_or(-1)));
        // Every request issued in a window is accounted for exactly once.
        for (const auto& w : r.windows) {
            QCOMPARE(w.issued, w.completed + w.failed + w.unfinished);
            QCOMPARE(w.errorRate, 0.0);
        }
        // Overlapping windows: the whole run contains both halves' requests.
        QVERIFY(r.windows[2].issued >= low.issued + high.issued);
    }

    void peakQueueIsTheMostPresentAtOnce()
    {
        // Closed, no think time, deterministic demand on one PS core: every user is
        // always at the station, so the number present is exactly the population:
        // 5 until 50 s, then 12.
        const auto g = buildYaml(R"(
name: closed step
workload:
  users: 5
  think_time: 0s
  profile:
    - {at: 50s, users: 12}
components:
  - {id: cpu, kind: service, cores: 1, demand: 10ms, distribution: deterministic}
)");
        const auto r = simulate(g, 100, {{1, 49}, {51, 99}}, 1);
        QCOMPARE(r.windows[0].components[0].queuePeak, 5.0);
        QCOMPARE(r.windows[1].components[0].queuePeak, 12.0);
        // Mean present = population (Little, nobody thinks); utilisation 1.
        QVERIFY(std::abs(r.windows[0].components[0].queueLength - 5.0) < 1e-6);
        QVERIFY(std::abs(r.windows[1].components[0].queueLength - 12.0) < 1e-6);
        QVERIFY(std::abs(r.windows[1].hostUtilization[0] - 1.0) < 1e-9);
        // PS with 12 jobs of 10 ms: each takes 120 ms (deterministic, all in phase).
        QVERIFY(r.windows[1].p95 && std::abs(*r.windows[1].p95 - 0.120) < 0.120 * 0.01);
    }

    void overloadShowsRejectionsAndUnfinishedRequests()
    {
        // 150/s offered to a 100/s station that queues at most 20: rejections in the
        // window (about a third of the arrivals), and requests issued in the last
        // second are mostly still in flight at the end.
        const auto g = buildYaml(R"(
name: overload
workload: {arrival_rate: 150/s}
components:
  - {id: cpu, kind: service, cores: 1, demand: 10ms, max_queue: 20, discipline: fcfs}
)");
        const auto r = simulate(g, 60, {{10, 59}, {59, 60}});
        const auto& w = r.windows[0];
        // Lost share of an M/M/1/K with rho = 1.5, K = 21: ~ (rho-1)/rho = 1/3 for large K.
        QVERIFY2(std::abs(w.errorRate - 1.0 / 3.0) < 0.05, QByteArray::number(w.errorRate));
        QVERIFY(w.components[0].rejected > 40 && w.components[0].rejected < 60);  // ~50/s
        QVERIFY(w.components[0].queuePeak <= 21.0);
        QVERIFY(r.windows[1].unfinished > 0);
        QCOMPARE(r.windows[1].issued, r.windows[1].completed + r.windows[1].failed + r.windows[1].unfinished);
    }

    void noWindowsNoChange()
    {
        const auto g = buildYaml(kStep);
        const auto plain = simulate(g, 100, {});
        const auto windowed = simulate(g, 100, {{10, 90}});
        QVERIFY(plain.windows.empty());
        // Window edges are extra events but draw no random numbers: same requests, same answers.
        QCOMPARE(plain.throughput, windowed.throughput);
        QCOMPARE(*plain.responseTime.p95, *windowed.responseTime.p95);
    }
};

QTEST_GUILESS_MAIN(TestDesWindows)
#include "tst_des_windows.moc"
