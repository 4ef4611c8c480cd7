#pragma once
// "Breaks first": every threshold's breaking point in order of users, the
// model study's crossings (roadmap::Study::crossings: the first is the study's
// first break, the one Build next, the roadmap, the CLI and the report show),
// each with the plain-language reason and how it was placed. Clicking one
// highlights the component or host on the canvas.

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

    /// `target`: the study's range end (what "holds" means when nothing breaks).
    void setBreakingPoints(const std::vector<roadmap::BreakingPoint>& points, double target);
    void setBusy(const QString& message);
    [[nodiscard]] QTreeWidget* list() const { return list_; }
    [[nodiscard]] const std::vector<roadmap::BreakingPoint>& points() const { return points_; }
    /// The lead sentence as shown ("CPU utilisation at vm1 breaks first, at 1,382 users ...").
    [[nodiscard]] QString summaryText() const;

signals:
    void locationActivated(const QString& where);

private:
    std::vector<roadmap::BreakingPoint> points_;
    QLabel* summary_;
    QTreeWidget* list_;
};

}  // namespace headroom::ui
