#pragma once
// File ▸ Calibrate from Measurements… (issue 19): picks a measurements CSV
// (docs/format.md, "Measurements"), fits the open architecture's demands to
// it (calibrate::calibrate: the utilisation law by non-negative least
// squares, 95% intervals, constant or load-dependent by AICc, the non-CPU
// delay) and solves every measured level with the fitted demands
// (calibrate::predict), on a worker thread with Cancel; shows the fitted
// demands with their intervals and measured against predicted; Apply writes
// the fitted demands, wake-up terms and delay into the open architecture as
// ONE undoable edit. The run works on a copy of the architecture taken when
// it started; Apply patches only the fitted keys of the architecture as it
// is then, so edits made meanwhile are kept.

#include "calibrate/calibration.h"
#include "spec/architecture.h"
#include "worker_job.h"

#include <QDialog>

#include <optional>
#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace headroom::ui {

class ArchitectureDocument;

class CalibrateDialog : public QDialog {
    Q_OBJECT
public:
    explicit CalibrateDialog(ArchitectureDocument* document, QWidget* parent = nullptr);
    ~CalibrateDialog() override;

    /// The menu action: asks for a CSV, then shows the dialog running on it.
    static CalibrateDialog* chooseAndRun(ArchitectureDocument* document, QWidget* parent);

    /// Starts the fit of the document's architecture to `csvPath` (cancels a run in progress).
    void run(const QString& csvPath);
    void cancel();
    [[nodiscard]] bool running() const;
    /// Writes the last fit into the document as one undoable edit; false when there is none.
    bool apply();

    /// The last finished run (nullopt before, after an error or a cancel).
    [[nodiscard]] const std::optional<calibrate::Calibration>& calibration() const { return calibration_; }
    [[nodiscard]] const std::vector<calibrate::LevelComparison>& comparison() const { return comparison_; }
    [[nodiscard]] QString error() const { return error_; }
    [[nodiscard]] QTableWidget* demandsTable() const { return demands_; }
    [[nodiscard]] QTableWidget* levelsTable() const { return levels_; }

signals:
    void finished();

private:
    struct Fit {  ///< what a calibration run leaves
        std::optional<calibrate::Calibration> calibration;
        std::vector<calibrate::LevelComparison> comparison;
    };
    void showResult();

    ArchitectureDocument* document_;
    QLabel* heading_ = nullptr;
    QLabel* summary_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QTableWidget* demands_ = nullptr;
    QTableWidget* levels_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QPushButton* applyButton_ = nullptr;
    WorkerSlot<Fit> worker_;
    std::optional<calibrate::Calibration> calibration_;
    std::vector<calibrate::LevelComparison> comparison_;
    spec::Architecture started_;  ///< the architecture the run fitted (for the "now" column)
    QString csvName_;
    QString error_;
};

}  // namespace headroom::ui
