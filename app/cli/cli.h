#pragma once
// The headroom-cli command table and the small pieces every command shares:
// option parsing, loading an architecture, exit codes. Each command lives in
// its own file (validate.cpp, simulate.cpp, ...) and registers itself with a
// static `Registration` object.

#include "graph/graph.h"
#include "spec/architecture.h"
#include "roadmap/study.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace headroom::cli {

/// Conventional exit codes.
enum ExitCode : int { kOk = 0, kRuntimeFailure = 1, kBadInput = 2 };

/// A wrong command line: printed as "headroom-cli: error: ..." with exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Command-line options of one command: `--name value`, `--name=value`, and
/// `--flag`. Declared up front so unknown options are errors.
class Options {
public:
    /// `valued`: options that take a value; `flags`: options that do not.
    Options(std::vector<std::string> args, const std::vector<std::string>& valued, const std::vector<std::string>& flags);

    [[nodiscard]] const std::vector<std::string>& positional() const { return positional_; }
    [[nodiscard]] bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    [[nodiscard]] std::optional<std::string> value(const std::string& name) const;
    /// Typed getters: throw UsageError naming the option on a bad value.
    [[nodiscard]] std::optional<double> number(const std::string& name) const;
    [[nodiscard]] std::optional<long long> integer(const std::string& name, long long minimum) const;
    [[nodiscard]] std::optional<double> duration(const std::string& name) const;
    [[nodiscard]] std::optional<double> rate(const std::string& name) const;
    /// One of `choices`, or `fallback` when absent.
    [[nodiscard]] std::string choice(const std::string& name, const std::vector<std::string>& choices,
                                     const std::string& fallback) const;

private:
    std::vector<std::string> positional_;
    std::map<std::string, std::string> values_;
    std::map<std::string, bool> flags_;
};

/// Loads and validates an architecture file; warnings go to stderr.
/// Throws spec::InputError on bad input.
/// A file with uncertain values (issue 20) is read at their midpoints, said in one
/// note on stderr unless `noteUncertain` is false (validate, study).
[[nodiscard]] graph::Graph loadGraph(const std::string& path, bool printWarnings = true, bool noteUncertain = true);

/// Applies `--users N` / `--arrival-rate R` overrides to a loaded file and
/// rebuilds the graph (one of the two; they replace the workload's own).
[[nodiscard]] graph::Graph withLoad(const graph::Graph& graph, std::optional<double> users,
                                    std::optional<double> arrivalRate);

/// The planning options shared by roadmap and report: `--growth RATE` (a
/// monthly compound rate, replacing the file's growth forecast) and
/// `--today YYYY-MM-DD` (the date of today's load). Throws UsageError.
void applyGrowthOptions(const Options& options, spec::Architecture& architecture);
/// `--catalogue FILE` (roadmap, report; issue 21): a technology catalogue
/// applied over the architecture's own `catalogue:` key. Throws
/// spec::InputError at a bad key of the file. False when not given.
bool applyCatalogueOption(const Options& options, spec::Architecture& architecture);
/// The range a plan covers, from `--target N` (users) or, for an open
/// workload, `--target-rate R` (requests per second; default 100x today's
/// rate), and `--from` (users, or a rate for an open workload; default
/// defaultFrom). Throws UsageError on the wrong one or a bad range.
void planRange(const Options& options, const spec::Architecture& architecture, double& from, double& target);

/// Where a plan starts when --from is not given: today's load when the file
/// has a growth forecast (the plan is dated from today), else 100 users.
[[nodiscard]] double defaultFrom(const spec::Architecture& architecture);

/// True when stderr is a terminal and CI is not set: progress may be drawn.
[[nodiscard]] bool showProgress();

/// Loads an architecture once: the spec and its validated graph (warnings to stderr).
struct Loaded {
    spec::Architecture spec;
    graph::Graph graph;
};
[[nodiscard]] Loaded loadArchitecture(const std::string& path, bool printWarnings = true);

/// `--max-wall SECONDS` (a number of seconds or a duration): the command's
/// wall-clock budget; `fallback` when absent; 0 = none.
[[nodiscard]] double maxWall(const Options& options, double fallback);

/// Default --max-wall of simulate (one run) and of the planning commands
/// (sweep, roadmap, report: many runs). docs/methods.md, "Every command ends".
inline constexpr double kSimulateMaxWall = 60.0;
inline constexpr double kPlanningMaxWall = 300.0;

/// The planning commands' status line on stderr (when showProgress()): the
/// planner's current step and the study's solve counts with the elapsed
/// time, redrawn at most every 100 ms; and their wall-clock budget.
class StudyStatus {
public:
    /// `maxWallSeconds` 0 = no budget.
    explicit StudyStatus(double maxWallSeconds);
    ~StudyStatus();
    StudyStatus(const StudyStatus&) = delete;
    StudyStatus& operator=(const StudyStatus&) = delete;
    /// Sets the study's progress and cancel hooks (and the planner's step lines).
    void attach(roadmap::StudyOptions& options);
    [[nodiscard]] std::function<void(const std::string&)> stepHook();
    [[nodiscard]] std::function<void(const roadmap::StudyProgress&)> solveHook();
    [[nodiscard]] std::function<bool()> cancelHook();
    /// The budget's end (absent without a budget): every simulation the
    /// command runs gets at most the time left to it (DesBudget::deadline).
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> deadline() const;
    /// The one-line error for a study stopped by the budget (exit code 2).
    [[nodiscard]] std::string budgetError(const std::string& file) const;
    void clear();

private:
    struct State;
    std::shared_ptr<State> state_;
};

struct Command {
    std::string name;
    std::string summary;  ///< one line for --help
    std::string usage;    ///< full usage text for `headroom-cli help NAME`
    std::function<int(const std::vector<std::string>& args)> run;
};

/// All commands, by name.
std::map<std::string, Command>& commands();

/// Registers a command at static-initialisation time.
struct Registration {
    explicit Registration(Command command);
};

}  // namespace headroom::cli
