#include "chart_axis_style.h"

#include "io/text_format.h"

#include <qcustomplot.h>

namespace headroom::ui {

namespace {

class UsersTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override {
        return QString::fromStdString(io::groupThousands(tick));
    }
};

}  // namespace

void setUsersTicks(QCPAxis* axis) { axis->setTicker(QSharedPointer<UsersTicker>::create()); }

void styleChartAxis(QCPAxis* axis, const QFont& font, const QColor& text, const QColor& muted, const QColor& grid) {
    axis->setBasePen(QPen(muted, 1));
    axis->setTickPen(QPen(muted, 1));
    axis->setSubTickPen(QPen(muted, 1));
    axis->setTickLabelFont(font);
    axis->setTickLabelColor(text);
    axis->setLabelFont(font);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 1));
    axis->grid()->setSubGridVisible(false);
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

}  // namespace headroom::ui
