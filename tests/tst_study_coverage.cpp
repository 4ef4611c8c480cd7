// Issue 20's acceptance: "On 01-monolith with app and database demands ±30%:
// for 20 architectures drawn from the ranges, the DES-measured first break of
// each lies within the study's P5-P95 interval (at least 18 of 20)."
//
// The study (200 samples, the first break placed by the DES, as `study
// --phases off`) gives P5-P95; architectures are then drawn independently of
// the study's hypercube (uniform within each range, from their own stream,
// seed fixed here before any run), written as plain files, and each one's
// first break measured the way every command measures it (roadmap::Study,
// the DES placing it, the default seed: what `sweep FILE` prints).
//
// Why the check below is "at least 32 of 40" and not "18 of 20": P5-P95 of an
// honest study is a 90% prediction interval (200 samples: the order
// statistics' coverage is (k - j)/(n + 1) ~ 0.90), so the count inside is
// Binomial(N, 0.9). For N = 20, P(count >= 18) = 1 - 0.3231 = 0.68: the
// issue's rule fails an honest interval one time in three, whatever the code.
// For N = 40, P(count <= 31) = 0.0155: an honest interval fails this test
// about once in 65 seeds, while one that covers only 75% passes it with
// P(count >= 32) = 0.18 and one that covers 50% never (P < 1e-4). The count
// of the first 20 draws (the figure) is printed beside it.

#include <QFile>
#include <QtTest>
#include <cstdio>
#include <string>

#include "des/random_stream.h"
#include "io/loader.h"
#include "roadmap/study.h"
#include "roadmap/uncertainty_study.h"

using namespace headroom;

namespace {

const char* kAppLine = "demand: {page: 20ms, api: 8ms, write: 15ms, static: 12ms}";
const char* kDbLine = "demand: {page: 1.5ms, api: 1.2ms, write: 3ms}";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) return {};
    return text.replace(at, from.size(), to);
}

std::string ms(double seconds) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9gms", seconds * 1000.0);
    return buf;
}

}  // namespace

class TestStudyCoverage : public QObject {
    Q_OBJECT

private slots:
    void desMeasuredBreaksLieInTheInterval() {
        QFile f(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures/01-monolith.yaml"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const std::string preset = f.readAll().toStdString();
        const std::string uncertain =
            replaced(replaced(preset, kAppLine,
                              "demand: {page: 20ms ± 30%, api: 8ms ± 30%, write: 15ms ± 30%, static: 12ms ± 30%}"),
                     kDbLine, "demand: {page: 1.5ms ± 30%, api: 1.2ms ± 30%, write: 3ms ± 30%}");
        QVERIFY2(!uncertain.empty(), "the preset's demands changed: update this test");

        roadmap::UncertaintyStudyOptions options;
        options.samples = 200;
        options.phases = false;
        const auto whole = roadmap::runUncertaintyStudy(uncertain, "01-uncertain.yaml", options);
        const auto summary = roadmap::summarise(whole);
        QCOMPARE(whole.setup.method, std::string("des"));
        QVERIFY(std::isfinite(summary.p5) && std::isfinite(summary.p95) && summary.p5 < summary.p95);

        // The draws: their own seed and stream, fixed before the first run (not the study's).
        const double app[] = {0.020, 0.008, 0.015, 0.012};
        const double db[] = {0.0015, 0.0012, 0.003};
        des::RandomStream draw(2020, 7, 0);
        constexpr int kDraws = 40;
        int inside = 0, insideFirst20 = 0, below = 0, above = 0;
        for (int i = 0; i < kDraws; ++i) {
            double a[4], d[3];
            for (int k = 0; k < 4; ++k) a[k] = app[k] * (0.7 + 0.6 * draw.uniform());
            for (int k = 0; k < 3; ++k) d[k] = db[k] * (0.7 + 0.6 * draw.uniform());
            const std::string text =
                replaced(replaced(preset, kAppLine,
                                  "demand: {page: " + ms(a[0]) + ", api: " + ms(a[1]) + ", write: " + ms(a[2]) +
                                      ", static: " + ms(a[3]) + "}"),
                         kDbLine, "demand: {page: " + ms(d[0]) + ", api: " + ms(d[1]) + ", write: " + ms(d[2]) + "}");
            roadmap::StudyOptions study;  // the defaults every command uses: DES confirmation, seed 1
            roadmap::Study s(io::loadString(text, "draw.yaml"), study);
            const auto& b = s.firstBreak();
            QVERIFY2(b.has_value(), "a draw holds to the target: the ranges no longer fit the preset");
            QCOMPARE(b->method, std::string("des"));
            const bool in = b->users >= summary.p5 && b->users <= summary.p95;
            inside += in;
            if (i < 20) insideFirst20 += in;
            below += b->users < summary.p5;
            above += b->users > summary.p95;
            qInfo("draw %2d: first break %.0f (%s at %s) %s", i + 1, b->users, b->check.metric.c_str(),
                  b->check.where.c_str(), in ? "inside" : "OUTSIDE");
        }
        qInfo(
            "study P5 %.0f  P50 %.0f  P95 %.0f; %d of %d draws inside (%d below, %d above); the first 20: %d of 20 "
            "(the issue asks for 18)",
            summary.p5, summary.p50, summary.p95, inside, kDraws, below, above, insideFirst20);
        QVERIFY2(inside >= 32, qPrintable(QStringLiteral("%1 of 40 inside P5-P95: an honest 90% interval gives fewer "
                                                         "than 32 with probability 0.016")
                                              .arg(inside)));
    }
};

QTEST_GUILESS_MAIN(TestStudyCoverage)
#include "tst_study_coverage.moc"
