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

/// Linear ticks labelled as users are written everywhere: 1,200 / 1,400 ...
/// (io::groupThousands), for the study's band and tornado charts.
void setUsersTicks(QCPAxis* axis);

}  // namespace headroom::ui
