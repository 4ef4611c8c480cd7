#pragma once
// The roadmap planner: from a starting architecture, repeatedly find what
// breaks first, try every transformation that applies to it, and build the
// one that buys the most headroom (users gained before the next break) per
// currency unit of monthly cost, the simpler one on a near tie. Stops when
// the target load holds every threshold (verified with the confirming solver
// when one is given), or when nothing affordable helps (target_met = false
// and the reason). The solvers are passed in: the planner never reaches into
// the engine. Deterministic: same input, options and solvers (same seed) ->
// same roadmap.

#include "io/catalogue_loader.h"
#include "roadmap/cost_catalogue.h"
#include "roadmap/roadmap.h"
#include "roadmap/sweep.h"
#include "spec/architecture.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace headroom::roadmap {

struct PlannerOptions {
    SearchOptions search;       ///< from, to (= the target), grid and precision
    /// The technology catalogue (issue 21): prices, and per component kind the
    /// builds the planner may offer and their limits and work. The shipped
    /// resources/catalogue.yaml by default; the architecture's `catalogue:`
    /// key is applied over it by plan().
    CostCatalogue catalogue = io::defaultCatalogue();
    int maxPhases = 40;
    double costFloor = 10.0;    ///< headroom per currency unit divides by max(added cost, this)
    double tieTolerance = 0.10; ///< ratios within 10% of the best are a tie: the simplest wins
    /// The availability rule: from this many users on (0 = never), a tier a
    /// request waits for that runs on a single machine (or a database without
    /// a replica) is a breaking point of its own, "single point of failure"
    /// (roadmap::redundancyChecks). The default: a product with thousands of
    /// users cannot be down for a machine's reboot.
    double redundancyFrom = 5000.0;
    bool scenarios = true;
    /// Issue 21: for each margin break (utilisation policy, pool wait), the
    /// load at which users would feel it (roadmap/felt_limits.h), placed by
    /// the confirming solver when one is given.
    bool feltLimits = true;
    /// Resilience as part of holding: from slo.resilience.from_users on, a
    /// load at which the architecture does not survive the spike or the loss
    /// of one instance (screened) is a break of its own (BreakingPoint::scenario),
    /// fixed like any other with the cheapest build that makes it survive.
    /// Unset (the default in every view: CLI, desktop, report, studies): as
    /// the file says, on when it states an slo.resilience block
    /// (spec::Resilience::stated), so every view of one file plans the same;
    /// `headroom-cli roadmap --resilience / --no-resilience` set it
    /// (docs/methods.md, "Resilience planned"). Read through plansResilience.
    std::optional<bool> resilience;
    SpikeOptions spike;         ///< the spike scenario's profile
    /// Called with one line per step ("phase 2: db utilization at 3,310 users ...").
    std::function<void(const std::string&)> progress;
};

/// Whether the plan of `architecture` holds resilience (PlannerOptions::resilience):
/// as set, else as the file says (an slo.resilience block).
[[nodiscard]] bool plansResilience(const PlannerOptions& options, const spec::Architecture& architecture);

/// What breaks next on `architecture` as users grow from `usersFrom` to the
/// target (options.search.to): the availability rule's break, or the first
/// load break (screened, then placed by the confirming solver when given),
/// or none when the target holds (then verified by the confirming solver).
/// The one rule behind every "first break" shown: each phase of plan() is
/// found by it, and roadmap::Study::firstBreak() is its answer from today.
/// `earlier`: the phases already planned (a limit broken where its phase
/// starts takes its holding side from them).
struct PhaseBreak {
    std::optional<BreakingPoint> point;  ///< nullopt: the target holds
    bool targetVerified = false;         ///< the confirming solver held every threshold at the target
    std::vector<std::string> notes;
};
[[nodiscard]] PhaseBreak nextBreak(const spec::Architecture& architecture, double usersFrom,
                                   const PlannerOptions& options, const Solvers& solvers,
                                   const std::vector<Phase>& earlier = {});

[[nodiscard]] Roadmap plan(const spec::Architecture& architecture, const PlannerOptions& options,
                           const Solvers& solvers);

/// The spike-hours of each phase's autoscaled tiers (Phase::spikeCostMonth,
/// roadmap/spike_cost.h) and of the final architecture at the target; plan() does it.
void priceSpikes(Roadmap& roadmap, const Solver& screen);

/// The scenario checks of a plan (replacing roadmap.scenarios): each phase's
/// built architecture at its break's load (phases that share their load with
/// the next are steps of one build: the last one's), and the final
/// architecture at the target when it is met. Planning with resilience, a
/// storm (issue 17: cache_flush, retry_storm) that a phase survives only with
/// a storm protection gets that protection as a build of the phase
/// (phases[].builds, `protects` the storm's kind, its catalogue cost and lead
/// time), and every later phase and the final architecture keep it. One
/// that no storm protection makes survive gets the cheapest capacity change
/// the planner offers the tier it overloads that does (a bigger machine, a
/// read replica ...: the cheapest 3 by monthly cost then lead time, one DES
/// run each), kept by later phases unless they already have more, its cost
/// carried by their costs and the final cost. The final architecture's
/// storms at the target are planned too (the last phase, or a phase of its
/// own at the target when there is none).
void checkPlanScenarios(Roadmap& roadmap, const Solvers& solvers, const PlannerOptions& options);

/// The architecture with one instance of a tier lost, for each tier that
/// runs copies (a replica of a database with replicas): (name, architecture).
/// An autoscaled tier is left out (it replaces a lost machine itself).
[[nodiscard]] std::vector<std::pair<std::string, spec::Architecture>> instanceLossVariants(
    const spec::Architecture& architecture, double users);

/// The scenario checks on one architecture at `users`: a spike to 10x users
/// within 60 s, held, then back (simulated with `solvers.profile` when given;
/// otherwise an estimate by `solvers.screen` at the peak's steady state), and
/// the loss of one instance of each replicated tier (steady state after the
/// loss, by `solvers.screen`).
///
/// Storms (issue 17): with `solvers.storm` and `protect` (planning with
/// resilience), from slo.resilience.from_users on, a cache_flush scenario where the
/// architecture has a keyed cache (slo.resilience.cache_flush) and a
/// retry_storm where it has retries (slo.resilience.retry_storm). One that
/// fails is run again with each storm protection of the library that
/// applies (cache_coalescing, serve_stale, retry_budget, circuit_breaker);
/// the first that makes it survive is named in `why` and, with `protect`
/// (planning with resilience), counts: the scenario survives, protectedBy
/// names it.
[[nodiscard]] std::vector<Scenario> checkScenarios(const spec::Architecture& architecture, double users, int phase,
                                                   const Solvers& solvers, const SpikeOptions& spike = {},
                                                   bool protect = false);

}  // namespace headroom::roadmap
