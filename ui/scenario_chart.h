#pragma once
// A scenario over time (issue 16: "instances, queue and errors over time"),
// drawn by one piece of code for the desktop's scenario window
// (ScenarioDialog) and the audit report's scenario page
// (report::scenarioChart): the offered load and the machines running on top,
// the error rate and the requests in the system below, over seconds from
// the spike's start, with the verdict's start (the stated reaction time) and
// the spike's end marked.
//
// The storms (issue 17: a cache flush, a retry storm) come in the spike's
// shape with their own figures per bin; their top panel shows what matters
// for them instead of the users and machines: the caches' hit ratio and the
// busiest machine behind them after a flush (a database's primary, not the
// mean with its replicas), the users and the goodput (requests answered per
// second) around a retry burst.
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

/// What the series tell: which figures the top panel draws, which marker ends the event.
enum class ScenarioShape {
    Spike,       ///< users and machines; ends "back to the base load"
    CacheFlush,  ///< hit ratio and the busiest machine behind the caches, in %; no end marker
    RetryStorm,  ///< users and goodput; the burst between two markers
};

struct ScenarioSeries {
    ScenarioShape shape = ScenarioShape::Spike;
    QString title;                     ///< the scenario's name ("spike x10 in 60s, held 3min")
    QVector<double> time;              ///< seconds from the spike's start (each bin's start; drawn as steps)
    QVector<double> users, instances;  ///< offered load; machines running (sum over tiers)
    QVector<double> errorPercent;      ///< errors of the requests issued in the bin, in %
    QVector<double> queue;             ///< requests in the system (mean over the bin)
    QVector<double> hitPercent;        ///< CacheFlush: the keyed caches' hit ratio over the bin, in %
    QVector<double> utilizationPercent;///< CacheFlush: the busiest machine (copy) the caches miss to, in %
    QVector<double> goodput;           ///< RetryStorm: requests issued in the bin and answered, per second
    double react = 0.0;                ///< the verdict covers requests issued from here on
    double spikeEnd = 0.0;             ///< the ramp plus the hold simulated (the burst): back to the base load
    double errorLimitPercent = 0.0;    ///< the SLO's error rate, in % (a line on the chart)
    bool survives = false;
};

/// The outcome's series; `errorLimit` is the SLO's error rate (a ratio). The
/// shape follows the figures the points carry (a hit ratio: a flush; a
/// goodput: a retry storm).
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
    QColor hits = seriesColor(1);
};

/// Clears `plot` (its layout included) and draws `series` in two stacked
/// panels sharing the time axis, with the legend in a row of its own above
/// them (never over a curve); then replots. The plot must have its final size.
void drawScenario(QCustomPlot& plot, const ScenarioSeries& series, const ScenarioStyle& style);

}  // namespace headroom::ui
