#pragma once
// Parsing of quantities with units, shared by the YAML loader, the CLI
// options and the GUI property editor. Each returns nullopt and sets `error`
// to a short reason when the text is not a valid quantity.

#include <optional>
#include <string>
#include <string_view>

namespace headroom::io {

/// "250us", "4ms", "1.5s", "10min", "24h", "14d", "6w" -> seconds. A bare number is an
/// error ("needs a unit") unless it is 0.
[[nodiscard]] std::optional<double> parseDuration(std::string_view text, std::string& error);
/// "0.8" or "80%" -> 0.8. Must lie in [0, 1].
[[nodiscard]] std::optional<double> parseRatio(std::string_view text, std::string& error);
/// "240/s", "1200/min", "3e5/h" -> per second. A bare number is taken as /s.
[[nodiscard]] std::optional<double> parseRate(std::string_view text, std::string& error);
/// A plain finite number ("1e6", "2000").
[[nodiscard]] std::optional<double> parseNumber(std::string_view text, std::string& error);

/// Shortest text that reads back as `seconds` with a unit ("250us", "1.5s").
[[nodiscard]] std::string formatDuration(double seconds);

/// An ISO calendar date ("2027-03-01") -> days since 1970-01-01 (proleptic
/// Gregorian). Rejects impossible dates (2027-02-30) and other forms.
[[nodiscard]] std::optional<int> parseIsoDate(std::string_view text, std::string& error);
/// Days since 1970-01-01 -> "YYYY-MM-DD".
[[nodiscard]] std::string formatIsoDate(int days);
/// Today's date (UTC) as days since 1970-01-01.
[[nodiscard]] int todayDays();

}  // namespace headroom::io
