#pragma once
// Small text helpers under the metric formatters (io/metrics.h): grouping
// thousands and printf-style number text. JSON goes through io/json.h.

#include <string>

namespace headroom::io {

/// 12345.6 -> "12,346": rounded to a whole number, thousands separated.
[[nodiscard]] std::string groupThousands(double value);

/// printf-style formatting of one number ("%.1f", "%.3g", ...).
[[nodiscard]] std::string formatNumber(const char* format, double value);

}  // namespace headroom::io
