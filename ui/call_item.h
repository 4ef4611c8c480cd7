#pragma once
// A call between two components on the canvas: an arrow from the caller's
// right edge to the callee's left edge, labelled with its share of the user
// traffic (visits per user request from the graph's routing). Cache misses
// are dashed; calls into a queue (asynchronous) dotted.

#include <QFont>
#include <QGraphicsObject>
#include <QPainterPath>
#include <QPointer>

namespace headroom::ui {

class ComponentItem;

class CallItem : public QGraphicsItem {
public:
    enum class Style { Call, Miss, Async, Entry };
    CallItem(ComponentItem* from, ComponentItem* to, Style style);

    [[nodiscard]] ComponentItem* from() const { return from_; }
    [[nodiscard]] ComponentItem* to() const { return to_; }
    [[nodiscard]] Style style() const { return style_; }
    [[nodiscard]] const QString& label() const { return label_; }
    void setLabel(const QString& label);
    /// Follows the endpoints after they move (a plain curve until the next route).
    void adjust();
    /// The layout's route around the cards (scene coordinates); empty = plain curve.
    void setRoute(const QPainterPath& route);
    /// The path drawn, in scene coordinates.
    [[nodiscard]] QPainterPath path() const { return curve(); }

    [[nodiscard]] QRectF boundingRect() const override;
    [[nodiscard]] QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    [[nodiscard]] QPainterPath curve() const;
    /// Where the label's pill sits on `path` in `font` (the painter's, shrunk as drawn).
    [[nodiscard]] QRectF labelBox(const QPainterPath& path, QFont font) const;

    ComponentItem* from_;
    ComponentItem* to_;
    Style style_;
    QString label_;
    QPointF a_;
    QPointF b_;
    QPainterPath route_;
};

}  // namespace headroom::ui
