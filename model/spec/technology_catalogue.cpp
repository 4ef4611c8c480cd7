#include "spec/technology_catalogue.h"

#include "spec/architecture.h"

namespace headroom::spec {

const CatalogueBuild* TechnologyCatalogue::build(ComponentKind kind, const std::string& id) const {
    const auto it = kinds.find(toString(kind));
    if (it == kinds.end()) return nullptr;
    for (const auto& b : it->second.builds) {
        if (b.id == id) return &b;
    }
    return nullptr;
}

bool TechnologyCatalogue::allows(ComponentKind kind, const std::string& id) const {
    return !restricts() || build(kind, id) != nullptr;
}

double TechnologyCatalogue::limit(ComponentKind kind, const std::string& key, double fallback) const {
    const auto it = kinds.find(toString(kind));
    if (it == kinds.end()) return fallback;
    const auto l = it->second.limits.find(key);
    return l == it->second.limits.end() ? fallback : l->second;
}

const std::vector<std::string>& cataloguePriceKeys() {
    static const std::vector<std::string> keys = {
        "core_month",       "database_core_month", "load_balancer_month", "managed_balancer_month",
        "cache_node_month", "cdn_month",           "queue_month",         "pooler_month",
        "service_month",    "max_cores"};
    return keys;
}

const std::vector<std::string>& catalogueLimitKeys(const std::string& kind) {
    static const std::map<std::string, std::vector<std::string>> keys = {
        {"service", {"max_instances"}},
        {"load_balancer", {"max_instances"}},
        {"cache", {"threads_per_node", "max_shards"}},
        {"cdn", {}},
        {"database", {"max_connections", "max_connections_pooled", "max_replicas", "max_shards"}},
        {"queue", {"max_partitions", "max_consumers"}},
        {"external", {}},
    };
    static const std::vector<std::string> none;
    const auto it = keys.find(kind);
    return it == keys.end() ? none : it->second;
}

namespace {

void setPrice(TechnologyCatalogue& c, const std::string& key, double v) {
    if (key == "core_month") c.coreMonth = v;
    else if (key == "database_core_month") c.databaseCoreMonth = v;
    else if (key == "load_balancer_month") c.loadBalancerMonth = v;
    else if (key == "managed_balancer_month") c.managedBalancerMonth = v;
    else if (key == "cache_node_month") c.cacheNodeMonth = v;
    else if (key == "cdn_month") c.cdnMonth = v;
    else if (key == "queue_month") c.queueMonth = v;
    else if (key == "pooler_month") c.poolerMonth = v;
    else if (key == "service_month") c.serviceMonth = v;
    else if (key == "max_cores") c.maxCores = static_cast<int>(v);
}

}  // namespace

TechnologyCatalogue applyOverride(const TechnologyCatalogue& base, const CatalogueOverride& o) {
    TechnologyCatalogue out = base;
    for (const auto& [key, v] : o.prices) setPrice(out, key, v);
    for (const auto& [name, kind] : o.kinds) {
        CatalogueKind& k = out.kinds[name];
        if (kind.builds) {
            std::vector<CatalogueBuild> builds;
            for (size_t i = 0; i < kind.builds->size(); ++i) {
                CatalogueBuild b = (*kind.builds)[i];
                const bool byId = i < kind.builtById.size() && kind.builtById[i];
                if (byId) {
                    // A bare id keeps the entry it replaces (this kind's, else any kind's).
                    const CatalogueBuild* known = nullptr;
                    for (const auto& old : k.builds) known = old.id == b.id ? &old : known;
                    for (const auto& [otherName, other] : out.kinds) {
                        for (const auto& old : other.builds) known = (!known && old.id == b.id) ? &old : known;
                    }
                    if (known) {
                        const SourceLocation where = b.where;
                        b = *known;
                        b.where = where;
                    }
                }
                builds.push_back(std::move(b));
            }
            k.builds = std::move(builds);
        }
        for (const auto& [key, v] : kind.limits) {
            k.limits[key] = v;
            if (auto w = kind.limitWhere.find(key); w != kind.limitWhere.end()) k.limitWhere[key] = w->second;
        }
        if (name == "database") {
            if (auto it = kind.limits.find("max_replicas"); it != kind.limits.end()) out.maxReplicas = static_cast<int>(it->second);
            if (auto it = kind.limits.find("max_shards"); it != kind.limits.end()) out.maxShards = static_cast<int>(it->second);
        }
    }
    if (!o.file.empty()) out.source = out.source.empty() ? o.file : out.source + " + " + o.file;
    return out;
}

CatalogueOverride combine(const CatalogueOverride& first, const CatalogueOverride& second) {
    CatalogueOverride out = first;
    for (const auto& [k, v] : second.prices) out.prices[k] = v;
    for (const auto& [k, v] : second.priceWhere) out.priceWhere[k] = v;
    for (const auto& [name, kind] : second.kinds) {
        auto& k = out.kinds[name];
        if (kind.builds) {
            k.builds = kind.builds;
            k.builtById = kind.builtById;
        }
        for (const auto& [key, v] : kind.limits) k.limits[key] = v;
        for (const auto& [key, v] : kind.limitWhere) k.limitWhere[key] = v;
    }
    out.file = first.file.empty() ? second.file : (second.file.empty() ? first.file : first.file + " + " + second.file);
    return out;
}

}  // namespace headroom::spec
