// File ▸ Calibrate from Measurements… (issue 19): the dialog fits the open
// architecture to a measurements CSV on a worker thread and applies the
// fitted demands as one undoable edit. The measurements are the analytic
// solver's own answers for a model with known demands (the "truth"), so the
// utilisation law holds exactly in them and the fit must give the truth back
// up to the 4 significant digits calibrate writes.

#include "architecture_document.h"
#include "calibrate_dialog.h"
#include "analytic/solver.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace headroom;

namespace {

// Two hosts, three components: web (on its own host), app and db sharing one
// 2-core host; the entry `web` has a 5 ms non-CPU delay in the truth.
const char* kTruth = R"(name: calibrate me
workload: {users: 10, think_time: 1s}
hosts:
  - {id: front, cores: 1}
  - {id: back, cores: 2}
components:
  - {id: web, host: front, demand: 3ms, latency: 5ms, calls: [{to: app}]}
  - {id: app, host: back, demand: 7ms, calls: [{to: db, visits: 2}]}
  - {id: db, host: back, demand: 4ms}
)";

// The architecture as the user has it before calibrating: guessed demands, no delay.
const char* kGuess = R"(name: calibrate me
workload: {users: 10, think_time: 1s}
hosts:
  - {id: front, cores: 1}
  - {id: back, cores: 2}
components:
  - {id: web, host: front, demand: 10ms, calls: [{to: app}]}
  - {id: app, host: back, demand: 10ms, calls: [{to: db, visits: 2}]}
  - {id: db, host: back, demand: 10ms}
)";

/// The truth solved analytically at three loads, written as the long CSV;
/// `back` has its per-component rows too (two unknowns on one host).
QString writeMeasurements(const QString& dir) {
    const spec::Architecture truth = io::loadString(kTruth, "truth.yaml");
    QString csv = QStringLiteral("level,metric,where,class,value\n");
    for (int users : {5, 10, 20}) {
        spec::Architecture a = truth;
        a.workload.users = users;
        const graph::Graph g = graph::build(a);
        const stats::Results r = analytic::solve(g);
        const auto level = QString::number(users);
        csv += QStringLiteral("%1,users,system,,%1\n%1,think_time,system,,1\n").arg(level);
        csv += QStringLiteral("%1,throughput,system,,%2\n").arg(level).arg(r.throughput, 0, 'g', 12);
        csv += QStringLiteral("%1,response_time_mean,system,,%2\n").arg(level).arg(r.responseTime.mean, 0, 'g', 12);
        for (const auto& h : r.hosts) csv += QStringLiteral("%1,utilization,%2,,%3\n").arg(level, QString::fromStdString(h.name)).arg(h.utilization, 0, 'g', 12);
        for (const auto& c : r.components)
            if (c.name != "web") csv += QStringLiteral("%1,utilization,%2,,%3\n").arg(level, QString::fromStdString(c.name)).arg(c.utilization, 0, 'g', 12);
    }
    const QString path = dir + QStringLiteral("/measured.csv");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(csv.toUtf8());
    return path;
}

double demandOf(const spec::Architecture& a, const std::string& id) {
    for (const auto& c : a.components)
        if (c.id == id) return c.demand.fallback.value_or(-1.0);
    return -1.0;
}

double latencyOf(const spec::Architecture& a, const std::string& id) {
    for (const auto& c : a.components)
        if (c.id == id) return c.latency;
    return -1.0;
}

}  // namespace

class TestGuiCalibrate : public QObject {
    Q_OBJECT
private slots:
    void appliesTheTruthAsOneUndoableEdit() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString csv = writeMeasurements(dir.path());
        QVERIFY(!csv.isEmpty());
        ui::ArchitectureDocument document;
        QString error;
        QVERIFY2(document.loadText(QString::fromUtf8(kGuess), QString(), &error), qPrintable(error));
        const int stepsBefore = document.undoStack()->count();

        ui::CalibrateDialog dialog(&document);
        QSignalSpy finished(&dialog, &ui::CalibrateDialog::finished);
        dialog.run(csv);
        QVERIFY(dialog.running() || finished.count() == 1);
        QVERIFY(finished.count() == 1 || finished.wait(120000));
        QVERIFY2(dialog.calibration().has_value(), qPrintable(dialog.error()));
        // The tables show what was fitted: 3 demands + the delay, and the 3 levels.
        QCOMPARE(dialog.demandsTable()->rowCount(), 4);
        QCOMPARE(dialog.levelsTable()->rowCount(), 3);

        QVERIFY(dialog.apply());
        QCOMPARE(document.undoStack()->count(), stepsBefore + 1);
        // Tolerance: calibrate writes 4 significant digits (a rounding of at most
        // 5e-4 relative); the measurements hold the utilisation law exactly.
        const auto& applied = document.architecture();
        for (const auto& [id, truth] : {std::pair{"web", 3e-3}, std::pair{"app", 7e-3}, std::pair{"db", 4e-3}}) {
            const double v = demandOf(applied, id);
            QVERIFY2(std::fabs(v / truth - 1.0) < 6e-4, qPrintable(QStringLiteral("%1: %2 s, truth %3 s").arg(id).arg(v).arg(truth)));
        }
        // The delay is measured R minus the model's R at the same users without
        // it. Without the delay the cycle is 5 ms (0.5%) shorter, so the model
        // runs ~0.5% more throughput and queues a little longer; at these loads
        // (the back host at most ~15% busy) its waits are ~15% of its ~19 ms
        // of service, so the gap falls short of 5 ms by far less than 3%.
        const double delay = latencyOf(applied, "web");
        QVERIFY2(std::fabs(delay / 5e-3 - 1.0) < 0.03, qPrintable(QString::number(delay)));

        document.undoStack()->undo();
        QCOMPARE(demandOf(document.architecture(), "web"), 10e-3);
        QCOMPARE(demandOf(document.architecture(), "app"), 10e-3);
        QCOMPARE(demandOf(document.architecture(), "db"), 10e-3);
        QCOMPARE(latencyOf(document.architecture(), "web"), 0.0);
        document.undoStack()->redo();
        QVERIFY(std::fabs(demandOf(document.architecture(), "app") / 7e-3 - 1.0) < 6e-4);
    }

    void badCsvNamesTheRowAndCancelStops() {
        QTemporaryDir dir;
        const QString csv = dir.path() + QStringLiteral("/bad.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("level,metric,where,class,value\n1,users,system,,10\n1,throughput,system,,8\n1,utilization,back,,1.4\n");
        f.close();
        ui::ArchitectureDocument document;
        QString error;
        QVERIFY(document.loadText(QString::fromUtf8(kGuess), QString(), &error));
        ui::CalibrateDialog dialog(&document);
        QSignalSpy finished(&dialog, &ui::CalibrateDialog::finished);
        dialog.run(csv);
        QVERIFY(finished.count() == 1 || finished.wait(60000));
        QVERIFY(!dialog.calibration());
        QVERIFY2(dialog.error().startsWith(csv + QStringLiteral(":4:")), qPrintable(dialog.error()));
        QVERIFY(!dialog.apply());
        QCOMPARE(document.undoStack()->count(), 0);

        // Cancel: asked before the worker reaches its first simulated level.
        const QString good = writeMeasurements(dir.path());
        dialog.run(good);
        dialog.cancel();
        QVERIFY(finished.wait(60000));
        QVERIFY(!dialog.calibration());
        QCOMPARE(dialog.error(), QStringLiteral("Cancelled."));
    }
};

QTEST_MAIN(TestGuiCalibrate)
#include "tst_gui_calibrate.moc"
