// The pipeline fuzzer's corpus as a regression test (docs/fuzzing.md): every
// file of tests/fuzz/corpus/ (inputs libFuzzer kept for new coverage, and the
// minimised reproducers of what it found) runs through the same entry point
// as fuzz_pipeline — load, graph, analytic, a short simulation, a roadmap
// study with --confirm none, every writer — built here with the ordinary
// compiler and flags, no libFuzzer. A file passes when every stage either
// completes with sane figures or refuses the input with one
// `FILE:LINE:COL: error:` line; a broken invariant (NaN, negative time,
// utilisation past 1, JSON that does not parse, a zero-time loop, the plan's
// YAML not loading back) or any other exception fails it.

#include "fuzz/pipeline.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

#include <map>

namespace {

QString corpusDir() { return QStringLiteral(HEADROOM_SOURCE_DIR "/tests/fuzz/corpus"); }

}  // namespace

class TestFuzzCorpus : public QObject {
    Q_OBJECT

    std::map<std::string, int> stages_;  // stage -> corpus files that completed it
    int loaded_ = 0;
    int files_ = 0;

private slots:
    void everyFileThroughThePipeline_data() {
        QTest::addColumn<QString>("path");
        const QDir dir(corpusDir());
        const auto names = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY2(names.size() >= 20, qPrintable(QStringLiteral("corpus too small: %1 files").arg(names.size())));
        for (const QString& name : names) QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }

    void everyFileThroughThePipeline() {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const std::string text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
        QElapsedTimer clock;
        clock.start();
        try {
            const auto outcome = headroom::fuzz::runPipeline(text, QFileInfo(path).fileName().toStdString());
            ++files_;
            if (outcome.loaded) ++loaded_;
            for (const auto& s : outcome.stagesRun) ++stages_[s];
        } catch (const headroom::fuzz::PipelineViolation& e) {
            QFAIL(qPrintable(QStringLiteral("invariant broken: %1").arg(QString::fromStdString(e.what()))));
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("exception other than InputError: %1").arg(QString::fromStdString(e.what()))));
        }
        // The fuzzer runs with -timeout=10 (ASan, clang); in Release a file takes
        // well under a second. 10 s here is that limit, not a performance target.
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QStringLiteral("%1 ms").arg(clock.elapsed())));
    }

    // The corpus must keep reaching every stage: if the loader started
    // refusing everything, the test above would pass on nothing.
    void corpusReachesEveryStage() {
        QVERIFY(files_ > 0);
        QVERIFY2(loaded_ >= 5, qPrintable(QStringLiteral("%1 of %2 files loaded").arg(loaded_).arg(files_)));
        for (const char* s : {"analytic", "simulate", "roadmap"}) {
            QVERIFY2(stages_[s] >= 3, qPrintable(QStringLiteral("stage %1 completed on %2 files").arg(s).arg(stages_[s])));
        }
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzz_corpus.moc"
