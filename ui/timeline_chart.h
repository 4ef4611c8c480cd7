#pragma once
// The plan on a calendar (issue 15), drawn by one piece of code for the
// desktop's roadmap panel (TimelineView) and the audit report
// (report::timelineChart): each phase a horizontal bar from its start-by to
// its needed-by date, labelled with its builds, and the monthly running cost
// as a step line over the same dates on a second axis.
//
// timelineOf() reads the Roadmap value into plain bars and points (tests
// compare them with the Roadmap); drawTimeline() only draws them. A plan
// without a growth forecast has no dates and no timeline (nullopt): callers
// say "no growth forecast given" instead.

#include "roadmap/roadmap.h"

#include <QColor>
#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>
#include <vector>

class QCustomPlot;

namespace headroom::ui {

/// Seconds since 1970-01-01 UTC (the unit of QCustomPlot's date axis) of a
/// Roadmap date (days since 1970-01-01).
[[nodiscard]] constexpr double secondsOfDay(int days) { return static_cast<double>(days) * 86400.0; }

/// One phase on the calendar.
struct TimelineBar {
    int phase = 0;       ///< index into Roadmap::phases
    int startBy = 0;     ///< days since 1970-01-01: the bar's left end
    int neededBy = 0;    ///< the bar's right end
    bool late = false;   ///< start-by already past: start now
    QString builds;      ///< "Split the database + Add read replicas" (every build of the phase)
    QString toolTip;     ///< rich text: the builds, start by, needed by, runway, cost
};

struct Timeline {
    std::vector<TimelineBar> bars;  ///< phases with a build and dates, in phase order
    /// The running cost per month as a step line: from costDays[i] on, costMonth[i].
    QVector<double> costDays, costMonth;
    int today = 0;
    int end = 0;        ///< the target's date (or the last needed-by, if later)
    double target = 0;  ///< the target load
    bool openWorkload = false;
};

/// nullopt when the plan has no dates (no growth forecast given).
[[nodiscard]] std::optional<Timeline> timelineOf(const roadmap::Roadmap& plan);

/// Typography and colours of one rendering (screen palette or print).
struct TimelineStyle {
    QFont font;             ///< tick labels and bar labels
    QColor text{0x22, 0x2b, 0x36};
    QColor muted{0x6b, 0x77, 0x85};
    QColor grid{0xe3, 0xe7, 0xec};
    QColor background{Qt::white};
    QColor late{0xc0, 0x39, 0x2b};
    QColor cost{0x22, 0x2b, 0x36};
    int hovered = -1;       ///< bar index drawn highlighted (the panel's hover)
};

/// Build titles joined with " + ", the same build twice (two scale-ups) as
/// one "title ×2": how the timeline and the report name a phase's builds.
[[nodiscard]] QString joinCounted(const QStringList& titles);

/// Clears `plot` and draws `timeline` on it (bars on xAxis/yAxis, cost on
/// xAxis/yAxis2), then replots. The plot must already have its final size.
void drawTimeline(QCustomPlot& plot, const Timeline& timeline, const TimelineStyle& style);

/// The bars as drawn: (x = seconds since 1970, y = row) rectangles of the
/// plot's bar items, in bar order (tests read what was drawn).
[[nodiscard]] QVector<QRectF> drawnBars(const QCustomPlot& plot);
/// The cost step line as drawn: (seconds since 1970, cost per month).
[[nodiscard]] QVector<QPointF> drawnCost(const QCustomPlot& plot);
/// The pixel of `plot` at (seconds since 1970, row) coordinates.
[[nodiscard]] QPointF pixelOf(const QCustomPlot& plot, QPointF coords);
/// The bar under a pixel of `plot` (-1: none).
[[nodiscard]] int barAt(const QCustomPlot& plot, QPointF pixel);

}  // namespace headroom::ui
