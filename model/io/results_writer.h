#pragma once
// Writers for stats::Results: the JSON contract of docs/architecture.md, a long-format
// CSV (scope,name,metric,value) and a plain-text table for terminals.
// Writing is separate from computing: these only format what is there.
// JSON is built with the JSON library (io/json.h); numbers are rounded with
// std::to_chars (locale-independent, the same on every platform), so equal
// Results give byte-identical text.

#include "io/json.h"
#include "stats/results.h"

#include <string>
#include <vector>

namespace headroom::io {

/// The results contract of docs/architecture.md; a DES result also carries "events",
/// "wall_seconds", "replications", "seed", "horizon" and "warmup".
/// `includeWallSeconds = false` leaves out the only field that differs
/// between two runs of the same seed.
[[nodiscard]] std::string toJson(const stats::Results& results, bool includeWallSeconds = true);
/// The same as a JSON value (to embed, e.g. `analyze --sweep`'s array).
[[nodiscard]] Json toJsonValue(const stats::Results& results, bool includeWallSeconds = true);
/// The `thresholds` array: metric, where, value, limit, ok, nature (io/metrics.h), why.
[[nodiscard]] Json thresholdsJson(const std::vector<stats::ThresholdCheck>& checks);

/// scope,name,metric,value rows: scope is system, component or host.
[[nodiscard]] std::string toCsv(const stats::Results& results);

/// A human-readable summary table.
[[nodiscard]] std::string toTable(const stats::Results& results);

/// The number as JSON writes it: shortest form with 9 significant digits,
/// "null" for NaN or infinity.
[[nodiscard]] std::string formatNumber(double value);

}  // namespace headroom::io
