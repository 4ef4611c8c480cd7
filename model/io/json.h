#pragma once
// JSON through one well-kept library (nlohmann::json, Debian's
// nlohmann-json3-dev): every JSON the project writes or reads is built as a
// value here and dumped by the library, never concatenated by hand. Keys
// keep the contract's order (ordered_json). Numbers are rounded to a fixed
// count of significant digits before they go in, so outputs are stable and
// short; whole numbers print without a fraction; NaN and infinity become null.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace headroom::io {

using Json = nlohmann::ordered_json;

/// `value` rounded to `significant` digits (whole numbers as integers; null when not finite).
[[nodiscard]] Json jsonNumber(double value, int significant = 9);
[[nodiscard]] Json jsonNumber(const std::optional<double>& value, int significant = 9);
/// A users count: rounded to a whole number.
[[nodiscard]] Json jsonUsers(double users);
/// The document as text: two-space indent, a newline at the end, UTF-8 kept.
[[nodiscard]] std::string dumpJson(const Json& value);

}  // namespace headroom::io
