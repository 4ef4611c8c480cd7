#pragma once
// One look for the axes of the charts drawn by shared code for the desktop
// and the report (timeline_chart, scenario_chart): muted axis lines and
// ticks, the style's font and text colour, a light grid without sub-grid or
// zero line.

#include <QColor>
#include <QFont>

class QCPAxis;

namespace headroom::ui {

void styleChartAxis(QCPAxis* axis, const QFont& font, const QColor& text, const QColor& muted, const QColor& grid);

}  // namespace headroom::ui
