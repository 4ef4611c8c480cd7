#pragma once
// A shared host (declared under `hosts:`) drawn as a box around the
// components placed on it, with its cores, instances and utilisation.

#include "load_colors.h"

#include <QGraphicsItem>
#include <QList>
#include <QString>

namespace headroom::ui {

class ComponentItem;

class HostItem : public QGraphicsItem {
public:
    explicit HostItem(QString id);

    [[nodiscard]] const QString& id() const { return id_; }
    void setMembers(QList<ComponentItem*> members);
    void setTitle(const QString& title);
    void setLoad(double utilization, LoadLevel level);
    /// Re-fits the box around its members after they move.
    void adjust();

    [[nodiscard]] QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QString id_;
    QString title_;
    QList<ComponentItem*> members_;
    QRectF rect_;
    double utilization_;
    LoadLevel level_ = LoadLevel::Unknown;
};

}  // namespace headroom::ui
