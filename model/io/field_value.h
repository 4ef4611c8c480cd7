#pragma once
// A value of one key of the format (spec/field_table.h) read from text and
// written back, by the key's type and unit, with the key's bounds: the loader,
// the YAML writer and the editor's property panel all go through here, so a
// value one accepts the others accept, and a refusal reads the same everywhere.

#include "spec/field_table.h"

#include <optional>
#include <string>
#include <string_view>

namespace headroom::io {

/// Parses `text` as a value of `field` (a count, number, duration, ratio or
/// rate) and checks it against the field's bounds. On failure returns nullopt
/// and sets `error` to the loader's message without location, e.g.
/// "'think_time': duration '8' needs a unit (us, ms, s, min, h)" or
/// "'cores' must be at most 1024, got 2000".
[[nodiscard]] std::optional<double> parseFieldValue(const spec::Field& field, std::string_view text, std::string& error);

/// The same, without the bounds (types and units only).
[[nodiscard]] std::optional<double> parseFieldType(const spec::Field& field, std::string_view text, std::string& error);

/// `value` written the way the YAML writer writes a value of `field`:
/// "4ms" (duration), "80%" (ratio), "240/s" (rate), "2000" (count, number).
[[nodiscard]] std::string formatFieldValue(const spec::Field& field, double value);

// ---- Uncertain values (issue 20): `20ms ± 30%`, `{low: 15ms, high: 30ms}` ----

/// A value written as a range, in the key's SI unit.
struct UncertainRange {
    double low = 0.0;
    double high = 0.0;
};

/// True when `text` is written `CENTER ± SPREAD` (or `CENTER +- SPREAD`).
[[nodiscard]] bool isPlusMinus(std::string_view text);

/// Parses `CENTER ± P%` (relative: low = CENTER x (1 - P/100)) or
/// `CENTER ± SPREAD` (SPREAD in the key's unit) for `field`, and checks the
/// range (uncertainRangeError). nullopt and `error` set on failure.
[[nodiscard]] std::optional<UncertainRange> parsePlusMinus(const spec::Field& field, std::string_view text,
                                                           std::string& error);

/// "" when [low, high] is a valid range of `field`: low <= high and both
/// ends within the key's bounds; otherwise the reason, naming the key.
[[nodiscard]] std::string uncertainRangeError(const spec::Field& field, double low, double high);

// ---- end uncertain values ----

}  // namespace headroom::io
