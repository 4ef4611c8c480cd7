#include "study_dialog.h"

#include <qcustomplot.h>

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>
#include <exception>

#include "io/text_format.h"
#include "study_band_chart.h"
#include "tornado_chart.h"

namespace headroom::ui {

namespace {

QString users(double u) {
    return std::isfinite(u) ? QString::fromStdString(io::groupThousands(u))
                            : QCoreApplication::translate("StudyDialog", "above the target");
}

}  // namespace

StudyDialog::StudyDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Uncertainty Study"));
    auto* layout = new QVBoxLayout(this);
    heading_ = new QLabel(this);
    heading_->setWordWrap(true);
    heading_->setTextFormat(Qt::RichText);
    layout->addWidget(heading_);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    layout->addWidget(progress_);
    band_ = new QCustomPlot(this);
    band_->setMinimumSize(640, 260);
    layout->addWidget(band_, 3);
    verdict_ = new QLabel(this);
    verdict_->setWordWrap(true);
    verdict_->setTextFormat(Qt::RichText);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(verdict_);
    tornado_ = new QCustomPlot(this);
    tornado_->setMinimumSize(640, 220);
    layout->addWidget(tornado_, 2);
    phases_ = new QLabel(this);
    phases_->setWordWrap(true);
    phases_->setTextFormat(Qt::RichText);
    phases_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(phases_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    cancelButton_ = buttons->addButton(tr("Cancel Study"), QDialogButtonBox::ActionRole);
    connect(cancelButton_, &QPushButton::clicked, this, &StudyDialog::cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(860, 820);
}

StudyDialog::~StudyDialog() = default;  // worker_ stops and waits for the study

StudyDialog* StudyDialog::openFor(QWidget* parent, const QString& yaml, const QString& fileName) {
    auto* dialog = parent->findChild<StudyDialog*>(QString(), Qt::FindDirectChildrenOnly);
    if (!dialog) dialog = new StudyDialog(parent);
    dialog->run(yaml, fileName);
    dialog->show();
    dialog->raise();
    return dialog;
}

bool StudyDialog::running() const { return worker_.running(); }

void StudyDialog::cancel() { worker_.cancel(); }

QString StudyDialog::verdictText() const {
    return verdict_->text();
}

void StudyDialog::run(const QString& yaml, const QString& fileName, roadmap::UncertaintyStudyOptions options) {
    worker_.stop(this);
    study_.reset();
    summary_.reset();
    heading_->setText(tr("<b>%1</b>: %2 architectures drawn from the ranges the file gives (Latin hypercube); each "
                         "one's first break found by the analytic screen and placed by the simulation "
                         "(<i>headroom-cli study</i>).")
                          .arg(fileName.toHtmlEscaped())
                          .arg(options.samples));
    verdict_->setText(tr("Studying…"));
    phases_->clear();
    progress_->setValue(0);
    progress_->show();
    cancelButton_->setEnabled(true);
    for (QCustomPlot* plot : {band_, tornado_}) {
        plot->clearPlottables();
        plot->clearItems();
        plot->replot();
    }

    options.progress = onUiThread(this, [](StudyDialog* d, std::size_t done, std::size_t total) { d->showProgress(done, total); });
    worker_.start(
        this,
        [text = yaml.toStdString(), name = fileName.toStdString(), options](auto& job) mutable {
            options.cancelled = [&job] { return job.cancel.load(); };
            try {
                auto part = roadmap::runUncertaintyStudy(text, name, options);
                job.result.summary = roadmap::summarise(part);
                job.result.study = std::move(part);
            } catch (const roadmap::StudyCancelled&) {
                job.error = QCoreApplication::translate("StudyDialog", "Cancelled.");
            } catch (const std::exception& e) {  // spec::InputError among them: no ranges, or a bad file
                job.error = QString::fromStdString(e.what());
            }
        },
        [this](auto& job) {
            study_ = job.result.study;
            summary_ = job.result.summary;
            if (!job.error.isEmpty()) verdict_->setText(job.error);
            showOutcome();
            emit finished();
        });
}

void StudyDialog::showProgress(std::size_t done, std::size_t total) {
    if (total > 0)
        progress_->setValue(static_cast<int>(1000.0 * static_cast<double>(done) / static_cast<double>(total)));
}

void StudyDialog::showOutcome() {
    progress_->hide();
    cancelButton_->setEnabled(false);
    if (!study_ || !summary_) return;
    const auto& s = *summary_;
    StudyChartStyle style;
    style.font = font();
    style.text = palette().color(QPalette::WindowText);
    style.muted = palette().color(QPalette::PlaceholderText);
    style.background = palette().color(QPalette::Base);
    style.grid = palette().color(QPalette::Midlight);
    drawStudyBand(*band_, studyBandSeriesOf(*study_, s), style);
    drawTornado(*tornado_, tornadoSeriesOf(s), style);
    const auto& mid = study_->setup.midpointBreak;
    verdict_->setText(tr("<b>First break: %1 to %2 users</b> in 90% of the samples (P5–P95; 80%: %3 to %4), median "
                         "%5. The file's midpoints, what every other view shows: %6.")
                          .arg(users(s.p5), users(s.p95), users(s.p10), users(s.p90), users(s.p50))
                          .arg(mid ? users(*mid) + tr(" users") : tr("no break up to the target")));
    QStringList lines;
    for (const auto& p : s.phases) {
        lines << tr("Phase %1 (%2 – %3 users, breaks on %4): holds its band in <b>%5%</b> of the samples")
                     .arg(p.phase)
                     .arg(users(p.usersFrom), users(p.usersTo), QString::fromStdString(p.breaks).toHtmlEscaped())
                     .arg(100.0 * p.probability, 0, 'f', 0);
    }
    phases_->setText(lines.join(QStringLiteral("<br>")));
}

}  // namespace headroom::ui
