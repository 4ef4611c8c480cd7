#include "solver_controller.h"

#include "analytic/solver.h"
#include "roadmap/sweep.h"
#include "roadmap/thresholds.h"

#include <QThread>
#include "worker_priority.h"

#include <QtConcurrent>

#include <algorithm>
#include <cmath>

namespace headroom::ui {

struct SolverController::Run {
    int generation = 0;
    double users = 0;
    std::atomic<bool> cancel{false};
    QFutureWatcher<stats::Results> watcher;
    QString error;  ///< set by the worker on failure (read after finished)
};

namespace {

// The architecture at `users`, or as written when it is an open workload
// (the slider then has no population to set).
graph::Graph graphFor(const spec::Architecture& architecture, double users) {
    if (architecture.workload.arrivalRate) return graph::build(architecture);
    return roadmap::graphAtUsers(architecture, users);
}

}  // namespace

SolverController::SolverController(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(3);  // the analytic solve, the live run, a cancelled one returning
    startTimer_.setSingleShot(true);
    startTimer_.setInterval(150);
    connect(&startTimer_, &QTimer::timeout, this, &SolverController::startSimulation);
}

SolverController::~SolverController() {
    startTimer_.stop();
    analyticFuture_.waitForFinished();
    if (running_) {
        running_->cancel = true;
        finishing_.push_back(running_);
        running_.reset();
    }
    for (auto& run : finishing_) {
        run->cancel = true;
        run->watcher.disconnect();
        run->watcher.waitForFinished();
    }
}

void SolverController::setArchitecture(const spec::Architecture& architecture) {
    architecture_ = architecture;
    simulated_.reset();
    solveAnalytic();
    cancelSimulation();
    if (simulationEnabled_) startTimer_.start();
}

void SolverController::setUsers(double users) {
    users = std::clamp(std::round(users), 1.0, 1e7);
    if (users == users_ && (analytic_ || isSolving())) return;
    users_ = users;
    simulated_.reset();
    solveAnalytic();
    cancelSimulation();
    if (simulationEnabled_ && architecture_) startTimer_.start();
}

void SolverController::setSimulationEnabled(bool enabled) {
    simulationEnabled_ = enabled;
    if (!enabled) {
        startTimer_.stop();
        cancelSimulation();
    } else if (architecture_ && !simulated_) {
        startTimer_.start();
    }
}

void SolverController::setRunSize(double requestsPerReplication, int replications) {
    requestsPerReplication_ = requestsPerReplication;
    replications_ = std::max(2, replications);
}

void SolverController::solveAnalytic() {
    if (!architecture_) return;
    ++analyticGeneration_;
    if (analyticBusy_) {
        analyticPending_ = true;  // latest wins: one more solve when this one returns
        return;
    }
    launchAnalytic();
}

void SolverController::launchAnalytic() {
    analyticBusy_ = true;
    analyticPending_ = false;
    const spec::Architecture architecture = *architecture_;
    const double users = users_;
    const int generation = analyticGeneration_;
    SolverController* owner = this;  // outlives the worker: the destructor waits
    analyticFuture_ = QtConcurrent::run(&pool_, [architecture, users, generation, owner] {
        lowerWorkerPriority();
        stats::Results r;
        QString error;
        try {
            const graph::Graph g = graphFor(architecture, users);
            r = architecture.workload.arrivalRate ? analytic::solve(g) : analytic::solve(g, users);
            r.thresholds = roadmap::checkThresholds(g, r);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            owner, [owner, r, error, generation] { owner->analyticDone(r, error, generation); }, Qt::QueuedConnection);
    });
}

void SolverController::analyticDone(const stats::Results& results, const QString& error, int generation) {
    analyticBusy_ = false;
    // Delivered even when a newer position is pending: during a drag the
    // figures then trail the slider by one solve instead of freezing.
    Q_UNUSED(generation);
    if (error.isEmpty()) {
        analytic_ = results;
        emit analyticChanged(results);
    } else {
        analytic_.reset();
        emit analyticFailed(error);
    }
    if (analyticPending_) {
        launchAnalytic();
        return;
    }
    if (startAfterAnalytic_) {
        startAfterAnalytic_ = false;
        startSimulation();
    }
}

des::RunConfig SolverController::runConfig() const {
    des::RunConfig config;
    config.seed = 1;
    config.replications = replications_;
    // Leave a core to the UI thread: the window must stay responsive.
    config.threads = std::max(1, QThread::idealThreadCount() - 1);
    double horizon = 600.0;
    if (analytic_ && analytic_->throughput > 0) {
        const double cycle = architecture_->workload.thinkTime + analytic_->responseTime.mean;
        horizon = std::clamp(requestsPerReplication_ / analytic_->throughput, std::max(60.0, 10.0 * cycle), 600.0);
    }
    config.horizon = fixedHorizon_.value_or(horizon);
    // Every run ends (issue 14): a model too heavy to simulate stops here,
    // its figures marked partial and saturated; cancel still works at any time.
    config.maxWallSeconds = kMaxWallSeconds;
    return config;
}

void SolverController::startSimulation() {
    startTimer_.stop();
    if (!architecture_ || running_) return;
    if (isSolving()) {
        startAfterAnalytic_ = true;  // the horizon is sized from the analytic throughput
        return;
    }
    auto run = std::make_shared<Run>();
    run->generation = ++generation_;
    run->users = users_;
    const spec::Architecture architecture = *architecture_;
    const double users = users_;
    const des::RunConfig config = runConfig();
    Run* raw = run.get();
    SolverController* owner = this;  // outlives the worker: the destructor waits for it
    connect(&run->watcher, &QFutureWatcher<stats::Results>::finished, this, [this, raw] {
        // Find the run's owner: the live one or a cancelled one.
        std::shared_ptr<Run> keep;
        if (running_ && running_.get() == raw) {
            keep = running_;
            running_.reset();
        } else {
            auto it = std::find_if(finishing_.begin(), finishing_.end(), [raw](const auto& r) { return r.get() == raw; });
            if (it != finishing_.end()) {
                keep = *it;
                finishing_.erase(it);
            }
        }
        if (!keep || keep->cancel || keep->generation != generation_) return;
        if (!keep->error.isEmpty()) {
            emit simulationFailed(keep->error);
            return;
        }
        simulated_ = keep->watcher.result();
        emit simulationFinished(*simulated_);
    });
    running_ = run;
    emit simulationStarted(users);
    const int generation = run->generation;
    run->watcher.setFuture(QtConcurrent::run(&pool_, [architecture, users, config, raw, owner, generation]() -> stats::Results {
        lowerWorkerPriority();
        try {
            const graph::Graph g = graphFor(architecture, users);
            des::RunControl control;
            control.cancel = &raw->cancel;
            control.progress = [owner, generation](const des::Progress& p) {
                const double fraction = p.fraction;
                QMetaObject::invokeMethod(
                    owner,
                    [owner, generation, fraction] {
                        if (owner->running_ && owner->running_->generation == generation) {
                            emit owner->simulationProgress(fraction);
                        }
                    },
                    Qt::QueuedConnection);
            };
            stats::Results r = des::run(g, config, control);
            r.thresholds = roadmap::checkThresholds(g, r);
            return r;
        } catch (const std::exception& e) {
            raw->error = QString::fromStdString(e.what());
            return {};
        }
    }));
}

void SolverController::cancelSimulation() {
    startTimer_.stop();
    startAfterAnalytic_ = false;
    if (!running_) return;
    running_->cancel = true;
    finishing_.push_back(running_);
    running_.reset();
    emit simulationCancelled();
}

}  // namespace headroom::ui
