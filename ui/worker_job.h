#pragma once
// A window's one run on a worker thread (the scenario, study and calibration
// windows): the run works on its own copies and leaves its `Result` (or an
// error to show) in a WorkerJob; the window reads it when the run ends, on
// the UI thread. Starting a new run tells the previous one to stop, no longer
// hears its end and waits for it; the slot's destructor does the same, so
// nothing a run delivers arrives after its window is gone.

#include "worker_priority.h"

#include <QFutureWatcher>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>
#include <utility>

namespace headroom::ui {

/// A callable for a worker thread (a progress callback) that calls
/// `f(receiver, args...)` on `receiver`'s thread later, if it still exists.
template <class Receiver, class F>
auto onUiThread(Receiver* receiver, F f) {
    return [self = QPointer<Receiver>(receiver), f](auto... args) {
        if (!self) return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, f, args...] {
                if (self) f(self.data(), args...);
            },
            Qt::QueuedConnection);
    };
}

template <class Result>
struct WorkerJob {
    std::atomic<bool> cancel{false};  ///< set by the window, read by the run between its steps
    QFutureWatcher<void> watcher;
    Result result{};
    QString error;  ///< "Cancelled." or what went wrong; shown instead of a result
};

template <class Result>
class WorkerSlot {
public:
    using Job = WorkerJob<Result>;

    WorkerSlot() = default;
    WorkerSlot(const WorkerSlot&) = delete;
    WorkerSlot& operator=(const WorkerSlot&) = delete;
    ~WorkerSlot() { stop(nullptr); }

    /// Stops and waits for the current run, then runs `work(job)` on Qt's
    /// global pool (at the workers' lowered priority) and calls `done(job)`
    /// in `receiver`'s thread when it ends, unless a newer run replaced it.
    template <class Work, class Done>
    void start(QObject* receiver, Work work, Done done) {
        stop(receiver);
        auto job = std::make_shared<Job>();
        job_ = job;
        Job* raw = job.get();
        QObject::connect(&job->watcher, &QFutureWatcher<void>::finished, receiver, [this, raw, done = std::move(done)] {
            if (job_.get() == raw) done(*raw);
        });
        job->watcher.setFuture(QtConcurrent::run([raw, work = std::move(work)]() mutable {
            lowerWorkerPriority();
            work(*raw);
        }));
    }

    /// Asks the current run to stop; it ends at its next check, and its end is delivered.
    void cancel() {
        if (job_) job_->cancel = true;
    }

    [[nodiscard]] bool running() const { return job_ && job_->watcher.isRunning(); }

    /// Tells the current run to stop, no longer delivers its end to
    /// `receiver` (null: to anyone) and waits for it.
    void stop(QObject* receiver) {
        if (!job_) return;
        job_->cancel = true;
        if (receiver) job_->watcher.disconnect(receiver);
        job_->watcher.waitForFinished();
        job_.reset();
    }

private:
    std::shared_ptr<Job> job_;
};

}  // namespace headroom::ui
