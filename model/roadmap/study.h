#pragma once
// One study of one architecture: the answer every consumer reads.
//
// The CLI (sweep, roadmap, report), the desktop app's panels, teaching mode
// and the audit report all show the same figures because they all read one
// Study: the chart sweep, every threshold's first crossing, THE first break,
// the phased plan, the plan's path and the DES checks at the loads a summary
// quotes. Each part is computed once, on first use, with solvers memoised per
// (architecture, load, method) and the seed of the options, so asking for the
// plan after the first break reuses the first break's simulations.
//
// The first break is nextBreak() from today's load (planner.h): the rule
// that also finds each phase of the plan, so firstBreak() ==
// plan().phases.front().breaks by construction, and crossings() starts with it.
//
// Not thread-safe: a study is computed on one (worker) thread; its parts are
// values and are copied to whoever shows them. See docs/architecture.md.

#include "roadmap/breaking_point.h"
#include "roadmap/planner.h"
#include "roadmap/roadmap.h"
#include "roadmap/solvers.h"
#include "roadmap/sweep.h"
#include "spec/architecture.h"
#include "stats/results.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace headroom::roadmap {

/// How the study's breaks are placed: screened by the analytic solver only,
/// or screened and then confirmed (re-placed) by the simulation.
enum class Confirmation { None, Des };

[[nodiscard]] const char* toString(Confirmation confirmation);

struct StudyOptions {
    /// The range (search.from .. search.to = the target), the rules (availability,
    /// machine ceiling), the spike profile, scenarios on/off, progress lines.
    PlannerOptions planner;
    Confirmation confirm = Confirmation::Des;
    /// The simulations that confirm breaks (seed, replications, run length).
    DesBudget budget;
    /// The DES checks at the loads a summary quotes (desChecks()): longer runs.
    DesBudget checkBudget{1, 5, 40000, 40.0, 600.0, 0};
    int chartPoints = 33;  ///< analytic points of the chart sweeps (log grid)
    /// Polled before every solve; when it returns true the study throws StudyCancelled.
    std::function<bool()> cancelled;

    [[nodiscard]] double from() const { return planner.search.from; }
    [[nodiscard]] double target() const { return planner.search.to; }
    /// Sets both budgets' seed.
    void setSeed(std::uint64_t seed) {
        budget.seed = seed;
        checkBudget.seed = seed;
    }
};

/// Thrown out of a study's computation when StudyOptions::cancelled says so.
struct StudyCancelled {};

/// A point of the plan's path: the architecture in force at `users` when the
/// roadmap is followed (phase 0 = today's architecture), solved analytically.
struct PlanPoint {
    double users = 0.0;
    int phase = 0;
    stats::Results results;  ///< thresholds filled
};

/// One DES run at a load a summary quotes, beside the analytic figure.
struct DesCheck {
    std::string label;         ///< "today's load", "last load that holds", ...
    std::string architecture;  ///< name of the architecture run
    double users = 0.0;
    stats::Results des;        ///< thresholds filled
    stats::Results analytic;   ///< thresholds filled
    bool holds = true;         ///< every load-dependent threshold holds in the DES
};

class Study {
public:
    /// Throws spec::InputError naming the workload when it is open (a study
    /// grows a closed population).
    Study(spec::Architecture architecture, StudyOptions options);
    /// With solvers of the caller's (tests; the GUI's cancellable analytic solver).
    Study(spec::Architecture architecture, StudyOptions options, Solvers solvers);

    [[nodiscard]] const spec::Architecture& architecture() const { return architecture_; }
    [[nodiscard]] const StudyOptions& options() const { return options_; }
    /// "analytic" or "des": the method that placed the breaks.
    [[nodiscard]] std::string method() const;

    /// Today's architecture on a log grid over the range (analytic, chartPoints).
    const std::vector<SweepPoint>& sweep();
    /// The same grid solved by `solver` instead (e.g. `sweep --method des`).
    [[nodiscard]] std::vector<SweepPoint> sweepWith(const Solver& solver, const std::vector<double>& grid) const;
    /// What breaks first as users grow from today: nullopt when the target holds.
    const std::optional<BreakingPoint>& firstBreak();
    /// Every threshold's own first crossing in the range, ordered by load,
    /// the first break first (the availability rule included as `rule`).
    /// The others are placed by the screening solver; none is placed below
    /// the first break (the confirming solver held them all there).
    const std::vector<BreakingPoint>& crossings();
    /// The phased plan to the target. phases.front().breaks == *firstBreak().
    const Roadmap& plan();
    /// The plan's path from `from` to the target (analytic, the architecture
    /// in force at each load, both sides of every build), for charts.
    const std::vector<PlanPoint>& planPath();
    /// Today's architecture from `from` to 3x its first break (at least 10x
    /// `from`, at most the target): the chart that shows the knee.
    const std::vector<SweepPoint>& todaySweep();
    /// DES runs (checkBudget) at today's load, the last load that holds, the
    /// first break and the final architecture at the target.
    const std::vector<DesCheck>& desChecks();

    /// The solvers the study uses (memoised, cancellable).
    [[nodiscard]] const Solvers& solvers() const { return solvers_; }

private:
    void init(Solvers solvers);

    spec::Architecture architecture_;
    StudyOptions options_;
    Solvers solvers_;
    std::optional<std::vector<SweepPoint>> sweep_;
    std::optional<std::optional<BreakingPoint>> firstBreak_;
    std::vector<std::string> firstBreakNotes_;
    bool firstBreakVerified_ = false;
    std::optional<std::vector<BreakingPoint>> crossings_;
    std::optional<Roadmap> plan_;
    std::optional<std::vector<PlanPoint>> planPath_;
    std::optional<std::vector<SweepPoint>> todaySweep_;
    std::optional<std::vector<DesCheck>> desChecks_;
};

}  // namespace headroom::roadmap
