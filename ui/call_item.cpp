#include "call_item.h"

#include "component_item.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

namespace headroom::ui {

CallItem::CallItem(ComponentItem* from, ComponentItem* to, Style style) : from_(from), to_(to), style_(style) {
    setFlags(ItemIsSelectable);
    setZValue(0.5);
    adjust();
}

void CallItem::setLabel(const QString& label) {
    prepareGeometryChange();
    label_ = label;
    update();
}

void CallItem::setRoute(const QPainterPath& route) {
    prepareGeometryChange();
    route_ = route;
    if (!route_.isEmpty()) {
        a_ = route_.pointAtPercent(0);
        b_ = route_.currentPosition();
    } else {
        adjust();
    }
    update();
}

void CallItem::adjust() {
    prepareGeometryChange();
    route_ = QPainterPath();
    const QRectF fa = from_->mapRectToScene(from_->cardRect());
    const QRectF fb = to_->mapRectToScene(to_->cardRect());
    if (fb.left() >= fa.right() - 1) {
        a_ = from_->outPort();
        b_ = to_->inPort();
    } else if (fb.right() <= fa.left()) {
        a_ = QPointF(fa.left(), fa.center().y());
        b_ = QPointF(fb.right(), fb.center().y());
    } else if (fb.top() >= fa.bottom()) {
        a_ = QPointF(fa.center().x(), fa.bottom());
        b_ = QPointF(fb.center().x(), fb.top());
    } else {
        a_ = QPointF(fa.center().x(), fa.top());
        b_ = QPointF(fb.center().x(), fb.bottom());
    }
}

QPainterPath CallItem::curve() const {
    if (!route_.isEmpty()) return route_;
    QPainterPath path(a_);
    const bool horizontal = std::abs(b_.x() - a_.x()) >= std::abs(b_.y() - a_.y()) * 0.5;
    const double bend = horizontal ? (b_.x() - a_.x()) * 0.5 : (b_.y() - a_.y()) * 0.5;
    if (horizontal) path.cubicTo(a_ + QPointF(bend, 0), b_ - QPointF(bend, 0), b_);
    else path.cubicTo(a_ + QPointF(0, bend), b_ - QPointF(0, bend), b_);
    return path;
}

QRectF CallItem::boundingRect() const { return curve().boundingRect().adjusted(-40, -20, 40, 20); }

QPainterPath CallItem::shape() const {
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    QPainterPath hit = stroker.createStroke(curve());
    if (!label_.isEmpty()) hit.addRect(labelBox(curve(), QApplication::font()));  // the label is a handle too
    return hit;
}

QRectF CallItem::labelBox(const QPainterPath& path, QFont font) const {
    font.setPointSizeF(font.pointSizeF() * 0.82);
    const QPointF mid = path.pointAtPercent(0.5);
    const double w = QFontMetricsF(font).horizontalAdvance(label_) + 10;
    return QRectF(mid.x() - w / 2, mid.y() - 9, w, 18);
}

void CallItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget* widget) {
    const QPalette pal = widget ? widget->palette() : QApplication::palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    QColor color = dark ? QColor(0x9a, 0xa4, 0xb1) : QColor(0x6b, 0x75, 0x82);
    if (option->state & QStyle::State_Selected) color = pal.color(QPalette::Highlight);
    p->setRenderHint(QPainter::Antialiasing);
    QPen pen(color, 1.6);
    if (style_ == Style::Miss) pen.setStyle(Qt::DashLine);
    if (style_ == Style::Async) pen.setStyle(Qt::DotLine);
    p->setPen(pen);
    p->setBrush(Qt::NoBrush);
    const QPainterPath path = curve();
    p->drawPath(path);

    // Arrow head along the curve's end tangent.
    const double angle = qDegreesToRadians(path.angleAtPercent(0.999));
    const QPointF tip = b_;
    const QPointF back(-std::cos(angle) * 9, std::sin(angle) * 9);
    const QPointF side(std::sin(angle) * 4.5, std::cos(angle) * 4.5);
    QPolygonF head;
    head << tip << tip + back + side << tip + back - side;
    p->setPen(Qt::NoPen);
    p->setBrush(color);
    p->drawPolygon(head);

    if (!label_.isEmpty()) {
        const QRectF box = labelBox(path, p->font());
        QFont f = p->font();
        f.setPointSizeF(f.pointSizeF() * 0.82);
        p->setFont(f);
        p->setBrush(pal.color(QPalette::Window));
        p->setPen(QPen(color.lighter(dark ? 80 : 150), 1));
        p->drawRoundedRect(box, 9, 9);
        p->setPen(pal.color(QPalette::Text));
        p->drawText(box, Qt::AlignCenter, label_);
    }
}

}  // namespace headroom::ui
