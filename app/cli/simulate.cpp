// headroom-cli simulate FILE: run the discrete-event simulator and print the
// results contract (table, JSON or CSV).
#include "cli/cli.h"

#include "analytic/cross_check.h"
#include "analytic/solver.h"
#include "des/run.h"
#include "io/results_writer.h"
#include "io/units.h"
#include "roadmap/thresholds.h"

#include <cstdio>
#include <iostream>
#include <mutex>

namespace headroom::cli {
namespace {

// A duration with a unit ("10min"), or a bare number of seconds.
std::optional<double> seconds(const Options& options, const std::string& name)
{
    const auto text = options.value(name);
    if (!text)
        return std::nullopt;
    std::string error;
    if (auto plain = io::parseNumber(*text, error))
        return plain;
    return options.duration(name);
}

int runSimulate(const std::vector<std::string>& args)
{
    Options options(args,
                    {"users", "arrival-rate", "seed", "replications", "horizon", "warmup", "threads", "format", "event-list", "max-wall"},
                    {"quiet", "check"});
    if (options.positional().size() != 1)
        throw UsageError("simulate needs exactly one FILE");
    const auto users = options.number("users");
    const auto arrivalRate = options.rate("arrival-rate");
    des::RunConfig config;
    if (auto seed = options.integer("seed", 0))
        config.seed = static_cast<std::uint64_t>(*seed);
    if (auto replications = options.integer("replications", 1)) {
        if (*replications > 1000)
            throw UsageError("--replications must be at most 1000");
        config.replications = static_cast<int>(*replications);
    }
    if (auto horizon = seconds(options, "horizon")) {
        if (!(*horizon > 0.0) || *horizon > 1e9)
            throw UsageError("--horizon must be a positive duration (e.g. 600s, 10min)");
        config.horizon = *horizon;
    }
    if (auto warmup = seconds(options, "warmup")) {
        if (!(*warmup >= 0.0) || *warmup >= config.horizon)
            throw UsageError("--warmup must be at least 0 and shorter than the horizon");
        config.warmup = *warmup;
    }
    if (auto threads = options.integer("threads", 0)) {
        if (*threads > 1024)
            throw UsageError("--threads must be at most 1024");
        config.threads = static_cast<int>(*threads);
    }
    const std::string list = options.choice("event-list", {"quaternary_heap", "binary_heap", "pairing_heap"}, "quaternary_heap");
    config.eventList = list == "binary_heap"    ? des::EventListKind::BinaryHeap
                       : list == "pairing_heap" ? des::EventListKind::PairingHeap
                                                : des::EventListKind::QuaternaryHeap;
    const std::string format = options.choice("format", {"table", "json", "csv"}, "table");
    config.maxWallSeconds = maxWall(options, kSimulateMaxWall);

    const graph::Graph loaded = loadGraph(options.positional().front());
    const graph::Graph graph = withLoad(loaded, users, arrivalRate);

    des::RunControl control;
    const bool progress = showProgress() && !options.flag("quiet");
    if (progress) {
        control.progress = [](const des::Progress& p) {
            std::fprintf(stderr, "\rsimulating %3.0f%%  %.1f M events", p.fraction * 100.0, static_cast<double>(p.events) / 1e6);
            std::fflush(stderr);
        };
    }
    stats::Results results = des::run(graph, config, control);
    results.thresholds = roadmap::checkThresholds(graph, results);
    if (progress)
        std::fprintf(stderr, "\r%60s\r", "");
    if (options.flag("check")) {
        // Second opinion from the analytic solver at the same load (issue 4).
        for (const auto& finding : analytic::crossCheck(graph, results, analytic::solve(graph))) {
            results.notes.push_back(finding.message);
            if (finding.warning)
                std::cerr << finding.message << '\n';
        }
    }

    if (format == "json")
        std::cout << io::toJson(results);
    else if (format == "csv")
        std::cout << io::toCsv(results);
    else
        std::cout << io::toTable(results);
    return kOk;
}

const Registration registration{Command{
    "simulate", "run the discrete-event simulator on one architecture",
    "Usage: headroom-cli simulate FILE [--users N | --arrival-rate R] [--seed S]\n"
    "                             [--replications K] [--horizon T] [--warmup T]\n"
    "                             [--threads N] [--format table|json|csv] [--quiet]\n"
    "                             [--max-wall SECONDS]\n"
    "\n"
    "Simulates FILE request by request (thread and connection pools, timeouts,\n"
    "retries, caches, load balancing) for K independent replications (default 5)\n"
    "of T simulated seconds each (default 600s), deleting the warm-up (default:\n"
    "MSER-5 per replication). Prints means with 95% confidence intervals, p50/p95/\n"
    "p99 response times, and per-component and per-host figures.\n"
    "\n"
    "  --users N            closed population (replaces the file's workload)\n"
    "  --arrival-rate R     open Poisson arrivals instead, e.g. 240/s\n"
    "  --seed S             random seed (default 1): same seed, same output\n"
    "  --threads N          worker threads for the replications (0 = all cores);\n"
    "                       the output does not depend on it\n"
    "  --event-list NAME    quaternary_heap (default), binary_heap or pairing_heap\n"
    "  --check              also solve analytically; warn (naming the component)\n"
    "                       where the means differ by more than the CI + 5% on a\n"
    "                       product-form model, note \"approximation\" otherwise\n"
    "  --max-wall S         wall-clock budget in seconds (default 60; 0 = none)\n"
    "  --format F           table (default), json (the results contract, plus\n"
    "                       \"events\" and \"wall_seconds\") or csv\n"
    "\n"
    "JSON from the same seed is byte-identical whatever --threads, except the\n"
    "\"wall_seconds\" field. A run past saturation ends at the horizon, marked\n"
    "saturated. Every run ends: past --max-wall, an event budget (4e9), 3e6 events\n"
    "beyond the cap of 1e6 visits in the system, or 5e6 events at one instant, it\n"
    "stops marked saturated and partial, with stopped_by, the simulated seconds\n"
    "reached and a note. Progress goes to stderr when it is a terminal.\n",
    runSimulate}};

}  // namespace
}  // namespace headroom::cli
