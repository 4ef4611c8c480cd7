#pragma once
// Utilisation of each host (and database copy) vs users, with the SLO's
// utilisation limit: the first line to cross it is the capacity bottleneck.

#include "chart_widget.h"

namespace headroom::ui {

class UtilizationChart : public ChartWidget {
    Q_OBJECT

public:
    explicit UtilizationChart(QWidget* parent = nullptr);
    void setSweep(const SweepData& sweep) override;

protected:
    [[nodiscard]] QString formatValue(const QString& series, double value) const override;
};

}  // namespace headroom::ui
