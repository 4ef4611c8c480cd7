// Issue 20 in the audit report: a file with ranges gets an Uncertainty
// section whose figures are the model's study of the file (the same numbers
// `headroom-cli study` prints for the same options, never the report's own),
// with the band and tornado charts, the probability per phase, and the
// report's wall budget respected. A file without ranges gets no section.

#include <QApplication>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <cmath>

#include "graph/graph.h"
#include "io/loader.h"
#include "report.h"
#include "report_document.h"
#include "roadmap/uncertainty_study.h"

using namespace headroom;

namespace {

// One service on one VM, its demand uncertain: the first break is its utilisation limit.
const char* kFile = R"(name: uncertain service
workload: {users: 100, think_time: 1s}
hosts:
  - {id: vm1, cores: 1, cost_month: 50}
components:
  - {id: app, kind: service, host: vm1, threads: 64, demand: 10ms ± 30%}
)";

report::ReportOptions options() {
    report::ReportOptions o;
    o.from = 10;
    o.target = 1000;
    o.scenarios = false;
    o.confirm = roadmap::Confirmation::None;  // the analytic solver: structure and provenance are under test
    o.sourceFile = "uncertain.yaml";
    o.sourceText = kFile;
    o.chartPoints = 9;
    return o;
}

}  // namespace

class TestReportUncertainty : public QObject {
    Q_OBJECT

private slots:
    void sectionIsTheModelsStudy() {
        const spec::Architecture spec = io::loadString(kFile, "uncertain.yaml");
        QCOMPARE(spec.uncertain.size(), std::size_t(1));
        const graph::Graph g = graph::build(spec);
        const report::ReportData data = report::compute(g, options());
        QVERIFY(data.uncertainty.has_value());

        // The model's study with the options the report states it uses (its range, seed, method; the default sample
        // count).
        roadmap::UncertaintyStudyOptions study;
        study.seed = options().plannerBudget.seed;
        study.study.planner.search.from = 10;
        study.study.planner.search.to = 1000;
        study.study.confirm = roadmap::Confirmation::None;
        const auto whole = roadmap::runUncertaintyStudy(kFile, "uncertain.yaml", study);
        const auto expected = roadmap::summarise(whole);
        const auto& got = data.uncertainty->summary;
        QCOMPARE(got.p5, expected.p5);
        QCOMPARE(got.p50, expected.p50);
        QCOMPARE(got.p95, expected.p95);
        QCOMPARE(got.phases.size(), expected.phases.size());
        QVERIFY(!got.phases.empty());
        // One input: the break falls as the demand grows (utilisation X D): rho = -1.
        QVERIFY(got.sensitivity.front().rankCorrelation < -0.99);
        // Rough theory check: the first break sits near the utilisation limit 0.8 = X D with X = N / (Z + R),
        // R >= D: N* ~ 0.8 (Z + R) / D = 0.8 x 1.0x / 0.010 ~ 80-90 users at the midpoint; the band
        // spans the demand's +-30% (1/1.3 to 1/0.7 of it): P95 / P5 within (1.3 / 0.7) +- 15%.
        QVERIFY2(expected.p50 > 70 && expected.p50 < 110, qPrintable(QString::number(expected.p50)));
        QVERIFY2(std::abs(expected.p95 / expected.p5 / (1.3 / 0.7) - 1) < 0.15,
                 qPrintable(QString::number(expected.p95 / expected.p5)));

        const report::ReportDocument doc = report::buildDocument(data);
        int heading = -1, figures = 0;
        bool keyFigures = false, phaseTable = false;
        for (int i = 0; i < static_cast<int>(doc.blocks.size()); ++i) {
            const auto& b = doc.blocks[i];
            if (b.kind == report::Block::Kind::Heading && b.anchor == QStringLiteral("uncertainty")) heading = i;
            if (heading < 0 || i <= heading) continue;
            if (b.kind == report::Block::Kind::Heading) break;  // the next section
            if (b.kind == report::Block::Kind::Figure && !b.figure.image.isNull()) ++figures;
            if (b.kind == report::Block::Kind::KeyFigures) {
                keyFigures =
                    b.figures.size() == 3 && b.figures[0].value.contains(QString::number(std::lround(expected.p5)));
            }
            if (b.kind == report::Block::Kind::Table) phaseTable = b.table.rows.size() == got.phases.size();
        }
        QVERIFY(heading >= 0);
        QCOMPARE(figures, 2);  // the band and the tornado
        QVERIFY(keyFigures);
        QVERIFY(phaseTable);

        QTemporaryDir dir;
        const QString html = dir.filePath(QStringLiteral("r.html"));
        QString error;
        QVERIFY2(report::write(data, html, &error), qPrintable(error));
    }

    void noRangesNoSection() {
        std::string plain = kFile;
        plain.replace(plain.find("10ms ± 30%"), std::string("10ms ± 30%").size(), "10ms");
        auto o = options();
        o.sourceText = plain;
        const report::ReportData data = report::compute(graph::build(io::loadString(plain, "plain.yaml")), o);
        QVERIFY(!data.uncertainty.has_value());
        const auto doc = report::buildDocument(data);
        for (const auto& b : doc.blocks) QVERIFY(b.anchor != QStringLiteral("uncertainty"));
    }

    void wallBudgetStopsIt() {
        // The report's cancel poll (the CLI's --max-wall) reaches the study: asked to stop, it throws.
        auto o = options();
        const spec::Architecture spec = io::loadString(kFile, "uncertain.yaml");
        std::atomic<bool> stop{false};
        o.cancelled = [&stop] { return stop.load(); };
        o.progress = [&stop](const std::string& line) {
            if (line.rfind("studying the", 0) == 0) stop = true;  // ... but from the study of the ranges on
        };
        QVERIFY_THROWS_EXCEPTION(roadmap::StudyCancelled, (void)report::compute(graph::build(spec), o));
        QVERIFY(stop.load());
    }
};

QTEST_MAIN(TestReportUncertainty)
#include "tst_report_uncertainty.moc"
