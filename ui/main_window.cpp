#include "main_window.h"

#include "analysis_controller.h"
#include "architecture_document.h"
#include "architecture_edits.h"
#include "architecture_scene.h"
#include "architecture_view.h"
#include "breaks_first_panel.h"
#include "build_next_panel.h"
#include "calibrate_dialog.h"
#include "component_item.h"
#include "component_palette.h"
#include "cost_chart.h"
#include "preset_catalogue.h"
#include "property_panel.h"
#include "response_time_chart.h"
#include "results_panel.h"
#include "roadmap_panel.h"
#include "scenario_dialog.h"
#include "study_dialog.h"
#include "solver_controller.h"
#include "throughput_chart.h"
#include "users_control.h"
#include "utilization_chart.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QDesktopServices>
#include <QDir>
#include <QUrl>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QUuid>

// The icons and stylesheet live in headroom_ui, a static library: its
// resources must be registered by hand (outside any namespace).
static void initResources() { Q_INIT_RESOURCE(headroom); }

namespace headroom::ui {

namespace {
constexpr int kMaxRecentFiles = 10;
constexpr int kAutosaveMilliseconds = 15000;
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    document_ = new ArchitectureDocument(this);
    scene_ = new ArchitectureScene(document_, this);
    view_ = new ArchitectureView(scene_, this);
    setCentralWidget(view_);
    users_ = new UsersControl(this);
    solver_ = new SolverController(this);
    analysis_ = new AnalysisController(this);
    recoverySlot_ = QUuid::createUuid().toString(QUuid::WithoutBraces);

    createDocks();
    createActions();
    connectDocument();

    auto* autosaveTimer = new QTimer(this);
    autosaveTimer->setInterval(kAutosaveMilliseconds);
    connect(autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    autosaveTimer->start();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1480, 920);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    document_->loadArchitecture(newArchitecture(), tr("untitled.yaml"));
    updateTitle();
}

MainWindow::~MainWindow() {
    // The document is a child and outlives this body: nothing it emits while
    // it is torn down may reach a window that is no longer a MainWindow.
    document_->disconnect(this);
    // The canvas and panels refer to the document: they go first.
    delete view_;
    delete scene_;
    delete solver_;
    delete analysis_;
}

void MainWindow::createDocks() {
    auto dock = [this](const QString& title, const QString& name, QWidget* widget, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
        addDockWidget(area, d);
        return d;
    };
    palette_ = new ComponentPalette(this);
    properties_ = new PropertyPanel(document_, this);
    results_ = new ResultsPanel(this);
    breaksFirst_ = new BreaksFirstPanel(this);
    buildNext_ = new BuildNextPanel(this);
    roadmap_ = new RoadmapPanel(this);
    charts_ = new QTabWidget(this);
    charts_->setObjectName(QStringLiteral("charts"));
    charts_->setDocumentMode(true);
    responseChart_ = new ResponseTimeChart(charts_);
    utilizationChart_ = new UtilizationChart(charts_);
    throughputChart_ = new ThroughputChart(charts_);
    costChart_ = new CostChart(charts_);
    charts_->addTab(responseChart_, tr("Response time"));
    charts_->addTab(utilizationChart_, tr("Utilisation"));
    charts_->addTab(throughputChart_, tr("Throughput"));
    charts_->addTab(costChart_, tr("Cost"));

    QDockWidget* paletteDock = dock(tr("Components"), QStringLiteral("paletteDock"), palette_, Qt::LeftDockWidgetArea);
    QDockWidget* propertyDock = dock(tr("Properties"), QStringLiteral("propertyDock"), properties_, Qt::LeftDockWidgetArea);
    splitDockWidget(paletteDock, propertyDock, Qt::Vertical);
    QDockWidget* resultsDock = dock(tr("Results"), QStringLiteral("resultsDock"), results_, Qt::RightDockWidgetArea);
    QDockWidget* chartDock = dock(tr("Charts"), QStringLiteral("chartDock"), charts_, Qt::BottomDockWidgetArea);
    QDockWidget* breaksDock = dock(tr("Breaks first"), QStringLiteral("breaksFirstDock"), breaksFirst_, Qt::BottomDockWidgetArea);
    QDockWidget* buildDock = dock(tr("Build next"), QStringLiteral("buildNextDock"), buildNext_, Qt::BottomDockWidgetArea);
    QDockWidget* roadmapDock = dock(tr("Roadmap"), QStringLiteral("roadmapDock"), roadmap_, Qt::BottomDockWidgetArea);
    splitDockWidget(chartDock, breaksDock, Qt::Horizontal);
    tabifyDockWidget(breaksDock, buildDock);
    tabifyDockWidget(buildDock, roadmapDock);
    breaksDock->raise();
    // Bottom docks span the full width; the side docks stop above them.
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    resizeDocks({paletteDock, propertyDock}, {130, 560}, Qt::Vertical);
    resizeDocks({paletteDock, resultsDock}, {300, 400}, Qt::Horizontal);
    resizeDocks({chartDock, breaksDock}, {860, 560}, Qt::Horizontal);
    resizeDocks({chartDock}, {340}, Qt::Vertical);

    status_ = new QLabel(this);
    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName(QStringLiteral("statusError"));
    errorLabel_->hide();
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(180);
    progress_->setTextVisible(false);
    progress_->hide();
    cancel_ = new QToolButton(this);
    cancel_->setText(tr("Cancel"));
    cancel_->setAutoRaise(true);
    cancel_->hide();
    statusBar()->addWidget(errorLabel_, 1);
    statusBar()->addWidget(status_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancel_);
    connect(cancel_, &QToolButton::clicked, solver_, &SolverController::cancelSimulation);

    viewMenu_ = new QMenu(tr("&View"), this);
    for (QDockWidget* d : {paletteDock, propertyDock, resultsDock, breaksDock, buildDock, chartDock, roadmapDock}) {
        viewMenu_->addAction(d->toggleViewAction());
    }
}

void MainWindow::addFileAction(QAction* action) { fileMenu_->insertAction(fileExtensionsAnchor_, action); }

void MainWindow::addViewAction(QAction* action) { viewMenu_->addAction(action); }

ScenarioDialog* MainWindow::runSpikeScenario() { return runScenario(ScenarioKind::Spike); }

ScenarioDialog* MainWindow::runScenario(ScenarioKind kind) {
    if (!scenario_) scenario_ = new ScenarioDialog(this);
    scenario_->run(document_->architecture(), users_->users(), kind);
    scenario_->show();
    scenario_->raise();
    return scenario_;
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction = file->addAction(QIcon::fromTheme("document-new"), tr("&New"), this, &MainWindow::newDocument);
    newAction->setShortcut(QKeySequence::New);
    QAction* openAction = file->addAction(QIcon::fromTheme("document-open"), tr("&Open…"), this, &MainWindow::open);
    openAction->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    presetMenu_ = file->addMenu(tr("Open &Preset"));
    rebuildRecentMenu();
    rebuildPresetMenu();
    file->addSeparator();
    QAction* saveAction = file->addAction(QIcon::fromTheme("document-save"), tr("&Save"), this, &MainWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    QAction* saveAsAction = file->addAction(tr("Save &As…"), this, &MainWindow::saveAs);
    // Not every platform theme has a Save As key (the offscreen and some X11 ones have none).
    saveAsAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)});
    QAction* exportDiagram = file->addAction(tr("Export &Diagram…"), this, [this] {
        const QString start = documentFolder() + QLatin1Char('/') + QFileInfo(document_->displayName()).completeBaseName() +
                              QStringLiteral(".svg");
        const QString path = QFileDialog::getSaveFileName(this, tr("Export diagram"), start,
                                                          tr("SVG drawing (*.svg);;PNG image (*.png)"));
        if (path.isEmpty()) return;
        QString error;
        if (!scene_->exportDiagram(path, &error)) showError(tr("Cannot export"), error);
        else status_->setText(tr("Diagram exported to %1").arg(path));
    });
    exportDiagram->setObjectName(QStringLiteral("exportDiagramAction"));
    exportDiagram->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction* exportChart = file->addAction(tr("&Export Chart…"), this, [this] {
        if (auto* chart = qobject_cast<ChartWidget*>(charts_->currentWidget())) chart->exportInteractively();
    });
    Q_UNUSED(exportChart);
    file->addAction(tr("&Calibrate from Measurements…"), this, [this] { CalibrateDialog::chooseAndRun(document_, this); });  // issue 19
    fileMenu_ = file;
    fileExtensionsAnchor_ = file->addSeparator();
    // Close this window (a phase opened in its own window, or the last one).
    QAction* closeWindow = file->addAction(tr("&Close Window"), this, &QWidget::close);
    closeWindow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    closeWindow->setObjectName(QStringLiteral("closeWindowAction"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = document_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setIcon(QIcon::fromTheme("edit-undo"));
    QAction* redo = document_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setIcon(QIcon::fromTheme("edit-redo"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* remove = edit->addAction(tr("&Delete"), scene_, &ArchitectureScene::deleteSelection);
    remove->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)});
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    view_->addAction(remove);
    edit->addSeparator();
    auto canvasAction = [&](const QString& text, QKeySequence key, void (ArchitectureScene::*slot)()) {
        QAction* a = edit->addAction(text, scene_, slot);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        view_->addAction(a);
        return a;
    };
    canvasAction(tr("&Copy"), QKeySequence::Copy, &ArchitectureScene::copySelection);
    canvasAction(tr("&Paste"), QKeySequence::Paste, &ArchitectureScene::paste);
    canvasAction(tr("D&uplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), &ArchitectureScene::duplicateSelection);
    canvasAction(tr("Select &All"), QKeySequence::SelectAll, &ArchitectureScene::selectAll);
    edit->addSeparator();
    QAction* share = edit->addAction(tr("Put Selection on a New Shared &Host"), scene_, &ArchitectureScene::addSharedHost);
    share->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    share->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    view_->addAction(share);
    connect(scene_, &ArchitectureScene::editRefused, this, [this](const QString& reason) { showError(tr("Not changed"), reason); });
    edit->addAction(tr("Automatic &Layout"), scene_, &ArchitectureScene::autoLayout);

    menuBar()->addMenu(viewMenu_);
    viewMenu_->addSeparator();
    QAction* zoomIn = viewMenu_->addAction(tr("Zoom &In"), view_, &ArchitectureView::zoomIn);
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction* zoomOut = viewMenu_->addAction(tr("Zoom &Out"), view_, &ArchitectureView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction* zoomReset = viewMenu_->addAction(tr("&Actual Size"), view_, &ArchitectureView::resetZoom);
    zoomReset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* fit = viewMenu_->addAction(tr("&Fit Architecture"), view_, &ArchitectureView::fitAll);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_9));

    QMenu* simulate = menuBar()->addMenu(tr("&Simulate"));
    QAction* run = simulate->addAction(tr("&Run Simulation Now"), solver_, &SolverController::startSimulation);
    run->setShortcut(QKeySequence(Qt::Key_F5));
    QAction* stop = simulate->addAction(tr("&Cancel Simulation"), solver_, &SolverController::cancelSimulation);
    stop->setShortcut(QKeySequence(Qt::Key_Escape));
    simulate->addAction(tr("Run Spike &Scenario…"), this, &MainWindow::runSpikeScenario);
    simulate->addAction(tr("Run Cache &Flush Scenario…"), this, [this] { runScenario(ScenarioKind::CacheFlush); });
    simulate->addAction(tr("Run Retry S&torm Scenario…"), this, [this] { runScenario(ScenarioKind::RetryStorm); });
    simulate->addAction(tr("Run &Uncertainty Study…"), this,
                        [this] { StudyDialog::openFor(this, document_->yamlText(), document_->displayName()); });
    QAction* auto_ = simulate->addAction(tr("Simulate &Automatically"));
    auto_->setCheckable(true);
    auto_->setChecked(true);
    connect(auto_, &QAction::toggled, solver_, &SolverController::setSimulationEnabled);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        // Every action of the menus with a key, as the menus have them now.
        QString rows;
        for (QAction* menuAction : menuBar()->actions()) {
            const QMenu* menu = menuAction->menu();
            if (!menu) continue;
            for (QAction* a : menu->actions()) {
                if (a->shortcut().isEmpty()) continue;
                rows += QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;<b>%2</b></td></tr>")
                            .arg(a->text().remove(QLatin1Char('&')), a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped());
            }
        }
        rows += tr("<tr><td>Connect two components</td><td>&nbsp;&nbsp;<b>drag from a card's right-edge port</b></td></tr>");
        rows += tr("<tr><td>Add a component</td><td>&nbsp;&nbsp;<b>drag from the palette, or double-click it</b></td></tr>");
        QMessageBox box(this);
        box.setWindowTitle(tr("Keyboard Shortcuts"));
        box.setText(QStringLiteral("<table>%1</table>").arg(rows));
        box.exec();
    });
    shortcuts->setShortcut(QKeySequence(Qt::Key_F1));
    help->addAction(tr("&User Guide"), this, [] {
        // The guide ships with the sources (docs/user-guide.md).
        // The guide ships beside the presets (docs/user-guide.md next to architectures/).
        const QString path = QDir(presetDirectory() + QStringLiteral("/../docs")).absoluteFilePath(QStringLiteral("user-guide.md"));
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    });
    help->addAction(tr("&About Headroom"), this, [this] {
        QMessageBox::about(this, tr("About Headroom"),
                           tr("<h3>Headroom</h3><p>What breaks when we grow from 100 to 100,000 users, "
                              "and what do we build next?</p><p>A queueing-network simulator checked against "
                              "an analytic solver.</p>"));
    });

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(openAction);
    bar->addAction(saveAction);
    bar->addSeparator();
    bar->addAction(undo);
    bar->addAction(redo);
    bar->addSeparator();
    bar->addWidget(users_);
}

void MainWindow::connectDocument() {
    connect(document_, &ArchitectureDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(document_, &ArchitectureDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(document_, &ArchitectureDocument::reset, this, [this] {
        const auto& w = document_->architecture().workload;
        users_->setUsers(static_cast<int>(w.users.value_or(1000)));
        updateTitle();
        QTimer::singleShot(0, view_, &ArchitectureView::fitAll);
    });
    connect(document_, &ArchitectureDocument::graphChanged, this, &MainWindow::architectureChanged);
    connect(document_, &ArchitectureDocument::validityChanged, this, [this](bool valid, const QString& error) {
        errorLabel_->setText(error);
        errorLabel_->setVisible(!valid);
        status_->setVisible(valid);
    });
    connect(scene_, &ArchitectureScene::selectionMoved, properties_, &PropertyPanel::setSelection);
    connect(palette_, &ComponentPalette::addRequested, this, [this](spec::ComponentKind kind) {
        scene_->addComponent(kind, view_->mapToScene(view_->viewport()->rect().center()));
    });
    connect(users_, &UsersControl::usersChanged, this, [this](int users) {
        showingSimulated_ = false;
        solver_->setUsers(users);
        for (ChartWidget* chart : {static_cast<ChartWidget*>(responseChart_), static_cast<ChartWidget*>(utilizationChart_),
                                   static_cast<ChartWidget*>(throughputChart_), static_cast<ChartWidget*>(costChart_)}) {
            chart->setUsersMarker(users);
        }
    });
    connect(solver_, &SolverController::analyticChanged, this, [this](const stats::Results& r) {
        if (showingSimulated_) return;
        scene_->setResults(r);
        results_->setResults(r, document_->architecture().slo.utilization);
    });
    connect(solver_, &SolverController::analyticFailed, this, [this](const QString& error) {
        results_->clear(error);
        scene_->clearResults();
    });
    connect(solver_, &SolverController::simulationStarted, this, [this](double users) {
        progress_->setValue(0);
        progress_->show();
        cancel_->show();
        status_->setText(tr("Simulating %1 users…").arg(formatUsers(users)));
    });
    connect(solver_, &SolverController::simulationProgress, this,
            [this](double fraction) { progress_->setValue(static_cast<int>(fraction * 1000)); });
    connect(solver_, &SolverController::simulationFinished, this, [this](const stats::Results& r) {
        progress_->hide();
        cancel_->hide();
        showingSimulated_ = true;
        scene_->setResults(r);
        results_->setResults(r, document_->architecture().slo.utilization);
        responseChart_->addSimulated(r);
        status_->setText(tr("Simulated %1 users: %2 M events in %3 s")
                             .arg(formatUsers(r.users.value_or(0)))
                             .arg(static_cast<double>(r.events) / 1e6, 0, 'f', 1)
                             .arg(r.wallSeconds, 0, 'f', 1));
    });
    connect(solver_, &SolverController::simulationCancelled, this, [this] {
        progress_->hide();
        cancel_->hide();
        status_->setText(tr("Simulation cancelled"));
    });
    connect(solver_, &SolverController::simulationFailed, this, [this](const QString& error) {
        progress_->hide();
        cancel_->hide();
        status_->setText(tr("Simulation failed: %1").arg(error));
    });
    connect(analysis_, &AnalysisController::started, this, [this] {
        breaksFirst_->setBusy(tr("Searching for breaking points…"));
        buildNext_->setBusy(tr("Planning…"));
        roadmap_->setBusy(tr("Planning the roadmap…"));
    });
    connect(analysis_, &AnalysisController::sweepReady, this, [this](const SweepData& sweep) {
        responseChart_->setSweep(sweep);
        utilizationChart_->setSweep(sweep);
        throughputChart_->setSweep(sweep);
        costChart_->setSweep(sweep);
    });
    connect(analysis_, &AnalysisController::breakingPointsReady, this, [this](const std::vector<roadmap::BreakingPoint>& points) {
        breaksFirst_->setBreakingPoints(points, analysis_->studyOptions().target());
        QVector<ChartMarker> markers;
        for (const auto& p : points) markers.append({p.users, QString::fromStdString(p.check.metric + " @ " + p.check.where)});
        // The first few only: a wall of markers helps nobody.
        if (markers.size() > 3) markers.resize(3);
        for (ChartWidget* chart : {static_cast<ChartWidget*>(responseChart_), static_cast<ChartWidget*>(utilizationChart_),
                                   static_cast<ChartWidget*>(throughputChart_), static_cast<ChartWidget*>(costChart_)}) {
            chart->setBreakingPoints(markers);
        }
    });
    connect(analysis_, &AnalysisController::planReady, this, [this](const roadmap::Roadmap& plan) {
        buildNext_->setRoadmap(plan);
        roadmap_->setRoadmap(plan);
        costChart_->setRoadmap(plan);
    });
    connect(analysis_, &AnalysisController::failed, this, [this](const QString& error) {
        breaksFirst_->setBusy(error);
        buildNext_->setBusy(error);
        roadmap_->setBusy(error);
    });
    connect(breaksFirst_, &BreaksFirstPanel::locationActivated, this, &MainWindow::activateLocation);
    connect(results_, &ResultsPanel::componentActivated, this, &MainWindow::activateLocation);
    connect(buildNext_, &BuildNextPanel::applyRequested, this,
            [this](const spec::Architecture& after, const QString& title) { document_->edit(after, title); });
    connect(roadmap_, &RoadmapPanel::phaseActivated, this, &MainWindow::openPhase);
}

void MainWindow::architectureChanged() {
    const spec::Architecture& a = document_->architecture();
    showingSimulated_ = false;
    responseChart_->clearSimulated();
    costChart_->setBudget(a.slo.budgetMonth);
    solver_->setUsers(users_->users());
    solver_->setArchitecture(a);
    analysis_->setArchitecture(a);
}

void MainWindow::activateLocation(const QString& where) {
    const spec::Architecture& a = document_->architecture();
    QString id = where.section('/', 0, 0);  // "db/replica" -> db
    if (!findComponent(a, id)) {
        // A host: mark its first component.
        QString member;
        for (const auto& c : a.components) {
            if ((c.host && QString::fromStdString(*c.host) == id) || QString::fromStdString(c.id) == id) {
                member = QString::fromStdString(c.id);
                break;
            }
        }
        if (member.isEmpty()) {
            scene_->highlight({});
            return;
        }
        scene_->highlight(member);
        scene_->select({Selection::Kind::Host, id});
        if (!scene_->hostItem(id)) scene_->select({Selection::Kind::Component, member});
        return;
    }
    scene_->highlight(id);
    scene_->select({Selection::Kind::Component, id});
    if (auto* item = scene_->componentItem(id)) view_->ensureVisible(item);
}

void MainWindow::openPhase(int phase) {
    const auto& plan = buildNext_->roadmap();
    if (!plan || phase < 0 || static_cast<size_t>(phase) >= plan->phases.size()) return;
    auto* window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->setInteractive(interactive_);
    window->document()->loadArchitecture(plan->phases[static_cast<size_t>(phase)].after,
                                         tr("phase %1 of %2").arg(phase + 1).arg(document_->displayName()));
    window->setUsers(static_cast<int>(plan->phases[static_cast<size_t>(phase)].usersTo));
    window->show();
}

void MainWindow::setUsers(int users) { users_->setUsers(users); }

QString MainWindow::statusText() const { return errorLabel_->isHidden() ? status_->text() : errorLabel_->text(); }

void MainWindow::updateTitle() {
    setWindowTitle(QStringLiteral("%1[*] — Headroom").arg(document_->displayName()));
    setWindowModified(document_->isModified());
}

bool MainWindow::openFile(const QString& path, QString* error) {
    if (!maybeSave()) return false;
    QString message;
    if (!document_->load(path, &message)) {
        if (error) *error = message;
        showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), message);
        return false;
    }
    addRecentFile(QFileInfo(path).absoluteFilePath());
    status_->setText(tr("Opened %1").arg(QFileInfo(path).fileName()));
    return true;
}

bool MainWindow::openPreset(const QString& path, QString* error) {
    if (!maybeSave()) return false;
    QFile file(path);
    QString message;
    if (!file.open(QIODevice::ReadOnly)) {
        message = tr("%1: error: cannot open the file").arg(path);
    } else if (document_->loadText(QString::fromUtf8(file.readAll()), QString(), &message)) {
        document_->setTitle(QFileInfo(path).fileName());
        updateTitle();
        status_->setText(tr("Preset %1 (a copy: Save asks where)").arg(QFileInfo(path).fileName()));
        return true;
    }
    if (error) *error = message;
    showError(tr("Cannot open the preset"), message);
    return false;
}

void MainWindow::newDocument() {
    if (!maybeSave()) return;
    document_->loadArchitecture(newArchitecture(), tr("untitled.yaml"));
}

void MainWindow::open() {
    if (!maybeSave()) return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("lastDirectory"), presetDirectory()).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open architecture"), dir, tr("Architectures (*.yaml *.yml)"));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    openFile(path);
}

bool MainWindow::save() {
    if (document_->filePath().isEmpty()) return saveAs();
    QString error;
    if (!document_->save(&error)) {
        showError(tr("Cannot save"), error);
        return false;
    }
    recovery_.remove(recoverySlot_);
    status_->setText(tr("Saved %1").arg(document_->displayName()));
    return true;
}

QString MainWindow::documentFolder() const {
    // The file's own folder; else the last folder used; else home — never "/".
    if (!document_->filePath().isEmpty()) return QFileInfo(document_->filePath()).absolutePath();
    const QString last = QSettings().value(QStringLiteral("lastDirectory")).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir()) return last;
    return QDir::homePath();
}

bool MainWindow::saveAs() {
    const QString dir = documentFolder();
    QString path = QFileDialog::getSaveFileName(this, tr("Save architecture"), dir + QLatin1Char('/') + document_->displayName(),
                                                tr("Architectures (*.yaml *.yml)"));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".yaml");
    QString error;
    if (!document_->saveAs(path, &error)) {
        showError(tr("Cannot save"), error);
        return false;
    }
    recovery_.remove(recoverySlot_);
    addRecentFile(path);
    status_->setText(tr("Saved %1").arg(document_->displayName()));
    return true;
}

bool MainWindow::maybeSave() {
    if (!document_->isModified() || !interactive_) return true;
    const auto answer = QMessageBox::warning(this, tr("Unsaved changes"),
                                             tr("%1 has unsaved changes. Save them?").arg(document_->displayName()),
                                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    recovery_.remove(recoverySlot_);
    solver_->cancelSimulation();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (url.isLocalFile() && (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"))) {
            event->acceptProposedAction();
            return;
        }
    }
    event->ignore();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            openFile(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::addRecentFile(const QString& path) {
    QSettings settings;
    QStringList files = settings.value(QStringLiteral("recentFiles")).toStringList();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles) files.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList files = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : files) {
        recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })->setToolTip(path);
    }
    recentMenu_->setEnabled(!files.isEmpty());
}

void MainWindow::rebuildPresetMenu() {
    presetMenu_->clear();
    for (const Preset& p : presets()) {
        const QString path = p.path;
        presetMenu_->addAction(tr("Stage %1 — %2").arg(p.stage, p.name), this, [this, path] { openPreset(path); });
    }
    presetMenu_->setEnabled(!presetMenu_->isEmpty());
}

void MainWindow::showError(const QString& title, const QString& error) {
    status_->setText(error);
    if (interactive_) QMessageBox::warning(this, title, error);
}

void MainWindow::autosave() {
    if (!document_->isModified()) return;
    recovery_.write(recoverySlot_, document_->filePath(), document_->yamlText());
}

void MainWindow::offerRecovery() {
    const auto pending = recovery_.pending();
    for (const RecoveredDocument& d : pending) {
        const QString name = d.originalPath.isEmpty() ? tr("an untitled architecture") : QFileInfo(d.originalPath).fileName();
        const auto answer = QMessageBox::question(this, tr("Recover unsaved changes"),
                                                  tr("Headroom closed without saving %1. Recover the unsaved changes?").arg(name),
                                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer == QMessageBox::Yes) {
            QString error;
            if (document_->loadText(d.text, d.originalPath, &error)) {
                document_->undoStack()->resetClean();  // the recovered text is not on disk yet
                updateTitle();
            } else {
                showError(tr("Cannot recover"), error);
            }
        }
        recovery_.discard(d);
        if (answer == QMessageBox::Yes) break;  // one window, one document
    }
}

bool MainWindow::saveScreenshot(const QString& path) { return grab().save(path); }

}  // namespace headroom::ui
