// Issue 13 acceptance: every preset at 0.5x, 1x, 2x and 10x its knee, the
// analytic answer (the layered solver: pools as flow-equivalent servers,
// max_queue as loss, timeouts and retries) against the simulator's:
//  - throughput and mean response time within 10% of the DES (plus the
//    DES's own 95% half-width on the response time: the reference is itself
//    an estimate);
//  - error rate (rejected + timed out, per issued request) within 3 points;
//  - where they agree on those, `simulate --check` (analytic::crossCheck)
//    reports no difference (system throughput and response time, every
//    host's and component's utilisation; its tolerance: the DES half-width
//    + 10% on a model the analytic solver approximates, docs/methods.md).
// The knee is that of the asymptotic bounds at the declared population (as in
// tst_analytic_presets), taken twice because demands grow with data.
// The table (X, R, errors, both solvers) is printed with qInfo for the docs.
#include "analytic/cross_check.h"
#include "analytic/solver.h"
#include "des/run.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <QDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <string>

using namespace headroom;

class TestAnalyticVsDes : public QObject {
    Q_OBJECT

private slots:
    void presets_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("multiple");
        const QDir dir(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures"));
        const auto files = dir.entryList({"*.yaml"}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 8);
        for (const auto& f : files)
            for (double m : {0.5, 1.0, 2.0, 10.0})
                QTest::newRow(qPrintable(QString("%1 %2x").arg(f.left(2)).arg(m))) << dir.filePath(f) << m;
    }

    void presets() {
        QFETCH(QString, file);
        QFETCH(double, multiple);
        spec::Architecture spec = io::loadFile(file.toStdString());
        const graph::Graph declared = graph::build(spec);
        double knee = analytic::bounds(declared, declared.workload().users.value_or(1000)).bounds.knee;
        knee = analytic::bounds(declared, knee).bounds.knee;
        const double users = std::round(multiple * knee);
        QVERIFY(users >= 10);
        spec.workload.users = users;
        spec.workload.profile.clear();
        const graph::Graph g = graph::build(spec);

        const stats::Results a = analytic::solve(g, users);
        QVERIFY(std::isfinite(a.throughput) && a.throughput > 0 && std::isfinite(a.responseTime.mean));

        // Horizon: enough completed requests for a ~1-2% CI on the mean
        // response time (100,000 per replication), at least 40 mean response
        // times and 4 of the longest timeout, 30-300 s. Why 40 R: requests
        // still in flight at the end count as issued but neither done nor
        // failed, and the slow ones are the ones left out, which biases the
        // DES's error rate and mean low by about R / horizon (03 at 10x its
        // knee, R ~ 6.7 s: at 60 s the DES read 82.1% errors and R = 5.96 s,
        // at 300 s 85.3% and 6.68 s; the analytic answer is 85.8%, 6.85 s).
        // Three replications give the CI; two threads (the machine has two
        // cores). Past the knee of 08 (890,000 users) more than the default
        // million visits are in the system at once: the cap is raised so the
        // DES answers for the model, not for its safety limit (~90 bytes a
        // visit: a few hundred MB at most).
        double longestTimeout = 0.0;
        for (const auto& c : g.components()) longestTimeout = std::max(longestTimeout, c.timeout.value_or(0.0));
        des::RunConfig config;
        config.seed = 20261130;
        config.replications = 3;
        config.threads = 2;
        config.maxFramesInSystem = 4'000'000;
        config.horizon = std::clamp(std::max({100000.0 / a.throughput, 40.0 * a.responseTime.mean, 4.0 * longestTimeout}), 30.0, 300.0);
        // At the knee the mean response time is the noisiest figure a closed
        // network has (R = N / X - Z multiplies X's sampling error by N / X,
        // and queues there relax slowest): 3 x 53 s on 05 gave a CI of +-28%.
        // There the runs are three times as long.
        if (multiple == 1.0) config.horizon = std::min(300.0, 3.0 * config.horizon);
        const stats::Results d = des::run(g, config);
        QVERIFY(d.responseTime.ci95.has_value());
        for (const auto& n : d.notes) qInfo("DES note: %s", n.c_str());

        const double halfWidth = 0.5 * (d.responseTime.ci95->high - d.responseTime.ci95->low);
        const double dx = a.throughput / d.throughput - 1.0;
        const double dr = a.responseTime.mean / d.responseTime.mean - 1.0;
        const double de = 100.0 * (a.errorRate - d.errorRate);
        qInfo("%s at %.0f users (%.1fx knee %.0f; DES %.0f s x 3): X des %.2f analytic %.2f /s (%+.1f%%), R des %.4f +- %.4f "
              "analytic %.4f s (%+.1f%%), errors des %.2f%% analytic %.2f%% (%+.2f pt), p95 des %.3f analytic %.3f s",
              qPrintable(QFileInfo(file).fileName()), users, multiple, knee, config.horizon, d.throughput, a.throughput, 100 * dx,
              d.responseTime.mean, halfWidth, a.responseTime.mean, 100 * dr, 100 * d.errorRate, 100 * a.errorRate, de,
              d.responseTime.p95.value_or(NAN), a.responseTime.p95.value_or(NAN));
        // 10% (the acceptance): the analytic answer approximates
        // pools, rooms and timeouts (docs/methods.md); the DES is exact to
        // its sampling error, which the CI bounds.
        QVERIFY2(std::fabs(dx) <= 0.10, qPrintable(QString("throughput off by %1%").arg(100 * dx, 0, 'f', 1)));
        QVERIFY2(std::fabs(a.responseTime.mean - d.responseTime.mean) <= 0.10 * d.responseTime.mean + halfWidth,
                 qPrintable(QString("response time off by %1%").arg(100 * dr, 0, 'f', 1)));
        QVERIFY2(std::fabs(de) <= 3.0, qPrintable(QString("error rate off by %1 points").arg(de, 0, 'f', 2)));

        // `simulate --check` stays quiet where they agree: no difference on
        // the system figures, nor on any host's or component's utilisation.
        QString report;
        for (const auto& f : analytic::crossCheck(g, d, a))
            if (!f.metric.empty()) report += QString::fromStdString(f.message) + "\n";
        QVERIFY2(report.isEmpty(), qPrintable(report));
    }
};

QTEST_GUILESS_MAIN(TestAnalyticVsDes)
#include "tst_analytic_vs_des.moc"
