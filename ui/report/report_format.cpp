#include "report_format.h"

#include <cmath>

namespace headroom::report {

QString formatUsers(double users) {
    if (!std::isfinite(users)) return QStringLiteral("–");
    const long long n = std::llround(users);
    QString digits = QString::number(n < 0 ? -n : n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, QLatin1Char(','));
    return n < 0 ? QLatin1Char('-') + digits : digits;
}

QString formatDuration(double seconds) {
    if (!std::isfinite(seconds)) return QStringLiteral("–");
    const double ms = seconds * 1000.0;
    if (ms < 1.0) return QString::number(ms, 'f', 2) + QStringLiteral(" ms");
    if (ms < 10.0) return QString::number(ms, 'f', 1) + QStringLiteral(" ms");
    if (ms < 1000.0) return QString::number(ms, 'f', 0) + QStringLiteral(" ms");
    if (seconds < 10.0) {  // "1.25 s", "8 s": no trailing zeros
        QString text = QString::number(seconds, 'f', 2);
        while (text.endsWith(QLatin1Char('0'))) text.chop(1);
        if (text.endsWith(QLatin1Char('.'))) text.chop(1);
        return text + QStringLiteral(" s");
    }
    if (seconds < 120.0) return QString::number(seconds, 'f', 1) + QStringLiteral(" s");
    return QString::number(seconds / 60.0, 'f', 1) + QStringLiteral(" min");
}

QString formatPercent(double ratio) {
    if (!std::isfinite(ratio)) return QStringLiteral("–");
    const double p = ratio * 100.0;
    if (p != 0.0 && std::abs(p) < 1.0) return QString::number(p, 'f', 2) + QLatin1Char('%');
    if (std::abs(p) < 10.0 && std::abs(p - std::round(p)) > 0.05) return QString::number(p, 'f', 1) + QLatin1Char('%');
    return QString::number(p, 'f', 0) + QLatin1Char('%');
}

QString formatMoney(double amount) { return formatUsers(amount); }

QString formatCheckValue(const QString& metric, double value) {
    if (metric == QLatin1String("p95") || metric == QLatin1String("p99") || metric == QLatin1String("query_time") ||
        metric == QLatin1String("consumer_lag")) {
        return formatDuration(value);
    }
    if (metric == QLatin1String("cost_month")) return formatMoney(value);
    // One decimal: a value just over its limit must not read "80% vs 80%".
    if (std::isfinite(value) && value >= 0.1) return QString::number(value * 100.0, 'f', 1) + QLatin1Char('%');
    return formatPercent(value);
}

QString metricName(const QString& metric) {
    if (metric == QLatin1String("utilization")) return QStringLiteral("CPU utilisation");
    if (metric == QLatin1String("pool")) return QStringLiteral("pool wait (threads/connections)");
    if (metric == QLatin1String("p95")) return QStringLiteral("p95 response time");
    if (metric == QLatin1String("p99")) return QStringLiteral("p99 response time");
    if (metric == QLatin1String("error_rate")) return QStringLiteral("error rate");
    if (metric == QLatin1String("cache_hit_ratio")) return QStringLiteral("cache hit ratio");
    if (metric == QLatin1String("query_time")) return QStringLiteral("query time (data growth)");
    if (metric == QLatin1String("consumer_lag")) return QStringLiteral("queue consumer lag");
    if (metric == QLatin1String("cost_month")) return QStringLiteral("monthly cost");
    return metric;
}

QString escaped(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }
QString escaped(const QString& text) { return text.toHtmlEscaped(); }

}  // namespace headroom::report
