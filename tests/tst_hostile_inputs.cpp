// Every command ends, on every input (issue 14): each file of
// tests/data/hostile/ (the issue's four cases among them: a zero-time loop,
// ten million users with no think time, two YAML documents, a 3,000-component
// call chain) and of tests/malformed/ goes through every command of the built
// headroom-cli. Each run must end within 10 s (it is killed and the test fails
// otherwise), by exit 0 or 2 (no crash: no signal, no exit 1), with at most a
// one-line `FILE:LINE:COL: error: ...` message on error, and no NaN or
// infinity in what it prints.
//
// The runs use short settings where the commands have them (a 30 s horizon,
// two replications, analytic confirmation, a 5 s wall-clock budget) to keep
// the whole test within a couple of minutes. HEADROOM_HOSTILE_DEFAULTS=1 runs
// every command with its defaults only (the point: a user who types just
// `headroom-cli roadmap FILE` gets an answer or an error), still checked the
// same way; docs/methods.md ("Every command ends") says what that costs.

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The issue's acceptance: every command ends within 10 s (a Release build).
// Under AddressSanitizer + UBSan the same code runs 3-10x slower (one
// analytic solve of the 3,000-component chain alone takes seconds), so the
// limit is scaled there; it still catches a hang.
#ifdef HEADROOM_SANITIZED_BUILD
constexpr int kLimitMs = 30'000;
#else
constexpr int kLimitMs = 10'000;
#endif

struct Outcome {
    bool finished = false;
    bool crashed = false;
    int exitCode = -1;
    qint64 ms = 0;
    QString out;
    QString err;
};

QString cliPath() { return QStringLiteral(HEADROOM_CLI); }

bool haveReport() {
    QProcess p;
    p.start(cliPath(), {QStringLiteral("help"), QStringLiteral("report")});
    return p.waitForFinished(kLimitMs) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

Outcome runCli(const QStringList& args, const QString& runtimeDir) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);  // Qt's report warns on stderr without one
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("CI"), QStringLiteral("true"));  // no progress line
    p.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    p.start(cliPath(), args);
    Outcome o;
    o.finished = p.waitForFinished(kLimitMs);
    o.ms = clock.elapsed();
    if (!o.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    o.crashed = p.exitStatus() != QProcess::NormalExit;
    o.exitCode = p.exitCode();
    o.out = QString::fromUtf8(p.readAllStandardOutput());
    o.err = QString::fromUtf8(p.readAllStandardError());
    return o;
}

}  // namespace

class HostileInputs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY2(QFileInfo::exists(cliPath()), qPrintable("headroom-cli not built: " + cliPath()));
        report_ = haveReport();
        defaults_ = qEnvironmentVariableIntValue("HEADROOM_HOSTILE_DEFAULTS") == 1;
        QVERIFY(runtime_.isValid());
    }

    // The file set itself: the issue's cases are there, and at least 40 files.
    void theSetHoldsTheIssuesCases() {
        const QDir dir(QStringLiteral(HEADROOM_SOURCE_DIR "/tests/data/hostile"));
        const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files);
        QVERIFY2(files.size() >= 40, qPrintable(QString::number(files.size()) + " files"));
        for (const char* name : {"01-zero-time-loop.yaml", "02-ten-million-users-no-think.yaml", "03-two-documents.yaml",
                                 "04-call-chain-3000.yaml"}) {
            QVERIFY2(files.contains(QString::fromLatin1(name)), name);
        }
    }

    void everyCommandEnds_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("command");
        QStringList files;
        for (const char* folder : {"/tests/data/hostile", "/tests/malformed"}) {
            const QDir dir(QStringLiteral(HEADROOM_SOURCE_DIR) + QString::fromLatin1(folder));
            for (const QString& f : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
                files << dir.filePath(f);
            }
        }
        QStringList commands{QStringLiteral("validate"), QStringLiteral("analyze"), QStringLiteral("simulate"),
                             QStringLiteral("sweep"), QStringLiteral("roadmap")};
        if (haveReport()) commands << QStringLiteral("report");
        for (const QString& file : files) {
            for (const QString& command : commands) {
                const QString tag = QFileInfo(file).dir().dirName() + "/" + QFileInfo(file).fileName() + " " + command;
                QTest::newRow(qPrintable(tag)) << file << command;
            }
        }
    }

    void everyCommandEnds() {
        QFETCH(QString, file);
        QFETCH(QString, command);
        QStringList args{command, file};
        if (command == QLatin1String("report")) args << QStringLiteral("-o") << runtime_.filePath(QStringLiteral("r.html"));
        if (!defaults_) {
            // Short settings (see the top of the file); every option below has
            // a default that ends too, only later.
            if (command == QLatin1String("simulate")) {
                args << QStringLiteral("--horizon") << QStringLiteral("30s") << QStringLiteral("--replications")
                     << QStringLiteral("2");
            }
            if (command == QLatin1String("sweep") || command == QLatin1String("roadmap") || command == QLatin1String("report")) {
                args << QStringLiteral("--confirm") << QStringLiteral("none");
            }
            if (command == QLatin1String("roadmap") || command == QLatin1String("report")) args << QStringLiteral("--no-scenarios");
            if (command == QLatin1String("roadmap")) args << QStringLiteral("--no-resilience");
            if (command != QLatin1String("validate") && command != QLatin1String("analyze")) {
                args << QStringLiteral("--max-wall") << QStringLiteral("5");
            }
        }
        const Outcome o = runCli(args, runtime_.path());
        const QString what = args.join(QLatin1Char(' ')) + " (" + QString::number(o.ms) + " ms, exit " +
                             QString::number(o.exitCode) + "): " + o.err.left(300);
        QVERIFY2(o.finished, qPrintable(QStringLiteral("did not end within %1 s: ").arg(kLimitMs / 1000) + what));
        QVERIFY2(!o.crashed, qPrintable("crashed: " + what));
        QVERIFY2(o.exitCode == 0 || o.exitCode == 2, qPrintable("exit code not 0 or 2: " + what));
        if (o.exitCode == 2) {
            // One line, naming the place: FILE:LINE:COL: error: ...
            const QStringList lines = o.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            QVERIFY2(lines.size() == 1, qPrintable("more than one line on error: " + what));
            static const QRegularExpression located(QStringLiteral("^.+:\\d+:\\d+: error: \\S.*$"));
            QVERIFY2(located.match(lines.front()).hasMatch(), qPrintable("not FILE:LINE:COL: error: " + what));
        }
        // No NaN nor infinity in anything computed and printed: the file's own
        // name aside, and the input an error quotes back ("got '.nan'").
        QString printed = o.out + o.err;
        printed.remove(file);
        printed.remove(QFileInfo(file).fileName());
        if (o.exitCode == 2) printed.remove(QRegularExpression(QStringLiteral("'[^'\\n]*'")));
        static const QRegularExpression notANumber(QStringLiteral("\\b(nan|inf|infinity)\\b"),
                                                   QRegularExpression::CaseInsensitiveOption);
        const auto found = notANumber.match(printed);
        QVERIFY2(!found.hasMatch(), qPrintable("prints '" + found.captured(0) + "': " + what + " | " + o.out.left(300)));
    }

private:
    QTemporaryDir runtime_;
    bool report_ = false;
    bool defaults_ = false;
};

QTEST_GUILESS_MAIN(HostileInputs)
#include "tst_hostile_inputs.moc"
