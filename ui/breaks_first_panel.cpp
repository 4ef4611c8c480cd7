#include "breaks_first_panel.h"

#include "load_colors.h"
#include "metric_text.h"
#include "property_schema.h"

#include "roadmap/felt_limits.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace headroom::ui {

BreaksFirstPanel::BreaksFirstPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("breaksFirstPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setObjectName(QStringLiteral("panelLead"));
    layout->addWidget(summary_);
    list_ = new QTreeWidget(this);
    list_->setHeaderLabels({tr("Users"), tr("What breaks"), tr("Where"), tr("Nature")});
    list_->setRootIsDecorated(false);
    list_->setWordWrap(true);
    list_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    list_->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    list_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    list_->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    list_->setObjectName(QStringLiteral("breakingPoints"));
    connect(list_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) { emit locationActivated(item->text(2)); });
    layout->addWidget(list_, 1);
    setBusy(tr("Searching for breaking points…"));
}

void BreaksFirstPanel::setBusy(const QString& message) {
    summary_->setText(message);
    list_->clear();
    points_.clear();
}

QString BreaksFirstPanel::summaryText() const { return summary_->text(); }

void BreaksFirstPanel::setBreakingPoints(const std::vector<roadmap::BreakingPoint>& points, double target) {
    points_ = points;
    list_->clear();
    if (points.empty()) {
        summary_->setText(tr("Every threshold holds up to %1 users.").arg(formatUsers(target)));
        return;
    }
    const auto& first = points.front();
    // Issue 21: each break named for what it is: users feel it, a safety margin, or a rule.
    auto nature = [](const roadmap::BreakingPoint& p) {
        const QString n = QString::fromLatin1(roadmap::breakNature(p));
        return n == QLatin1String("user_felt") ? tr("user-felt") : n == QLatin1String("margin") ? tr("margin") : tr("rule");
    };
    QString lead = tr("<b>%1</b> breaks first, at <b>%2 users</b> (%3), a %4.")
                       .arg(breakName(first.check).toHtmlEscaped(), formatUsers(first.users), placedBy(first), nature(first));
    for (const auto& p : points) {
        if (QString::fromLatin1(roadmap::breakNature(p)) != QLatin1String("user_felt")) continue;
        // The crossing of the felt check is placed as the plan places first.feltAtUsers (Study::crossings).
        if (&p != &first) {
            lead += tr(" Users feel it first at <b>%1 users</b> (%2, %3).")
                        .arg(formatUsers(p.users), breakName(p.check).toHtmlEscaped(), placedBy(p));
        }
        break;
    }
    summary_->setText(lead);
    for (const auto& p : points) {
        auto* item = new QTreeWidgetItem(list_);
        item->setText(0, formatUsers(p.users));
        item->setText(1, QString::fromStdString(p.check.why.empty() ? p.check.metric : p.check.why));
        item->setToolTip(0, placedBy(p));
        item->setText(2, QString::fromStdString(p.check.where));
        item->setToolTip(1, QString::fromStdString(p.check.why));
        item->setText(3, nature(p));
        item->setForeground(0, loadColor(LoadLevel::Over));
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignTop);
    }
}

}  // namespace headroom::ui
