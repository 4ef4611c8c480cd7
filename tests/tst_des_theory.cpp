// The discrete-event simulator against exact queueing theory, on every
// event-list implementation. Each model is written as YAML (as a user
// would), built with graph::build and run with des::run; each expected
// value is computed here from its formula, with the source in a comment.
//
// Acceptance rule (issue 3): the DES mean must contain the theoretical value
// in its 95% confidence interval across replications, or be within 2% of
// it. So that a wide interval cannot pass a wrong model, every interval
// must also be narrow (half width <= 8% of the value).

#include "des/run.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace headroom;

Q_DECLARE_METATYPE(headroom::des::EventListKind)

namespace {

graph::Graph buildYaml(const std::string& yaml)
{
    return graph::build(io::loadString(yaml, "theory.yaml"));
}

stats::Results simulate(const std::string& yaml, des::EventListKind kind, double horizon, int replications = 5)
{
    des::RunConfig config;
    config.seed = 2024;
    config.replications = replications;
    config.horizon = horizon;
    config.eventList = kind;
    return des::run(buildYaml(yaml), config);
}

// The acceptance rule above, with a readable message.
void expectMean(const char* what, double value, const std::optional<stats::Interval>& ci, double theory)
{
    const bool inInterval = ci && ci->low <= theory && theory <= ci->high;
    const bool close = std::fabs(value / theory - 1.0) <= 0.02;
    const QString message = QString("%1: DES %2 [%3, %4], theory %5")
                                .arg(what)
                                .arg(value, 0, 'g', 6)
                                .arg(ci ? ci->low : std::nan(""), 0, 'g', 6)
                                .arg(ci ? ci->high : std::nan(""), 0, 'g', 6)
                                .arg(theory, 0, 'g', 6);
    QVERIFY2(inInterval || close, qPrintable(message));
    if (ci)
        QVERIFY2((ci->high - ci->low) / 2.0 <= 0.08 * std::fabs(theory), qPrintable("interval too wide: " + message));
}

// For figures without an interval (throughput, blocking): relative tolerance.
void expectClose(const char* what, double value, double theory, double tolerance)
{
    QVERIFY2(std::fabs(value / theory - 1.0) <= tolerance,
             qPrintable(QString("%1: DES %2, theory %3 (tolerance %4%)")
                            .arg(what)
                            .arg(value, 0, 'g', 6)
                            .arg(theory, 0, 'g', 6)
                            .arg(tolerance * 100)));
}

double factorial(int n)
{
    double f = 1.0;
    for (int i = 2; i <= n; ++i)
        f *= i;
    return f;
}

// Erlang C: probability of waiting in M/M/c with offered load a = lambda S
// (Kleinrock, Queueing Systems vol. 1, eq. 3.40).
double erlangC(int c, double a)
{
    double sum = 0.0;
    for (int k = 0; k < c; ++k)
        sum += std::pow(a, k) / factorial(k);
    const double top = std::pow(a, c) / factorial(c) * c / (c - a);
    return top / (sum + top);
}

// Exact solution of a closed single-class product-form network: think time
// Z (infinite server) and stations with D_k seconds of demand per request on
// c_k servers (rate min(n, c_k)); by convolution (Buzen 1973 with
// load-dependent stations), in log space so thousands of users do not
// overflow. Returns throughput X(N).
struct ClosedStation {
    double demand;
    int servers;
};
double closedThroughput(const std::vector<ClosedStation>& stations, double thinkTime, int users)
{
    const auto n = static_cast<std::size_t>(users);
    const double minusInf = -std::numeric_limits<double>::infinity();
    auto logAdd = [](double a, double b) {
        if (a == -std::numeric_limits<double>::infinity())
            return b;
        if (b == -std::numeric_limits<double>::infinity())
            return a;
        const double m = std::max(a, b);
        return m + std::log(std::exp(a - m) + std::exp(b - m));
    };
    // log f for the delay station: log(Z^j / j!).
    std::vector<double> logG(n + 1);
    for (std::size_t j = 0; j <= n; ++j)
        logG[j] = j * std::log(thinkTime) - std::lgamma(static_cast<double>(j) + 1.0);
    for (const auto& s : stations) {
        std::vector<double> logF(n + 1, 0.0);
        for (std::size_t j = 1; j <= n; ++j)
            logF[j] = logF[j - 1] + std::log(s.demand) - std::log(std::min<double>(static_cast<double>(j), s.servers));
        std::vector<double> next(n + 1, minusInf);
        for (std::size_t total = 0; total <= n; ++total)
            for (std::size_t j = 0; j <= total; ++j)
                next[total] = logAdd(next[total], logF[j] + logG[total - j]);
        logG = next;
    }
    return std::exp(logG[n - 1] - logG[n]);  // X(N) = G(N-1) / G(N)
}

void addEventListRows()
{
    QTest::addColumn<des::EventListKind>("kind");
    QTest::newRow("quaternary_heap") << des::EventListKind::QuaternaryHeap;
    QTest::newRow("binary_heap") << des::EventListKind::BinaryHeap;
    QTest::newRow("pairing_heap") << des::EventListKind::PairingHeap;
}

}  // namespace

class TestDesTheory : public QObject {
    Q_OBJECT

private slots:
    void closedSolverSelfCheck()
    {
        // One user: no queueing, R = sum of demands; X = 1 / (Z + D).
        const double x = closedThroughput({{0.01, 4}, {0.02, 1}}, 1.0, 1);
        QVERIFY(std::fabs(x - 1.0 / 1.03) < 1e-12);
        // Many users past saturation: X -> min(c_k / D_k) = 1 / 0.02 = 50/s.
        QVERIFY(std::fabs(closedThroughput({{0.01, 4}, {0.02, 1}}, 1.0, 2000) - 50.0) < 1e-6);
    }

    void mm1_data() { addEventListRows(); }
    void mm1()
    {
        QFETCH(des::EventListKind, kind);
        // M/M/1 FCFS, lambda = 800/s, S = 1 ms, rho = 0.8:
        // R = S / (1 - rho) = 5 ms; the response time is exponential with rate
        // mu - lambda = 200/s, so p95 = ln(20)/200 = 14.98 ms, p99 = ln(100)/200 = 23.03 ms
        // (Kleinrock vol. 1, sec. 3.2).
        const auto r = simulate(R"(
name: mm1
workload: {arrival_rate: 800/s}
components:
  - {id: server, cores: 1, demand: 1ms, discipline: fcfs}
)", kind, 300);
        expectMean("M/M/1 response time", r.responseTime.mean, r.responseTime.ci95, 0.005);
        expectMean("M/M/1 utilisation", r.hosts[0].utilization, r.hosts[0].ci95, 0.8);
        expectClose("M/M/1 throughput", r.throughput, 800.0, 0.01);
        // Percentiles: sketch error 0.5% plus sampling; 3% for p95, 5% for the rarer p99.
        expectClose("M/M/1 p95", *r.responseTime.p95, std::log(20.0) / 200.0, 0.03);
        expectClose("M/M/1 p99", *r.responseTime.p99, std::log(100.0) / 200.0, 0.05);
        // Little's law at the station: L = lambda R = 4.
        expectClose("M/M/1 queue length", r.components[0].queueLength, 4.0, 0.05);
        QVERIFY(!r.saturated);
    }

    void mm1ProcessorSharing_data() { addEventListRows(); }
    void mm1ProcessorSharing()
    {
        QFETCH(des::EventListKind, kind);
        // M/M/1-PS has the same mean as FCFS: R = S / (1 - rho) = 10 ms / 0.25 = 40 ms
        // at lambda = 75/s, S = 10 ms (Kleinrock vol. 2, sec. 4.4).
        const auto r = simulate(R"(
name: mm1 ps
workload: {arrival_rate: 75/s}
components:
  - {id: server, cores: 1, demand: 10ms, discipline: ps}
)", kind, 2000);
        expectMean("M/M/1-PS response time", r.responseTime.mean, r.responseTime.ci95, 0.040);
    }

    void mmc_data() { addEventListRows(); }
    void mmc()
    {
        QFETCH(des::EventListKind, kind);
        // M/M/4, lambda = 320/s, S = 10 ms: a = 3.2, rho = 0.8.
        // Erlang C: P(wait) = C(4, 3.2) = 0.5964; Wq = C / (c mu - lambda) = C / 80;
        // R = Wq + S = 17.45 ms (Kleinrock vol. 1, eq. 3.40-3.43).
        const double c = erlangC(4, 3.2);
        QVERIFY(std::fabs(c - 0.5964) < 1e-3);  // the formula itself, against tables
        const double theory = c / 80.0 + 0.010;
        const auto r = simulate(R"(
name: mmc
workload: {arrival_rate: 320/s}
components:
  - {id: server, cores: 4, demand: 10ms, discipline: fcfs}
)", kind, 300);
        expectMean("M/M/4 response time", r.responseTime.mean, r.responseTime.ci95, theory);
        expectMean("M/M/4 utilisation", r.hosts[0].utilization, r.hosts[0].ci95, 0.8);
    }

    void mmck_data()
    {
        QTest::addColumn<des::EventListKind>("kind");
        QTest::addColumn<bool>("pool");
        for (bool pool : {true, false}) {
            const char* how = pool ? "threads" : "max_queue only";
            QTest::newRow(qPrintable(QString("quaternary_heap, %1").arg(how))) << des::EventListKind::QuaternaryHeap << pool;
            QTest::newRow(qPrintable(QString("binary_heap, %1").arg(how))) << des::EventListKind::BinaryHeap << pool;
            QTest::newRow(qPrintable(QString("pairing_heap, %1").arg(how))) << des::EventListKind::PairingHeap << pool;
        }
    }
    void mmck()
    {
        QFETCH(des::EventListKind, kind);
        QFETCH(bool, pool);
        // M/M/2/5 in overload: lambda = 250/s, S = 10 ms, a = 2.5. With
        // p_n = p0 a^n / n! (n <= 2), p0 a^n / (2! 2^(n-2)) (2 < n <= 5):
        // blocking P_5, throughput lambda (1 - P_5), R = L / throughput
        // (Gross & Harris, Fundamentals of Queueing Theory, sec. 2.5).
        const int c = 2, k = 5;
        const double a = 2.5;
        std::vector<double> p(k + 1);
        for (int n = 0; n <= k; ++n)
            p[static_cast<std::size_t>(n)] = n <= c ? std::pow(a, n) / factorial(n) : std::pow(a, n) / (factorial(c) * std::pow(c, n - c));
        double total = 0.0, mean = 0.0;
        for (int n = 0; n <= k; ++n)
            total += p[static_cast<std::size_t>(n)];
        for (int n = 0; n <= k; ++n)
            mean += n * p[static_cast<std::size_t>(n)] / total;
        const double blocking = p[k] / total;
        const double accepted = 250.0 * (1.0 - blocking);
        const double response = mean / accepted;
        const std::string component = pool ? "{id: server, cores: 2, threads: 2, max_queue: 3, demand: 10ms, discipline: fcfs}"
                                           : "{id: server, cores: 2, max_queue: 3, demand: 10ms, discipline: fcfs}";
        const auto r = simulate("name: mmck\nworkload: {arrival_rate: 250/s}\ncomponents:\n  - " + component + "\n", kind, 300);
        // Blocking is a proportion of ~75k arrivals per replication: 2%.
        expectClose("M/M/2/5 blocking probability", r.errorRate, blocking, 0.02);
        expectMean("M/M/2/5 response time", r.responseTime.mean, r.responseTime.ci95, response);
        expectClose("M/M/2/5 throughput", r.throughput, accepted, 0.01);
    }

    void md1_data() { addEventListRows(); }
    void md1()
    {
        QFETCH(des::EventListKind, kind);
        // M/D/1, lambda = 80/s, S = 10 ms, rho = 0.8. Pollaczek-Khinchine:
        // Wq = rho S (1 + cs^2) / (2 (1 - rho)) with cs = 0: 20 ms; R = 30 ms
        // (Kleinrock vol. 1, eq. 5.73).
        const auto r = simulate(R"(
name: md1
workload: {arrival_rate: 80/s}
components:
  - {id: server, cores: 1, demand: 10ms, discipline: fcfs, distribution: deterministic}
)", kind, 1000);
        expectMean("M/D/1 response time", r.responseTime.mean, r.responseTime.ci95, 0.030);
    }

    void jacksonBehindRandomBalancer_data() { addEventListRows(); }
    void jacksonBehindRandomBalancer()
    {
        QFETCH(des::EventListKind, kind);
        // Open Jackson network (Jackson 1963): Poisson 200/s -> lb (1 core, 1 ms)
        // -> random choice of 3 app instances (1 core, 10 ms each; a random
        // split of a Poisson stream is Poisson: 66.7/s each) -> db (1 core, 3 ms).
        // Each station is an M/M/1 with R_k = S_k / (1 - rho_k):
        //   lb 1/(1-0.2) = 1.25 ms, app 10/(1-2/3) = 30 ms, db 3/(1-0.6) = 7.5 ms
        // and the response time is their sum: 38.75 ms.
        const auto r = simulate(R"(
name: jackson
workload: {arrival_rate: 200/s}
components:
  - {id: lb, kind: load_balancer, cores: 1, demand: 1ms, policy: random, calls: [{to: app}]}
  - {id: app, cores: 1, instances: 3, demand: 10ms, calls: [{to: db}]}
  - {id: db, kind: database, cores: 1, demand: 3ms}
)", kind, 600);
        expectMean("Jackson response time", r.responseTime.mean, r.responseTime.ci95, 0.03875);
        expectMean("Jackson app utilisation", r.hosts[1].utilization, r.hosts[1].ci95, 2.0 / 3.0);
        expectMean("Jackson db utilisation", r.hosts[2].utilization, r.hosts[2].ci95, 0.6);
        // Per-visit response time at app includes its db call: 30 + 7.5 ms.
        expectClose("Jackson app visit time", r.components[1].responseTime, 0.0375, 0.04);
    }

    void closedTwoTiers_data()
    {
        QTest::addColumn<des::EventListKind>("kind");
        QTest::addColumn<int>("users");
        for (int users : {100, 200, 300})
            for (auto [name, kind] : {std::pair{"quaternary_heap", des::EventListKind::QuaternaryHeap},
                                      std::pair{"binary_heap", des::EventListKind::BinaryHeap},
                                      std::pair{"pairing_heap", des::EventListKind::PairingHeap}})
                QTest::newRow(qPrintable(QString("%1 users, %2").arg(users).arg(name))) << kind << users;
    }
    void closedTwoTiers()
    {
        QFETCH(des::EventListKind, kind);
        QFETCH(int, users);
        // Interactive users (Z = 1 s) -> app (4 cores PS, 10 ms) -> 2 calls to
        // db (2 cores PS, 5 ms each): D_app = D_db = 10 ms per request. The
        // bottleneck bound X <= min(4/0.01, 2/0.01) = 200/s and the knee
        // N* = (Z + D) X_max = 204 users: 100 is below, 200 at, 300 past it.
        // Exact values from the convolution above (product form: PS stations).
        const double x = closedThroughput({{0.010, 4}, {0.010, 2}}, 1.0, users);
        const double response = users / x - 1.0;  // response time law
        const auto r = simulate("name: two tiers\nworkload: {users: " + std::to_string(users) + R"(, think_time: 1s}
components:
  - {id: app, cores: 4, demand: 10ms, calls: [{to: db, visits: 2}]}
  - {id: db, cores: 2, demand: 5ms}
)", kind, 400);
        expectMean("closed 2-tier response time", r.responseTime.mean, r.responseTime.ci95, response);
        expectClose("closed 2-tier throughput", r.throughput, x, 0.02);
        expectMean("closed 2-tier db utilisation", r.hosts[1].utilization, r.hosts[1].ci95, x * 0.010 / 2);
        expectMean("closed 2-tier app utilisation", r.hosts[0].utilization, r.hosts[0].ci95, x * 0.010 / 4);
    }

    void closedThreeTiers_data()
    {
        QTest::addColumn<des::EventListKind>("kind");
        QTest::addColumn<int>("users");
        for (int users : {40, 87, 150})
            for (auto [name, kind] : {std::pair{"quaternary_heap", des::EventListKind::QuaternaryHeap},
                                      std::pair{"binary_heap", des::EventListKind::BinaryHeap},
                                      std::pair{"pairing_heap", des::EventListKind::PairingHeap}})
                QTest::newRow(qPrintable(QString("%1 users, %2").arg(users).arg(name))) << kind << users;
    }
    void closedThreeTiers()
    {
        QFETCH(des::EventListKind, kind);
        QFETCH(int, users);
        // Z = 0.5 s -> web (2 cores, 4 ms) -> app (4 cores, 12 ms) -> db
        // (1 core, 4 ms a visit, 1.5 visits: floor 1 + Bernoulli(0.5), D = 6 ms).
        // X_max = min(2/0.004, 4/0.012, 1/0.006) = 166.7/s; N* = (0.5 + 0.022)
        // 166.7 = 87 users: 40 below, 87 at, 150 past the knee.
        const double x = closedThroughput({{0.004, 2}, {0.012, 4}, {0.006, 1}}, 0.5, users);
        const double response = users / x - 0.5;
        const auto r = simulate("name: three tiers\nworkload: {users: " + std::to_string(users) + R"(, think_time: 500ms}
components:
  - {id: web, cores: 2, demand: 4ms, calls: [{to: app}]}
  - {id: app, cores: 4, demand: 12ms, calls: [{to: db, visits: 1.5}]}
  - {id: db, kind: database, cores: 1, demand: 4ms}
)", kind, 400);
        expectMean("closed 3-tier response time", r.responseTime.mean, r.responseTime.ci95, response);
        expectClose("closed 3-tier throughput", r.throughput, x, 0.02);
        expectMean("closed 3-tier db utilisation", r.hosts[2].utilization, r.hosts[2].ci95, x * 0.006);
        expectMean("closed 3-tier web utilisation", r.hosts[0].utilization, r.hosts[0].ci95, x * 0.004 / 2);
    }

    void sameResultsOnEveryEventList()
    {
        // (time, priority, sequence) is a total order, so every list runs the
        // same events in the same order: identical figures, not just close.
        const std::string yaml = R"(
name: lists
workload: {users: 150, think_time: 500ms}
components:
  - {id: web, cores: 2, demand: 4ms, calls: [{to: app}]}
  - {id: app, cores: 4, demand: 12ms, threads: 20, timeout: 200ms, retries: {max: 1, backoff: 10ms}, calls: [{to: db, visits: 1.5}]}
  - {id: db, kind: database, cores: 1, demand: 4ms, connections: 3}
)";
        const auto a = simulate(yaml, des::EventListKind::QuaternaryHeap, 60, 2);
        const auto b = simulate(yaml, des::EventListKind::BinaryHeap, 60, 2);
        const auto c = simulate(yaml, des::EventListKind::PairingHeap, 60, 2);
        QCOMPARE(a.events, b.events);
        QCOMPARE(a.events, c.events);
        QCOMPARE(a.responseTime.mean, b.responseTime.mean);
        QCOMPARE(a.responseTime.mean, c.responseTime.mean);
        QCOMPARE(a.errorRate, c.errorRate);
    }
};

QTEST_GUILESS_MAIN(TestDesTheory)
#include "tst_des_theory.moc"
