#include "roadmap/catalogue_rules.h"

#include <stdexcept>

namespace headroom::roadmap {

using spec::ComponentKind;

namespace {

ComponentKind componentKind(const graph::Graph& g, int c) {
    const auto& comp = g.component(c);
    if (comp.kind == ComponentKind::Service) {
        for (int caller : comp.callers) {
            if (g.component(caller).kind == ComponentKind::Queue) return ComponentKind::Queue;  // a consumer
        }
    }
    return comp.kind;
}

}  // namespace

ComponentKind buildKind(const graph::Graph& g, const std::string&, const TransformationParams& params) {
    if (params.target.empty()) return ComponentKind::Service;
    if (auto c = g.componentId(params.target)) return componentKind(g, *c);
    if (auto h = g.hostId(params.target)) {
        const auto& host = g.host(*h);
        for (int c : host.components) {
            if (g.component(c).kind == ComponentKind::Database) return ComponentKind::Database;
        }
        if (!host.components.empty()) return componentKind(g, host.components.front());
    }
    return ComponentKind::Service;
}

void checkCatalogue(const spec::CatalogueOverride& catalogue) {
    for (const auto& [kind, k] : catalogue.kinds) {
        if (!k.builds) continue;
        for (const auto& b : *k.builds) {
            if (!findTransformation(b.id)) {
                std::string known;
                for (const auto& t : transformations()) known += (known.empty() ? "" : ", ") + t.id;
                throw spec::InputError(b.where, "unknown build '" + b.id + "' for " + kind + " (the library has " + known + ")");
            }
        }
    }
}

spec::TechnologyCatalogue catalogueFor(const spec::TechnologyCatalogue& base, const spec::Architecture& a) {
    if (a.catalogue.empty()) return base;
    checkCatalogue(a.catalogue);
    return spec::applyOverride(base, a.catalogue);
}

void describeWork(Build& build, const spec::TechnologyCatalogue& catalogue, ComponentKind kind) {
    build.kind = spec::toString(kind);
    const spec::CatalogueBuild* entry = catalogue.build(kind, build.transformation);
    if (!entry) return;
    build.title = entry->title;
    build.costNote = entry->cost;
    build.downtime = entry->downtime;
    build.work = entry->work;
    build.prerequisites = entry->prerequisites;
    build.risks = entry->risks;
    if (entry->leadTimeDays > 0) build.leadTimeDays = entry->leadTimeDays;
}

}  // namespace headroom::roadmap
