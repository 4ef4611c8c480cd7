// headroom-cli analyze FILE: the analytic solver (exact MVA-equivalent for
// closed workloads, open-network formulas for arrival rates, bounds).
#include "cli/cli.h"

#include "analytic/solver.h"
#include "io/results_writer.h"
#include "roadmap/thresholds.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace headroom::cli {
namespace {

struct SweepRange {
    double from = 0.0;
    double to = 0.0;
    int points = 50;
};

SweepRange parseSweep(const std::string& text) {
    SweepRange range;
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ':');) parts.push_back(part);
    if (parts.size() < 2 || parts.size() > 3) throw UsageError("--sweep takes FROM:TO[:POINTS], e.g. 100:100000:50");
    auto toNumber = [&](const std::string& s) {
        try {
            size_t used = 0;
            const double v = std::stod(s, &used);
            if (used != s.size() || !std::isfinite(v)) throw std::invalid_argument(s);
            return v;
        } catch (const std::exception&) {
            throw UsageError("--sweep: '" + s + "' is not a number");
        }
    };
    range.from = toNumber(parts[0]);
    range.to = toNumber(parts[1]);
    if (parts.size() == 3) {
        const double p = toNumber(parts[2]);
        if (p < 1 || p > 1e6 || p != std::floor(p)) throw UsageError("--sweep: POINTS must be a whole number from 1 to 1000000");
        range.points = static_cast<int>(p);
    }
    if (!(range.from >= 1) || !(range.to >= range.from) || range.to > 1e9) {
        throw UsageError("--sweep: needs 1 <= FROM <= TO <= 1e9 users");
    }
    return range;
}

std::string boundsNote(const graph::Graph& graph, double users) {
    const analytic::GraphBounds b = analytic::bounds(graph, users);
    std::ostringstream out;
    out.precision(4);
    if (b.bottleneck.empty()) return "bounds: no queueing station, throughput grows with users";
    out << "bounds: X <= min(N / " << (b.bounds.totalDemand + b.bounds.thinkTime) << " s, " << 1.0 / b.bounds.maxDemandPerServer
        << "/s); knee N* = " << b.bounds.knee << " users; bottleneck " << b.bottleneck << " ("
        << b.bottleneckDemand * 1000.0 << " ms per request per core)";
    return out.str();
}

double bottleneckUtilization(const stats::Results& r) {
    double u = 0.0;
    for (const auto& h : r.hosts) u = std::max(u, h.utilization);
    return u;
}

void writeSweep(const std::vector<stats::Results>& results, const std::string& format) {
    if (format == "json") {
        io::Json all = io::Json::array();
        for (const auto& r : results) all.push_back(io::toJsonValue(r));
        std::cout << io::dumpJson(all);
        return;
    }
    if (format == "csv") {
        std::cout << "users,throughput,response_time,p95,p99,max_host_utilization,saturated\n";
        for (const auto& r : results) {
            std::cout << io::formatNumber(r.users.value_or(0)) << ',' << io::formatNumber(r.throughput) << ','
                      << io::formatNumber(r.responseTime.mean) << ',' << io::formatNumber(r.responseTime.p95.value_or(0)) << ','
                      << io::formatNumber(r.responseTime.p99.value_or(0)) << ',' << io::formatNumber(bottleneckUtilization(r)) << ','
                      << (r.saturated ? "true" : "false") << '\n';
        }
        return;
    }
    std::cout << std::setw(10) << "users" << std::setw(14) << "throughput/s" << std::setw(12) << "mean ms" << std::setw(12)
              << "p95 ms*" << std::setw(12) << "max util" << "  saturated\n";
    std::cout << std::fixed;
    for (const auto& r : results) {
        std::cout << std::setw(10) << std::setprecision(0) << r.users.value_or(0) << std::setw(14) << std::setprecision(2)
                  << r.throughput << std::setw(12) << std::setprecision(2) << r.responseTime.mean * 1000.0 << std::setw(12)
                  << r.responseTime.p95.value_or(0) * 1000.0 << std::setw(11) << std::setprecision(1)
                  << bottleneckUtilization(r) * 100.0 << "%  " << (r.saturated ? "yes" : "no") << '\n';
    }
    std::cout << "* percentiles are approximate (gamma fit of the analytic means)\n";
}

int runAnalyze(const std::vector<std::string>& args) {
    Options options(args, {"users", "arrival-rate", "sweep", "format"}, {});
    if (options.positional().size() != 1) throw UsageError("analyze needs exactly one FILE");
    const std::string format = options.choice("format", {"table", "json", "csv"}, "table");
    const auto users = options.number("users");
    const auto rate = options.rate("arrival-rate");
    const auto sweepText = options.value("sweep");
    if ((users ? 1 : 0) + (rate ? 1 : 0) + (sweepText ? 1 : 0) > 1) {
        throw UsageError("give one of --users, --arrival-rate, --sweep");
    }
    graph::Graph graph = withLoad(loadGraph(options.positional().front()), users, rate);
    if (sweepText) {
        const SweepRange range = parseSweep(*sweepText);
        if (graph.isOpen()) {
            graph = withLoad(graph, range.from, std::nullopt);  // a sweep is over users: drop the arrival rate
        }
        const auto grid = analytic::logGrid(range.from, range.to, range.points);
        writeSweep(analytic::sweep(graph, grid), format);
        return kOk;
    }
    if (!graph.isOpen() && !graph.workload().users) throw UsageError("the workload has no users: give --users N or --arrival-rate R");
    stats::Results result = analytic::solve(graph);
    result.thresholds = roadmap::checkThresholds(graph, result);
    if (!graph.isOpen()) result.notes.push_back(boundsNote(graph, *graph.workload().users));
    if (format == "json") std::cout << io::toJson(result);
    else if (format == "csv") std::cout << io::toCsv(result);
    else std::cout << io::toTable(result);
    return kOk;
}

const Registration registration{Command{
    "analyze", "solve a model analytically (exact MVA-equivalent, open networks, bounds): instant",
    "Usage: headroom-cli analyze FILE [--users N | --arrival-rate R | --sweep FROM:TO[:POINTS]]\n"
    "                              [--format table|json|csv]\n"
    "\n"
    "Solves FILE with the analytic solver (docs/methods.md, \"Analytic solver\"):\n"
    "a closed workload (users + think time) exactly for product-form models, an\n"
    "open one (--arrival-rate, e.g. 240/s) with M/M/c, M/M/c/K and M/G/1 formulas.\n"
    "Percentiles are approximate (gamma fit). Notes say where the model is not\n"
    "product-form and the figures are approximations, and give the asymptotic\n"
    "bounds: the knee N* and the bottleneck.\n"
    "\n"
    "  --users N          closed population (overrides the file)\n"
    "  --arrival-rate R   open workload instead (requests per second)\n"
    "  --sweep F:T[:P]    P points (default 50) on a log grid from F to T users\n"
    "  --format FMT       table (default), json (the results contract), csv\n"
    "\n"
    "Exit code 0 on success, 2 on bad input.\n",
    runAnalyze}};

}  // namespace
}  // namespace headroom::cli
