#pragma once
// A scenario over time (issue 16: "instances, queue and errors over time"),
// drawn by one piece of code for the desktop's scenario window
// (ScenarioDialog) and the audit report's scenario page
// (report::scenarioChart): the offered load and the machines running on top,
// the error rate and the requests in the system below, over seconds from
// the spike's start, with the verdict's start (the stated reaction time) and
// the spike's end marked.
//
// scenarioSeriesOf() reads a SpikeOutcome (the model's value) into plain
// vectors (tests compare them with the outcome); drawScenario() only draws.

#include "load_colors.h"
#include "roadmap/spike.h"

#include <QColor>
#include <QFont>
#include <QString>
#include <QVector>

class QCustomPlot;

namespace headroom::ui {

struct ScenarioSeries {
    QString title;                     ///< the scenario's name ("spike x10 in 60s, held 3min")
    QVector<double> time;              ///< seconds from the spike's start (each bin's start; drawn as steps)
    QVector<double> users, instances;  ///< offered load; machines running (sum over tiers)
    QVector<double> errorPercent;      ///< errors of the requests issued in the bin, in %
    QVector<double> queue;             ///< requests in the system (mean over the bin)
    double react = 0.0;                ///< the verdict covers requests issued from here on
    double spikeEnd = 0.0;             ///< the ramp plus the hold simulated: back to the base load
    double errorLimitPercent = 0.0;    ///< the SLO's error rate, in % (a line on the chart)
    bool survives = false;
};

/// The outcome's series; `errorLimit` is the SLO's error rate (a ratio).
[[nodiscard]] ScenarioSeries scenarioSeriesOf(const roadmap::SpikeOutcome& outcome, const QString& title, double errorLimit);

struct ScenarioStyle {
    QFont font;
    QColor text{0x22, 0x2b, 0x36};
    QColor muted{0x6b, 0x77, 0x85};
    QColor grid{0xe3, 0xe7, 0xec};
    QColor background{Qt::white};
    // The series colours of every chart (ui::seriesColor: Okabe-Ito), errors in the SLO's red.
    QColor load = seriesColor(0);
    QColor machines = seriesColor(2);
    QColor errors{0xc0, 0x39, 0x2b};
    QColor queue = seriesColor(3);
};

/// Clears `plot` (its layout included) and draws `series` in two stacked
/// panels sharing the time axis, with the legend in a row of its own above
/// them (never over a curve); then replots. The plot must have its final size.
void drawScenario(QCustomPlot& plot, const ScenarioSeries& series, const ScenarioStyle& style);

}  // namespace headroom::ui
