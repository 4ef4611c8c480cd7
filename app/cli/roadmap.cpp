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
    Options options(args, {"target", "from", "seed", "format", "confirm", "budget", "threads", "spike-hold", "max-cores", "min-instances-at", "spike-max-users", "growth", "today", "target-rate", "max-wall", "catalogue"}, {"no-scenarios", "resilience", "no-resilience"});
    if (options.positional().size() != 1) throw UsageError("roadmap needs exactly one FILE");
    const std::string format = options.choice("format", {"table", "json", "markdown"}, "table");
    const std::string confirm = options.choice("confirm", {"des", "none"}, "des");
    roadmap::PlannerOptions planner;
    planner.scenarios = !options.flag("no-scenarios");
    // Resilience is part of holding where the file states slo.resilience, in
    // this and every other view (roadmap::plansResilience); the flags decide
    // for this run (docs/methods.md, "Resilience planned").
    if (options.flag("resilience") && options.flag("no-resilience")) {
        throw UsageError("--resilience and --no-resilience contradict each other");
    }
    if (options.flag("resilience")) planner.resilience = true;
    if (options.flag("no-resilience")) planner.resilience = false;
    roadmap::DesBudget budget;
    budget.seed = static_cast<std::uint64_t>(options.integer("seed", 0).value_or(1));
    budget.threads = static_cast<int>(options.integer("threads", 0).value_or(0));

    const std::string& file = options.positional().front();
    const double wall = maxWall(options, kPlanningMaxWall);
    spec::Architecture spec = loadArchitecture(file).spec;  // validates and prints the file's warnings once
    applyGrowthOptions(options, spec);
    applyCatalogueOption(options, spec);
    planRange(options, spec, planner.search.from, planner.search.to);
    if (auto b = options.number("budget")) {
        if (!(*b > 0)) throw UsageError("--budget must be positive");
        spec.slo.budgetMonth = *b;
    }
    if (auto cores = options.integer("max-cores", 1)) {
        if (*cores > 1024) throw UsageError("--max-cores must be at most 1024");
        planner.catalogue.maxCores = static_cast<int>(*cores);
    }
    if (auto at = options.integer("min-instances-at", 0)) planner.redundancyFrom = static_cast<double>(*at);
    if (auto peak = options.integer("spike-max-users", 0)) planner.spike.maxPeakUsers = static_cast<double>(*peak);
    if (auto hold = options.number("spike-hold")) {
        if (!(*hold >= 10 && *hold <= 3600)) throw UsageError("--spike-hold must be between 10 and 3600 seconds");
        spec.slo.resilience.spike.hold = *hold;
    }
    roadmap::StudyOptions study;
    study.planner = planner;
    study.confirm = confirm == "des" ? roadmap::Confirmation::Des : roadmap::Confirmation::None;
    study.budget = budget;
    StudyStatus status(wall);
    status.attach(study);
    roadmap::Study s(spec, study);
    roadmap::Roadmap plan;
    try {
        plan = s.plan();
    } catch (const roadmap::StudyCancelled&) {
        status.clear();
        std::cerr << status.budgetError(file) << '\n';
        return kBadInput;
    }
    status.clear();
    if (format == "json") std::cout << roadmap::toJson(plan);
    else if (format == "markdown") std::cout << roadmap::toMarkdown(plan);
    else std::cout << roadmap::toTable(plan);
    return kOk;
}

const Registration registration{Command{
    "roadmap", "the phased plan to --target users: what breaks, what to build, cost, what to defer",
    "Usage: headroom-cli roadmap FILE [--target N | --target-rate R] [--from N] [--seed S] [--budget B]\n"
    "                            [--max-cores N] [--min-instances-at USERS]\n"
    "                            [--spike-hold SECONDS] [--spike-max-users N]\n"
    "                            [--growth RATE] [--today YYYY-MM-DD]\n"
    "                            [--confirm des|none] [--format table|json|markdown] [--no-scenarios]\n"
    "                            [--resilience | --no-resilience] [--max-wall SECONDS] [--catalogue FILE]\n"
    "\n"
    "Repeatedly finds what breaks first as users grow (analytic screening on a log\n"
    "grid, bisection to 2%, confirmed by short simulations on both sides), tries\n"
    "every transformation that applies (scale up, split the database, load balancer\n"
    "+ instances, cache, CDN, read replicas, pooler, shards, queue for writes, index)\n"
    "and builds the one that buys the most users per currency unit per month, until\n"
    "--target users hold every threshold. With a growth forecast\n"
    "(growth: in the file, or --growth) the steps are grouped into phases (projects)\n"
    "that each last at least their runway, at the least total cost over the horizon,\n"
    "and dated: needed by (the break's date) and start by (minus the lead time). From --min-instances-at\n"
    "users on, a tier on one machine is a breaking point of its own (single point of\n"
    "failure). Then simulates each phase's architecture through the spike of\n"
    "slo.resilience (default x10 in 60 s, held 10 min, within the SLO again 2 min\n"
    "after it starts) and checks the loss of one instance of each replicated tier.\n"
    "\n"
    "  --target N     users to reach (default 100000)\n"
    "  --target-rate R\n"
    "                 an open workload (arrival_rate): the rate to reach, such as\n"
    "                 2000/s (default 100x today's); --from is then a rate too\n"
    "  --from N       lowest load considered (default: today's load with a growth\n"
    "                 forecast, else 100)\n"
    "  --growth RATE  monthly compound growth (15%), replacing the file's growth\n"
    "  --today DATE   the date of today's load (default growth.today, else today)\n"
    "  --seed S       simulation seed (default 1); same seed, same roadmap\n"
    "  --budget B     monthly budget (overrides slo.budget_month)\n"
    "  --max-cores N  largest machine the plan may scale up to (default 32)\n"
    "  --min-instances-at USERS\n"
    "                 from this load on, every tier needs a second copy (default 5000;\n"
    "                 0 = never)\n"
    "  --resilience, --no-resilience\n"
    "                 plan resilience, or the load alone, whatever the file says.\n"
    "                 By default, as the file says, here as in the desktop and the\n"
    "                 report: a file that states an slo.resilience block (even\n"
    "                 'resilience: {}', which takes its defaults: x10 in 60 s, held\n"
    "                 10 min, 4 a month; any one instance lost) holds resilience:\n"
    "                 from slo.resilience.from_users (default 5000) on, a load at\n"
    "                 which a phase does not survive the spike, the loss of one\n"
    "                 instance or a storm is a break, fixed with the cheapest\n"
    "                 protection (spare capacity, autoscaling, admission control, a\n"
    "                 storm protection, or any build); without the block the plan\n"
    "                 is for the load alone and the scenarios are reported.\n"
    "                 phases[].resilience_cost_month says what it costs, with the\n"
    "                 spike-hours of autoscaled copies (spike_cost_month)\n"
    "  --catalogue FILE\n"
    "                 a technology catalogue (resources/catalogue.yaml's format, every\n"
    "                 part optional) applied over the shipped one and the file's own\n"
    "                 catalogue: key: the builds the plan may use per component kind,\n"
    "                 their limits, prices and work\n"
    "  --spike-hold S seconds the spike is held (overrides slo.resilience.spike.hold)\n"
    "  --spike-max-users N\n"
    "                 largest spike peak simulated (default 100000); above it the\n"
    "                 spike is judged at the peak's steady state (the screening\n"
    "                 solver at factor x the load, after the reaction time: no\n"
    "                 backlog, ramp or recovery), and each such scenario says so\n"
    "  --confirm      des (default) or none (analytic only: faster, less certain)\n"
    "  --format       table (default), json (the roadmap contract), markdown (for tickets)\n"
    "  --max-wall S   wall-clock budget in seconds (default 300; 0 = none): past it\n"
    "                 the plan stops with a one-line error (exit 2); each simulation\n"
    "                 also stops at it, its figures marked partial and saturated\n"
    "Progress (the planner's step, solves and simulations so far) goes to stderr\n"
    "when it is a terminal.\n"
    "Exit code 0 when the roadmap was computed (target met or not: see target_met),\n"
    "2 on bad input.\n",
    runRoadmap}};

}  // namespace
}  // namespace headroom::cli
