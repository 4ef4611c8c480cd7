#pragma once
// The validated, immutable architecture graph both solvers run.
//
// graph::build(spec) checks everything the YAML cannot (dangling names,
// cycles, shares, hosts) and resolves names to dense integer ids. Components,
// hosts and request classes are indexed 0..n-1 in file order.
//
// Two views of the same architecture:
//  - the call structure (Component::calls, onMiss, policy, pools), which the
//    discrete-event engine walks request by request;
//  - queueing stations with per-class demands per user request
//    (Graph::stations), which the analytic solver uses.
// Both are derived from one routing computation (visit ratios), so the two
// solvers cannot disagree about where the traffic goes.

#include "spec/architecture.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headroom::graph {

using spec::BalancingPolicy;
using spec::ComponentKind;
using spec::Discipline;
using spec::Distribution;
using spec::DistributionKind;

struct RequestClass {
    int id = 0;
    std::string name;
    double share = 1.0;  ///< of user requests, sums to 1 over classes
    bool write = false;  ///< writes go to database primaries only
    int entry = 0;       ///< component the class enters at
};

struct Host {
    int id = 0;
    std::string name;
    int cores = 1;
    int instances = 1;
    double costMonth = 0.0;  ///< per instance
    Discipline discipline = Discipline::ProcessorSharing;
    std::optional<spec::Failure> failure;
    /// A component's own host with `autoscale`: `instances` is the starting
    /// count, the simulator's autoscaler (des/autoscaler.h) moves it within [min, max].
    std::optional<spec::Autoscale> autoscale;
    std::vector<int> components;  ///< components placed on it
    bool shared = false;          ///< declared under `hosts:` (not a component's own)
    spec::SourceLocation where;
};

struct Call {
    int to = 0;
    std::vector<bool> forClass;  ///< indexed by class id
    double visits = 1.0;         ///< mean calls per visit of the caller
    bool async = false;          ///< the callee is a queue: the caller does not wait for consumers
    spec::SourceLocation where;
};

struct Component {
    int id = 0;
    std::string name;
    ComponentKind kind = ComponentKind::Service;
    int host = 0;
    std::optional<int> threads;
    std::optional<int> maxQueue;
    std::optional<int> connections;
    std::optional<int> maxInFlight;  ///< admission control: visits present per instance beyond which one is rejected
    Discipline discipline = Discipline::ProcessorSharing;
    std::vector<double> demand;  ///< per class, seconds per visit at the base data size
    Distribution distribution;
    std::optional<double> timeout;
    spec::Retries retries;
    std::vector<Call> calls;
    BalancingPolicy policy = BalancingPolicy::RoundRobin;
    double hitRatio = 0.0;        ///< cache / cdn: effective hit ratio (given or derived)
    std::optional<int> onMiss;    ///< cache / cdn: called on a miss
    /// cache / cdn with a derived hit ratio: its key population, which the
    /// simulator can play key by key (des/key_cache.h, RunConfig::keyedCaches).
    std::optional<spec::CacheModel> keyedCache;
    std::optional<double> retryBudget;                  ///< retries of calls to it: at most this share of first attempts
    std::optional<spec::CircuitBreaker> circuitBreaker; ///< callers stop calling it for a while after errors
    double latency = 0.0;         ///< pure delay per visit (cdn edge, external)
    std::optional<double> rateLimit;
    int replicas = 0;
    double replicaCostMonth = 0.0;
    int shards = 1;
    spec::ShardSkew skew;
    std::optional<spec::DataGrowth> data;
    std::vector<int> callers;     ///< components that call it (or miss to it)
    double wakeup = 0.0;          ///< issue 19: load-dependent demand, spec::Component::wakeup
    double wakeupAfter = 0.0;     ///< issue 19: spec::Component::wakeupAfter
    spec::SourceLocation where;
};

/// One queueing station of the analytic view: `multiplicity` identical
/// copies, each with `servers` cores (0 = a pure delay) and, per class, the
/// demand one user request puts on ONE copy.
struct Station {
    std::string name;            ///< "vm1", "db/replica", "db/shard-hot", "cdn/edge"
    int host = -1;               ///< host id, -1 for delay stations and database copies
    int component = -1;          ///< owning component for database copies and delays
    int servers = 1;             ///< 0 = infinite server (delay)
    int multiplicity = 1;
    Discipline discipline = Discipline::ProcessorSharing;
    std::vector<double> demand;       ///< per class: seconds per user request, response path
    std::vector<double> asyncDemand;  ///< per class: seconds per user request, off the response path
    double costMonth = 0.0;           ///< per copy
};

class Graph {
public:
    [[nodiscard]] const std::string& name() const { return spec_.name; }
    [[nodiscard]] const spec::Architecture& spec() const { return spec_; }
    [[nodiscard]] const spec::Workload& workload() const { return spec_.workload; }
    [[nodiscard]] const spec::Slo& slo() const { return spec_.slo; }
    [[nodiscard]] const std::vector<RequestClass>& classes() const { return classes_; }
    [[nodiscard]] const std::vector<Component>& components() const { return components_; }
    [[nodiscard]] const std::vector<Host>& hosts() const { return hosts_; }
    [[nodiscard]] const Component& component(int id) const { return components_.at(static_cast<size_t>(id)); }
    [[nodiscard]] const Host& host(int id) const { return hosts_.at(static_cast<size_t>(id)); }
    [[nodiscard]] std::optional<int> componentId(std::string_view name) const;
    [[nodiscard]] std::optional<int> hostId(std::string_view name) const;
    [[nodiscard]] std::optional<int> classId(std::string_view name) const;

    /// Demand per visit of `component` for `cls` when `users` are on the
    /// system: the base demand grown with the table size when the component
    /// has `data:` (log2 growth if indexed, linear if not, never below base).
    [[nodiscard]] double demand(int component, int cls, double users) const;

    /// Expected visits to `component` per user request of class `cls`,
    /// on the response path (sync) and off it (behind a queue).
    [[nodiscard]] double visits(int cls, int component) const;
    [[nodiscard]] double asyncVisits(int cls, int component) const;
    /// Of those visits, the share that are reads (false for write classes).
    [[nodiscard]] bool isWrite(int cls) const { return classes_.at(static_cast<size_t>(cls)).write; }

    /// Queueing stations for the analytic solver at a population of `users`
    /// (data growth depends on it). Host stations come first, in host order.
    [[nodiscard]] std::vector<Station> stations(double users) const;
    /// The same stations (same order, servers and copies) with the demands
    /// that `visits` ([class][component], synchronous visits per unit the
    /// caller chooses) put on them, nothing off the response path: the
    /// analytic solver's view of one part of the call graph, e.g. what a
    /// pool's holders do per visit of the pool.
    [[nodiscard]] std::vector<Station> stations(double users, const std::vector<std::vector<double>>& visits) const;

    /// Total cost per month: hosts x instances, plus database replicas and shards.
    [[nodiscard]] double costMonth() const;

    /// Copies sharing one host's load: its instances, and a database's
    /// replicas and shards (each on a copy of its own host).
    [[nodiscard]] double copiesOf(const Host& host) const;

    /// Mean think time Z and, for open workloads, the arrival rate.
    [[nodiscard]] double thinkTime() const { return spec_.workload.thinkTime; }
    [[nodiscard]] bool isOpen() const { return spec_.workload.arrivalRate.has_value(); }

    [[nodiscard]] const std::vector<spec::Warning>& warnings() const { return warnings_; }

private:
    friend Graph build(const spec::Architecture& architecture);
    [[nodiscard]] std::vector<Station> stationsFor(double users, const std::vector<std::vector<double>>& visits,
                                                   const std::vector<std::vector<double>>* asyncVisits) const;
    spec::Architecture spec_;
    std::vector<RequestClass> classes_;
    std::vector<Component> components_;
    std::vector<Host> hosts_;
    std::vector<std::vector<double>> visits_;       // [class][component]
    std::vector<std::vector<double>> asyncVisits_;  // [class][component]
    std::vector<spec::Warning> warnings_;
};

/// Validates and builds. Throws spec::InputError naming FILE:LINE:COL and the
/// key at the first problem; non-fatal findings land in Graph::warnings().
[[nodiscard]] Graph build(const spec::Architecture& architecture);

/// Che's approximation of an LRU cache's hit ratio for `keys` items of
/// Zipf(`zipf`) popularity and room for `capacity` items.
[[nodiscard]] double lruHitRatio(double keys, double capacity, double zipf);

}  // namespace headroom::graph
