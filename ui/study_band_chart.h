#pragma once
// The first break of a study under uncertain inputs (issue 20), drawn by one
// piece of code for the desktop's study window (StudyDialog) and the audit
// report's Uncertainty section: the share of the samples broken by each
// load (the study's empirical distribution of the first break, a step
// line), the P5-P95 and P10-P90 bands shaded under it, the median as a line
// and the midpoint file's answer (what every other command says) dashed.
//
// studyBandSeriesOf() reads the model's values (roadmap::UncertaintyStudyPart
// and its UncertaintySummary) into plain vectors (tests compare them with
// the study); drawStudyBand() only draws.

#include <QColor>
#include <QFont>
#include <QString>
#include <QVector>
#include <optional>

#include "load_colors.h"
#include "roadmap/uncertainty_study.h"

class QCustomPlot;

namespace headroom::ui {

struct StudyBandSeries {
    QVector<double> breaks;   ///< the samples' first breaks that fall in the range, ascending
    std::size_t samples = 0;  ///< every sample (those holding to the target included)
    double p5 = 0.0, p10 = 0.0, p50 = 0.0, p90 = 0.0, p95 = 0.0;  ///< the study's (may be +infinity: above the target)
    std::optional<double> midpoint;                               ///< the midpoint file's first break
    double target = 0.0;
};

[[nodiscard]] StudyBandSeries studyBandSeriesOf(const roadmap::UncertaintyStudyPart& whole,
                                                const roadmap::UncertaintySummary& summary);

/// The look of the study's charts (the band and the tornado), as ScenarioStyle.
struct StudyChartStyle {
    QFont font;
    QColor text{0x22, 0x2b, 0x36};
    QColor muted{0x6b, 0x77, 0x85};
    QColor grid{0xe3, 0xe7, 0xec};
    QColor background{Qt::white};
    // The series colours of every chart (ui::seriesColor: Okabe-Ito).
    QColor band = seriesColor(0);
    QColor low = seriesColor(0);   ///< tornado: the break with the input at the low end of its range
    QColor high = seriesColor(1);  ///< ... at the high end
};

/// Clears `plot` and draws the distribution of the first break with its
/// bands; then replots. The plot must have its final size.
void drawStudyBand(QCustomPlot& plot, const StudyBandSeries& series, const StudyChartStyle& style);

}  // namespace headroom::ui
