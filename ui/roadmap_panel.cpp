#include "roadmap_panel.h"

#include "load_colors.h"
#include "metric_text.h"
#include "property_schema.h"
#include "roadmap/sweep.h"
#include "roadmap/transformations.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <vector>

namespace headroom::ui {

RoadmapPanel::RoadmapPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("roadmapPanel"));
    setMouseTracking(true);
    setMinimumHeight(150);
    setBusy(tr("Planning…"));
}

void RoadmapPanel::setBusy(const QString& message) {
    plan_.reset();
    message_ = message;
    update();
}

void RoadmapPanel::setRoadmap(const roadmap::Roadmap& plan) {
    plan_ = plan;
    message_.clear();
    update();
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
    // The users axis.
    const double axisY = height() - 30.0;
    p.setPen(QPen(muted, 1));
    p.drawLine(QPointF(xOf(100), axisY), QPointF(xOf(100000), axisY));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    for (double users : {100.0, 1000.0, 10000.0, 100000.0}) {
        const double x = xOf(users);
        p.drawLine(QPointF(x, axisY - 3), QPointF(x, axisY + 3));
        const QString label = users >= 1000 ? QStringLiteral("%1k").arg(users / 1000) : QString::number(users);
        p.drawText(QRectF(x - 30, axisY + 4, 60, 16), Qt::AlignHCenter | Qt::AlignTop, label);
    }
    p.setPen(text);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    const QString headline = plan_->targetMet
                                 ? tr("%1 phases to %2 users · %3 at the end")
                                       .arg(plan_->phases.size())
                                       .arg(formatUsers(plan_->target), formatMoney(plan_->costMonthFinal))
                                 : tr("Target not met: %1").arg(QString::fromStdString(plan_->reason));
    p.drawText(QRectF(16, 6, width() - 32, 22), Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText(headline, Qt::ElideRight, width() - 32));
    p.setFont(small);
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
    return tr("<b>Phase %1</b>: %2 breaks at %3 users (%4)<br>%5<br>%6 → %7<br><i>Click to open this phase's architecture</i>")
        .arg(phase + 1)
        .arg(breakName(p.breaks.check).toHtmlEscaped(), formatUsers(p.breaks.users), placedBy(p.breaks),
             QString::fromStdString(p.build.rationale).toHtmlEscaped(), formatMoney(p.build.costMonthBefore),
             formatMoney(p.build.costMonthAfter));
}

}  // namespace headroom::ui
