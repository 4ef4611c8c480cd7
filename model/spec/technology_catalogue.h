#pragma once
// The technology catalogue (issue 21): for each component kind, the builds
// that are real for it (a Redis node runs commands on one thread, so more
// cores do not make it faster; a connection pool is fixed by its size or a
// pooler, not by cores; a balancer is made redundant by an HA pair or a
// managed service, not by a balancer in front of it) with their limits, and
// for each build its cost, lead time, downtime, the work it takes, its
// prerequisites and its risks (one line each). Plain structs: the shipped
// file resources/catalogue.yaml is read by io/catalogue_loader, an
// architecture's `catalogue:` key and `--catalogue FILE` override it
// (CatalogueOverride), and the planner offers for a component only the
// builds its kind lists (roadmap/catalogue_rules.h).
//
// The prices (the former roadmap::CostCatalogue, which is now this struct)
// keep their built-in defaults here so that a catalogue made in code prices
// like the shipped file; the file states the same figures (a test holds them
// equal). A catalogue with no kinds (`kinds` empty) restricts nothing: every
// build of the library may be offered (what a catalogue made in code is).

#include "spec/source_location.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace headroom::spec {

enum class ComponentKind;  // spec/architecture.h (which holds a CatalogueOverride)

/// One build real for a kind: the library transformation `id` and its work.
struct CatalogueBuild {
    std::string id;                          ///< a transformation id of the library (add_instances, pool_size, ...)
    std::string title;                       ///< for people: "Raise the connection pool (a configuration change)"
    std::string cost;                        ///< one line: how it is priced ("free: a configuration change")
    double leadTimeDays = 0.0;               ///< decision to carrying load (planning.lead_time overrides)
    std::string downtime;                    ///< one line: "none (a reload)", "a restart of the machine (minutes)"
    std::string work;                        ///< one line: what the team does
    std::vector<std::string> prerequisites;  ///< what must be true first, one line each
    std::string risks;                       ///< one line: what can go wrong (lag, invalidation, affinity, ...)
    SourceLocation where;                    ///< of the entry, for errors (an unknown build id)
};

/// The builds real for one component kind and its limits (per-kind keys, see
/// docs/methods.md "Technology catalogue": threads_per_node, max_shards, ...).
struct CatalogueKind {
    std::vector<CatalogueBuild> builds;
    std::map<std::string, double> limits;
    std::map<std::string, SourceLocation> limitWhere;
};

struct TechnologyCatalogue {
    // --- prices (currency units per month; typical on-demand list prices) ---
    double coreMonth = 37.5;          ///< general-purpose VM, per vCPU (a 4 vCPU m6i.xlarge class ~150)
    double databaseCoreMonth = 90.0;  ///< managed database, per vCPU (a 2 vCPU db.m6i.large class ~180)
    double loadBalancerMonth = 65.0;  ///< a 2 vCPU nginx/HAProxy VM
    double managedBalancerMonth = 45.0;  ///< a managed balancer per capacity unit (hourly fee + its share of capacity units)
    double cacheNodeMonth = 110.0;    ///< one Redis node (cache.m6g.large class)
    double cdnMonth = 100.0;          ///< a flat CDN plan (~1 TB egress); per-request pricing is not modelled
    double queueMonth = 60.0;         ///< a managed queue / small broker (per partition group)
    double poolerMonth = 25.0;        ///< a 1 vCPU VM running PgBouncer
    /// Each deployable unit beyond the first (a functional split): its CI
    /// runners, its own deploy target and monitoring (a small VM's worth).
    double serviceMonth = 150.0;
    double splitServicesLeadTimeDays = 60.0;  ///< one service carved out along a clean seam, with its pipeline
    // --- limits shared by every kind ---
    /// Largest machine scale_up will propose, in cores (vCPUs). Per-core prices
    /// are linear, so without a ceiling "buy a bigger machine" would always win;
    /// real instance families stop (general-purpose sizes past 32 vCPUs are rare
    /// and priced as specialty hardware), and one machine stays one point of
    /// failure however big. `roadmap --max-cores N` changes it.
    int maxCores = 32;
    int maxReplicas = 15;             ///< read replicas per primary (PostgreSQL/Aurora practical limit)
    int maxShards = 256;

    /// By kind name ("service", "load_balancer", "cache", "cdn", "database",
    /// "queue", "external"). Empty: nothing is restricted.
    std::map<std::string, CatalogueKind> kinds;
    std::string source;  ///< where it came from, for people ("resources/catalogue.yaml + app.yaml")

    [[nodiscard]] bool restricts() const { return !kinds.empty(); }
    /// The build `id` listed for `kind`, or nullptr (also when the kind is absent).
    [[nodiscard]] const CatalogueBuild* build(ComponentKind kind, const std::string& id) const;
    /// Whether the catalogue lets `id` be built on a component of `kind`.
    [[nodiscard]] bool allows(ComponentKind kind, const std::string& id) const;
    /// The kind's limit `key`, or `fallback` when the catalogue does not state it.
    [[nodiscard]] double limit(ComponentKind kind, const std::string& key, double fallback) const;
};

/// What a catalogue file or an architecture's `catalogue:` key says: every
/// part optional; applied over a catalogue, a given kind's `builds` replace
/// that kind's list (an entry given by id only keeps the replaced entry's
/// work), given limits and prices replace those values.
struct CatalogueOverride {
    std::map<std::string, double> prices;  ///< YAML key (core_month, ...) -> value
    std::map<std::string, SourceLocation> priceWhere;
    struct Kind {
        std::optional<std::vector<CatalogueBuild>> builds;
        std::vector<bool> builtById;  ///< per build: written as a bare id (keeps the replaced entry's work)
        std::map<std::string, double> limits;
        std::map<std::string, SourceLocation> limitWhere;
    };
    std::map<std::string, Kind> kinds;
    std::string file;  ///< where it was read
    [[nodiscard]] bool empty() const { return prices.empty() && kinds.empty(); }
};

/// The price keys of a catalogue file, in the file's order.
[[nodiscard]] const std::vector<std::string>& cataloguePriceKeys();
/// The limit keys each kind may state (threads_per_node for a cache, ...).
[[nodiscard]] const std::vector<std::string>& catalogueLimitKeys(const std::string& kind);

/// `base` with `override` applied (see CatalogueOverride).
[[nodiscard]] TechnologyCatalogue applyOverride(const TechnologyCatalogue& base, const CatalogueOverride& override);

/// `second` applied after `first`: one override saying both (the later wins key by key; a kind's builds as a whole).
[[nodiscard]] CatalogueOverride combine(const CatalogueOverride& first, const CatalogueOverride& second);

}  // namespace headroom::spec
