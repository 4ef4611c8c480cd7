#include "report_charts.h"

#include "load_colors.h"
#include "report_data.h"
#include "report_format.h"
#include "scenario_chart.h"
#include "timeline_chart.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace headroom::report {

namespace {

const QColor kInk(0x22, 0x2b, 0x36);
const QColor kGrid(0xe3, 0xe7, 0xec);
const QColor kAxis(0x9a, 0xa3, 0xad);
const QColor kSlo(0xc0, 0x39, 0x2b);

QFont chartFont(double points, bool bold = false) {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

/// Log axis of users labelled 100, 1,000, 10,000 ...
class UsersTicker : public QCPAxisTickerLog {
protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override { return formatUsers(tick); }
};

/// Log axis of seconds labelled 1 ms, 10 ms, 100 ms, 1 s ...
class DurationTicker : public QCPAxisTickerLog {
protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override { return formatDuration(tick); }
};

std::unique_ptr<QCustomPlot> makePlot(const ChartSize& size) {
    auto plot = std::make_unique<QCustomPlot>();
    plot->resize(size.width, size.height);
    plot->setAntialiasedElements(QCP::aeAll);
    plot->setBackground(Qt::white);
    plot->axisRect()->setBackground(Qt::white);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        stylePrintAxis(axis);
        axis->grid()->setSubGridVisible(false);
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    plot->xAxis->setLabel(QStringLiteral("users (log scale)"));
    plot->legend->setVisible(true);
    plot->legend->setFont(chartFont(7.5));
    plot->legend->setBorderPen(QPen(kGrid));
    plot->legend->setBrush(QColor(255, 255, 255, 235));
    plot->legend->setRowSpacing(-2);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    return plot;
}

void setUsersAxis(QCustomPlot& plot, double from, double to) {
    plot.xAxis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<UsersTicker>::create();
    ticker->setLogBase(10);
    ticker->setSubTickCount(8);
    plot.xAxis->setTicker(ticker);
    plot.xAxis->setRange(from, to);
}

QCPGraph* addLine(QCustomPlot& plot, const QString& name, const QVector<double>& x, const QVector<double>& y,
                  const QColor& color, double width = 2.0, Qt::PenStyle style = Qt::SolidLine) {
    QCPGraph* g = plot.addGraph();
    g->setName(name);
    g->setData(x, y, true);
    g->setPen(QPen(color, width, style, Qt::RoundCap, Qt::RoundJoin));
    return g;
}

void horizontalLimit(QCustomPlot& plot, double y, const QString& label, const QColor& color) {
    auto* line = new QCPItemStraightLine(&plot);
    line->point1->setCoords(1, y);
    line->point2->setCoords(10, y);
    line->setPen(QPen(color, 1.3, Qt::DashLine));
    auto* text = new QCPItemText(&plot);
    text->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    text->position->setTypeY(QCPItemPosition::ptPlotCoords);
    text->position->setCoords(0.995, y);
    text->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    text->setText(label);
    text->setFont(chartFont(7.5));
    text->setColor(color);
    text->setPadding(QMargins(2, 0, 2, 1));
}

void verticalMarker(QCustomPlot& plot, double x, const QString& label, const QColor& color, bool labelled = true) {
    auto* line = new QCPItemStraightLine(&plot);
    line->point1->setCoords(x, 1);
    line->point2->setCoords(x, 2);
    line->setPen(QPen(color, 1.0, Qt::DotLine));
    if (!labelled) return;
    auto* text = new QCPItemText(&plot);
    text->position->setTypeX(QCPItemPosition::ptPlotCoords);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(x, 0.02);
    text->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    text->setText(label);
    text->setFont(chartFont(7.5));
    text->setColor(color);
    text->setBrush(QColor(255, 255, 255, 220));
    text->setPadding(QMargins(3, 1, 3, 1));
}

QImage finish(QCustomPlot& plot, const ChartSize& size) {
    plot.replot(QCustomPlot::rpImmediateRefresh);
    return plot.toPixmap(size.width, size.height, size.scale).toImage();
}

/// Sets a log duration axis spanning the data, with a decade of margin kept sensible.
void setDurationAxis(QCustomPlot& plot, double low, double high, const QString& label) {
    plot.yAxis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<DurationTicker>::create();
    ticker->setLogBase(10);
    ticker->setSubTickCount(8);
    plot.yAxis->setTicker(ticker);
    low = std::max(low, 1e-4);
    high = std::max(high, low * 10);
    plot.yAxis->setRange(std::pow(10.0, std::floor(std::log10(low * 0.9))), std::pow(10.0, std::ceil(std::log10(high * 1.1))));
    plot.yAxis->setLabel(label);
}

}  // namespace

void stylePrintAxis(QCPAxis* axis) {
    axis->setBasePen(QPen(kAxis, 1));
    axis->setTickPen(QPen(kAxis, 1));
    axis->setSubTickPen(QPen(kAxis, 1));
    axis->setTickLabelFont(chartFont(8));
    axis->setTickLabelColor(kInk);
    axis->setLabelFont(chartFont(8.5));
    axis->setLabelColor(kInk);
    axis->grid()->setPen(QPen(kGrid, 1));
}

QImage responseTimeChart(const ReportData& data, ChartSize size) {
    auto plot = makePlot(size);
    QVector<double> x, mean, p95, p99;
    double low = 1e9, high = 0;
    for (const auto& point : data.todaySweep) {
        const auto& r = point.results.responseTime;
        x << point.users;
        mean << r.mean;
        p95 << r.p95.value_or(std::nan(""));
        p99 << r.p99.value_or(std::nan(""));
        low = std::min(low, r.mean);
        high = std::max({high, r.mean, r.p99.value_or(0.0)});
    }
    const spec::Slo& slo = data.architecture.slo;
    high = std::max(high, slo.p99);
    low = std::min(low, slo.p95);
    addLine(*plot, QStringLiteral("mean (analytic)"), x, mean, ui::seriesColor(0));
    addLine(*plot, QStringLiteral("p95 (analytic, approx.)"), x, p95, ui::seriesColor(1));
    addLine(*plot, QStringLiteral("p99 (analytic, approx.)"), x, p99, ui::seriesColor(2), 2.0, Qt::DashDotLine);

    // The DES checks on today's architecture: p95/p99 as markers, the mean with its 95% CI.
    QVector<double> dx, dmean, dp95, dp99, errLow, errHigh;
    for (const auto& c : data.desChecks) {
        if (c.architecture != data.roadmap.initial.name || c.users > x.value(x.size() - 1, 0)) continue;
        const auto& r = c.des.responseTime;
        dx << c.users;
        dmean << r.mean;
        dp95 << r.p95.value_or(std::nan(""));
        dp99 << r.p99.value_or(std::nan(""));
        errLow << (r.ci95 ? r.mean - r.ci95->low : 0.0);
        errHigh << (r.ci95 ? r.ci95->high - r.mean : 0.0);
        high = std::max(high, r.p99.value_or(r.mean));
        low = std::min(low, r.mean);
    }
    if (!dx.isEmpty()) {
        auto scatter = [&](const QString& name, const QVector<double>& y, QCPScatterStyle::ScatterShape shape, int color) {
            QCPGraph* g = addLine(*plot, name, dx, y, ui::seriesColor(color));
            g->setLineStyle(QCPGraph::lsNone);
            g->setScatterStyle(QCPScatterStyle(shape, ui::seriesColor(color), Qt::white, 8));
            g->setPen(QPen(ui::seriesColor(color), 1.8));
            return g;
        };
        QCPGraph* m = scatter(QStringLiteral("mean (simulated, 95% CI)"), dmean, QCPScatterStyle::ssCircle, 0);
        auto* bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
        bars->removeFromLegend();
        bars->setDataPlottable(m);
        bars->setData(errLow, errHigh);
        bars->setPen(QPen(ui::seriesColor(0), 1.2));
        scatter(QStringLiteral("p95 (simulated)"), dp95, QCPScatterStyle::ssDiamond, 1);
        scatter(QStringLiteral("p99 (simulated)"), dp99, QCPScatterStyle::ssTriangle, 2);
    }
    horizontalLimit(*plot, slo.p95, QStringLiteral("SLO p95 ") + formatDuration(slo.p95), kSlo);
    horizontalLimit(*plot, slo.p99, QStringLiteral("SLO p99 ") + formatDuration(slo.p99), kSlo.darker(130));
    if (!data.roadmap.phases.empty()) {
        const double at = data.roadmap.phases.front().breaks.users;
        verticalMarker(*plot, at, QStringLiteral("breaks at ") + formatUsers(at), kInk);
    }
    if (!x.isEmpty()) setUsersAxis(*plot, x.front(), x.back());
    setDurationAxis(*plot, low, high, QStringLiteral("response time (log scale)"));
    return finish(*plot, size);
}

QImage utilizationChart(const ReportData& data, ChartSize size) {
    auto plot = makePlot(size);
    QVector<double> x;
    for (const auto& point : data.todaySweep) x << point.users;
    const size_t hosts = data.todaySweep.empty() ? 0 : data.todaySweep.front().results.hosts.size();
    for (size_t h = 0; h < hosts; ++h) {
        QVector<double> y;
        for (const auto& point : data.todaySweep) {
            const auto& list = point.results.hosts;
            y << (h < list.size() ? std::min(1.0, list[h].utilization) * 100.0 : std::nan(""));
        }
        addLine(*plot, QString::fromStdString(data.todaySweep.front().results.hosts[h].name), x, y,
                ui::seriesColor(static_cast<int>(h)));
    }
    const double limit = data.architecture.slo.utilization * 100.0;
    horizontalLimit(*plot, limit, QStringLiteral("SLO limit ") + QString::number(limit, 'f', 0) + QLatin1Char('%'), kSlo);
    if (!data.roadmap.phases.empty()) {
        const double at = data.roadmap.phases.front().breaks.users;
        verticalMarker(*plot, at, QStringLiteral("breaks at ") + formatUsers(at), kInk);
    }
    if (!x.isEmpty()) setUsersAxis(*plot, x.front(), x.back());
    plot->yAxis->setRange(0, 105);
    plot->yAxis->setLabel(QStringLiteral("busy cores / cores (%)"));
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(20);
    plot->yAxis->setTicker(ticker);
    return finish(*plot, size);
}

QImage planResponseTimeChart(const ReportData& data, ChartSize size) {
    auto plot = makePlot(size);
    QVector<double> x, mean, p95, p99;
    double low = 1e9, high = 0;
    for (const auto& point : data.planPath) {
        const auto& r = point.results.responseTime;
        x << point.users;
        mean << r.mean;
        p95 << r.p95.value_or(std::nan(""));
        p99 << r.p99.value_or(std::nan(""));
        low = std::min(low, r.mean);
        high = std::max({high, r.p99.value_or(r.mean)});
    }
    const spec::Slo& slo = data.architecture.slo;
    high = std::max(high, slo.p99);
    addLine(*plot, QStringLiteral("mean"), x, mean, ui::seriesColor(0));
    addLine(*plot, QStringLiteral("p95 (approx.)"), x, p95, ui::seriesColor(1));
    addLine(*plot, QStringLiteral("p99 (approx.)"), x, p99, ui::seriesColor(2), 2.0, Qt::DashDotLine);
    horizontalLimit(*plot, slo.p95, QStringLiteral("SLO p95 ") + formatDuration(slo.p95), kSlo);
    horizontalLimit(*plot, slo.p99, QStringLiteral("SLO p99 ") + formatDuration(slo.p99), kSlo.darker(130));
    const bool label = data.roadmap.phases.size() <= 8;
    for (size_t i = 0; i < data.roadmap.phases.size(); ++i) {
        verticalMarker(*plot, data.roadmap.phases[i].usersTo, QStringLiteral("build %1").arg(i + 1), kAxis, label);
    }
    if (!x.isEmpty()) setUsersAxis(*plot, x.front(), x.back());
    setDurationAxis(*plot, low, high, QStringLiteral("response time (log scale)"));
    return finish(*plot, size);
}

QImage costChart(const ReportData& data, ChartSize size) {
    auto plot = makePlot(size);
    QVector<double> x, cost;
    double high = 0;
    for (const auto& point : data.planPath) {
        x << point.users;
        cost << point.results.costMonth;
        high = std::max(high, point.results.costMonth);
    }
    QCPGraph* g = addLine(*plot, QStringLiteral("cost per month, following the roadmap"), x, cost, ui::seriesColor(0), 2.2);
    g->setLineStyle(QCPGraph::lsStepLeft);
    g->setBrush(QColor(0x00, 0x72, 0xb2, 28));
    if (data.architecture.slo.budgetMonth) {
        const double budget = *data.architecture.slo.budgetMonth;
        horizontalLimit(*plot, budget, QStringLiteral("budget ") + formatMoney(budget), kSlo);
        high = std::max(high, budget);
    }
    const bool label = data.roadmap.phases.size() <= 8;
    for (size_t i = 0; i < data.roadmap.phases.size(); ++i) {
        verticalMarker(*plot, data.roadmap.phases[i].usersTo, QStringLiteral("build %1").arg(i + 1), kAxis, label);
    }
    if (!x.isEmpty()) setUsersAxis(*plot, x.front(), x.back());
    plot->yAxis->setRange(0, high * 1.12 + 1);
    plot->yAxis->setLabel(QStringLiteral("cost per month"));
    auto ticker = QSharedPointer<QCPAxisTicker>::create();
    ticker->setTickCount(6);
    plot->yAxis->setTicker(ticker);
    plot->yAxis->setNumberFormat(QStringLiteral("f"));
    plot->yAxis->setNumberPrecision(0);
    return finish(*plot, size);
}

QImage timelineChart(const ReportData& data, ChartSize size) {
    const auto timeline = ui::timelineOf(data.roadmap);
    if (!timeline) return {};
    // Taller with more phases: a row each, plus the axes.
    size.height = std::max(size.height, 90 + 34 * static_cast<int>(timeline->bars.size()));
    auto plot = makePlot(size);
    ui::TimelineStyle style;
    style.font = chartFont(7.5);
    style.text = kInk;
    style.muted = kAxis.darker(130);
    style.grid = kGrid;
    style.cost = kInk;
    style.late = kSlo;
    ui::drawTimeline(*plot, *timeline, style);
    return finish(*plot, size);
}

QImage scenarioChart(const ReportData& data, const roadmap::Scenario& scenario, ChartSize size) {
    if (!scenario.spike || scenario.spike->series.empty()) return {};
    auto plot = makePlot(size);
    ui::ScenarioStyle style;
    style.font = chartFont(7.5);
    style.text = kInk;
    style.muted = kAxis.darker(130);
    style.grid = kGrid;
    style.errors = kSlo;
    const auto series = ui::scenarioSeriesOf(*scenario.spike, QString::fromStdString(scenario.name),
                                             data.architecture.slo.errorRate);
    ui::drawScenario(*plot, series, style);
    return finish(*plot, size);
}

}  // namespace headroom::report
