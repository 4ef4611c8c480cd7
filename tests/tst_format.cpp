// The architecture format end to end: every preset in architectures/ loads,
// builds without warnings and validates with `headroom-cli validate` (exit 0);
// every file of the malformed corpus (tests/malformed/) fails with exactly one
// line `FILE:LINE:COL: error: ...` naming the expected position and problem,
// through the library and through the CLI (exit 2), within a time limit.

#include "graph/graph.h"
#include "io/loader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <set>
#include <string>

namespace {

using namespace headroom;

// One malformed file and the error it must produce.
struct Expected {
    const char* file;
    int line;
    int column;
    const char* message;  ///< a substring of the text after "error: "
};

// Lines and columns are 1-based and count the comment on line 1 of each file.
const Expected kCorpus[] = {
    {"01-unknown-key-typo.yaml", 5, 3, "unknown key 'think_tme' in workload (did you mean 'think_time'?)"},
    {"02-unknown-top-level-key.yaml", 4, 1, "unknown key 'componets' in the architecture (did you mean 'components'?)"},
    {"03-dangling-to.yaml", 7, 14, "'to' names no component: 'dbb' (did you mean 'db'?)"},
    {"04-missing-to.yaml", 8, 9, "a call needs 'to:'"},
    {"05-dangling-on-miss.yaml", 12, 5, "'on_miss' names no component: 'database'"},
    {"06-cache-without-hit-ratio.yaml", 8, 5, "cache 'cache' needs 'hit_ratio:'"},
    {"07-dangling-host.yaml", 7, 15, "'host' names no host: 'vm2' (did you mean 'vm1'?)"},
    {"08-duplicate-component-id.yaml", 7, 6, "duplicate component id 'app'"},
    {"09-duplicate-host-id.yaml", 6, 6, "duplicate host id 'vm1'"},
    {"10-cycle-of-calls.yaml", 13, 13, "cycle of calls: orders -> billing -> orders"},
    {"11-cycle-through-on-miss.yaml", 12, 5, "cycle of calls: app -> cache -> app"},
    {"12-shares-not-one.yaml", 6, 3, "mix shares sum to 0.9, not 1"},
    {"13-negative-duration.yaml", 5, 23, "duration '-4ms' is negative"},
    {"14-zero-timeout.yaml", 5, 38, "'timeout' must be greater than zero"},
    {"15-unitless-duration.yaml", 5, 15, "'think_time': duration '8' needs a unit"},
    {"16-unknown-time-unit.yaml", 6, 23, "unknown time unit 'msec' in '4msec'"},
    {"17-users-and-arrival-rate.yaml", 6, 3, "workload sets both 'users' and 'arrival_rate'"},
    {"18-no-users-no-rate.yaml", 4, 3, "workload needs 'users'"},
    {"19-not-yaml.yaml", 3, 9, "not valid YAML"},
    {"20-binary-junk.yaml", 3, 1, "the file holds a NUL byte"},
    {"21-tab-indentation.yaml", 4, 1, "a tab indents this line"},
    {"22-nested-too-deep.yaml", 7, 73, "nested deeper than 64 levels"},
    {"23-billion-laughs.yaml", 3, 5, "expands to more than 2,000,000 values"},
    {"24-wrong-type-number.yaml", 5, 22, "'cores': expected a number, got 'four'"},
    {"25-wrong-type-components.yaml", 5, 3, "'components' must be a list, not a mapping"},
    {"26-empty.yaml", 1, 1, "the file is empty"},
    {"27-unknown-kind.yaml", 5, 21, "'kind' must be one of service | load_balancer"},
    {"28-unknown-policy.yaml", 8, 13, "got 'round_robbin' (did you mean 'round_robin'?)"},
    {"29-unknown-distribution.yaml", 7, 20, "unknown distribution 'gaussian'"},
    {"30-unknown-class-in-demand.yaml", 11, 5, "unknown class 'pgae' (did you mean 'page'?)"},
    {"31-unknown-class-in-calls.yaml", 12, 22, "unknown class 'wirte' (did you mean 'write'?)"},
    {"32-ratio-out-of-range.yaml", 6, 56, "ratio '120%' is outside 0..1"},
    {"33-unknown-rate-unit.yaml", 4, 17, "unknown rate unit '/sec'"},
    {"34-sharded-db-on-shared-host.yaml", 12, 5, "database 'db' is sharded, so it needs hosts of its own"},
    {"35-duplicate-key.yaml", 8, 5, "duplicate key 'demand' in a component"},
    {"36-newline-in-key.yaml", 4, 1, "unknown key 'compo\\nnents'"},
    {"37-scalar-document.yaml", 2, 1, "the architecture must be a mapping"},
    {"38-empty-components.yaml", 4, 13, "'components' is empty"},
    {"39-missing-workload.yaml", 2, 1, "missing 'workload:'"},
    {"40-key-for-another-kind.yaml", 5, 29, "'policy' applies to load_balancer components, not to service"},
    {"41-profile-out-of-order.yaml", 8, 8, "profile steps must be in time order"},
    {"42-count-too-large.yaml", 5, 22, "'cores' must be at most 1024"},
    {"43-component-without-id.yaml", 5, 5, "a component needs 'id:'"},
    {"44-hyperexponential-cv-below-one.yaml", 7, 19, "hyperexponential distribution needs cv >= 1"},
    {"45-dangling-entry.yaml", 8, 35, "'entry' names no component: 'cnd' (did you mean 'cdn'?)"},
    {"46-unknown-discipline.yaml", 5, 41, "'discipline' must be one of ps | fcfs, got 'lifo'"},
    {"47-negative-users.yaml", 3, 19, "'users' must be greater than zero, got -5"},
    {"48-database-with-instances.yaml", 6, 43, "a database scales with 'replicas:' and 'shards:'"},
    {"49-autoscale-max-below-min.yaml", 5, 63, "'autoscale.max' must be at least autoscale.min (4), got 2"},
    {"50-autoscale-start-outside.yaml", 5, 29, "'instances' (1, the starting count) must lie within autoscale's min and max (2 to 8)"},
    {"51-autoscale-on-shared-host.yaml", 6, 40, "'autoscale' needs a component with its own host (no 'host:')"},
    {"52-admission-zero.yaml", 5, 56, "'admission.max_in_flight' must be at least 1, got 0"},
};

QString sourcePath(const QString& relative) { return QStringLiteral(HEADROOM_SOURCE_DIR "/") + relative; }

QStringList presetFiles() {
    QDir dir(sourcePath("architectures"));
    QStringList out;
    for (const auto& name : dir.entryList({"*.yaml"}, QDir::Files, QDir::Name)) out << dir.filePath(name);
    return out;
}

// Loads and builds; returns the error text, or an empty string when valid.
std::string errorOf(const std::string& path) {
    try {
        (void)graph::build(io::loadFile(path));
    } catch (const spec::InputError& e) {
        return e.what();
    }
    return {};
}

struct CliRun {
    bool finished = false;
    int exitCode = -1;
    QString out;
    QString err;
};

// `headroom-cli validate FILE` with a time limit: no input may hang it.
CliRun validate(const QString& file) {
    QProcess process;
    process.start(QStringLiteral(HEADROOM_CLI), {"validate", file});
    CliRun run;
    if (!process.waitForStarted(5000)) return run;
    run.finished = process.waitForFinished(20000);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(2000);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

}  // namespace

class TestFormat : public QObject {
    Q_OBJECT

private slots:
    void presetsBuildWithoutWarnings_data();
    void presetsBuildWithoutWarnings();
    void presetsShareOneWorkloadAndSlo();
    void presetsHoldMoreUsersStageByStage();
    void corpusIsComplete();
    void malformedFails_data();
    void malformedFails();
    void oversizedFileIsRefused();
    void cliValidatesPresets();
    void cliRejectsMalformed_data();
    void cliRejectsMalformed();
};

void TestFormat::presetsBuildWithoutWarnings_data() {
    QTest::addColumn<QString>("path");
    const QStringList files = presetFiles();
    QVERIFY2(files.size() == 8, "architectures/ holds the eight scaling-stage presets");
    for (const auto& f : files) QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
}

void TestFormat::presetsBuildWithoutWarnings() {
    QFETCH(QString, path);
    try {
        const graph::Graph g = graph::build(io::loadFile(path.toStdString()));
        for (const auto& w : g.warnings()) qWarning("%s", w.str().c_str());
        QVERIFY2(g.warnings().empty(), "a preset is an example: it must not draw a warning");
        QVERIFY(!g.name().empty());
        QCOMPARE(g.classes().size(), size_t{4});
        QVERIFY(g.costMonth() > 0);
    } catch (const spec::InputError& e) {
        QFAIL(e.what());
    }
}

// The stages compare only if they carry the same load and are judged by the same SLO.
void TestFormat::presetsShareOneWorkloadAndSlo() {
    const QStringList files = presetFiles();
    QVERIFY(!files.isEmpty());
    const spec::Architecture first = io::loadFile(files.first().toStdString());
    for (const auto& f : files) {
        const spec::Architecture a = io::loadFile(f.toStdString());
        QCOMPARE(a.workload.users, first.workload.users);
        QCOMPARE(a.workload.thinkTime, first.workload.thinkTime);
        QVERIFY(!a.workload.arrivalRate);
        QCOMPARE(a.workload.mix.size(), first.workload.mix.size());
        for (size_t i = 0; i < a.workload.mix.size(); ++i) {
            QCOMPARE(a.workload.mix[i].name, first.workload.mix[i].name);
            QCOMPARE(a.workload.mix[i].share, first.workload.mix[i].share);
            QCOMPARE(a.workload.mix[i].write, first.workload.mix[i].write);
        }
        QCOMPARE(a.slo.p95, first.slo.p95);
        QCOMPARE(a.slo.p99, first.slo.p99);
        QCOMPARE(a.slo.errorRate, first.slo.errorRate);
        QCOMPARE(a.slo.utilization, first.slo.utilization);
        QCOMPARE(a.slo.cacheHitRatio, first.slo.cacheHitRatio);
    }
}

// Each stage must hold more users than the one before it (it fixes what broke
// there). Bound used: utilisation law U = X * D / c and, for a closed
// population, X <= N / Z, so a station of c cores with demand D per user
// request stays under the SLO utilisation u until at least N = u * c * Z / D.
// The smallest N over the stations (at the data size of 10,000 users) is the
// stage's bottleneck bound; the roadmap planner computes the exact points.
void TestFormat::presetsHoldMoreUsersStageByStage() {
    double previous = 0;
    double first = 0;
    QString previousName;
    for (const auto& f : presetFiles()) {
        const graph::Graph g = graph::build(io::loadFile(f.toStdString()));
        double bound = 1e300;
        for (const auto& s : g.stations(10000)) {
            if (s.servers == 0) continue;  // pure delays do not saturate
            double perRequest = 0;
            for (const auto& cls : g.classes()) {
                const auto c = static_cast<size_t>(cls.id);
                perRequest += cls.share * (s.demand[c] + s.asyncDemand[c]);
            }
            if (perRequest > 0) bound = std::min(bound, g.slo().utilization * s.servers * g.thinkTime() / perRequest);
        }
        const QString name = QFileInfo(f).fileName();
        qInfo("%s: bottleneck bound %.0f users", qPrintable(name), bound);
        QVERIFY2(bound > previous, qPrintable(name + " holds no more users than " + previousName));
        if (first == 0) first = bound;
        previous = bound;
        previousName = name;
    }
    // The monolith breaks in the low thousands (its header: ~1,400 users); the
    // last stage holds tens of thousands (its header: ~70,000) before the
    // planner adds instances.
    QVERIFY2(first > 1000 && first < 3000, qPrintable(QString::number(first)));
    QVERIFY2(previous > 50000 && previous < 100000, qPrintable(QString::number(previous)));
}

// Every corpus file has an expectation and every expectation a file, so a new
// file cannot be added without saying what it must produce.
void TestFormat::corpusIsComplete() {
    QDir dir(sourcePath("tests/malformed"));
    const QStringList files = dir.entryList({"*.yaml"}, QDir::Files, QDir::Name);
    std::set<QString> expected;
    for (const auto& e : kCorpus) expected.insert(QString::fromUtf8(e.file));
    QCOMPARE(static_cast<size_t>(files.size()), expected.size());
    for (const auto& f : files) QVERIFY2(expected.count(f), qPrintable(f + " has no expected error in kCorpus"));
    QVERIFY(files.size() >= 30);
}

void TestFormat::malformedFails_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("message");
    for (const auto& e : kCorpus) {
        const QString path = sourcePath(QStringLiteral("tests/malformed/") + e.file);
        QTest::newRow(e.file) << path << QStringLiteral("%1:%2:%3: error: ").arg(path).arg(e.line).arg(e.column)
                              << QString::fromUtf8(e.message);
    }
}

void TestFormat::malformedFails() {
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QFETCH(QString, message);
    QElapsedTimer timer;
    timer.start();
    const QString error = QString::fromStdString(errorOf(path.toStdString()));
    QVERIFY2(!error.isEmpty(), "the file was accepted");
    QVERIFY2(error.startsWith(expected), qPrintable("got: " + error));
    QVERIFY2(error.contains(message), qPrintable("got: " + error));
    QVERIFY2(!error.contains('\n') && !error.contains('\r'), "an error is one line");
    QVERIFY2(timer.elapsed() < 10000, "bad input must be refused quickly");
}

// A file over 2 MiB (io::kMaxFileBytes) is refused before it is parsed. It is generated here
// (a valid comment-only YAML text), never committed.
void TestFormat::oversizedFileIsRefused() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("huge.yaml");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray line = "# " + QByteArray(1021, 'x') + "\n";  // 1 KiB
        for (std::size_t i = 0; i < io::kMaxFileBytes / 1024; ++i) file.write(line);
        file.write("name: one byte too many\n");
    }
    QVERIFY(QFileInfo(path).size() > qint64(io::kMaxFileBytes));
    const QString error = QString::fromStdString(errorOf(path.toStdString()));
    QVERIFY2(error.startsWith(path + ":1:1: error: the file is larger than 2 MiB"), qPrintable(error));
    // The same limit holds for text handed over in memory (the GUI editor).
    try {
        (void)io::loadString(std::string(io::kMaxFileBytes + 1, '#'), "buffer.yaml");
        QFAIL("accepted");
    } catch (const spec::InputError& e) {
        QVERIFY(QString(e.what()).startsWith("buffer.yaml:1:1: error: the file is larger than 2 MiB"));
    }
    const CliRun run = validate(path);
    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err.trimmed(), error);
}

void TestFormat::cliValidatesPresets() {
    QVERIFY2(QFileInfo::exists(QStringLiteral(HEADROOM_CLI)), HEADROOM_CLI);
    for (const auto& f : presetFiles()) {
        const CliRun run = validate(f);
        QVERIFY2(run.finished, qPrintable(f + " timed out"));
        QVERIFY2(run.exitCode == 0, qPrintable(f + ": " + run.err));
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));  // not even a warning
        QVERIFY(run.out.startsWith(f + ": ok"));
    }
}

void TestFormat::cliRejectsMalformed_data() { malformedFails_data(); }

void TestFormat::cliRejectsMalformed() {
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QVERIFY2(QFileInfo::exists(QStringLiteral(HEADROOM_CLI)), HEADROOM_CLI);
    const CliRun run = validate(path);
    QVERIFY2(run.finished, "headroom-cli validate did not finish in 20 s");
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.endsWith('\n') && run.err.count('\n') == 1, qPrintable("not one line: " + run.err));
    // The CLI prints exactly what the library reports.
    QCOMPARE(run.err.trimmed(), QString::fromStdString(errorOf(path.toStdString())));
    QVERIFY(run.err.startsWith(expected));
}

QTEST_MAIN(TestFormat)
#include "tst_format.moc"
