#include "metric_text.h"

#include "io/metrics.h"

#include <QObject>

namespace headroom::ui {

QString breakName(const stats::ThresholdCheck& check) {
    const auto& d = io::metric(check.metric);
    const QString label = d.label.empty() ? QString::fromStdString(check.metric)
                                          : QString::fromUtf8(d.label.data(), static_cast<qsizetype>(d.label.size()));
    if (check.where.empty() || check.where == "system") return label;
    return QObject::tr("%1 at %2").arg(label, QString::fromStdString(check.where));
}

QString comparisonText(const stats::ThresholdCheck& check) { return QString::fromStdString(io::formatComparison(check)); }

QString placedBy(const roadmap::BreakingPoint& point) {
    if (point.method == "rule") return QObject::tr("the availability rule");
    if (point.confirmed) return QObject::tr("confirmed by simulation");
    return QObject::tr("analytic estimate");
}

}  // namespace headroom::ui
