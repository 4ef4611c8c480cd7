#pragma once
// The teaching-mode canvas: the editor's architecture view (reused as is,
// with editing switched off) plus an overlay drawn in the foreground: request
// tokens travelling along calls in their class colour, a bar per component
// growing with the requests present there, bursts where requests are
// rejected or time out, a pulsing outline around the component that breaks,
// and a caption that states what is shown ("showing 1 in 50 requests").

#include "architecture_view.h"
#include "graph/graph.h"

#include <QString>
#include <QStringList>

namespace headroom::ui {
class ArchitectureScene;
class ComponentItem;
}  // namespace headroom::ui

namespace headroom::teaching {

class RequestFlowAnimator;

class TeachingCanvas : public ui::ArchitectureView {
    Q_OBJECT

public:
    explicit TeachingCanvas(ui::ArchitectureScene* scene, QWidget* parent = nullptr);

    /// The animation to draw (not owned), or nullptr.
    void setAnimator(const RequestFlowAnimator* animator);
    /// Components to outline; `broken` = past the limit (red) rather than about to break (amber).
    void setBreaking(const QStringList& components, bool broken);
    [[nodiscard]] const QStringList& breaking() const { return breaking_; }
    [[nodiscard]] bool breakingIsBroken() const { return broken_; }
    /// Lines shown in the caption box at the top left.
    void setCaption(const QStringList& lines);
    [[nodiscard]] const QStringList& caption() const { return caption_; }
    /// Request class names for the colour legend (index = class id).
    void setClassNames(const QStringList& names);
    /// Scale of the overlay text (presenter view).
    void setTextScale(double scale);

    /// Fits the architecture into the view.
    void fitArchitecture();

    /// How full a component's bar is drawn, 0..1: its machine's utilisation
    /// (`utilization`, NaN when unknown), or for a component with a pool the
    /// `present` requests against threads or connections plus max_queue on
    /// its `instances`, whichever is fuller.
    [[nodiscard]] static double queueBarFill(const graph::Component& component, int instances, double present, double utilization);

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void resizeEvent(QResizeEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void refit() override { fitArchitecture(); }

private:
    [[nodiscard]] ui::ComponentItem* itemFor(int component) const;
    void drawFlow(QPainter* painter);
    void drawBreaking(QPainter* painter);
    void drawCaption(QPainter* painter);

    ui::ArchitectureScene* scene_;
    const RequestFlowAnimator* animator_ = nullptr;
    QStringList breaking_;
    bool broken_ = false;
    QStringList caption_;
    QStringList classNames_;
    double textScale_ = 1.0;
};

}  // namespace headroom::teaching
