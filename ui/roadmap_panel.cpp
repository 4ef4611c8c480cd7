#include "roadmap_panel.h"

#include "load_colors.h"
#include "metric_text.h"
#include "property_schema.h"
#include "io/units.h"
#include "roadmap/sweep.h"
#include "roadmap/transformations.h"
#include "timeline_view.h"

#include <QButtonGroup>
#include <QMouseEvent>
#include <QPainter>
#include <QToolButton>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <vector>

namespace headroom::ui {

RoadmapPanel::RoadmapPanel(QWidget* parent)
    : QWidget(parent), timeline_(new TimelineView(this)), byUsers_(new QToolButton(this)), byDate_(new QToolButton(this)) {
    setObjectName(QStringLiteral("roadmapPanel"));
    setMouseTracking(true);
    setMinimumHeight(150);
    auto* group = new QButtonGroup(this);
    for (QToolButton* b : {byUsers_, byDate_}) {
        b->setCheckable(true);
        b->setAutoRaise(true);
        group->addButton(b);
    }
    byUsers_->setObjectName(QStringLiteral("roadmapByUsers"));
    byUsers_->setText(tr("By users"));
    byUsers_->setToolTip(tr("The phases over users (log scale)"));
    byDate_->setObjectName(QStringLiteral("roadmapByDate"));
    byDate_->setText(tr("By date"));
    byDate_->setToolTip(tr("The phases on a calendar: from start-by to needed-by, with the running cost"));
    byUsers_->setChecked(true);
    connect(byUsers_, &QToolButton::clicked, this, [this] { setView(View::Users); });
    connect(byDate_, &QToolButton::clicked, this, [this] { setView(View::Calendar); });
    connect(timeline_, &TimelineView::phaseActivated, this, &RoadmapPanel::phaseActivated);
    setBusy(tr("Planning…"));
}

void RoadmapPanel::setBusy(const QString& message) {
    plan_.reset();
    message_ = message;
    timeline_->clear();
    layoutChildren();
    update();
}

void RoadmapPanel::setRoadmap(const roadmap::Roadmap& plan) {
    plan_ = plan;
    message_.clear();
    timeline_->setRoadmap(plan);
    if (!viewChosen_) view_ = plan.today ? View::Calendar : View::Users;
    layoutChildren();
    update();
}

void RoadmapPanel::setView(View view) {
    viewChosen_ = true;
    view_ = view;
    layoutChildren();
    update();
}

void RoadmapPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    layoutChildren();
}

void RoadmapPanel::layoutChildren() {
    (view_ == View::Calendar ? byDate_ : byUsers_)->setChecked(true);
    const QSize b1 = byUsers_->sizeHint(), b2 = byDate_->sizeHint();
    byDate_->setGeometry(width() - 8 - b2.width(), 4, b2.width(), b2.height());
    byUsers_->setGeometry(byDate_->x() - b1.width(), 4, b1.width(), b1.height());
    const bool dated = plan_ && timeline_->timeline().has_value();
    byUsers_->setVisible(plan_.has_value());
    byDate_->setVisible(plan_.has_value());
    timeline_->setGeometry(4, 30, std::max(0, width() - 8), std::max(0, height() - 34));
    timeline_->setVisible(dated && view_ == View::Calendar);
}

double RoadmapPanel::xOf(double users) const {
    const double left = 16, right = width() - 16;
    const double from = plan_ ? plan_->from : roadmap::kDefaultFromUsers;
    const double to = plan_ ? std::max(plan_->target, from * 10) : roadmap::kDefaultTargetUsers;
    const double f = std::log(std::clamp(users, from, to) / from) / std::log(to / from);
    return left + f * (right - left);
}

QRectF RoadmapPanel::bandRect(int phase) const {
    // Phase i runs from its start to the next phase's break (its build holds until then).
    const auto& phases = plan_->phases;
    const double from = phases[static_cast<size_t>(phase)].usersTo;
    const double to = static_cast<size_t>(phase) + 1 < phases.size() ? phases[static_cast<size_t>(phase) + 1].usersTo : plan_->target;
    const double top = 40.0 + (phase % 2) * 6.0;
    return QRectF(QPointF(xOf(from), top), QPointF(std::max(xOf(to), xOf(from) + 6), height() - 44.0));
}

int RoadmapPanel::phaseAt(QPoint position) const {
    if (!plan_) return -1;
    if (view_ == View::Calendar) return timeline_->isVisible() ? timeline_->phaseAt(timeline_->mapFrom(this, position)) : -1;
    for (int i = static_cast<int>(plan_->phases.size()) - 1; i >= 0; --i) {
        if (bandRect(i).contains(position)) return i;
    }
    return -1;
}

void RoadmapPanel::paintEvent(QPaintEvent* event) {
    Q_UNUSED(event);
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.6f);
    if (!plan_) {
        p.setPen(muted);
        p.drawText(rect(), Qt::AlignCenter, message_);
        return;
    }
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setPen(text);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    QString headline = plan_->targetMet
                           ? tr("%1 phases to %2 users · %3 at the end")
                                 .arg(plan_->phases.size())
                                 .arg(formatUsers(plan_->target), formatMoney(plan_->costMonthFinal))
                           : tr("Target not met: %1").arg(QString::fromStdString(plan_->reason));
    if (plan_->targetMet && plan_->targetDate) {
        headline += tr(" · reached by %1").arg(QString::fromStdString(io::formatIsoDate(*plan_->targetDate)));
    }
    const double headlineWidth = std::max(40, byUsers_->x() - 16 - 8);
    p.drawText(QRectF(16, 6, headlineWidth, 22), Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText(headline, Qt::ElideRight, static_cast<int>(headlineWidth)));
    p.setFont(small);
    if (view_ == View::Calendar) {
        if (!plan_->today) {
            p.setPen(muted);
            p.drawText(rect().adjusted(16, 30, -16, -4), Qt::AlignCenter | Qt::TextWordWrap,
                       tr("No growth forecast given: add growth: to the file (a monthly rate or dated milestones) "
                          "to see the phases by date."));
        }
        return;  // the timeline view draws the rest
    }
    // The users axis.
    const double axisY = height() - 30.0;
    p.setPen(QPen(muted, 1));
    p.drawLine(QPointF(xOf(100), axisY), QPointF(xOf(100000), axisY));
    for (double users : {100.0, 1000.0, 10000.0, 100000.0}) {
        const double x = xOf(users);
        p.drawLine(QPointF(x, axisY - 3), QPointF(x, axisY + 3));
        const QString label = users >= 1000 ? QStringLiteral("%1k").arg(users / 1000) : QString::number(users);
        p.drawText(QRectF(x - 30, axisY + 4, 60, 16), Qt::AlignHCenter | Qt::AlignTop, label);
    }
    // The starting architecture until the first break.
    if (!plan_->phases.empty()) {
        QRectF start(QPointF(xOf(plan_->from), 40), QPointF(xOf(plan_->phases.front().usersTo), height() - 44.0));
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(128, 128, 128, 40));
        p.drawRoundedRect(start, 5, 5);
        p.setPen(muted);
        p.drawText(start.adjusted(6, 4, -4, -4), Qt::AlignLeft | Qt::AlignTop, tr("today"));
    }
    for (int i = 0; i < static_cast<int>(plan_->phases.size()); ++i) {
        const auto& phase = plan_->phases[static_cast<size_t>(i)];
        const QRectF band = bandRect(i);
        QColor fill = seriesColor(i);
        fill.setAlpha(i == hovered_ ? 150 : 95);
        p.setPen(QPen(seriesColor(i), 1));
        p.setBrush(fill);
        p.drawRoundedRect(band, 5, 5);
        p.setPen(text);
        const auto* t = roadmap::findTransformation(phase.build.transformation);
        const QString what = t ? QString::fromStdString(t->title) : QString::fromStdString(phase.build.transformation);
        const QString label = QStringLiteral("%1. %2\n%3").arg(i + 1).arg(what, formatMoney(phase.build.costMonthAfter));
        if (band.width() > 40) {
            p.drawText(band.adjusted(5, 4, -3, -3), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, label);
        }
    }
}

void RoadmapPanel::mousePressEvent(QMouseEvent* event) {
    const int phase = phaseAt(event->position().toPoint());
    if (phase >= 0) emit phaseActivated(phase);
}

void RoadmapPanel::mouseMoveEvent(QMouseEvent* event) {
    if (view_ == View::Calendar) return;  // the timeline view has its own tooltips
    const int phase = phaseAt(event->position().toPoint());
    if (phase != hovered_) {
        hovered_ = phase;
        update();
    }
    if (phase >= 0 && plan_) QToolTip::showText(event->globalPosition().toPoint(), phaseToolTip(phase), this);
}

QString RoadmapPanel::phaseToolTip(int phase) const {
    if (!plan_ || phase < 0 || phase >= static_cast<int>(plan_->phases.size())) return {};
    const auto& p = plan_->phases[static_cast<size_t>(phase)];
    QString dates;
    if (p.startBy && p.neededBy) {
        dates = tr("Start by <b>%1</b>%2, needed by <b>%3</b>; runway %4 days<br>")
                    .arg(QString::fromStdString(io::formatIsoDate(*p.startBy)), p.late ? tr(" (late: start now)") : QString(),
                         QString::fromStdString(io::formatIsoDate(*p.neededBy)))
                    .arg(p.runwayDays, 0, 'f', 0);
    }
    QStringList why;
    for (const auto& b : p.allBuilds()) {
        why << QString::fromStdString(b.rationale).toHtmlEscaped();
    }
    const double after = p.costMonthAfter();
    return tr("<b>Phase %1</b>: %2 breaks at %3 users (%4)<br>%5<br>%6%7 → %8<br><i>Click to open this phase's architecture</i>")
        .arg(phase + 1)
        .arg(breakName(p.breaks.check).toHtmlEscaped(), formatUsers(p.breaks.users), placedBy(p.breaks),
             why.join(QStringLiteral("<br>")), dates, formatMoney(p.build.costMonthBefore), formatMoney(after));
}

}  // namespace headroom::ui
