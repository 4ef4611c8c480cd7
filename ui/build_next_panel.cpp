#include "build_next_panel.h"

#include "property_schema.h"
#include "metric_text.h"
#include "roadmap/transformations.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace headroom::ui {

namespace {
QString titleOf(const roadmap::Build& build) {
    if (const auto* t = roadmap::findTransformation(build.transformation)) {
        QString title = QString::fromStdString(t->title);
        if (!build.params.target.empty()) title += QStringLiteral(" (%1)").arg(QString::fromStdString(build.params.target));
        return title;
    }
    return QString::fromStdString(build.transformation);
}

QString titleOf(const roadmap::Alternative& a) {
    QStringList parts;
    for (const QString& id : QString::fromStdString(a.transformation).split('+')) {
        const auto* t = roadmap::findTransformation(id.toStdString());
        parts << (t ? QString::fromStdString(t->title) : id);
    }
    QString title = parts.join(QStringLiteral(", then "));
    if (!a.params.target.empty()) title += QStringLiteral(" (%1)").arg(QString::fromStdString(a.params.target));
    return title;
}
}  // namespace

BuildNextPanel::BuildNextPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("buildNextPanel"));
    // The content scrolls when the dock is too short for it: the recommendation,
    // its Apply and the alternatives are never squeezed to nothing.
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto* content = new QWidget(scroll);
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(10, 8, 10, 8);
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("recommendationTitle"));
    title_->setWordWrap(true);
    detail_ = new QLabel(this);
    detail_->setWordWrap(true);
    detail_->setTextFormat(Qt::RichText);
    apply_ = new QPushButton(tr("Apply"), this);
    apply_->setObjectName(QStringLiteral("applyRecommendation"));
    apply_->setToolTip(tr("Change the architecture as recommended (undo with Ctrl+Z)"));
    apply_->setEnabled(false);
    auto* row = new QHBoxLayout;
    row->addWidget(title_, 1);
    row->addWidget(apply_, 0, Qt::AlignTop);
    layout->addLayout(row);
    layout->addWidget(detail_);
    later_ = new QTreeWidget(this);
    later_->setHeaderLabels({tr("Then"), tr("At users"), tr("Cost after")});
    later_->setRootIsDecorated(false);
    later_->setWordWrap(true);
    later_->header()->setStretchLastSection(false);
    later_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    later_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    later_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    later_->setObjectName(QStringLiteral("laterBuilds"));
    table_ = new QTableWidget(0, 6, this);
    table_->setObjectName(QStringLiteral("alternatives"));
    table_->setHorizontalHeaderLabels({tr("Alternative"), tr("Cost after"), tr("Headroom"), tr("Users per unit"),
                                       tr("Why not"), QString()});
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    // Figures at their full width; the two texts (the alternative and why it
    // lost) share the rest and wrap, each row as tall as its text: no cell is
    // cut short or elided, whatever the dock's width.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    table_->horizontalHeader()->setStretchLastSection(false);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setWordWrap(true);
    table_->setTextElideMode(Qt::ElideNone);
    table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table_->setMinimumHeight(160);
    layout->addWidget(table_, 1);
    layout->addWidget(later_, 1);
    connect(apply_, &QPushButton::clicked, this, [this] {
        if (!plan_ || plan_->phases.empty()) return;
        emit applyRequested(plan_->phases.front().after, tr("Apply: %1").arg(titleOf(plan_->phases.front().build)));
    });
    setBusy(tr("Planning…"));
}

QString BuildNextPanel::detailText() const { return detail_->text(); }

void BuildNextPanel::setBusy(const QString& message) {
    plan_.reset();
    title_->setText(message);
    detail_->clear();
    later_->clear();
    alternatives_.clear();
    table_->setRowCount(0);
    apply_->setEnabled(false);
}

QPushButton* BuildNextPanel::alternativeApplyButton(int row) const {
    return row >= 0 && row < table_->rowCount() ? qobject_cast<QPushButton*>(table_->cellWidget(row, 5)) : nullptr;
}

void BuildNextPanel::setRoadmap(const roadmap::Roadmap& plan) {
    plan_ = plan;
    later_->clear();
    alternatives_.clear();
    table_->setRowCount(0);
    std::vector<int> ranks;  // the planner's rank (1 = the build chosen)
    if (!plan.phases.empty()) {
        const auto& all = plan.phases.front().alternatives;
        for (size_t i = 0; i < all.size(); ++i) {
            if (!all[i].chosen) alternatives_.push_back(all[i]), ranks.push_back(static_cast<int>(i) + 1);
        }
    }
    table_->setRowCount(static_cast<int>(alternatives_.size()));
    for (int row = 0; row < table_->rowCount(); ++row) {
        const auto& a = alternatives_[static_cast<size_t>(row)];
        auto cell = [&](int column, const QString& text, const QString& tip = {}) {
            auto* item = new QTableWidgetItem(text);
            item->setToolTip(tip.isEmpty() ? text : tip);
            if (column > 0 && column < 4) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(row, column, item);
        };
        const QString title = titleOf(a);
        cell(0, QStringLiteral("%1. %2").arg(ranks[static_cast<size_t>(row)]).arg(title), QString::fromStdString(a.rationale));
        cell(1, formatMoney(a.costMonthAfter));
        cell(2, a.headroomUsers > 0 ? QStringLiteral("+%1").arg(formatUsers(a.headroomUsers)) : QStringLiteral("0"));
        cell(3, QString::number(a.headroomPerCost, 'f', a.headroomPerCost < 10 ? 1 : 0));
        cell(4, QString::fromStdString(a.why));
        auto* button = new QPushButton(tr("Apply"), table_);
        button->setObjectName(QStringLiteral("applyAlternative%1").arg(row));
        button->setToolTip(tr("Build this instead (undo with Ctrl+Z)"));
        const spec::Architecture after = a.after;
        connect(button, &QPushButton::clicked, this, [this, after, title] { emit applyRequested(after, tr("Apply: %1").arg(title)); });
        table_->setCellWidget(row, 5, button);
    }
    if (plan.phases.empty()) {
        title_->setText(plan.targetMet ? tr("Nothing to build: it holds %1 users.").arg(formatUsers(plan.target))
                                       : tr("No change found that helps."));
        detail_->setText(QString::fromStdString(plan.reason).toHtmlEscaped());
        apply_->setEnabled(false);
        return;
    }
    const auto& first = plan.phases.front();
    if (first.build.transformation.empty()) {
        title_->setText(tr("Nothing in the library fixes what breaks first"));
        detail_->setText(tr("%1 breaks at <b>%2 users</b> (%3). %4")
                             .arg(breakName(first.breaks.check).toHtmlEscaped(), formatUsers(first.breaks.users),
                                  placedBy(first.breaks), QString::fromStdString(plan.reason).toHtmlEscaped()));
        apply_->setEnabled(false);
        return;
    }
    title_->setText(titleOf(first.build));
    detail_->setText(tr("%1<br><br>Breaks at <b>%2 users</b> (%3, %4). Cost <b>%5 → %6</b>; holds until <b>%7 users</b>.")
                         .arg(QString::fromStdString(first.build.rationale).toHtmlEscaped(), formatUsers(first.breaks.users),
                              breakName(first.breaks.check).toHtmlEscaped(), placedBy(first.breaks),
                              formatMoney(first.build.costMonthBefore), formatMoney(first.build.costMonthAfter),
                              formatUsers(first.breaks.users + first.build.headroomUsers)));
    apply_->setEnabled(true);
    for (size_t i = 1; i < plan.phases.size(); ++i) {
        const auto& p = plan.phases[i];
        auto* item = new QTreeWidgetItem(later_);
        item->setText(0, QStringLiteral("%1. %2").arg(i + 1).arg(titleOf(p.build)));
        item->setText(1, formatUsers(p.breaks.users));
        item->setText(2, formatMoney(p.build.costMonthAfter));
        item->setToolTip(0, QString::fromStdString(p.build.rationale));
    }
    for (const auto& d : plan.deferred) {
        auto* item = new QTreeWidgetItem(later_);
        item->setText(0, tr("Deferred: %1").arg(QString::fromStdString(d.transformation)));
        item->setText(1, formatUsers(d.neededAtUsers));
        item->setToolTip(0, QString::fromStdString(d.why));
    }
}

}  // namespace headroom::ui
