#include "timeline_view.h"

#include <qcustomplot.h>

#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

namespace headroom::ui {

TimelineView::TimelineView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    setObjectName(QStringLiteral("timelineView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setMouseTracking(true);
    plot_->installEventFilter(this);
    plot_->setNoAntialiasingOnDrag(true);
    plot_->setAntialiasedElements(QCP::aeAll);
}

QWidget* TimelineView::plotWidget() const { return plot_; }

void TimelineView::setRoadmap(const roadmap::Roadmap& plan) {
    timeline_ = timelineOf(plan);
    hovered_ = -1;
    redraw();
}

void TimelineView::clear() {
    timeline_.reset();
    hovered_ = -1;
    redraw();
}

void TimelineView::redraw() {
    if (!timeline_) {
        plot_->clearItems();
        plot_->clearPlottables();
        plot_->replot();
        return;
    }
    TimelineStyle style;
    const QPalette pal = palette();
    style.font = font();
    style.font.setPointSizeF(style.font.pointSizeF() * 0.9);
    style.text = pal.color(QPalette::Text);
    style.muted = style.text;
    style.muted.setAlphaF(0.6f);
    style.grid = pal.color(QPalette::Mid);
    style.grid.setAlphaF(0.35f);
    style.background = pal.color(QPalette::Base);
    style.cost = pal.color(QPalette::Text);
    style.hovered = hovered_;
    drawTimeline(*plot_, *timeline_, style);
}

int TimelineView::phaseAt(QPoint position) const {
    if (!timeline_) return -1;
    const int bar = barAt(*plot_, plot_->mapFrom(this, position));
    return bar < 0 ? -1 : timeline_->bars[static_cast<size_t>(bar)].phase;
}

void TimelineView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) redraw();
}

void TimelineView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Labels are placed in pixels (inside a bar or beside it): place them again.
    plot_->resize(size());
    redraw();
}

bool TimelineView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == plot_ && timeline_) {
        if (event->type() == QEvent::MouseMove) {
            const auto* mouse = static_cast<QMouseEvent*>(event);
            const int bar = barAt(*plot_, mouse->position());
            if (bar != hovered_) {
                hovered_ = bar;
                redraw();
            }
            if (bar >= 0) QToolTip::showText(mouse->globalPosition().toPoint(), timeline_->bars[static_cast<size_t>(bar)].toolTip, plot_);
            else QToolTip::hideText();
        } else if (event->type() == QEvent::MouseButtonPress) {
            const auto* mouse = static_cast<QMouseEvent*>(event);
            const int bar = barAt(*plot_, mouse->position());
            if (bar >= 0) emit phaseActivated(timeline_->bars[static_cast<size_t>(bar)].phase);
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace headroom::ui
