#include "scenario_dialog.h"

#include "scenario_chart.h"
#include "worker_priority.h"
#include "io/metrics.h"
#include "roadmap/solvers.h"

#include <qcustomplot.h>

#include <QDialogButtonBox>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <exception>

namespace headroom::ui {

struct ScenarioDialog::Job {
    std::atomic<bool> cancel{false};
    QFutureWatcher<void> watcher;
    std::optional<roadmap::SpikeOutcome> outcome;
    QString error;
};

ScenarioDialog::ScenarioDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Spike Scenario"));
    auto* layout = new QVBoxLayout(this);
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

ScenarioDialog::~ScenarioDialog() {
    // The run works on its own copies; it is told to stop and waited for, so
    // nothing it delivers arrives after the window is gone.
    if (job_) {
        job_->cancel = true;
        job_->watcher.waitForFinished();
    }
}

bool ScenarioDialog::running() const { return job_ && job_->watcher.isRunning(); }

void ScenarioDialog::cancel() {
    if (job_) job_->cancel = true;
}

void ScenarioDialog::run(const spec::Architecture& architecture, double users) {
    if (job_) {
        job_->cancel = true;
        job_->watcher.disconnect(this);
        job_->watcher.waitForFinished();
    }
    outcome_.reset();
    const auto& spike = architecture.slo.resilience.spike;
    const roadmap::SpikeOptions options = roadmap::shapedBy({}, spike);
    errorLimit_ = architecture.slo.errorRate;
    title_ = QString::fromStdString(roadmap::spikeName(options));
    heading_->setText(tr("<b>%1</b> at <b>%2</b> on %3: errors and p99 must meet the SLO for the requests issued "
                         "from %4 after the spike's start (slo.resilience.spike).")
                          .arg(title_.toHtmlEscaped(), QString::fromStdString(io::formatLoad(users, false)),
                               QString::fromStdString(architecture.name).toHtmlEscaped(),
                               QString::fromStdString(io::formatDurationText(options.react))));
    verdict_->setText(tr("Simulating…"));
    progress_->setValue(0);
    progress_->show();
    cancelButton_->setEnabled(true);
    chart_->clearPlottables();
    chart_->clearItems();
    chart_->replot();

    auto job = std::make_shared<Job>();
    job_ = job;
    Job* raw = job.get();
    connect(&job->watcher, &QFutureWatcher<void>::finished, this, [this, raw] {
        if (!job_ || job_.get() != raw) return;
        outcome_ = raw->outcome;
        if (!raw->error.isEmpty()) verdict_->setText(raw->error);
        showOutcome();
        emit finished();
    });
    QPointer<ScenarioDialog> self(this);
    des::RunControl control;
    control.cancel = &raw->cancel;
    control.progress = [self](const des::Progress& p) {
        QMetaObject::invokeMethod(
            self.data(), [self, fraction = p.fraction] {
                if (self) self->showProgress(fraction);
            },
            Qt::QueuedConnection);
    };
    job->watcher.setFuture(QtConcurrent::run([architecture, users, options, control, raw] {
        lowerWorkerPriority();
        try {
            roadmap::DesBudget budget;
            auto outcome = roadmap::runSpike(architecture, users, options, roadmap::desProfileSolver(budget, control));
            if (!raw->cancel) raw->outcome = std::move(outcome);
            else raw->error = QCoreApplication::translate("ScenarioDialog", "Cancelled.");
        } catch (const std::exception& e) {  // spec::InputError among them: the model cannot be simulated
            raw->error = QString::fromStdString(e.what());
        }
    }));
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
