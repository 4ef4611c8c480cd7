#pragma once
// "Roadmap": the phases over users (log scale over the study's range), each
// a band with what is built and the monthly cost from then on; or, with a
// growth forecast, by date (TimelineView: bars from start-by to needed-by and
// the running cost). Clicking a phase asks to show that phase's architecture.

#include "roadmap/roadmap.h"

#include <QWidget>

#include <optional>

class QToolButton;

namespace headroom::ui {

class TimelineView;

class RoadmapPanel : public QWidget {
    Q_OBJECT

public:
    explicit RoadmapPanel(QWidget* parent = nullptr);

    /// By users (log scale) or by date (needs a growth forecast).
    enum class View { Users, Calendar };

    void setRoadmap(const roadmap::Roadmap& plan);
    void setBusy(const QString& message);
    /// Shows one view; until called, a dated plan opens by date.
    void setView(View view);
    [[nodiscard]] View view() const { return view_; }
    [[nodiscard]] TimelineView* timelineView() const { return timeline_; }
    [[nodiscard]] const std::optional<roadmap::Roadmap>& roadmap() const { return plan_; }
    /// The phase under a widget position (-1: none), for clicks and tests.
    [[nodiscard]] int phaseAt(QPoint position) const;
    /// What hovering a phase shows (rich text): where it breaks, what is built, the cost.
    [[nodiscard]] QString phaseToolTip(int phase) const;
    [[nodiscard]] QSize sizeHint() const override { return {520, 200}; }

signals:
    void phaseActivated(int phase);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void layoutChildren();
    [[nodiscard]] double xOf(double users) const;
    [[nodiscard]] QRectF bandRect(int phase) const;

    std::optional<roadmap::Roadmap> plan_;
    QString message_;
    int hovered_ = -1;
    View view_ = View::Users;
    bool viewChosen_ = false;
    TimelineView* timeline_;
    QToolButton* byUsers_;
    QToolButton* byDate_;
};

}  // namespace headroom::ui
