#include "cost_chart.h"

#include "load_colors.h"
#include "property_schema.h"

#include <qcustomplot.h>

#include <algorithm>

namespace headroom::ui {

CostChart::CostChart(QWidget* parent) : ChartWidget(tr("Cost per month"), parent) {
    setValueLabel(tr("per month"));
    redraw();
}

QString CostChart::formatValue(const QString& series, double value) const {
    Q_UNUSED(series);
    return formatMoney(value);
}

void CostChart::setSweep(const SweepData& sweep) {
    sweep_ = sweep;
    redraw();
}

void CostChart::setRoadmap(const std::optional<roadmap::Roadmap>& plan) {
    plan_ = plan;
    redraw();
}

void CostChart::setBudget(std::optional<double> perMonth) {
    budget_ = perMonth;
    redraw();
}

void CostChart::redraw() {
    clearSeries();
    QVector<double> x, cost;
    for (size_t i = 0; i < sweep_.users.size(); ++i) {
        x << sweep_.users[i];
        cost << sweep_.results[i].costMonth;
    }
    setSeries(addSeries(tr("this architecture"), seriesColor(0)), tr("this architecture"), x, cost);
    double top = cost.isEmpty() ? 100.0 : *std::max_element(cost.begin(), cost.end());
    if (plan_ && !plan_->phases.empty()) {
        // A step line: each phase's build takes the cost up at its users.
        QVector<double> px, py;
        double current = plan_->phases.front().build.costMonthBefore;
        px << plan_->from;
        py << current;
        for (const auto& phase : plan_->phases) {
            const double at = std::clamp(phase.usersTo, plan_->from, plan_->target);
            px << at;
            py << current;
            current = phase.build.costMonthAfter;
            px << at;
            py << current;
            top = std::max(top, current);
        }
        px << plan_->target;
        py << current;
        QCPGraph* roadmap = addSeries(tr("roadmap"), seriesColor(2));
        setSeries(roadmap, tr("roadmap"), px, py);
    }
    if (budget_) {
        setLimit(*budget_, tr("budget %1").arg(formatMoney(*budget_)));
        top = std::max(top, *budget_);
    } else {
        setLimit(0, {});
    }
    plot()->yAxis->setRange(0, top * 1.15);
    replot();
}

}  // namespace headroom::ui
