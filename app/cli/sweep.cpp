// headroom-cli sweep FILE: the architecture at each load of a log grid, and
// the thresholds it crosses in order (the first one is what breaks first).
#include "cli/cli.h"

#include "io/loader.h"
#include "roadmap/roadmap_writer.h"
#include "roadmap/solvers.h"
#include "roadmap/study.h"

#include <iostream>

namespace headroom::cli {
namespace {

int runSweep(const std::vector<std::string>& args) {
    Options options(args, {"from", "to", "points", "method", "format", "seed", "confirm"}, {});
    if (options.positional().size() != 1) throw UsageError("sweep needs exactly one FILE");
    const std::string format = options.choice("format", {"table", "json", "csv"}, "table");
    const std::string method = options.choice("method", {"analytic", "des"}, "analytic");
    const std::string confirm = options.choice("confirm", {"des", "none"}, "des");
    roadmap::StudyOptions study;
    auto& search = study.planner.search;
    search.from = static_cast<double>(options.integer("from", 1).value_or(100));
    search.to = static_cast<double>(options.integer("to", 1).value_or(100000));
    const int points = static_cast<int>(options.integer("points", 1).value_or(13));
    if (search.to > 1e7) throw UsageError("--to must be at most 10,000,000 users");
    if (search.from > search.to) throw UsageError("--from must not exceed --to");
    if (points > 1000) throw UsageError("--points must be at most 1000");
    study.setSeed(static_cast<std::uint64_t>(options.integer("seed", 0).value_or(1)));
    study.confirm = confirm == "des" ? roadmap::Confirmation::Des : roadmap::Confirmation::None;
    study.planner.scenarios = false;

    const spec::Architecture spec = io::loadFile(options.positional().front());
    (void)loadGraph(options.positional().front());  // validates and prints the file's warnings once
    if (spec.workload.arrivalRate) {
        throw UsageError("sweep grows a closed population of users: the file sets 'arrival_rate'; "
                         "give the workload 'users' and 'think_time' (or use 'analyze --arrival-rate')");
    }
    roadmap::Study s(spec, study);
    const roadmap::Solver solver = method == "des" ? roadmap::desSolver(study.budget) : roadmap::analyticSolver();
    roadmap::SweepReport report;
    report.architecture = spec.name;
    report.method = method;
    const auto grid = roadmap::logGrid(search.from, search.to, points);
    for (size_t i = 0; i < grid.size(); ++i) {
        if (showProgress()) std::cerr << "\r\033[K" << method << " at " << static_cast<long long>(grid[i]) << " users (" << i + 1 << "/" << grid.size() << ")" << std::flush;
        report.points.push_back(s.sweepWith(solver, {grid[i]}).front());
    }
    if (showProgress()) {
        std::cerr << "\r\033[Klocating the breaking points (" << s.method() << ")" << std::flush;
    }
    // The study's crossings: the first is the first break every other command shows.
    report.crossings = s.crossings();
    if (showProgress()) std::cerr << "\r\033[K";
    if (format == "json") std::cout << roadmap::toJson(report);
    else if (format == "csv") std::cout << roadmap::toCsv(report);
    else std::cout << roadmap::toTable(report);
    return kOk;
}

const Registration registration{Command{
    "sweep", "the architecture from 100 to 100,000 users: per-load figures and the thresholds crossed in order",
    "Usage: headroom-cli sweep FILE [--from N] [--to N] [--points K] [--method analytic|des]\n"
    "                          [--confirm des|none] [--seed S] [--format table|json|csv]\n"
    "\n"
    "Solves the architecture at K users counts on a log grid (default 13 from 100\n"
    "to 100000): throughput, mean/p95/p99 response time, error rate, utilisation per\n"
    "host, cost, and whether every threshold holds. Then lists each threshold's first\n"
    "crossing, placed within 2% by bisection, in order: the first is what breaks first,\n"
    "the same break 'roadmap' and 'report' show (placed by simulation unless\n"
    "--confirm none; the others are analytic estimates, none below the first).\n"
    "--method des simulates each grid point (slower; --seed makes it reproducible).\n"
    "Exit code 0 on success, 2 on bad input.\n",
    runSweep}};

}  // namespace
}  // namespace headroom::cli
