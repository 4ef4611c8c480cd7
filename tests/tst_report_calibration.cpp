// The report's Calibration section (issue 19, ui/report/report_calibration):
// given the measurements, it shows the planned architecture against them.
// The measurements are the analytic solver's own answers for the very file
// the report plans with, so every predicted throughput must equal the
// measured one (error 0 up to the CSV's 12 digits) and every demand in the
// file must lie inside its fitted interval; a bad CSV names its row.

#include "report_calibration.h"
#include "report_data.h"
#include "report_document.h"
#include "analytic/solver.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace headroom;

namespace {

const char* kModel = R"(name: report calibration
workload: {users: 10, think_time: 1s}
hosts:
  - {id: front, cores: 1}
  - {id: back, cores: 2}
components:
  - {id: web, host: front, demand: 3ms, calls: [{to: app}]}
  - {id: app, host: back, demand: 7ms, calls: [{to: db, visits: 2}]}
  - {id: db, host: back, demand: 4ms}
)";

QString writeMeasurements(const QString& dir, const spec::Architecture& truth) {
    QString csv = QStringLiteral("level,metric,where,class,value\n");
    for (int users : {5, 10, 20, 40}) {
        spec::Architecture a = truth;
        a.workload.users = users;
        const stats::Results r = analytic::solve(graph::build(a));
        const auto level = QString::number(users);
        csv += QStringLiteral("%1,users,system,,%1\n%1,think_time,system,,1\n").arg(level);
        csv += QStringLiteral("%1,throughput,system,,%2\n").arg(level).arg(r.throughput, 0, 'g', 12);
        csv += QStringLiteral("%1,response_time_mean,system,,%2\n").arg(level).arg(r.responseTime.mean, 0, 'g', 12);
        for (const auto& h : r.hosts)
            csv += QStringLiteral("%1,utilization,%2,,%3\n").arg(level, QString::fromStdString(h.name)).arg(h.utilization, 0, 'g', 12);
        // app and db share `back`: their own rows separate them (one class).
        for (const auto& c : r.components)
            if (c.name != "web")
                csv += QStringLiteral("%1,utilization,%2,,%3\n").arg(level, QString::fromStdString(c.name)).arg(c.utilization, 0, 'g', 12);
    }
    const QString path = dir + QStringLiteral("/m.csv");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(csv.toUtf8());
    return path;
}

}  // namespace

class TestReportCalibration : public QObject {
    Q_OBJECT
private slots:
    void sectionReadsTheModel() {
        QTemporaryDir dir;
        const spec::Architecture planned = io::loadString(kModel, "model.yaml");
        const QString csv = writeMeasurements(dir.path(), planned);
        QVERIFY(!csv.isEmpty());
        report::ReportData data;
        data.calibration = report::computeCalibration(planned, csv.toStdString());
        QVERIFY(data.calibration);
        const auto& cal = *data.calibration;
        QCOMPARE(cal.levels.size(), size_t(4));
        for (const auto& level : cal.levels)
            for (const auto& f : level.figures)
                if (f.metric == "throughput") QVERIFY2(std::fabs(f.analytic / f.measured - 1.0) < 1e-9, qPrintable(QString::number(f.analytic)));
        QCOMPARE(cal.fit.demands.size(), size_t(3));
        for (const auto& d : cal.fit.demands) {
            const double inFile = d.component == "web" ? 3e-3 : d.component == "app" ? 7e-3 : 4e-3;
            // Exact data: the fit is the file's value (NNLS on consistent equations, 1e-9 relative).
            QVERIFY2(std::fabs(d.estimate.value / inFile - 1.0) < 1e-9, qPrintable(QString::fromStdString(d.component)));
        }

        report::ReportDocument doc;
        report::calibrationSection(data, doc, 9);
        QVERIFY(doc.blocks.size() >= 5);
        QCOMPARE(doc.blocks.front().kind, report::Block::Kind::Heading);
        QCOMPARE(doc.blocks.front().text, QStringLiteral("9  Calibration"));
        const report::Block* levels = nullptr;
        const report::Block* figure = nullptr;
        const report::Block* verdict = nullptr;
        for (const auto& b : doc.blocks) {
            if (b.kind == report::Block::Kind::Table && !levels) levels = &b;
            if (b.kind == report::Block::Kind::Figure) figure = &b;
            if (b.kind == report::Block::Kind::Callout) verdict = &b;
        }
        QVERIFY(levels && figure && verdict);
        QCOMPARE(levels->table.rows.size(), size_t(4));
        for (const auto& row : levels->table.rows) QCOMPARE(row[4], QStringLiteral("0.0%"));
        QVERIFY(!figure->figure.image.isNull());
        QVERIFY2(verdict->text.contains(QStringLiteral("Every demand in the file lies inside its fitted interval")), qPrintable(verdict->text));

        // Without measurements: no section at all.
        report::ReportData none;
        report::ReportDocument empty;
        report::calibrationSection(none, empty, 9);
        QVERIFY(empty.blocks.empty());
        QVERIFY(!report::computeCalibration(planned, ""));
    }

    void badCsvNamesTheRow() {
        QTemporaryDir dir;
        const QString csv = dir.path() + QStringLiteral("/bad.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("level,metric,where,class,value\n1,users,system,,10\n1,throughput,system,,8\n1,utilization,back,,1.4\n");
        f.close();
        const spec::Architecture planned = io::loadString(kModel, "model.yaml");
        try {
            (void)report::computeCalibration(planned, csv.toStdString());
            QFAIL("no error");
        } catch (const spec::InputError& e) {
            QVERIFY2(QString::fromStdString(e.what()).startsWith(csv + QStringLiteral(":4:")), e.what());
        }
    }
};

QTEST_MAIN(TestReportCalibration)
#include "tst_report_calibration.moc"
