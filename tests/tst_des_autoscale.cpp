// The autoscaler (des/autoscaler.h) against theory: under a step in open
// Poisson arrivals beyond the starting instances' capacity, instances follow
// after the provisioning delay, and the backlog built meanwhile is the
// excess rate times the time until the new capacity serves; min and max hold;
// after the step down the tier scales in one instance per cooldown. Also the
// run's mean instances and the cost that follows from them, and the
// analytic solver's steady-state count (the smallest n in [min, max] at the
// target).
#include "analytic/solver.h"
#include "des/run.h"
#include "graph/graph.h"
#include "io/loader.h"
#include "io/yaml_document.h"

#include <QtTest>

#include <cmath>

using namespace headroom;

namespace {

graph::Graph buildYaml(const std::string& yaml) { return graph::build(io::loadString(yaml, "autoscale.yaml")); }

// One service, each instance one core with exponential 100 ms demand (mu = 10/s
// per instance), two instances to start. Arrivals 6/s (rho = 0.3 per
// instance: far under the 60% target, so the noise of a 15 s reading never
// reaches it, and ceil(2 x 0.3 / 0.6) = 1 is held at min = 2), a step to 30/s
// at 300 s (capacity of two: 20/s), back to 6/s at 600 s. Evaluations every 15 s (300 s is one: it reads
// [285, 300), before the step; the one at 315 s reads a full saturated
// interval), delay 60 s, cooldown 120 s, at most 5 instances.
const char* kStep = R"(
name: autoscale step
workload:
  arrival_rate: 6/s
  profile:
    - {at: 300s, arrival_rate: 30/s}
    - {at: 600s, arrival_rate: 6/s}
components:
  - id: app
    cores: 1
    instances: 2
    cost_month: 100
    demand: 100ms
    discipline: fcfs
    autoscale: {min: 2, max: 5, target_utilization: 60%, delay: 60s, cooldown: 2min, interval: 15s}
)";

constexpr double kMu = 10.0;      // per instance, 1 / 100 ms
constexpr double kLambda0 = 6.0;
constexpr double kLambda1 = 30.0;
constexpr int kStart = 2;
constexpr double kStepAt = 300.0;
constexpr double kInterval = 15.0;
constexpr double kDelay = 60.0;
constexpr int kReplications = 20;

stats::Results simulate(const graph::Graph& g, double horizon, std::vector<stats::TimeWindow> windows)
{
    des::RunConfig config;
    config.seed = 11;
    config.replications = kReplications;
    config.horizon = horizon;
    config.warmup = 0.0;
    config.windows = std::move(windows);
    return des::run(g, config);
}

}  // namespace

class TestDesAutoscale : public QObject {
    Q_OBJECT
private slots:
    void stepUpAndDown()
    {
        const auto g = buildYaml(kStep);
        // One-second windows over the step, then wider ones for the rest.
        std::vector<stats::TimeWindow> windows;
        for (int t = 0; t < 1000; ++t)
            windows.push_back({static_cast<double>(t), t + 1.0});
        const auto r = simulate(g, 1000.0, windows);
        QCOMPARE(r.windows.size(), windows.size());
        auto instancesAt = [&](int t) { return r.windows[static_cast<std::size_t>(t)].hostInstances.at(0); };
        auto presentAt = [&](int t) { return r.windows[static_cast<std::size_t>(t)].components.at(0).queueLength; };

        // min and max hold throughout (the mean over replications of each window).
        for (int t = 0; t < 1000; ++t) {
            QVERIFY2(instancesAt(t) >= 2.0 - 1e-9 && instancesAt(t) <= 5.0 + 1e-9, qPrintable(QString::number(t)));
        }
        // Before the step: rho = 0.3, ceil(2 x 0.3 / 0.6) = 1, held at min: nothing moves.
        for (int t = 0; t < 300; ++t) QCOMPARE(instancesAt(t), 2.0);

        // The first new instance serves after detection (the first evaluation
        // reading the overload, at most one interval after the step) plus the
        // delay: within [step + delay, step + interval + delay] (+1 s, the windows' width).
        int firstUp = -1;
        for (int t = 300; t < 600 && firstUp < 0; ++t)
            if (instancesAt(t) > kStart + 1e-9) firstUp = t;
        QVERIFY(firstUp >= 0);
        QVERIFY2(firstUp >= kStepAt + kDelay && firstUp <= kStepAt + kInterval + kDelay + 1.0, qPrintable(QString::number(firstUp)));
        // The evaluation at 315 s reads a saturated interval (utilisation ~1):
        // ceil(2 x 1 / 0.6) = 4, so two are ordered at once, in every replication.
        QCOMPARE(instancesAt(firstUp + 1), 4.0);

        // The backlog when the new capacity arrives: arrivals at lambda1, two
        // instances serving at mu each, so the visits present grow at
        // lambda1 - n0 mu = 10/s from the step, on top of the steady state
        // before it (two M/M/1 queues at rho 0.3 under random routing: L = 2 x rho/(1-rho)).
        // Measured: the mean over [firstUp - 1, firstUp), at its midpoint.
        const double growth = kLambda1 - kStart * kMu;
        const double elapsed = firstUp - 0.5 - kStepAt;
        const double rho0 = kLambda0 / (kStart * kMu);
        const double expected = kStart * rho0 / (1.0 - rho0) + growth * elapsed;
        // Poisson noise of arrivals minus departures over `elapsed`: var = (lambda1 + n0 mu) t
        // per replication (Cox & Miller: a difference of independent Poisson counts);
        // the mean of kReplications replications: 4 sd of that mean.
        const double sd = std::sqrt((kLambda1 + kStart * kMu) * elapsed / kReplications);
        const double backlog = presentAt(firstUp - 1);
        qInfo("first new instance serving at %d s; backlog %.1f, theory %.1f +- %.1f", firstUp, backlog, expected, 4.0 * sd);
        QVERIFY2(std::abs(backlog - expected) < 4.0 * sd,
                 qPrintable(QStringLiteral("backlog %1, theory %2 +- %3").arg(backlog).arg(expected).arg(4.0 * sd)));

        // max: with four instances the backlog still drains at full utilisation,
        // and after the cooldown the next order is clamped to 5.
        QCOMPARE(instancesAt(599), 5.0);
        // After the step down (6/s on 5 instances: 0.12 < 0.6) one instance is
        // drained per cooldown (120 s): the first at the evaluation of 615 s,
        // down to min (2) by 855 s and no lower.
        QVERIFY2(instancesAt(640) <= 4.0 + 1e-9 && instancesAt(640) >= 3.0, qPrintable(QString::number(instancesAt(640))));
        for (int t = 870; t < 1000; ++t) QCOMPARE(instancesAt(t), 2.0);

        // The run's mean instances and its cost: cost_month x mean instances.
        QCOMPARE(r.hosts.size(), size_t(1));
        QVERIFY(r.hosts[0].instances.has_value());
        double mean = 0.0;
        for (int t = 0; t < 1000; ++t) mean += instancesAt(t) / 1000.0;
        QVERIFY2(std::abs(*r.hosts[0].instances - mean) < 1e-6, qPrintable(QString::number(*r.hosts[0].instances)));
        QVERIFY(std::abs(r.costMonth - 100.0 * *r.hosts[0].instances) < 1e-6);
    }

    // The YAML writer keeps both keys: a saved file loads back the same values
    // (defaults left out unless written), and admission likewise.
    void writerRoundTrip()
    {
        spec::Architecture a = io::loadString(kStep, "autoscale.yaml");
        a.components[0].admission = spec::Admission{12};
        a.components[0].autoscale->scaleIn = false;
        a.components[0].autoscale->targetInFlight = 3.5;
        const std::string saved = io::toYaml(a);
        const spec::Architecture b = io::loadString(saved, "saved.yaml");
        QVERIFY(b.components[0].autoscale && b.components[0].admission);
        const auto& x = *a.components[0].autoscale;
        const auto& y = *b.components[0].autoscale;
        QCOMPARE(y.min, x.min);
        QCOMPARE(y.max, x.max);
        QCOMPARE(y.targetUtilization, x.targetUtilization);
        QCOMPARE(*y.targetInFlight, 3.5);
        QCOMPARE(y.delay, x.delay);
        QCOMPARE(y.cooldown, x.cooldown);
        QCOMPARE(y.interval, x.interval);
        QCOMPARE(y.scaleIn, false);
        QCOMPARE(b.components[0].admission->maxInFlight, 12);
        // A new file (no key written): defaults are left out, min and max always written.
        spec::Architecture c = b;
        c.components[0].keys = {};
        c.components[0].autoscale = spec::Autoscale{};
        c.components[0].autoscale->max = 4;
        const std::string fresh = io::toYaml(c);
        QVERIFY2(fresh.find("min: 1") != std::string::npos && fresh.find("max: 4") != std::string::npos, fresh.c_str());
        QVERIFY2(fresh.find("delay") == std::string::npos && fresh.find("cooldown") == std::string::npos, fresh.c_str());
    }

    // The analytic solver takes the count the autoscaler converges to: the
    // smallest n in [min, max] with lambda / (n mu) <= target. 30/s: 30/(n x 10)
    // <= 0.6 -> n = 5; 10/s -> n = 2 (min; 0.5 <= 0.6); 100/s -> max (5), overloaded.
    void analyticSteadyStateCount_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("instances");
        QTest::newRow("10/s") << 10.0 << 2;
        QTest::newRow("19/s") << 19.0 << 4;
        QTest::newRow("30/s") << 30.0 << 5;
    }
    void analyticSteadyStateCount()
    {
        QFETCH(double, rate);
        QFETCH(int, instances);
        spec::Architecture a = io::loadString(kStep, "autoscale.yaml");
        a.workload.profile.clear();
        a.workload.arrivalRate = rate;
        const auto g = graph::build(a);
        const auto r = analytic::solve(g);
        QCOMPARE(r.hosts.size(), size_t(1));
        QVERIFY(r.hosts[0].instances.has_value());
        QCOMPARE(*r.hosts[0].instances, static_cast<double>(instances));
        // Utilisation per instance: rate / (n mu).
        QVERIFY(std::abs(r.hosts[0].utilization - rate / (instances * kMu)) < 1e-9);
        QVERIFY(std::abs(r.costMonth - 100.0 * instances) < 1e-9);
    }

    // Analytic vs DES at a steady load: the DES starts at 2 instances and
    // scales; over the kept part (after 600 s) its mean count is the
    // analytic count, and the utilisation per instance and the mean response
    // time agree within 10%. The rule flaps when a 15 s reading's noise
    // crosses a threshold (scale-out above 60%, scale-in at or below
    // (n-1)/n x 60%), so here demands are 10 ms (mu = 100/s per instance: ten
    // times the events per reading, a third of the noise) and the loads sit
    // between the thresholds: 150/s -> 3 (0.50), 210/s -> 4 (0.525),
    // 320/s -> 5 = max (0.64, over the target: max holds).
    void analyticVsDes_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("instances");
        QTest::newRow("150/s") << 150.0 << 3;
        QTest::newRow("210/s") << 210.0 << 4;
        QTest::newRow("320/s") << 320.0 << 5;
    }
    void analyticVsDes()
    {
        QFETCH(double, rate);
        QFETCH(int, instances);
        spec::Architecture a = io::loadString(kStep, "autoscale.yaml");
        a.workload.profile.clear();
        a.workload.arrivalRate = rate;
        a.components[0].demand.fallback = 0.010;
        const auto g = graph::build(a);
        const auto analytic = analytic::solve(g);
        QCOMPARE(*analytic.hosts[0].instances, static_cast<double>(instances));
        des::RunConfig config;
        config.seed = 3;
        config.replications = 5;
        config.horizon = 2400.0;
        config.warmup = 600.0;
        const auto des = des::run(g, config);
        QVERIFY(des.hosts[0].instances.has_value());
        const QString context = QStringLiteral("rate %1: instances %2 vs %3, utilisation %4 vs %5")
                                    .arg(rate)
                                    .arg(*analytic.hosts[0].instances)
                                    .arg(*des.hosts[0].instances)
                                    .arg(analytic.hosts[0].utilization)
                                    .arg(des.hosts[0].utilization);
        qInfo("%s", qPrintable(context));
        QVERIFY2(std::abs(*des.hosts[0].instances / instances - 1.0) < 0.10, qPrintable(context));
        QVERIFY2(std::abs(des.hosts[0].utilization / analytic.hosts[0].utilization - 1.0) < 0.10, qPrintable(context));
        QVERIFY2(std::abs(des.responseTime.mean / analytic.responseTime.mean - 1.0) < 0.10, qPrintable(context));
    }
};

QTEST_APPLESS_MAIN(TestDesAutoscale)
#include "tst_des_autoscale.moc"
