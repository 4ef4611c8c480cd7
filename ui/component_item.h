#pragma once
// A component on the canvas: a card with the kind's icon, the id, what it
// runs on, and a utilisation bar in the load colour; several instances are
// drawn as a stack. A port on the right edge starts a new call when dragged.
// Also used (with isUsers) for the users node at the left.

#include "load_colors.h"

#include <QGraphicsObject>
#include <QString>

namespace headroom::ui {

class ComponentItem : public QGraphicsObject {
    Q_OBJECT

public:
    ComponentItem(QString id, QString kind, bool isUsers = false);

    [[nodiscard]] const QString& id() const { return id_; }
    [[nodiscard]] const QString& kind() const { return kind_; }
    [[nodiscard]] bool isUsers() const { return isUsers_; }

    void setSubtitle(const QString& text);
    void setInstances(int instances);
    /// Utilisation (NaN = unknown) with the level's colour and a short figure.
    void setLoad(double utilization, LoadLevel level, const QString& detail);
    void setHighlighted(bool on);
    [[nodiscard]] double utilization() const { return utilization_; }
    [[nodiscard]] LoadLevel level() const { return level_; }

    [[nodiscard]] QRectF boundingRect() const override;
    [[nodiscard]] QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    /// Where calls attach, in scene coordinates.
    [[nodiscard]] QPointF inPort() const;
    [[nodiscard]] QPointF outPort() const;
    [[nodiscard]] QRectF cardRect() const;

signals:
    void moved();
    void connectStarted(ComponentItem* from, QPointF scenePos);
    void connectMoved(QPointF scenePos);
    void connectFinished(QPointF scenePos);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    [[nodiscard]] QRectF portRect() const;

    QString id_;
    QString kind_;
    QString subtitle_;
    QString detail_;
    bool isUsers_ = false;
    int instances_ = 1;
    double utilization_;
    LoadLevel level_ = LoadLevel::Unknown;
    bool hovered_ = false;
    bool highlighted_ = false;
    bool connecting_ = false;
};

}  // namespace headroom::ui
