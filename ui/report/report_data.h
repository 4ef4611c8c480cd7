#pragma once
// Everything an audit report says: read from the model's one study of the
// architecture (roadmap::Study: the phases, each threshold's first crossing,
// the chart sweeps, the DES checks at the key loads), so the report's
// numbers are the CLI's and the desktop app's. A plain value: the CLI's
// `report` command and the desktop app's File -> Export report both call
// compute() and then write() (report.h); the writers only format it.

#include "graph/graph.h"
#include "report_uncertainty.h"
#include "roadmap/breaking_point.h"
#include "roadmap/roadmap.h"
#include "roadmap/solvers.h"
#include "roadmap/study.h"
#include "roadmap/sweep.h"
#include "spec/architecture.h"
#include "stats/results.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace headroom::report {

struct CalibrationReport;  // issue 19: report_calibration.h

struct ReportOptions {
    std::string title;        ///< empty = "Scalability audit: <architecture name>"
    std::string author;       ///< empty = not shown
    std::string sourceFile;   ///< the YAML the numbers came from (shown in the assumptions)
    double from = 100.0;      ///< lowest load considered
    double target = 100000.0; ///< users the roadmap must reach
    std::optional<double> budgetMonth;  ///< overrides slo.budget_month
    /// Replaces the file's growth forecast (the CLI's --growth / --today):
    /// the plan is dated from it (phases with needed-by / start-by, the
    /// timeline and "What to start this quarter"). Empty: the file's own.
    std::optional<spec::Growth> growth;
    bool scenarios = true;
    /// How the study places the breaks: by simulation (default, as `roadmap`) or analytic only.
    roadmap::Confirmation confirm = roadmap::Confirmation::Des;
    int chartPoints = 33;     ///< analytic points per chart (log grid)
    /// The planner's DES confirmations (seed, replications, requests per replication).
    roadmap::DesBudget plannerBudget;
    /// The report's own DES runs at the key loads (today, last holding load,
    /// breaking point, final architecture at the target): more replications.
    roadmap::DesBudget confirmationBudget{1, 5, 40000, 40.0, 600.0, 0};
    /// Sets both budgets' seed.
    void setSeed(std::uint64_t seed) {
        plannerBudget.seed = seed;
        confirmationBudget.seed = seed;
    }
    /// One line per step, for a progress display (may be empty).
    std::function<void(const std::string&)> progress;
    /// The study's solve counts, before each solve; and its cancel poll
    /// (roadmap::StudyOptions: the CLI's --max-wall). May be empty.
    std::function<void(const roadmap::StudyProgress&)> studyProgress;
    std::function<bool()> cancelled;
    /// The file's YAML: when it writes values as ranges, the Uncertainty section studies them (empty: none).
    std::string sourceText;
    std::string measurementsFile;  ///< issue 19: a Calibration section from these measurements (report_calibration.h)
};

/// The study's DES checks and plan path (roadmap/study.h): the report only formats them.
using DesCheck = roadmap::DesCheck;
using PlanPoint = roadmap::PlanPoint;

struct ReportData {
    ReportOptions options;
    std::string title;
    std::string generatedOn;       ///< ISO date (local), for the title page
    spec::Architecture architecture;  ///< today's, as loaded
    roadmap::Roadmap roadmap;
    /// Today's architecture: each threshold's own first crossing (analytic
    /// screening), in order of load: the breaking-points table.
    std::vector<roadmap::BreakingPoint> crossings;
    /// Today's architecture from `from` to a little past its breaking point (analytic).
    std::vector<roadmap::SweepPoint> todaySweep;
    /// The plan's path from `from` to the target (analytic, architecture in force).
    std::vector<PlanPoint> planPath;
    std::vector<DesCheck> desChecks;
    /// Per class: visits per user request to each component (today's graph),
    /// [class][component], for the demands table.
    std::vector<std::vector<double>> visits;
    std::vector<std::string> classNames;
    std::vector<std::string> componentNames;
    std::optional<UncertaintyData> uncertainty;  ///< the study of the file's ranges (report_uncertainty.h)
    double wallSeconds = 0.0;  ///< time compute() took
    std::shared_ptr<const CalibrationReport> calibration;  ///< issue 19: null without measurements
};

/// Runs the planner, the sweeps and the DES checks on `graph` (a closed
/// workload: throws spec::InputError naming the workload when it is open).
[[nodiscard]] ReportData compute(const graph::Graph& graph, ReportOptions options);

}  // namespace headroom::report
