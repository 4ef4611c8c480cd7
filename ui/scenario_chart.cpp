#include "scenario_chart.h"

#include "chart_axis_style.h"

#include <qcustomplot.h>

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

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

double maxOf(const QVector<double>& v) { return v.isEmpty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

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
    for (const auto& p : o.series) {
        s.time << p.time;
        s.users << p.users;
        s.instances << p.instances;
        s.errorPercent << 100.0 * p.errorRate;
        s.queue << p.queue;
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
    legend->setWrap(5);
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
    top->axis(QCPAxis::atLeft)->setLabel(tr("users"));
    top->axis(QCPAxis::atRight)->setLabel(tr("machines"));
    bottom->axis(QCPAxis::atLeft)->setLabel(tr("errors (%)"));
    bottom->axis(QCPAxis::atRight)->setLabel(tr("in the system"));
    QObject::connect(top->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            bottom->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));

    addSeries(top, top->axis(QCPAxis::atLeft), tr("users"), s.time, s.users, style.load);
    addSeries(top, top->axis(QCPAxis::atRight), tr("machines running"), s.time, s.instances, style.machines);
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
    fitFromZero(top->axis(QCPAxis::atLeft), s.users, {}, 1.0);
    fitFromZero(top->axis(QCPAxis::atRight), s.instances, {}, 1.0);
    fitFromZero(bottom->axis(QCPAxis::atLeft), s.errorPercent, {s.errorLimitPercent}, 1.0);
    fitFromZero(bottom->axis(QCPAxis::atRight), s.queue, {}, 1.0);

    for (auto* rect : {top, bottom}) {
        const bool labelled = rect == top;
        // The verdict's label reads rightwards from its line, the return's
        // leftwards from its own (it is near the chart's right end).
        if (s.react > 0.0) {
            marker(rect, s.react, labelled ? tr("verdict from here") : QString(), style.muted, style, Qt::AlignLeft);
        }
        if (s.spikeEnd > 0.0) {
            marker(rect, s.spikeEnd, labelled ? tr("back to the base load") : QString(), style.muted, style, Qt::AlignRight);
        }
    }
    plot.replot();
}

}  // namespace headroom::ui
