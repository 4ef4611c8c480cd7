#include "utilization_chart.h"

#include "load_colors.h"
#include "property_schema.h"

#include <qcustomplot.h>

namespace headroom::ui {

UtilizationChart::UtilizationChart(QWidget* parent) : ChartWidget(tr("Utilisation per host"), parent) {
    setValueLabel(tr("busy cores / cores"));
    plot()->yAxis->setRange(0, 1.05);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(0.2);
    plot()->yAxis->setTicker(ticker);
    replot();
}

QString UtilizationChart::formatValue(const QString& series, double value) const {
    Q_UNUSED(series);
    return formatPercent(value);
}

void UtilizationChart::setSweep(const SweepData& sweep) {
    clearSeries();
    if (!sweep.results.empty()) {
        const size_t hosts = sweep.results.front().hosts.size();
        for (size_t h = 0; h < hosts; ++h) {
            QVector<double> x, y;
            for (size_t i = 0; i < sweep.users.size(); ++i) {
                if (h >= sweep.results[i].hosts.size()) continue;
                x << sweep.users[i];
                y << sweep.results[i].hosts[h].utilization;
            }
            const QString name = QString::fromStdString(sweep.results.front().hosts[h].name);
            setSeries(addSeries(name, seriesColor(static_cast<int>(h))), name, x, y);
        }
    }
    setLimit(sweep.sloUtilization, tr("limit %1").arg(formatPercent(sweep.sloUtilization)));
}

}  // namespace headroom::ui
