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

struct Phase {
    double usersFrom = 0.0;
    double usersTo = 0.0;  ///< = breaks.users
    BreakingPoint breaks;
    Build build;
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
    int phase = 0;  ///< 1-based phase whose built architecture was tested (0 = the starting one)
    double users = 0.0;
    bool survives = false;
    std::string why;
    std::optional<SpikeOutcome> spike;  ///< the spike's measured figures (simulated spikes only)
};

struct Roadmap {
    std::string architecture;  ///< name of the starting architecture
    double from = 100.0;       ///< lowest load considered (the study's range starts here)
    double target = 100000.0;
    bool targetMet = false;
    std::string reason;        ///< when the target is not met: why (nothing helps, budget too small, ...)
    double costMonthFinal = 0.0;
    std::vector<Phase> phases;
    std::vector<Deferred> deferred;
    std::vector<Scenario> scenarios;
    spec::Architecture initial;
    spec::Architecture final;  ///< the architecture after the last build
    bool finalVerified = false;  ///< the confirming solver (DES) held every threshold at the target
    std::vector<std::string> notes;
};

}  // namespace headroom::roadmap
