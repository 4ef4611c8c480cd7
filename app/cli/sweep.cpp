// headroom-cli sweep FILE: the architecture at each load of a log grid, and
// the thresholds it crosses in order (the first one is what breaks first).
#include "cli/cli.h"

#include "io/loader.h"
#include "io/metrics.h"
#include "roadmap/roadmap_writer.h"
#include "roadmap/solvers.h"
#include "roadmap/study.h"

#include <iostream>

namespace headroom::cli {
namespace {

int runSweep(const std::vector<std::string>& args) {
    Options options(args, {"from", "to", "points", "method", "format", "seed", "confirm", "max-wall"}, {});
    if (options.positional().size() != 1) throw UsageError("sweep needs exactly one FILE");
    const std::string format = options.choice("format", {"table", "json", "csv"}, "table");
    const std::string method = options.choice("method", {"analytic", "des"}, "analytic");
    const std::string confirm = options.choice("confirm", {"des", "none"}, "des");
    roadmap::StudyOptions study;
    auto& search = study.planner.search;
    const int points = static_cast<int>(options.integer("points", 1).value_or(13));
    if (points > 1000) throw UsageError("--points must be at most 1000");
    study.setSeed(static_cast<std::uint64_t>(options.integer("seed", 0).value_or(1)));
    study.confirm = confirm == "des" ? roadmap::Confirmation::Des : roadmap::Confirmation::None;
    study.planner.scenarios = false;

    const std::string& file = options.positional().front();
    const double wall = maxWall(options, kPlanningMaxWall);
    const spec::Architecture spec = loadArchitecture(file).spec;  // validates and prints the file's warnings once
    const bool open = spec.workload.arrivalRate.has_value();
    if (open) {
        // An open workload sweeps its arrival rate: a hundredth to 10x today's by default.
        if (!options.value("to") && !(*spec.workload.arrivalRate * 10.0 <= 1e9)) {
            throw spec::InputError(spec.workload.keys.at("arrival_rate", spec.workload.where),
                                   "an arrival rate this high cannot be swept (at most 1e8/s: the sweep goes to 10x it)");
        }
        search.from = options.rate("from").value_or(*spec.workload.arrivalRate / 100.0);
        search.to = options.rate("to").value_or(*spec.workload.arrivalRate * 10.0);
        if (!(search.from > 0) || search.to > 1e9) throw UsageError("--from and --to must be rates above 0 and at most 1e9/s");
    } else {
        search.from = static_cast<double>(options.integer("from", 1).value_or(roadmap::kDefaultFromUsers));
        search.to = static_cast<double>(options.integer("to", 1).value_or(roadmap::kDefaultTargetUsers));
        if (search.to > 1e7) throw UsageError("--to must be at most 10,000,000 users");
    }
    if (search.from > search.to) throw UsageError("--from must not exceed --to");
    StudyStatus status(wall);
    status.attach(study);
    roadmap::Study s(spec, study);
    const roadmap::Solver solver = method == "des" ? roadmap::desSolver(study.budget) : roadmap::analyticSolver();
    roadmap::SweepReport report;
    report.architecture = spec.name;
    report.method = method;
    const auto grid = roadmap::logGrid(search.from, search.to, points);
    const auto step = status.stepHook();
    try {
        for (size_t i = 0; i < grid.size(); ++i) {
            step(method + " at " + (open ? io::formatRate(grid[i]) : io::formatUsers(grid[i]) + " users") + " (" +
                 std::to_string(i + 1) + "/" + std::to_string(grid.size()) + ")");
            report.points.push_back(s.sweepWith(solver, {grid[i]}).front());
        }
        step("locating the breaking points (" + s.method() + ")");
        // The study's crossings: the first is the first break every other command shows.
        report.crossings = s.crossings();
    } catch (const roadmap::StudyCancelled&) {
        status.clear();
        std::cerr << status.budgetError(file) << '\n';
        return kBadInput;
    }
    status.clear();
    if (format == "json") std::cout << roadmap::toJson(report);
    else if (format == "csv") std::cout << roadmap::toCsv(report);
    else std::cout << roadmap::toTable(report);
    return kOk;
}

const Registration registration{Command{
    "sweep", "the architecture from 100 to 100,000 users: per-load figures and the thresholds crossed in order",
    "Usage: headroom-cli sweep FILE [--from N] [--to N] [--points K] [--method analytic|des]\n"
    "                          [--confirm des|none] [--seed S] [--format table|json|csv]\n"
    "                          [--max-wall SECONDS]\n"
    "\n"
    "Solves the architecture at K users counts on a log grid (default 13 from 100\n"
    "to 100000): throughput, mean/p95/p99 response time, error rate, utilisation per\n"
    "host, cost, and whether every threshold holds. Then lists each threshold's first\n"
    "crossing, placed within 2% by bisection, in order: the first is what breaks first,\n"
    "the same break 'roadmap' and 'report' show (placed by simulation unless\n"
    "--confirm none; the others are analytic estimates, none below the first).\n"
    "--method des simulates each grid point (slower; --seed makes it reproducible).\n"
    "--max-wall S: wall-clock budget in seconds (default 300; 0 = none): past it the\n"
    "sweep stops with a one-line error (exit 2). Progress goes to stderr (a terminal).\n"
    "An open workload (arrival_rate) sweeps its rate instead: --from and --to are\n"
    "rates (240/s; default a hundredth to 10x the file's).\n"
    "Exit code 0 on success, 2 on bad input.\n",
    runSweep}};

}  // namespace
}  // namespace headroom::cli
