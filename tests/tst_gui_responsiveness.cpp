// The UI thread never blocks while a simulation or the analysis runs, and
// cancel takes effect fast. A 10 ms timer on the UI thread records the
// longest gap between its ticks while a long simulation (a 20-minute
// simulated horizon at 50,000 users: many seconds of work) and the sweep /
// breaking-point / planning job run on workers, with slider moves meanwhile.
//
// Two measures per gap: the UI thread's own CPU time (the work our code did
// on it: must stay under 100 ms) and the wall time, which also catches the
// UI thread *waiting*. This test found such a wait: Qt's raster painter
// borrows threads of QThreadPool::globalInstance(), so long runs on the
// global pool froze painting for 5-9 s (fixed: the controllers own their
// pools). The wall bound is 200 ms rather than 100 ms because wall time also
// includes time the scheduler gives other processes (a parallel build on a
// shared 2-core machine); a real wait lasts seconds and still fails it.
#include "analysis_controller.h"
#include "architecture_document.h"
#include "main_window.h"
#include "solver_controller.h"

#include <QElapsedTimer>

#include <ctime>
#include <QtTest>

using namespace headroom::ui;

namespace {
qint64 threadCpuMilliseconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<qint64>(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
}
}  // namespace

class TestResponsiveness : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void uiThreadNeverBlocksAndCancelIsFast() {
        MainWindow window;
        window.setInteractive(false);
        window.show();
        SolverController* solver = window.solver();
        solver->setFixedHorizon(1200.0);
        solver->setStartDelay(0);
        QVERIFY(window.openPreset(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures/04-cache.yaml")));

        QElapsedTimer clock;
        qint64 last = 0;
        qint64 worst = 0;
        qint64 lastCpu = threadCpuMilliseconds();
        qint64 worstCpu = 0;
        QTimer watchdog;
        watchdog.setInterval(10);
        clock.start();
        connect(&watchdog, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            const qint64 cpu = threadCpuMilliseconds();
            if (now - last > 40) qInfo("gap %lld ms (UI thread busy %lld ms) at %lld", now - last, cpu - lastCpu, now);
            worst = std::max(worst, now - last);
            worstCpu = std::max(worstCpu, cpu - lastCpu);
            last = now;
            lastCpu = cpu;
        });
        watchdog.start();

        // Slider moves while everything runs: each cancels the previous run.
        for (int users : {20000, 35000, 50000}) {
            window.setUsers(users);
            QTRY_VERIFY_WITH_TIMEOUT(solver->isSimulating(), 5000);
            QTest::qWait(400);
        }
        QVERIFY(solver->isSimulating());
        QTest::qWait(1500);
        QVERIFY2(solver->isSimulating(), "the run should still be going (long horizon)");
        watchdog.stop();
        qInfo("longest UI-thread gap while simulating: %lld ms wall, %lld ms busy", worst, worstCpu);
        // 100 ms: the responsiveness budget of the issue.
        QVERIFY2(worstCpu < 100, qPrintable(QString("UI thread busy for %1 ms between ticks").arg(worstCpu)));
        QVERIFY2(worst < 200, qPrintable(QString("UI thread did not run for %1 ms").arg(worst)));

        // Cancel: the worker returns within 200 ms.
        QElapsedTimer cancel;
        cancel.start();
        solver->cancelSimulation();
        QVERIFY(!solver->isSimulating());
        QTRY_VERIFY_WITH_TIMEOUT(solver->activeRuns() == 0, 2000);
        qInfo("cancel took %lld ms", cancel.elapsed());
        QVERIFY2(cancel.elapsed() < 200, qPrintable(QString("cancel took %1 ms").arg(cancel.elapsed())));
        QVERIFY(!solver->simulated().has_value());  // a cancelled run never shows as a result
    }
};

QTEST_MAIN(TestResponsiveness)
#include "tst_gui_responsiveness.moc"
