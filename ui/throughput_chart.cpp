#include "throughput_chart.h"

#include "io/metrics.h"

#include "load_colors.h"
#include "property_schema.h"

#include <qcustomplot.h>

#include <algorithm>

namespace headroom::ui {

ThroughputChart::ThroughputChart(QWidget* parent) : ChartWidget(tr("Throughput and errors"), parent) {
    setValueLabel(tr("requests / s"), tr("error rate"));
    plot()->yAxis2->setVisible(true);
    plot()->yAxis2->setTickLabels(true);
    replot();
}

QString ThroughputChart::formatValue(const QString& series, double value) const {
    if (series == tr("error rate")) return formatPercent(value);
    return QString::fromStdString(io::formatRate(value));
}

void ThroughputChart::setSweep(const SweepData& sweep) {
    clearSeries();
    QVector<double> x, throughput, errors;
    for (size_t i = 0; i < sweep.users.size(); ++i) {
        x << sweep.users[i];
        throughput << sweep.results[i].throughput;
        errors << sweep.results[i].errorRate;
    }
    setSeries(addSeries(tr("throughput"), seriesColor(0)), tr("throughput"), x, throughput);
    setSeries(addSeries(tr("error rate"), seriesColor(1), Qt::DashLine, true), tr("error rate"), x, errors);
    const double top = throughput.isEmpty() ? 1.0 : *std::max_element(throughput.begin(), throughput.end());
    plot()->yAxis->setRange(0, std::max(1.0, top * 1.1));
    const double errTop = errors.isEmpty() ? 0.0 : *std::max_element(errors.begin(), errors.end());
    plot()->yAxis2->setRange(0, std::max(sweep.sloErrorRate * 2, errTop * 1.1));
    replot();
}

}  // namespace headroom::ui
