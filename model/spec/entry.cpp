#include "spec/entry.h"

#include <algorithm>
#include <set>

namespace headroom::spec {

std::string defaultEntry(const Architecture& architecture) {
    if (architecture.workload.entry) return *architecture.workload.entry;
    std::set<std::string> called;
    for (const auto& c : architecture.components) {
        for (const auto& call : c.calls) called.insert(call.to);
        if (c.onMiss) called.insert(*c.onMiss);
    }
    for (const auto& c : architecture.components) {
        if (!called.count(c.id)) return c.id;
    }
    return {};
}

std::string entryOf(const Architecture& architecture, const ClassMix& mix) {
    return mix.entry ? *mix.entry : defaultEntry(architecture);
}

std::vector<std::string> entries(const Architecture& architecture) {
    std::vector<std::string> out;
    auto add = [&](const std::string& id) {
        if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    };
    if (architecture.workload.mix.empty()) add(defaultEntry(architecture));
    for (const auto& m : architecture.workload.mix) add(entryOf(architecture, m));
    return out;
}

}  // namespace headroom::spec
