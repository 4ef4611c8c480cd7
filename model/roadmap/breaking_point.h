#pragma once
// Where an architecture stops holding its SLO as users grow: the load, the
// threshold that fails first, and how sure we are (screened by the analytic
// solver, confirmed by the DES on both sides).

#include "stats/results.h"

#include <string>
#include <vector>

namespace headroom::roadmap {

struct BreakingPoint {
    double users = 0.0;          ///< first load found to fail (within the search precision)
    double lastGoodUsers = 0.0;  ///< highest load found to hold (0 when it fails at the lowest load tried)
    stats::ThresholdCheck check; ///< what breaks first: the most severe failing check at `users`
    std::vector<stats::ThresholdCheck> failing;  ///< every load-dependent check failing at `users`
    double analyticUsers = 0.0;  ///< where the screening solver placed it
    bool confirmed = false;      ///< a confirming solver (DES) agreed: holds at lastGoodUsers, fails at users
    std::string method = "analytic";  ///< solver that placed `users`
    /// A resilience break (slo.resilience): the scenario it fails, "spike" or
    /// "instance_loss"; `check` is then what fails in the scenario (at the
    /// spike's peak, or with one instance lost). Empty for a load or rule break.
    std::string scenario;
    /// A margin (issue 21: a utilisation policy or pool-wait line, a safety
    /// line before users notice): the load at which the first user-felt limit
    /// (p95, p99, errors) breaks on the same architecture; 0 = not placed
    /// (not a margin, or none below 4x the target). roadmap/felt_limits.h.
    double feltAtUsers = 0.0;
    std::string feltMetric;      ///< the user-felt metric that breaks there
    bool feltConfirmed = false;  ///< placed by the simulation (DES), not only screened
};

}  // namespace headroom::roadmap
