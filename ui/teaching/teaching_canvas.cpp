#include "teaching_canvas.h"

#include "io/metrics.h"

#include "architecture_scene.h"
#include "canvas_layout.h"
#include "component_item.h"
#include "load_colors.h"
#include "request_flow_animator.h"

#include <QDateTime>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

namespace headroom::teaching {

namespace {

QPointF cubic(QPointF a, QPointF c1, QPointF c2, QPointF b, double t) {
    const double u = 1.0 - t;
    return u * u * u * a + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * b;
}

}  // namespace

double TeachingCanvas::queueBarFill(const graph::Component& component, int instances, double present, double utilization) {
    // A request waiting on its callees is present at every caller up the
    // chain (the balancer holds them all), so the count alone puts the
    // fullest bar at the entry while the database breaks. A component is
    // near its limit when its machine is busy, or when its pool (threads or
    // connections, plus the waiting room) fills up.
    double fill = std::isfinite(utilization) ? utilization : 0.0;
    if (component.threads || component.connections) {
        double capacity = component.threads.value_or(component.connections.value_or(0)) + component.maxQueue.value_or(0);
        capacity *= std::max(1, instances);
        fill = std::max(fill, present / std::max(1.0, capacity));
    }
    return std::clamp(fill, 0.0, 1.0);
}

TeachingCanvas::TeachingCanvas(ui::ArchitectureScene* scene, QWidget* parent) : ui::ArchitectureView(scene, parent), scene_(scene) {
    // Teaching mode shows, it does not edit: no dragging, connecting or drops.
    setInteractive(false);
    setAcceptDrops(false);
    setDragMode(QGraphicsView::NoDrag);
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setRenderHint(QPainter::Antialiasing);
    connect(scene_, &QGraphicsScene::sceneRectChanged, this, [this] { fitArchitecture(); });
}

void TeachingCanvas::setAnimator(const RequestFlowAnimator* animator) {
    animator_ = animator;
    viewport()->update();
}

void TeachingCanvas::setBreaking(const QStringList& components, bool broken) {
    breaking_ = components;
    broken_ = broken;
    viewport()->update();
}

void TeachingCanvas::setCaption(const QStringList& lines) {
    caption_ = lines;
    viewport()->update();
}

void TeachingCanvas::setClassNames(const QStringList& names) { classNames_ = names; }

void TeachingCanvas::setTextScale(double scale) {
    textScale_ = scale;
    viewport()->update();
}

void TeachingCanvas::fitArchitecture() {
    QRectF r = scene_->itemsBoundingRect();
    if (r.isEmpty()) return;
    // Room above for the caption and below for the queue bars.
    r.adjust(-30, -60 * textScale_ - 40, 30, 40);
    fitInView(r, Qt::KeepAspectRatio);
    // Never blow small architectures up past 1.6x: cards would look clumsy.
    const double zoom = transform().m11();
    if (zoom > 1.6) {
        const QPointF centre = r.center();
        resetTransform();
        scale(1.6, 1.6);
        centerOn(centre);
    }
}

void TeachingCanvas::resizeEvent(QResizeEvent* event) {
    ui::ArchitectureView::resizeEvent(event);
    fitArchitecture();
}

void TeachingCanvas::keyPressEvent(QKeyEvent* event) {
    // Arrows and Space belong to the walkthrough (the window's shortcuts),
    // not to scrolling the view.
    switch (event->key()) {
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_Space:
            event->ignore();
            return;
        default:
            ui::ArchitectureView::keyPressEvent(event);
    }
}

ui::ComponentItem* TeachingCanvas::itemFor(int component) const {
    if (!animator_ && component >= 0) return nullptr;
    if (component < 0) {
        for (QGraphicsItem* item : scene_->items()) {
            if (auto* c = dynamic_cast<ui::ComponentItem*>(item); c && c->isUsers()) return c;
        }
        return nullptr;
    }
    const auto& comps = animator_->graph().components();
    if (static_cast<std::size_t>(component) >= comps.size()) return nullptr;
    return scene_->componentItem(QString::fromStdString(comps[static_cast<std::size_t>(component)].name));
}

void TeachingCanvas::drawForeground(QPainter* painter, const QRectF& rect) {
    ui::ArchitectureView::drawForeground(painter, rect);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    drawBreaking(painter);
    if (animator_) drawFlow(painter);
    painter->restore();
    drawCaption(painter);
}

void TeachingCanvas::drawBreaking(QPainter* painter) {
    if (breaking_.isEmpty()) return;
    const QColor base = broken_ ? ui::loadColor(ui::LoadLevel::Over) : ui::loadColor(ui::LoadLevel::Elevated);
    // A slow pulse (1.2 s) so the eye finds the component that breaks.
    const double phase = std::fmod(QDateTime::currentMSecsSinceEpoch() / 1200.0, 1.0);
    const double pulse = broken_ ? 0.5 + 0.5 * std::sin(phase * 2 * M_PI) : 0.0;
    for (const QString& id : breaking_) {
        auto* item = scene_->componentItem(id);
        if (!item) continue;
        const QRectF card = item->mapRectToScene(item->cardRect()).adjusted(-6 - 3 * pulse, -6 - 3 * pulse, 6 + 3 * pulse, 6 + 3 * pulse);
        QColor c = base;
        c.setAlphaF(0.9 - 0.4 * pulse);
        painter->setPen(QPen(c, 4, broken_ ? Qt::SolidLine : Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card, 12, 12);
        QFont f = painter->font();
        f.setBold(true);
        f.setPointSizeF(9 * textScale_);
        painter->setFont(f);
        const QString label = broken_ ? tr("breaks here") : tr("breaks first");
        const QFontMetricsF fm(f);
        const QRectF pill(card.left() + 10, card.bottom() - fm.height() / 2 - 2, fm.horizontalAdvance(label) + 16, fm.height() + 4);
        painter->setPen(Qt::NoPen);
        painter->setBrush(base);
        painter->drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
        painter->setPen(Qt::white);
        painter->drawText(pill, Qt::AlignCenter, label);
    }
}

void TeachingCanvas::drawFlow(QPainter* painter) {
    const RequestFlowAnimator& a = *animator_;
    const int n = static_cast<int>(a.graph().components().size());
    QVector<ui::ComponentItem*> items(n + 1, nullptr);
    items[0] = itemFor(-1);
    for (int i = 0; i < n; ++i) items[i + 1] = itemFor(i);
    auto item = [&](int c) { return items[c + 1]; };

    // Bars: how near each component is to its limit (queueBarFill), with the
    // requests present there (estimated from the sample) as the figure.
    QFont small = painter->font();
    small.setPointSizeF(8 * textScale_);
    painter->setFont(small);
    for (int c = 0; c < n; ++c) {
        auto* it = item(c);
        if (!it) continue;
        const graph::Component& comp = a.graph().component(c);
        const double present = a.present(c);
        const double fill = queueBarFill(comp, a.graph().host(comp.host).instances, present, it->utilization());
        const QRectF card = it->mapRectToScene(it->cardRect());
        const QRectF track(card.left(), card.bottom() + 14 + 6 * textScale_, card.width(), 9);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0, 0, 0, 28));
        painter->drawRoundedRect(track, 4, 4);
        if (fill > 0) {  // a busy machine shows, even at an instant with nobody in it
            QRectF bar = track;
            bar.setWidth(std::max(4.0, track.width() * fill));
            painter->setBrush(ui::loadColor(fill > 0.8 ? ui::LoadLevel::Over : fill > 0.4 ? ui::LoadLevel::Elevated : ui::LoadLevel::Normal));
            painter->drawRoundedRect(bar, 4, 4);
        }
        painter->setPen(QColor(0x44, 0x4b, 0x55));
        painter->drawText(QRectF(track.left(), track.bottom() + 1, 2 * track.width(), 16 * textScale_), Qt::AlignLeft | Qt::AlignTop,
                          present > 0 || fill > 0 ? tr("%1 in system").arg(QString::fromStdString(io::formatUsers(std::round(present))))
                                                  : tr("idle"));
    }

    // Tokens.
    for (const FlowToken& t : a.tokens()) {
        auto* from = item(t.from);
        auto* to = item(t.to);
        if (!from || !to) continue;
        const QPointF p0 = from->outPort();
        const QPointF p3 = to->inPort();
        const double dx = std::max(60.0, std::abs(p3.x() - p0.x()) / 2);
        const double progress = std::clamp(t.age / RequestFlowAnimator::kTravelSeconds, 0.0, 1.0);
        const QPointF p = cubic(p0, p0 + QPointF(dx, 0), p3 - QPointF(dx, 0), p3, progress);
        const QColor color = ui::seriesColor(t.requestClass);
        painter->setPen(QPen(color.darker(140), 1.2));
        painter->setBrush(color);
        painter->drawEllipse(p, 6.0, 6.0);
    }

    // Rejections (red cross), timeouts (amber ring), failed user requests (at the users).
    for (const FlowBurst& b : a.bursts()) {
        auto* it = item(b.component);
        if (!it) continue;
        const QRectF card = it->mapRectToScene(it->cardRect());
        const double k = b.age / RequestFlowAnimator::kBurstSeconds;
        QColor c = b.kind == FlowBurst::Kind::TimedOut ? ui::loadColor(ui::LoadLevel::Elevated) : ui::loadColor(ui::LoadLevel::Over);
        c.setAlphaF(std::max(0.0, 1.0 - k));
        const QPointF centre = b.kind == FlowBurst::Kind::Failed ? QPointF(card.right() - 14, card.top() + 14) : QPointF(card.right() - 4, card.top() + 4);
        const double r = 8 + 14 * k;
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(c, 3));
        if (b.kind == FlowBurst::Kind::TimedOut) {
            painter->drawEllipse(centre, r, r);
            painter->drawLine(centre, centre + QPointF(0, -r * 0.6));
            painter->drawLine(centre, centre + QPointF(r * 0.45, 0));
        } else {
            painter->drawLine(centre + QPointF(-r * 0.6, -r * 0.6), centre + QPointF(r * 0.6, r * 0.6));
            painter->drawLine(centre + QPointF(-r * 0.6, r * 0.6), centre + QPointF(r * 0.6, -r * 0.6));
        }
    }
}

void TeachingCanvas::drawCaption(QPainter* painter) {
    if (caption_.isEmpty() && classNames_.isEmpty()) return;
    painter->save();
    painter->resetTransform();  // viewport coordinates from here
    painter->setRenderHint(QPainter::Antialiasing);
    QFont f = font();  // the window's font: already large in the presenter view
    painter->setFont(f);
    const QFontMetricsF fm(f);
    const double pad = 10 * textScale_;
    const double line = fm.height() + 2;
    double width = 0;
    QFont boldFont = f;
    boldFont.setBold(true);
    const QFontMetricsF boldMetrics(boldFont);
    for (int i = 0; i < caption_.size(); ++i)
        width = std::max(width, (i == 0 ? boldMetrics : fm).horizontalAdvance(caption_[i]) + 2);
    double legendWidth = 0;
    if (animator_) {
        for (const QString& s : classNames_) legendWidth += fm.horizontalAdvance(s) + 28 * textScale_;
    }
    width = std::max(width, legendWidth);
    const int rows = static_cast<int>(caption_.size()) + (animator_ && !classNames_.isEmpty() ? 1 : 0);
    if (rows == 0) {
        painter->restore();
        return;
    }
    const QRectF box(12, 12, width + 2 * pad, rows * line + 2 * pad - 2);
    painter->setPen(QPen(QColor(0, 0, 0, 40), 1));
    painter->setBrush(QColor(255, 255, 255, 232));
    painter->drawRoundedRect(box, 8, 8);
    double y = box.top() + pad;
    painter->setPen(QColor(0x22, 0x27, 0x2e));
    for (int i = 0; i < caption_.size(); ++i) {
        QFont lf = f;
        lf.setBold(i == 0);
        painter->setFont(lf);
        painter->drawText(QRectF(box.left() + pad, y, width, line), Qt::AlignLeft | Qt::AlignVCenter, caption_[i]);
        y += line;
    }
    if (animator_ && !classNames_.isEmpty()) {
        painter->setFont(f);
        double x = box.left() + pad;
        for (int i = 0; i < classNames_.size(); ++i) {
            const QColor c = ui::seriesColor(i);
            painter->setPen(QPen(c.darker(140), 1.2));
            painter->setBrush(c);
            painter->drawEllipse(QPointF(x + 6 * textScale_, y + line / 2), 6 * textScale_, 6 * textScale_);
            painter->setPen(QColor(0x22, 0x27, 0x2e));
            painter->drawText(QRectF(x + 16 * textScale_, y, fm.horizontalAdvance(classNames_[i]) + 4, line),
                              Qt::AlignLeft | Qt::AlignVCenter, classNames_[i]);
            x += fm.horizontalAdvance(classNames_[i]) + 28 * textScale_;
        }
    }
    painter->restore();
}

}  // namespace headroom::teaching
