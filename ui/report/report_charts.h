#pragma once
// The report's charts, drawn with QCustomPlot offscreen (toPixmap) at
// print resolution. The GUI's own chart widgets are interactive views of a
// live analysis; these are static figures of a finished ReportData, with
// their own typography for print, so they live here (the only file of the
// report that includes qcustomplot.h).

#include "roadmap/roadmap.h"

#include <QImage>

class QCPAxis;

namespace headroom::report {

/// The report's print style for one chart axis (the ink, axis and grid
/// greys, DejaVu Sans 8 / 8.5 pt): every chart the report prints uses it.
void stylePrintAxis(QCPAxis* axis);

struct ReportData;

/// Logical size of a chart (points at 1x); images are rendered at `scale`.
struct ChartSize {
    int width = 760;
    int height = 330;
    double scale = 2.5;
};

/// Today's architecture: mean, p95, p99 response time vs users (log-log),
/// the SLO lines, the breaking point, and the DES checks with their CIs.
[[nodiscard]] QImage responseTimeChart(const ReportData& data, ChartSize size = {});
/// Today's architecture: utilisation of each host vs users, with the SLO limit.
[[nodiscard]] QImage utilizationChart(const ReportData& data, ChartSize size = {});
/// Following the roadmap: p95 and p99 of the architecture in force vs users.
[[nodiscard]] QImage planResponseTimeChart(const ReportData& data, ChartSize size = {});
/// Following the roadmap: cost per month vs users (steps at each build), with the budget.
[[nodiscard]] QImage costChart(const ReportData& data, ChartSize size = {});
/// The plan on a calendar (ui/timeline_chart.h, as the desktop's roadmap
/// panel draws it): phases as bars from start-by to needed-by, the running
/// cost as a step line. A null image when the plan has no dates (no growth forecast).
[[nodiscard]] QImage timelineChart(const ReportData& data, ChartSize size = {});

/// A simulated spike over time (ui/scenario_chart.h, as the desktop's scenario
/// window draws it): users and machines running, errors and requests in the
/// system. A null image for a scenario without a simulated series.
[[nodiscard]] QImage scenarioChart(const ReportData& data, const roadmap::Scenario& scenario, ChartSize size = {});

}  // namespace headroom::report
