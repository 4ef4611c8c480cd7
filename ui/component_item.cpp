#include "component_item.h"

#include "canvas_layout.h"

#include <QApplication>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>
#include <QSvgRenderer>

#include <cmath>
#include <limits>

namespace headroom::ui {

namespace {
constexpr double kPortRadius = 6.0;

QSvgRenderer* iconFor(const QString& kind) {
    static QHash<QString, QSvgRenderer*> cache;
    auto it = cache.find(kind);
    if (it != cache.end()) return it.value();
    auto* renderer = new QSvgRenderer(QStringLiteral(":/icons/%1.svg").arg(kind), qApp);
    cache.insert(kind, renderer);
    return renderer;
}
}  // namespace

ComponentItem::ComponentItem(QString id, QString kind, bool isUsers)
    : id_(std::move(id)), kind_(std::move(kind)), isUsers_(isUsers),
      utilization_(std::numeric_limits<double>::quiet_NaN()) {
    setFlags(ItemIsMovable | ItemSendsGeometryChanges | (isUsers ? GraphicsItemFlags() : ItemIsSelectable));
    setAcceptHoverEvents(true);
    setZValue(1);
    setToolTip(id_);
}

void ComponentItem::setSubtitle(const QString& text) {
    subtitle_ = text;
    update();
}

void ComponentItem::setInstances(int instances) {
    prepareGeometryChange();
    instances_ = std::max(1, instances);
    update();
}

void ComponentItem::setLoad(double utilization, LoadLevel level, const QString& detail) {
    utilization_ = utilization;
    level_ = level;
    detail_ = detail;
    update();
}

void ComponentItem::setHighlighted(bool on) {
    highlighted_ = on;
    update();
}

QRectF ComponentItem::cardRect() const { return QRectF(0, 0, kNodeWidth, kNodeHeight); }

QRectF ComponentItem::boundingRect() const {
    const double stack = instances_ > 1 ? 2 * kStackOffset : 0.0;
    return cardRect().adjusted(-3, -3, 3 + stack + kPortRadius, 3 + stack);
}

QPainterPath ComponentItem::shape() const {
    QPainterPath path;
    // Winding: with the default odd-even rule the port's half over the card
    // was a hole, and a press there reached nothing.
    path.setFillRule(Qt::WindingFill);
    path.addRoundedRect(cardRect(), 8, 8);
    path.addEllipse(portRect());
    return path;
}

QRectF ComponentItem::portRect() const {
    return QRectF(kNodeWidth - kPortRadius, kNodeHeight / 2 - kPortRadius, 2 * kPortRadius, 2 * kPortRadius);
}

QPointF ComponentItem::inPort() const { return mapToScene(QPointF(0, kNodeHeight / 2)); }

QPointF ComponentItem::outPort() const { return mapToScene(QPointF(kNodeWidth, kNodeHeight / 2)); }

void ComponentItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget* widget) {
    Q_UNUSED(widget);
    const QPalette pal = widget ? widget->palette() : QApplication::palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const QColor base = dark ? pal.color(QPalette::Base).lighter(125) : pal.color(QPalette::Base);
    const QColor border = dark ? pal.color(QPalette::Mid).lighter(130) : QColor(0xc8, 0xcd, 0xd4);
    const QColor accent = loadColor(level_);
    const bool selected = option->state & QStyle::State_Selected;
    p->setRenderHint(QPainter::Antialiasing);

    // The stack: the copies behind, offset down-right.
    for (int i = std::min(instances_, 3) - 1; i >= 1; --i) {
        const QRectF r = cardRect().translated(i * kStackOffset, i * kStackOffset);
        p->setPen(QPen(border, 1));
        p->setBrush(base.darker(dark ? 115 : 104));
        p->drawRoundedRect(r, 8, 8);
    }
    const QRectF card = cardRect();
    QColor outline = border;
    double width = 1.0;
    if (selected || highlighted_) {
        outline = highlighted_ ? loadColor(LoadLevel::Over) : pal.color(QPalette::Highlight);
        width = 2.0;
    }
    p->setPen(QPen(outline, width));
    p->setBrush(base);
    p->drawRoundedRect(card, 8, 8);

    // Load stripe on the left edge.
    if (!isUsers_) {
        QPainterPath clip;
        clip.addRoundedRect(card, 8, 8);
        p->save();
        p->setClipPath(clip);
        p->fillRect(QRectF(0, 0, 5, kNodeHeight), accent);
        p->restore();
    }

    const QRectF iconRect(14, 12, 28, 28);
    if (QSvgRenderer* icon = iconFor(isUsers_ ? QStringLiteral("users") : kind_); icon && icon->isValid()) {
        icon->render(p, iconRect);
    }
    const QColor text = pal.color(QPalette::Text);
    QFont bold = p->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.02);
    p->setFont(bold);
    p->setPen(text);
    const QRectF titleRect(50, 8, kNodeWidth - 58, 20);
    p->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(isUsers_ ? QObject::tr("Users") : id_, Qt::ElideRight, static_cast<int>(titleRect.width())));
    QFont small = p->font();
    small.setBold(false);
    small.setPointSizeF(small.pointSizeF() * 0.82);
    p->setFont(small);
    QColor muted = text;
    muted.setAlphaF(0.62f);
    p->setPen(muted);
    const QRectF subRect(50, 27, kNodeWidth - 58, 16);
    p->drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(subtitle_, Qt::ElideRight, static_cast<int>(subRect.width())));
    if (instances_ > 1) {
        const QString badge = QStringLiteral("×%1").arg(instances_);
        const double w = p->fontMetrics().horizontalAdvance(badge) + 10;
        const QRectF b(kNodeWidth - w - 8, 10, w, 16);
        p->setPen(Qt::NoPen);
        p->setBrush(dark ? QColor(255, 255, 255, 30) : QColor(0, 0, 0, 18));
        p->drawRoundedRect(b, 8, 8);
        p->setPen(text);
        p->drawText(b, Qt::AlignCenter, badge);
    }

    // Utilisation bar with its figure.
    if (!isUsers_) {
        const QRectF track(14, kNodeHeight - 18, kNodeWidth - 70, 6);
        p->setPen(Qt::NoPen);
        p->setBrush(dark ? QColor(255, 255, 255, 28) : QColor(0, 0, 0, 20));
        p->drawRoundedRect(track, 3, 3);
        if (std::isfinite(utilization_)) {
            QRectF fill = track;
            fill.setWidth(track.width() * std::clamp(utilization_, 0.0, 1.0));
            p->setBrush(accent);
            p->drawRoundedRect(fill, 3, 3);
        }
        p->setPen(std::isfinite(utilization_) ? text : muted);
        p->drawText(QRectF(kNodeWidth - 54, kNodeHeight - 24, 46, 18), Qt::AlignRight | Qt::AlignVCenter,
                    std::isfinite(utilization_) ? detail_ : QStringLiteral("—"));
    } else {
        p->setPen(muted);
        p->drawText(QRectF(14, kNodeHeight - 24, kNodeWidth - 22, 18), Qt::AlignLeft | Qt::AlignVCenter, detail_);
    }

    // The port that starts a call.
    if ((hovered_ || selected || connecting_)) {
        p->setPen(QPen(pal.color(QPalette::Highlight), 1.5));
        p->setBrush(base);
        p->drawEllipse(portRect());
    }
}

QVariant ComponentItem::itemChange(GraphicsItemChange change, const QVariant& value) {
    if (change == ItemPositionHasChanged) emit moved();
    return QGraphicsObject::itemChange(change, value);
}

void ComponentItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    if (event->button() == Qt::LeftButton && portRect().contains(event->pos())) {
        connecting_ = true;
        emit connectStarted(this, event->scenePos());
        event->accept();
        return;
    }
    QGraphicsObject::mousePressEvent(event);
}

void ComponentItem::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
    if (connecting_) {
        emit connectMoved(event->scenePos());
        return;
    }
    QGraphicsObject::mouseMoveEvent(event);
}

void ComponentItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    if (connecting_) {
        connecting_ = false;
        update();
        emit connectFinished(event->scenePos());
        return;
    }
    QGraphicsObject::mouseReleaseEvent(event);
}

void ComponentItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event) {
    hovered_ = true;
    update();
    QGraphicsObject::hoverEnterEvent(event);
}

void ComponentItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event) {
    hovered_ = false;
    update();
    QGraphicsObject::hoverLeaveEvent(event);
}

}  // namespace headroom::ui
