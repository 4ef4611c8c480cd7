// Issue 20 on the desktop: Simulate ▸ Run Uncertainty Study… (ui/study_dialog)
// runs the model's study on a worker thread and shows the first break's band
// (ui/study_band_chart) and the tornado (ui/tornado_chart); Cancel ends it.

#include <qcustomplot.h>

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

#include "architecture_document.h"
#include "study_band_chart.h"
#include "study_dialog.h"
#include "tornado_chart.h"

using namespace headroom;

namespace {

// Open M/M/1 with an uncertain demand D ~ Uniform[10 ms, 20 ms] and an SLO
// loose enough that the utilisation limit (80%) breaks first.
const char* kOpenQueue = R"(name: uncertain queue
workload: {arrival_rate: 10/s}
slo: {p95: 5s, p99: 10s}
components:
  - {id: app, cores: 1, demand: {low: 10ms, high: 20ms}}
)";

}  // namespace

class TestGuiStudy : public QObject {
    Q_OBJECT

private slots:
    void bandAgainstTheory() {
        // The document keeps the ranges in the text the dialog studies.
        ui::ArchitectureDocument document;
        QString error;
        QVERIFY2(document.loadText(QString::fromUtf8(kOpenQueue), QStringLiteral("queue.yaml"), &error),
                 qPrintable(error));
        QVERIFY2(document.yamlText().contains(QStringLiteral("low: 10ms")), qPrintable(document.yamlText()));

        roadmap::UncertaintyStudyOptions options;
        options.samples = 40;
        options.phases = false;
        options.study.confirm = roadmap::Confirmation::None;  // the analytic solver: M/M/1 exactly
        options.study.planner.search.from = 1;
        options.study.planner.search.to = 1000;
        ui::StudyDialog dialog;
        dialog.resize(860, 820);
        dialog.show();
        QSignalSpy done(&dialog, &ui::StudyDialog::finished);
        dialog.run(document.yamlText(), QStringLiteral("queue.yaml"), options);
        QVERIFY(done.wait(60000));
        QVERIFY2(dialog.summary().has_value(), qPrintable(dialog.verdictText()));
        const auto& s = *dialog.summary();
        // Open M/M/1: U = lambda D, so the utilisation limit 0.8 breaks at lambda* = 0.8 / D,
        // decreasing in D: the break's p-quantile is 0.8 / (D's (1-p)-quantile), D's q-quantile
        // being 10 ms + q x 10 ms. P50 = 0.8/0.015 = 53.33/s, P95 = 0.8/0.0105 = 76.19/s,
        // P5 = 0.8/0.0195 = 41.03/s. Tolerance 4%: each break is the first failing load of a
        // bisection bracket of ratio <= 1.02 (P5 from the brackets' holding ends, 2% below), and
        // the Latin hypercube's 40 strata place each quantile of D within 1/40 of its range
        // (2.5% of the value at most).
        QVERIFY2(std::abs(s.p50 / (0.8 / 0.015) - 1) < 0.04, qPrintable(QString::number(s.p50)));
        QVERIFY2(std::abs(s.p95 / (0.8 / 0.0105) - 1) < 0.04, qPrintable(QString::number(s.p95)));
        QVERIFY2(std::abs(s.p5 / (0.8 / 0.0195) - 1) < 0.04, qPrintable(QString::number(s.p5)));
        // One input, monotone: rank correlation -1 exactly (Spearman of a decreasing function).
        QCOMPARE(s.sensitivity.size(), std::size_t(1));
        QVERIFY2(s.sensitivity.front().rankCorrelation < -0.99,
                 qPrintable(QString::number(s.sensitivity.front().rankCorrelation)));

        // The band chart: the empirical distribution (40 breaks + both ends) and the bands.
        QCOMPARE(dialog.bandChart()->graphCount(), 1);
        QCOMPARE(dialog.bandChart()->graph(0)->dataCount(), 42);
        QVERIFY(dialog.bandChart()->itemCount() >= 4);
        // The tornado: one bar's two halves (plus the median line and its label), the low demand breaking later.
        const auto tornado = ui::tornadoSeriesOf(s);
        QCOMPARE(tornado.bars.size(), 1);
        QVERIFY(tornado.bars.front().whenLow > tornado.bars.front().whenHigh);
        QVERIFY(dialog.tornadoChart()->itemCount() >= 3);
        QVERIFY(dialog.verdictText().contains(QStringLiteral("First break")));
    }

    void cancelEndsAStudySoon() {
        // 01-monolith with its seven demands ±30%, 400 samples, each placed by the DES:
        // minutes of work. Cancel ends it within seconds and no partial answer is shown.
        QFile f(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures/01-monolith.yaml"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(f.readAll());
        text.replace(
            QStringLiteral("demand: {page: 20ms, api: 8ms, write: 15ms, static: 12ms}"),
            QStringLiteral("demand: {page: 20ms ± 30%, api: 8ms ± 30%, write: 15ms ± 30%, static: 12ms ± 30%}"));
        QVERIFY(text.contains(QStringLiteral("±")));
        roadmap::UncertaintyStudyOptions options;
        options.samples = 400;
        ui::StudyDialog dialog;
        QSignalSpy done(&dialog, &ui::StudyDialog::finished);
        dialog.run(text, QStringLiteral("01-uncertain.yaml"), options);
        QTest::qWait(500);
        QVERIFY(dialog.running());
        QElapsedTimer t;
        t.start();
        dialog.cancel();
        QVERIFY(done.wait(30000));
        QVERIFY2(t.elapsed() < 10000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(!dialog.summary().has_value());
        QCOMPARE(dialog.verdictText(), QStringLiteral("Cancelled."));
    }
};

QTEST_MAIN(TestGuiStudy)
#include "tst_gui_study.moc"
