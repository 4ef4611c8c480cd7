// The analytic solver against theory: single-station formulas with values
// worked out by hand (formula and source next to each), an open Jackson
// network, and closed multi-server networks against Buzen's convolution
// algorithm run independently here in long double.
#include "analytic/asymptotic_bounds.h"
#include "analytic/closed_network.h"
#include "analytic/cross_check.h"
#include "analytic/gamma_fit.h"
#include "analytic/open_network.h"
#include "analytic/queueing_formulas.h"
#include "analytic/solver.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <QProcess>
#include <QtTest>

#include <cmath>
#include <vector>

using namespace headroom;
using analytic::ClosedNetwork;
using analytic::ClosedStation;

namespace {

bool near(double value, double expected, double relative) {
    return std::isfinite(value) && std::fabs(value - expected) <= relative * std::max(std::fabs(expected), 1e-300);
}

#define CHECK_NEAR(value, expected, relative)                                                                   \
    do {                                                                                                        \
        const double v_ = (value), e_ = (expected);                                                            \
        if (!near(v_, e_, (relative)))                                                                          \
            QFAIL(qPrintable(QString("%1 = %2, expected %3 (rel %4)").arg(#value).arg(v_, 0, 'g', 17).arg(e_, 0, 'g', 17).arg(relative))); \
    } while (0)

// Buzen's convolution algorithm (Buzen 1973; Lazowska et al. 1984, ch. 8),
// with the delay (think time) as the first factor and every term scaled by
// s^n, s = the largest demand per server, in long double. Independent of the
// solver: no tilting, no windows, no closed-form groups.
struct Buzen {
    std::vector<ClosedStation> stations;
    double think = 0.0;
    long double scale = 1.0L;

    std::vector<long double> factor(const ClosedStation& s, long long n) const {
        std::vector<long double> f(static_cast<size_t>(n) + 1);
        f[0] = 1.0L;
        for (long long j = 1; j <= n; ++j) f[static_cast<size_t>(j)] = f[static_cast<size_t>(j) - 1] * (static_cast<long double>(s.demand) / scale) / std::min<long long>(j, s.servers);
        return f;
    }

    // g(n) = G(n) / s^n for n = 0..N, leaving out one copy of station `drop`.
    std::vector<long double> constants(long long n, int drop = -1) const {
        long double delay = think;
        for (const auto& s : stations) if (s.servers == 0) delay += s.multiplicity * static_cast<long double>(s.demand);
        std::vector<long double> g(static_cast<size_t>(n) + 1);
        g[0] = 1.0L;
        for (long long j = 1; j <= n; ++j) g[static_cast<size_t>(j)] = g[static_cast<size_t>(j) - 1] * (delay / scale) / j;
        for (size_t k = 0; k < stations.size(); ++k) {
            const auto& s = stations[k];
            if (s.servers == 0) continue;
            const int copies = s.multiplicity - (static_cast<int>(k) == drop ? 1 : 0);
            const auto f = factor(s, n);
            const long double rho = static_cast<long double>(s.demand) / s.servers / scale;
            for (int copy = 0; copy < copies; ++copy) {
                // f(j) = f(c) rho^(j-c) for j >= c: the tail is a running sum.
                std::vector<long double> out(g.size()), tail(g.size());
                long double t = 0;
                for (size_t x = 0; x < g.size(); ++x) tail[x] = t = rho * t + g[x];
                for (long long m = 0; m <= n; ++m) {
                    long double v = 0;
                    for (long long j = 0; j < s.servers && j <= m; ++j) v += f[static_cast<size_t>(j)] * g[static_cast<size_t>(m - j)];
                    if (m >= s.servers) v += f[static_cast<size_t>(s.servers)] * tail[static_cast<size_t>(m - s.servers)];
                    out[static_cast<size_t>(m)] = v;
                }
                g.swap(out);
            }
        }
        return g;
    }
};

struct Exact {
    std::vector<double> throughput;               // by population index
    std::vector<std::vector<double>> queueLength;  // [population][station], per copy
};

Exact buzenSolve(const std::vector<ClosedStation>& stations, double think, const std::vector<long long>& populations) {
    Buzen b{stations, think, 0.0L};
    for (const auto& s : stations) if (s.servers > 0) b.scale = std::max(b.scale, static_cast<long double>(s.demand) / s.servers);
    const long long top = *std::max_element(populations.begin(), populations.end());
    const auto g = b.constants(top);
    Exact e;
    std::vector<std::vector<long double>> without(stations.size());
    for (size_t k = 0; k < stations.size(); ++k) if (stations[k].servers > 0) without[k] = b.constants(top, static_cast<int>(k));
    for (long long n : populations) {
        const long double x = g[static_cast<size_t>(n) - 1] / g[static_cast<size_t>(n)] / b.scale;
        e.throughput.push_back(static_cast<double>(x));
        std::vector<double> q(stations.size());
        for (size_t k = 0; k < stations.size(); ++k) {
            if (stations[k].servers == 0) {
                q[k] = static_cast<double>(x) * stations[k].demand;
                continue;
            }
            // Q_k(N) = sum_j j f_k(j) G_{-k}(N - j) / G(N)
            const auto f = b.factor(stations[k], n);
            long double sum = 0;
            for (long long j = 1; j <= n; ++j) sum += j * f[static_cast<size_t>(j)] * without[k][static_cast<size_t>(n - j)];
            q[k] = static_cast<double>(sum / g[static_cast<size_t>(n)]);
        }
        e.queueLength.push_back(q);
    }
    return e;
}

// The textbook load-dependent MVA (Reiser & Lavenberg; as in Menasce's and
// Bolch's books) with p(0|n) = 1 - sum_{j>=1} p(j|n): kept here only to show
// that the test networks are the hard case it fails on.
double textbookMultiServerMva(const std::vector<ClosedStation>& stations, double think, long long population) {
    std::vector<std::vector<double>> p(stations.size());
    std::vector<double> q(stations.size(), 0.0);
    for (size_t k = 0; k < stations.size(); ++k) p[k].assign(static_cast<size_t>(population) + 1, 0.0), p[k][0] = 1.0;
    double x = 0.0;
    for (long long n = 1; n <= population; ++n) {
        std::vector<double> r(stations.size(), 0.0);
        double total = think;
        for (size_t k = 0; k < stations.size(); ++k) {
            const auto& s = stations[k];
            double rk = 0.0;
            for (long long j = 1; j <= n; ++j) rk += j * p[k][static_cast<size_t>(j) - 1] / std::min<long long>(j, s.servers);
            r[k] = s.demand * rk;
            total += r[k];
        }
        x = n / total;
        for (size_t k = 0; k < stations.size(); ++k) {
            const auto& s = stations[k];
            std::vector<double> next(p[k].size(), 0.0);
            double sum = 0.0;
            for (long long j = n; j >= 1; --j) {
                next[static_cast<size_t>(j)] = s.demand * x / std::min<long long>(j, s.servers) * p[k][static_cast<size_t>(j) - 1];
                sum += next[static_cast<size_t>(j)];
            }
            next[0] = 1.0 - sum;
            p[k].swap(next);
        }
    }
    return x;
}

graph::Graph graphOf(const std::string& yaml) { return graph::build(io::loadString(yaml, "test.yaml")); }

}  // namespace

class TestAnalytic : public QObject {
    Q_OBJECT

private slots:
    void erlangB() {
        // B(c, a) = (a^c / c!) / sum_{k<=c} a^k / k!
        // c = 2, a = 1: 0.5 / 2.5 = 0.2 (exact).
        CHECK_NEAR(analytic::erlangB(2, 1.0), 0.2, 1e-15);
        // c = 5, a = 3: (243/120) / (1 + 3 + 4.5 + 4.5 + 3.375 + 2.025) = 2.025 / 18.4.
        CHECK_NEAR(analytic::erlangB(5, 3.0), 2.025 / 18.4, 1e-14);
        // Huge systems stay finite (a^c / c! would overflow): B(1000, 900) in (0, 1).
        const double big = analytic::erlangB(1000, 900.0);
        QVERIFY(big > 0.0 && big < 1.0);
    }

    void erlangC() {
        // M/M/2, rho = 0.5: P(wait) = 2 rho^2 / (1 + rho) = 1/3 (Kleinrock vol. 1, 3.4).
        CHECK_NEAR(analytic::erlangC(2, 1.0), 1.0 / 3.0, 1e-14);
        // c = 1: P(wait) = rho.
        CHECK_NEAR(analytic::erlangC(1, 0.7), 0.7, 1e-14);
        QVERIFY_THROWS_EXCEPTION(std::domain_error, (void)analytic::erlangC(2, 2.0));
    }

    void mm1() {
        // M/M/1, lambda = 80/s, S = 10 ms, rho = 0.8: R = S / (1 - rho) = 0.05 s, L = rho / (1 - rho) = 4.
        const auto m = analytic::mmc(80.0, 0.010, 1);
        CHECK_NEAR(m.utilization, 0.8, 1e-14);
        CHECK_NEAR(m.meanResponse, 0.05, 1e-13);
        CHECK_NEAR(m.meanNumber, 4.0, 1e-13);
    }

    void mmc() {
        // M/M/2, lambda = 1, S = 1 (rho = 0.5): L = 2 rho / (1 - rho^2) = 4/3, so R = 4/3 s,
        // Wq = C S / (c (1 - rho)) = (1/3) / 1 = 1/3 s.
        const auto m = analytic::mmc(1.0, 1.0, 2);
        CHECK_NEAR(m.meanNumber, 4.0 / 3.0, 1e-14);
        CHECK_NEAR(m.meanResponse, 4.0 / 3.0, 1e-14);
        CHECK_NEAR(m.meanWait, 1.0 / 3.0, 1e-14);
    }

    void mmck() {
        // M/M/1/4 at rho = 1: p(n) = 1/5 for n = 0..4; blocking 0.2, L = 2, X = 0.8, R = L / X = 2.5.
        const auto a = analytic::mmck(1.0, 1.0, 1, 4);
        CHECK_NEAR(a.blockingProbability, 0.2, 1e-14);
        CHECK_NEAR(a.meanNumber, 2.0, 1e-14);
        CHECK_NEAR(a.throughput, 0.8, 1e-14);
        CHECK_NEAR(a.meanResponse, 2.5, 1e-14);
        // M/M/2/3, a = 2: p ~ (1, 2, 2, 2) / 7; blocking 2/7, L = 12/7, X = 2 * 5/7, R = 1.2 s.
        const auto b = analytic::mmck(2.0, 1.0, 2, 3);
        CHECK_NEAR(b.blockingProbability, 2.0 / 7.0, 1e-14);
        CHECK_NEAR(b.meanNumber, 12.0 / 7.0, 1e-14);
        CHECK_NEAR(b.meanResponse, 1.2, 1e-14);
        // Overload is fine with a finite room: a = 50 on M/M/1/10 loses almost everything, finitely.
        const auto c = analytic::mmck(50.0, 1.0, 1, 10);
        QVERIFY(std::isfinite(c.meanResponse) && c.blockingProbability > 0.97 && c.blockingProbability < 1.0);
    }

    void md1AndMg1() {
        // M/D/1, lambda = 0.5, S = 1: Wq = rho S / (2 (1 - rho)) = 0.5 s, R = 1.5 s (Pollaczek-Khinchine).
        const auto d = analytic::mg1(0.5, 1.0, 0.0);
        CHECK_NEAR(d.meanWait, 0.5, 1e-14);
        CHECK_NEAR(d.meanResponse, 1.5, 1e-14);
        // scv = 1 is M/M/1: R = S / (1 - rho) = 2 s.
        CHECK_NEAR(analytic::mg1(0.5, 1.0, 1.0).meanResponse, 2.0, 1e-14);
        // Allen-Cunneen is exact for c = 1: same as P-K with scv = 4: Wq = 0.5 * 1 * 5 / (2 * 0.5) = 2.5.
        CHECK_NEAR(analytic::mgcAllenCunneen(0.5, 1.0, 1, 4.0).meanWait, 2.5, 1e-14);
    }

    void jacksonNetwork() {
        // Two stations; external arrivals 1/s at station 0; 0 -> 1 with p = 0.5, 1 -> 0 with p = 0.25.
        // Traffic: l0 = 1 + 0.25 l1, l1 = 0.5 l0  =>  l0 = 8/7, l1 = 4/7.
        Eigen::MatrixXd routing(2, 2);
        routing << 0.0, 0.5, 0.25, 0.0;
        Eigen::VectorXd external(2);
        external << 1.0, 0.0;
        const Eigen::VectorXd rates = analytic::solveTrafficEquations(routing, external);
        CHECK_NEAR(rates(0), 8.0 / 7.0, 1e-14);
        CHECK_NEAR(rates(1), 4.0 / 7.0, 1e-14);
        // Service 0.5 s and 1 s: rho = 4/7 at both; Jackson: L = sum rho / (1 - rho) = 8/3, R = L / 1 = 8/3 s.
        std::vector<analytic::OpenStation> stations(2);
        stations[0].demand = rates(0) * 0.5;  // visits x service = demand per request
        stations[1].demand = rates(1) * 1.0;
        const auto sol = analytic::solveOpen(stations, 1.0);
        CHECK_NEAR(sol.responseTime, 8.0 / 3.0, 1e-13);
        CHECK_NEAR(sol.utilization[0], 4.0 / 7.0, 1e-14);
        QVERIFY(sol.exact && !sol.saturated);
        // A loop no request leaves is singular: reported, not solved.
        Eigen::MatrixXd closedLoop(2, 2);
        closedLoop << 0.0, 1.0, 1.0, 0.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (void)analytic::solveTrafficEquations(closedLoop, external));
    }

    void openOverloadIsFiniteAndSaturated() {
        std::vector<analytic::OpenStation> stations(1);
        stations[0].demand = 0.01;  // capacity 100/s
        const auto sol = analytic::solveOpen(stations, 250.0);
        QVERIFY(sol.saturated);
        QVERIFY(std::isfinite(sol.responseTime) && sol.responseTime > 0);
        CHECK_NEAR(sol.capacity, 100.0, 1e-14);
        QVERIFY(sol.throughput <= 100.0);
    }

    void machineRepairman() {
        // Finite-source M/M/1//N (Kleinrock vol. 1, 3.8): N = 10, Z = 1 s, D = 0.2 s.
        // p0 = 1 / sum_{n=0}^{N} N!/(N-n)! (D/Z)^n, X = (1 - p0) / D.
        const int n = 10;
        double sum = 0.0, term = 1.0;
        for (int k = 0; k <= n; ++k) {
            sum += term;
            term *= (n - k) * 0.2;
        }
        const double x = (1.0 - 1.0 / sum) / 0.2;
        const auto sol = ClosedNetwork({{1, 1, 0.2}}, 1.0).solve(n);
        CHECK_NEAR(sol.throughput, x, 1e-13);  // both exact; rounding only
        // Little: N = X (R + Z).
        CHECK_NEAR(sol.throughput * (sol.responseTime + 1.0), n, 1e-13);
    }

    void delayOnlyNetwork() {
        // Only delays: X = N / (Z + D) exactly.
        const auto sol = ClosedNetwork({{0, 2, 0.015}}, 8.0).solve(1000);
        CHECK_NEAR(sol.throughput, 1000.0 / 8.03, 1e-14);
        CHECK_NEAR(sol.responseTime, 0.03, 1e-13);
    }

    void closedTwoTier_data() {
        QTest::addColumn<int>("tiers");
        QTest::newRow("two tiers (app 4 cores, db 8 cores)") << 2;
        QTest::newRow("three tiers (lb, 2 x app 4 cores, cache, db 8 cores)") << 3;
        QTest::newRow("two saturating stations of different kinds (exact tie)") << 4;
    }

    void closedTwoTier() {
        QFETCH(int, tiers);
        std::vector<ClosedStation> stations;
        double think = 0.0;
        if (tiers == 2) {
            stations = {{4, 1, 0.020}, {8, 1, 0.012}, {0, 1, 0.002}};
            think = 5.0;  // D = 0.034, Dmax = 0.005, knee = 5.034 / 0.005 = 1006.8
        } else if (tiers == 4) {
            stations = {{2, 1, 0.010}, {4, 1, 0.020}, {1, 1, 0.001}};
            think = 2.0;  // both queues 0.005 s per server: the throughput approaches 200/s only as 1/N
        } else {
            stations = {{1, 1, 0.0005}, {4, 2, 0.016}, {1, 1, 0.001}, {8, 1, 0.024}, {0, 1, 0.010}};
            think = 3.0;  // D = 0.0675, Dmax = 0.004 (both app copies), knee = 766.9
        }
        const auto b = analytic::asymptoticBounds(stations, think);
        const long long knee = std::llround(b.knee);
        const std::vector<long long> populations{100, 1000, knee, 2 * knee, 100000};
        const Exact exact = buzenSolve(stations, think, populations);
        const ClosedNetwork network(stations, think);
        for (size_t i = 0; i < populations.size(); ++i) {
            const auto sol = network.solve(populations[i]);
            // Both exact: they differ by rounding only (sums of up to 1e5 positive terms). The
            // acceptance asks 1e-6; 1e-9 leaves room for long double vs double accumulation.
            CHECK_NEAR(sol.throughput, exact.throughput[i], 1e-9);
            double total = sol.throughput * think;
            for (size_t k = 0; k < stations.size(); ++k) {
                CHECK_NEAR(sol.queueLength[k], exact.queueLength[i][k], 1e-9);
                QVERIFY(sol.queueLength[k] >= 0.0);
                total += stations[k].multiplicity * sol.queueLength[k];
            }
            // Every user is somewhere: N = X Z + sum Q. Rounding over sums of ~1e5 terms: 1e-10.
            CHECK_NEAR(total, static_cast<double>(populations[i]), 1e-10);
            QVERIFY(sol.throughput > 0.0 && sol.throughput <= 1.0 / b.maxDemandPerServer * (1 + 1e-15));
        }
        if (tiers == 2) {
            // Unique bottleneck: past the knee X converges geometrically to 1/Dmax = 200/s.
            CHECK_NEAR(network.solve(100000).throughput, 200.0, 1e-6);
            // The textbook recursion, on the same network, is already wrong at 2,000 users.
            const double textbook = textbookMultiServerMva(stations, think, 2000);
            QVERIFY2(!(std::fabs(textbook - network.solve(2000).throughput) < 1e-3 * 200.0),
                     "expected the textbook multi-server MVA to break down here");
        }
    }

    void closedManyCopies() {
        // 08-like shape: a widest group of 8 four-core copies (closed form), and several
        // multi-copy types convolved around it, against Buzen in long double.
        const std::vector<ClosedStation> stations{{2, 3, 0.0009}, {4, 8, 0.0032}, {1, 6, 0.00055},
                                                  {2, 4, 0.0004}, {2, 2, 0.0011}, {0, 1, 0.015}};
        const double think = 2.0;
        const auto b = analytic::asymptoticBounds(stations, think);  // Dmax = 0.0008 (the 8 copies), knee ~ 2637
        const long long knee = std::llround(b.knee);
        const std::vector<long long> populations{100, 1000, knee, 2 * knee, 100000};
        const Exact exact = buzenSolve(stations, think, populations);
        const ClosedNetwork network(stations, think);
        for (size_t i = 0; i < populations.size(); ++i) {
            const auto sol = network.solve(populations[i]);
            // Both exact, rounding only (see closedTwoTier); the acceptance asks 1e-6.
            CHECK_NEAR(sol.throughput, exact.throughput[i], 1e-9);
            for (size_t k = 0; k < stations.size(); ++k) CHECK_NEAR(sol.queueLength[k], exact.queueLength[i][k], 1e-9);
        }
    }

    void warmStartIsExact() {
        // A warm solve reuses the tilt of another network at the same population; it must
        // give what a cold solve of the new network gives (both exact: rounding only).
        const std::vector<ClosedStation> first{{4, 8, 0.0032}, {2, 4, 0.0004}, {1, 2, 0.0005}};
        for (long long n : {500LL, 2500LL, 20000LL}) {
            const auto warm = ClosedNetwork(first, 2.0).solve(n, nullptr, 0.05);
            std::vector<ClosedStation> changed = first;
            changed[1].demand = 0.0007;  // other stations' demands change (async inflation)
            changed[2].demand = 0.0002;
            for (double think : {2.0, 2.03, 1.97}) {  // longer delay, or shorter within the reserve
                const ClosedNetwork network(changed, think);
                const auto hot = network.solve(n, &warm);
                const auto cold = network.solve(n);
                CHECK_NEAR(hot.throughput, cold.throughput, 1e-11);
                for (size_t k = 0; k < changed.size(); ++k) CHECK_NEAR(hot.queueLength[k], cold.queueLength[k], 1e-10);
            }
        }
    }

    void fcfsDeterministicClosed() {
        // One FCFS deterministic server, S = 10 ms, N = 5000 users thinking Z = 100 s:
        // arrivals are nearly Poisson at ~50/s (rho ~ 0.5), so the response time is close to
        // M/D/1 (Pollaczek-Khinchine): R = S + rho S / (2 (1 - rho)) = 15 ms at rho = 0.5,
        // where the product-form (exponential) answer would be S / (1 - rho) = 20 ms.
        const auto g = graphOf("name: md1 closed\nworkload: {users: 5000, think_time: 100s}\ncomponents:\n"
                               "  - {id: app, cores: 1, demand: 10ms, discipline: fcfs, distribution: deterministic}\n");
        const auto r = analytic::solve(g, 5000);
        const double rho = r.throughput * 0.010;
        const double pk = 0.010 + rho * 0.010 / (2.0 * (1.0 - rho));
        // Finite source (5000 users) vs Poisson: differences O(1/N) of the wait; 1% covers it.
        CHECK_NEAR(r.responseTime.mean, pk, 1e-2);
        // Little holds with the correction: N = X (Z + R).
        CHECK_NEAR(r.throughput * (100.0 + r.responseTime.mean), 5000.0, 1e-9);
        // Past saturation the population, not the variability, sets the queue: X = 1/S = 100/s.
        const auto past = analytic::solve(g, 50000);
        CHECK_NEAR(past.throughput, 100.0, 1e-6);
        CHECK_NEAR(past.throughput * (100.0 + past.responseTime.mean), 50000.0, 1e-9);
    }

    void leastConnectionsIsPooled() {
        // least_connections over 3 app copies of 2 cores: solved as one 6-core station, which
        // (with the same demand per request) is the plain closed network {6 cores, 30 ms}.
        const auto g = graphOf("name: pooled\nworkload: {users: 800, think_time: 4s, entry: lb}\ncomponents:\n"
                               "  - {id: lb, kind: load_balancer, cores: 1, demand: 1ms, policy: least_connections, calls: [{to: app}]}\n"
                               "  - {id: app, cores: 2, instances: 3, demand: 30ms}\n");
        const auto exact = ClosedNetwork({{1, 1, 0.001}, {6, 1, 0.030}}, 4.0).solve(800);
        const auto r = analytic::solve(g, 800);
        CHECK_NEAR(r.throughput, exact.throughput, 1e-12);
        CHECK_NEAR(r.responseTime.mean, exact.responseTime, 1e-12);
        bool named = false;
        for (const auto& issue : analytic::productFormIssues(g)) named = named || issue.reason.find("pooled") != std::string::npos;
        QVERIFY(named);
    }

    void neverNegativeOrNan() {
        // Saturated and far past it, many copies, many cores: finite, non-negative, bounded, monotone.
        const std::vector<ClosedStation> stations{{64, 1, 0.32}, {4, 32, 0.04}, {2, 3, 0.01}, {0, 1, 0.015}};
        const ClosedNetwork network(stations, 1.0);
        const auto b = analytic::asymptoticBounds(stations, 1.0);
        double previous = 0.0;
        for (long long n : {1LL, 10LL, 100LL, 1000LL, 5000LL, 20000LL, 100000LL, 1000000LL}) {
            const auto sol = network.solve(n);
            QVERIFY(std::isfinite(sol.throughput) && sol.throughput >= previous * (1 - 1e-12));
            QVERIFY(sol.throughput <= b.throughputBound(static_cast<double>(n)) * (1 + 1e-12));
            for (double q : sol.queueLength) QVERIFY(std::isfinite(q) && q >= 0.0);
            previous = sol.throughput;
        }
        // 1/Dmax = 1/0.01 = 100/s. The bottleneck is 32 identical copies, so X approaches it
        // polynomially (deficit ~ (copies - 1) / N = 3.1e-5 at a million users), not geometrically.
        CHECK_NEAR(previous, 100.0, 1e-4);
    }

    void bounds() {
        // D = 0.02 + 0.012 + 0.002 = 0.034, Dmax = max(0.02/4, 0.012/8) = 0.005 (station 0), Z = 5.
        const auto b = analytic::asymptoticBounds({{4, 1, 0.020}, {8, 1, 0.012}, {0, 1, 0.002}}, 5.0);
        CHECK_NEAR(b.totalDemand, 0.034, 1e-14);
        CHECK_NEAR(b.maxDemandPerServer, 0.005, 1e-14);
        QCOMPARE(b.bottleneck, 0);
        CHECK_NEAR(b.knee, 5.034 / 0.005, 1e-14);
        CHECK_NEAR(b.throughputBound(100), 100 / 5.034, 1e-14);
        CHECK_NEAR(b.throughputBound(1e5), 200.0, 1e-14);
    }

    void gammaFit() {
        // scv = 1 is the exponential: q-quantile = -mean ln(1 - q); p95 of mean 1 = ln 20.
        CHECK_NEAR(analytic::gammaFitQuantile(1.0, 0.0, 1.0, 0.95), std::log(20.0), 1e-10);
        // Erlang-2 (scv = 0.5) median with mean 1: solve 1 - e^{-2x}(1 + 2x) = 0.5 -> x = 0.8391734950...
        CHECK_NEAR(analytic::gammaFitQuantile(1.0, 0.0, 0.5, 0.5), 0.83917349500273, 1e-9);
        // A fixed delay shifts it.
        CHECK_NEAR(analytic::gammaFitQuantile(1.5, 0.5, 1.0, 0.5), 0.5 + std::log(2.0), 1e-10);
    }

    void graphOpenMm1AndMd1() {
        // One component, one core, 10 ms, 80/s: M/M/1 with rho = 0.8, R = 0.05 s.
        const auto g = graphOf("name: mm1\nworkload: {arrival_rate: 80/s}\ncomponents:\n  - {id: app, cores: 1, demand: 10ms}\n");
        const auto r = analytic::solve(g);
        QVERIFY(r.method == stats::Method::Analytic);
        CHECK_NEAR(r.responseTime.mean, 0.05, 1e-12);
        CHECK_NEAR(r.throughput, 80.0, 1e-12);
        CHECK_NEAR(r.hosts.at(0).utilization, 0.8, 1e-12);
        QVERIFY(r.responseTime.percentilesApproximate);
        CHECK_NEAR(*r.responseTime.p95, 0.05 * std::log(20.0), 1e-8);  // the M/M/1 sojourn is exponential
        QVERIFY(analytic::productFormIssues(g).empty());
        // Deterministic FCFS: M/D/1, R = S + rho S / (2 (1 - rho)) = 0.01 + 0.008 / 0.4 = 0.03 s.
        const auto d = graphOf("name: md1\nworkload: {arrival_rate: 80/s}\ncomponents:\n"
                               "  - {id: app, cores: 1, demand: 10ms, discipline: fcfs, distribution: deterministic}\n");
        CHECK_NEAR(analytic::solve(d).responseTime.mean, 0.03, 1e-12);
        QCOMPARE(analytic::productFormIssues(d).size(), size_t(1));
        // Overload: 150/s on a 100/s server is saturated, with finite figures and a note.
        const auto over = analytic::solveOpen(g, 150.0);
        QVERIFY(over.saturated && std::isfinite(over.responseTime.mean));
        QVERIFY(!over.notes.empty());
    }

    void graphClosedMatchesStations() {
        // app: 4 cores, 20 ms; db: 8 cores, 12 ms, called once; think 5 s. Same network as closedTwoTier.
        const auto g = graphOf("name: two tiers\nworkload: {users: 2000, think_time: 5s}\ncomponents:\n"
                               "  - {id: app, cores: 4, demand: 20ms, calls: [{to: db}]}\n"
                               "  - {id: db, cores: 8, demand: 12ms}\n");
        const Exact exact = buzenSolve({{4, 1, 0.020}, {8, 1, 0.012}}, 5.0, {2000});
        const auto r = analytic::solve(g, 2000);
        CHECK_NEAR(r.throughput, exact.throughput[0], 1e-9);
        CHECK_NEAR(r.responseTime.mean, 2000 / exact.throughput[0] - 5.0, 1e-8);
        CHECK_NEAR(r.hosts.at(0).utilization, exact.throughput[0] * 0.005, 1e-9);
        QVERIFY(r.saturated);  // 2x the knee
        // app's response per visit includes its call to db: R_app = R - 0 (app is the entry).
        CHECK_NEAR(r.components.at(0).responseTime, r.responseTime.mean, 1e-9);
        const auto sweep = analytic::sweep(g, analytic::logGrid(100, 100000, 7));
        QCOMPARE(sweep.size(), size_t(7));
        CHECK_NEAR(sweep.back().throughput, 200.0, 1e-6);
    }

    void classMixIsOneChain() {
        // Two classes 30/70 with demands 10/30 ms: totals equal one class with 0.3*10 + 0.7*30 = 24 ms.
        const auto mix = graphOf("name: mix\nworkload:\n  users: 300\n  think_time: 1s\n  mix:\n"
                                 "    - {class: a, share: 0.3}\n    - {class: b, share: 0.7}\n"
                                 "components:\n  - {id: app, cores: 2, demand: {a: 10ms, b: 30ms}}\n");
        const auto single = ClosedNetwork({{2, 1, 0.024}}, 1.0).solve(300);
        const auto r = analytic::solve(mix, 300);
        CHECK_NEAR(r.throughput, single.throughput, 1e-12);
        // Per class: every class slowed by the station's factor; the share-weighted mean is the total.
        const auto perClass = analytic::classResponseTimes(mix, 300);
        CHECK_NEAR(0.3 * perClass[0] + 0.7 * perClass[1], r.responseTime.mean, 1e-12);
        CHECK_NEAR(perClass[1] / perClass[0], 3.0, 1e-12);
    }

    void crossCheckWarnsOnlyWhereItShould() {
        const auto g = graphOf("name: pf\nworkload: {users: 100, think_time: 1s}\ncomponents:\n"
                               "  - {id: app, cores: 2, demand: 10ms}\n");
        const auto a = analytic::solve(g, 100);
        stats::Results des = a;
        des.method = stats::Method::Des;
        des.responseTime.ci95 = stats::Interval{a.responseTime.mean * 0.99, a.responseTime.mean * 1.01};
        QVERIFY(analytic::crossCheck(g, des, a).empty());
        des.components.at(0).utilization *= 1.3;  // 30% off, CI 0: a warning naming app
        const auto findings = analytic::crossCheck(g, des, a);
        QCOMPARE(findings.size(), size_t(1));
        QVERIFY(findings[0].warning);
        QCOMPARE(findings[0].where, std::string("app"));
        // Same difference on a model with threads: a note, not a warning.
        const auto held = graphOf("name: held\nworkload: {users: 100, think_time: 1s}\ncomponents:\n"
                                  "  - {id: app, cores: 2, threads: 8, demand: 10ms}\n");
        const auto notes = analytic::crossCheck(held, des, analytic::solve(held, 100));
        QVERIFY(!notes.empty());
        for (const auto& f : notes) QVERIFY(!f.warning);
    }

    void cliAnalyze() {
        const QString cli = QStringLiteral(HEADROOM_CLI);
        const QString preset = QStringLiteral(HEADROOM_SOURCE_DIR "/architectures/02-split-database.yaml");
        QProcess p;
        p.start(cli, {"analyze", preset, "--users", "500", "--format", "json"});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY(out.contains("\"method\": \"analytic\""));
        QVERIFY(out.contains("\"percentiles_approximate\": true"));
        p.start(cli, {"analyze", preset, "--sweep", "100:100000:5", "--format", "csv"});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(p.readAllStandardOutput().count('\n'), 6);  // header + 5 points
        p.start(cli, {"analyze", preset, "--sweep", "100:abc"});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        p.start(cli, {"analyze", QStringLiteral("/nonexistent/file.yaml")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestAnalytic)
#include "tst_analytic.moc"
