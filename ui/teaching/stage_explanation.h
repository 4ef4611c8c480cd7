#pragma once
// The explanation panel of one stage, assembled from computed facts only:
// the spec diff from the previous stage, the previous stage's breaking point
// (the threshold that forced this stage), the monthly cost and its delta, and
// what this stage defers (the planner's deferred list, else its own next
// breaking point). Each part keeps the figures it was built from so tests
// compare them with the roadmap code's own output, not with literal text.

#include "stage_analysis.h"
#include "stage_diff.h"

#include <optional>
#include <string>
#include <vector>

namespace headroom::teaching {

struct StageExplanation {
    std::vector<StageChange> changes;               ///< empty for the first stage
    std::optional<roadmap::BreakingPoint> forcedBy; ///< the previous stage's breaking point
    std::string forcedByText;
    double costMonth = 0.0;
    std::optional<double> costDelta;                ///< against the previous stage
    std::string costText;
    std::vector<roadmap::Deferred> deferred;        ///< at most a few, by load
    std::optional<roadmap::BreakingPoint> nextBreak;///< this stage's own breaking point
    std::string defersText;
    std::string breaksText;                         ///< "holds until N users, then ..."
    std::vector<std::string> standingText;          ///< thresholds failing at every load
};

/// `previous`/`previousAnalysis` are null for the first stage.
[[nodiscard]] StageExplanation explainStage(const spec::Architecture* previous, const StageAnalysis* previousAnalysis,
                                            const spec::Architecture& stage, const StageAnalysis& analysis);

/// "1,382" (thousands separators, whole users).
[[nodiscard]] std::string formatUsers(double users);
/// A check's value in its own unit: "81%", "397 ms", "1.2".
[[nodiscard]] std::string formatCheckValue(const std::string& metric, double value);
/// "utilization at vm1 reached 81% (limit 80%)".
[[nodiscard]] std::string describeCheck(const stats::ThresholdCheck& check);

}  // namespace headroom::teaching
