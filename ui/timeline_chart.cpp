#include "timeline_chart.h"

#include "chart_axis_style.h"
#include "load_colors.h"
#include "metric_text.h"
#include "property_schema.h"
#include "io/metrics.h"
#include "io/units.h"
#include "roadmap/transformations.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace headroom::ui {

namespace {

const char* kBarProperty = "timelineBar";

QString dateText(int days) { return QString::fromStdString(io::formatIsoDate(days)); }

QString buildTitle(const std::string& id) {
    if (const auto* t = roadmap::findTransformation(id)) return QString::fromStdString(t->title);
    return QString::fromStdString(id);
}

/// Cost axis labelled in the plan's currency units.
class MoneyTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override { return formatMoney(tick); }
};

/// Rows labelled "Phase N" (N = the phase's number in the plan, not the bar's).
QSharedPointer<QCPAxisTickerText> phaseTicker(const Timeline& t) {
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (size_t i = 0; i < t.bars.size(); ++i) {
        ticker->addTick(static_cast<double>(i), QCoreApplication::translate("Timeline", "Phase %1").arg(t.bars[i].phase + 1));
    }
    return ticker;
}

void styleAxis(QCPAxis* axis, const TimelineStyle& s) { styleChartAxis(axis, s.font, s.text, s.muted, s.grid); }

void verticalLine(QCustomPlot& plot, double x, const QString& label, const QColor& color, Qt::PenStyle style,
                  const QFont& font, const QColor& background) {
    auto* line = new QCPItemStraightLine(&plot);
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    line->setPen(QPen(color, 1.2, style));
    auto* text = new QCPItemText(&plot);
    text->position->setTypeX(QCPItemPosition::ptPlotCoords);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(x, 0.0);
    text->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    text->setText(label);
    text->setFont(font);
    text->setColor(color);
    QColor fill = background;
    fill.setAlpha(220);
    text->setBrush(fill);
    text->setPadding(QMargins(3, 1, 3, 1));
    text->setClipToAxisRect(false);
}

}  // namespace

std::optional<Timeline> timelineOf(const roadmap::Roadmap& plan) {
    if (!plan.today) return std::nullopt;
    Timeline t;
    t.today = *plan.today;
    t.target = plan.target;
    t.openWorkload = plan.openWorkload;
    t.end = plan.targetDate.value_or(t.today);
    for (size_t i = 0; i < plan.phases.size(); ++i) {
        const auto& p = plan.phases[i];
        if (p.build.transformation.empty() || !p.startBy || !p.neededBy) continue;
        TimelineBar bar;
        bar.phase = static_cast<int>(i);
        bar.startBy = *p.startBy;
        bar.neededBy = *p.neededBy;
        bar.late = p.late;
        QStringList titles;
        QStringList lines;
        const auto builds = p.allBuilds();
        for (const auto& b : builds) {
            titles << buildTitle(b.transformation);
            lines << QCoreApplication::translate("Timeline", "%1 (lead time %2 days)")
                         .arg(buildTitle(b.transformation).toHtmlEscaped())
                         .arg(b.leadTimeDays, 0, 'f', 0);
        }
        bar.builds = joinCounted(titles);
        const double after = p.costMonthAfter();
        bar.toolTip =
            QCoreApplication::translate("Timeline",
                                        "<b>Phase %1</b>: %2<br>Start by <b>%3</b>%4<br>Needed by <b>%5</b>: %6 breaks at %7<br>"
                                        "Runway %8 days (at least %9)<br>Cost per month %10 → %11")
                .arg(i + 1)
                .arg(lines.join(QStringLiteral(", ")), dateText(bar.startBy),
                     bar.late ? QCoreApplication::translate("Timeline", " — <b>late: start now</b>") : QString(),
                     dateText(bar.neededBy), breakName(p.breaks.check).toHtmlEscaped(), QString::fromStdString(io::formatLoad(p.usersTo, plan.openWorkload)))
                .arg(p.runwayDays, 0, 'f', 0)
                .arg(p.minRunwayDays, 0, 'f', 0)
                .arg(formatMoney(p.build.costMonthBefore), formatMoney(after));
        t.end = std::max(t.end, bar.neededBy);
        t.bars.push_back(std::move(bar));
    }
    for (const auto& c : plan.costCurve) {
        if (!c.date) continue;  // a load the forecast never reaches
        t.costDays << static_cast<double>(std::max(*c.date, t.today));
        t.costMonth << c.costMonth;
    }
    if (!t.costDays.isEmpty()) t.end = std::max(t.end, static_cast<int>(t.costDays.back()));
    if (t.end <= t.today) t.end = t.today + 30;
    return t;
}

void drawTimeline(QCustomPlot& plot, const Timeline& t, const TimelineStyle& s) {
    plot.clearItems();
    plot.clearGraphs();
    plot.clearPlottables();
    plot.setBackground(s.background);
    plot.axisRect()->setBackground(s.background);
    plot.legend->setVisible(false);
    for (QCPAxis* axis : {plot.xAxis, plot.yAxis, plot.yAxis2}) styleAxis(axis, s);
    plot.yAxis2->grid()->setVisible(false);
    plot.yAxis2->setVisible(true);

    // Dates: from the earliest start (a late phase starts in the past) to the end, with a margin.
    int first = t.today;
    for (const auto& b : t.bars) first = std::min(first, b.startBy);
    const double span = std::max(30.0, static_cast<double>(t.end - first));
    const double from = secondsOfDay(first) - 0.04 * span * 86400.0;
    const double to = secondsOfDay(t.end) + 0.06 * span * 86400.0;
    auto dates = QSharedPointer<QCPAxisTickerDateTime>::create();
    dates->setDateTimeFormat(span > 600 ? QStringLiteral("MMM yyyy") : QStringLiteral("d MMM yyyy"));
    dates->setDateTimeSpec(Qt::UTC);
    dates->setTickCount(span > 600 ? 7 : 5);
    plot.xAxis->setTicker(dates);
    plot.xAxis->setRange(from, to);
    plot.xAxis->setLabel(QString());

    // One row per bar, phase 1 at the top.
    const double rows = static_cast<double>(std::max<size_t>(t.bars.size(), 1));
    plot.yAxis->setTicker(phaseTicker(t));
    plot.yAxis->setRangeReversed(true);
    plot.yAxis->setRange(-0.75, rows - 0.25);
    plot.yAxis->grid()->setVisible(false);
    plot.yAxis->setSubTicks(false);
    plot.yAxis->setTickLength(0, 0);

    // The running cost: a step line on the right axis.
    double top = 0;
    QVector<double> x, y;
    for (qsizetype i = 0; i < t.costDays.size(); ++i) {
        x << secondsOfDay(static_cast<int>(t.costDays[i]));
        y << t.costMonth[i];
        top = std::max(top, t.costMonth[i]);
    }
    if (!y.isEmpty()) {
        x << to;
        y << y.back();
    }
    QCPGraph* cost = plot.addGraph(plot.xAxis, plot.yAxis2);
    cost->setName(QCoreApplication::translate("Timeline", "running cost per month"));
    cost->setData(x, y, true);
    cost->setLineStyle(QCPGraph::lsStepLeft);
    cost->setPen(QPen(s.cost, 2.0, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    plot.yAxis2->setTicker(QSharedPointer<MoneyTicker>::create());
    plot.yAxis2->setRange(0, std::max(top, 1.0) * 1.18);
    plot.yAxis2->setLabel(QCoreApplication::translate("Timeline", "running cost per month (line)"));
    plot.yAxis2->setLabelColor(s.muted);

    // Bars, then their labels once the layout knows the axis rect's size.
    for (size_t i = 0; i < t.bars.size(); ++i) {
        const auto& b = t.bars[i];
        auto* rect = new QCPItemRect(&plot);
        rect->setProperty(kBarProperty, static_cast<int>(i));
        const double row = static_cast<double>(i);
        // The bar in the lower part of its row, its label above it.
        rect->topLeft->setCoords(secondsOfDay(b.startBy), row - 0.05);
        rect->bottomRight->setCoords(secondsOfDay(std::max(b.neededBy, b.startBy)), row + 0.4);
        const QColor color = seriesColor(b.phase);
        QColor fill = color;
        fill.setAlpha(static_cast<int>(i) == s.hovered ? 190 : 120);
        rect->setBrush(fill);
        rect->setPen(QPen(b.late ? s.late : color.darker(120), b.late ? 2.0 : 1.0));
    }
    verticalLine(plot, secondsOfDay(t.today), QCoreApplication::translate("Timeline", "today %1").arg(dateText(t.today)),
                 s.text, Qt::SolidLine, s.font, s.background);
    plot.replot(QCustomPlot::rpImmediateRefresh);  // lays out the axis rect: pixels are known from here

    const QFontMetricsF metrics(s.font);
    const QRect area = plot.axisRect()->rect();
    for (size_t i = 0; i < t.bars.size(); ++i) {
        const auto& b = t.bars[i];
        const QString label = b.late ? QCoreApplication::translate("Timeline", "%1 · late: start now").arg(b.builds) : b.builds;
        const double left = plot.xAxis->coordToPixel(secondsOfDay(b.startBy));
        const double room = std::max(20.0, static_cast<double>(area.width()) - 8);
        const QString shown = metrics.elidedText(label, Qt::ElideRight, room - 10);
        const double width = metrics.horizontalAdvance(shown) + 10;
        auto* text = new QCPItemText(&plot);
        text->setText(shown);
        text->setFont(s.font);
        text->setColor(b.late ? s.late : s.text);
        text->setPadding(QMargins(2, 0, 2, 1));
        text->setClipToAxisRect(false);
        text->position->setTypeX(QCPItemPosition::ptAbsolute);
        text->position->setTypeY(QCPItemPosition::ptPlotCoords);
        // Above the bar from its start, moved left as far as needed to stay inside the chart.
        const double x = std::clamp(left, static_cast<double>(area.left()) + 2, std::max(area.left() + 2.0, area.right() - width));
        text->position->setCoords(x, static_cast<double>(i) - 0.08);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    }
    plot.replot(QCustomPlot::rpImmediateRefresh);
}

QVector<QRectF> drawnBars(const QCustomPlot& plot) {
    QVector<QRectF> out;
    for (int i = 0; i < plot.itemCount(); ++i) {
        auto* rect = qobject_cast<QCPItemRect*>(plot.item(i));
        if (!rect || !rect->property(kBarProperty).isValid()) continue;
        const int index = rect->property(kBarProperty).toInt();
        if (out.size() <= index) out.resize(index + 1);
        out[index] = QRectF(rect->topLeft->coords(), rect->bottomRight->coords());
    }
    return out;
}

QVector<QPointF> drawnCost(const QCustomPlot& plot) {
    QVector<QPointF> out;
    if (plot.graphCount() == 0) return out;
    for (const auto& point : *plot.graph(0)->data()) out << QPointF(point.key, point.value);
    return out;
}

QPointF pixelOf(const QCustomPlot& plot, QPointF coords) {
    return {plot.xAxis->coordToPixel(coords.x()), plot.yAxis->coordToPixel(coords.y())};
}

int barAt(const QCustomPlot& plot, QPointF pixel) {
    for (int i = 0; i < plot.itemCount(); ++i) {
        auto* rect = qobject_cast<QCPItemRect*>(plot.item(i));
        if (!rect || !rect->property(kBarProperty).isValid()) continue;
        const QRectF r = QRectF(rect->topLeft->pixelPosition(), rect->bottomRight->pixelPosition()).normalized();
        // A short bar still takes a few pixels of hover.
        if (r.adjusted(-3, 0, 3, 0).contains(pixel)) return rect->property(kBarProperty).toInt();
    }
    return -1;
}

QString joinCounted(const QStringList& titles) {
    QStringList distinct, seen;
    for (const QString& title : titles) {
        if (seen.contains(title)) continue;
        seen << title;
        const auto n = titles.count(title);
        distinct << (n > 1 ? QStringLiteral("%1 ×%2").arg(title).arg(n) : title);
    }
    return distinct.join(QStringLiteral(" + "));
}

}  // namespace headroom::ui
