#include "teaching_window.h"

#include "io/metrics.h"

#include "architecture_document.h"
#include "architecture_scene.h"
#include "comparison_panel.h"
#include "analytic/solver.h"
#include "request_flow_animator.h"
#include "request_flow_feed.h"
#include "request_sampler.h"
#include "response_time_chart.h"
#include "roadmap/thresholds.h"
#include "teaching_canvas.h"
#include "users_control.h"
#include "utilization_chart.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QSplitter>

#include <algorithm>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTextBrowser>
#include <QToolBar>
#include <QVBoxLayout>
#include <QVariantAnimation>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace headroom::teaching {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }
QString usersText(double n) { return QString::fromStdString(formatUsers(n)); }

QString msText(double seconds) { return QString::fromStdString(io::formatDurationText(seconds)); }

constexpr int kRampMilliseconds = 7000;

}  // namespace

TeachingWindow::TeachingWindow(QWidget* parent, const QString& presetDirectory)
    : QMainWindow(parent, Qt::Window), cancelAnalyses_(std::make_shared<std::atomic<bool>>(false)) {
    setWindowTitle(tr("Headroom - Teaching mode: the scaling stages"));
    QString dir = presetDirectory.isEmpty() ? findPresetDirectory() : presetDirectory;
    if (dir.isEmpty()) loadError_ = tr("no presets found (set HEADROOM_SOURCE_DIR to the source tree)");
    else loadStages(dir, &stages_, &loadError_);
    analyses_.resize(stages_.size());
    buildUi();
    normalFont_ = font();
    if (!stages_.empty()) {
        startAnalyses();
        setStage(0);
    } else {
        explanation_->setPlainText(loadError_);
    }
    resize(1400, 860);
}

TeachingWindow::~TeachingWindow() {
    stopFlow();
    cancelAnalyses_->store(true);
    analysisJob_.waitForFinished();
}

void TeachingWindow::closeEvent(QCloseEvent* event) {
    stopFlow();
    stopRamp();
    QMainWindow::closeEvent(event);
}

void TeachingWindow::buildUi() {
    document_ = new ui::ArchitectureDocument(this);
    scene_ = new ui::ArchitectureScene(document_, this);
    canvas_ = new TeachingCanvas(scene_, this);

    explanation_ = new QTextBrowser(this);
    explanation_->setOpenLinks(false);
    explanation_->setMinimumWidth(380);

    utilizationChart_ = new ui::UtilizationChart(this);
    responseChart_ = new ui::ResponseTimeChart(this);
    charts_ = new QStackedWidget(this);
    charts_->addWidget(utilizationChart_);
    charts_->addWidget(responseChart_);
    charts_->setMinimumHeight(260);

    auto* side = new QSplitter(Qt::Vertical, this);
    side->addWidget(explanation_);
    side->addWidget(charts_);
    side->setStretchFactor(0, 3);
    side->setStretchFactor(1, 2);

    sideSplitter_ = side;
    auto* main = new QSplitter(Qt::Horizontal, this);
    mainSplitter_ = main;
    main->addWidget(canvas_);
    main->addWidget(side);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 2);

    presenterBar_ = new QLabel(this);
    presenterBar_->setAlignment(Qt::AlignCenter);
    presenterBar_->setStyleSheet(QStringLiteral("QLabel { background: #22272e; color: white; padding: 8px; }"));
    presenterBar_->hide();

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(main, 1);
    layout->addWidget(presenterBar_);
    setCentralWidget(central);

    // Toolbar: the walkthrough's controls (hidden in the presenter view).
    toolbar_ = addToolBar(tr("Stages"));
    toolbar_->setMovable(false);
    previousAction_ = new QAction(tr("< Previous"), this);
    previousAction_->setShortcuts({QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp)});
    nextAction_ = new QAction(tr("Next >"), this);
    nextAction_->setShortcuts({QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
    connect(previousAction_, &QAction::triggered, this, &TeachingWindow::previousStage);
    connect(nextAction_, &QAction::triggered, this, &TeachingWindow::nextStage);
    stageLabel_ = new QLabel(this);
    stageLabel_->setMinimumWidth(260);
    stageLabel_->setAlignment(Qt::AlignCenter);
    toolbar_->addAction(previousAction_);
    toolbar_->addWidget(stageLabel_);
    toolbar_->addAction(nextAction_);
    toolbar_->addSeparator();
    compareAction_ = new QAction(tr("Compare stages"), this);
    compareAction_->setCheckable(true);
    connect(compareAction_, &QAction::triggered, this, &TeachingWindow::showComparison);
    presenterAction_ = new QAction(tr("Presenter view"), this);
    presenterAction_->setCheckable(true);
    presenterAction_->setShortcut(QKeySequence(Qt::Key_F5));
    connect(presenterAction_, &QAction::triggered, this, &TeachingWindow::setPresenterMode);
    // Right after the stages, never in the toolbar's overflow menu: the
    // load and request controls after them are the ones that give way.
    toolbar_->addAction(compareAction_);
    toolbar_->addAction(presenterAction_);
    toolbar_->addSeparator();

    rampAction_ = new QAction(tr("Grow users to the break"), this);
    rampAction_->setCheckable(true);
    rampAction_->setToolTip(tr("Animate the users from a comfortable load to the load at which this stage breaks"));
    connect(rampAction_, &QAction::triggered, this, [this](bool on) { on ? startRamp() : stopRamp(); });
    toolbar_->addAction(rampAction_);
    usersControl_ = new ui::UsersControl(this);
    toolbar_->addWidget(usersControl_);
    connect(usersControl_, &ui::UsersControl::usersChanged, this, [this](int n) {
        if (syncingUsers_) return;
        stopRamp();
        setUsers(n);
    });
    toolbar_->addSeparator();

    flowAction_ = new QAction(tr("Requests"), this);
    flowAction_->setCheckable(true);
    flowAction_->setToolTip(tr("Animate simulated requests flowing through the architecture"));
    connect(flowAction_, &QAction::triggered, this, [this](bool on) { on ? startFlow() : stopFlow(); });
    pauseAction_ = new QAction(tr("Pause"), this);
    pauseAction_->setCheckable(true);
    pauseAction_->setEnabled(false);
    connect(pauseAction_, &QAction::triggered, this, &TeachingWindow::setFlowPaused);
    speedBox_ = new QComboBox(this);
    for (double s : {0.25, 0.5, 1.0, 2.0, 4.0, 10.0})
        speedBox_->addItem(tr("speed x%1").arg(s), s);
    speedBox_->setCurrentIndex(2);
    speedBox_->setFocusPolicy(Qt::NoFocus);
    connect(speedBox_, &QComboBox::currentIndexChanged, this, [this](int i) { setSpeed(speedBox_->itemData(i).toDouble()); });
    toolbar_->addAction(flowAction_);
    toolbar_->addAction(pauseAction_);
    toolbar_->addWidget(speedBox_);

    // Window-wide keys, also when the toolbar is hidden (presenter view).
    auto* play = new QAction(this);
    play->setShortcut(QKeySequence(Qt::Key_Space));
    connect(play, &QAction::triggered, this, &TeachingWindow::togglePlay);
    auto* escape = new QAction(this);
    escape->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(escape, &QAction::triggered, this, &TeachingWindow::leave);
    addActions({previousAction_, nextAction_, play, escape, presenterAction_});
    for (QAction* a : {previousAction_, nextAction_, play, escape, presenterAction_}) a->setShortcutContext(Qt::WindowShortcut);

    comparison_ = new ComparisonPanel(&stages_, [this](int i) -> const StageAnalysis& { return analysis(i); }, this);
    comparisonDock_ = new QDockWidget(tr("Compare two stages"), this);
    comparisonDock_->setWidget(comparison_);
    comparisonDock_->setFeatures(QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::BottomDockWidgetArea, comparisonDock_);
    comparisonDock_->hide();
    connect(comparisonDock_, &QDockWidget::visibilityChanged, compareAction_, &QAction::setChecked);

    ramp_ = new QVariantAnimation(this);
    ramp_->setDuration(kRampMilliseconds);
    ramp_->setEasingCurve(QEasingCurve::InOutSine);
    connect(ramp_, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) { setUsers(std::exp(v.toDouble())); });
    connect(ramp_, &QVariantAnimation::finished, this, [this] { rampAction_->setChecked(false); });

    frameTimer_.setInterval(33);  // ~30 frames per second
    connect(&frameTimer_, &QTimer::timeout, this, &TeachingWindow::onFrame);
    restartTimer_.setSingleShot(true);
    restartTimer_.setInterval(400);
    connect(&restartTimer_, &QTimer::timeout, this, [this] {
        if (flowRunning()) startFlow();
    });
    statusBar()->showMessage(tr("Left/Right: stages - Space: play/pause - F5: presenter view - Esc: leave"));
}

// ------------------------------------------------------------------ analyses

void TeachingWindow::startAnalyses() {
    std::vector<spec::Architecture> architectures;
    for (const Stage& s : stages_) architectures.push_back(s.architecture);
    auto cancel = cancelAnalyses_;
    analysisJob_ = QtConcurrent::run([this, architectures = std::move(architectures), cancel] {
        for (size_t i = 0; i < architectures.size() && !cancel->load(); ++i) {
            auto a = std::make_shared<const StageAnalysis>(analyzeStage(architectures[i]));
            // The destructor waits for this job, so `this` outlives the call.
            QMetaObject::invokeMethod(this, [this, i, a] { onAnalysis(static_cast<int>(i), a); }, Qt::QueuedConnection);
        }
    });
}

bool TeachingWindow::analysisReady(int index) const {
    return index >= 0 && static_cast<size_t>(index) < analyses_.size() && analyses_[static_cast<size_t>(index)] != nullptr;
}

const StageAnalysis& TeachingWindow::analysis(int index) {
    auto& slot = analyses_.at(static_cast<size_t>(index));
    if (!slot) slot = std::make_shared<const StageAnalysis>(analyzeStage(stages_.at(static_cast<size_t>(index)).architecture));
    return *slot;
}

void TeachingWindow::onAnalysis(int index, std::shared_ptr<const StageAnalysis> analysis) {
    auto& slot = analyses_.at(static_cast<size_t>(index));
    const bool fresh = !slot;
    if (fresh) slot = std::move(analysis);
    if (index == current_ || index == current_ - 1) {
        if (index == current_ && fresh) {
            refreshChart();
            setUsers(slot->comfortableUsers);
        }
        refreshPanel();
    }
    emit analysisReadyFor(index);
}

StageExplanation TeachingWindow::explanation(int index) {
    const Stage& s = stage(index);
    const StageAnalysis& a = analysis(index);
    if (index == 0) return explainStage(nullptr, nullptr, s.architecture, a);
    const Stage& p = stage(index - 1);
    return explainStage(&p.architecture, &analysis(index - 1), s.architecture, a);
}

QString TeachingWindow::explanationText() const { return explanation_->toPlainText(); }

// -------------------------------------------------------------------- stages

void TeachingWindow::setStage(int index) {
    if (stages_.empty()) return;
    index = std::clamp(index, 0, stageCount() - 1);
    stopFlow();
    stopRamp();
    const bool changed = index != current_;
    current_ = index;
    const Stage& s = stage(index);
    QString error;
    if (!document_->load(s.path, &error)) loadError_ = error;
    stageLabel_->setText(tr("Stage %1 of %2").arg(index + 1).arg(stageCount()));
    previousAction_->setEnabled(index > 0);
    nextAction_->setEnabled(index + 1 < stageCount());
    QStringList classes;
    for (const auto& c : s.graph->classes()) classes << QString::fromStdString(c.name);
    canvas_->setClassNames(classes);
    canvas_->setBreaking({}, false);
    refreshPanel();
    refreshChart();
    if (analysisReady(index)) setUsers(analyses_[static_cast<size_t>(index)]->comfortableUsers);
    else setUsers(s.architecture.workload.users.value_or(1000.0));
    presenterBar_->setText(tr("Stage %1 of %2 - %3      Left/Right: stages  -  Space: play/pause  -  Esc: leave")
                               .arg(index + 1).arg(stageCount()).arg(s.title));
    if (changed) emit stageChanged(index);
}

void TeachingWindow::nextStage() {
    if (current_ + 1 < stageCount()) setStage(current_ + 1);
}

void TeachingWindow::previousStage() {
    if (current_ > 0) setStage(current_ - 1);
}

void TeachingWindow::refreshPanel() {
    if (current_ < 0) return;
    const Stage& s = stage(current_);
    QString html = QStringLiteral("<h2>%1</h2>").arg(tr("Stage %1 of %2: %3").arg(current_ + 1).arg(stageCount()).arg(s.title.toHtmlEscaped()));
    if (!s.architecture.description.empty()) html += QStringLiteral("<p><i>%1</i></p>").arg(q(s.architecture.description));
    const bool ready = analysisReady(current_) && (current_ == 0 || analysisReady(current_ - 1));
    if (!ready) {
        explanation_->setHtml(html + tr("<p>Computing the breaking points with the analytic solver...</p>"));
        return;
    }
    const StageExplanation e = explanation(current_);
    if (current_ > 0) {
        html += tr("<h3>What changed</h3><ul>");
        if (e.changes.empty()) html += tr("<li>nothing in the architecture</li>");
        for (const auto& c : e.changes) html += QStringLiteral("<li>%1</li>").arg(q(c.text));
        html += QStringLiteral("</ul>");
    }
    html += tr("<h3>Why</h3><p>%1</p>").arg(q(e.forcedByText));
    html += tr("<h3>What it costs</h3><p>%1</p>").arg(q(e.costText));
    html += tr("<h3>Where it breaks</h3><p>%1</p>").arg(q(e.breaksText));
    for (const auto& s2 : e.standingText) html += QStringLiteral("<p style='color:#b03030'>%1</p>").arg(q(s2));
    html += tr("<h3>What it defers</h3><p>%1</p>").arg(q(e.defersText));
    explanation_->setHtml(html);
}

ui::ChartWidget* TeachingWindow::chart() const { return static_cast<ui::ChartWidget*>(charts_->currentWidget()); }

void TeachingWindow::refreshChart() {
    if (!analysisReady(current_)) return;
    const StageAnalysis& a = *analyses_[static_cast<size_t>(current_)];
    const spec::Slo& slo = stage(current_).architecture.slo;
    ui::SweepData sweep;
    sweep.users = a.curveUsers;
    sweep.results = a.curveResults;
    sweep.sloP95 = slo.p95;
    sweep.sloP99 = slo.p99;
    sweep.sloUtilization = slo.utilization;
    sweep.sloErrorRate = slo.errorRate;
    const bool utilization = a.breaking && a.breaking->check.metric == "utilization";
    ui::ChartWidget* chart = utilization ? utilizationChart_ : responseChart_;
    chart->setSweep(sweep);
    QVector<ui::ChartMarker> markers;
    if (a.breaking) {
        markers.push_back({a.breaking->users, tr("breaks: %1 at %2").arg(QString::fromStdString(a.breaking->check.metric),
                                                                          QString::fromStdString(a.breaking->check.where))});
    }
    chart->setBreakingPoints(markers);
    charts_->setCurrentWidget(chart);
}

// ---------------------------------------------------------------------- load

void TeachingWindow::setUsers(double users) {
    users_ = std::clamp(std::round(users), 100.0, 100000.0);
    syncingUsers_ = true;
    usersControl_->setUsers(static_cast<int>(users_));
    syncingUsers_ = false;
    applyUsers();
    if (flowRunning() && !restartTimer_.isActive() && std::abs(feed_->options().users - users_) > 0.5) restartFlowSoon();
}

void TeachingWindow::applyUsers() {
    if (current_ < 0) return;
    const Stage& s = stage(current_);
    try {
        const graph::Graph g = roadmap::graphAtUsers(s.architecture, users_);
        stats::Results r = analytic::solve(g, users_);
        r.thresholds = roadmap::checkThresholds(g, r);
        scene_->setResults(r);
        results_ = r;
    } catch (const std::exception&) {
        results_.reset();
    }
    chart()->setUsersMarker(users_);
    QStringList breaking;
    bool broken = false;
    if (analysisReady(current_)) {
        const StageAnalysis& a = *analyses_[static_cast<size_t>(current_)];
        if (a.breaking) {
            for (const auto& id : componentsAt(s.architecture, a.breaking->check.where)) breaking << QString::fromStdString(id);
            if (results_) {
                if (const auto* c = findCheck(results_->thresholds, a.breaking->check.metric, a.breaking->check.where)) broken = !c->ok;
            }
        }
    }
    canvas_->setBreaking(breaking, broken);
    if (!breaking.isEmpty()) scene_->highlight(breaking.front());
    else scene_->highlight({});
    updateCaption();
}

void TeachingWindow::startRamp() {
    if (current_ < 0) return;
    const StageAnalysis& a = analysis(current_);
    stopFlow();
    ramp_->stop();
    ramp_->setStartValue(std::log(a.comfortableUsers));
    ramp_->setEndValue(std::log(a.breakingUsers));
    rampAction_->setChecked(true);
    ramp_->start();
}

void TeachingWindow::stopRamp() {
    if (ramp_ && ramp_->state() != QAbstractAnimation::Stopped) ramp_->stop();
    if (rampAction_) rampAction_->setChecked(false);
}

// ---------------------------------------------------------------------- flow

void TeachingWindow::startFlow() {
    if (current_ < 0) return;
    stopFlow();
    if (ramp_->state() == QAbstractAnimation::Running) stopRamp();
    const Stage& s = stage(current_);
    const double throughput = results_ ? results_->throughput : 0.0;
    FlowOptions o;
    o.users = users_;
    o.speed = speed_;
    o.sampleEvery = niceSampleEvery(throughput * speed_, shownPerSecond_);
    o.seed = 1;
    try {
        feed_ = std::make_unique<RequestFlowFeed>(s.architecture, o);
    } catch (const std::exception& e) {
        statusBar()->showMessage(QString::fromStdString(e.what()));
        return;
    }
    animator_ = std::make_unique<RequestFlowAnimator>(feed_->sharedGraph(), feed_->sampleEvery());
    canvas_->setAnimator(animator_.get());
    feed_->start();
    frameClock_.restart();
    frameTimer_.start();
    flowAction_->setChecked(true);
    pauseAction_->setEnabled(true);
    pauseAction_->setChecked(false);
    updateCaption();
}

void TeachingWindow::stopFlow() {
    restartTimer_.stop();
    frameTimer_.stop();
    if (canvas_) canvas_->setAnimator(nullptr);
    if (feed_) feed_->stop();
    feed_.reset();
    animator_.reset();
    if (flowAction_) flowAction_->setChecked(false);
    if (pauseAction_) {
        pauseAction_->setEnabled(false);
        pauseAction_->setChecked(false);
    }
    if (canvas_) updateCaption();
}

void TeachingWindow::restartFlowSoon() { restartTimer_.start(); }

void TeachingWindow::setFlowPaused(bool paused) {
    if (!feed_) return;
    feed_->setPaused(paused);
    pauseAction_->setChecked(paused);
    updateCaption();
}

void TeachingWindow::setSpeed(double speed) {
    if (!(speed > 0)) return;
    speed_ = speed;
    const int i = speedBox_->findData(speed);
    if (i >= 0 && i != speedBox_->currentIndex()) {
        QSignalBlocker block(speedBox_);
        speedBox_->setCurrentIndex(i);
    }
    if (!feed_) return;
    // The sampling ratio depends on requests per second of playback: when
    // it would change, start afresh so the caption never states a stale ratio.
    const double throughput = results_ ? results_->throughput : 0.0;
    if (niceSampleEvery(throughput * speed_, shownPerSecond_) != feed_->sampleEvery()) startFlow();
    else feed_->setSpeed(speed_);
}

void TeachingWindow::togglePlay() {
    if (feed_) {
        setFlowPaused(!feed_->paused());
    } else if (ramp_->state() == QAbstractAnimation::Running) {
        ramp_->pause();
    } else if (ramp_->state() == QAbstractAnimation::Paused) {
        ramp_->resume();
    } else {
        startRamp();
    }
}

void TeachingWindow::onFrame() {
    if (!feed_ || !animator_) return;
    const double dt = frameClock_.restart() / 1000.0;
    std::vector<des::RequestEvent> events;
    feed_->drain(feed_->playbackTime(), &events);
    animator_->consume(events);
    std::vector<double> present;
    for (std::size_t c = 0; c < feed_->graph().components().size(); ++c) present.push_back(feed_->presentAt(static_cast<int>(c)));
    animator_->setPresent(std::move(present));
    if (!feed_->paused()) animator_->advance(dt);
    updateCaption();
    canvas_->viewport()->update();
}

void TeachingWindow::updateCaption() {
    if (current_ < 0) return;
    QStringList lines;
    lines << tr("Stage %1 of %2: %3").arg(current_ + 1).arg(stageCount()).arg(stage(current_).title);
    QString load = tr("%1 users").arg(usersText(users_));
    if (results_) {
        load += tr(" - p95 %1 - %2").arg(msText(results_->responseTime.p95.value_or(results_->responseTime.mean)),
                                         QString::fromStdString(io::formatRate(results_->throughput)));
    }
    lines << load;
    if (analysisReady(current_)) {
        const StageAnalysis& a = *analyses_[static_cast<size_t>(current_)];
        if (a.breaking && results_) {
            if (const auto* c = findCheck(results_->thresholds, a.breaking->check.metric, a.breaking->check.where)) {
                lines << tr("%1 at %2: %3, limit %4 - breaks at %5 users")
                             .arg(QString::fromStdString(c->metric), QString::fromStdString(c->where),
                                  QString::fromStdString(formatCheckValue(c->metric, c->value)),
                                  QString::fromStdString(formatCheckValue(c->metric, c->limit)))
                             .arg(usersText(a.breaking->users));
            }
        } else if (!a.breaking) {
            lines << tr("holds every threshold up to %1 users").arg(usersText(a.target));
        }
    }
    if (feed_ && animator_) {
        const std::uint32_t every = feed_->sampleEvery();
        lines << (every > 1 ? tr("Showing 1 in %1 requests, picked uniformly at random").arg(every)
                            : tr("Showing every request"));
        QString status = tr("Simulated %1 s at x%2").arg(feed_->playbackTime(), 0, 'f', 1).arg(feed_->speed());
        if (feed_->paused()) status += tr(" - paused");
        else if (feed_->playbackTime() - feed_->simulatedTime() > 1.0 && !feed_->finished())
            status += tr(" - the simulation cannot keep up at this speed");
        if (feed_->dropped() > 0) status += tr(" - %1 events not drawn").arg(feed_->dropped());
        lines << status;
        lines << tr("Shown: %1 completed, %2 rejected, %3 timed out")
                     .arg(animator_->completed()).arg(animator_->rejections()).arg(animator_->timeouts());
    }
    canvas_->setCaption(lines);
}

// ----------------------------------------------------------------- presenter

void TeachingWindow::setPresenterMode(bool on) {
    presenter_ = on;
    presenterAction_->setChecked(on);
    toolbar_->setVisible(!on);
    statusBar()->setVisible(!on);
    presenterBar_->setVisible(on);
    if (on) comparisonDock_->hide();
    // The diagram gets the screen's whole width (the explanation and the
    // charts side by side under it), so its cards grow with the text.
    if (on) {
        normalSizes_ = mainSplitter_->sizes();
        mainSplitter_->setOrientation(Qt::Vertical);
        sideSplitter_->setOrientation(Qt::Horizontal);
        const int height = std::max(1, mainSplitter_->height());
        mainSplitter_->setSizes({height * 7 / 10, height * 3 / 10});
    } else if (mainSplitter_->orientation() == Qt::Vertical) {
        mainSplitter_->setOrientation(Qt::Horizontal);
        sideSplitter_->setOrientation(Qt::Vertical);
        if (!normalSizes_.isEmpty()) mainSplitter_->setSizes(normalSizes_);
    }
    QFont f = normalFont_;
    if (on) f.setPointSizeF(normalFont_.pointSizeF() * 1.6);
    setFont(f);
    explanation_->setFont(f);
    canvas_->setTextScale(on ? 1.6 : 1.0);
    // A real screen gets the whole display; offscreen tests keep the size.
    if (QGuiApplication::platformName() != QLatin1String("offscreen") && isVisible()) {
        if (on) showFullScreen();
        else showNormal();
    }
    canvas_->fitArchitecture();
    canvas_->setFocus();
}

void TeachingWindow::leave() {
    if (presenter_) setPresenterMode(false);
    else close();
}

void TeachingWindow::showComparison(bool on) {
    comparisonDock_->setVisible(on);
    if (on) {
        if (current_ > 0) comparison_->setPair(current_ - 1, current_);
        else comparison_->refresh();
    }
}

}  // namespace headroom::teaching
