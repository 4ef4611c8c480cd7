#pragma once
// Response time at the user vs users: mean, p95 and p99 from the analytic
// sweep, the simulated points with their 95% confidence intervals, and the
// SLO's p95 line. Log scales on both axes: latency spans decades near a knee.

#include "chart_widget.h"

#include <vector>

namespace headroom::ui {

class ResponseTimeChart : public ChartWidget {
    Q_OBJECT

public:
    explicit ResponseTimeChart(QWidget* parent = nullptr);
    void setSweep(const SweepData& sweep) override;
    void addSimulated(const stats::Results& results) override;
    void clearSimulated() override;

protected:
    [[nodiscard]] QString formatValue(const QString& series, double value) const override;

private:
    void redraw();
    SweepData sweep_;
    std::vector<stats::Results> simulated_;
};

}  // namespace headroom::ui
