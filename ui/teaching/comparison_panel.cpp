#include "comparison_panel.h"

#include "io/metrics.h"
#include "roadmap/sweep.h"

#include "stage_explanation.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace headroom::teaching {

namespace {

QString usersText(double n) { return QString::fromStdString(formatUsers(n)); }

QString ms(double seconds) { return QString::fromStdString(io::formatDurationText(seconds)); }

}  // namespace

QString ComparisonPanel::ratioText(double a, double b) {
    if (!(a > 0) || !std::isfinite(a) || !std::isfinite(b) || b < 0) return QStringLiteral("-");
    const double r = b / a;
    // Two significant figures whatever the size: a p95 that falls a
    // thousandfold reads "×0.0012", never "×0.00"; big ratios grouped.
    if (r >= 100) return QStringLiteral("×") + QString::fromStdString(io::formatUsers(std::round(r)));
    if (r == 0) return QStringLiteral("×0");
    return QStringLiteral("×") + QString::number(r, 'g', 2);
}

namespace {

}  // namespace

ComparisonPanel::ComparisonPanel(const std::vector<Stage>* stages, std::function<const StageAnalysis&(int)> analysisOf,
                                 QWidget* parent)
    : QWidget(parent), stages_(stages), analysisOf_(std::move(analysisOf)), first_(new QComboBox(this)),
      second_(new QComboBox(this)), users_(new QSpinBox(this)), table_(new QTableWidget(3, 3, this)) {
    for (const Stage& s : *stages_) {
        first_->addItem(s.title);
        second_->addItem(s.title);
    }
    users_->setRange(static_cast<int>(roadmap::kDefaultFromUsers), static_cast<int>(roadmap::kDefaultTargetUsers));
    users_->setSingleStep(500);
    users_->setGroupSeparatorShown(true);
    users_->setValue(5000);
    users_->setSuffix(tr(" users"));

    auto* form = new QFormLayout;
    form->addRow(tr("Stage A"), first_);
    form->addRow(tr("Stage B"), second_);
    form->addRow(tr("p95 at"), users_);

    table_->setHorizontalHeaderLabels({tr("A"), tr("B"), tr("B vs A")});
    table_->setVerticalHeaderLabels({tr("Capacity (users)"), tr("p95"), tr("Cost / month")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setMinimumHeight(130);

    auto* note = new QLabel(tr("Analytic solver: capacity is the first threshold crossed as users grow; "
                               "p95 from the fitted response-time distribution."), this);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: palette(mid);"));

    // Wide and short: it docks under the canvas.
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(note);
    left->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 2);
    layout->addWidget(table_, 3);
    table_->setMaximumHeight(140);

    if (!stages_->empty()) second_->setCurrentIndex(static_cast<int>(stages_->size()) - 1);
    connect(first_, &QComboBox::currentIndexChanged, this, &ComparisonPanel::refresh);
    connect(second_, &QComboBox::currentIndexChanged, this, &ComparisonPanel::refresh);
    connect(users_, &QSpinBox::valueChanged, this, &ComparisonPanel::refresh);
}

void ComparisonPanel::setPair(int first, int second) {
    QSignalBlocker a(first_), b(second_);
    first_->setCurrentIndex(first);
    second_->setCurrentIndex(second);
    refresh();
}

void ComparisonPanel::setUsers(int users) {
    QSignalBlocker block(users_);
    users_->setValue(users);
    refresh();
}

int ComparisonPanel::first() const { return first_->currentIndex(); }
int ComparisonPanel::second() const { return second_->currentIndex(); }
int ComparisonPanel::users() const { return users_->value(); }

void ComparisonPanel::refresh() {
    const int idx[2] = {first(), second()};
    for (int side = 0; side < 2; ++side) {
        if (idx[side] < 0 || static_cast<std::size_t>(idx[side]) >= stages_->size()) return;
        const Stage& s = (*stages_)[static_cast<std::size_t>(idx[side])];
        figures_[side] = stageFigures(s.architecture, analysisOf_(idx[side]), users_->value());
    }
    auto set = [this](int row, int col, const QString& text) {
        auto* item = new QTableWidgetItem(text);
        item->setTextAlignment(Qt::AlignCenter);
        table_->setItem(row, col, item);
    };
    for (int side = 0; side < 2; ++side) {
        const StageFigures& f = figures_[side];
        set(0, side, f.holdsToTarget ? tr("over %1").arg(usersText(f.capacityUsers)) : usersText(f.capacityUsers));
        set(1, side, f.saturated ? tr("%1 (saturated)").arg(ms(f.p95)) : ms(f.p95));
        set(2, side, QString::fromStdString(io::formatMoney(f.costMonth)));
    }
    set(0, 2, ratioText(figures_[0].capacityUsers, figures_[1].capacityUsers));
    set(1, 2, ratioText(figures_[0].p95, figures_[1].p95));
    set(2, 2, QStringLiteral("%1%2").arg(figures_[1].costMonth >= figures_[0].costMonth ? "+" : "")
                  .arg(QString::fromStdString(io::formatMoney(figures_[1].costMonth - figures_[0].costMonth))));
}

}  // namespace headroom::teaching
