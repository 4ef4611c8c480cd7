#pragma once
// Side-by-side figures of two stages from the analytic solver: capacity in
// users (the breaking point, or "holds to the target"), p95 at one chosen
// load, and cost per month.

#include "stage_analysis.h"

#include <optional>

namespace headroom::teaching {

struct StageFigures {
    double capacityUsers = 0.0;  ///< the breaking load; the target when it holds there
    bool holdsToTarget = false;
    double users = 0.0;          ///< the load p95 was taken at
    double p95 = 0.0;            ///< seconds, analytic (gamma-fit percentile)
    double throughput = 0.0;     ///< user requests per second at `users`
    bool saturated = false;
    double costMonth = 0.0;
};

/// Figures of `architecture` (analysed as `analysis`) at `users`.
[[nodiscard]] StageFigures stageFigures(const spec::Architecture& architecture, const StageAnalysis& analysis,
                                        double users);

}  // namespace headroom::teaching
