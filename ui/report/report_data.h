#pragma once
// Everything an audit report says, computed once (issue 7): the roadmap
// planner's phases, each threshold's first crossing for today's architecture,
// analytic sweeps for the charts, and DES runs that confirm the key loads
// with confidence intervals. A plain value: the CLI's `report` command and
// the desktop app's File -> Export report both call compute() and then
// writeHtml() / writePdf() (report.h); the writers only format it.

#include "graph/graph.h"
#include "roadmap/breaking_point.h"
#include "roadmap/roadmap.h"
#include "roadmap/solvers.h"
#include "roadmap/sweep.h"
#include "spec/architecture.h"
#include "stats/results.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace headroom::report {

struct ReportOptions {
    std::string title;        ///< empty = "Scalability audit: <architecture name>"
    std::string author;       ///< empty = not shown
    std::string sourceFile;   ///< the YAML the numbers came from (shown in the assumptions)
    double from = 100.0;      ///< lowest load considered
    double target = 100000.0; ///< users the roadmap must reach
    std::optional<double> budgetMonth;  ///< overrides slo.budget_month
    bool scenarios = true;
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
};

/// One DES run at a key load, beside the analytic figure for the same point.
struct DesCheck {
    std::string label;          ///< "today's load", "last load that holds", ...
    std::string architecture;   ///< name of the architecture run
    double users = 0.0;
    stats::Results des;         ///< thresholds filled
    stats::Results analytic;    ///< thresholds filled
    bool holds = true;          ///< every load-dependent threshold holds in the DES
};

/// A point of the plan's path: the architecture in force at `users` when
/// the roadmap is followed (phase 0 = today's architecture).
struct PlanPoint {
    double users = 0.0;
    int phase = 0;
    stats::Results results;  ///< analytic, thresholds filled
};

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
    double wallSeconds = 0.0;  ///< time compute() took
};

/// Runs the planner, the sweeps and the DES checks on `graph` (a closed
/// workload: throws spec::InputError naming the workload when it is open).
[[nodiscard]] ReportData compute(const graph::Graph& graph, ReportOptions options);

}  // namespace headroom::report
