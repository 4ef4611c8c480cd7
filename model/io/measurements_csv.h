#pragma once
// The measurements file (long-format CSV, docs/format.md "Measurements"):
//   level,metric,where,class,value
// read into spec::Measurements with FILE:LINE:COL on every row, and written
// back (the import adapters and the tests write it). Strict: an unknown
// metric, a value that is not a finite number, a utilisation above 1, a
// response time that Little's law says cannot be in seconds, a level
// without users (or arrival_rate) or throughput throw spec::InputError
// naming the row (the CLI prints it and exits with code 2).

#include "spec/measurements.h"

#include <string>
#include <vector>

namespace headroom::io {

/// The metric names a measurements file may use, in documentation order.
[[nodiscard]] const std::vector<std::string>& measurementMetrics();

/// Reads and checks a measurements file. Throws spec::InputError.
[[nodiscard]] spec::Measurements loadMeasurements(const std::string& path);
/// Parses measurements CSV text; `fileName` is used in error locations.
[[nodiscard]] spec::Measurements parseMeasurements(const std::string& text, const std::string& fileName);

/// One row of the long format, for writers.
struct MeasurementRow {
    std::string level;
    std::string metric;
    std::string where = "system";
    std::string cls;
    double value = 0.0;
};
/// The CSV text (header + rows; numbers with 9 significant digits).
[[nodiscard]] std::string toMeasurementsCsv(const std::vector<MeasurementRow>& rows);

}  // namespace headroom::io
