#pragma once
// "Roadmap": the phases as a timeline over users (log scale over the
// study's range), each a band with what is built and the monthly cost from
// then on. Clicking a phase asks to show that phase's architecture.

#include "roadmap/roadmap.h"

#include <QWidget>

#include <optional>

namespace headroom::ui {

class RoadmapPanel : public QWidget {
    Q_OBJECT

public:
    explicit RoadmapPanel(QWidget* parent = nullptr);

    void setRoadmap(const roadmap::Roadmap& plan);
    void setBusy(const QString& message);
    [[nodiscard]] const std::optional<roadmap::Roadmap>& roadmap() const { return plan_; }
    /// The phase under a widget position (-1: none), for clicks and tests.
    [[nodiscard]] int phaseAt(QPoint position) const;
    /// What hovering a phase shows (rich text): where it breaks, what is built, the cost.
    [[nodiscard]] QString phaseToolTip(int phase) const;
    [[nodiscard]] QSize sizeHint() const override { return {520, 180}; }

signals:
    void phaseActivated(int phase);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    [[nodiscard]] double xOf(double users) const;
    [[nodiscard]] QRectF bandRect(int phase) const;

    std::optional<roadmap::Roadmap> plan_;
    QString message_;
    int hovered_ = -1;
};

}  // namespace headroom::ui
