#pragma once
// The prices the planner uses for what a transformation adds, in one place.
// Figures are typical on-demand list prices (rounded, currency units per
// month) of the instance classes the presets in architectures/ are written
// for; an architecture's own `cost_month` always wins where it gives one
// (scaling up a host scales its own price per core). Documented in
// docs/methods.md ("Roadmap planner: cost model").

namespace headroom::roadmap {

struct CostCatalogue {
    double coreMonth = 37.5;          ///< general-purpose VM, per vCPU (a 4 vCPU m6i.xlarge class ~150)
    double databaseCoreMonth = 90.0;  ///< managed database, per vCPU (a 2 vCPU db.m6i.large class ~180)
    double loadBalancerMonth = 65.0;  ///< a 2 vCPU nginx/HAProxy VM (a managed LB costs about the same)
    double cacheNodeMonth = 110.0;    ///< one Redis node (cache.m6g.large class)
    double cdnMonth = 100.0;          ///< a flat CDN plan (~1 TB egress); per-request pricing is not modelled
    double queueMonth = 60.0;         ///< a managed queue / small broker
    double poolerMonth = 25.0;        ///< a 1 vCPU VM running PgBouncer
    /// Each deployable unit beyond the first (a functional split): its CI
    /// runners, its own deploy target and monitoring (a small VM's worth).
    double serviceMonth = 150.0;
    double splitServicesLeadTimeDays = 60.0;  ///< one service carved out along a clean seam, with its pipeline
    /// Largest machine scale_up will propose, in cores (vCPUs). Per-core prices
    /// are linear, so without a ceiling "buy a bigger machine" would always win;
    /// real instance families stop (general-purpose sizes past 32 vCPUs are rare
    /// and priced as specialty hardware), and one machine stays one point of
    /// failure however big. `roadmap --max-cores N` changes it.
    int maxCores = 32;
    int maxReplicas = 15;             ///< read replicas per primary (PostgreSQL/Aurora practical limit)
    int maxShards = 256;
};

}  // namespace headroom::roadmap
