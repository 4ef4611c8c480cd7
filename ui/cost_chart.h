#pragma once
// Cost per month vs users: the current architecture (flat: it does not grow
// by itself), the roadmap's cost as each phase is built, and the budget.

#include "chart_widget.h"
#include "roadmap/roadmap.h"

#include <optional>

namespace headroom::ui {

class CostChart : public ChartWidget {
    Q_OBJECT

public:
    explicit CostChart(QWidget* parent = nullptr);
    void setSweep(const SweepData& sweep) override;
    void setRoadmap(const std::optional<roadmap::Roadmap>& plan);
    void setBudget(std::optional<double> perMonth);

protected:
    [[nodiscard]] QString formatValue(const QString& series, double value) const override;

private:
    void redraw();
    SweepData sweep_;
    std::optional<roadmap::Roadmap> plan_;
    std::optional<double> budget_;
};

}  // namespace headroom::ui
