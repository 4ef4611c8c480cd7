#include "response_time_chart.h"

#include "load_colors.h"
#include "property_schema.h"

#include <qcustomplot.h>

#include <algorithm>

namespace headroom::ui {

ResponseTimeChart::ResponseTimeChart(QWidget* parent) : ChartWidget(tr("Response time"), parent) {
    setValueAxisLog(true);
    setValueLabel(tr("seconds"));
    redraw();
}

void ResponseTimeChart::setSweep(const SweepData& sweep) {
    sweep_ = sweep;
    redraw();
}

void ResponseTimeChart::addSimulated(const stats::Results& results) {
    if (!results.users) return;
    simulated_.erase(std::remove_if(simulated_.begin(), simulated_.end(),
                                    [&](const stats::Results& r) { return r.users == results.users; }),
                     simulated_.end());
    simulated_.push_back(results);
    std::sort(simulated_.begin(), simulated_.end(), [](const auto& a, const auto& b) { return *a.users < *b.users; });
    redraw();
}

void ResponseTimeChart::clearSimulated() {
    simulated_.clear();
    redraw();
}

QString ResponseTimeChart::formatValue(const QString& series, double value) const {
    Q_UNUSED(series);
    return formatSeconds(value);
}

void ResponseTimeChart::redraw() {
    clearSeries();
    QVector<double> x, mean, p95, p99;
    for (size_t i = 0; i < sweep_.users.size(); ++i) {
        const auto& r = sweep_.results[i];
        x << sweep_.users[i];
        mean << r.responseTime.mean;
        p95 << r.responseTime.p95.value_or(r.responseTime.mean);
        p99 << r.responseTime.p99.value_or(r.responseTime.mean);
    }
    setSeries(addSeries(tr("p99"), seriesColor(3), Qt::DashLine), tr("p99"), x, p99);
    setSeries(addSeries(tr("p95"), seriesColor(1)), tr("p95"), x, p95);
    setSeries(addSeries(tr("mean"), seriesColor(0)), tr("mean"), x, mean);

    if (!simulated_.empty()) {
        // Simulated figures: the CI of the mean as a band and error bars.
        QVector<double> sx, smean, slow, shigh, sp95;
        for (const auto& r : simulated_) {
            sx << *r.users;
            smean << r.responseTime.mean;
            const auto ci = r.responseTime.ci95.value_or(stats::Interval{r.responseTime.mean, r.responseTime.mean});
            slow << ci.low;
            shigh << ci.high;
            sp95 << r.responseTime.p95.value_or(r.responseTime.mean);
        }
        const QColor c = seriesColor(2);
        QCPGraph* low = addSeries(tr("simulated CI low"), c, Qt::NoPen);
        QCPGraph* high = addSeries(tr("simulated CI high"), c, Qt::NoPen);
        setSeries(low, tr("simulated CI low"), sx, slow);
        setSeries(high, tr("simulated CI high"), sx, shigh);
        QColor band = c;
        band.setAlpha(60);
        high->setBrush(band);
        high->setChannelFillGraph(low);
        low->removeFromLegend();
        high->setName(tr("simulated 95% CI"));
        QCPGraph* points = addSeries(tr("simulated mean"), c);
        points->setLineStyle(QCPGraph::lsNone);
        points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, 7));
        setSeries(points, tr("simulated mean"), sx, smean);
        auto* bars = new QCPErrorBars(plot()->xAxis, plot()->yAxis);
        bars->setDataPlottable(points);
        QVector<double> minus, plus;
        for (int i = 0; i < sx.size(); ++i) {
            minus << smean[i] - slow[i];
            plus << shigh[i] - smean[i];
        }
        bars->setData(minus, plus);
        bars->setPen(QPen(c, 1.4));
        bars->removeFromLegend();
        QCPGraph* p95points = addSeries(tr("simulated p95"), seriesColor(1));
        p95points->setLineStyle(QCPGraph::lsNone);
        p95points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, seriesColor(1), 8));
        setSeries(p95points, tr("simulated p95"), sx, sp95);
    }
    if (sweep_.sloP95 > 0) setLimit(sweep_.sloP95, tr("SLO p95 %1").arg(formatSeconds(sweep_.sloP95)));
    double top = std::max(1.0, sweep_.sloP95 * 2);
    double bottom = 1e-3;
    if (!mean.isEmpty()) {
        bottom = std::max(1e-5, *std::min_element(mean.begin(), mean.end()) * 0.6);
        top = std::max(top, std::min(600.0, *std::max_element(p99.begin(), p99.end()) * 1.5));
    }
    plot()->yAxis->setRange(bottom, top);
    replot();
}

}  // namespace headroom::ui
