#pragma once
// What teaching mode shows about one stage, computed from the model with the
// analytic solver (instant enough to precompute all eight stages on a worker
// thread): every threshold's first crossing (roadmap::crossings), the stage's
// breaking point, its cost, the roadmap planner's deferred list from it, the
// load ramp (comfortable -> breaking) and a curve of the breaking threshold
// and of p95 over 100..100,000 users for the chart. An immutable value: it
// crosses from the worker thread to the UI.

#include "roadmap/breaking_point.h"
#include "roadmap/roadmap.h"
#include "roadmap/sweep.h"
#include "spec/architecture.h"
#include "stats/results.h"

#include <optional>
#include <string>
#include <vector>

namespace headroom::teaching {

struct AnalysisOptions {
    roadmap::SearchOptions search;  ///< 100 .. 100,000 users, 2% precision (the roadmap's defaults)
    int curvePoints = 40;           ///< chart samples on a log grid
    double comfortableFraction = 0.5;  ///< the ramp starts at this share of the breaking load
    bool plan = true;               ///< run the planner (analytic only) for the deferred list
};

struct StageAnalysis {
    /// Every load-dependent threshold's first crossing, by load (roadmap::crossings).
    std::vector<roadmap::BreakingPoint> crossings;
    /// The stage's breaking point: the first crossing of a threshold that
    /// held at some load in the range (the roadmap's "what breaks first"
    /// among the thresholds growth can break); nullopt when it holds to the target.
    std::optional<roadmap::BreakingPoint> breaking;
    /// Thresholds failing already at the lowest load (not caused by growth).
    std::vector<roadmap::BreakingPoint> standing;
    double costMonth = 0.0;
    double target = 100000.0;
    /// The planner's deferred list starting from this stage (analytic screening).
    std::vector<roadmap::Deferred> deferred;
    bool planned = false;
    /// The load ramp: from a comfortable load to the breaking load (or the target).
    double comfortableUsers = 0.0;
    double breakingUsers = 0.0;
    /// Chart: users on a log grid, p95 (s) and the breaking threshold's value
    /// as a share of its limit (roadmap::severity: > 1 = broken).
    std::vector<double> curveUsers;
    std::vector<double> curveP95;
    std::vector<double> curveSeverity;
    std::vector<stats::Results> curveResults;  ///< the solves behind the curve, thresholds filled
    double sloP95 = 0.3;
};

/// Runs the analysis (a few hundred analytic solves: well under a second per preset).
[[nodiscard]] StageAnalysis analyzeStage(const spec::Architecture& architecture, const AnalysisOptions& options = {});

/// `metric` at `where` in `checks`, or nullptr.
[[nodiscard]] const stats::ThresholdCheck* findCheck(const std::vector<stats::ThresholdCheck>& checks,
                                                     const std::string& metric, const std::string& where);

/// The component ids of `architecture` that a check's `where` names: the
/// component itself, every component on a named host, the owner of a
/// database copy ("db/replica" -> db); empty for "system".
[[nodiscard]] std::vector<std::string> componentsAt(const spec::Architecture& architecture, const std::string& where);

}  // namespace headroom::teaching
