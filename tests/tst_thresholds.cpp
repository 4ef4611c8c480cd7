// The threshold catalogue: each check fires exactly when its figure crosses
// its limit, and not otherwise. Results are built by hand (or by the analytic
// solver where the theory gives the number) so each test fails without its check.
#include "analytic/solver.h"
#include "graph/graph.h"
#include "io/loader.h"
#include "roadmap/thresholds.h"

#include <QtTest>

using namespace headroom;

namespace {

graph::Graph build(const std::string& yaml) { return graph::build(io::loadString(yaml, "test.yaml")); }

const stats::ThresholdCheck* find(const std::vector<stats::ThresholdCheck>& checks, const std::string& metric,
                                  const std::string& where) {
    for (const auto& c : checks) {
        if (c.metric == metric && c.where == where) return &c;
    }
    return nullptr;
}

// A blank result shaped like the graph (one entry per component and host).
stats::Results blank(const graph::Graph& g, double users) {
    stats::Results r;
    r.users = users;
    for (const auto& c : g.components()) {
        stats::ComponentResult cr;
        cr.name = c.name;
        r.components.push_back(cr);
    }
    for (const auto& h : g.hosts()) {
        stats::HostResult hr;
        hr.name = h.name;
        r.hosts.push_back(hr);
    }
    return r;
}

const char* kTwoTier = R"(
name: two tiers
workload: {users: 100, think_time: 10s}
slo: {p95: 300ms, p99: 1s, error_rate: 0.1%, utilization: 80%, cache_hit_ratio: 85%, budget_month: 500}
components:
  - {id: app, kind: service, cores: 2, cost_month: 100, threads: 2, demand: 10ms, calls: [{to: cache}]}
  - {id: cache, kind: cache, cores: 1, cost_month: 50, demand: 100us, hit_ratio: 80%, on_miss: db}
  - {id: db, kind: database, cores: 4, cost_month: 200, connections: 10, demand: 2ms,
     replicas: 1, data: {rows_per_user: 1000, index: false, base_rows: 1e5}}
)";

}  // namespace

class TestThresholds : public QObject {
    Q_OBJECT
private slots:
    void erlangCMatchesTheory() {
        // M/M/2 offered a = 1 Erlang: B(2,1) = (1/2)/(1+1+1/2) = 0.2,
        // C = B / (1 - rho(1 - B)) = 0.2 / (1 - 0.5 * 0.8) = 1/3 (Kleinrock vol. 1, 3.40).
        QVERIFY(std::abs(roadmap::erlangC(2, 1.0) - 1.0 / 3.0) < 1e-12);
        // M/M/1: C = rho.
        QVERIFY(std::abs(roadmap::erlangC(1, 0.7) - 0.7) < 1e-12);
        // Saturated pool: everyone waits. Large pool far from full: almost no one does.
        QCOMPARE(roadmap::erlangC(10, 10.0), 1.0);
        QVERIFY(roadmap::erlangC(1000, 500.0) < 1e-20);
        QVERIFY(std::isfinite(roadmap::erlangC(100000, 99000.0)));
    }

    void utilizationPerHost() {
        const auto g = build(kTwoTier);
        auto r = blank(g, 100);
        r.hosts[0].utilization = 0.79;
        r.hosts[2].utilization = 0.81;
        const auto checks = roadmap::checkThresholds(g, r);
        QVERIFY(find(checks, "utilization", "app")->ok);
        QVERIFY(!find(checks, "utilization", "db")->ok);
        QCOMPARE(find(checks, "utilization", "db")->limit, 0.8);
    }

    void replicaUtilizationFromTheUtilizationLaw() {
        const auto g = build(kTwoTier);
        auto r = blank(g, 10);
        // Reads spread over primary + 1 replica: each copy gets 20% misses x 2 ms / 2 = 0.2 ms per
        // request (no growth at 10 users: 1e4 rows < base 1e5). U = X * D / c = X * 0.0002 / 4.
        r.throughput = 15000;  // -> U = 0.75: holds
        auto checks = roadmap::checkThresholds(g, r);
        const auto* replica = find(checks, "utilization", "db/replica");
        QVERIFY(replica);
        QVERIFY(std::abs(replica->value - 0.75) < 1e-9);
        QVERIFY(replica->ok);
        r.throughput = 17000;  // U = 0.85: over
        checks = roadmap::checkThresholds(g, r);
        QVERIFY(!find(checks, "utilization", "db/replica")->ok);
    }

    void poolWaitMeasuredOrErlangC() {
        const auto g = build(kTwoTier);
        auto r = blank(g, 100);
        // Analytic: app has 2 threads; 100 visits/s x 10 ms holding = 1 Erlang -> C(2,1) = 1/3 > 5%.
        r.components[0].throughput = 100;
        r.components[0].responseTime = 0.010;
        auto checks = roadmap::checkThresholds(g, r);
        QVERIFY(std::abs(find(checks, "pool", "app")->value - 1.0 / 3.0) < 1e-9);
        QVERIFY(!find(checks, "pool", "app")->ok);
        // 1 visit/s x 10 ms = 0.01 Erlang: C(2, 0.01) ~ 5e-5, holds.
        r.components[0].throughput = 1;
        checks = roadmap::checkThresholds(g, r);
        QVERIFY(find(checks, "pool", "app")->ok);
        // The DES's measured share wins over the formula.
        r.components[0].poolWaitFraction = 0.06;
        checks = roadmap::checkThresholds(g, r);
        QCOMPARE(find(checks, "pool", "app")->value, 0.06);
        QVERIFY(!find(checks, "pool", "app")->ok);
    }

    void percentilesAndErrors() {
        const auto g = build(kTwoTier);
        auto r = blank(g, 100);
        r.responseTime.p95 = 0.29;
        r.responseTime.p99 = 1.2;
        r.errorRate = 0.002;
        const auto checks = roadmap::checkThresholds(g, r);
        QVERIFY(find(checks, "p95", "system")->ok);
        QVERIFY(!find(checks, "p99", "system")->ok);
        QVERIFY(!find(checks, "error_rate", "system")->ok);
        QVERIFY(!find(checks, "p99", "system")->why.empty());
    }

    void cacheHitRatioUnderTarget() {
        const auto g = build(kTwoTier);
        auto r = blank(g, 100);
        auto checks = roadmap::checkThresholds(g, r);
        QCOMPARE(find(checks, "cache_hit_ratio", "cache")->value, 0.8);  // from the file
        QVERIFY(!find(checks, "cache_hit_ratio", "cache")->ok);
        r.components[1].hitRatio = 0.9;  // as measured by a simulation
        checks = roadmap::checkThresholds(g, r);
        QVERIFY(find(checks, "cache_hit_ratio", "cache")->ok);
    }

    void queryTimeGrowsWithData() {
        const auto g = build(kTwoTier);
        // Unloaded request: app 10 ms + cache 0.1 ms + db 0.2 x 2 ms = 10.5 ms; db's share
        // 0.4/10.5 of the 300 ms p95 budget = 11.43 ms. Without an index the db demand grows
        // as rows/base = 1000 N / 1e5: 0.4 ms x N/100 > 11.43 ms when N > 2857.
        auto at = [&](double users) { return *find(roadmap::checkThresholds(g, blank(g, users)), "query_time", "db"); };
        QVERIFY(std::abs(at(2000).limit - 0.3 * 0.4 / 10.5) < 1e-12);
        QVERIFY(std::abs(at(2000).value - 0.0004 * 20) < 1e-12);
        QVERIFY(at(2800).ok);
        QVERIFY(!at(2900).ok);
    }

    void consumerLagWhenWorkersAreOffered() {
        const auto g = build(R"(
name: queue
workload: {users: 100, think_time: 10s}
components:
  - {id: app, kind: service, cores: 2, demand: 5ms, calls: [{to: q}]}
  - {id: q, kind: queue, cores: 1, demand: 100us, calls: [{to: worker}]}
  - {id: worker, kind: service, cores: 2, instances: 2, demand: 40ms}
)");
        auto r = blank(g, 100);
        // Offered load on the workers = X * 40 ms / (2 cores x 2 instances) = X / 100.
        r.throughput = 99;
        QVERIFY(find(roadmap::checkThresholds(g, r), "consumer_lag", "worker")->ok);
        r.throughput = 101;
        const auto checks = roadmap::checkThresholds(g, r);  // alive while `c` points into it (ASan)
        const auto* c = find(checks, "consumer_lag", "worker");
        QVERIFY(!c->ok);
        QVERIFY(std::abs(c->value - 1.01) < 1e-9);
    }

    void costOverBudget() {
        const auto g = build(kTwoTier);
        // Hosts: app 100 + cache 50 + db 200, plus one replica priced like the primary: 550 > 500.
        const auto checks = roadmap::checkThresholds(g, blank(g, 1));  // alive while `c` points into it (ASan)
        const auto* c = find(checks, "cost_month", "system");
        QVERIFY(c);
        QCOMPARE(c->value, 550.0);
        QVERIFY(!c->ok);
        QVERIFY(roadmap::isLoadIndependent(*c));
    }

    void analyticMonolithBreaksOnUtilisationNearHandEstimate() {
        // 01-monolith's hand estimate (its header): 18.8 ms of CPU per request on 4 cores;
        // 80% at X = 3.2 / 0.0188 = 170/s, N ~ X (Z + R) ~ 170 x 8.02 ~ 1,370 users.
        const auto g = graph::build(io::loadFile(std::string(HEADROOM_SOURCE_DIR) + "/architectures/01-monolith.yaml"));
        auto checks = roadmap::checkThresholds(g, analytic::solve(g, 1200));
        QVERIFY(find(checks, "utilization", "vm1")->ok);
        checks = roadmap::checkThresholds(g, analytic::solve(g, 1500));
        QVERIFY(!find(checks, "utilization", "vm1")->ok);
        for (const auto& c : checks) {
            QVERIFY(std::isfinite(c.value));
            QVERIFY(!c.why.empty());
        }
    }
};

QTEST_GUILESS_MAIN(TestThresholds)
#include "tst_thresholds.moc"
