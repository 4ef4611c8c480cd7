#pragma once
// Adapters from load-test and monitoring tools' own outputs to the
// measurements long format (io/measurements_csv.h, docs/format.md
// "Measurements"): one load level per file.
//  - k6: the end-of-test summary written by `k6 run --summary-export=FILE`
//    (JSON: metrics.http_reqs.rate, metrics.http_req_duration.{avg, med,
//    p(95), p(99)} in ms, metrics.vus(_max), metrics.http_req_failed.value).
//  - jmeter: a JTL results file in CSV with its header (timeStamp, elapsed,
//    success, allThreads, label, ...): throughput = samples / (last end -
//    first start), times from `elapsed` (ms), users = most allThreads.
//  - prometheus: a `query_range` response (JSON, resultType matrix): the
//    mean of every sample of every series, as one metric at one place
//    (`--metric utilization --where vm1`).
//  - pgbench: the report pgbench prints at the end of a run (number of
//    clients, tps, latency average, failed transactions).
// Bad input throws spec::InputError naming the file (and line where known).

#include "io/measurements_csv.h"

#include <optional>
#include <string>
#include <vector>

namespace headroom::io {

struct ImportOptions {
    std::string level = "1";
    std::optional<double> thinkTime;   ///< seconds; tools rarely report it
    std::string metric = "utilization";  ///< prometheus: what the series measure
    std::string where = "system";        ///< prometheus: host or component id
    bool labelsAsClasses = false;        ///< jmeter: throughput per label as a class
};

/// `tool` is k6 | jmeter | prometheus | pgbench. Throws spec::InputError.
[[nodiscard]] std::vector<MeasurementRow> importMeasurements(const std::string& tool, const std::string& text,
                                                             const std::string& fileName, const ImportOptions& options);

/// The tools importMeasurements knows.
[[nodiscard]] const std::vector<std::string>& importTools();

}  // namespace headroom::io
