#pragma once
// What changed between two scaling stages, computed from the two specs (not
// written by hand): components and hosts added or removed, a component moved
// off a shared host, instances, cores, read replicas, shards, new or dropped
// calls, a different entry point. Teaching mode's "What changed" list.

#include "spec/architecture.h"

#include <string>
#include <vector>

namespace headroom::teaching {

struct StageChange {
    enum class Kind {
        ComponentAdded,
        ComponentRemoved,
        HostAdded,
        HostRemoved,
        MovedToOwnHost,
        MovedToSharedHost,
        Instances,
        Cores,
        Replicas,
        Shards,
        CallAdded,
        CallRemoved,
        EntryChanged,
    };
    Kind kind = Kind::ComponentAdded;
    std::string component;  ///< the component (or host) concerned
    double before = 0.0;    ///< for counts: the old value
    double after = 0.0;     ///< ... and the new one
    std::string text;       ///< one plain-language line
};

/// The changes from `before` to `after`, components in `after`'s file order.
[[nodiscard]] std::vector<StageChange> diffStages(const spec::Architecture& before, const spec::Architecture& after);

}  // namespace headroom::teaching
