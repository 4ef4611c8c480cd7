// headroom-cli roadmap FILE: the phased plan from today's load to --target
// users (what breaks, what to build, why, what it costs, what to defer).
#include "cli/cli.h"

#include "io/loader.h"
#include "roadmap/study.h"
#include "roadmap/roadmap_writer.h"
#include "roadmap/solvers.h"

#include <iostream>

namespace headroom::cli {
namespace {

int runRoadmap(const std::vector<std::string>& args) {
    Options options(args, {"target", "from", "seed", "format", "confirm", "budget", "threads", "spike-hold", "max-cores", "min-instances-at", "spike-max-users"}, {"no-scenarios"});
    if (options.positional().size() != 1) throw UsageError("roadmap needs exactly one FILE");
    const std::string format = options.choice("format", {"table", "json", "markdown"}, "table");
    const std::string confirm = options.choice("confirm", {"des", "none"}, "des");
    roadmap::PlannerOptions planner;
    planner.search.to = static_cast<double>(options.integer("target", 1).value_or(100000));
    planner.search.from = static_cast<double>(options.integer("from", 1).value_or(100));
    if (planner.search.to > 1e7) throw UsageError("--target must be at most 10,000,000 users");
    if (planner.search.from >= planner.search.to) throw UsageError("--from must be below --target");
    planner.scenarios = !options.flag("no-scenarios");
    roadmap::DesBudget budget;
    budget.seed = static_cast<std::uint64_t>(options.integer("seed", 0).value_or(1));
    budget.threads = static_cast<int>(options.integer("threads", 0).value_or(0));

    spec::Architecture spec = io::loadFile(options.positional().front());
    (void)loadGraph(options.positional().front());  // validates and prints the file's warnings once
    if (auto b = options.number("budget")) {
        if (!(*b > 0)) throw UsageError("--budget must be positive");
        spec.slo.budgetMonth = *b;
    }
    if (spec.workload.arrivalRate) {
        throw UsageError("roadmap grows a closed population of users: the file sets 'arrival_rate'; "
                         "give the workload 'users' and 'think_time'");
    }
    if (showProgress()) {
        planner.progress = [](const std::string& line) { std::cerr << "\r\033[K" << line << std::flush; };
    }
    if (auto cores = options.integer("max-cores", 1)) {
        if (*cores > 1024) throw UsageError("--max-cores must be at most 1024");
        planner.catalogue.maxCores = static_cast<int>(*cores);
    }
    if (auto at = options.integer("min-instances-at", 0)) planner.redundancyFrom = static_cast<double>(*at);
    if (auto peak = options.integer("spike-max-users", 0)) planner.spike.maxPeakUsers = static_cast<double>(*peak);
    if (auto hold = options.number("spike-hold")) {
        if (!(*hold >= 10 && *hold <= 3600)) throw UsageError("--spike-hold must be between 10 and 3600 seconds");
        planner.spike.hold = *hold;
    }
    roadmap::StudyOptions study;
    study.planner = planner;
    study.confirm = confirm == "des" ? roadmap::Confirmation::Des : roadmap::Confirmation::None;
    study.budget = budget;
    roadmap::Study s(spec, study);
    const roadmap::Roadmap& plan = s.plan();
    if (planner.progress) std::cerr << "\r\033[K";
    if (format == "json") std::cout << roadmap::toJson(plan);
    else if (format == "markdown") std::cout << roadmap::toMarkdown(plan);
    else std::cout << roadmap::toTable(plan);
    return kOk;
}

const Registration registration{Command{
    "roadmap", "the phased plan to --target users: what breaks, what to build, cost, what to defer",
    "Usage: headroom-cli roadmap FILE [--target N] [--from N] [--seed S] [--budget B]\n"
    "                            [--max-cores N] [--min-instances-at USERS]\n"
    "                            [--spike-hold SECONDS] [--spike-max-users N]\n"
    "                            [--confirm des|none] [--format table|json|markdown] [--no-scenarios]\n"
    "\n"
    "Repeatedly finds what breaks first as users grow (analytic screening on a log\n"
    "grid, bisection to 2%, confirmed by short simulations on both sides), tries\n"
    "every transformation that applies (scale up, split the database, load balancer\n"
    "+ instances, cache, CDN, read replicas, pooler, shards, queue for writes, index)\n"
    "and builds the one that buys the most users per currency unit per month, until\n"
    "--target users (default 100000) hold every threshold. From --min-instances-at\n"
    "users on, a tier on one machine is a breaking point of its own (single point of\n"
    "failure). Then simulates each phase's architecture through a x10 spike (ramp\n"
    "60 s, hold, back) and checks the loss of one instance of each replicated tier.\n"
    "\n"
    "  --target N     users to reach (default 100000)\n"
    "  --from N       lowest load considered (default 100)\n"
    "  --seed S       simulation seed (default 1); same seed, same roadmap\n"
    "  --budget B     monthly budget (overrides slo.budget_month)\n"
    "  --max-cores N  largest machine the plan may scale up to (default 32)\n"
    "  --min-instances-at USERS\n"
    "                 from this load on, every tier needs a second copy (default 5000;\n"
    "                 0 = never)\n"
    "  --spike-hold S seconds the x10 spike is held (default 60)\n"
    "  --spike-max-users N\n"
    "                 largest spike peak simulated (default 100000); above it the\n"
    "                 spike is judged at the peak's steady state, and says so\n"
    "  --confirm      des (default) or none (analytic only: faster, less certain)\n"
    "  --format       table (default), json (the roadmap contract), markdown (for tickets)\n"
    "Exit code 0 when the roadmap was computed (target met or not: see target_met),\n"
    "2 on bad input.\n",
    runRoadmap}};

}  // namespace
}  // namespace headroom::cli
