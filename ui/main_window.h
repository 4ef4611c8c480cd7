#pragma once
// The desktop app's main window: the canvas in the centre; the property
// panel, palette, results, charts and roadmap panels as docks; the users
// control in the toolbar; menus with the standard shortcuts. It wires the
// document to the two controllers (instant analytic answer + simulation on a
// worker; sweep, breaking points and plan on another) and shows their values.

#include "property_schema.h"
#include "recovery_store.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QAction;
class QMenu;
class QProgressBar;
class QTabWidget;
class QToolButton;

namespace headroom::ui {

class AnalysisController;
class ArchitectureDocument;
class ArchitectureScene;
class ArchitectureView;
class BreaksFirstPanel;
class BuildNextPanel;
class ChartWidget;
class ComponentPalette;
class CostChart;
class PropertyPanel;
class ResponseTimeChart;
class ResultsPanel;
class RoadmapPanel;
class ScenarioDialog;
enum class ScenarioKind;
class SolverController;
class ThroughputChart;
class UsersControl;
class UtilizationChart;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a file; on failure the error is shown (interactive) or returned.
    bool openFile(const QString& path, QString* error = nullptr);
    /// Opens a preset as an untitled copy (Save asks for a file name).
    bool openPreset(const QString& path, QString* error = nullptr);
    /// Offers crash-recovery copies left by an earlier session (asks first).
    void offerRecovery();
    /// No modal dialogs (tests, screenshots): unsaved changes are discarded on close.
    void setInteractive(bool interactive) { interactive_ = interactive; }
    void setUsers(int users);
    /// Saves an image of the whole window.
    bool saveScreenshot(const QString& path);

    [[nodiscard]] ArchitectureDocument* document() const { return document_; }
    [[nodiscard]] ArchitectureScene* scene() const { return scene_; }
    [[nodiscard]] ArchitectureView* view() const { return view_; }
    [[nodiscard]] UsersControl* usersControl() const { return users_; }
    [[nodiscard]] SolverController* solver() const { return solver_; }
    [[nodiscard]] AnalysisController* analysis() const { return analysis_; }
    [[nodiscard]] PropertyPanel* propertyPanel() const { return properties_; }
    [[nodiscard]] ResultsPanel* resultsPanel() const { return results_; }
    [[nodiscard]] BreaksFirstPanel* breaksFirstPanel() const { return breaksFirst_; }
    [[nodiscard]] BuildNextPanel* buildNextPanel() const { return buildNext_; }
    [[nodiscard]] RoadmapPanel* roadmapPanel() const { return roadmap_; }
    [[nodiscard]] ResponseTimeChart* responseTimeChart() const { return responseChart_; }
    [[nodiscard]] UtilizationChart* utilizationChart() const { return utilizationChart_; }
    [[nodiscard]] ThroughputChart* throughputChart() const { return throughputChart_; }
    [[nodiscard]] CostChart* costChart() const { return costChart_; }
    [[nodiscard]] QTabWidget* chartTabs() const { return charts_; }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QProgressBar* progressBar() const { return progress_; }

    /// Entry points for modules built on top of headroom_ui (report export,
    /// teaching mode): they add their actions here instead of the window
    /// depending on them. File actions go above Quit; View actions at the end.
    void addFileAction(QAction* action);
    void addViewAction(QAction* action);
    /// Simulate ▸ Run … Scenario: the open architecture at the slider's
    /// users in the scenario window — spiked per its slo.resilience.spike,
    /// its caches flushed, or a retry burst.
    ScenarioDialog* runScenario(ScenarioKind kind);
    ScenarioDialog* runSpikeScenario();

public slots:
    void newDocument();
    void open();
    /// Where Save As and exports start: the file's folder, the last one used, or home.
    [[nodiscard]] QString documentFolder() const;
    bool save();
    bool saveAs();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createDocks();
    void connectDocument();
    [[nodiscard]] bool maybeSave();
    void updateTitle();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void rebuildPresetMenu();
    void showError(const QString& title, const QString& error);
    void autosave();
    void activateLocation(const QString& where);
    void openPhase(int phase);
    void architectureChanged();

    ArchitectureDocument* document_;
    ArchitectureScene* scene_;
    ArchitectureView* view_;
    UsersControl* users_;
    SolverController* solver_;
    ScenarioDialog* scenario_ = nullptr;  ///< Simulate ▸ Run Spike Scenario… (made on first use)
    AnalysisController* analysis_;
    PropertyPanel* properties_ = nullptr;
    ComponentPalette* palette_ = nullptr;
    ResultsPanel* results_ = nullptr;
    BreaksFirstPanel* breaksFirst_ = nullptr;
    BuildNextPanel* buildNext_ = nullptr;
    RoadmapPanel* roadmap_ = nullptr;
    QTabWidget* charts_ = nullptr;
    ResponseTimeChart* responseChart_ = nullptr;
    UtilizationChart* utilizationChart_ = nullptr;
    ThroughputChart* throughputChart_ = nullptr;
    CostChart* costChart_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* presetMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* fileMenu_ = nullptr;
    QAction* fileExtensionsAnchor_ = nullptr;  // the separator above Quit
    QLabel* status_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancel_ = nullptr;
    RecoveryStore recovery_;
    QString recoverySlot_;
    bool interactive_ = true;
    bool showingSimulated_ = false;
};

}  // namespace headroom::ui
