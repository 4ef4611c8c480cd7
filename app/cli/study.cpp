// headroom-cli study FILE --samples N: the first break and the plan under the
// file's uncertain inputs (issue 20), on every local core or as one shard of
// many (GNU parallel, a Slurm job array); headroom-cli merge part*.json
// combines the shards into the answer the whole run gives, byte for byte.
#include "cli/cli.h"

#include "io/loader.h"
#include "roadmap/uncertainty_study.h"
#include "roadmap/uncertainty_writer.h"

#include <fstream>
#include <iostream>
#include <sstream>

namespace headroom::cli {
namespace {

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw spec::InputError(spec::SourceLocation{path, 0, 0}, "cannot open the file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// `-o FILE` is `--output FILE` (the one short option, as in the recipes).
std::vector<std::string> withLongOutput(std::vector<std::string> args) {
    for (auto& a : args) {
        if (a == "-o") a = "--output";
    }
    return args;
}

void writeOutput(const std::string& text, const std::optional<std::string>& path) {
    if (!path || *path == "-") {
        std::cout << text;
        return;
    }
    std::ofstream out(*path, std::ios::binary);
    if (!out || !(out << text) || !out.flush()) throw std::runtime_error("cannot write " + *path);
}

int runStudy(const std::vector<std::string>& args) {
    Options options(withLongOutput(args),
                    {"samples", "seed", "format", "shard", "output", "threads", "from", "target", "confirm", "phases", "max-wall"}, {});
    if (options.positional().size() != 1) throw UsageError("study needs exactly one FILE");
    const std::string format = options.choice("format", {"table", "json"}, "table");
    roadmap::UncertaintyStudyOptions study;
    const auto samples = options.integer("samples", 1);
    if (!samples) throw UsageError("study needs --samples N (e.g. 200)");
    if (static_cast<std::size_t>(*samples) > roadmap::UncertaintyStudyOptions::kMaxSamples) {
        throw UsageError("--samples must be at most " + std::to_string(roadmap::UncertaintyStudyOptions::kMaxSamples));
    }
    study.samples = static_cast<std::size_t>(*samples);
    study.seed = static_cast<std::uint64_t>(options.integer("seed", 0).value_or(1));
    study.threads = static_cast<int>(options.integer("threads", 0).value_or(0));
    study.phases = options.choice("phases", {"on", "off"}, "on") == "on";
    study.study.confirm = options.choice("confirm", {"des", "none"}, "des") == "des" ? roadmap::Confirmation::Des
                                                                                      : roadmap::Confirmation::None;
    if (const auto shard = options.value("shard")) {
        // K/N, 1-based: sample i runs in shard (i mod N) + 1.
        const auto slash = shard->find('/');
        std::size_t k = 0, n = 0;
        try {
            if (slash == std::string::npos) throw std::invalid_argument("");
            std::size_t used = 0;
            k = std::stoul(shard->substr(0, slash), &used);
            if (used != slash) throw std::invalid_argument("");
            n = std::stoul(shard->substr(slash + 1), &used);
            if (used != shard->size() - slash - 1) throw std::invalid_argument("");
        } catch (const std::exception&) {
            throw UsageError("--shard must be K/N, e.g. 3/8, got '" + *shard + "'");
        }
        if (k < 1 || n < 1 || k > n) throw UsageError("--shard K/N needs 1 <= K <= N, got '" + *shard + "'");
        study.shard = k - 1;
        study.shardCount = n;
    }
    const std::string& file = options.positional().front();
    const std::string text = readText(file);
    // Validates the midpoint and prints the file's warnings once (no midpoint note: the study samples).
    const spec::Architecture midpoint = loadGraph(file, true, false).spec();
    planRange(options, midpoint, study.study.planner.search.from, study.study.planner.search.to);

    study.maxWallSeconds = maxWall(options, 0.0);
    roadmap::UncertaintyStudyPart part;
    try {
        part = roadmap::runUncertaintyStudy(text, file, study);
    } catch (const roadmap::StudyCancelled&) {
        std::cerr << file << ": error: the study stopped at its --max-wall budget (" << study.maxWallSeconds
                  << " s) before its " << study.samples << " samples were done: give more time, fewer samples, or shards\n";
        return kBadInput;
    }
    if (study.shardCount > 1) {
        if (!options.value("output")) throw UsageError("a shard writes its part to a file: add -o part-K.json");
        writeOutput(roadmap::partToJson(part), options.value("output"));
        return kOk;
    }
    const roadmap::UncertaintySummary summary = roadmap::summarise(part);
    writeOutput(format == "json" ? roadmap::toJson(part, summary) : roadmap::toTable(part, summary), options.value("output"));
    return kOk;
}

int runMerge(const std::vector<std::string>& args) {
    Options options(withLongOutput(args), {"format", "output"}, {});
    if (options.positional().empty()) throw UsageError("merge needs the parts: headroom-cli merge part*.json");
    const std::string format = options.choice("format", {"table", "json"}, "json");
    std::vector<roadmap::UncertaintyStudyPart> parts;
    for (const auto& path : options.positional()) {
        try {
            parts.push_back(roadmap::partFromJson(readText(path)));
        } catch (const std::invalid_argument& e) {
            throw spec::InputError(spec::SourceLocation{path, 1, 1}, e.what());
        }
    }
    roadmap::UncertaintyStudyPart whole;
    try {
        whole = roadmap::mergeParts(parts);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    whole.shard = 0;
    whole.shardCount = 1;
    const roadmap::UncertaintySummary summary = roadmap::summarise(whole);
    writeOutput(format == "json" ? roadmap::toJson(whole, summary) : roadmap::toTable(whole, summary), options.value("output"));
    return kOk;
}

const Registration studyRegistration{Command{
    "study", "intervals under uncertain inputs: Monte Carlo over the ranges, first break P10/P50/P90, sensitivity",
    "Usage: headroom-cli study FILE --samples N [--seed S] [--format table|json]\n"
    "                          [--shard K/N -o PART.json] [--threads T] [--from N] [--target N]\n"
    "                          [--confirm des|none] [--phases on|off] [--max-wall SECONDS]\n"
    "\n"
    "Samples the values FILE writes as ranges ('20ms ± 30%', '{low: 15ms, high: 30ms}')\n"
    "by a Latin hypercube of N samples drawn from the seed (default 1). Each sample is\n"
    "given the study every command reads: the first break screened by the analytic\n"
    "solver and placed by simulation near the crossing (--confirm none: analytic only).\n"
    "Answers: the first break's P5/P10/P50/P90/P95, what breaks first how often, the\n"
    "probability that each phase of the midpoint's plan holds its band (--phases off\n"
    "skips the plan), and a sensitivity ranking (Spearman rank correlation of each\n"
    "input with the break, the median break with the input low and high: a tornado).\n"
    "Samples run on every core (--threads T); the answer is the same for any T.\n"
    "--shard K/N -o PART.json runs only samples K-1, K-1+N, ... and writes them as a\n"
    "part; 'headroom-cli merge PART...' gives the whole study's answer, byte for byte.\n"
    "--max-wall S: wall-clock budget (default none: N samples take what they take);\n"
    "past it the study stops with a one-line error (exit 2).\n"
    "Recipes for GNU parallel and Slurm: docs/studies.md.\n"
    "Exit code 0 on success, 2 on bad input.\n",
    runStudy}};

const Registration mergeRegistration{Command{
    "merge", "combine the parts of a sharded study (study --shard K/N -o PART.json) into its answer",
    "Usage: headroom-cli merge PART.json... [--format json|table] [-o FILE]\n"
    "\n"
    "Reads the parts written by 'headroom-cli study FILE --samples N --shard K/N -o\n"
    "PART.json', checks they are shards of one study (same file, inputs, seed, sample\n"
    "count) covering every sample once, and prints the study's answer: byte for byte\n"
    "what 'headroom-cli study FILE --samples N --format json' prints (default json).\n"
    "Exit code 0 on success, 2 on bad input (a part missing, twice, or of another study).\n",
    runMerge}};

}  // namespace
}  // namespace headroom::cli
