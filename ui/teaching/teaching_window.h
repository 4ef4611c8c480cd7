#pragma once
// Teaching mode (issue 8): a window that walks a class through the scaling
// stages (the presets 01..08). For each stage it shows the architecture on
// the editor's canvas, an explanation computed from the model (what changed,
// which threshold forced it, what it costs, what it defers), a chart, and a
// users control that can ramp from a comfortable load to the breaking load
// with the breaking component outlined. "Requests" animates a live DES run
// on the canvas (RequestFlowFeed -> RequestFlowAnimator -> TeachingCanvas).
// Presenter view: large type, no toolbar, Left/Right, Space, Esc.
//
// Open it from the main window with
//     auto* w = new headroom::teaching::TeachingWindow(this);
//     w->setAttribute(Qt::WA_DeleteOnClose); w->show();
// It is always a top-level window, whatever its parent.

#include "stage_analysis.h"
#include "stage_catalogue.h"
#include "stage_explanation.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QMainWindow>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTextBrowser;
class QSplitter;
class QToolBar;
class QVariantAnimation;
class QDockWidget;

namespace headroom::ui {
class ArchitectureDocument;
class ArchitectureScene;
class ChartWidget;
class UsersControl;
}  // namespace headroom::ui

namespace headroom::teaching {

class ComparisonPanel;
class RequestFlowAnimator;
class RequestFlowFeed;
class TeachingCanvas;

class TeachingWindow : public QMainWindow {
    Q_OBJECT

public:
    /// Loads the presets from `presetDirectory` (default: findPresetDirectory()).
    explicit TeachingWindow(QWidget* parent = nullptr, const QString& presetDirectory = {});
    ~TeachingWindow() override;

    // Stages.
    [[nodiscard]] int stageCount() const { return static_cast<int>(stages_.size()); }
    [[nodiscard]] int currentStage() const { return current_; }
    [[nodiscard]] const Stage& stage(int index) const { return stages_.at(static_cast<size_t>(index)); }
    [[nodiscard]] const QString& loadError() const { return loadError_; }
    /// The analysis of stage `index` (computed on a worker; computed here if not ready yet).
    [[nodiscard]] const StageAnalysis& analysis(int index);
    [[nodiscard]] bool analysisReady(int index) const;
    /// The explanation of stage `index` (needs its and the previous stage's analyses).
    [[nodiscard]] StageExplanation explanation(int index);
    /// The panel's current text (plain).
    [[nodiscard]] QString explanationText() const;

    // Load.
    [[nodiscard]] double users() const { return users_; }
    [[nodiscard]] QVariantAnimation* ramp() const { return ramp_; }
    [[nodiscard]] ui::ChartWidget* chart() const;
    [[nodiscard]] TeachingCanvas* canvas() const { return canvas_; }
    [[nodiscard]] ComparisonPanel* comparison() const { return comparison_; }
    [[nodiscard]] ui::ArchitectureScene* scene() const { return scene_; }

    // Request flow.
    [[nodiscard]] bool flowRunning() const { return feed_ != nullptr; }
    [[nodiscard]] RequestFlowFeed* feed() const { return feed_.get(); }
    [[nodiscard]] RequestFlowAnimator* animator() const { return animator_.get(); }
    [[nodiscard]] double speed() const { return speed_; }
    /// User requests per second (of playback) the sampled view aims to show.
    void setShownRequestsPerSecond(double rate) { shownPerSecond_ = rate; }

    [[nodiscard]] bool presenterMode() const { return presenter_; }
    [[nodiscard]] QToolBar* toolbar() const { return toolbar_; }
    [[nodiscard]] QAction* compareAction() const { return compareAction_; }
    [[nodiscard]] QAction* presenterAction() const { return presenterAction_; }

public slots:
    void setStage(int index);
    void nextStage();
    void previousStage();
    void setUsers(double users);
    /// Animates the users from the stage's comfortable load to its breaking load.
    void startRamp();
    void stopRamp();
    void startFlow();
    void stopFlow();
    void setFlowPaused(bool paused);
    void setSpeed(double speed);
    /// Space: pauses/resumes the request flow if it runs, else the ramp.
    void togglePlay();
    void setPresenterMode(bool on);
    /// Esc: leaves the presenter view, or closes the window.
    void leave();
    void showComparison(bool on);

signals:
    void stageChanged(int index);
    void analysisReadyFor(int index);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void startAnalyses();
    void onAnalysis(int index, std::shared_ptr<const StageAnalysis> analysis);
    void refreshPanel();
    void refreshChart();
    void applyUsers();
    void updateCaption();
    void onFrame();
    void restartFlowSoon();

    std::vector<Stage> stages_;
    std::vector<std::shared_ptr<const StageAnalysis>> analyses_;
    QString loadError_;
    int current_ = -1;
    double users_ = 1000.0;
    bool syncingUsers_ = false;
    std::optional<stats::Results> results_;  // analytic, at users_

    ui::ArchitectureDocument* document_ = nullptr;
    ui::ArchitectureScene* scene_ = nullptr;
    TeachingCanvas* canvas_ = nullptr;
    QTextBrowser* explanation_ = nullptr;
    QStackedWidget* charts_ = nullptr;
    ui::ChartWidget* utilizationChart_ = nullptr;
    ui::ChartWidget* responseChart_ = nullptr;
    ui::UsersControl* usersControl_ = nullptr;
    QToolBar* toolbar_ = nullptr;
    QSplitter* mainSplitter_ = nullptr;  ///< canvas | explanation and charts (stacked in the presenter view)
    QSplitter* sideSplitter_ = nullptr;
    QList<int> normalSizes_;
    QLabel* stageLabel_ = nullptr;
    QLabel* presenterBar_ = nullptr;
    QComboBox* speedBox_ = nullptr;
    QDockWidget* comparisonDock_ = nullptr;
    ComparisonPanel* comparison_ = nullptr;
    QAction* previousAction_ = nullptr;
    QAction* nextAction_ = nullptr;
    QAction* rampAction_ = nullptr;
    QAction* flowAction_ = nullptr;
    QAction* pauseAction_ = nullptr;
    QAction* compareAction_ = nullptr;
    QAction* presenterAction_ = nullptr;
    QVariantAnimation* ramp_ = nullptr;

    std::unique_ptr<RequestFlowFeed> feed_;
    std::unique_ptr<RequestFlowAnimator> animator_;
    QTimer frameTimer_;
    QTimer restartTimer_;
    QElapsedTimer frameClock_;
    double speed_ = 1.0;
    double shownPerSecond_ = 12.0;
    bool presenter_ = false;
    QFont normalFont_;

    std::shared_ptr<std::atomic<bool>> cancelAnalyses_;
    QFuture<void> analysisJob_;
};

}  // namespace headroom::teaching
