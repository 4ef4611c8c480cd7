#pragma once
// Simulate ▸ Run … Scenario (issue 16: "run a scenario on the open
// architecture, watch it"; issue 17: the storms too): the open architecture
// at the slider's users, with the DES, on a worker thread with progress and
// Cancel —
// - the spike its slo.resilience.spike describes (roadmap::runSpike);
// - a cache flush: every keyed cache emptied at once (roadmap::runCacheFlush);
// - a retry storm: a short burst, then the load of before
//   (roadmap::runRetryStorm).
// When it ends, the scenario over time (ui/scenario_chart, the chart the
// report's scenario pages print) and the verdict in words. A scenario the
// architecture cannot play (no keyed cache, no retries) says why instead of
// running. The window never blocks the editor: the run works on a copy of the
// architecture taken when it started; the scenario box re-runs that copy.

#include "roadmap/spike.h"
#include "spec/architecture.h"
#include "worker_job.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;

namespace headroom::ui {

enum class ScenarioKind { Spike, CacheFlush, RetryStorm };

class ScenarioDialog : public QDialog {
    Q_OBJECT
public:
    explicit ScenarioDialog(QWidget* parent = nullptr);
    ~ScenarioDialog() override;

    /// Starts the scenario on `architecture` at `users` (cancels a run in progress).
    void run(const spec::Architecture& architecture, double users, ScenarioKind kind = ScenarioKind::Spike);
    [[nodiscard]] ScenarioKind kind() const { return kind_; }
    void cancel();
    [[nodiscard]] bool running() const;
    /// The last finished run's outcome (nullopt before, after an error or a cancel).
    [[nodiscard]] const std::optional<roadmap::SpikeOutcome>& outcome() const { return outcome_; }
    [[nodiscard]] QCustomPlot* chart() const { return chart_; }

signals:
    void finished();

private:
    void showProgress(double fraction);
    void showOutcome();
    void start();

    QComboBox* kindBox_ = nullptr;
    QLabel* heading_ = nullptr;
    QLabel* verdict_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QCustomPlot* chart_ = nullptr;
    WorkerSlot<std::optional<roadmap::SpikeOutcome>> worker_;
    std::optional<roadmap::SpikeOutcome> outcome_;
    double errorLimit_ = 0.0;
    QString title_;
    spec::Architecture architecture_;  ///< the copy the last run() took
    double users_ = 0.0;
    ScenarioKind kind_ = ScenarioKind::Spike;
};

}  // namespace headroom::ui
