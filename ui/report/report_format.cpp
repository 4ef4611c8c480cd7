#include "report_format.h"

#include "io/metrics.h"

namespace headroom::report {

// Every figure goes through the model's formatters (io/metrics.h): the report
// prints what the CLI and the desktop print.
QString formatUsers(double users) { return QString::fromStdString(io::formatUsers(users)); }

QString formatDuration(double seconds) { return QString::fromStdString(io::formatDurationText(seconds)); }

QString formatPercent(double ratio) { return QString::fromStdString(io::formatPercent(ratio)); }

QString formatMoney(double amount) { return QString::fromStdString(io::formatMoney(amount)); }

QString formatCheckValue(const QString& metric, double value) {
    return QString::fromStdString(io::formatMetric(metric.toStdString(), value));
}

QString metricName(const QString& metric) {
    const auto& d = io::metric(metric.toStdString());
    return d.label.empty() ? metric : QString::fromUtf8(d.label.data(), static_cast<qsizetype>(d.label.size()));
}

QString escaped(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }
QString escaped(const QString& text) { return text.toHtmlEscaped(); }

}  // namespace headroom::report
