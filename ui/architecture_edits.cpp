#include "architecture_edits.h"

#include "graph/graph.h"
#include "spec/edits.h"

#include <QObject>

#include <algorithm>
#include <exception>

namespace headroom::ui {

spec::Component* findComponent(spec::Architecture& architecture, const QString& id) {
    return spec::findComponent(architecture, id.toStdString());
}

const spec::Component* findComponent(const spec::Architecture& architecture, const QString& id) {
    return spec::findComponent(architecture, id.toStdString());
}

spec::Host* findHost(spec::Architecture& architecture, const QString& id) { return spec::findHost(architecture, id.toStdString()); }

QString uniqueComponentId(const spec::Architecture& architecture, spec::ComponentKind kind) {
    std::string base = spec::toString(kind);
    if (kind == spec::ComponentKind::LoadBalancer) base = "lb";
    if (kind == spec::ComponentKind::Database) base = "db";
    if (kind == spec::ComponentKind::Service) base = "app";
    return QString::fromStdString(spec::uniqueId(architecture, base));
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
    spec::removeComponent(a, id.toStdString());
    return a;
}

spec::Architecture renameComponent(spec::Architecture a, const QString& from, const QString& to) {
    spec::renameComponent(a, from.toStdString(), to.toStdString());
    return a;
}

spec::Architecture addCall(spec::Architecture a, const QString& from, const QString& to) {
    (void)spec::connect(a, from.toStdString(), to.toStdString());
    return a;
}

spec::Architecture removeCall(spec::Architecture a, const QString& from, const QString& to) {
    spec::disconnect(a, from.toStdString(), to.toStdString());
    return a;
}

QString uniqueHostId(const spec::Architecture& a) { return QString::fromStdString(spec::uniqueId(a, "host")); }

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
