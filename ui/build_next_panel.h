#pragma once
// "Build next": the planner's first recommendation (what to build, why, the
// monthly cost before and after, and the users it buys), the later phases as
// ranked alternatives to come, the deferred changes, and an Apply button
// that applies the recommendation to the document as one undoable edit.

#include "roadmap/roadmap.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace headroom::ui {

class BuildNextPanel : public QWidget {
    Q_OBJECT

public:
    explicit BuildNextPanel(QWidget* parent = nullptr);

    void setRoadmap(const roadmap::Roadmap& plan);
    void setBusy(const QString& message);
    [[nodiscard]] QPushButton* applyButton() const { return apply_; }
    [[nodiscard]] const std::optional<roadmap::Roadmap>& roadmap() const { return plan_; }

signals:
    /// The architecture after the recommended build, and a title for the undo step.
    void applyRequested(const headroom::spec::Architecture& after, const QString& title);

private:
    std::optional<roadmap::Roadmap> plan_;
    QLabel* title_;
    QLabel* detail_;
    QPushButton* apply_;
    QTreeWidget* later_;
};

}  // namespace headroom::ui
