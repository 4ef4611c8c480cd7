#include "cli/cli.h"

#include "io/catalogue_loader.h"
#include "io/loader.h"
#include "io/units.h"
#include "roadmap/catalogue_rules.h"
#include "roadmap/sweep.h"
#include "roadmap/timeline.h"
#include "spec/validate.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace headroom::cli {

Options::Options(std::vector<std::string> args, const std::vector<std::string>& valued,
                 const std::vector<std::string>& flags) {
    auto known = [](const std::vector<std::string>& list, const std::string& name) {
        return std::find(list.begin(), list.end(), name) != list.end();
    };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            positional_.insert(positional_.end(), args.begin() + static_cast<long>(i) + 1, args.end());
            break;
        }
        if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
            std::string name = arg.substr(2);
            std::optional<std::string> inlineValue;
            if (auto eq = name.find('='); eq != std::string::npos) {
                inlineValue = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (known(valued, name)) {
                if (values_.count(name)) throw UsageError("option --" + name + " given twice");
                if (inlineValue) values_[name] = *inlineValue;
                else if (i + 1 < args.size()) values_[name] = args[++i];
                else throw UsageError("option --" + name + " needs a value");
            } else if (known(flags, name)) {
                if (inlineValue) throw UsageError("option --" + name + " takes no value");
                flags_[name] = true;
            } else {
                throw UsageError("unknown option --" + name);
            }
        } else if (arg.size() > 1 && arg[0] == '-' && arg != "-" &&
                   !(std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.')) {
            throw UsageError("unknown option " + arg);
        } else {
            positional_.push_back(arg);
        }
    }
}

std::optional<std::string> Options::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::optional<double> Options::number(const std::string& name) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    std::string error;
    auto n = io::parseNumber(*v, error);
    if (!n) throw UsageError("--" + name + ": " + error);
    return n;
}

std::optional<long long> Options::integer(const std::string& name, long long minimum) const {
    auto n = number(name);
    if (!n) return std::nullopt;
    if (*n != std::floor(*n) || *n < static_cast<double>(minimum) || *n > 9.0e15) {
        throw UsageError("--" + name + " must be a whole number of at least " + std::to_string(minimum));
    }
    return static_cast<long long>(*n);
}

std::optional<double> Options::duration(const std::string& name) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    std::string error;
    auto d = io::parseDuration(*v, error);
    if (!d) throw UsageError("--" + name + ": " + error);
    return d;
}

std::optional<double> Options::rate(const std::string& name) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    std::string error;
    auto r = io::parseRate(*v, error);
    if (!r) throw UsageError("--" + name + ": " + error);
    return r;
}

std::string Options::choice(const std::string& name, const std::vector<std::string>& choices,
                            const std::string& fallback) const {
    auto v = value(name);
    if (!v) return fallback;
    if (std::find(choices.begin(), choices.end(), *v) == choices.end()) {
        std::string all;
        for (const auto& c : choices) all += (all.empty() ? "" : ", ") + c;
        throw UsageError("--" + name + " must be one of " + all + ", got '" + *v + "'");
    }
    return *v;
}

// ---- Uncertain values (issue 20) ----
void noteMidpoints(const spec::Architecture& architecture, const std::string& path) {
    if (architecture.uncertain.empty()) return;
    const size_t n = architecture.uncertain.size();
    std::cerr << path << ": note: " << n << " uncertain value" << (n == 1 ? "" : "s") << " (the first at "
              << architecture.uncertain.front().where.str() << ", " << architecture.uncertain.front().name
              << ") taken at " << (n == 1 ? "its midpoint" : "their midpoints") << "; 'headroom-cli study " << path
              << " --samples N' gives intervals\n";
}
// ---- end uncertain values ----

graph::Graph loadGraph(const std::string& path, bool printWarnings, bool noteUncertain) {
    spec::Architecture a = io::loadFile(path);
    if (noteUncertain) noteMidpoints(a, path);
    graph::Graph g = graph::build(std::move(a));
    if (printWarnings) {
        for (const auto& w : g.warnings()) std::cerr << w.str() << '\n';
    }
    return g;
}

graph::Graph withLoad(const graph::Graph& graph, std::optional<double> users, std::optional<double> arrivalRate) {
    if (users && arrivalRate) throw UsageError("give --users or --arrival-rate, not both");
    if (!users && !arrivalRate) return graph;
    spec::Architecture a = graph.spec();
    a.workload.users = users;
    a.workload.arrivalRate = arrivalRate;
    // The override meets the file's bounds (spec/field_table.h), named as the option.
    try {
        spec::validate(a);
    } catch (const spec::InputError& e) {
        throw UsageError((users ? "--users: " : "--arrival-rate: ") + e.message());
    }
    if (users && a.workload.profile.size() > 0 && a.workload.profile.front().arrivalRate) a.workload.profile.clear();
    if (arrivalRate && a.workload.profile.size() > 0 && a.workload.profile.front().users) a.workload.profile.clear();
    return graph::build(a);
}

Loaded loadArchitecture(const std::string& path, bool printWarnings) {
    spec::Architecture a = io::loadFile(path);
    noteMidpoints(a, path);  // issue 20
    graph::Graph g = graph::build(a);
    if (printWarnings) {
        for (const auto& w : g.warnings()) std::cerr << w.str() << '\n';
    }
    return Loaded{std::move(a), std::move(g)};
}

double maxWall(const Options& options, double fallback) {
    const auto text = options.value("max-wall");
    if (!text) return fallback;
    std::string error;
    std::optional<double> seconds = io::parseNumber(*text, error);
    if (!seconds) seconds = options.duration("max-wall");
    if (!seconds || !(*seconds >= 0.0) || *seconds > 1e7) {
        throw UsageError("--max-wall must be a number of seconds (0 = no limit), e.g. 60 or 10min");
    }
    return *seconds;
}

struct StudyStatus::State {
    using Clock = std::chrono::steady_clock;
    bool draw = showProgress();
    double budget = 0.0;
    Clock::time_point started = Clock::now();
    Clock::time_point drawn{};
    std::string step;
    roadmap::StudyProgress solves;
    bool stopped = false;

    double elapsed() const { return std::chrono::duration<double>(Clock::now() - started).count(); }
    void redraw(bool force) {
        if (!draw) return;
        const auto now = Clock::now();
        if (!force && now - drawn < std::chrono::milliseconds(100)) return;
        drawn = now;
        char counts[128];
        std::snprintf(counts, sizeof counts, "%zu solves, %zu simulations, %.0f s", solves.analyticSolves,
                      solves.simulations, elapsed());
        std::string line = step.empty() ? std::string(counts) : step.substr(0, 80) + " (" + counts + ")";
        std::cerr << "\r\033[K" << line << std::flush;
    }
};

StudyStatus::StudyStatus(double maxWallSeconds) : state_(std::make_shared<State>()) { state_->budget = maxWallSeconds; }

StudyStatus::~StudyStatus() { clear(); }

void StudyStatus::attach(roadmap::StudyOptions& options) {
    if (state_->draw) options.planner.progress = stepHook();
    options.progress = solveHook();
    options.cancelled = cancelHook();
    options.budget.maxWallSeconds = state_->budget;
    options.checkBudget.maxWallSeconds = state_->budget;
    options.budget.deadline = deadline();
    options.checkBudget.deadline = deadline();
}

std::optional<std::chrono::steady_clock::time_point> StudyStatus::deadline() const {
    if (!(state_->budget > 0)) return std::nullopt;
    return state_->started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(state_->budget));
}

std::function<void(const std::string&)> StudyStatus::stepHook() {
    return [state = state_](const std::string& line) {
        state->step = line;
        state->redraw(true);
    };
}

std::function<void(const roadmap::StudyProgress&)> StudyStatus::solveHook() {
    return [state = state_](const roadmap::StudyProgress& p) {
        state->solves = p;
        state->redraw(false);
    };
}

std::function<bool()> StudyStatus::cancelHook() {
    return [state = state_] {
        if (state->budget > 0 && state->elapsed() > state->budget) state->stopped = true;
        return state->stopped;
    };
}

std::string StudyStatus::budgetError(const std::string& file) const {
    char text[200];
    std::snprintf(text, sizeof text,
                  ":1:1: error: not done within --max-wall %.4g s (%zu solves, %zu simulations): the architecture is too "
                  "large for this budget; raise --max-wall, or --confirm none",
                  state_->budget, state_->solves.analyticSolves, state_->solves.simulations);
    return file + text;
}

void StudyStatus::clear() {
    if (state_->draw) std::cerr << "\r\033[K" << std::flush;
}

bool showProgress() {
    const char* ci = std::getenv("CI");
    if (ci && *ci && std::string(ci) != "false" && std::string(ci) != "0") return false;
    return ::isatty(STDERR_FILENO) != 0;
}

std::map<std::string, Command>& commands() {
    static std::map<std::string, Command> table;
    return table;
}

Registration::Registration(Command command) {
    const std::string name = command.name;
    commands().emplace(name, std::move(command));
}

bool applyCatalogueOption(const Options& options, spec::Architecture& a) {
    const auto file = options.value("catalogue");
    if (!file) return false;
    if (file->empty()) throw UsageError("--catalogue needs a FILE");
    // The run's catalogue applies over the architecture's own `catalogue:` key (issue 21).
    a.catalogue = spec::combine(a.catalogue, io::loadCatalogueFile(*file));
    roadmap::checkCatalogue(a.catalogue);
    return true;
}

void applyGrowthOptions(const Options& options, spec::Architecture& a) {
    std::string error;
    if (auto g = options.value("growth")) {
        const auto rate = io::parseRatio(*g, error);
        if (!rate || !(*rate > 0)) throw UsageError("--growth must be a monthly rate above 0 such as 15% or 0.15, got '" + *g + "'");
        spec::Growth growth = a.growth.value_or(spec::Growth{});
        growth.perMonth = *rate;
        growth.milestones.clear();
        a.growth = growth;
    }
    if (auto t = options.value("today")) {
        const auto day = io::parseIsoDate(*t, error);
        if (!day) throw UsageError("--today: " + error);
        if (!a.growth) throw UsageError("--today dates a growth forecast: the file has no 'growth:' (or give --growth)");
        a.growth->today = *day;
    }
}

void planRange(const Options& options, const spec::Architecture& a, double& from, double& target) {
    if (a.workload.arrivalRate) {
        if (options.value("target")) {
            throw UsageError("the workload is open (arrival_rate): give --target-rate R (requests per second), not --target");
        }
        // The defaults come from the file's rate: out of range, the file is named.
        if (!options.value("target-rate") && !(*a.workload.arrivalRate * 100.0 <= 1e9)) {
            throw spec::InputError(a.workload.keys.at("arrival_rate", a.workload.where),
                                   "an arrival rate this high cannot be planned (at most 1e7/s: the plan goes to 100x it)");
        }
        target = options.rate("target-rate").value_or(*a.workload.arrivalRate * 100.0);
        from = options.rate("from").value_or(defaultFrom(a));
        if (!(target > 0) || target > 1e9) throw UsageError("--target-rate must be above 0 and at most 1e9/s");
        if (!(from > 0)) throw UsageError("--from must be a rate above 0");
        if (from >= target) throw UsageError("--from must be below --target-rate");
        return;
    }
    if (options.value("target-rate")) {
        throw UsageError("--target-rate plans an open workload (arrival_rate): this file grows users; give --target N");
    }
    target = static_cast<double>(options.integer("target", 1).value_or(roadmap::kDefaultTargetUsers));
    if (target > 1e7) throw UsageError("--target must be at most 10,000,000 users");
    from = options.integer("from", 1) ? static_cast<double>(*options.integer("from", 1)) : defaultFrom(a);
    if (from >= target) throw UsageError("--from must be below --target");
}

double defaultFrom(const spec::Architecture& a) {
    const double today = roadmap::todayLoad(a);
    if (a.workload.arrivalRate) return a.growth ? today : today / 10.0;  // a rate: from a tenth of today's
    if (a.growth && today > 0) return today;
    return roadmap::kDefaultFromUsers;
}

}  // namespace headroom::cli
