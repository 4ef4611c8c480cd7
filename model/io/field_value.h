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

}  // namespace headroom::io
