// One study, one answer (issue 11): the first break of an architecture —
// its load, metric and place — is the same in every view: the desktop's
// "Breaks first" and "Build next" panels and the roadmap panel (offscreen),
// `headroom-cli sweep` and `headroom-cli roadmap` JSON, and the audit
// report's executive summary. Every preset, and a file with no `entry:`
// whose first component is called by another (requests enter at the first
// component nobody calls, not the first listed), with breaks placed by the
// analytic solver; then 01 and that file with breaks placed by simulation
// (the default of the CLI and the report, and what the desktop shows once
// its simulation has run).
//
// No expected value is written here: the test reads each view and requires
// them to agree exactly (same whole number of users, same metric and place),
// and that the break is a real crossing (it holds at its last good load and
// fails at its load, by the study's own solver), which the views could not
// all fake together.
#include "analysis_controller.h"
#include "breaks_first_panel.h"
#include "build_next_panel.h"
#include "io/loader.h"
#include "io/metrics.h"
#include "main_window.h"
#include "metric_text.h"
#include "report.h"
#include "report_data.h"
#include "roadmap/study.h"
#include "roadmap_panel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"

using namespace headroom;

namespace {

struct FirstBreak {
    long long users = -1;
    QString metric;
    QString where;
    [[nodiscard]] QString text() const { return QStringLiteral("%1 at %2, %3 users").arg(metric, where).arg(users); }
    bool operator==(const FirstBreak& o) const { return users == o.users && metric == o.metric && where == o.where; }
};

FirstBreak fromCheck(double users, const stats::ThresholdCheck& c) {
    return {std::llround(users), QString::fromStdString(c.metric), QString::fromStdString(c.where)};
}

FirstBreak fromJson(const QJsonObject& o) {
    return {static_cast<long long>(o.value("users").toDouble(-1)), o.value("metric").toString(), o.value("where").toString()};
}

QJsonObject runCli(const QStringList& args) {
    QProcess process;
    process.start(QStringLiteral(HEADROOM_CLI), args);
    if (!process.waitForFinished(300000)) return {};
    if (process.exitCode() != 0) {
        qWarning() << "headroom-cli" << args << "exited" << process.exitCode() << process.readAllStandardError();
        return {};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

QString confirmName(roadmap::Confirmation c) { return QString::fromLatin1(roadmap::toString(c)); }

/// The text shown for a break in the panels: "<metric label> at <where>" and "<users> users".
bool showsBreak(const QString& text, const FirstBreak& b) {
    stats::ThresholdCheck check;
    check.metric = b.metric.toStdString();
    check.where = b.where.toStdString();
    const QString name = ui::breakName(check).toHtmlEscaped();
    const QString users = QString::fromStdString(io::formatUsers(static_cast<double>(b.users))) + QStringLiteral(" users");
    return text.contains(name) && text.contains(users);
}

QStringList files() {
    QStringList out;
    const QDir presets(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures"));
    for (const QString& f : presets.entryList({QStringLiteral("[0-9][0-9]-*.yaml")}, QDir::Files, QDir::Name))
        out << presets.filePath(f);
    out << QStringLiteral(HEADROOM_SOURCE_DIR "/tests/data/no-entry-db-first.yaml");
    return out;
}

}  // namespace

class TestOneStudy : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void sameFirstBreakEverywhere_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("confirm");
        // Under AddressSanitizer + UBSan (CI's second part) the same code runs
        // 5-10x slower and what is checked there is memory and undefined
        // behaviour, which one file per path exercises as well as ten: a
        // preset with a cache (04), the file without an entry, and one
        // simulated row. The Release part runs every row.
#ifdef HEADROOM_SANITIZED_BUILD
        const QStringList analytic = files().filter(QRegularExpression(QStringLiteral("/(04-cache|no-entry-db-first)\\.yaml$")));
        const std::initializer_list<const char*> simulated{"tests/data/no-entry-db-first.yaml"};
#else
        const QStringList analytic = files();
        const std::initializer_list<const char*> simulated{"architectures/01-monolith.yaml", "tests/data/no-entry-db-first.yaml"};
#endif
        for (const QString& f : analytic) {
            QTest::newRow(qPrintable(QFileInfo(f).fileName() + " analytic")) << f << static_cast<int>(roadmap::Confirmation::None);
        }
        // Placed by simulation: the CLI's and the report's default.
        for (const char* f : simulated) {
            QTest::newRow((QByteArray(f).split('/').last() + " des").constData())
                << QStringLiteral(HEADROOM_SOURCE_DIR "/") + QString::fromLatin1(f) << static_cast<int>(roadmap::Confirmation::Des);
        }
    }

    void sameFirstBreakEverywhere() {
        QFETCH(QString, file);
        QFETCH(int, confirm);
        const auto method = static_cast<roadmap::Confirmation>(confirm);
        const QString confirmArg = confirmName(method);

        // headroom-cli roadmap: the first phase's break.
        const QJsonObject plan = runCli({"roadmap", file, "--format", "json", "--no-scenarios", "--no-resilience", "--confirm", confirmArg});
        QVERIFY2(!plan.isEmpty(), "headroom-cli roadmap failed");
        const QJsonArray phases = plan.value("phases").toArray();
        QVERIFY2(!phases.isEmpty(), "every file here breaks before 100,000 users");
        const FirstBreak cliRoadmap = fromJson(phases.first().toObject().value("breaks").toObject());
        QVERIFY(cliRoadmap.users > 0);

        // headroom-cli sweep: the first crossing.
        const QJsonObject sweep = runCli({"sweep", file, "--format", "json", "--points", "5", "--confirm", confirmArg});
        QVERIFY2(!sweep.isEmpty(), "headroom-cli sweep failed");
        const QJsonArray crossings = sweep.value("crossings").toArray();
        QVERIFY(!crossings.isEmpty());
        const FirstBreak cliSweep = fromJson(crossings.first().toObject());
        QVERIFY2(cliSweep == cliRoadmap, qPrintable("sweep " + cliSweep.text() + " vs roadmap " + cliRoadmap.text()));

        // The break is a crossing, checked with the study's own solvers: every
        // load threshold holds at its last good load (when there is one) and one
        // fails at its load.
        const spec::Architecture spec = io::loadFile(file.toStdString());
        {
            roadmap::StudyOptions o;
            o.confirm = method;
            o.planner.scenarios = false;
            roadmap::Study study(spec, o);
            const auto& first = study.firstBreak();
            QVERIFY(first.has_value());
            QCOMPARE(fromCheck(first->users, first->check), cliRoadmap);
            if (first->method != "rule") {
                const roadmap::Solver& solver = study.solvers().confirm ? study.solvers().confirm : study.solvers().screen;
                QVERIFY(!roadmap::failingChecks(roadmap::evaluate(spec, first->users, solver).thresholds).empty());
                if (first->lastGoodUsers > 0) {
                    QVERIFY(roadmap::failingChecks(roadmap::evaluate(spec, first->lastGoodUsers, solver).thresholds).empty());
                }
            }
        }

        // The report's executive summary.
        {
            report::ReportOptions ro;
            ro.scenarios = false;
            ro.confirm = method;
            ro.confirmationBudget.replications = 2;  // the key-load checks are not what this test reads
            ro.confirmationBudget.requestsPerReplication = 5000;
            const report::ReportData data = report::compute(graph::build(spec), ro);
            QTemporaryDir dir;
            const QString html = dir.filePath("report.html");
            QString error;
            QVERIFY2(report::write(data, html, &error), qPrintable(error));
            QFile f(html);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            const QRegularExpression figure(QStringLiteral("Breaks first</div><div class=\"value\">at ([0-9,]+) users</div>"
                                                           "<div class=\"note\">(.*?) at <b>(.*?)</b>"));
            const auto m = figure.match(text);
            QVERIFY2(m.hasMatch(), "the executive summary names the first break");
            const auto& d = io::metric(cliRoadmap.metric.toStdString());
            QCOMPARE(m.captured(1), QString::fromStdString(io::formatUsers(static_cast<double>(cliRoadmap.users))));
            QCOMPARE(m.captured(2), QString::fromUtf8(d.label.data(), static_cast<qsizetype>(d.label.size())));
            QCOMPARE(m.captured(3), cliRoadmap.where.toHtmlEscaped());
        }

        // The desktop's panels, once its study (and, by default, the simulation
        // that confirms it) has finished.
        ui::MainWindow window;
        window.setInteractive(false);
        window.resize(1400, 900);
        window.analysis()->setConfirmationEnabled(method == roadmap::Confirmation::Des);
        QSignalSpy finished(window.analysis(), &ui::AnalysisController::finished);
        QString error;
        QVERIFY2(window.openFile(file, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1 && !window.analysis()->isBusy(), 240000);
        const auto& points = window.breaksFirstPanel()->points();
        QVERIFY(!points.empty());
        QCOMPARE(fromCheck(points.front().users, points.front().check), cliRoadmap);
        QVERIFY2(showsBreak(window.breaksFirstPanel()->summaryText(), cliRoadmap),
                 qPrintable(window.breaksFirstPanel()->summaryText()));
        QVERIFY(window.roadmapPanel()->roadmap().has_value());
        const auto& phase = window.roadmapPanel()->roadmap()->phases.front();
        QCOMPARE(fromCheck(phase.breaks.users, phase.breaks.check), cliRoadmap);
        QVERIFY2(showsBreak(window.roadmapPanel()->phaseToolTip(0), cliRoadmap), qPrintable(window.roadmapPanel()->phaseToolTip(0)));
        QVERIFY2(showsBreak(window.buildNextPanel()->detailText(), cliRoadmap), qPrintable(window.buildNextPanel()->detailText()));
    }
};

QTEST_MAIN(TestOneStudy)
#include "tst_one_study.moc"
