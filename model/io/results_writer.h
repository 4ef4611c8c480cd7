#pragma once
// Writers for stats::Results: the JSON contract of DESIGN.md, a long-format
// CSV (scope,name,metric,value) and a plain-text table for terminals.
// Writing is separate from computing: these only format what is there.
// Numbers are written with std::to_chars (locale-independent, the same on
// every platform), so equal Results give byte-identical text.

#include "stats/results.h"

#include <string>

namespace headroom::io {

/// The results contract of DESIGN.md; a DES result also carries "events",
/// "wall_seconds", "replications", "seed", "horizon" and "warmup".
/// `includeWallSeconds = false` leaves out the only field that differs
/// between two runs of the same seed.
[[nodiscard]] std::string toJson(const stats::Results& results, bool includeWallSeconds = true);

/// scope,name,metric,value rows: scope is system, component or host.
[[nodiscard]] std::string toCsv(const stats::Results& results);

/// A human-readable summary table.
[[nodiscard]] std::string toTable(const stats::Results& results);

/// The number as JSON writes it: shortest form with 9 significant digits,
/// "null" for NaN or infinity.
[[nodiscard]] std::string formatNumber(double value);

}  // namespace headroom::io
