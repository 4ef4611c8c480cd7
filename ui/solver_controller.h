#pragma once
// Answers "what happens at N users" for the users slider: the analytic
// solver at once, then the discrete-event simulator with progress and
// cancel. Both run off the UI thread (building the graph alone can take tens
// of milliseconds: a derived cache hit ratio over a million keys), the
// analytic one latest-wins, the simulation cancellable. A new slider position cancels the running simulation; only
// value types (stats::Results, progress fractions) come back, as queued
// calls, and results of a superseded run are dropped by generation number.

#include "des/run.h"
#include "spec/architecture.h"
#include "stats/results.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace headroom::ui {

class SolverController : public QObject {
    Q_OBJECT

public:
    /// Wall-clock budget of one simulation (des::RunConfig::maxWallSeconds).
    static constexpr double kMaxWallSeconds = 60.0;

    explicit SolverController(QObject* parent = nullptr);
    /// Cancels any run and waits for the worker to return.
    ~SolverController() override;

    /// A valid architecture to solve (the slider's users replace its own).
    void setArchitecture(const spec::Architecture& architecture);
    void setUsers(double users);
    [[nodiscard]] double users() const { return users_; }

    [[nodiscard]] const std::optional<stats::Results>& analytic() const { return analytic_; }
    [[nodiscard]] const std::optional<stats::Results>& simulated() const { return simulated_; }
    [[nodiscard]] bool isSimulating() const { return running_ != nullptr; }
    /// An analytic solve is under way (its result follows as analyticChanged).
    [[nodiscard]] bool isSolving() const { return analyticBusy_ || analyticPending_; }
    /// Worker runs not yet returned, cancelled ones included.
    [[nodiscard]] int activeRuns() const { return static_cast<int>(finishing_.size()) + (running_ ? 1 : 0); }

    /// Simulation after each change (off: analytic only).
    void setSimulationEnabled(bool enabled);
    [[nodiscard]] bool simulationEnabled() const { return simulationEnabled_; }
    /// Quiet time after the last change before a run starts (slider drags).
    void setStartDelay(int milliseconds) { startTimer_.setInterval(milliseconds); }
    /// Requests simulated per replication (sets the horizon from the
    /// analytic throughput), and the replications.
    void setRunSize(double requestsPerReplication, int replications);
    /// Overrides the computed horizon (tests use a long one to have a run to cancel).
    void setFixedHorizon(std::optional<double> seconds) { fixedHorizon_ = seconds; }

public slots:
    void cancelSimulation();
    void startSimulation();

signals:
    void analyticChanged(const headroom::stats::Results& results);
    void analyticFailed(const QString& error);
    void simulationStarted(double users);
    void simulationProgress(double fraction);
    void simulationFinished(const headroom::stats::Results& results);
    void simulationCancelled();
    void simulationFailed(const QString& error);

private:
    struct Run;
    void solveAnalytic();
    void launchAnalytic();
    void analyticDone(const stats::Results& results, const QString& error, int generation);
    [[nodiscard]] des::RunConfig runConfig() const;

    // Our own pool, not QThreadPool::globalInstance(): Qt's raster painter
    // borrows global-pool threads to draw, and long runs holding them froze
    // the window's painting for seconds.
    QThreadPool pool_;
    std::optional<spec::Architecture> architecture_;
    double users_ = 1000;
    std::optional<stats::Results> analytic_;
    std::optional<stats::Results> simulated_;
    bool simulationEnabled_ = true;
    double requestsPerReplication_ = 60000;
    int replications_ = 3;
    std::optional<double> fixedHorizon_;
    QTimer startTimer_;
    int generation_ = 0;
    std::shared_ptr<Run> running_;
    std::vector<std::shared_ptr<Run>> finishing_;  ///< cancelled runs still returning
    QFuture<void> analyticFuture_;
    int analyticGeneration_ = 0;
    bool analyticBusy_ = false;
    bool analyticPending_ = false;
    bool startAfterAnalytic_ = false;
};

}  // namespace headroom::ui
