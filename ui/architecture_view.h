#pragma once
// The canvas widget: zoom (Ctrl+wheel, the View menu), rubber-band
// selection, and drops from the component palette.

#include <QGraphicsView>

namespace headroom::ui {

class ArchitectureScene;

/// MIME type of a palette drag: the component kind's YAML name.
inline constexpr const char* kComponentKindMime = "application/x-headroom-component-kind";

class ArchitectureView : public QGraphicsView {
    Q_OBJECT

public:
    explicit ArchitectureView(ArchitectureScene* scene, QWidget* parent = nullptr);

    [[nodiscard]] double zoom() const { return transform().m11(); }
    /// True when every item (cards, host boxes, arrows and their labels) lies
    /// wholly inside the viewport: what Fit promises.
    [[nodiscard]] bool showsWholeScene() const;

public slots:
    void zoomIn();
    void zoomOut();
    void resetZoom();
    void fitAll();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

    /// Fits again after a resize, a show or a rebuilt drawing while the user
    /// has not zoomed (a view with its own framing overrides it).
    virtual void refit() { fitAll(); }

private:
    static constexpr double kFitMargin = 30.0;   ///< scene units around the items
    static constexpr double kMaxFitZoom = 1.4;   ///< a small drawing is not blown up past this
    void scaleBy(double factor);
    ArchitectureScene* scene_;
    bool autoFit_ = true;  ///< fit on resize until the user zooms
};

}  // namespace headroom::ui
