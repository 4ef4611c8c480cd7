#include "study_band_chart.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "chart_axis_style.h"
#include "io/text_format.h"

namespace headroom::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("StudyBandChart", text);
}

void styleAxis(QCPAxis* axis, const StudyChartStyle& s) {
    styleChartAxis(axis, s.font, s.text, s.muted, s.grid);
}

/// A shaded vertical band [from, to] across the whole height of the axis rect.
void shade(QCustomPlot& plot, double from, double to, const QColor& color, int alpha) {
    auto* rect = new QCPItemRect(&plot);
    rect->setClipToAxisRect(true);
    rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    rect->topLeft->setCoords(from, 0.0);
    rect->bottomRight->setCoords(to, 1.0);
    QColor fill = color;
    fill.setAlpha(alpha);
    rect->setBrush(fill);
    rect->setPen(Qt::NoPen);
    rect->setLayer(QStringLiteral("background"));
}

void marker(QCustomPlot& plot, double x, const QString& label, const QColor& color, Qt::PenStyle pen,
            const StudyChartStyle& s, double labelY, Qt::Alignment side) {
    auto* line = new QCPItemStraightLine(&plot);
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    line->setPen(QPen(color, 1.6, pen));
    auto* text = new QCPItemText(&plot);
    text->setClipToAxisRect(true);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(x, labelY);
    text->setPositionAlignment(side | Qt::AlignVCenter);
    text->setText(label);
    text->setFont(s.font);
    text->setColor(color);
    QColor fill = s.background;
    fill.setAlpha(220);
    text->setBrush(fill);
    text->setPadding(QMargins(3, 1, 3, 1));
}

QString users(double u) {
    return QString::fromStdString(io::groupThousands(u));
}

}  // namespace

StudyBandSeries studyBandSeriesOf(const roadmap::UncertaintyStudyPart& whole,
                                  const roadmap::UncertaintySummary& summary) {
    StudyBandSeries s;
    s.samples = whole.outcomes.size();
    for (const auto& o : whole.outcomes) {
        if (o.breakUsers) s.breaks << *o.breakUsers;
    }
    std::sort(s.breaks.begin(), s.breaks.end());
    s.p5 = summary.p5;
    s.p10 = summary.p10;
    s.p50 = summary.p50;
    s.p90 = summary.p90;
    s.p95 = summary.p95;
    s.midpoint = whole.setup.midpointBreak;
    s.target = whole.setup.target;
    return s;
}

void drawStudyBand(QCustomPlot& plot, const StudyBandSeries& s, const StudyChartStyle& style) {
    plot.clearItems();
    plot.clearPlottables();
    plot.setBackground(style.background);
    plot.axisRect()->setBackground(style.background);
    for (QCPAxis* axis : {plot.xAxis, plot.yAxis}) styleAxis(axis, style);
    setUsersTicks(plot.xAxis);
    plot.xAxis->setLabel(tr("first break (users)"));
    plot.yAxis->setLabel(tr("samples broken by then (%)"));
    plot.legend->setVisible(false);

    // The range shown: the samples' breaks with a margin, the bands and the midpoint included.
    const auto finite = [](double v) { return std::isfinite(v) && v > 0; };
    double lo = s.target, hi = 0.0;
    for (double v : {s.p5, s.p95, s.breaks.isEmpty() ? 0.0 : s.breaks.front(),
                     s.breaks.isEmpty() ? 0.0 : s.breaks.back(), s.midpoint.value_or(0.0)}) {
        if (finite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (!(hi > lo)) hi = lo * 1.1 + 1.0;
    const double pad = 0.08 * (hi - lo);
    const double left = std::max(0.0, lo - pad), right = hi + pad;
    plot.xAxis->setRange(left, right);
    plot.yAxis->setRange(0.0, 105.0);

    // The bands, widest first; an end above the target reaches the chart's edge.
    const auto end = [&](double v) { return std::isfinite(v) ? v : right; };
    shade(plot, end(s.p5), end(s.p95), style.band, 40);
    shade(plot, end(s.p10), end(s.p90), style.band, 70);

    // The empirical distribution: after the k-th smallest break, k of n samples have broken.
    QVector<double> x, y;
    x << left;
    y << 0.0;
    const double n = static_cast<double>(std::max<std::size_t>(1, s.samples));
    for (int k = 0; k < s.breaks.size(); ++k) {
        x << s.breaks[k];
        y << 100.0 * (k + 1) / n;
    }
    x << right;
    y << y.back();
    auto* graph = plot.addGraph();
    graph->setData(x, y, true);
    graph->setLineStyle(QCPGraph::lsStepLeft);
    graph->setPen(QPen(style.text, 1.8));

    if (finite(s.p50)) {
        marker(plot, s.p50, tr("P50 %1").arg(users(s.p50)), style.band.darker(130), Qt::SolidLine, style, 0.08,
               Qt::AlignLeft);
    }
    if (finite(s.p5))
        marker(plot, s.p5, tr("P5 %1").arg(users(s.p5)), style.band, Qt::DotLine, style, 0.20, Qt::AlignRight);
    if (finite(s.p95))
        marker(plot, s.p95, tr("P95 %1").arg(users(s.p95)), style.band, Qt::DotLine, style, 0.80, Qt::AlignLeft);
    if (s.midpoint) {
        marker(plot, *s.midpoint, tr("midpoint file %1").arg(users(*s.midpoint)), style.muted, Qt::DashLine, style,
               0.93, Qt::AlignRight);
    }
    plot.replot();
}

}  // namespace headroom::ui
