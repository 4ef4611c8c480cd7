#pragma once
// Simulate ▸ Run Uncertainty Study… (issue 20: "report and desktop: intervals
// as bands on the charts, the tornado chart, the probability per phase"):
// the open file's uncertain values (`20ms ± 30%`) sampled by the model's
// study (roadmap::runUncertaintyStudy, what `headroom-cli study` prints), on
// a worker thread with progress (samples done) and Cancel; when it ends, the
// first break's band (ui/study_band_chart), the tornado (ui/tornado_chart)
// and the probability each phase of the plan holds, in words. The window
// never blocks the editor: the study works on the YAML text taken when it started.

#include <QDialog>
#include <QString>
#include <optional>

#include "roadmap/uncertainty_study.h"
#include "worker_job.h"

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;

namespace headroom::ui {

class StudyDialog : public QDialog {
    Q_OBJECT
public:
    explicit StudyDialog(QWidget* parent = nullptr);
    ~StudyDialog() override;

    /// The window of `parent` (made on first use), running the study of `yaml`, shown and raised.
    static StudyDialog* openFor(QWidget* parent, const QString& yaml, const QString& fileName);

    /// Starts the study of `yaml` (named `fileName` in errors) with `options`
    /// (cancels a study in progress). The model's defaults when not given.
    void run(const QString& yaml, const QString& fileName, roadmap::UncertaintyStudyOptions options = {});
    void cancel();
    [[nodiscard]] bool running() const;
    /// The last finished study (nullopt before, after an error or a cancel).
    [[nodiscard]] const std::optional<roadmap::UncertaintyStudyPart>& study() const { return study_; }
    [[nodiscard]] const std::optional<roadmap::UncertaintySummary>& summary() const { return summary_; }
    [[nodiscard]] QCustomPlot* bandChart() const { return band_; }
    [[nodiscard]] QCustomPlot* tornadoChart() const { return tornado_; }
    /// The verdict line under the charts (the error, "Cancelled.", or the band in words).
    [[nodiscard]] QString verdictText() const;

signals:
    void finished();

private:
    struct Outcome {  ///< what a study run leaves
        std::optional<roadmap::UncertaintyStudyPart> study;
        std::optional<roadmap::UncertaintySummary> summary;
    };
    void showProgress(std::size_t done, std::size_t total);
    void showOutcome();

    QLabel* heading_ = nullptr;
    QLabel* verdict_ = nullptr;
    QLabel* phases_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QCustomPlot* band_ = nullptr;
    QCustomPlot* tornado_ = nullptr;
    WorkerSlot<Outcome> worker_;
    std::optional<roadmap::UncertaintyStudyPart> study_;
    std::optional<roadmap::UncertaintySummary> summary_;
};

}  // namespace headroom::ui
