#include "scenario_chart.h"

#include "chart_axis_style.h"

#include <qcustomplot.h>

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>

namespace headroom::ui {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ScenarioChart", text); }

/// Seconds labelled "0 s", "90 s", "3 min": the spike's own clock.
class SecondsTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override {
        if (std::abs(tick) >= 120.0 && std::fmod(std::abs(tick), 60.0) == 0.0) return QStringLiteral("%1 min").arg(tick / 60.0);
        return QStringLiteral("%1 s").arg(tick);
    }
};

void styleAxis(QCPAxis* axis, const ScenarioStyle& s) { styleChartAxis(axis, s.font, s.text, s.muted, s.grid); }

QCPGraph* addSeries(QCPAxisRect* rect, QCPAxis* valueAxis, const QString& name, const QVector<double>& x,
                    const QVector<double>& y, const QColor& color, Qt::PenStyle style = Qt::SolidLine) {
    auto* graph = rect->parentPlot()->addGraph(rect->axis(QCPAxis::atBottom), valueAxis);
    graph->setName(name);
    graph->setData(x, y, true);
    graph->setLineStyle(QCPGraph::lsStepLeft);
    graph->setPen(QPen(color, 2.0, style));
    return graph;
}

/// A vertical marker across `rect` at time `x`, labelled at its top when `label` is given.
void marker(QCPAxisRect* rect, double x, const QString& label, const QColor& color, const ScenarioStyle& s,
            Qt::Alignment side) {
    auto* plot = rect->parentPlot();
    auto* line = new QCPItemStraightLine(plot);
    line->setClipAxisRect(rect);
    for (auto* p : {line->point1, line->point2}) p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    line->setPen(QPen(color, 1.2, Qt::DashLine));
    if (label.isEmpty()) return;
    auto* text = new QCPItemText(plot);
    text->setClipAxisRect(rect);
    text->position->setAxisRect(rect);
    text->position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    text->position->setTypeX(QCPItemPosition::ptPlotCoords);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(x, 0.0);
    text->setPositionAlignment(side | Qt::AlignTop);
    text->setText(label);
    text->setFont(s.font);
    text->setColor(color);
    QColor fill = s.background;
    fill.setAlpha(220);
    text->setBrush(fill);
    text->setPadding(QMargins(3, 1, 3, 1));
}

/// The largest finite value (gaps are NaN), 0 when there is none.
double maxOf(const QVector<double>& v) {
    double top = 0.0;
    for (double x : v) {
        if (std::isfinite(x)) top = std::max(top, x);
    }
    return top;
}

/// A value axis from 0 to a little above the largest value (at least `floor`).
void fitFromZero(QCPAxis* axis, const QVector<double>& a, const QVector<double>& b, double floor) {
    const double top = std::max({maxOf(a), maxOf(b), floor});
    axis->setRange(0.0, top * 1.12);
}

}  // namespace

ScenarioSeries scenarioSeriesOf(const roadmap::SpikeOutcome& o, const QString& title, double errorLimit) {
    ScenarioSeries s;
    s.title = title;
    s.react = o.react;
    s.spikeEnd = o.spikeSeconds;
    s.errorLimitPercent = 100.0 * errorLimit;
    s.survives = o.survives;
    const auto has = [&o](auto field) {
        return std::any_of(o.series.begin(), o.series.end(), [field](const auto& p) { return (p.*field).has_value(); });
    };
    if (has(&roadmap::SpikePoint::hitRatio)) s.shape = ScenarioShape::CacheFlush;
    else if (has(&roadmap::SpikePoint::goodput)) s.shape = ScenarioShape::RetryStorm;
    if (s.shape == ScenarioShape::CacheFlush) s.spikeEnd = 0.0;  // the flush is an instant: nothing ends
    for (const auto& p : o.series) {
        s.time << p.time;
        s.users << p.users;
        s.instances << p.instances;
        s.errorPercent << 100.0 * p.errorRate;
        s.queue << p.queue;
        // A bin without the figure (nothing issued or answered in it) is drawn as a gap.
        const double gap = std::numeric_limits<double>::quiet_NaN();
        if (s.shape == ScenarioShape::CacheFlush) {
            s.hitPercent << (p.hitRatio ? 100.0 * *p.hitRatio : gap);
            s.utilizationPercent << (p.utilization ? 100.0 * *p.utilization : gap);
        }
        if (s.shape == ScenarioShape::RetryStorm) s.goodput << p.goodput.value_or(gap);
    }
    return s;
}

void drawScenario(QCustomPlot& plot, const ScenarioSeries& s, const ScenarioStyle& style) {
    plot.clearItems();
    plot.clearPlottables();
    plot.setBackground(style.background);
    // Two panels sharing the time axis, the legend in a row of its own above
    // them: built afresh each time (the layout is this function's).
    if (plot.legend && plot.legend->layout()) plot.legend->layout()->take(plot.legend);
    plot.plotLayout()->clear();
    if (!plot.legend) plot.legend = new QCPLegend;
    auto* legend = plot.legend;
    auto* top = new QCPAxisRect(&plot);
    auto* bottom = new QCPAxisRect(&plot);
    plot.plotLayout()->addElement(0, 0, legend);
    plot.plotLayout()->addElement(1, 0, top);
    plot.plotLayout()->addElement(2, 0, bottom);
    plot.plotLayout()->setRowStretchFactor(0, 0.001);
    plot.plotLayout()->setRowSpacing(4);
    legend->setVisible(true);
    legend->setLayer(QStringLiteral("legend"));
    legend->setFont(style.font);
    legend->setTextColor(style.text);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(s.shape == ScenarioShape::CacheFlush ? 3 : 5);  // a flush has six entries: two rows of three
    legend->setMargins(QMargins(4, 2, 4, 0));

    // Both panels keep the same left margin so their time axes line up.
    auto* margins = new QCPMarginGroup(&plot);
    for (auto* rect : {top, bottom}) {
        rect->setBackground(style.background);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        rect->axis(QCPAxis::atRight)->setVisible(true);
        for (auto* axis : rect->axes()) styleAxis(axis, style);
        rect->axis(QCPAxis::atRight)->grid()->setVisible(false);
        rect->axis(QCPAxis::atBottom)->setTicker(QSharedPointer<SecondsTicker>::create());
    }
    top->axis(QCPAxis::atBottom)->setTickLabels(false);
    bottom->axis(QCPAxis::atBottom)->setLabel(tr("time from the event's start (spike, flush or burst)"));
    switch (s.shape) {
    case ScenarioShape::Spike:
        top->axis(QCPAxis::atLeft)->setLabel(tr("users"));
        top->axis(QCPAxis::atRight)->setLabel(tr("machines"));
        break;
    case ScenarioShape::CacheFlush:
        top->axis(QCPAxis::atLeft)->setLabel(tr("hit ratio, busy (%)"));
        top->axis(QCPAxis::atRight)->setLabel(tr("machines"));
        break;
    case ScenarioShape::RetryStorm:
        top->axis(QCPAxis::atLeft)->setLabel(tr("users"));
        top->axis(QCPAxis::atRight)->setLabel(tr("answered per second"));
        break;
    }
    bottom->axis(QCPAxis::atLeft)->setLabel(tr("errors (%)"));
    bottom->axis(QCPAxis::atRight)->setLabel(tr("in the system"));
    QObject::connect(top->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            bottom->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));

    QCPAxis* topLeft = top->axis(QCPAxis::atLeft);
    QCPAxis* topRight = top->axis(QCPAxis::atRight);
    switch (s.shape) {
    case ScenarioShape::Spike:
        addSeries(top, topLeft, tr("users"), s.time, s.users, style.load);
        addSeries(top, topRight, tr("machines running"), s.time, s.instances, style.machines);
        fitFromZero(topLeft, s.users, {}, 1.0);
        fitFromZero(topRight, s.instances, {}, 1.0);
        break;
    case ScenarioShape::CacheFlush:
        addSeries(top, topLeft, tr("cache hit ratio"), s.time, s.hitPercent, style.hits);
        addSeries(top, topLeft, tr("busiest machine behind the cache"), s.time, s.utilizationPercent, style.load);
        addSeries(top, topRight, tr("machines running"), s.time, s.instances, style.machines);
        topLeft->setRange(0.0, 100.0 * 1.12);  // both are shares: one scale, 0 to 100%
        fitFromZero(topRight, s.instances, {}, 1.0);
        break;
    case ScenarioShape::RetryStorm:
        addSeries(top, topLeft, tr("users"), s.time, s.users, style.load);
        addSeries(top, topRight, tr("goodput"), s.time, s.goodput, style.hits);
        fitFromZero(topLeft, s.users, {}, 1.0);
        fitFromZero(topRight, s.goodput, {}, 1.0);
        break;
    }
    addSeries(bottom, bottom->axis(QCPAxis::atLeft), tr("error rate"), s.time, s.errorPercent, style.errors);
    addSeries(bottom, bottom->axis(QCPAxis::atRight), tr("requests in the system"), s.time, s.queue, style.queue,
              Qt::DashLine);
    if (s.errorLimitPercent > 0.0) {
        QCPGraph* limit = addSeries(bottom, bottom->axis(QCPAxis::atLeft), tr("error-rate limit"), {}, {},
                                    style.errors, Qt::DotLine);
        if (!s.time.isEmpty()) limit->setData({s.time.front(), s.time.back()}, {s.errorLimitPercent, s.errorLimitPercent});
        limit->setLineStyle(QCPGraph::lsLine);
        limit->setPen(QPen(style.errors, 1.0, Qt::DotLine));
    }

    const double from = s.time.isEmpty() ? 0.0 : s.time.front();
    double to = s.time.isEmpty() ? 1.0 : s.time.back();
    if (s.time.size() >= 2) to += s.time.back() - s.time[s.time.size() - 2];  // the last bin's width
    top->axis(QCPAxis::atBottom)->setRange(from, std::max(to, from + 1.0));
    fitFromZero(bottom->axis(QCPAxis::atLeft), s.errorPercent, {s.errorLimitPercent}, 1.0);
    fitFromZero(bottom->axis(QCPAxis::atRight), s.queue, {}, 1.0);

    for (auto* rect : {top, bottom}) {
        const bool labelled = rect == top;
        // The verdict's label reads rightwards from its line, the return's
        // leftwards from its own (it is near the chart's right end).
        if (s.react > 0.0) {
            marker(rect, s.react, labelled ? tr("verdict from here") : QString(), style.muted, style, Qt::AlignLeft);
        }
        if (s.shape != ScenarioShape::Spike) {  // the storm's trigger, at its clock's zero
            // The burst is labelled once, between its two lines (its end's line has no label of its own).
            const QString trigger = s.shape == ScenarioShape::CacheFlush ? tr("caches flushed") : tr("burst");
            marker(rect, 0.0, labelled ? trigger : QString(), style.muted, style, Qt::AlignLeft);
        }
        if (s.spikeEnd > 0.0) {
            const bool named = labelled && s.shape == ScenarioShape::Spike;
            marker(rect, s.spikeEnd, named ? tr("back to the base load") : QString(), style.muted, style, Qt::AlignRight);
        }
    }
    plot.replot();
}

}  // namespace headroom::ui
