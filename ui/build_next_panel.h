#pragma once
// "Build next": the planner's first recommendation (what to build, why, the
// monthly cost before and after, and the users it buys), the later phases as
// later phases and the deferred changes, and an Apply button that applies
// the recommendation to the document as one undoable edit. Under it, the
// other changes the planner evaluated against the same break, in its order
// (cost after, headroom, headroom per currency unit, why it lost), each with
// its own Apply.

#include "roadmap/roadmap.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace headroom::ui {

class BuildNextPanel : public QWidget {
    Q_OBJECT

public:
    explicit BuildNextPanel(QWidget* parent = nullptr);

    void setRoadmap(const roadmap::Roadmap& plan);
    void setBusy(const QString& message);
    /// The recommendation's explanation as shown (where it breaks, the cost, how long it holds).
    [[nodiscard]] QString detailText() const;
    [[nodiscard]] QPushButton* applyButton() const { return apply_; }
    [[nodiscard]] const std::optional<roadmap::Roadmap>& roadmap() const { return plan_; }
    /// The alternatives shown, in the table's row order (the first phase's, the chosen one left out).
    [[nodiscard]] const std::vector<roadmap::Alternative>& alternatives() const { return alternatives_; }
    [[nodiscard]] QTableWidget* alternativesTable() const { return table_; }
    /// The Apply button of the table's row `row`, or nullptr.
    [[nodiscard]] QPushButton* alternativeApplyButton(int row) const;

signals:
    /// The architecture after the recommended build, and a title for the undo step.
    void applyRequested(const headroom::spec::Architecture& after, const QString& title);

private:
    std::optional<roadmap::Roadmap> plan_;
    QLabel* title_;
    QLabel* detail_;
    QPushButton* apply_;
    QTreeWidget* later_;
    QTableWidget* table_;
    std::vector<roadmap::Alternative> alternatives_;
};

}  // namespace headroom::ui
