#pragma once
// How the report writes numbers and names: users with thousands separators,
// durations in ms or s, percentages, money, threshold metrics in plain words.
// Independent of the locale so reports are identical on every machine.

#include "stats/results.h"

#include <QString>

namespace headroom::report {

/// 1388 -> "1,388" (rounded to a whole number).
[[nodiscard]] QString formatUsers(double users);
/// Seconds -> "0.8 ms", "12 ms", "1.25 s", "2.1 min".
[[nodiscard]] QString formatDuration(double seconds);
/// 0.8 -> "80%", 0.0012 -> "0.12%".
[[nodiscard]] QString formatPercent(double ratio);
/// 11910 -> "11,910" (currency units, no symbol: the file's own unit).
[[nodiscard]] QString formatMoney(double amount);
/// A figure with its unit as the metric measures it ("p95" -> a duration, ...).
[[nodiscard]] QString formatCheckValue(const QString& metric, double value);
/// "utilization" -> "CPU utilisation", "p95" -> "p95 response time", ...
[[nodiscard]] QString metricName(const QString& metric);
/// Escapes text for the report's rich-text subset (HTML).
[[nodiscard]] QString escaped(const std::string& text);
[[nodiscard]] QString escaped(const QString& text);

}  // namespace headroom::report
