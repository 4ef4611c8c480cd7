#pragma once
// The phased plan from today's load to the target: an immutable value type
// matching the roadmap JSON contract of docs/architecture.md, plus each phase's
// architecture before and after its build (the GUI shows them, the report
// draws them, and they can be saved as YAML).

#include "roadmap/breaking_point.h"
#include "roadmap/spike.h"
#include "roadmap/transformations.h"
#include "spec/architecture.h"

#include <optional>
#include <string>
#include <vector>

namespace headroom::roadmap {

struct Build {
    std::string transformation;  ///< Transformation::id
    TransformationParams params;
    std::string rationale;
    double costMonthBefore = 0.0;
    double costMonthAfter = 0.0;
    double headroomUsers = 0.0;  ///< users gained before the next break (capped at the target)
    double leadTimeDays = 0.0;   ///< from decision to carrying load (catalogue or planning.lead_time)
    /// The scenario this build made the architecture survive (spike |
    /// instance_loss | cache_flush | retry_storm): a protection's cost is the
    /// cost of resilience.
    std::string protects;
    // The work it takes, from the technology catalogue (issue 21; empty when the catalogue does not list it).
    std::string kind;                        ///< the component kind it acts on ("database", ...)
    std::string title;                       ///< the catalogue's name for it
    std::string costNote;                    ///< how it is priced, one line
    std::string downtime;                    ///< one line
    std::string work;                        ///< one line
    std::vector<std::string> prerequisites;  ///< one line each
    std::string risks;                       ///< one line
};

/// One change the planner evaluated against a phase's break, in the order it
/// ranked them (the build chosen first): what the "Build next" panel offers
/// as alternatives, each with the architecture it would give.
struct Alternative {
    std::string transformation;  ///< Transformation::id; two changes in a row as "first+second"
    TransformationParams params;  ///< of the (last) change
    std::string rationale;
    double costMonthAfter = 0.0;
    double headroomUsers = 0.0;   ///< users gained before the next break (0: it does not move the limit)
    double headroomPerCost = 0.0; ///< headroomUsers / max(added monthly cost, PlannerOptions::costFloor)
    bool chosen = false;
    std::string why;              ///< why it was chosen, or why it lost
    spec::Architecture after;     ///< the phase's `before` with this change applied
};

/// A phase is a project: a band of load held by the architecture in force,
/// ending where `breaks` is reached, and the builds done together so that
/// they carry the load from there (`builds`, the first of them also as
/// `build`). With a growth forecast it is dated: `neededBy` is when the break
/// is reached, `startBy` that minus the longest lead time of its builds.
struct Phase {
    double usersFrom = 0.0;
    double usersTo = 0.0;  ///< = breaks.users
    BreakingPoint breaks;
    Build build;                ///< = builds.front() (an empty transformation: nothing helps)
    std::vector<Build> builds;  ///< done together; each as the planner found it, in order
    std::optional<int> neededBy;  ///< days since 1970-01-01 (growth given)
    std::optional<int> startBy;
    double runwayDays = 0.0;      ///< the band's length in days at the stated growth (growth given)
    double minRunwayDays = 0.0;   ///< what it had to last: planning.min_runway or its longest lead time
    double leadTimeDays = 0.0;    ///< the longest lead time of its builds
    bool late = false;            ///< startBy is before today: start now, it is already an emergency
    /// What the phase pays per month for capacity needed only later in its
    /// band: its builds' monthly cost against the cheapest architecture the
    /// planner found that holds its first day's load (the first build alone).
    double overProvisioningMonth = 0.0;
    /// The spike-hours of its autoscaled tiers (roadmap/spike_cost.h): the
    /// copies the spikes of slo.resilience bring up on `after` at usersTo
    /// (the load its scenarios are checked at), from each order until it is
    /// drained, priced per month. Paid on top of costMonthAfter(); part of
    /// its resilience cost. `spikeCostMonthBefore`: the same for `before`.
    double spikeCostMonth = 0.0;
    double spikeCostMonthBefore = 0.0;
    std::string spikeCostNote;  ///< how: copies, copy-hours per spike, price, spikes a month

    /// Monthly cost once all its builds are done (build.costMonthBefore is the cost before them).
    [[nodiscard]] double costMonthAfter() const {
        return builds.empty() ? build.costMonthAfter : builds.back().costMonthAfter;
    }
    /// The builds of the phase: `builds`, or the one `build` of a phase made
    /// by the planner directly (before grouping), or none.
    [[nodiscard]] std::vector<Build> allBuilds() const {
        if (!builds.empty()) return builds;
        if (build.transformation.empty()) return {};
        return {build};
    }
    spec::Architecture before;  ///< the architecture that breaks at usersTo
    spec::Architecture after;   ///< with the build applied: what runs from usersTo on
    std::vector<Alternative> alternatives;  ///< every change evaluated here, ranked (empty on the second step of a pair)
};

struct Deferred {
    std::string transformation;
    double neededAtUsers = 0.0;
    std::string why;
};

struct Scenario {
    std::string name;
    std::string kind;         ///< spike | instance_loss | cache_flush | retry_storm (the Resilience contract's scenarios[].kind)
    bool required = false;    ///< at or above slo.resilience.from_users: the phase holds only if it survives
    std::string protectedBy;  ///< the build that made it survive (a protection the planner chose), if any
    int phase = 0;  ///< 1-based phase whose built architecture was tested (0 = the starting one)
    double users = 0.0;
    bool survives = false;
    std::string why;
    std::optional<SpikeOutcome> spike;  ///< the spike's measured figures (simulated spikes only)
};

/// The running cost per 1,000 users at one point of the plan.
struct CostPoint {
    double users = 0.0;
    std::optional<int> date;
    double costMonth = 0.0;
    double costPer1000Users = 0.0;
};

struct Roadmap {
    std::string architecture;  ///< name of the starting architecture
    double from = 100.0;       ///< lowest load considered (the study's range starts here)
    double target = 100000.0;
    bool targetMet = false;
    std::string reason;        ///< when the target is not met: why (nothing helps, budget too small, ...)
    double costMonthFinal = 0.0;
    double spikeCostMonthFinal = 0.0;  ///< the final architecture's spike-hours at the target (Phase::spikeCostMonth)
    std::vector<Phase> phases;
    std::vector<Deferred> deferred;
    std::vector<Scenario> scenarios;
    spec::Architecture initial;
    spec::Architecture final;  ///< the architecture after the last build
    bool finalVerified = false;  ///< the confirming solver (DES) held every threshold at the target
    std::vector<std::string> notes;

    // The timeline (growth given; see roadmap/timeline.h).
    bool openWorkload = false;        ///< loads are arrival rates (requests per second), not users
    std::optional<int> today;         ///< days since 1970-01-01
    std::optional<int> targetDate;    ///< when the target load is reached at the stated growth
    double horizonMonths = 0.0;       ///< today .. the target's date
    double costTotalHorizon = 0.0;    ///< running cost summed over the horizon + project_cost per phase
    double costTotalStepwise = 0.0;   ///< the same for the plan built one step at a time (each step a project)
    int stepCount = 0;                ///< the steps the planner found (before they were grouped into phases)
    std::vector<CostPoint> costCurve; ///< at each phase's start and end
    std::optional<BreakingPoint> costBreak;  ///< where cost per 1,000 users first passes slo.cost_per_1000_users
};

/// The running cost per month of what was built for resilience (builds that
/// protect against a scenario) up to and including phase `phase` (0-based),
/// plus the phase's spike-hours (its autoscaled copies during the spikes):
/// what surviving the spike and the loss of one instance costs that phase.
[[nodiscard]] inline double resilienceCostMonth(const Roadmap& roadmap, size_t phase) {
    double sum = 0.0;
    for (size_t i = 0; i <= phase && i < roadmap.phases.size(); ++i) {
        for (const auto& b : roadmap.phases[i].allBuilds()) {
            if (!b.protects.empty()) sum += b.costMonthAfter - b.costMonthBefore;
        }
    }
    if (phase < roadmap.phases.size()) sum += roadmap.phases[phase].spikeCostMonth;
    return sum;
}

}  // namespace headroom::roadmap
