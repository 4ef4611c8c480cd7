#pragma once
// The architecture-wide answers, recomputed on a worker thread after each
// valid edit from the model's one study (roadmap::Study) over the study's
// range: the analytic sweep (chart data), every threshold's breaking point
// ("Breaks first") and the phased plan ("Build next", "Roadmap") — first the
// instant analytic study, then the same study with every break placed by
// simulation (what `headroom-cli roadmap` and the report show), which
// replaces it. Each stage is delivered as soon as it is ready, as a value; a
// newer architecture cancels the running job (the study polls a flag before
// every solve) and stale results are dropped.

#include "roadmap/breaking_point.h"
#include "roadmap/roadmap.h"
#include "roadmap/study.h"
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

/// Analytic results on a log grid of users (value type for the charts).
struct SweepData {
    std::vector<double> users;
    std::vector<stats::Results> results;  ///< thresholds filled
    double sloP95 = 0.0;
    double sloP99 = 0.0;
    double sloUtilization = 0.0;
    double sloErrorRate = 0.0;
    [[nodiscard]] bool empty() const { return users.empty(); }
};

class AnalysisController : public QObject {
    Q_OBJECT

public:
    explicit AnalysisController(QObject* parent = nullptr);
    ~AnalysisController() override;

    void setArchitecture(const spec::Architecture& architecture);
    /// Points of the sweep grid (log spaced over the study's range).
    void setSweepPoints(int points) { sweepPoints_ = points; }
    /// Whether to run the planner after the sweep (it is the slowest stage).
    void setPlanningEnabled(bool enabled) { planning_ = enabled; }
    /// Whether to follow the instant answer with the simulation-confirmed study.
    void setConfirmationEnabled(bool enabled) { confirming_ = enabled; }
    /// The study's range, rules and seed (the users axis of every view comes from here).
    void setStudyOptions(const roadmap::StudyOptions& options) { options_ = options; }
    [[nodiscard]] const roadmap::StudyOptions& studyOptions() const { return options_; }
    [[nodiscard]] bool isBusy() const { return job_ != nullptr; }

    [[nodiscard]] const SweepData& sweep() const { return sweep_; }
    [[nodiscard]] const std::vector<roadmap::BreakingPoint>& breakingPoints() const { return breaking_; }
    [[nodiscard]] const std::optional<roadmap::Roadmap>& plan() const { return plan_; }

signals:
    void started();
    void sweepReady(const headroom::ui::SweepData& sweep);
    void breakingPointsReady(const std::vector<headroom::roadmap::BreakingPoint>& points);
    void planReady(const headroom::roadmap::Roadmap& plan);
    void failed(const QString& error);
    void finished();

private:
    struct Job;
    void start();

    // Our own pool, not QThreadPool::globalInstance(): Qt's raster painter
    // borrows global-pool threads to draw, and long runs holding them froze
    // the window's painting for seconds.
    QThreadPool pool_;
    std::optional<spec::Architecture> architecture_;
    int sweepPoints_ = 31;
    bool planning_ = true;
    bool confirming_ = true;
    roadmap::StudyOptions options_;
    SweepData sweep_;
    std::vector<roadmap::BreakingPoint> breaking_;
    std::optional<roadmap::Roadmap> plan_;
    QTimer debounce_;
    int generation_ = 0;
    std::shared_ptr<Job> job_;
    std::vector<std::shared_ptr<Job>> finishing_;
};

}  // namespace headroom::ui
