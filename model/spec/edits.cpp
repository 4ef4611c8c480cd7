#include "spec/edits.h"

#include <algorithm>
#include <cstdint>

namespace headroom::spec {

namespace {

template <class Items>
auto* byId(Items& items, const std::string& id) {
    auto it = std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

}  // namespace

Component* findComponent(Architecture& a, const std::string& id) { return byId(a.components, id); }
const Component* findComponent(const Architecture& a, const std::string& id) { return byId(a.components, id); }
Host* findHost(Architecture& a, const std::string& id) { return byId(a.hosts, id); }
const Host* findHost(const Architecture& a, const std::string& id) { return byId(a.hosts, id); }

bool idTaken(const Architecture& a, const std::string& id) {
    return findComponent(a, id) != nullptr || findHost(a, id) != nullptr;
}

std::string uniqueId(const Architecture& a, const std::string& base) {
    if (!idTaken(a, base)) return base;
    for (int i = 2;; ++i) {
        std::string id = base + "-" + std::to_string(i);
        if (!idTaken(a, id)) return id;
    }
}

std::string addComponent(Architecture& a, Component component, std::size_t position) {
    component.id = uniqueId(a, component.id);
    std::string id = component.id;
    const auto at = std::min(position, a.components.size());
    a.components.insert(a.components.begin() + static_cast<std::ptrdiff_t>(at), std::move(component));
    return id;
}

void removeComponent(Architecture& a, const std::string& id) {
    a.components.erase(std::remove_if(a.components.begin(), a.components.end(), [&](const Component& c) { return c.id == id; }),
                       a.components.end());
    for (auto& c : a.components) {
        c.calls.erase(std::remove_if(c.calls.begin(), c.calls.end(), [&](const Call& call) { return call.to == id; }),
                      c.calls.end());
        if (c.onMiss && *c.onMiss == id) c.onMiss.reset();
    }
    if (a.workload.entry && *a.workload.entry == id) a.workload.entry.reset();
    for (auto& m : a.workload.mix) {
        if (m.entry && *m.entry == id) m.entry.reset();
    }
}

bool connect(Architecture& a, const std::string& from, const std::string& to) {
    Component* caller = findComponent(a, from);
    if (!caller) return false;
    if (from == to) return true;
    const bool exists = std::any_of(caller->calls.begin(), caller->calls.end(), [&](const Call& c) { return c.to == to; });
    if (!exists) {
        Call call;
        call.to = to;
        caller->calls.push_back(call);
    }
    return true;
}

void disconnect(Architecture& a, const std::string& from, const std::string& to) {
    Component* caller = findComponent(a, from);
    if (!caller) return;
    caller->calls.erase(std::remove_if(caller->calls.begin(), caller->calls.end(), [&](const Call& c) { return c.to == to; }),
                        caller->calls.end());
    if (caller->onMiss && *caller->onMiss == to) caller->onMiss.reset();
}

void renameComponent(Architecture& a, const std::string& from, const std::string& to) {
    for (auto& c : a.components) {
        if (c.id == from) c.id = to;
        for (auto& call : c.calls) {
            if (call.to == from) call.to = to;
        }
        if (c.onMiss && *c.onMiss == from) c.onMiss = to;
    }
    if (a.workload.entry && *a.workload.entry == from) a.workload.entry = to;
    for (auto& m : a.workload.mix) {
        if (m.entry && *m.entry == from) m.entry = to;
    }
}

void renameHost(Architecture& a, const std::string& from, const std::string& to) {
    for (auto& h : a.hosts) {
        if (h.id == from) h.id = to;
    }
    for (auto& c : a.components) {
        if (c.host && *c.host == from) c.host = to;
    }
}

}  // namespace headroom::spec
