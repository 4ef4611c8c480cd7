#pragma once
// Small text helpers shared by every writer (results, roadmap, report,
// teaching mode): numbers for people and strings for JSON.

#include <string>

namespace headroom::io {

/// 12345.6 -> "12,346": rounded to a whole number, thousands separated.
[[nodiscard]] std::string groupThousands(double value);

/// printf-style formatting of one number ("%.1f", "%.3g", ...).
[[nodiscard]] std::string formatNumber(const char* format, double value);

/// A JSON string literal: quoted, with quotes, backslashes and control
/// characters escaped.
[[nodiscard]] std::string jsonString(const std::string& text);

}  // namespace headroom::io
