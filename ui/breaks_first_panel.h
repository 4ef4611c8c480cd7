#pragma once
// "Breaks first": every threshold's breaking point in order of users (from
// the analytic screening: roadmap::crossings), each with the plain-language
// reason. Clicking one highlights the component or host on the canvas.

#include "roadmap/breaking_point.h"

#include <QWidget>

#include <vector>

class QLabel;
class QTreeWidget;

namespace headroom::ui {

class BreaksFirstPanel : public QWidget {
    Q_OBJECT

public:
    explicit BreaksFirstPanel(QWidget* parent = nullptr);

    void setBreakingPoints(const std::vector<roadmap::BreakingPoint>& points);
    void setBusy(const QString& message);
    [[nodiscard]] QTreeWidget* list() const { return list_; }
    [[nodiscard]] const std::vector<roadmap::BreakingPoint>& points() const { return points_; }

signals:
    void locationActivated(const QString& where);

private:
    std::vector<roadmap::BreakingPoint> points_;
    QLabel* summary_;
    QTreeWidget* list_;
};

}  // namespace headroom::ui
