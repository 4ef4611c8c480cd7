#pragma once
// Simulate ▸ Run Spike Scenario… (issue 16: "run a scenario on the open
// architecture, watch it"): the open architecture at the slider's users,
// spiked as its slo.resilience.spike says (roadmap::runSpike with the DES),
// on a worker thread with progress and Cancel; when it ends, the users and
// machines running, the errors and the requests in the system over time
// (ui/scenario_chart, the chart the report's scenario page prints) and the
// verdict in words. The window never blocks the editor: the run works on a
// copy of the architecture taken when it started.

#include "roadmap/spike.h"
#include "spec/architecture.h"

#include <QDialog>
#include <QFutureWatcher>

#include <atomic>
#include <memory>
#include <optional>

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;

namespace headroom::ui {

class ScenarioDialog : public QDialog {
    Q_OBJECT
public:
    explicit ScenarioDialog(QWidget* parent = nullptr);
    ~ScenarioDialog() override;

    /// Starts the spike on `architecture` at `users` (cancels a run in progress).
    void run(const spec::Architecture& architecture, double users);
    void cancel();
    [[nodiscard]] bool running() const;
    /// The last finished run's outcome (nullopt before, after an error or a cancel).
    [[nodiscard]] const std::optional<roadmap::SpikeOutcome>& outcome() const { return outcome_; }
    [[nodiscard]] QCustomPlot* chart() const { return chart_; }

signals:
    void finished();

private:
    struct Job;
    void showProgress(double fraction);
    void showOutcome();

    QLabel* heading_ = nullptr;
    QLabel* verdict_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QCustomPlot* chart_ = nullptr;
    std::shared_ptr<Job> job_;
    std::optional<roadmap::SpikeOutcome> outcome_;
    double errorLimit_ = 0.0;
    QString title_;
};

}  // namespace headroom::ui
