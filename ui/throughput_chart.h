#pragma once
// Completed requests per second (left axis) and the error rate (right
// axis) vs users: throughput flattening while users grow is saturation.

#include "chart_widget.h"

namespace headroom::ui {

class ThroughputChart : public ChartWidget {
    Q_OBJECT

public:
    explicit ThroughputChart(QWidget* parent = nullptr);
    void setSweep(const SweepData& sweep) override;

protected:
    [[nodiscard]] QString formatValue(const QString& series, double value) const override;
};

}  // namespace headroom::ui
