#include "calibrate_dialog.h"

#include "architecture_document.h"
#include "io/measurements_csv.h"
#include "io/metrics.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>

namespace headroom::ui {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString duration(double seconds) {
    if (seconds > 0.0 && seconds < 1e-3) return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'g', 3);
    return q(io::formatDurationText(seconds));
}

QString signedPercent(std::optional<double> e) {
    if (!e) return QStringLiteral("—");
    if (std::fabs(*e) < 5e-4) return QStringLiteral("0.0%");  // no "−0.0%"
    return QStringLiteral("%1%2%").arg(*e >= 0.0 ? QStringLiteral("+") : QStringLiteral("−")).arg(std::fabs(*e) * 100.0, 0, 'f', 1);
}

QTableWidgetItem* cell(const QString& text, bool numeric = false) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (numeric) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidget* table(const QStringList& headers, QWidget* parent) {
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return t;
}

const spec::Component* componentOf(const spec::Architecture& a, const std::string& id) {
    for (const auto& c : a.components)
        if (c.id == id) return &c;
    return nullptr;
}

}  // namespace

CalibrateDialog::CalibrateDialog(ArchitectureDocument* document, QWidget* parent) : QDialog(parent), document_(document) {
    setWindowTitle(tr("Calibrate from Measurements"));
    auto* layout = new QVBoxLayout(this);
    heading_ = new QLabel(this);
    heading_->setWordWrap(true);
    heading_->setTextFormat(Qt::RichText);
    layout->addWidget(heading_);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 0);
    progress_->setTextVisible(false);
    layout->addWidget(progress_);
    layout->addWidget(new QLabel(tr("<b>Fitted demands</b> (per visit; 95% confidence intervals)"), this));
    demands_ = table({tr("Component"), tr("Class"), tr("Kind"), tr("Now"), tr("Fitted"), tr("95% interval"), tr("Host fit")}, this);
    layout->addWidget(demands_, 1);
    layout->addWidget(new QLabel(tr("<b>Measured against predicted</b> with the fitted demands (analytic solver; simulation in brackets)"), this));
    levels_ = table({tr("Level"), tr("Load"), tr("Throughput measured"), tr("predicted"), tr("error"), tr("Mean response measured"),
                     tr("predicted"), tr("error")},
                    this);
    layout->addWidget(levels_, 1);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* other = buttons->addButton(tr("Other File…"), QDialogButtonBox::ActionRole);
    connect(other, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Measurements"), QString(), tr("Measurements (*.csv);;All files (*)"));
        if (!path.isEmpty()) run(path);
    });
    cancelButton_ = buttons->addButton(tr("Cancel Run"), QDialogButtonBox::ActionRole);
    applyButton_ = buttons->addButton(tr("Apply to Architecture"), QDialogButtonBox::AcceptRole);
    applyButton_->setObjectName(QStringLiteral("applyCalibration"));
    applyButton_->setEnabled(false);
    connect(cancelButton_, &QPushButton::clicked, this, &CalibrateDialog::cancel);
    connect(applyButton_, &QPushButton::clicked, this, [this] {
        if (apply()) accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(1080, 660);
}

CalibrateDialog::~CalibrateDialog() = default;  // worker_ stops and waits for the fit

CalibrateDialog* CalibrateDialog::chooseAndRun(ArchitectureDocument* document, QWidget* parent) {
    const QString start = document->filePath().isEmpty() ? QString() : QFileInfo(document->filePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(parent, tr("Calibrate from measurements"), start,
                                                      tr("Measurements (*.csv);;All files (*)"));
    if (path.isEmpty()) return nullptr;
    auto* dialog = new CalibrateDialog(document, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->run(path);
    dialog->show();
    return dialog;
}

bool CalibrateDialog::running() const { return worker_.running(); }

void CalibrateDialog::cancel() { worker_.cancel(); }

void CalibrateDialog::run(const QString& csvPath) {
    worker_.stop(this);
    calibration_.reset();
    comparison_.clear();
    error_.clear();
    started_ = document_->architecture();
    csvName_ = QFileInfo(csvPath).fileName();
    heading_->setText(tr("Fitting <b>%1</b> to the measurements in <b>%2</b>…")
                          .arg(q(started_.name).toHtmlEscaped(), csvName_.toHtmlEscaped()));
    summary_->clear();
    demands_->setRowCount(0);
    levels_->setRowCount(0);
    progress_->show();
    cancelButton_->setEnabled(true);
    applyButton_->setEnabled(false);

    const std::string path = csvPath.toStdString();
    const spec::Architecture architecture = started_;
    worker_.start(
        this,
        [architecture, path](auto& job) {
            try {
                const spec::Measurements measurements = io::loadMeasurements(path);
                calibrate::Calibration fit = calibrate::calibrate(architecture, measurements);
                // Level by level, so Cancel is heard between the simulations.
                std::vector<calibrate::LevelComparison> comparison;
                for (const auto& level : measurements.levels) {
                    if (job.cancel) break;
                    spec::Measurements one;
                    one.file = measurements.file;
                    one.levels = {level};
                    for (auto& c : calibrate::predict(fit.calibrated, one)) comparison.push_back(std::move(c));
                }
                if (job.cancel) {
                    job.error = QCoreApplication::translate("CalibrateDialog", "Cancelled.");
                    return;
                }
                job.result.calibration = std::move(fit);
                job.result.comparison = std::move(comparison);
            } catch (const std::exception& e) {  // spec::InputError: FILE:LINE:COL of the bad row
                job.error = QString::fromStdString(e.what());
            }
        },
        [this](auto& job) {
            calibration_ = job.result.calibration;
            comparison_ = job.result.comparison;
            error_ = job.error;
            showResult();
            emit finished();
        });
}

void CalibrateDialog::showResult() {
    progress_->hide();
    cancelButton_->setEnabled(false);
    if (!calibration_) {
        heading_->setText(tr("<b>%1</b> could not be fitted.").arg(csvName_.toHtmlEscaped()));
        summary_->setText(error_.toHtmlEscaped());
        return;
    }
    heading_->setText(tr("<b>%1</b> fitted to <b>%2</b>.").arg(q(started_.name).toHtmlEscaped(), csvName_.toHtmlEscaped()));
    const auto& fit = *calibration_;
    auto hostWhy = [&](const std::string& host) {
        for (const auto& h : fit.hosts)
            if (h.host == host)
                return tr("%1 rows, rms residual %2 points (%3%): %4")
                    .arg(h.equations)
                    .arg(h.rmsResidual * 100.0, 0, 'f', 2)
                    .arg(h.relativeResidual * 100.0, 0, 'f', 1)
                    .arg(q(h.why));
        return QString();
    };
    for (const auto& d : fit.demands) {
        const int row = demands_->rowCount();
        demands_->insertRow(row);
        const spec::Component* now = componentOf(started_, d.component);
        std::optional<double> current;
        if (now) current = d.wakeup ? std::optional<double>(now->wakeup) : now->demand.forClass(d.cls);
        demands_->setItem(row, 0, cell(q(d.component)));
        demands_->setItem(row, 1, cell(d.cls.empty() ? tr("all") : q(d.cls)));
        demands_->setItem(row, 2, cell(d.wakeup ? tr("wake-up") : tr("demand")));
        demands_->setItem(row, 3, cell(current ? duration(*current) : QStringLiteral("—"), true));
        demands_->setItem(row, 4, cell(duration(d.estimate.value), true));
        demands_->setItem(row, 5, cell(d.estimate.ci95 ? QStringLiteral("%1 – %2").arg(duration(d.estimate.ci95->low), duration(d.estimate.ci95->high))
                                                       : tr("none (as many rows as unknowns)"),
                                       true));
        demands_->setItem(row, 6, cell(hostWhy(d.host)));
        demands_->item(row, 6)->setToolTip(hostWhy(d.host));
    }
    if (fit.delay) {
        const int row = demands_->rowCount();
        demands_->insertRow(row);
        const spec::Component* now = componentOf(started_, fit.delayComponent);
        demands_->setItem(row, 0, cell(q(fit.delayComponent)));
        demands_->setItem(row, 1, cell(tr("all")));
        demands_->setItem(row, 2, cell(tr("non-CPU delay (latency)")));
        demands_->setItem(row, 3, cell(now ? duration(now->latency) : QStringLiteral("—"), true));
        const spec::Component* fitted = componentOf(fit.calibrated, fit.delayComponent);
        demands_->setItem(row, 4, cell(fitted ? duration(fitted->latency) : QStringLiteral("—"), true));
        demands_->setItem(row, 5, cell(fit.delay->ci95 ? QStringLiteral("%1 – %2").arg(duration(fit.delay->ci95->low), duration(fit.delay->ci95->high))
                                                       : QStringLiteral("—"),
                                       true));
        demands_->setItem(row, 6, cell(tr("measured mean response time minus the model's, over %1 levels").arg(fit.delayLevels)));
    }
    double worst = 0.0;
    for (const auto& c : comparison_) {
        const int row = levels_->rowCount();
        levels_->insertRow(row);
        levels_->setItem(row, 0, cell(q(c.level)));
        levels_->setItem(row, 1, cell(c.open ? q(io::formatRate(c.load)) : q(io::formatUsers(c.load)), true));
        int col = 2;
        for (const char* metric : {"throughput", "response_time_mean"}) {
            const calibrate::LevelComparison::Figure* f = nullptr;
            for (const auto& g : c.figures)
                if (g.metric == metric && g.where == "system") f = &g;
            const bool rate = std::string(metric) == "throughput";
            auto text = [&](double v) { return rate ? q(io::formatRate(v)) : duration(v); };
            if (!f) {
                for (int k = 0; k < 3; ++k) levels_->setItem(row, col++, cell(QStringLiteral("—"), true));
                continue;
            }
            const auto e = calibrate::relativeError(f->measured, f->analytic);
            if (rate && e) worst = std::max(worst, std::fabs(*e));
            levels_->setItem(row, col++, cell(text(f->measured), true));
            levels_->setItem(row, col++, cell(text(f->analytic) + (f->des ? QStringLiteral(" (%1)").arg(text(*f->des)) : QString()), true));
            levels_->setItem(row, col++, cell(signedPercent(e), true));
        }
    }
    QString notes;
    for (const auto& n : fit.notes) notes += QStringLiteral("<br>") + q(n).toHtmlEscaped();
    summary_->setText(tr("Largest throughput error over the measured levels: <b>%1%</b>. Apply writes the fitted values into the "
                         "open architecture as one undoable edit.%2")
                          .arg(worst * 100.0, 0, 'f', 1)
                          .arg(notes));
    applyButton_->setEnabled(true);
}

bool CalibrateDialog::apply() {
    if (!calibration_) return false;
    spec::Architecture after = document_->architecture();
    int changed = 0;
    for (auto& c : after.components) {
        const spec::Component* fitted = componentOf(calibration_->calibrated, c.id);
        if (!fitted) continue;
        bool touched = false;
        for (const auto& d : calibration_->demands) touched = touched || d.component == c.id;
        if (touched) {
            c.demand = fitted->demand;
            c.wakeup = fitted->wakeup;
            c.wakeupAfter = fitted->wakeupAfter;
            ++changed;
        }
        if (calibration_->delay && c.id == calibration_->delayComponent) {
            c.latency = fitted->latency;
            if (!touched) ++changed;
        }
    }
    if (changed == 0) return false;
    document_->edit(after, tr("Calibrate from %1").arg(csvName_));
    return true;
}

}  // namespace headroom::ui
