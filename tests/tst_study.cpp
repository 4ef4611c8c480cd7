// Issue 20: uncertain inputs and studies over them. The sampler (Latin
// hypercube stratification), the midpoint rule, bad ranges, percentiles and
// rank correlation against hand computations, and the scale-out contract:
// shards merged (by the CLI, and through GNU parallel) equal the unsharded
// study byte for byte, whatever the thread count.

#include "io/loader.h"
#include "roadmap/uncertainty_study.h"
#include "roadmap/uncertainty_writer.h"
#include "spec/architecture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

using namespace headroom;

namespace {

// A one-component file (M/M/1 shape) with `demand` written as given.
std::string fileWithDemand(const std::string& demand) {
    return "workload: {users: 100, think_time: 1s}\n"
           "components:\n"
           "  - id: app\n"
           "    cores: 1\n"
           "    demand: " + demand + "\n";
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList& args, int timeoutMs = 240000) {
    QProcess p;
    p.start(QStringLiteral(HEADROOM_CLI), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// 01-monolith with the app's and the database's demands ±30% (the acceptance case).
QString uncertainMonolith(const QTemporaryDir& dir) {
    QByteArray text = readAll(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures/01-monolith.yaml"));
    text.replace("demand: {page: 20ms, api: 8ms, write: 15ms, static: 12ms}",
                 "demand: {page: 20ms ± 30%, api: 8ms ± 30%, write: 15ms ± 30%, static: 12ms ± 30%}");
    text.replace("demand: {page: 1.5ms, api: 1.2ms, write: 3ms}", "demand: {page: 1.5ms ± 30%, api: 1.2ms ± 30%, write: 3ms ± 30%}");
    const QString path = dir.filePath(QStringLiteral("01-uncertain.yaml"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(text);
    return path;
}

}  // namespace

class TestStudy : public QObject {
    Q_OBJECT

private slots:
    // Latin hypercube (McKay, Beckman & Conover 1979): in each dimension the n
    // samples fall one in each of the n strata [k/n, (k+1)/n). Exact: no tolerance.
    void latinHypercubeStratifies() {
        for (const std::size_t n : {1u, 7u, 200u}) {
            const auto u = roadmap::latinHypercube(n, 5, 42);
            QCOMPARE(u.size(), n);
            for (std::size_t d = 0; d < 5; ++d) {
                std::set<std::size_t> strata;
                for (std::size_t i = 0; i < n; ++i) {
                    QVERIFY(u[i][d] >= 0.0 && u[i][d] < 1.0);
                    strata.insert(static_cast<std::size_t>(std::floor(u[i][d] * static_cast<double>(n))));
                }
                QCOMPARE(strata.size(), n);  // every stratum once
            }
        }
        // Drawn from the seed alone: the same seed, the same design; another seed, another.
        QVERIFY(roadmap::latinHypercube(50, 3, 7) == roadmap::latinHypercube(50, 3, 7));
        QVERIFY(roadmap::latinHypercube(50, 3, 7) != roadmap::latinHypercube(50, 3, 8));
        // Dimensions are permuted independently (not the identity in each): some row differs in stratum.
        const auto u = roadmap::latinHypercube(50, 2, 7);
        int differ = 0;
        for (const auto& row : u) differ += std::floor(row[0] * 50) != std::floor(row[1] * 50);
        QVERIFY(differ > 40);
    }

    // The midpoint rule: every command but `study` reads a range at its midpoint.
    void midpointRule() {
        // 20ms ± 30% = 14 ms to 26 ms, midpoint 20 ms.
        auto a = io::loadString(fileWithDemand("20ms ± 30%"), "t.yaml");
        QCOMPARE(a.uncertain.size(), std::size_t(1));
        QCOMPARE(a.uncertain[0].name, std::string("app.demand"));
        QVERIFY(std::abs(a.uncertain[0].low - 0.014) < 1e-15);  // 0.020 x 0.7, to rounding
        QVERIFY(std::abs(a.uncertain[0].high - 0.026) < 1e-15);
        QVERIFY(std::abs(*a.components[0].demand.fallback - 0.020) < 1e-15);
        QCOMPARE(a.uncertain[0].where.line, 5);
        QCOMPARE(a.uncertain[0].where.column, 13);
        // {low: 15ms, high: 30ms}: midpoint 22.5 ms; per class too.
        a = io::loadString(fileWithDemand("{page: {low: 15ms, high: 30ms}, default: 4ms +- 1ms}"), "t.yaml");
        QCOMPARE(a.uncertain.size(), std::size_t(2));
        QCOMPARE(a.uncertain[0].name, std::string("app.demand.page"));
        QVERIFY(std::abs(a.components[0].demand.byClass.at("page") - 0.0225) < 1e-15);
        QVERIFY(std::abs(a.uncertain[1].low - 0.003) < 1e-15);  // absolute spread: 4 ms ± 1 ms
        QVERIFY(std::abs(*a.components[0].demand.fallback - 0.004) < 1e-15);
        // A sample's values replace the midpoints, in file order.
        a = io::loadString(fileWithDemand("{page: {low: 15ms, high: 30ms}, default: 4ms +- 1ms}"), "t.yaml", {0.016, 0.0049});
        QCOMPARE(a.components[0].demand.byClass.at("page"), 0.016);
        QCOMPARE(*a.components[0].demand.fallback, 0.0049);
        // A plain file has none.
        QVERIFY(io::loadString(fileWithDemand("20ms"), "t.yaml").uncertain.empty());
        // Value at u: low + u (high - low).
        spec::UncertainValue v;
        v.low = 10;
        v.high = 30;
        QCOMPARE(v.at(0.25), 15.0);
        QCOMPARE(v.midpoint(), 20.0);
    }

    void badRanges_data() {
        QTest::addColumn<QString>("demand");
        QTest::addColumn<QString>("message");
        QTest::newRow("low above high") << "{low: 30ms, high: 15ms}" << "t.yaml:5:19: error: 'demand': low (30ms) is above high (15ms)";
        QTest::newRow("negative end") << "{low: -5ms, high: 15ms}" << "t.yaml:5:19: error:";
        QTest::newRow("over 100%") << "20ms ± 150%" << "t.yaml:5:13: error: 'demand': ± 150% would make it negative";
        QTest::newRow("absolute past zero") << "2ms +- 5ms" << "t.yaml:5:13: error:";
        QTest::newRow("no unit") << "20 ± 30%" << "t.yaml:5:13: error: 'demand':";
    }
    void badRanges() {
        QFETCH(QString, demand);
        QFETCH(QString, message);
        try {
            (void)io::loadString(fileWithDemand(demand.toStdString()), "t.yaml");
            QFAIL("accepted");
        } catch (const spec::InputError& e) {
            QVERIFY2(QString::fromStdString(e.what()).startsWith(message), e.what());
        }
    }

    void countsAndRatiosAsRanges() {
        // A count is a decision, not an estimate.
        const std::string cores = "workload: {users: 100, think_time: 1s}\ncomponents:\n  - id: app\n    cores: {low: 1, high: 4}\n    demand: 5ms\n";
        try {
            (void)io::loadString(cores, "t.yaml");
            QFAIL("accepted");
        } catch (const spec::InputError& e) {
            QVERIFY2(std::string(e.what()).find("t.yaml:4:12: error: 'cores' cannot be uncertain") == 0, e.what());
        }
        // A ratio's relative spread: 90% ± 5% = 85.5% to 94.5%; past 100% is out of the ratio's bounds.
        const std::string cache = "workload: {users: 100, think_time: 1s}\ncomponents:\n  - id: app\n    demand: 5ms\n"
                                  "    calls: [c]\n  - id: c\n    kind: cache\n    demand: 1ms\n    hit_ratio: HIT\n";
        std::string text = cache;
        text.replace(text.find("HIT"), 3, "90% ± 5%");
        const auto a = io::loadString(text, "t.yaml");
        QVERIFY(std::abs(a.uncertain.at(0).low - 0.855) < 1e-12);
        QVERIFY(std::abs(a.uncertain.at(0).high - 0.945) < 1e-12);
        text = cache;
        text.replace(text.find("HIT"), 3, "{low: 90%, high: 110%}");
        QVERIFY_THROWS_EXCEPTION(spec::InputError, (void)io::loadString(text, "t.yaml"));
    }

    // Hyndman & Fan type 7 by hand: sorted 15, 20, 35, 40, 50 (n = 5).
    //   p = 0.4: h = 4 x 0.4 = 1.6 -> 20 + 0.6 x (35 - 20) = 29
    //   p = 0.1: h = 0.4 -> 15 + 0.4 x 5 = 17;  p = 0.5: h = 2 -> 35;  p = 1: 50
    // Exact in binary up to one rounding: tolerance 1e-12.
    void percentilesByHand() {
        const std::vector<double> v{40, 15, 50, 35, 20};
        QVERIFY(std::abs(roadmap::percentile(v, 0.4) - 29.0) < 1e-12);
        QVERIFY(std::abs(roadmap::percentile(v, 0.1) - 17.0) < 1e-12);
        QCOMPARE(roadmap::percentile(v, 0.5), 35.0);
        QCOMPARE(roadmap::percentile(v, 1.0), 50.0);
        QCOMPARE(roadmap::percentile(v, 0.0), 15.0);
        // A sample that holds to the target counts as +infinity: P95 of {1..19, inf}: h = 19 x 0.95 = 18.05,
        // between 19 and infinity -> infinity ("above the target"); P50: h = 9.5 -> 10.5.
        std::vector<double> w;
        for (int i = 1; i <= 19; ++i) w.push_back(i);
        w.push_back(std::numeric_limits<double>::infinity());
        QVERIFY(std::isinf(roadmap::percentile(w, 0.95)));
        QCOMPARE(roadmap::percentile(w, 0.5), 10.5);
    }

    // Each break is known to its bracket (holds_to, users]: P5 and P10 come from the holding
    // ends, P50..P95 from the breaking ends. 20 samples, sample i (1..20) broken at 100 i and
    // holding at 100 i - 2 (a 2% bracket at i = 1): type 7 on the holding ends {98, 198, ...,
    // 1998}: P5 at h = 19 x 0.05 = 0.95 -> 98 + 0.95 x 100 = 193; on the breaking ends P95 at
    // h = 18.05 -> 1900 + 0.05 x 100 = 1905, P50 at h = 9.5 -> 1050. A sample broken from the
    // start (holds_to 0) counts with its break at both ends. Exact up to rounding: 1e-9.
    void percentilesFromBrackets() {
        roadmap::UncertaintyStudyPart whole;
        whole.setup.samples = 20;
        spec::UncertainValue in;
        in.name = "x";
        in.low = 0;
        in.high = 1;
        whole.setup.inputs = {in};
        for (int i = 1; i <= 20; ++i) {
            roadmap::SampleOutcome o;
            o.index = static_cast<std::size_t>(i - 1);
            o.values = {i / 21.0};
            o.breakUsers = 100.0 * i;
            o.breakHoldsTo = 100.0 * i - 2.0;
            o.metric = "utilization";
            o.where = "vm1";
            whole.outcomes.push_back(o);
        }
        auto s = roadmap::summarise(whole);
        QVERIFY2(std::abs(s.p5 - 193.0) < 1e-9, qPrintable(QString::number(s.p5, 'g', 17)));
        QVERIFY2(std::abs(s.p50 - 1050.0) < 1e-9, qPrintable(QString::number(s.p50, 'g', 17)));
        QVERIFY2(std::abs(s.p95 - 1905.0) < 1e-9, qPrintable(QString::number(s.p95, 'g', 17)));
        whole.outcomes[0].breakHoldsTo = 0;  // broken from the start: 100 at both ends -> P5 = 100 + 0.95 x 98
        s = roadmap::summarise(whole);
        QVERIFY2(std::abs(s.p5 - (100.0 + 0.95 * 98.0)) < 1e-9, qPrintable(QString::number(s.p5, 'g', 17)));
    }

    // Spearman's rho by hand. x = 1..5, y = 2, 1, 4, 3, 5: d = -1, 1, -1, 1, 0, sum d^2 = 4,
    // rho = 1 - 6 x 4 / (5 x 24) = 0.8. Monotone -> 1, reversed -> -1.
    void rankCorrelationByHand() {
        QVERIFY(std::abs(roadmap::rankCorrelation({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5}) - 0.8) < 1e-12);
        QVERIFY(std::abs(roadmap::rankCorrelation({1, 2, 3}, {10, 100, 1000}) - 1.0) < 1e-12);
        QVERIFY(std::abs(roadmap::rankCorrelation({1, 2, 3}, {3, 2, 1}) + 1.0) < 1e-12);
        QCOMPARE(roadmap::rankCorrelation({1, 2, 3}, {7, 7, 7}), 0.0);
    }

    // A part written and read back is the same part (exact numbers).
    void partRoundTrips() {
        roadmap::UncertaintyStudyPart part;
        part.setup.architecture = "x";
        part.setup.method = "des";
        part.setup.samples = 3;
        part.setup.seed = 9;
        part.setup.from = 100;
        part.setup.target = 1e5;
        spec::UncertainValue in;
        in.name = "app.demand";
        in.low = 0.014;
        in.high = 0.026000000000000002;
        part.setup.inputs = {in};
        part.shard = 1;
        part.shardCount = 2;
        roadmap::SampleOutcome o;
        o.index = 1;
        o.values = {0.1 + 0.2};  // not a short decimal
        o.breakUsers = 1381.4142135623731;
        o.breakHoldsTo = 1354.3276603552677;
        o.metric = "utilization";
        o.where = "vm1";
        part.outcomes = {o};
        const std::string text = roadmap::partToJson(part);
        QCOMPARE(roadmap::partToJson(roadmap::partFromJson(text)), text);
        QCOMPARE(roadmap::partFromJson(text).outcomes.at(0).values.at(0), 0.1 + 0.2);
        QCOMPARE(roadmap::partFromJson(text).outcomes.at(0).breakHoldsTo, 1354.3276603552677);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (void)roadmap::partFromJson("{\"x\": 1}"));
    }

    // The CLI: validate counts the ranges; another command notes the midpoint once.
    void cliMidpointNote() {
        QTemporaryDir dir;
        const QString file = uncertainMonolith(dir);
        Run v = cli({"validate", file});
        QCOMPARE(v.exitCode, 0);
        QVERIFY2(v.out.contains(", 7 uncertain values"), v.out.constData());
        QVERIFY(v.err.isEmpty());
        Run a = cli({"analyze", file, "--users", "1000", "--format", "json"});
        QCOMPARE(a.exitCode, 0);
        QCOMPARE(a.err.count("note: 7 uncertain values"), qsizetype(1));
        QCOMPARE(a.err.count('\n'), qsizetype(1));
        // The midpoints are the preset's own values: the same answer as the preset.
        Run preset = cli({"analyze", HEADROOM_SOURCE_DIR "/architectures/01-monolith.yaml", "--users", "1000", "--format", "json"});
        QCOMPARE(a.out, preset.out);
    }

    // Every command ends: past --max-wall the study stops with one line, exit 2
    // (1,000 DES samples take about a minute here; the budget is half a second).
    void maxWallEnds() {
        QTemporaryDir dir;
        const QString file = uncertainMonolith(dir);
        QElapsedTimer clock;
        clock.start();
        Run r = cli({"study", file, "--samples", "1000", "--phases", "off", "--max-wall", "0.5"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("stopped at its --max-wall budget"), r.err.constData());
        QCOMPARE(r.err.count('\n'), qsizetype(1));
        QVERIFY(r.out.isEmpty());
        QVERIFY2(clock.elapsed() < 30000, "a budget of 0.5 s took over 30 s");  // generous: a shared machine
    }

    // Shards merged = the unsharded study, byte for byte; any thread count.
    // (Analytic placement keeps this test short; the DES case runs through GNU parallel below.)
    void shardsMergeToTheWholeStudy() {
        QTemporaryDir dir;
        const QString file = uncertainMonolith(dir);
        const QStringList common{"study", file, "--samples", "12", "--seed", "5", "--confirm", "none"};
        Run whole = cli(common + QStringList{"--format", "json", "--threads", "2"});
        QCOMPARE(whole.exitCode, 0);
        Run single = cli(common + QStringList{"--format", "json", "--threads", "1"});
        QCOMPARE(single.out, whole.out);
        QStringList parts;
        for (int k = 1; k <= 3; ++k) {
            const QString part = dir.filePath(QStringLiteral("part-%1.json").arg(k));
            Run r = cli(common + QStringList{"--shard", QStringLiteral("%1/3").arg(k), "-o", part});
            QCOMPARE(r.exitCode, 0);
            parts << part;
        }
        Run merged = cli(QStringList{"merge"} + parts);
        QCOMPARE(merged.exitCode, 0);
        QCOMPARE(merged.out, whole.out);
        // A shard missing, or given twice: exit 2 with a one-line reason.
        Run missing = cli({"merge", parts[0], parts[1]});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("is in no part"), missing.err.constData());
        Run twice = cli({"merge", parts[0], parts[1], parts[2], parts[2]});
        QCOMPARE(twice.exitCode, 2);
        // Another seed's part does not merge.
        const QString other = dir.filePath(QStringLiteral("other.json"));
        QCOMPARE(cli({"study", file, "--samples", "12", "--seed", "6", "--confirm", "none", "--shard", "3/3", "-o", other}).exitCode, 0);
        Run mixed = cli({"merge", parts[0], parts[1], other});
        QCOMPARE(mixed.exitCode, 2);
        // The answer's figures are ordered percentiles.
        QVERIFY(whole.out.contains("\"p10\""));
        QVERIFY(whole.out.contains("\"sensitivity\""));
    }

    // Issue 20's acceptance: 4 shards through GNU parallel (local, and its --sshlogin form with
    // ':' = this machine), merged, equal the unsharded run, with the DES placing each break.
    void gnuParallelShards() {
        const QString parallel = QStandardPaths::findExecutable(QStringLiteral("parallel"));
        if (parallel.isEmpty()) QSKIP("GNU parallel is not installed (scripts/install-deps.sh installs it)");
        QTemporaryDir dir;
        const QString file = uncertainMonolith(dir);
        const QString cliPath = QStringLiteral(HEADROOM_CLI);
        const QStringList study{"--samples", "8", "--seed", "3", "--phases", "off"};
        Run whole = cli(QStringList{"study", file} + study + QStringList{"--format", "json"}, 600000);
        QCOMPARE(whole.exitCode, 0);
        for (const QString& login : {QString(), QStringLiteral(":")}) {
            QProcess p;
            p.setWorkingDirectory(dir.path());
            QStringList args{"--will-cite", "--halt", "now,fail=1", "-j", "2"};
            if (!login.isEmpty()) args << "--sshlogin" << login;
            args << cliPath << "study" << file << study << "--threads" << "1" << "--shard" << "{}/4" << "-o"
                 << (login.isEmpty() ? "part-{}.json" : "ssh-part-{}.json") << ":::" << "1" << "2" << "3" << "4";
            p.start(parallel, args);
            QVERIFY(p.waitForFinished(600000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
            QStringList parts;
            for (int k = 1; k <= 4; ++k) {
                parts << dir.filePath((login.isEmpty() ? QStringLiteral("part-%1.json") : QStringLiteral("ssh-part-%1.json")).arg(k));
            }
            Run merged = cli(QStringList{"merge"} + parts);
            QCOMPARE(merged.exitCode, 0);
            QCOMPARE(merged.out, whole.out);
        }
        QVERIFY(whole.out.contains("\"method\": \"des\""));
    }
};

QTEST_GUILESS_MAIN(TestStudy)
#include "tst_study.moc"
