// The roadmap panel's calendar view (issue 15, "shown everywhere"): one bar
// per dated phase from its start-by to its needed-by date, the running cost
// as a step line, tooltips with the builds, dates and runway, and a plan
// without a growth forecast that says so instead of drawing. Every expected
// figure is read from the Roadmap value the planner returned (the test
// writes no dates of its own), so the test checks what the view draws
// against what the model decided.
#include "io/loader.h"
#include "io/units.h"
#include "roadmap/study.h"
#include "roadmap/transformations.h"
#include "roadmap_panel.h"
#include "timeline_chart.h"
#include "timeline_view.h"

#include <QSignalSpy>
#include <QtTest>

#include <algorithm>

using namespace headroom;

namespace {

QString data(const char* file) { return QStringLiteral(HEADROOM_SOURCE_DIR "/tests/data/") + file; }

/// The analytic plan (no DES: the view is under test, not the placement) to a small target.
roadmap::Roadmap planOf(spec::Architecture spec, double from) {
    roadmap::StudyOptions options;
    options.planner.search.from = from;
    options.planner.search.to = 20000;
    options.planner.scenarios = false;
    options.confirm = roadmap::Confirmation::None;
    roadmap::Study study(std::move(spec), options);
    return study.plan();
}

QString iso(int days) { return QString::fromStdString(io::formatIsoDate(days)); }

}  // namespace

class GuiTimeline : public QObject {
    Q_OBJECT

    roadmap::Roadmap dated_;
    roadmap::Roadmap undated_;

private slots:
    void initTestCase() {
        spec::Architecture spec = io::loadFile(data("01-monolith-growth.yaml").toStdString());
        QVERIFY(spec.growth.has_value());
        dated_ = planOf(spec, spec.workload.users.value_or(1000));
        spec.growth.reset();
        undated_ = planOf(spec, 100);
        QVERIFY(dated_.today.has_value());
        QVERIFY2(dated_.phases.size() >= 2, "the 01 plan to 20,000 users has several phases: the test needs at least two bars");
        QVERIFY(!undated_.today.has_value());
    }

    void datedPlanOpensByDateWithOneBarPerPhase() {
        ui::RoadmapPanel panel;
        panel.resize(900, 320);
        panel.show();
        panel.setRoadmap(dated_);
        QCOMPARE(panel.view(), ui::RoadmapPanel::View::Calendar);
        QVERIFY(panel.timelineView()->isVisible());

        // Every phase of this plan has a build and both dates, so one bar each, in order.
        for (const auto& p : dated_.phases) {
            QVERIFY(!p.build.transformation.empty());
            QVERIFY(p.startBy && p.neededBy);
        }
        const QVector<QRectF> bars = ui::drawnBars(*panel.timelineView()->plot());
        QCOMPARE(bars.size(), static_cast<qsizetype>(dated_.phases.size()));
        for (qsizetype i = 0; i < bars.size(); ++i) {
            const auto& p = dated_.phases[static_cast<size_t>(i)];
            // Exact: whole days times 86,400 s are exact in a double.
            QCOMPARE(bars[i].left(), ui::secondsOfDay(*p.startBy));
            QCOMPARE(bars[i].right(), ui::secondsOfDay(*p.neededBy));
            QVERIFY2(bars[i].left() <= bars[i].right(), "start by is never after needed by");
            // One row per phase, phase 1 on the first row (rows are 1 apart: the bar within half a row of its own).
            QVERIFY(std::abs(bars[i].center().y() - static_cast<double>(i)) < 0.5);
        }
    }

    void hoveringABarGivesItsBuildsDatesAndRunway() {
        ui::TimelineView view;
        view.resize(900, 300);
        view.show();
        view.setRoadmap(dated_);
        QVERIFY(view.timeline().has_value());
        const auto& bars = view.timeline()->bars;
        QCOMPARE(bars.size(), dated_.phases.size());
        for (const auto& bar : bars) {
            const auto& p = dated_.phases[static_cast<size_t>(bar.phase)];
            QVERIFY2(bar.toolTip.contains(iso(*p.startBy)), qPrintable(bar.toolTip));
            QVERIFY2(bar.toolTip.contains(iso(*p.neededBy)), qPrintable(bar.toolTip));
            QVERIFY2(bar.toolTip.contains(QStringLiteral("Runway %1 days").arg(p.runwayDays, 0, 'f', 0)), qPrintable(bar.toolTip));
            for (const auto& b : p.builds) {
                const auto* t = roadmap::findTransformation(b.transformation);
                QVERIFY(t);
                QVERIFY2(bar.toolTip.contains(QString::fromStdString(t->title).toHtmlEscaped()), qPrintable(bar.toolTip));
                QVERIFY2(bar.builds.contains(QString::fromStdString(t->title)), qPrintable(bar.builds));
                // Each distinct build once in the label (repeats as "x2").
                QCOMPARE(bar.builds.count(QString::fromStdString(t->title)), 1);
            }
            QCOMPARE(bar.late, p.late);
        }
        // The panel's own tooltip (both views) carries the dates too.
        ui::RoadmapPanel panel;
        panel.setRoadmap(dated_);
        const auto& first = dated_.phases.front();
        QVERIFY(panel.phaseToolTip(0).contains(iso(*first.startBy)));
        QVERIFY(panel.phaseToolTip(0).contains(iso(*first.neededBy)));
    }

    void theBarUnderTheMouseIsItsPhase() {
        ui::RoadmapPanel panel;
        panel.resize(900, 320);
        panel.show();
        panel.setRoadmap(dated_);
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QCustomPlot& plot = *panel.timelineView()->plot();
        QSignalSpy activated(&panel, &ui::RoadmapPanel::phaseActivated);
        const QVector<QRectF> bars = ui::drawnBars(plot);
        for (qsizetype i = 0; i < bars.size(); ++i) {
            // The bar's middle day, on its row, in the plot's pixels (the plot fills the view).
            const QPoint inPlot = ui::pixelOf(plot, bars[i].center()).toPoint();
            QCOMPARE(panel.phaseAt(panel.timelineView()->mapTo(&panel, inPlot)), static_cast<int>(i));
            QTest::mouseClick(panel.timelineView()->plotWidget(), Qt::LeftButton, {}, inPlot);
            QCOMPARE(activated.size(), static_cast<qsizetype>(i + 1));
            QCOMPARE(activated.back().front().toInt(), static_cast<int>(i));
        }
    }

    void theCostLineStepsAtTheCostCurvesDates() {
        ui::TimelineView view;
        view.resize(900, 300);
        view.setRoadmap(dated_);
        const QVector<QPointF> cost = ui::drawnCost(*view.plot());
        // The cost curve's dated points, in order, then one more point carrying the last cost to the axis' end.
        QVector<QPointF> expected;
        for (const auto& c : dated_.costCurve) {
            if (c.date) expected << QPointF(ui::secondsOfDay(std::max(*c.date, *dated_.today)), c.costMonth);
        }
        QVERIFY(!expected.isEmpty());
        QCOMPARE(cost.size(), expected.size() + 1);
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(cost[i].x(), expected[i].x());
            QCOMPARE(cost[i].y(), expected[i].y());
        }
        QCOMPARE(cost.back().y(), expected.back().y());
        QVERIFY(cost.back().x() > expected.back().x());
        // The step up at each phase's needed-by date is that phase's cost before -> the next phase's.
        QCOMPARE(expected.front().y(), dated_.phases.front().build.costMonthBefore);
        QCOMPARE(expected.back().y(), dated_.costMonthFinal);
    }

    void undatedPlanSaysNoForecastAndDrawsNoBars() {
        QVERIFY(!ui::timelineOf(undated_).has_value());
        ui::RoadmapPanel panel;
        panel.resize(900, 320);
        panel.show();
        panel.setRoadmap(undated_);
        QCOMPARE(panel.view(), ui::RoadmapPanel::View::Users);
        QVERIFY(!panel.timelineView()->isVisible());
        panel.setView(ui::RoadmapPanel::View::Calendar);
        QVERIFY(!panel.timelineView()->isVisible());
        QVERIFY(ui::drawnBars(*panel.timelineView()->plot()).isEmpty());
        QCOMPARE(panel.phaseAt(QPoint(450, 160)), -1);
        const QImage picture = panel.grab().toImage();  // paints the "no growth forecast" text without a crash
        QVERIFY(!picture.isNull());
        // Back to users: the bands answer again.
        panel.setView(ui::RoadmapPanel::View::Users);
        QVERIFY(!panel.phaseToolTip(0).isEmpty());
        // A dated plan after an explicit choice keeps that choice.
        panel.setRoadmap(dated_);
        QCOMPARE(panel.view(), ui::RoadmapPanel::View::Users);
    }

    void busyPanelDropsTheTimeline() {
        ui::RoadmapPanel panel;
        panel.resize(900, 320);
        panel.show();
        panel.setRoadmap(dated_);
        panel.setBusy(QStringLiteral("Planning…"));
        QVERIFY(!panel.timelineView()->isVisible());
        QVERIFY(!panel.timelineView()->timeline().has_value());
        QCOMPARE(panel.phaseAt(QPoint(450, 160)), -1);
    }
};

QTEST_MAIN(GuiTimeline)
#include "tst_gui_timeline.moc"
