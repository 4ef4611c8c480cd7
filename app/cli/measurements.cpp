// headroom-cli measurements import --from TOOL FILE: a load-test or
// monitoring tool's own output as the measurements long format
// (io/measurement_import.h), for `headroom-cli calibrate --measurements`.
#include "cli/cli.h"

#include "io/measurement_import.h"

#include "io/units.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

namespace headroom::cli {
namespace {

int runMeasurements(const std::vector<std::string>& rawArgs) {
    std::vector<std::string> args;
    for (const auto& a : rawArgs) args.push_back(a == "-o" ? std::string("--output") : a);
    Options options(args, {"from", "level", "think-time", "metric", "where", "output"}, {"labels-as-classes", "no-header"});
    if (options.positional().size() != 2 || options.positional()[0] != "import")
        throw UsageError("usage: measurements import --from k6|jmeter|prometheus|pgbench FILE");
    const std::string tool = options.choice("from", io::importTools(), "");
    if (tool.empty()) throw UsageError("measurements import needs --from k6|jmeter|prometheus|pgbench");
    io::ImportOptions o;
    if (auto level = options.value("level")) o.level = *level;
    if (auto z = options.value("think-time")) {
        std::string error;
        auto seconds = io::parseNumber(*z, error);
        if (!seconds) seconds = options.duration("think-time");
        o.thinkTime = seconds;
    }
    if (auto metric = options.value("metric")) {
        const auto& metrics = io::measurementMetrics();
        if (std::find(metrics.begin(), metrics.end(), *metric) == metrics.end()) throw UsageError("--metric: unknown metric '" + *metric + "'");
        o.metric = *metric;
    }
    if (auto where = options.value("where")) o.where = *where;
    o.labelsAsClasses = options.flag("labels-as-classes");
    const std::string file = options.positional()[1];
    std::ifstream in(file, std::ios::binary);
    if (!in) throw spec::InputError(spec::SourceLocation{file, 0, 0}, "cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    const auto rows = io::importMeasurements(tool, text.str(), file, o);
    std::string csv = io::toMeasurementsCsv(rows);
    if (options.flag("no-header")) csv = csv.substr(csv.find('\n') + 1);
    // What we write must read back: the same checks as calibrate's input.
    if (!options.flag("no-header")) (void)io::parseMeasurements(csv, file);
    if (auto out = options.value("output")) {
        std::ofstream o2(*out, std::ios::binary);
        if (!o2) throw UsageError("cannot write " + *out);
        o2 << csv;
    } else {
        std::cout << csv;
    }
    return kOk;
}

const Registration registration{Command{
    "measurements", "convert k6, JMeter, Prometheus or pgbench output to measurements CSV",
    "Usage: headroom-cli measurements import --from k6|jmeter|prometheus|pgbench FILE\n"
    "                                        [--level L] [--think-time T] [-o OUT.csv]\n"
    "                                        [--metric M --where ID] [--labels-as-classes] [--no-header]\n"
    "\n"
    "Writes one load level of the measurements long format (level,metric,where,\n"
    "class,value; docs/format.md, \"Measurements\") from a tool's own output:\n"
    "  k6          the JSON of k6 run --summary-export=FILE (vus, http_reqs rate,\n"
    "              http_req_duration avg/med/p(95)/p(99), http_req_failed)\n"
    "  jmeter      a JTL results file in CSV with its header (throughput over the\n"
    "              samples' span, elapsed percentiles, success, allThreads)\n"
    "  prometheus  a query_range JSON response: the mean of its samples as one\n"
    "              --metric (default utilization) at --where (a host or component)\n"
    "  pgbench     the report pgbench prints (clients, tps, latency average less\n"
    "              --think-time, failed transactions)\n"
    "\n"
    "  --level L          the level's label (default 1); concatenate levels with\n"
    "                     --no-header on all but the first\n"
    "  --think-time T     the think time the test used (seconds or a duration)\n"
    "  --labels-as-classes  jmeter: also throughput per sampler label as a class\n",
    runMeasurements}};

}  // namespace
}  // namespace headroom::cli
