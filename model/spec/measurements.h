#pragma once
// What a measurements file says (docs/format.md, "Measurements"): the
// figures a load test or monitoring gave at one or more load levels, as
// plain values, each with the FILE:LINE:COL of its row so calibration can
// name the row it cannot use. Values are SI: seconds, per second, ratios.
// Read by io::loadMeasurements; used by calibrate::calibrate.

#include "spec/source_location.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace headroom::spec {

/// One measured number and the row it came from.
struct MeasuredValue {
    double value = 0.0;
    SourceLocation where;
};

/// Every figure measured at one load level (rows sharing a `level`).
struct MeasurementLevel {
    std::string name;     ///< the `level` column as written ("1", "peak")
    SourceLocation where; ///< its first row
    std::optional<MeasuredValue> users;         ///< closed population
    std::optional<MeasuredValue> arrivalRate;   ///< or open arrivals, per second
    std::optional<MeasuredValue> thinkTime;     ///< seconds
    std::optional<MeasuredValue> throughput;    ///< completed user requests per second (all classes)
    std::optional<MeasuredValue> responseTimeMean;
    std::optional<MeasuredValue> p50;
    std::optional<MeasuredValue> p95;
    std::optional<MeasuredValue> p99;
    std::optional<MeasuredValue> errorRate;
    std::map<std::string, MeasuredValue> classThroughput;  ///< by class: requests per second
    std::map<std::string, MeasuredValue> utilization;      ///< by host or component id: busy share per core
    std::map<std::string, MeasuredValue> poolBusy;         ///< by component id: mean busy threads/connections
};

struct Measurements {
    std::string file;
    std::vector<MeasurementLevel> levels;  ///< in order of first appearance
};

}  // namespace headroom::spec
