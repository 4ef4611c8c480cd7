#pragma once
// Sweeps over the number of users and the search for breaking points.
//
// A Solver answers "what happens at N users" (the analytic solver for
// screening: cheap; the DES for confirmation: trustworthy where the analytic
// model is only approximate — pools, timeouts, non-exponential demands).
// The breaking point of an architecture is found on a logarithmic grid with
// the screening solver, placed by bisection within `precision` (2%: the
// failing load is at most 1.02 x the holding one), then, if a confirming
// solver is given, re-checked with it on both sides and re-bisected where it
// disagrees.

#include "graph/graph.h"
#include "roadmap/breaking_point.h"
#include "roadmap/spike.h"
#include "roadmap/storms.h"
#include "spec/architecture.h"
#include "stats/results.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace headroom::roadmap {

/// Results of `graph` (already built at `users`) at `users` users.
using Solver = std::function<stats::Results(const graph::Graph& graph, double users)>;

struct Solvers {
    Solver screen;   ///< required: the analytic solver in the product
    Solver confirm;  ///< optional: the DES in the product; empty = no confirmation
    /// Optional: load-profile runs (the DES) for the spike scenario; empty = the
    /// spike is judged by `screen` at the peak's steady state (an estimate).
    ProfileSolver profile = {};
    /// Optional: storm runs (the DES with keyed caches, flushes): the
    /// cache_flush and retry_storm scenarios (storms.h); empty = not checked.
    StormSolver storm = {};
};

/// The range a study covers unless told otherwise: from 100 users to the
/// 100,000 the product plans for. Every view's users axis starts from here.
inline constexpr double kDefaultFromUsers = 100.0;
inline constexpr double kDefaultTargetUsers = 100000.0;

struct SearchOptions {
    double from = kDefaultFromUsers;   ///< lowest load considered
    double to = kDefaultTargetUsers;   ///< highest load considered (the target)
    int points = 13;           ///< grid density: the step is 1000^(1/(points-1)) (13 = 1.78x steps, 13 points over 100..100,000)
    double precision = 1.02;   ///< bisection stops when failing/holding <= this
    double confirmPrecision = 1.02;
};

/// The architecture rebuilt at one load (profile dropped): a closed workload
/// of `users` users, or, when the file's workload is open, an arrival rate of
/// `users` requests per second. Databases gain growth.rows_per_month for the
/// months until that load is reached (timeline.h).
[[nodiscard]] graph::Graph graphAtUsers(const spec::Architecture& architecture, double users);

/// `points` loads from `from` to `to`, equally spaced in log (both ends included).
[[nodiscard]] std::vector<double> logGrid(double from, double to, int points);

/// The screening grid of a breaking-point search: from, from x step, ... and
/// `to` itself (the step from options.points, independent of `to`).
[[nodiscard]] std::vector<double> searchGrid(const SearchOptions& options);

/// The load-dependent checks that fail (cost excluded), most severe first.
[[nodiscard]] std::vector<stats::ThresholdCheck> failingChecks(const std::vector<stats::ThresholdCheck>& checks);

/// Solves `architecture` at `users` with `solver` and fills results.thresholds.
[[nodiscard]] stats::Results evaluate(const spec::Architecture& architecture, double users, const Solver& solver);

struct SweepPoint {
    double users = 0.0;
    stats::Results results;  ///< with thresholds filled
    bool holds = true;       ///< every load-dependent threshold holds
};

/// One solve per grid load.
[[nodiscard]] std::vector<SweepPoint> sweep(const spec::Architecture& architecture, const std::vector<double>& users,
                                            const Solver& solver);

/// The first breaking point in [options.from, options.to] with the screening
/// solver, then confirmed (and re-placed) by `solvers.confirm` if given.
/// nullopt when every threshold holds at every grid load up to options.to.
[[nodiscard]] std::optional<BreakingPoint> findBreakingPoint(const spec::Architecture& architecture,
                                                             const SearchOptions& options, const Solvers& solvers);

/// Re-places a screened breaking point with `confirm`: checks the screening
/// bracket's two ends (holding, failing), widens the bracket by 1.25x steps until the two sides disagree,
/// then bisects. Returns the point unchanged (confirmed=false, a note in
/// check.why) when the confirming solver finds no crossing within 4x.
[[nodiscard]] BreakingPoint confirmBreakingPoint(const spec::Architecture& architecture, const BreakingPoint& screened,
                                                 const SearchOptions& options, const Solver& confirm);

/// Every threshold's own first crossing in [from, to], ordered by load: the
/// first one is what breaks first. Each placed within options.precision.
[[nodiscard]] std::vector<BreakingPoint> crossings(const spec::Architecture& architecture, const SearchOptions& options,
                                                   const Solver& solver);

}  // namespace headroom::roadmap
