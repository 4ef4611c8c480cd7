#include "chart_widget.h"

#include "roadmap/sweep.h"

#include "load_colors.h"
#include "property_schema.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSvgGenerator>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>
#include <limits>

namespace headroom::ui {

ChartWidget::ChartWidget(const QString& title, QWidget* parent) : QWidget(parent), title_(title) {
    setObjectName(QStringLiteral("chart"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(2);
    auto* top = new QHBoxLayout;
    heading_ = new QLabel(title, this);
    heading_->setObjectName(QStringLiteral("chartTitle"));
    auto* exportButton = new QToolButton(this);
    exportButton->setText(tr("Export…"));
    exportButton->setToolTip(tr("Save this chart as PNG, SVG or PDF"));
    exportButton->setAutoRaise(true);
    connect(exportButton, &QToolButton::clicked, this, &ChartWidget::exportInteractively);
    top->addWidget(heading_);
    top->addStretch(1);
    top->addWidget(exportButton);
    layout->addLayout(top);
    plot_ = new QCustomPlot(this);
    plot_->setMinimumSize(280, 180);
    plot_->setAntialiasedElements(QCP::aeAll);
    plot_->setNoAntialiasingOnDrag(true);
    plot_->setMouseTracking(true);
    layout->addWidget(plot_, 1);

    QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
    ticker->setLogBase(10);
    ticker->setSubTickCount(8);
    plot_->xAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->xAxis->setTicker(ticker);
    plot_->xAxis->setRange(roadmap::kDefaultFromUsers, roadmap::kDefaultTargetUsers);
    plot_->xAxis->setNumberFormat(QStringLiteral("gb"));
    plot_->xAxis->setLabel(tr("users"));
    // The legend in a row of its own under the axis rect, never over the
    // curves (inside the axis rect, any corner is some chart's data: the
    // response time climbs to the top right, utilisation fills the left).
    plot_->legend->setVisible(true);
    plot_->legend->setBrush(Qt::NoBrush);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot_->legend->setWrap(kLegendColumns);
    plot_->legend->setMargins(QMargins(4, 0, 4, 2));
    plot_->legend->setRowSpacing(0);
    plot_->legend->setColumnSpacing(12);
    auto* legendRow = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(1, 0, legendRow);
    legendRow->setMargins(QMargins(0, 0, 0, 0));
    legendRow->addElement(0, 0, plot_->legend);  // taken out of the axis rect's inset layout
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    plot_->plotLayout()->setRowSpacing(0);
    connect(plot_, &QCustomPlot::mouseMove, this, &ChartWidget::showTooltip);
    applyPalette();
}

QCPGraph* ChartWidget::addSeries(const QString& name, const QColor& color, Qt::PenStyle style, bool rightAxis) {
    QCPGraph* graph = plot_->addGraph(plot_->xAxis, rightAxis ? plot_->yAxis2 : plot_->yAxis);
    graph->setName(name);
    graph->setPen(QPen(color, style == Qt::SolidLine ? 2.0 : 1.6, style));
    if (rightAxis) plot_->yAxis2->setVisible(true);
    graphs_.insert(name, graph);
    return graph;
}

void ChartWidget::setSeries(QCPGraph* graph, const QString& name, const QVector<double>& x, const QVector<double>& y) {
    graph->setData(x, y, true);
    QVector<QPointF> points;
    points.reserve(x.size());
    for (int i = 0; i < x.size() && i < y.size(); ++i) points.append(QPointF(x[i], y[i]));
    series_.insert(name, points);
}

void ChartWidget::clearSeries() {
    plot_->clearGraphs();
    graphs_.clear();
    series_.clear();
}

void ChartWidget::setLimit(double value, const QString& label) {
    limit_ = value;
    limitLabel_ = label;
    redrawMarkers();
}

void ChartWidget::setValueAxisLog(bool log) {
    if (log) {
        QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
        plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        plot_->yAxis->setTicker(ticker);
    } else {
        plot_->yAxis->setScaleType(QCPAxis::stLinear);
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
}

void ChartWidget::setValueLabel(const QString& label, const QString& rightLabel) {
    plot_->yAxis->setLabel(label);
    plot_->yAxis2->setLabel(rightLabel);
}

void ChartWidget::setUsersMarker(double users) {
    usersMarker_ = users;
    redrawMarkers();
}

void ChartWidget::setBreakingPoints(const QVector<ChartMarker>& markers) {
    markers_ = markers;
    redrawMarkers();
}

void ChartWidget::redrawMarkers() {
    plot_->clearItems();
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    if (limit_ > 0) {
        auto* line = new QCPItemStraightLine(plot_);
        line->point1->setCoords(1, limit_);
        line->point2->setCoords(1e6, limit_);
        line->setPen(QPen(loadColor(LoadLevel::Over), 1.2, Qt::DashLine));
        auto* label = new QCPItemText(plot_);
        label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        label->position->setTypeY(QCPItemPosition::ptPlotCoords);
        label->position->setCoords(0.99, limit_);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setText(limitLabel_);
        label->setColor(loadColor(LoadLevel::Over));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.85);
        label->setFont(f);
    }
    int row = 0;
    for (const auto& m : std::as_const(markers_)) {
        auto* line = new QCPItemStraightLine(plot_);
        line->point1->setCoords(m.users, 1e-9);
        line->point2->setCoords(m.users, 1e9);
        QColor c = loadColor(LoadLevel::Elevated);
        line->setPen(QPen(c, 1.0, Qt::DotLine));
        auto* label = new QCPItemText(plot_);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(m.users, 0.02 + 0.08 * (row++ % 3));
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setPadding(QMargins(3, 0, 0, 0));
        label->setText(m.label);
        label->setColor(c.darker(110));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.8);
        label->setFont(f);
    }
    if (usersMarker_ > 0) {
        auto* line = new QCPItemStraightLine(plot_);
        line->point1->setCoords(usersMarker_, 1e-9);
        line->point2->setCoords(usersMarker_, 1e9);
        QColor c = pal.color(QPalette::Highlight);
        line->setPen(QPen(c, 1.6));
        auto* label = new QCPItemText(plot_);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(usersMarker_, 0.98);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setPadding(QMargins(4, 0, 0, 2));
        label->setText(formatUsers(usersMarker_));
        label->setColor(c);
    }
    Q_UNUSED(text);
    replot();
}

QRect ChartWidget::legendRect() const { return plot_->legend->outerRect(); }

QRect ChartWidget::dataRect() const { return plot_->axisRect()->rect(); }

QString ChartWidget::formatValue(const QString& series, double value) const {
    Q_UNUSED(series);
    return QString::number(value, 'g', 4);
}

void ChartWidget::showTooltip(QMouseEvent* event) {
    // The nearest data point of any series, within 12 px.
    double best = 12.0 * 12.0;
    QString text;
    for (auto it = graphs_.begin(); it != graphs_.end(); ++it) {
        QCPGraph* graph = it.value();
        if (!graph->visible()) continue;
        for (auto d = graph->data()->constBegin(); d != graph->data()->constEnd(); ++d) {
            const double px = plot_->xAxis->coordToPixel(d->key);
            const double py = graph->valueAxis()->coordToPixel(d->value);
            const double dx = px - event->position().x();
            const double dy = py - event->position().y();
            if (dx * dx + dy * dy < best) {
                best = dx * dx + dy * dy;
                text = QStringLiteral("<b>%1</b><br>%2 users: %3")
                           .arg(it.key().toHtmlEscaped(), formatUsers(d->key), formatValue(it.key(), d->value));
            }
        }
    }
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
}

void ChartWidget::replot() {
    // A hidden chart (another tab) costs nothing until it is shown: the UI
    // thread's budget during a simulation is 100 ms, and four replots of
    // antialiased charts on a slow machine take a good part of it.
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    stale_ = false;
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ChartWidget::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) replot();
}

bool ChartWidget::exportTo(const QString& path, int width, int height) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    plot_->replot(QCustomPlot::rpImmediateRefresh);
    if (suffix == QLatin1String("png")) return plot_->savePng(path, width, height, 2.0);
    if (suffix == QLatin1String("pdf")) return plot_->savePdf(path, width, height);
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(QSize(width, height));
        generator.setViewBox(QRect(0, 0, width, height));
        generator.setTitle(title_);
        QCPPainter painter;
        if (!painter.begin(&generator)) return false;
        plot_->toPainter(&painter, width, height);
        painter.end();
        return QFileInfo(path).size() > 0;
    }
    return false;
}

void ChartWidget::exportInteractively() {
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), title_.toLower().replace(' ', '-') + ".png",
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &selected);
    if (path.isEmpty()) return;
    if (!exportTo(path)) QToolTip::showText(mapToGlobal(QPoint(20, 20)), tr("Could not write %1").arg(path), this);
}

void ChartWidget::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyPalette();
}

void ChartWidget::applyPalette() {
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const QColor background = dark ? pal.color(QPalette::Base) : QColor(Qt::white);
    QColor grid = text;
    grid.setAlpha(dark ? 40 : 28);
    QColor axis = text;
    axis.setAlpha(120);
    plot_->setBackground(background);
    for (QCPAxis* a : {plot_->xAxis, plot_->yAxis, plot_->yAxis2}) {
        a->setBasePen(QPen(axis, 1));
        a->setTickPen(QPen(axis, 1));
        a->setSubTickPen(QPen(axis, 1));
        a->setTickLabelColor(text);
        a->setLabelColor(text);
        a->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
        a->grid()->setSubGridVisible(false);
    }
    plot_->legend->setTextColor(text);
    redrawMarkers();
}

}  // namespace headroom::ui
