#include "architecture_view.h"

#include "architecture_scene.h"

#include <QDragEnterEvent>
#include <QGraphicsItem>
#include <QMimeData>
#include <QStyle>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace headroom::ui {

namespace {
std::optional<spec::ComponentKind> kindFromName(const QByteArray& name) {
    using K = spec::ComponentKind;
    for (K k : {K::Service, K::LoadBalancer, K::Cache, K::Cdn, K::Database, K::Queue, K::External}) {
        if (name == spec::toString(k)) return k;
    }
    return std::nullopt;
}
}  // namespace

ArchitectureView::ArchitectureView(ArchitectureScene* scene, QWidget* parent) : QGraphicsView(scene, parent), scene_(scene) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::RubberBandDrag);
    setAcceptDrops(true);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setFrameShape(QFrame::NoFrame);
    setObjectName(QStringLiteral("canvas"));
    // A rebuilt drawing (an edit, a new file) is fitted again until the user zooms.
    connect(scene_, &QGraphicsScene::sceneRectChanged, this, [this] {
        if (autoFit_) refit();
    });
}

void ArchitectureView::scaleBy(double factor) {
    const double target = std::clamp(zoom() * factor, 0.2, 4.0);
    const double f = target / zoom();
    scale(f, f);
}

void ArchitectureView::zoomIn() {
    autoFit_ = false;
    scaleBy(1.2);
}
void ArchitectureView::zoomOut() {
    autoFit_ = false;
    scaleBy(1.0 / 1.2);
}
void ArchitectureView::resetZoom() {
    autoFit_ = false;
    setTransform(QTransform());
}

void ArchitectureView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (autoFit_) refit();
}

void ArchitectureView::showEvent(QShowEvent* event) {
    QGraphicsView::showEvent(event);
    if (autoFit_) refit();
}

void ArchitectureView::fitAll() {
    autoFit_ = true;
    // Every item's drawn extent (cards with their stacks and ports, host
    // boxes with their titles, arrows with their label pills) plus a margin.
    const QRectF bounds = scene()->itemsBoundingRect().adjusted(-kFitMargin, -kFitMargin, kFitMargin, kFitMargin);
    if (bounds.isEmpty()) return;
    // The scene reaches past the items, so at this scale the scroll bars show
    // and take their room from the viewport: fit into what is left of it
    // (QGraphicsView::fitInView measures the viewport before they appear).
    // No anchor either: the transform is set and the items centred, so where
    // the mouse rests does not shift the picture.
    QSize room = maximumViewportSize();
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    room -= QSize(bar + 2, bar + 2);
    if (room.width() <= 0 || room.height() <= 0) return;
    const double s = std::min({room.width() / bounds.width(), room.height() / bounds.height(), kMaxFitZoom});
    setTransform(QTransform::fromScale(s, s));
    centerOn(bounds.center());
}

bool ArchitectureView::showsWholeScene() const {
    const QRect visible = viewport()->rect();
    for (const QGraphicsItem* item : scene()->items()) {
        if (!item->isVisible()) continue;
        if (!visible.contains(mapFromScene(item->sceneBoundingRect()).boundingRect())) return false;
    }
    return true;
}

void ArchitectureView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        autoFit_ = false;
        scaleBy(std::pow(1.0015, event->angleDelta().y()));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void ArchitectureView::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasFormat(kComponentKindMime)) event->acceptProposedAction();
    else event->ignore();  // a YAML file: the main window opens it
}

void ArchitectureView::dragMoveEvent(QDragMoveEvent* event) {
    if (event->mimeData()->hasFormat(kComponentKindMime)) event->acceptProposedAction();
    else event->ignore();
}

void ArchitectureView::dropEvent(QDropEvent* event) {
    const auto kind = kindFromName(event->mimeData()->data(kComponentKindMime));
    if (!kind) {
        event->ignore();
        return;
    }
    scene_->addComponent(*kind, mapToScene(event->position().toPoint()));
    event->setDropAction(Qt::CopyAction);
    event->accept();
}

void ArchitectureView::drawBackground(QPainter* painter, const QRectF& rect) {
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    painter->fillRect(rect, dark ? pal.color(QPalette::Base).darker(115) : QColor(0xf6, 0xf7, 0xf9));
    // A quiet dot grid: orientation without noise.
    const double step = 24.0;
    QColor dot = dark ? QColor(255, 255, 255, 22) : QColor(0, 0, 0, 26);
    painter->setPen(QPen(dot, 1.6));
    const double left = std::floor(rect.left() / step) * step;
    const double top = std::floor(rect.top() / step) * step;
    if (rect.width() / step * rect.height() / step > 40000) return;
    for (double x = left; x < rect.right(); x += step) {
        for (double y = top; y < rect.bottom(); y += step) painter->drawPoint(QPointF(x, y));
    }
}

}  // namespace headroom::ui
