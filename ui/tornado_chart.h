#pragma once
// What moves the first break most (issue 20: "a sensitivity ranking, a
// tornado chart"), drawn by one piece of code for the desktop's study window
// and the audit report's Uncertainty section: one horizontal bar per
// uncertain input, the largest |Spearman rho| on top, from the median first
// break of the samples with the input in the lowest fifth of its range to
// that of the highest fifth (UncertaintySummary::sensitivity), across the
// study's median.
//
// tornadoSeriesOf() reads the model's summary into plain values; drawTornado() only draws.

#include <QString>
#include <QVector>

#include "study_band_chart.h"

class QCustomPlot;

namespace headroom::ui {

struct TornadoBar {
    QString input;  ///< "app.demand.page"
    double rankCorrelation = 0.0;
    double whenLow = 0.0;   ///< median first break with the input low (NaN or +infinity: none / above the target)
    double whenHigh = 0.0;  ///< ... high
};

struct TornadoSeries {
    QVector<TornadoBar> bars;  ///< largest |rho| first
    double median = 0.0;       ///< the study's P50
};

/// The summary's ranking, at most `maxBars` inputs (the rest move the break least).
[[nodiscard]] TornadoSeries tornadoSeriesOf(const roadmap::UncertaintySummary& summary, int maxBars = 8);

/// Clears `plot` and draws the bars (largest on top) with the inputs' names
/// and rho on the left axis; then replots. The plot must have its final size.
void drawTornado(QCustomPlot& plot, const TornadoSeries& series, const StudyChartStyle& style);

}  // namespace headroom::ui
