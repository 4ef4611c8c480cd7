#pragma once
// What an architecture YAML file says, as plain structs (no validation beyond
// types and units: graph::build does the cross-checks). Units are SI: seconds,
// requests per second, ratios in [0, 1]. Every struct keeps the location of its
// node and of each key written, so later errors can name FILE:LINE:COL.
// The format is documented key by key in docs/format.md.

#include "spec/source_location.h"
#include "spec/technology_catalogue.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace headroom::spec {

/// A value given either once for every class (`demand: 4ms`) or per class
/// (`demand: {page: 4ms, write: 9ms}`); a class not listed gets `fallback`
/// (the `default:` entry), or nothing.
struct PerClassDuration {
    std::optional<double> fallback;
    std::map<std::string, double> byClass;
    [[nodiscard]] bool empty() const { return !fallback && byClass.empty(); }
    /// Seconds for `className`, or nullopt when neither listed nor defaulted.
    [[nodiscard]] std::optional<double> forClass(const std::string& className) const;
};

struct ClassMix {
    std::string name;
    double share = 1.0;
    bool write = false;               ///< `write: true` — goes to a database primary, never a replica
    std::optional<std::string> entry; ///< component the class enters at (default: workload.entry)
    SourceLocation where;
    KeyLocations keys;
};

struct ProfileStep {
    double at = 0.0;                     ///< seconds from the start of the run
    std::optional<double> users;         ///< closed population from `at` on
    std::optional<double> arrivalRate;   ///< or open arrival rate from `at` on
    double ramp = 0.0;                   ///< seconds to move linearly to the new level
    SourceLocation where;
    KeyLocations keys;
};

struct Workload {
    std::optional<double> users;        ///< closed population
    double thinkTime = 0.0;             ///< mean, exponential, seconds
    std::optional<double> arrivalRate;  ///< open workload, per second
    std::optional<std::string> entry;   ///< default entry component
    std::vector<ClassMix> mix;          ///< empty = one class "request"
    std::vector<ProfileStep> profile;
    SourceLocation where;
    KeyLocations keys;
};

/// The spike a phase must survive (slo.resilience.spike): the load rises to
/// `factor` times its level within `ramp`, stays for `hold`; from `react`
/// after the ramp starts, errors and p99 must be within the SLO again.
struct SpikeSpec {
    double factor = 10.0;
    double ramp = 60.0;
    double hold = 600.0;
    double react = 120.0;
    /// How many such spikes a month brings (campaigns, launches, deadlines):
    /// what the copies an autoscaler adds for each are priced by (the
    /// spike-hours of roadmap/spike_cost.h). Default 4: one a week.
    double perMonth = 4.0;
    SourceLocation where;
    KeyLocations keys;
};

/// Resilience as part of holding (slo.resilience): from `fromUsers` on, a
/// phase holds only if it also survives the spike and the loss of any one
/// instance; below it the scenarios are reported, not required.
struct Resilience {
    double fromUsers = 5000.0;
    SpikeSpec spike;
    bool instanceLoss = true;
    // Storms (issue 17): checked where the architecture has a cache (retries).
    bool cacheFlush = true;  ///< every cache emptied at once (restart, deploy, flush)
    bool retryStorm = true;  ///< a short overload (x3 for 30 s) with the configured retries
    SourceLocation where;    ///< where the block is; line 0 when the file has none

    /// The file states an slo.resilience block (even an empty one): the plan
    /// then holds only what survives it, in every view (roadmap::plansResilience).
    [[nodiscard]] bool stated() const { return where.line > 0; }
    KeyLocations keys;
};

struct Slo {
    double p95 = 0.300;
    double p99 = 1.0;
    double errorRate = 0.001;
    double utilization = 0.80;
    double cacheHitRatio = 0.85;
    std::optional<double> budgetMonth;
    /// Longest acceptable wait for the deploy pipeline (growth.team): the team threshold.
    double deployWait = 1800.0;
    /// Highest acceptable running cost per 1,000 users per month: the cost-curve threshold.
    std::optional<double> costPer1000Users;
    Resilience resilience;
    SourceLocation where;
    KeyLocations keys;
};

struct Failure {
    double at = 0.0;                    ///< the instance stops at this time
    std::optional<double> recoverAfter; ///< and comes back after this long
    int instance = 0;                   ///< which instance (0-based)
    SourceLocation where;
    KeyLocations keys;
};

struct Host {
    std::string id;
    int cores = 1;
    int instances = 1;
    double costMonth = 0.0;
    std::optional<Failure> failure;
    SourceLocation where;
    KeyLocations keys;
};

enum class ComponentKind { Service, LoadBalancer, Cache, Cdn, Database, Queue, External };
enum class Discipline { ProcessorSharing, Fcfs };
enum class BalancingPolicy { RoundRobin, Random, LeastConnections, PowerOfTwoChoices };
enum class DistributionKind { Exponential, Deterministic, Lognormal, Erlang, Hyperexponential, Uniform };

struct Distribution {
    DistributionKind kind = DistributionKind::Exponential;
    double cv = 1.0;  ///< coefficient of variation (lognormal, hyperexponential, uniform)
    int k = 1;        ///< phases (erlang); cv = 1/sqrt(k)
    SourceLocation where;
};

struct Call {
    std::string to;
    std::vector<std::string> classes;  ///< empty = every class
    double visits = 1.0;               ///< mean calls per visit of the caller
    SourceLocation where;
    KeyLocations keys;
};

struct Retries {
    int max = 0;
    double backoff = 0.0;  ///< seconds before the first retry; doubles each time
    bool jitter = false;   ///< full jitter: each wait uniform in [0, backoff x 2^(attempt-1)] (issue 17)
};

/// Hit ratio of a cache: given, or derived from a key population.
struct CacheModel {
    std::optional<double> hitRatio;
    // Derived: `keys` items with Zipf(`zipf`) popularity, an LRU of `capacity`
    // items, entries expiring after `ttl` seconds.
    std::optional<double> keys;
    std::optional<double> capacity;
    double zipf = 0.9;
    std::optional<double> ttl;
    // Storm protections (issue 17), honoured by the simulator's keyed cache
    // (des/key_cache.h): each entry's TTL is ttl x (1 + ttlJitter x U(-1, 1));
    // with `coalesce` one miss per key is in flight, the others wait for it;
    // with `serveStale` an expired entry is served while one caller refreshes it.
    double ttlJitter = 0.0;
    bool coalesce = false;
    bool serveStale = false;
};

/// A circuit breaker on calls to a component (issue 17): a caller that saw
/// at least `errorRate` of its last calls to it fail (over at least 20 calls)
/// fails the next ones at once, without calling, for `openFor` seconds.
struct CircuitBreaker {
    double errorRate = 0.5;
    double openFor = 30.0;
};

/// Autoscaling of a component's own host (docs/methods.md, "Autoscaling and
/// admission control"): every `interval` the tier's mean utilisation (or
/// visits in flight per instance) over the last interval sets the desired
/// count ceil(active x observed / target), clamped to [min, max]; new
/// instances serve after `delay`; no second action in the same direction
/// within `cooldown`; scale-in drains one instance at a time.
struct Autoscale {
    int min = 1;
    int max = 1;
    double targetUtilization = 0.60;       ///< ratio in (0, 1]
    std::optional<double> targetInFlight;  ///< visits per instance: the target instead of utilisation
    double delay = 90.0;                   ///< seconds from the order to serving (provisioning)
    double cooldown = 300.0;               ///< seconds after an action before another in the same direction
    double interval = 15.0;                ///< seconds between evaluations
    bool scaleIn = true;
};

/// Admission control (load shedding): a visit arriving at an instance that
/// already holds `maxInFlight` visits (in service or waiting for a thread)
/// is rejected at once instead of queueing.
struct Admission {
    int maxInFlight = 1;
};

struct ShardSkew {
    double hotFraction = 0.0;  ///< share of shards that are hot
    double hotShare = 0.0;     ///< share of traffic they receive
};

struct DataGrowth {
    double rowsPerUser = 0.0;
    bool index = true;
    double baseRows = 100000.0;  ///< table size at which `demand` was measured
    /// Rows added by time rather than by users (growth.rows_per_month times the
    /// months until a load is reached): not a YAML key, set by the roadmap's
    /// timeline when it builds the graph at a load.
    double timeRows = 0.0;
};

struct Component {
    std::string id;
    ComponentKind kind = ComponentKind::Service;
    std::optional<std::string> host;  ///< shared host; otherwise one of its own
    int cores = 1;                    ///< own host: cores
    int instances = 1;                ///< own host: identical copies
    double costMonth = 0.0;           ///< own host: cost of each copy
    std::optional<Failure> failure;   ///< own host: an instance failing
    std::optional<int> threads;       ///< unlimited when absent
    std::optional<int> maxQueue;      ///< unlimited when absent
    std::optional<int> connections;   ///< unlimited when absent (database pool)
    Discipline discipline = Discipline::ProcessorSharing;
    PerClassDuration demand;          ///< CPU demand per visit
    Distribution distribution;
    std::optional<double> timeout;
    Retries retries;
    std::vector<Call> calls;
    BalancingPolicy policy = BalancingPolicy::RoundRobin;  ///< load_balancer
    CacheModel cache;                 ///< cache, cdn
    std::optional<std::string> onMiss;
    double latency = 0.0;             ///< cdn edge / external: pure delay per visit
    std::optional<double> rateLimit;  ///< external: requests per second accepted
    int replicas = 0;                 ///< database read replicas
    double replicaCostMonth = -1.0;   ///< per replica; < 0 = same as the primary
    int shards = 1;
    ShardSkew skew;
    std::optional<DataGrowth> data;
    std::optional<Autoscale> autoscale;  ///< own host only; `instances` is the starting count
    std::optional<Admission> admission;
    // --- issue 19: load-dependent demand ---
    /// `wakeup`: seconds of CPU each visit pays on top of `demand` when its
    /// host is idle, vanishing as the host gets busy: the visit's demand is
    /// demand + wakeup * (1 - busy share of the host's cores at its arrival)
    /// (docs/methods.md, "Load-dependent demand"). 0 = constant demand.
    double wakeup = 0.0;
    /// `wakeup_after`: the wake-up is paid only by a visit that arrives after
    /// a quiet spell of at least this long on its host instance (no visit
    /// arrived there for that time): a machine and a process that have slept
    /// that long pay the deep wake-up, one woken again soon does not. 0 =
    /// every visit pays it, times (1 - busy share) as above.
    double wakeupAfter = 0.0;
    // --- end issue 19 ---
    /// Retries of calls to this component at most this share of the first
    /// attempts (a token bucket per component, issue 17); absent = unlimited.
    std::optional<double> retryBudget;
    std::optional<CircuitBreaker> circuitBreaker;
    SourceLocation where;
    KeyLocations keys;
};

/// A dated point of the growth forecast: the load reached by `date`.
struct Milestone {
    int date = 0;                       ///< days since 1970-01-01
    std::optional<double> users;        ///< closed workloads
    std::optional<double> arrivalRate;  ///< open workloads (per second)
    std::string note;
    SourceLocation where;
    KeyLocations keys;
};

/// The engineering team and its deploy pipeline (the team-size threshold).
struct Team {
    double engineers = 0.0;
    double engineersPerMonth = 0.0;
    double changesPerEngineerDay = 2.0;
    double pipelineTime = 1500.0;  ///< seconds a change holds its pipeline (build, test, deploy)
    int services = 1;              ///< deployable units today, each with its own pipeline
    SourceLocation where;
    KeyLocations keys;
};

/// How the load grows from today: a compound monthly rate or dated milestones.
struct Growth {
    std::optional<int> today;           ///< days since 1970-01-01; default: the run's date
    std::optional<double> perMonth;     ///< users_per_month (a ratio: 0.15 = 15%)
    std::vector<Milestone> milestones;  ///< or these, in date order
    double rowsPerMonth = 0.0;          ///< rows each database gains per month besides rows_per_user
    std::optional<Team> team;
    SourceLocation where;
    KeyLocations keys;
};

/// How the plan is cut into projects.
struct Planning {
    std::optional<double> minRunway;           ///< seconds; default: the longest lead time in the phase
    double projectCost = 8000.0;               ///< one-off cost of a phase (engineering time)
    std::map<std::string, double> leadTime;    ///< transformation id -> seconds (overrides the catalogue)
    SourceLocation where;
    KeyLocations keys;                         ///< also each lead_time entry as "lead_time.<id>"
};

/// Where the desktop app drew a card (`layout:`): view state only, never read by the analysis.
struct Position {
    double x = 0.0;
    double y = 0.0;
    bool operator==(const Position&) const = default;
};

// ---- Uncertain inputs (issue 20, DESIGN.md "Studies: uncertainty and scale-out") ----
/// A value written as a range, `{low: 15ms, high: 30ms}` or `20ms ± 30%`
/// (uniform between low and high). The loaded spec holds its midpoint (or the
/// value a study's sample gave it: io::loadString's `sampled`); the range is
/// kept here for `headroom-cli study`.
struct UncertainValue {
    std::string name;       ///< "app.demand.page", "workload.think_time": where it sits, for rankings
    SourceLocation where;   ///< the value in the file
    double low = 0.0;       ///< in the key's SI unit (seconds, ratio, per second, ...)
    double high = 0.0;
    bool whole = false;     ///< a count: sampled values are rounded to whole numbers
    [[nodiscard]] double midpoint() const { return at(0.5); }
    /// The value at `u` in [0, 1] of the range (rounded for a count).
    [[nodiscard]] double at(double u) const;
};
// ---- end uncertain inputs ----

struct Architecture {
    std::string name;
    std::string description;
    Workload workload;
    Slo slo;
    std::optional<Growth> growth;
    Planning planning;
    /// `catalogue:` (issue 21): this architecture's changes to the technology catalogue.
    CatalogueOverride catalogue;
    std::vector<Host> hosts;
    std::vector<Component> components;
    /// `layout:` card positions by component id ("@users" = the users' card); empty = automatic layout.
    std::map<std::string, Position> layout;
    SourceLocation where;  ///< the file itself
    KeyLocations keys;
    /// Every value written as a range, in file order (issue 20); empty = none.
    std::vector<UncertainValue> uncertain;
};

[[nodiscard]] const char* toString(ComponentKind kind);
[[nodiscard]] const char* toString(Discipline discipline);
[[nodiscard]] const char* toString(BalancingPolicy policy);
[[nodiscard]] const char* toString(DistributionKind kind);

}  // namespace headroom::spec
