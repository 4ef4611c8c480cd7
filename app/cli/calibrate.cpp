// headroom-cli calibrate FILE --measurements M.csv: the demands of FILE
// estimated from measured levels (model/calibrate), the calibrated YAML
// written with -o, and measured against predicted at every level.
#include "cli/cli.h"

#include "calibrate/calibration.h"
#include "io/json.h"
#include "io/measurements_csv.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace headroom::cli {
namespace {

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw spec::InputError(spec::SourceLocation{path, 0, 0}, "cannot open the file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string number(double v, const char* f = "%.4g") {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string duration(double seconds) {
    if (seconds == 0.0) return "0s";
    if (std::abs(seconds) < 1e-3) return number(seconds * 1e6, "%.3g") + "us";
    if (std::abs(seconds) < 1.0) return number(seconds * 1e3, "%.3g") + "ms";
    return number(seconds, "%.3g") + "s";
}

std::string interval(const stats::Interval& ci) {
    std::string out = "[";
    out.append(duration(ci.low)).append(", ").append(duration(ci.high)).append("]");
    return out;
}

std::string figure(const std::string& metric, double v) {
    if (metric == "throughput") return number(v, "%.4g") + "/s";
    if (metric == "utilization") return number(v * 100.0, "%.1f") + "%";
    return duration(v);
}

using calibrate::relativeError;

std::string percent(const std::optional<double>& e) {
    if (!e) return "-";
    return number(*e * 100.0, "%+.1f") + "%";
}

std::string pad(const std::string& s, size_t width) {
    std::string out = s;
    out.append(s.size() >= width ? 1 : width - s.size(), ' ');
    return out;
}

int runCalibrate(const std::vector<std::string>& rawArgs) {
    std::vector<std::string> args;
    for (const auto& a : rawArgs) args.push_back(a == "-o" ? std::string("--output") : a);
    Options options(args, {"measurements", "output", "format", "seed"}, {"no-des", "constant"});
    if (options.positional().size() != 1) throw UsageError("calibrate needs exactly one FILE");
    const auto measurementsPath = options.value("measurements");
    if (!measurementsPath) throw UsageError("calibrate needs --measurements M.csv");
    const std::string format = options.choice("format", {"table", "json"}, "table");
    const std::string file = options.positional().front();

    const Loaded loaded = loadArchitecture(file);
    const std::string text = readText(file);
    const spec::Measurements measurements = io::loadMeasurements(*measurementsPath);

    calibrate::CalibrationOptions calibrationOptions;
    calibrationOptions.allowLoadDependent = !options.flag("constant");
    const calibrate::Calibration result = calibrate::calibrate(loaded.spec, measurements, calibrationOptions);
    calibrate::PredictOptions predictOptions;
    predictOptions.des = !options.flag("no-des");
    if (auto seed = options.integer("seed", 0)) predictOptions.seed = static_cast<std::uint64_t>(*seed);
    const auto comparisons = calibrate::predict(result.calibrated, measurements, predictOptions);

    if (const auto out = options.value("output")) {
        const std::string yaml = calibrate::calibratedYaml(text, loaded.spec, result, *measurementsPath);
        std::ofstream o(*out, std::ios::binary);
        if (!o) throw UsageError("cannot write " + *out);
        o << yaml;
    }

    if (format == "json") {
        io::Json j;
        j["architecture"] = loaded.spec.name;
        j["measurements"] = *measurementsPath;
        j["output"] = options.value("output") ? io::Json(*options.value("output")) : io::Json(nullptr);
        io::Json demands = io::Json::array();
        for (const auto& d : result.demands) {
            io::Json e;
            e["component"] = d.component;
            e["class"] = d.cls.empty() ? io::Json(nullptr) : io::Json(d.cls);
            e["kind"] = d.wakeup ? "wakeup" : "demand";
            e["host"] = d.host;
            e["value"] = io::jsonNumber(d.estimate.value, 6);
            e["ci95"] = d.estimate.ci95 ? io::Json::array({io::jsonNumber(d.estimate.ci95->low, 6), io::jsonNumber(d.estimate.ci95->high, 6)})
                                        : io::Json(nullptr);
            demands.push_back(e);
        }
        j["demands"] = demands;
        io::Json hosts = io::Json::array();
        for (const auto& h : result.hosts) {
            io::Json e;
            e["host"] = h.host;
            e["calibrated"] = h.calibrated;
            e["equations"] = h.equations;
            e["unknowns"] = h.unknowns;
            e["form"] = h.loadDependent ? "load_dependent" : "constant";
            e["rms_residual"] = io::jsonNumber(h.rmsResidual, 4);
            e["relative_residual"] = io::jsonNumber(h.relativeResidual, 4);
            e["aicc_constant"] = io::jsonNumber(h.aiccConstant, 6);
            e["aicc_load_dependent"] = io::jsonNumber(h.aiccLoadDependent, 6);
            e["wakeup_after"] = io::jsonNumber(h.wakeupAfter, 9);
            e["why"] = h.why;
            e["host_rows_not_fitted"] = h.hostRowsNotFitted;
            hosts.push_back(e);
        }
        j["hosts"] = hosts;
        if (result.delay) {
            io::Json e;
            e["component"] = result.delayComponent;
            e["value"] = io::jsonNumber(result.delay->value, 6);
            e["ci95"] = result.delay->ci95 ? io::Json::array({io::jsonNumber(result.delay->ci95->low, 6), io::jsonNumber(result.delay->ci95->high, 6)})
                                           : io::Json(nullptr);
            e["levels"] = result.delayLevels;
            j["delay"] = e;
        } else {
            j["delay"] = nullptr;
        }
        io::Json levels = io::Json::array();
        for (const auto& c : comparisons) {
            io::Json e;
            e["level"] = c.level;
            e[c.open ? "arrival_rate" : "users"] = io::jsonNumber(c.load, 9);
            io::Json figures = io::Json::array();
            for (const auto& f : c.figures) {
                io::Json g;
                g["metric"] = f.metric;
                g["where"] = f.where;
                g["measured"] = io::jsonNumber(f.measured, 6);
                g["analytic"] = io::jsonNumber(f.analytic, 6);
                g["analytic_error"] = io::jsonNumber(relativeError(f.measured, f.analytic), 4);
                g["des"] = io::jsonNumber(f.des, 6);
                g["des_error"] = f.des ? io::jsonNumber(relativeError(f.measured, *f.des), 4) : io::Json(nullptr);
                figures.push_back(g);
            }
            e["figures"] = figures;
            levels.push_back(e);
        }
        j["levels"] = levels;
        j["notes"] = result.notes;
        std::cout << io::dumpJson(j);
        return kOk;
    }

    std::cout << "Calibration of " << file << " from " << *measurementsPath << " (" << measurements.levels.size() << " levels)\n\n";
    std::cout << pad("estimate", 26) << pad("host", 12) << pad("value", 10) << "95% CI\n";
    for (const auto& d : result.demands) {
        std::string name = d.component;
        if (d.wakeup) name.append(" wakeup");
        else if (d.cls.empty()) name.append(" demand");
        else name.append("/").append(d.cls);
        std::cout << pad(name, 26) << pad(d.host, 12) << pad(duration(d.estimate.value), 10)
                  << (d.estimate.ci95 ? interval(*d.estimate.ci95) : std::string("- (as many rows as unknowns)"))
                  << '\n';
    }
    std::cout << '\n';
    for (const auto& h : result.hosts) {
        if (!h.calibrated) {
            std::cout << "host " << h.host << ": " << h.why << '\n';
            continue;
        }
        std::cout << "host " << h.host << ": " << h.equations << " rows, " << h.unknowns << " unknowns, rms residual "
                  << number(h.rmsResidual * 100.0, "%.2g") << " points of utilisation (" << number(h.relativeResidual * 100.0, "%.2g")
                  << "%); " << h.why << '\n';
    }
    if (result.delay) {
        std::cout << "non-CPU delay: " << duration(result.delay->value)
                  << (result.delay->ci95 ? " " + interval(*result.delay->ci95) : std::string())
                  << " per request, as latency on " << result.delayComponent << " (from " << result.delayLevels << " levels)\n";
    }
    for (const auto& n : result.notes) std::cout << "note: " << n << '\n';
    std::cout << "\nMeasured against predicted\n";
    std::cout << pad("level", 8) << pad("metric", 20) << pad("where", 10) << pad("measured", 11) << pad("analytic", 11) << pad("error", 8)
              << pad("des", 11) << "error\n";
    for (const auto& c : comparisons) {
        for (const auto& f : c.figures) {
            std::cout << pad(c.level, 8) << pad(f.metric, 20) << pad(f.where, 10) << pad(figure(f.metric, f.measured), 11)
                      << pad(figure(f.metric, f.analytic), 11) << pad(percent(relativeError(f.measured, f.analytic)), 8)
                      << pad(f.des ? figure(f.metric, *f.des) : "-", 11)
                      << percent(f.des ? relativeError(f.measured, *f.des) : std::nullopt) << '\n';
        }
    }
    if (const auto out = options.value("output")) std::cout << "\nwrote " << *out << '\n';
    return kOk;
}

const Registration registration{Command{
    "calibrate", "estimate demands from measured load levels (and check them)",
    "Usage: headroom-cli calibrate FILE --measurements M.csv [-o OUT.yaml]\n"
    "                              [--format table|json] [--constant] [--no-des] [--seed S]\n"
    "\n"
    "Estimates each component's CPU demand per class from the utilisation law\n"
    "across the measured levels and classes (non-negative least squares over\n"
    "U_host = sum of X_class x visits x demand over the host's components), with\n"
    "a 95% confidence interval and the residual; chooses per host a constant or\n"
    "a load-dependent demand (the wakeup key, and wakeup_after: the quiet spell\n"
    "after which a visit pays it, searched on a grid) by the corrected Akaike\n"
    "criterion;\n"
    "estimates the non-CPU delay from the mean response times (latency on the\n"
    "entry component); then solves every measured level (analytic, and a short\n"
    "simulation) and prints measured against predicted with the error of each.\n"
    "M.csv is the long format level,metric,where,class,value (docs/format.md,\n"
    "\"Measurements\"); 'headroom-cli measurements import' makes it from k6,\n"
    "JMeter, Prometheus or pgbench output.\n"
    "\n"
    "  -o, --output OUT.yaml  write the calibrated architecture: FILE with only the\n"
    "                   estimated values changed, its comments kept, and a comment\n"
    "                   on each saying where the number came from\n"
    "  --constant       constant demands only (no load-dependent form)\n"
    "  --no-des         predict with the analytic solver only\n"
    "  --seed S         the simulation's seed (default 1)\n"
    "  --format F       table (default) or json\n",
    runCalibrate}};

}  // namespace
}  // namespace headroom::cli
