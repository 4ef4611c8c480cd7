#pragma once
// Side-by-side comparison of any two stages: capacity (users at the breaking
// point), p95 at a chosen load and cost per month, with the difference, all
// from the analytic solver (stage_comparison.h).

#include "stage_catalogue.h"
#include "stage_comparison.h"

#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QSpinBox;
class QTableWidget;

namespace headroom::teaching {

class ComparisonPanel : public QWidget {
    Q_OBJECT

public:
    /// `analysisOf(i)` returns stage i's analysis (computing it if needed).
    ComparisonPanel(const std::vector<Stage>* stages, std::function<const StageAnalysis&(int)> analysisOf,
                    QWidget* parent = nullptr);

    void setPair(int first, int second);
    void setUsers(int users);
    [[nodiscard]] int first() const;
    [[nodiscard]] int second() const;
    [[nodiscard]] int users() const;
    /// The figures shown for side 0 (first) or 1 (second).
    [[nodiscard]] const StageFigures& figures(int side) const { return figures_[side == 0 ? 0 : 1]; }
    [[nodiscard]] QTableWidget* table() const { return table_; }
    /// "B vs A" for figures `a` and `b`: "×" and b/a to two significant
    /// figures ("×0.0012", "×3.5", "×1,250"), "-" when a is not positive.
    [[nodiscard]] static QString ratioText(double a, double b);

public slots:
    void refresh();

private:
    const std::vector<Stage>* stages_;
    std::function<const StageAnalysis&(int)> analysisOf_;
    QComboBox* first_;
    QComboBox* second_;
    QSpinBox* users_;
    QTableWidget* table_;
    StageFigures figures_[2];
};

}  // namespace headroom::teaching
