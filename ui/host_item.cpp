#include "host_item.h"

#include "component_item.h"
#include "property_schema.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>
#include <limits>

namespace headroom::ui {

HostItem::HostItem(QString id) : id_(std::move(id)), utilization_(std::numeric_limits<double>::quiet_NaN()) {
    setFlags(ItemIsSelectable);
    setZValue(-1);
}

void HostItem::setMembers(QList<ComponentItem*> members) {
    members_ = std::move(members);
    adjust();
}

void HostItem::setTitle(const QString& title) {
    title_ = title;
    update();
}

void HostItem::setLoad(double utilization, LoadLevel level) {
    utilization_ = utilization;
    level_ = level;
    update();
}

void HostItem::adjust() {
    prepareGeometryChange();
    QRectF r;
    for (auto* m : members_) r = r.united(m->mapRectToScene(m->boundingRect()));
    rect_ = r.isNull() ? QRectF() : r.adjusted(-16, -36, 16, 14);
    update();
}

QRectF HostItem::boundingRect() const { return rect_.adjusted(-2, -2, 2, 2); }

void HostItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget* widget) {
    if (rect_.isNull()) return;
    const QPalette pal = widget ? widget->palette() : QApplication::palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    p->setRenderHint(QPainter::Antialiasing);
    QColor fill = dark ? QColor(255, 255, 255, 14) : QColor(0x24, 0x3b, 0x53, 12);
    QColor border = dark ? QColor(255, 255, 255, 60) : QColor(0x24, 0x3b, 0x53, 70);
    if (option->state & QStyle::State_Selected) border = pal.color(QPalette::Highlight);
    p->setPen(QPen(border, 1.2, Qt::DashLine));
    p->setBrush(fill);
    p->drawRoundedRect(rect_, 12, 12);
    QFont f = p->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 0.9);
    p->setFont(f);
    p->setPen(pal.color(QPalette::Text));
    const QRectF titleRect = rect_.adjusted(14, 8, -14, 0);
    p->drawText(QRectF(titleRect.topLeft(), QSizeF(titleRect.width(), 18)), Qt::AlignLeft | Qt::AlignVCenter, title_);
    if (std::isfinite(utilization_)) {
        const QString figure = formatPercent(utilization_) + QStringLiteral(" CPU");
        p->setPen(loadColor(level_));
        p->drawText(QRectF(titleRect.topLeft(), QSizeF(titleRect.width(), 18)), Qt::AlignRight | Qt::AlignVCenter, figure);
    }
}

}  // namespace headroom::ui
