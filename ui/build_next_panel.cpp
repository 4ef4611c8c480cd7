#include "build_next_panel.h"

#include "property_schema.h"
#include "roadmap/transformations.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
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
}  // namespace

BuildNextPanel::BuildNextPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("buildNextPanel"));
    auto* layout = new QVBoxLayout(this);
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
    later_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    later_->setObjectName(QStringLiteral("laterBuilds"));
    layout->addWidget(later_, 1);
    connect(apply_, &QPushButton::clicked, this, [this] {
        if (!plan_ || plan_->phases.empty()) return;
        emit applyRequested(plan_->phases.front().after, tr("Apply: %1").arg(titleOf(plan_->phases.front().build)));
    });
    setBusy(tr("Planning…"));
}

void BuildNextPanel::setBusy(const QString& message) {
    plan_.reset();
    title_->setText(message);
    detail_->clear();
    later_->clear();
    apply_->setEnabled(false);
}

void BuildNextPanel::setRoadmap(const roadmap::Roadmap& plan) {
    plan_ = plan;
    later_->clear();
    if (plan.phases.empty()) {
        title_->setText(plan.targetMet ? tr("Nothing to build: it holds 100,000 users.") : tr("No change found that helps."));
        detail_->setText(QString::fromStdString(plan.reason).toHtmlEscaped());
        apply_->setEnabled(false);
        return;
    }
    const auto& first = plan.phases.front();
    if (first.build.transformation.empty()) {
        title_->setText(tr("Nothing in the library fixes what breaks first"));
        detail_->setText(tr("%1 at %2 breaks at <b>%3 users</b>. %4")
                             .arg(QString::fromStdString(first.breaks.check.metric), QString::fromStdString(first.breaks.check.where),
                                  formatUsers(first.breaks.users), QString::fromStdString(plan.reason).toHtmlEscaped()));
        apply_->setEnabled(false);
        return;
    }
    title_->setText(titleOf(first.build));
    detail_->setText(tr("%1<br><br>Breaks at <b>%2 users</b> (%3 at %4). Cost <b>%5 → %6</b>; holds until <b>%7 users</b>.")
                         .arg(QString::fromStdString(first.build.rationale).toHtmlEscaped(), formatUsers(first.breaks.users),
                              QString::fromStdString(first.breaks.check.metric), QString::fromStdString(first.breaks.check.where),
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
