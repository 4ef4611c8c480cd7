// The spike scenario over time, in the desktop (Simulate ▸ Run Spike
// Scenario…) and in the chart the report prints (issue 16, item 4):
// ui/scenario_chart reads a SpikeOutcome faithfully and lays its legend
// outside both panels; ScenarioDialog runs the open architecture's spike on a
// worker thread, shows what the simulation measured, and cancels.

#include "scenario_chart.h"
#include "scenario_dialog.h"
#include "io/loader.h"

#include <qcustomplot.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace headroom;

namespace {

spec::Architecture parse(const std::string& yaml) { return io::loadString(yaml, "scenario.yaml"); }

/// Exact MVA for one queueing station (demand D) with N users thinking Z:
/// R(n) = D (1 + Q(n-1)), X(n) = n / (Z + R(n)), Q(n) = X(n) R(n)
/// (Reiser & Lavenberg 1980). Returns Q(N), the mean requests present.
double mvaQueue(int users, double demand, double think) {
    double q = 0.0;
    for (int n = 1; n <= users; ++n) {
        const double r = demand * (1.0 + q);
        const double x = n / (think + r);
        q = x * r;
    }
    return q;
}

}  // namespace

class TestGuiScenario : public QObject {
    Q_OBJECT
private slots:
    void seriesReadTheOutcome() {
        roadmap::SpikeOutcome o;
        o.react = 120;
        o.spikeSeconds = 240;
        o.survives = false;
        for (int i = 0; i < 4; ++i) {
            roadmap::SpikePoint p;
            p.time = 10.0 * i;
            p.users = 100.0 * (i + 1);
            p.instances = 2 + i;
            p.queue = 3.5 * i;
            p.errorRate = 0.01 * i;
            o.series.push_back(p);
        }
        const auto s = ui::scenarioSeriesOf(o, QStringLiteral("spike"), 0.001);
        QCOMPARE(s.time.size(), 4);
        QCOMPARE(s.time[3], 30.0);
        QCOMPARE(s.users[2], 300.0);
        QCOMPARE(s.instances[1], 3.0);
        QCOMPARE(s.queue[2], 7.0);
        QCOMPARE(s.errorPercent[3], 3.0);  // a ratio of 0.03 is 3%
        QCOMPARE(s.errorLimitPercent, 0.1);
        QCOMPARE(s.react, 120.0);
        QCOMPARE(s.spikeEnd, 240.0);
    }

    void legendNeverCoversACurve() {
        roadmap::SpikeOutcome o;
        o.react = 20;
        o.spikeSeconds = 40;
        for (int i = 0; i < 8; ++i) {
            roadmap::SpikePoint p;
            p.time = 10.0 * i;
            p.users = i < 4 ? 100.0 * (i + 1) : 100.0;
            p.instances = 2;
            p.queue = i;
            p.errorRate = 0.0;
            o.series.push_back(p);
        }
        QCustomPlot plot;
        plot.resize(760, 330);
        ui::ScenarioStyle style;
        style.font = QFont(QStringLiteral("DejaVu Sans"), 8);
        ui::drawScenario(plot, ui::scenarioSeriesOf(o, QStringLiteral("spike"), 0.001), style);
        plot.replot();
        QCOMPARE(plot.axisRectCount(), 2);
        QVERIFY(plot.legend && plot.legend->visible());
        QCOMPARE(plot.legend->itemCount(), 5);  // users, machines, errors, in the system, the limit
        for (int i = 0; i < plot.axisRectCount(); ++i) {
            QVERIFY2(!plot.legend->outerRect().intersects(plot.axisRect(i)->rect()),
                     "the legend overlaps a panel's plotting area");
        }
        // Both panels share the time range, and it covers every bin.
        QCOMPARE(plot.axisRect(0)->axis(QCPAxis::atBottom)->range().lower, 0.0);
        QCOMPARE(plot.axisRect(1)->axis(QCPAxis::atBottom)->range(), plot.axisRect(0)->axis(QCPAxis::atBottom)->range());
        QVERIFY(plot.axisRect(0)->axis(QCPAxis::atBottom)->range().upper >= 80.0);
        // Drawn twice (a second run in the same window): still two panels, one legend.
        ui::drawScenario(plot, ui::scenarioSeriesOf(o, QStringLiteral("spike"), 0.001), style);
        QCOMPARE(plot.axisRectCount(), 2);
        QCOMPARE(plot.legend->itemCount(), 5);
    }

    void dialogRunsTheSpikeAsTheoryHasIt() {
        // One single-core service, demand 2 ms, 100 users thinking 1 s, spiked
        // x2 within 10 s and held 60 s: 200 users keep the core 40% busy, far
        // from saturation, so the spike survives, the machines stay 1, and the
        // requests present over the hold are exact MVA's Q(200) within 20%
        // (about 12,000 requests over the hold in two replications; the
        // per-bin means of a 0.4-busy queue vary by a few percent each).
        const auto a = parse(R"(name: one service
workload: {users: 100, think_time: 1s}
slo: {resilience: {spike: {factor: 2, ramp: 10s, hold: 60s, react: 20s}}}
components:
  - {id: app, kind: service, cores: 1, demand: 2ms}
)");
        ui::ScenarioDialog dialog;
        QSignalSpy done(&dialog, &ui::ScenarioDialog::finished);
        dialog.run(a, 100);
        QVERIFY(dialog.running());
        QVERIFY(done.wait(120000));
        QVERIFY(dialog.outcome().has_value());
        const auto& o = *dialog.outcome();
        QVERIFY2(o.survives, o.why.c_str());
        QCOMPARE(o.peakUsers, 200.0);
        double queue = 0.0;
        int bins = 0;
        for (const auto& p : o.series) {
            QCOMPARE(p.instances, 1.0);
            if (p.time >= 20.0 && p.time + 10.0 <= 70.0) {  // inside the hold, past the ramp's last backlog
                queue += p.queue;
                ++bins;
            }
        }
        QVERIFY(bins >= 3);
        const double expected = mvaQueue(200, 0.002, 1.0);
        qInfo("requests present over the hold: %.4f simulated, %.4f by MVA", queue / bins, expected);
        QVERIFY2(std::abs(queue / bins - expected) < 0.2 * expected,
                 qPrintable(QStringLiteral("Q over the hold %1, MVA %2").arg(queue / bins).arg(expected)));
        QCOMPARE(dialog.chart()->axisRectCount(), 2);
        QVERIFY(dialog.chart()->graphCount() >= 4);
    }

    void stormSeriesReadTheirOwnFigures() {
        // A flush's points carry the caches' hit ratio and the tier behind
        // them; a retry storm's the goodput. The series take them in % and
        // per second, bins without the figure become gaps, and the top panel
        // shows them instead of the users (the shape), with the trigger at 0.
        roadmap::SpikeOutcome flush;
        flush.spikeSeconds = 240;
        for (int i = 0; i < 3; ++i) {
            roadmap::SpikePoint p;
            p.time = 5.0 * (i - 1);
            p.users = 1000;
            p.instances = 2;
            if (i != 1) p.hitRatio = 0.9 - 0.4 * i;
            p.utilization = 0.3 * (i + 1);
            flush.series.push_back(p);
        }
        const auto f = ui::scenarioSeriesOf(flush, QStringLiteral("cache flush"), 0.001);
        QVERIFY(f.shape == ui::ScenarioShape::CacheFlush);
        QCOMPARE(f.hitPercent.size(), 3);
        QCOMPARE(f.hitPercent[0], 90.0);
        QVERIFY(std::isnan(f.hitPercent[1]));
        QCOMPARE(f.hitPercent[2], 10.0);
        QCOMPARE(f.utilizationPercent[2], 90.0);
        QCOMPARE(f.spikeEnd, 0.0);  // a flush is an instant: no "back to the base load"
        QVERIFY(f.goodput.isEmpty());

        roadmap::SpikeOutcome storm;
        storm.spikeSeconds = 30;
        for (int i = 0; i < 2; ++i) {
            roadmap::SpikePoint p;
            p.time = 5.0 * i;
            p.users = 100;
            p.goodput = 40.0 + i;
            storm.series.push_back(p);
        }
        const auto r = ui::scenarioSeriesOf(storm, QStringLiteral("retry storm"), 0.001);
        QVERIFY(r.shape == ui::ScenarioShape::RetryStorm);
        QCOMPARE(r.goodput[1], 41.0);
        QCOMPARE(r.spikeEnd, 30.0);

        QCustomPlot plot;
        plot.resize(640, 420);
        ui::ScenarioStyle style;
        ui::drawScenario(plot, f, style);
        QCOMPARE(plot.axisRectCount(), 2);
        QStringList names;
        for (int i = 0; i < plot.graphCount(); ++i) names << plot.graph(i)->name();
        QVERIFY2(names.contains(QStringLiteral("cache hit ratio")), qPrintable(names.join(QLatin1Char(','))));
        QVERIFY(!names.contains(QStringLiteral("users")));
        QCOMPARE(plot.axisRect(0)->axis(QCPAxis::atLeft)->range().upper, 112.0);  // shares: 0 to 100% (+12% air)
    }

    void dialogRunsARetryStormAsTheoryHasIt() {
        // One single-core service, demand 2 ms, 100 users thinking 1 s, a
        // timeout of 1 s and 2 retries: before the burst the core is 20% busy
        // and nothing times out, so the goodput (requests answered per second)
        // is the closed network's throughput X(100) by exact MVA (about 98/s).
        // Tolerance 10%: the 30 s settle holds about 3,000 requests per
        // replication, a relative error of about 2% for their rate, and the
        // bins' edges cut a few requests in flight.
        const auto a = parse(R"(name: one service, retried
workload: {users: 100, think_time: 1s}
components:
  - {id: app, kind: service, cores: 1, demand: 2ms, timeout: 1s, retries: {max: 2, backoff: 10ms}}
)");
        ui::ScenarioDialog dialog;
        QSignalSpy done(&dialog, &ui::ScenarioDialog::finished);
        dialog.run(a, 100, ui::ScenarioKind::RetryStorm);
        QVERIFY(done.wait(180000));
        QVERIFY(dialog.outcome().has_value());
        const auto& o = *dialog.outcome();
        double answered = 0.0;
        int bins = 0;
        for (const auto& p : o.series) {
            if (p.time < 0.0 && p.goodput) {  // the settle, before the burst
                answered += *p.goodput;
                ++bins;
            }
        }
        QVERIFY(bins >= 3);
        // X(N) = N / (Z + R(N)), R(N) = D (1 + Q(N - 1)) (the MVA recursion).
        const double expected = 100.0 / (1.0 + 0.002 * (1.0 + mvaQueue(99, 0.002, 1.0)));
        qInfo("goodput before the burst: %.2f/s simulated, %.2f/s by MVA", answered / bins, expected);
        QVERIFY2(std::abs(answered / bins - expected) < 0.1 * expected,
                 qPrintable(QStringLiteral("goodput %1, MVA %2").arg(answered / bins).arg(expected)));
        QVERIFY2(o.survives, o.why.c_str());  // 3 x 100 users keep the core 60% busy: it recovers
        QCOMPARE(dialog.kind(), ui::ScenarioKind::RetryStorm);
    }

    void aScenarioTheArchitectureCannotPlaySaysWhy() {
        // No cache played key by key: nothing to flush; the window says so
        // at once instead of simulating.
        const auto a = parse(R"(name: no cache
workload: {users: 100, think_time: 1s}
components:
  - {id: app, kind: service, cores: 1, demand: 2ms}
)");
        ui::ScenarioDialog dialog;
        QSignalSpy done(&dialog, &ui::ScenarioDialog::finished);
        dialog.run(a, 100, ui::ScenarioKind::CacheFlush);
        QVERIFY(done.wait(5000));  // told after run() returns, so a caller connecting then hears it
        QCOMPARE(done.count(), 1);
        QVERIFY(!dialog.running());
        QVERIFY(!dialog.outcome().has_value());
    }

    void cancelEndsARunSoon() {
        // 20,000 users spiked x10 and held 10 minutes: minutes of simulation;
        // Cancel ends it within seconds (the engine checks every few thousand
        // events) and the window says so instead of showing a partial verdict.
        const auto a = parse(R"(name: big
workload: {users: 20000, think_time: 1s}
slo: {resilience: {spike: {factor: 10, ramp: 60s, hold: 10min}}}
components:
  - {id: app, kind: service, cores: 64, demand: 2ms}
)");
        ui::ScenarioDialog dialog;
        QSignalSpy done(&dialog, &ui::ScenarioDialog::finished);
        dialog.run(a, 20000);
        QTest::qWait(300);
        QVERIFY(dialog.running());
        QElapsedTimer t;
        t.start();
        dialog.cancel();
        QVERIFY(done.wait(30000));
        QVERIFY2(t.elapsed() < 10000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(!dialog.outcome().has_value());
    }
};

QTEST_MAIN(TestGuiScenario)
#include "tst_gui_scenario.moc"
