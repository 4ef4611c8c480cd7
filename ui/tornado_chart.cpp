#include "tornado_chart.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <algorithm>
#include <cmath>
#include <utility>

#include "chart_axis_style.h"
#include "io/text_format.h"

namespace headroom::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("TornadoChart", text);
}

bool usable(double v) {
    return std::isfinite(v) && v > 0;
}

/// One half-bar from the median to `end` on row `row` (0 = top).
void halfBar(QCustomPlot& plot, double row, double median, double end, const QColor& color) {
    auto* rect = new QCPItemRect(&plot);
    rect->setClipToAxisRect(true);
    rect->topLeft->setCoords(std::min(median, end), row - 0.32);
    rect->bottomRight->setCoords(std::max(median, end), row + 0.32);
    rect->setBrush(color);
    rect->setPen(QPen(color.darker(120), 1));
}

}  // namespace

TornadoSeries tornadoSeriesOf(const roadmap::UncertaintySummary& summary, int maxBars) {
    TornadoSeries s;
    s.median = summary.p50;
    for (const auto& in : summary.sensitivity) {
        if (s.bars.size() >= maxBars) break;
        s.bars.push_back({QString::fromStdString(in.name), in.rankCorrelation, in.breakWhenLow, in.breakWhenHigh});
    }
    return s;
}

void drawTornado(QCustomPlot& plot, const TornadoSeries& s, const StudyChartStyle& style) {
    plot.clearItems();
    plot.clearPlottables();
    plot.setBackground(style.background);
    plot.axisRect()->setBackground(style.background);
    for (QCPAxis* axis : {plot.xAxis, plot.yAxis})
        styleChartAxis(axis, style.font, style.text, style.muted, style.grid);
    setUsersTicks(plot.xAxis);
    plot.xAxis->setLabel(tr("median first break of the samples (users)"));
    // The legend names the two colours (empty bars: only their swatches show).
    for (const auto& [name, color] : {std::pair{tr("input in the lowest fifth of its range"), style.low},
                                      std::pair{tr("input in the highest fifth"), style.high}}) {
        auto* key = new QCPBars(plot.xAxis, plot.yAxis);
        key->setName(name);
        key->setBrush(color);
        key->setPen(QPen(color.darker(120), 1));
    }
    plot.legend->setVisible(true);
    plot.legend->setFont(style.font);
    plot.legend->setTextColor(style.text);
    plot.legend->setBorderPen(Qt::NoPen);
    QColor legendFill = style.background;
    legendFill.setAlpha(230);
    plot.legend->setBrush(legendFill);
    plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    plot.yAxis->grid()->setVisible(false);

    // Rows top to bottom: the y axis runs reversed so row 0 is on top.
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double lo = s.median, hi = s.median;
    for (int i = 0; i < s.bars.size(); ++i) {
        const TornadoBar& b = s.bars[i];
        ticker->addTick(i, QStringLiteral("%1  ρ %2").arg(b.input).arg(b.rankCorrelation, 0, 'f', 2));
        for (double v : {b.whenLow, b.whenHigh}) {
            if (usable(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        }
    }
    plot.yAxis->setTicker(ticker);
    plot.yAxis->setRangeReversed(true);
    plot.yAxis->setRange(-0.7, std::max<int>(1, s.bars.size()) - 0.3);
    plot.yAxis->setTickLength(0, 0);
    if (!usable(lo) || !(hi > lo)) {
        lo = usable(s.median) ? s.median * 0.9 : 0.0;
        hi = usable(s.median) ? s.median * 1.1 : 1.0;
    }
    const double pad = 0.1 * (hi - lo);
    plot.xAxis->setRange(lo - pad, hi + pad);
    const double right = hi + pad;

    for (int i = 0; i < s.bars.size(); ++i) {
        const TornadoBar& b = s.bars[i];
        if (!usable(s.median)) break;
        // An end above the target (every such sample holds) reaches the chart's edge.
        const auto end = [&](double v) { return std::isinf(v) ? right : v; };
        if (usable(end(b.whenLow))) halfBar(plot, i, s.median, end(b.whenLow), style.low);
        if (usable(end(b.whenHigh))) halfBar(plot, i, s.median, end(b.whenHigh), style.high);
    }
    if (usable(s.median)) {
        auto* line = new QCPItemStraightLine(&plot);
        line->point1->setCoords(s.median, 0);
        line->point2->setCoords(s.median, 1);
        line->setPen(QPen(style.text, 1.2, Qt::DashLine));
        auto* text = new QCPItemText(&plot);
        text->setClipToAxisRect(true);
        text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords(s.median, 1.0);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        text->setText(tr(" P50 %1").arg(QString::fromStdString(io::groupThousands(s.median))));
        text->setFont(style.font);
        text->setColor(style.text);
    }
    plot.replot();
}

}  // namespace headroom::ui
