// Issue 13 acceptance: the desktop at 5,000 users on 01-monolith shows one
// story. The results panel shows the instant analytic answer, then the
// simulated one; their headline figures (throughput, p95, error rate) and
// the pool checks agree within the tolerances of tst_analytic_vs_des (10% on
// throughput and times, 3 points on shares), and the response-time chart's
// analytic mean passes through the simulated points past the knee (~1,700
// users on 01). With HEADROOM_CHART_PNG=path the chart is also saved there
// (docs/images/analytic-vs-des-01.png is made so, under Xvfb).
#include "analysis_controller.h"
#include "main_window.h"
#include "response_time_chart.h"
#include "results_panel.h"
#include "solver_controller.h"

#include <QtTest>

#include <cmath>
#include <map>

#include "gui_test_support.h"

using namespace headroom;
using namespace headroom::ui;
using headroom::test::preset;

namespace {

// The pool checks of one answer: component -> share of arrivals that wait.
std::map<std::string, double> poolChecks(const stats::Results& r) {
    std::map<std::string, double> out;
    for (const auto& t : r.thresholds)
        if (t.metric == "pool") out[t.where] = t.value;
    return out;
}

// The analytic mean at `users` on the chart's log grid: log-log interpolation
// between the two grid points around it (the curve as drawn).
double curveAt(const QVector<QPointF>& curve, double users) {
    for (int i = 1; i < curve.size(); ++i) {
        if (curve[i].x() < users) continue;
        const QPointF a = curve[i - 1], b = curve[i];
        const double t = std::log(users / a.x()) / std::log(b.x() / a.x());
        return std::exp(std::log(a.y()) + t * (std::log(b.y()) - std::log(a.y())));
    }
    return NAN;
}

}  // namespace

class TestGuiAnalyticVsDes : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void oneStoryAt5000Users() {
        MainWindow window;
        window.setInteractive(false);
        window.resize(1400, 900);
        window.analysis()->setPlanningEnabled(false);      // the chart needs the sweep only
        window.analysis()->setConfirmationEnabled(false);
        window.show();
        // 40,000 requests per replication, 3 replications: the DES mean within
        // ~1% (tst_analytic_vs_des uses the same size below 10x the knee).
        window.solver()->setRunSize(40000, 3);
        QString error;
        QVERIFY2(window.openPreset(preset("01-monolith.yaml"), &error), qPrintable(error));

        window.setUsers(5000);
        ResultsPanel* panel = window.resultsPanel();
        QTRY_VERIFY_WITH_TIMEOUT(window.solver()->analytic() && *window.solver()->analytic()->users == 5000.0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(panel->results() && panel->results()->method == stats::Method::Analytic, 10000);
        const stats::Results analytic = *panel->results();
        const QString analyticThroughput = panel->headline("throughput");
        QTRY_VERIFY_WITH_TIMEOUT(window.solver()->simulated() && *window.solver()->simulated()->users == 5000.0, 180000);
        QTRY_VERIFY_WITH_TIMEOUT(panel->results() && panel->results()->method == stats::Method::Des, 10000);
        const stats::Results des = *panel->results();
        qInfo("01 at 5,000 users: X analytic %.1f des %.1f /s; p95 analytic %.3f des %.3f s; errors analytic %.2f%% des %.2f%%; "
              "headline throughput analytic '%s' des '%s'",
              analytic.throughput, des.throughput, analytic.responseTime.p95.value_or(NAN), des.responseTime.p95.value_or(NAN),
              100 * analytic.errorRate, 100 * des.errorRate, qPrintable(analyticThroughput), qPrintable(panel->headline("throughput")));

        // Throughput and p95 within 10%, errors within 3 points (the issue's
        // tolerances for analytic vs DES; the DES's own CI is ~1% here).
        QVERIFY2(std::fabs(analytic.throughput / des.throughput - 1) <= 0.10, "throughput");
        QVERIFY(analytic.responseTime.p95 && des.responseTime.p95);
        QVERIFY2(std::fabs(*analytic.responseTime.p95 / *des.responseTime.p95 - 1) <= 0.10, "p95");
        QVERIFY2(std::fabs(analytic.errorRate - des.errorRate) <= 0.03, "error rate");
        QVERIFY2(des.errorRate > 0.5, "past the knee: most requests are turned away");  // the story itself
        // The pool checks: the share of arrivals that wait for a thread or a
        // connection, and whether it passes, the same in both.
        const auto a = poolChecks(analytic), d = poolChecks(des);
        QCOMPARE(a.size(), d.size());
        QVERIFY(!a.empty());
        for (const auto& [where, value] : d) {
            QVERIFY2(a.count(where), where.c_str());
            qInfo("pool check %s: analytic %.2f%% des %.2f%%", where.c_str(), 100 * a.at(where), 100 * value);
            QVERIFY2(std::fabs(a.at(where) - value) <= 0.03, where.c_str());
        }

        // The chart: simulated points below, at and past the knee; the
        // analytic mean passes through each within 10% + its CI.
        QTRY_VERIFY_WITH_TIMEOUT(!window.analysis()->sweep().empty(), 60000);
        for (double users : {1000.0, 2000.0, 3000.0, 10000.0}) {
            window.setUsers(users);
            QTRY_VERIFY_WITH_TIMEOUT(window.solver()->simulated() && *window.solver()->simulated()->users == users, 180000);
        }
        ResponseTimeChart* chart = window.responseTimeChart();
        QTRY_COMPARE(chart->series("simulated mean").size(), 5);
        const auto curve = chart->series("mean");
        for (const QPointF& p : chart->series("simulated mean")) {
            const double drawn = curveAt(curve, p.x());
            qInfo("chart at %.0f users: analytic mean %.4f s, simulated %.4f s", p.x(), drawn, p.y());
            QVERIFY2(std::fabs(drawn / p.y() - 1) <= 0.10, qPrintable(QString("at %1 users").arg(p.x())));
        }
        if (const QByteArray path = qgetenv("HEADROOM_CHART_PNG"); !path.isEmpty()) QVERIFY(chart->exportTo(QString::fromLocal8Bit(path), 960, 560));
    }
};

QTEST_MAIN(TestGuiAnalyticVsDes)
#include "tst_gui_analytic_vs_des.moc"
