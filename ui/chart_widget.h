#pragma once
// Common frame of the charts (hotspot style: the chart keeps a copy of its
// data as plain values and rebuilds its graphs from it). Users on a log x
// axis over the study's range (roadmap::kDefaultFromUsers..kDefaultTargetUsers), a vertical marker at the slider's users and one
// per breaking point, hover tooltips with the values, export to PNG, SVG or
// PDF. Each chart kind is a subclass in its own file; only the .cpp files
// include qcustomplot.h.

#include "analysis_controller.h"
#include "stats/results.h"

#include <QMap>
#include <QPointF>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QCPAxis;
class QLabel;

namespace headroom::ui {

struct ChartMarker {
    double users = 0;
    QString label;
};

class ChartWidget : public QWidget {
    Q_OBJECT

public:
    explicit ChartWidget(const QString& title, QWidget* parent = nullptr);

    /// The analytic sweep to draw (replaces the previous one).
    virtual void setSweep(const SweepData& sweep) = 0;
    /// A simulation result at one load (kept as a point with its CI).
    virtual void addSimulated(const stats::Results& results) { Q_UNUSED(results); }
    virtual void clearSimulated() {}

    void setUsersMarker(double users);
    void setBreakingPoints(const QVector<ChartMarker>& markers);

    /// Writes the chart; the format follows the suffix (.png, .svg, .pdf).
    bool exportTo(const QString& path, int width = 960, int height = 560);

    /// The drawn data of one series, by name (tests, tooltips).
    [[nodiscard]] QVector<QPointF> series(const QString& name) const { return series_.value(name); }
    [[nodiscard]] QStringList seriesNames() const { return series_.keys(); }
    [[nodiscard]] double usersMarker() const { return usersMarker_; }
    [[nodiscard]] const QVector<ChartMarker>& breakingPoints() const { return markers_; }
    [[nodiscard]] QCustomPlot* plot() const { return plot_; }
    /// Where the legend and the curves' area are drawn (plot pixels, after a
    /// replot): the legend sits outside the data area, never on the curves.
    [[nodiscard]] QRect legendRect() const;
    [[nodiscard]] QRect dataRect() const;
    [[nodiscard]] const QString& title() const { return title_; }

public slots:
    void exportInteractively();

protected:
    /// A line series on the left (or right) value axis.
    QCPGraph* addSeries(const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine, bool rightAxis = false);
    void setSeries(QCPGraph* graph, const QString& name, const QVector<double>& x, const QVector<double>& y);
    void clearSeries();
    /// A horizontal limit line (the SLO) on the left value axis.
    void setLimit(double value, const QString& label);
    void setValueAxisLog(bool log);
    void setValueLabel(const QString& label, const QString& rightLabel = {});
    /// Value formatting in tooltips.
    [[nodiscard]] virtual QString formatValue(const QString& series, double value) const;
    void replot();
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    static constexpr int kLegendColumns = 4;  ///< legend entries per row under the plot
    void applyPalette();
    void showTooltip(QMouseEvent* event);
    void redrawMarkers();

    QString title_;
    QCustomPlot* plot_;
    QLabel* heading_;
    QMap<QString, QVector<QPointF>> series_;
    QMap<QString, QCPGraph*> graphs_;
    QVector<ChartMarker> markers_;
    double usersMarker_ = 0;
    double limit_ = 0;
    QString limitLabel_;
    bool stale_ = false;  ///< data changed while hidden: replot when shown
};

}  // namespace headroom::ui
