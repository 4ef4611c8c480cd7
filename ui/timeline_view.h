#pragma once
// The roadmap panel's calendar view: the plan's phases as bars from start-by
// to needed-by and the running cost as a step line (timeline_chart.h draws
// them, as it does for the report). Hovering a bar shows its builds, dates
// and runway; clicking it asks to open that phase's architecture.

#include "roadmap/roadmap.h"
#include "timeline_chart.h"

#include <QWidget>

#include <optional>

class QCustomPlot;

namespace headroom::ui {

class TimelineView : public QWidget {
    Q_OBJECT

public:
    explicit TimelineView(QWidget* parent = nullptr);

    /// Draws the plan's timeline (none without a growth forecast).
    void setRoadmap(const roadmap::Roadmap& plan);
    void clear();
    [[nodiscard]] const std::optional<Timeline>& timeline() const { return timeline_; }
    [[nodiscard]] QCustomPlot* plot() const { return plot_; }
    /// The plot as a widget (for mouse events; QCustomPlot is only forward-declared here).
    [[nodiscard]] QWidget* plotWidget() const;
    /// The phase (index into Roadmap::phases) under a position of this widget (-1: none).
    [[nodiscard]] int phaseAt(QPoint position) const;

signals:
    void phaseActivated(int phase);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void redraw();

    QCustomPlot* plot_;
    std::optional<Timeline> timeline_;
    int hovered_ = -1;  ///< bar index
};

}  // namespace headroom::ui
