#include "architecture_edits.h"

#include "graph/graph.h"

#include <QObject>

#include <algorithm>
#include <exception>

namespace headroom::ui {

spec::Component* findComponent(spec::Architecture& architecture, const QString& id) {
    const std::string key = id.toStdString();
    for (auto& c : architecture.components) {
        if (c.id == key) return &c;
    }
    return nullptr;
}

const spec::Component* findComponent(const spec::Architecture& architecture, const QString& id) {
    const std::string key = id.toStdString();
    for (const auto& c : architecture.components) {
        if (c.id == key) return &c;
    }
    return nullptr;
}

spec::Host* findHost(spec::Architecture& architecture, const QString& id) {
    const std::string key = id.toStdString();
    for (auto& h : architecture.hosts) {
        if (h.id == key) return &h;
    }
    return nullptr;
}

QString uniqueComponentId(const spec::Architecture& architecture, spec::ComponentKind kind) {
    QString base = QString::fromLatin1(spec::toString(kind));
    if (kind == spec::ComponentKind::LoadBalancer) base = QStringLiteral("lb");
    if (kind == spec::ComponentKind::Database) base = QStringLiteral("db");
    if (kind == spec::ComponentKind::Service) base = QStringLiteral("app");
    auto taken = [&](const QString& id) {
        const std::string s = id.toStdString();
        return findComponent(architecture, id) != nullptr ||
               std::any_of(architecture.hosts.begin(), architecture.hosts.end(), [&](const auto& h) { return h.id == s; });
    };
    if (!taken(base)) return base;
    for (int i = 2;; ++i) {
        const QString id = base + QString::number(i);
        if (!taken(id)) return id;
    }
}

spec::Component makeComponent(const spec::Architecture& architecture, spec::ComponentKind kind) {
    using K = spec::ComponentKind;
    spec::Component c;
    c.id = uniqueComponentId(architecture, kind).toStdString();
    c.kind = kind;
    // Typical figures (see the presets' comments): the new box should run as is.
    switch (kind) {
        case K::Service: c.cores = 4; c.demand.fallback = 0.010; c.costMonth = 150; break;
        case K::LoadBalancer: c.cores = 2; c.demand.fallback = 0.0003; c.costMonth = 65; break;
        case K::Cache: c.demand.fallback = 0.00015; c.cache.hitRatio = 0.9; c.costMonth = 110; break;
        case K::Cdn: c.demand.fallback = 0.0; c.latency = 0.02; c.cache.hitRatio = 0.95; c.costMonth = 50; break;
        case K::Database: c.cores = 4; c.demand.fallback = 0.002; c.costMonth = 180; break;
        case K::Queue: c.demand.fallback = 0.0002; c.costMonth = 60; break;
        case K::External: c.demand.fallback = 0.0; c.latency = 0.1; break;
    }
    return c;
}

spec::Architecture removeComponent(spec::Architecture a, const QString& id) {
    const std::string key = id.toStdString();
    a.components.erase(std::remove_if(a.components.begin(), a.components.end(),
                                      [&](const spec::Component& c) { return c.id == key; }),
                       a.components.end());
    for (auto& c : a.components) {
        c.calls.erase(std::remove_if(c.calls.begin(), c.calls.end(), [&](const spec::Call& call) { return call.to == key; }),
                      c.calls.end());
        if (c.onMiss && *c.onMiss == key) c.onMiss.reset();
    }
    if (a.workload.entry && *a.workload.entry == key) a.workload.entry.reset();
    for (auto& m : a.workload.mix) {
        if (m.entry && *m.entry == key) m.entry.reset();
    }
    return a;
}

spec::Architecture renameComponent(spec::Architecture a, const QString& from, const QString& to) {
    const std::string oldId = from.toStdString();
    const std::string newId = to.toStdString();
    for (auto& c : a.components) {
        if (c.id == oldId) c.id = newId;
        for (auto& call : c.calls) {
            if (call.to == oldId) call.to = newId;
        }
        if (c.onMiss && *c.onMiss == oldId) c.onMiss = newId;
    }
    if (a.workload.entry && *a.workload.entry == oldId) a.workload.entry = newId;
    for (auto& m : a.workload.mix) {
        if (m.entry && *m.entry == oldId) m.entry = newId;
    }
    return a;
}

spec::Architecture addCall(spec::Architecture a, const QString& from, const QString& to) {
    spec::Component* caller = findComponent(a, from);
    if (!caller || from == to) return a;
    const std::string target = to.toStdString();
    const bool exists = std::any_of(caller->calls.begin(), caller->calls.end(),
                                    [&](const spec::Call& c) { return c.to == target; });
    if (!exists) {
        spec::Call call;
        call.to = target;
        caller->calls.push_back(call);
    }
    return a;
}

spec::Architecture removeCall(spec::Architecture a, const QString& from, const QString& to) {
    spec::Component* caller = findComponent(a, from);
    if (!caller) return a;
    const std::string target = to.toStdString();
    caller->calls.erase(std::remove_if(caller->calls.begin(), caller->calls.end(),
                                       [&](const spec::Call& c) { return c.to == target; }),
                        caller->calls.end());
    if (caller->onMiss && *caller->onMiss == target) caller->onMiss.reset();
    return a;
}

QString uniqueHostId(const spec::Architecture& a) {
    for (int n = 1;; ++n) {
        const std::string id = n == 1 ? std::string("host") : "host" + std::to_string(n);
        const bool taken = std::any_of(a.hosts.begin(), a.hosts.end(), [&](const spec::Host& h) { return h.id == id; }) ||
                           std::any_of(a.components.begin(), a.components.end(),
                                       [&](const spec::Component& c) { return c.id == id; });
        if (!taken) return QString::fromStdString(id);
    }
}

namespace {
// The keys a component on a shared host must not carry (they belong to the host).
void dropOwnHostKeys(spec::Component& c) {
    c.cores = 1;
    c.instances = 1;
    c.costMonth = 0.0;
    c.failure.reset();
    for (const char* key : {"cores", "instances", "cost_month", "failure"}) c.keys.erase(key);
}
}  // namespace

spec::Architecture addSharedHost(spec::Architecture a, const QString& id, const QStringList& members) {
    spec::Host host;
    host.id = id.toStdString();
    int cores = 0;
    double cost = 0.0;
    for (const QString& m : members) {
        spec::Component* c = findComponent(a, m);
        if (!c) continue;
        if (!c->host) {
            cores += c->cores * c->instances;
            cost += c->costMonth * c->instances;
        }
        dropOwnHostKeys(*c);
        c->host = host.id;
        c->keys.erase("host");
    }
    host.cores = std::max(2, cores);
    host.costMonth = cost;
    a.hosts.push_back(host);
    return a;
}

spec::Architecture removeHost(spec::Architecture a, const QString& id, QString* error) {
    const std::string key = id.toStdString();
    auto it = std::find_if(a.hosts.begin(), a.hosts.end(), [&](const spec::Host& h) { return h.id == key; });
    if (it == a.hosts.end()) {
        if (error) *error = QObject::tr("there is no shared host '%1'").arg(id);
        return a;
    }
    const spec::Host host = *it;
    spec::Architecture after = a;
    after.hosts.erase(after.hosts.begin() + (it - a.hosts.begin()));
    for (auto& c : after.components) {
        if (!c.host || *c.host != key) continue;
        c.host.reset();
        c.keys.erase("host");
        c.cores = host.cores;
        c.instances = host.instances;
        c.costMonth = host.costMonth;
    }
    try {
        (void)graph::build(after);
    } catch (const std::exception& e) {
        if (error) *error = QObject::tr("Cannot delete host '%1': its components cannot each run on a host of their own (%2)")
                                .arg(id, QString::fromStdString(e.what()));
        return a;
    }
    if (error) error->clear();
    return after;
}

spec::Architecture newArchitecture() {
    spec::Architecture a;
    a.name = "New architecture";
    a.workload.users = 1000;
    a.workload.thinkTime = 8.0;
    spec::Component app = makeComponent(a, spec::ComponentKind::Service);
    a.components.push_back(app);
    return a;
}

}  // namespace headroom::ui
