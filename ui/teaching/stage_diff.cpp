#include "stage_diff.h"

#include "spec/entry.h"

#include <algorithm>
#include <map>
#include <set>

namespace headroom::teaching {

namespace {

using spec::Architecture;
using spec::Component;
using spec::ComponentKind;

const Component* findComponent(const Architecture& a, const std::string& id) {
    for (const auto& c : a.components) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

const spec::Host* findHost(const Architecture& a, const std::string& id) {
    for (const auto& h : a.hosts) {
        if (h.id == id) return &h;
    }
    return nullptr;
}

// A component's effective machine: its shared host's figures when placed on one.
int coresOf(const Architecture& a, const Component& c) {
    if (c.host) {
        if (const auto* h = findHost(a, *c.host)) return h->cores;
    }
    return c.cores;
}

int instancesOf(const Architecture& a, const Component& c) {
    if (c.host) {
        if (const auto* h = findHost(a, *c.host)) return h->instances;
    }
    return c.instances;
}

std::string kindWords(ComponentKind kind) {
    switch (kind) {
        case ComponentKind::Service: return "service";
        case ComponentKind::LoadBalancer: return "load balancer";
        case ComponentKind::Cache: return "cache";
        case ComponentKind::Cdn: return "CDN";
        case ComponentKind::Database: return "database";
        case ComponentKind::Queue: return "queue";
        case ComponentKind::External: return "external service";
    }
    return "component";
}

std::string plural(int n, const std::string& word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

std::string machine(const Architecture& a, const Component& c) {
    const int cores = coresOf(a, c);
    const int instances = instancesOf(a, c);
    std::string s = plural(cores, "core");
    if (instances > 1) s = std::to_string(instances) + " x " + s;
    return s;
}

// Who `c` calls, with the classes: "app->db", plus the miss path.
std::set<std::string> targets(const Component& c) {
    std::set<std::string> out;
    for (const auto& call : c.calls) out.insert(call.to);
    if (c.onMiss) out.insert(*c.onMiss);
    return out;
}

std::set<std::string> entrySet(const Architecture& a) {
    const auto all = spec::entries(a);  // the one entry rule (spec/entry.h)
    return {all.begin(), all.end()};
}

std::string join(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
    return out;
}

}  // namespace

std::vector<StageChange> diffStages(const Architecture& before, const Architecture& after) {
    using K = StageChange::Kind;
    std::vector<StageChange> out;
    auto add = [&](K kind, const std::string& id, double b, double a, std::string text) {
        out.push_back(StageChange{kind, id, b, a, std::move(text)});
    };

    if (entrySet(before) != entrySet(after)) {
        add(K::EntryChanged, join(entrySet(after)), 0, 0,
            "requests now enter at " + join(entrySet(after)) + " (before: " + join(entrySet(before)) + ")");
    }
    for (const auto& c : after.components) {
        const Component* old = findComponent(before, c.id);
        if (!old) {
            add(K::ComponentAdded, c.id, 0, 1, "added " + kindWords(c.kind) + " " + c.id + " (" + machine(after, c) + ")");
            continue;
        }
        const bool wasShared = old->host && findHost(before, *old->host);
        const bool isShared = c.host && findHost(after, *c.host);
        if (wasShared && !isShared) {
            add(K::MovedToOwnHost, c.id, 0, 0,
                c.id + " moved off the shared host " + *old->host + " onto its own machine (" + machine(after, c) + ")");
        } else if (!wasShared && isShared) {
            add(K::MovedToSharedHost, c.id, 0, 0, c.id + " now shares host " + *c.host);
        }
        const int ib = instancesOf(before, *old), ia = instancesOf(after, c);
        if (ib != ia) add(K::Instances, c.id, ib, ia, c.id + ": " + plural(ib, "instance") + " -> " + std::to_string(ia));
        const int cb = coresOf(before, *old), ca = coresOf(after, c);
        if (cb != ca) add(K::Cores, c.id, cb, ca, c.id + ": " + plural(cb, "core") + " -> " + std::to_string(ca) + " per machine");
        if (old->replicas != c.replicas) {
            add(K::Replicas, c.id, old->replicas, c.replicas,
                c.id + ": " + plural(old->replicas, "read replica") + " -> " + std::to_string(c.replicas));
        }
        if (old->shards != c.shards) {
            add(K::Shards, c.id, old->shards, c.shards, c.id + ": " + plural(old->shards, "shard") + " -> " + std::to_string(c.shards));
        }
    }
    for (const auto& c : before.components) {
        if (!findComponent(after, c.id)) add(K::ComponentRemoved, c.id, 1, 0, "removed " + kindWords(c.kind) + " " + c.id);
    }
    for (const auto& h : after.hosts) {
        if (!findHost(before, h.id)) add(K::HostAdded, h.id, 0, 1, "added shared host " + h.id + " (" + plural(h.cores, "core") + ")");
    }
    for (const auto& h : before.hosts) {
        if (!findHost(after, h.id)) add(K::HostRemoved, h.id, 1, 0, "removed shared host " + h.id);
    }
    // Calls: only between components present in both stages or new ones;
    // a brand-new component's calls are part of "added".
    for (const auto& c : after.components) {
        const Component* old = findComponent(before, c.id);
        const auto now = targets(c);
        const auto was = old ? targets(*old) : std::set<std::string>{};
        for (const auto& t : now) {
            if (!was.count(t)) add(K::CallAdded, c.id, 0, 1, c.id + " now calls " + t);
        }
        for (const auto& t : was) {
            if (!now.count(t)) add(K::CallRemoved, c.id, 1, 0, c.id + " no longer calls " + t);
        }
    }
    return out;
}

}  // namespace headroom::teaching
