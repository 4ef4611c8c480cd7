// The graph builder: routing (visit ratios), queueing stations, costs, data
// growth and the cache model. Expected values are derived by hand in the
// comments from the YAML of each case.

#include "graph/graph.h"
#include "io/loader.h"

#include <QtTest>

#include <cmath>

using namespace headroom;

namespace {

graph::Graph buildYaml(const std::string& yaml) { return graph::build(io::loadString(yaml, "test.yaml")); }

const graph::Station* findStation(const std::vector<graph::Station>& stations, const std::string& name) {
    for (const auto& s : stations) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

const char* kTiers = R"(
name: tiers
workload:
  users: 1000
  think_time: 10s
  mix:
    - {class: page, share: 0.8}
    - {class: write, share: 0.2, write: true}
hosts:
  - {id: vm1, cores: 4, instances: 2, cost_month: 80}
components:
  - id: lb
    kind: load_balancer
    cores: 2
    demand: 250us
    cost_month: 20
    calls: [{to: app}]
  - id: app
    host: vm1
    demand: {page: 12ms, write: 20ms}
    calls:
      - {to: cache, classes: [page]}
      - {to: db, classes: [write], visits: 2}
  - id: cache
    kind: cache
    cores: 1
    demand: 300us
    hit_ratio: 90%
    on_miss: db
  - id: db
    kind: database
    cores: 8
    demand: {page: 4ms, write: 10ms}
    replicas: 3
    cost_month: 200
    replica_cost_month: 150
)";

}  // namespace

class TestGraph : public QObject {
    Q_OBJECT

private slots:
    void idsAndHosts() {
        const auto g = buildYaml(kTiers);
        QCOMPARE(g.components().size(), size_t(4));
        QCOMPARE(g.classes().size(), size_t(2));
        // vm1 (shared) + own hosts of lb, cache, db.
        QCOMPARE(g.hosts().size(), size_t(4));
        QCOMPARE(*g.componentId("db"), 3);
        QCOMPARE(g.host(*g.hostId("vm1")).instances, 2);
        QCOMPARE(g.classes()[0].entry, *g.componentId("lb"));  // the one component nobody calls
        QVERIFY(g.warnings().empty());
    }

    void visitRatios() {
        const auto g = buildYaml(kTiers);
        const int page = *g.classId("page"), write = *g.classId("write");
        const int cache = *g.componentId("cache"), db = *g.componentId("db");
        // page: lb -> app -> cache (1 visit) -> miss 10% -> db: 0.1 visits.
        QCOMPARE(g.visits(page, cache), 1.0);
        QVERIFY(std::abs(g.visits(page, db) - 0.1) < 1e-12);
        // write: app -> db twice, never the cache.
        QCOMPARE(g.visits(write, cache), 0.0);
        QCOMPARE(g.visits(write, db), 2.0);
    }

    void stationsSpreadReadsOverReplicas() {
        const auto g = buildYaml(kTiers);
        const auto stations = g.stations(1000);
        const int page = *g.classId("page"), write = *g.classId("write");
        const auto* vm1 = findStation(stations, "vm1");
        QVERIFY(vm1);
        // Two instances share the app's work: 12 ms / 2 per page request.
        QCOMPARE(vm1->multiplicity, 2);
        QVERIFY(std::abs(vm1->demand[static_cast<size_t>(page)] - 0.006) < 1e-12);
        const auto* primary = findStation(stations, "db");
        const auto* replicas = findStation(stations, "db/replica");
        QVERIFY(primary && replicas);
        QCOMPARE(replicas->multiplicity, 3);
        // Reads: 0.1 visits x 4 ms spread over 4 copies = 0.1 ms each.
        QVERIFY(std::abs(primary->demand[static_cast<size_t>(page)] - 0.0001) < 1e-12);
        QVERIFY(std::abs(replicas->demand[static_cast<size_t>(page)] - 0.0001) < 1e-12);
        // Writes all on the primary: 2 visits x 10 ms.
        QVERIFY(std::abs(primary->demand[static_cast<size_t>(write)] - 0.020) < 1e-12);
        QCOMPARE(replicas->demand[static_cast<size_t>(write)], 0.0);
    }

    void cost() {
        const auto g = buildYaml(kTiers);
        // vm1 80 x 2 + lb 20 + cache 0 + db 200 + 3 replicas x 150 = 830.
        QCOMPARE(g.costMonth(), 830.0);
    }

    void shardsWithSkew() {
        const auto g = buildYaml(R"(
workload: {arrival_rate: 100/s}
components:
  - {id: app, demand: 1ms, calls: [db]}
  - id: db
    kind: database
    cores: 4
    demand: 10ms
    shards: 10
    skew: {hot_fraction: 20%, hot_share: 50%}
    cost_month: 100
)");
        const auto stations = g.stations(1);
        const auto* hot = findStation(stations, "db/shard-hot");
        const auto* cold = findStation(stations, "db/shard");
        QVERIFY(hot && cold);
        // 2 hot shards share half the traffic: 10 ms x 0.5 / 2 = 2.5 ms each;
        // 8 cold shards share the other half: 10 ms x 0.5 / 8 = 0.625 ms each.
        QCOMPARE(hot->multiplicity, 2);
        QCOMPARE(cold->multiplicity, 8);
        QVERIFY(std::abs(hot->demand[0] - 0.0025) < 1e-12);
        QVERIFY(std::abs(cold->demand[0] - 0.000625) < 1e-12);
        QCOMPARE(g.costMonth(), 1000.0);  // ten shard machines at 100
    }

    void asyncBehindQueue() {
        const auto g = buildYaml(R"(
workload: {users: 10, think_time: 1s}
components:
  - {id: app, demand: 5ms, calls: [jobs]}
  - {id: jobs, kind: queue, demand: 100us, calls: [worker]}
  - {id: worker, demand: 50ms, threads: 4, calls: [db]}
  - {id: db, kind: database, demand: 2ms}
)");
        const int jobs = *g.componentId("jobs"), worker = *g.componentId("worker"), db = *g.componentId("db");
        QCOMPARE(g.visits(0, jobs), 1.0);  // the enqueue is on the response path
        QCOMPARE(g.visits(0, worker), 0.0);
        QCOMPARE(g.asyncVisits(0, worker), 1.0);
        QCOMPARE(g.asyncVisits(0, db), 1.0);
        const auto stations = g.stations(10);
        QVERIFY(std::abs(findStation(stations, "worker")->asyncDemand[0] - 0.050) < 1e-12);
        QCOMPARE(findStation(stations, "worker")->demand[0], 0.0);
    }

    void cdnEntryAndDelay() {
        const auto g = buildYaml(R"(
workload:
  users: 100
  think_time: 5s
  entry: lb
  mix:
    - {class: page, share: 0.7}
    - {class: static, share: 0.3, entry: cdn}
components:
  - {id: cdn, kind: cdn, demand: 0s, hit_ratio: 95%, latency: 20ms, on_miss: lb}
  - {id: lb, kind: load_balancer, demand: 100us, calls: [app]}
  - {id: app, demand: 10ms}
)");
        const int page = *g.classId("page"), stat = *g.classId("static");
        const int cdn = *g.componentId("cdn"), app = *g.componentId("app");
        QCOMPARE(g.visits(page, cdn), 0.0);
        QCOMPARE(g.visits(stat, cdn), 1.0);
        QVERIFY(std::abs(g.visits(stat, app) - 0.05) < 1e-12);  // misses only
        const auto stations = g.stations(100);  // findStation points into this vector
        const auto* edge = findStation(stations, "cdn/edge");
        QVERIFY(edge);
        QCOMPARE(edge->servers, 0);  // a pure delay
        QVERIFY(std::abs(edge->demand[static_cast<size_t>(stat)] - 0.020) < 1e-12);
    }

    void dataGrowth() {
        const auto g = buildYaml(R"(
workload: {users: 10, think_time: 1s}
components:
  - {id: app, demand: 1ms, calls: [indexed, scan]}
  - {id: indexed, kind: database, demand: 1ms, data: {rows_per_user: 1000, index: true, base_rows: 1024}}
  - {id: scan, kind: database, demand: 1ms, data: {rows_per_user: 1000, index: false, base_rows: 1000}}
)");
        const int indexed = *g.componentId("indexed"), scan = *g.componentId("scan");
        // Below the base size the measured demand holds.
        QCOMPARE(g.demand(indexed, 0, 1), 0.001);
        // 1,048,576 rows = 2^20 vs 2^10 measured: B-tree depth doubles -> 2 ms.
        QVERIFY(std::abs(g.demand(indexed, 0, 1048.576) - 0.002) < 1e-12);
        // A scan grows linearly: 100 users x 1000 rows = 100x the base -> 100 ms.
        QVERIFY(std::abs(g.demand(scan, 0, 100) - 0.100) < 1e-12);
    }

    void cheApproximation() {
        // Uniform popularity (zipf 0): Che gives exactly hit = C/N.
        QVERIFY(std::abs(graph::lruHitRatio(1e5, 2e4, 0.0) - 0.2) < 1e-6);
        QCOMPARE(graph::lruHitRatio(100, 200, 0.9), 1.0);
        QCOMPARE(graph::lruHitRatio(100, 0, 0.9), 0.0);
        // Against a direct (unbinned) evaluation of Che's formula for 20,000 keys.
        const double n = 20000, c = 2000, s = 0.9;
        std::vector<double> p(static_cast<size_t>(n));
        double norm = 0;
        for (size_t i = 0; i < p.size(); ++i) norm += (p[i] = std::pow(double(i + 1), -s));
        for (auto& x : p) x /= norm;
        double lo = 0, hi = 1e9;
        for (int it = 0; it < 200; ++it) {
            const double t = (lo + hi) / 2;
            double occ = 0;
            for (double x : p) occ += 1 - std::exp(-x * t);
            (occ < c ? lo : hi) = t;
        }
        double hit = 0;
        for (double x : p) hit += x * (1 - std::exp(-x * lo));
        // Binning beyond the first 1000 keys changes the sum by far less than 1e-4.
        QVERIFY2(std::abs(graph::lruHitRatio(n, c, s) - hit) < 1e-4,
                 qPrintable(QString("binned %1 vs direct %2").arg(graph::lruHitRatio(n, c, s)).arg(hit)));
        QVERIFY(hit > 0.5 && hit < 0.9);  // a 10% cache of Zipf(0.9) keys catches most requests
    }

    void unreachableIsWarning() {
        const auto g = buildYaml(R"(
workload: {arrival_rate: 10/s}
components:
  - {id: app, demand: 1ms}
  - {id: orphan, demand: 1ms}
)");
        QCOMPARE(g.warnings().size(), size_t(1));
        QVERIFY(g.warnings()[0].message.find("never called") != std::string::npos);
        QCOMPARE(g.warnings()[0].where.line, 5);
    }

    void errorsNameTheKey_data() {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cycle") << "workload: {arrival_rate: 1/s}\ncomponents:\n  - {id: a, calls: [b]}\n"
                                  "  - {id: b, calls: [{to: a}]}\n"
                               << "test.yaml:4:21: error: cycle of calls: a -> b -> a";
        QTest::newRow("both loads") << "workload: {users: 5, arrival_rate: 1/s}\ncomponents: [{id: a}]\n"
                                    << "test.yaml:1:22: error: workload sets both";
        QTest::newRow("shares") << "workload:\n  users: 5\n  mix:\n    - {class: a, share: 0.5}\n"
                                   "    - {class: b, share: 0.3}\ncomponents: [{id: a}]\n"
                                << "test.yaml:3:3: error: mix shares sum to 0.8, not 1";
        QTest::newRow("unknown class") << "workload: {users: 5}\ncomponents:\n  - {id: a, demand: {pages: 1ms}}\n"
                                       << "error: unknown class 'pages'";
        QTest::newRow("sharded on shared host")
            << "workload: {users: 5}\nhosts: [{id: vm}]\ncomponents:\n  - {id: d, kind: database, host: vm, shards: 2}\n"
            << "test.yaml:4:39: error: database 'd' is sharded";
        QTest::newRow("policy on service") << "workload: {users: 5}\ncomponents:\n  - {id: a, policy: random}\n"
                                           << "test.yaml:3:13: error: 'policy' applies to load_balancer";
        QTest::newRow("cache without ratio") << "workload: {users: 5}\ncomponents:\n  - {id: c, kind: cache}\n"
                                             << "test.yaml:3:5: error: cache 'c' needs 'hit_ratio:'";
    }
    void errorsNameTheKey() {
        QFETCH(QString, yaml);
        QFETCH(QString, expected);
        try {
            (void)buildYaml(yaml.toStdString());
            QFAIL("expected an InputError");
        } catch (const spec::InputError& e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestGraph)
#include "tst_graph.moc"
