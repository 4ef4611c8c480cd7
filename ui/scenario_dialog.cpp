#include "scenario_dialog.h"

#include "scenario_chart.h"
#include "io/metrics.h"
#include "roadmap/solvers.h"
#include "roadmap/storms.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <exception>

namespace headroom::ui {

ScenarioDialog::ScenarioDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Scenario"));
    auto* layout = new QVBoxLayout(this);
    auto* chooser = new QHBoxLayout;
    auto* kindLabel = new QLabel(tr("&Scenario:"), this);
    kindBox_ = new QComboBox(this);
    kindBox_->addItem(tr("Spike (slo.resilience.spike)"), static_cast<int>(ScenarioKind::Spike));
    kindBox_->addItem(tr("Cache flush (every keyed cache emptied at once)"), static_cast<int>(ScenarioKind::CacheFlush));
    kindBox_->addItem(tr("Retry storm (a short burst, then the load of before)"), static_cast<int>(ScenarioKind::RetryStorm));
    kindLabel->setBuddy(kindBox_);
    chooser->addWidget(kindLabel);
    chooser->addWidget(kindBox_, 1);
    layout->addLayout(chooser);
    connect(kindBox_, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        kind_ = static_cast<ScenarioKind>(kindBox_->itemData(index).toInt());
        start();
    });
    heading_ = new QLabel(this);
    heading_->setWordWrap(true);
    heading_->setTextFormat(Qt::RichText);
    layout->addWidget(heading_);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setTextVisible(false);
    layout->addWidget(progress_);
    chart_ = new QCustomPlot(this);
    chart_->setMinimumSize(640, 380);
    layout->addWidget(chart_, 1);
    verdict_ = new QLabel(this);
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(verdict_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    cancelButton_ = buttons->addButton(tr("Cancel Run"), QDialogButtonBox::ActionRole);
    connect(cancelButton_, &QPushButton::clicked, this, &ScenarioDialog::cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(820, 620);
}

ScenarioDialog::~ScenarioDialog() = default;  // worker_ stops and waits for the run

bool ScenarioDialog::running() const { return worker_.running(); }

void ScenarioDialog::cancel() { worker_.cancel(); }

void ScenarioDialog::run(const spec::Architecture& architecture, double users, ScenarioKind kind) {
    architecture_ = architecture;
    users_ = users;
    kind_ = kind;
    start();
}

void ScenarioDialog::start() {
    worker_.stop(this);
    outcome_.reset();
    kindBox_->setCurrentIndex(kindBox_->findData(static_cast<int>(kind_)));
    const spec::Architecture& architecture = architecture_;
    const double users = users_;
    errorLimit_ = architecture.slo.errorRate;
    const roadmap::SpikeOptions spikeOptions = roadmap::shapedBy({}, architecture.slo.resilience.spike);
    const roadmap::StormOptions stormOptions;
    const QString load = QString::fromStdString(io::formatLoad(users, false));
    const QString name = QString::fromStdString(architecture.name).toHtmlEscaped();
    QString cannot;  // why this architecture cannot play the scenario (empty: it can)
    switch (kind_) {
    case ScenarioKind::Spike:
        title_ = QString::fromStdString(roadmap::spikeName(spikeOptions));
        heading_->setText(tr("<b>%1</b> at <b>%2</b> on %3: errors and p99 must meet the SLO for the requests issued "
                             "from %4 after the spike's start (slo.resilience.spike).")
                              .arg(title_.toHtmlEscaped(), load, name,
                                   QString::fromStdString(io::formatDurationText(spikeOptions.react))));
        break;
    case ScenarioKind::CacheFlush:
        title_ = QString::fromStdString(roadmap::cacheFlushName());
        heading_->setText(tr("<b>%1</b> at <b>%2</b> on %3: every cache played key by key is emptied at once; the tier "
                             "behind it takes the misses until the cache warms up again.")
                              .arg(title_.toHtmlEscaped(), load, name));
        if (!roadmap::hasKeyedCache(architecture)) {
            cannot = tr("Nothing to flush: no cache here has a hit ratio derived from its keys "
                        "(hit_ratio with keys, an access skew and a TTL) and a tier it misses to (on_miss).");
        }
        break;
    case ScenarioKind::RetryStorm:
        title_ = QString::fromStdString(roadmap::retryStormName(stormOptions));
        heading_->setText(tr("<b>%1</b> at <b>%2</b> on %3: does the system come back after the burst, or do timeouts "
                             "and retries keep it collapsed once the trigger is gone?")
                              .arg(title_.toHtmlEscaped(), load, name));
        if (!roadmap::hasRetries(architecture)) {
            cannot = tr("No retry storm possible: no component here retries (retries on a call or a component).");
        }
        break;
    }
    chart_->clearPlottables();
    chart_->clearItems();
    chart_->replot();
    if (!cannot.isEmpty()) {
        progress_->hide();
        cancelButton_->setEnabled(false);
        verdict_->setText(cannot);
        // Told once the caller is listening (it connects after run() returns), like a run that ends.
        QMetaObject::invokeMethod(this, &ScenarioDialog::finished, Qt::QueuedConnection);
        return;
    }
    verdict_->setText(tr("Simulating…"));
    progress_->setValue(0);
    progress_->show();
    cancelButton_->setEnabled(true);

    des::RunControl control;
    control.progress = onUiThread(this, [](ScenarioDialog* d, const des::Progress& p) { d->showProgress(p.fraction); });
    worker_.start(
        this,
        [architecture, users, kind = kind_, spikeOptions, stormOptions, control](auto& job) mutable {
            control.cancel = &job.cancel;
            try {
                const roadmap::DesBudget budget;
                roadmap::SpikeOutcome outcome;
                switch (kind) {
                case ScenarioKind::Spike:
                    outcome = roadmap::runSpike(architecture, users, spikeOptions, roadmap::desProfileSolver(budget, control));
                    break;
                case ScenarioKind::CacheFlush:
                    outcome = roadmap::runCacheFlush(architecture, users, stormOptions, roadmap::desStormSolver(budget, control));
                    break;
                case ScenarioKind::RetryStorm:
                    outcome = roadmap::runRetryStorm(architecture, users, stormOptions, roadmap::desStormSolver(budget, control));
                    break;
                }
                if (!job.cancel) job.result = std::move(outcome);
                else job.error = QCoreApplication::translate("ScenarioDialog", "Cancelled.");
            } catch (const std::exception& e) {  // spec::InputError among them: the model cannot be simulated
                job.error = QString::fromStdString(e.what());
            }
        },
        [this](auto& job) {
            outcome_ = job.result;
            if (!job.error.isEmpty()) verdict_->setText(job.error);
            showOutcome();
            emit finished();
        });
}

void ScenarioDialog::showProgress(double fraction) { progress_->setValue(static_cast<int>(1000.0 * fraction)); }

void ScenarioDialog::showOutcome() {
    progress_->hide();
    cancelButton_->setEnabled(false);
    if (!outcome_) return;
    ScenarioStyle style;
    style.font = font();
    style.text = palette().color(QPalette::WindowText);
    style.muted = palette().color(QPalette::PlaceholderText);
    style.background = palette().color(QPalette::Base);
    style.grid = palette().color(QPalette::Midlight);
    drawScenario(*chart_, scenarioSeriesOf(*outcome_, title_, errorLimit_), style);
    verdict_->setText(QStringLiteral("<b>%1</b> %2")
                          .arg(outcome_->survives ? tr("Survives.") : tr("Fails."),
                               QString::fromStdString(outcome_->why).toHtmlEscaped()));
}

}  // namespace headroom::ui
