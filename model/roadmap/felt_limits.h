#pragma once
// Limits named for what they are (issue 21). A break is user-felt (p95,
// p99, errors: users notice), a margin (a utilisation policy, a pool's wait:
// a safety line before they do) or a rule (availability, budget, a
// resilience scenario). For a margin the plan says at how many users the
// users would feel it: the first user-felt break of the same architecture
// from the margin on, screened on the log grid and bisected to 2%, then
// placed by the confirming solver (the DES) when one is given.

#include "roadmap/breaking_point.h"
#include "roadmap/roadmap.h"
#include "roadmap/sweep.h"
#include "spec/architecture.h"

#include <optional>

namespace headroom::roadmap {

/// The nature of a break, as the roadmap JSON names it: "user_felt", "margin" or "rule".
[[nodiscard]] const char* breakNature(const BreakingPoint& point);

/// The first load in [from, options.to x 4] at which a user-felt check fails
/// on `architecture`: screened, then placed by `solvers.confirm` (bracket
/// widened by 1.1x steps until the simulation agrees, then bisected to 2%).
/// nullopt when none fails up to there.
[[nodiscard]] std::optional<BreakingPoint> firstFeltBreak(const spec::Architecture& architecture, double from,
                                                          const SearchOptions& options, const Solvers& solvers);

/// Fills feltAtUsers, feltMetric and feltConfirmed of `b` when it is a
/// margin break of `architecture`; returns the user-felt break found above
/// it (nullopt when b is no margin, is felt where it breaks, or nothing is
/// felt in the range). The one rule the plan and Study::crossings() use.
std::optional<BreakingPoint> placeFeltLimit(BreakingPoint& b, const spec::Architecture& architecture,
                                            const SearchOptions& options, const Solvers& solvers);
/// Fills feltAtUsers of every margin break of the plan's phases (each on the
/// phase's `before` architecture).
void placeFeltLimits(Roadmap& roadmap, const SearchOptions& options, const Solvers& solvers);

}  // namespace headroom::roadmap
