#include "spec/field_table.h"

#include "spec/nearest_name.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace headroom::spec {

namespace {

using K = ComponentKind;
using T = ValueType;

// Upper bounds on counts keep a typo from asking the simulator for a billion
// servers (docs/format.md, "Limits").
constexpr double kMaxCores = 1024;
constexpr double kMaxInstances = 10000;
constexpr double kMaxPool = 10'000'000;
constexpr double kMaxReplicas = 64;
constexpr double kMaxShards = 4096;
constexpr double kMaxUsers = 1e7;
constexpr double kMaxRetries = 20;
constexpr double kMaxErlangPhases = 1000;
constexpr double kMaxVisits = 1000;

Bounds atLeast(double minimum) { return Bounds{minimum, false, std::nullopt}; }
Bounds above(double minimum) { return Bounds{minimum, true, std::nullopt}; }
Bounds range(double minimum, double maximum) { return Bounds{minimum, false, maximum}; }

Field row(std::string key, T type, std::string unit, std::string defaultValue, Bounds bounds, std::string doc,
          KindSet kinds = KindSet::all(), std::vector<std::string> choices = {}) {
    Field f;
    f.key = std::move(key);
    f.type = type;
    f.unit = std::move(unit);
    f.defaultValue = std::move(defaultValue);
    f.bounds = bounds;
    f.kinds = kinds;
    f.choices = std::move(choices);
    f.doc = std::move(doc);
    return f;
}

std::vector<FieldTable> makeTables() {
    const KindSet cacheLike{K::Cache, K::Cdn};
    const KindSet database{K::Database};
    const KindSet scalable{K::Service, K::LoadBalancer, K::Cache};
    const KindSet admissible{K::Service, K::LoadBalancer, K::Cache, K::Database, K::External};
    const std::vector<std::string> distributions = {"exponential", "deterministic", "lognormal",
                                                    "erlang",      "hyperexponential", "uniform"};
    std::vector<FieldTable> t;
    t.push_back({"architecture", "the architecture",
                 {
                     row("name", T::Text, "", "", {}, "Shown in titles and reports."),
                     row("description", T::Text, "", "", {}, "Free text."),
                     row("workload", T::Structure, "", "", {}, "Who sends requests (table workload)."),
                     row("slo", T::Structure, "", "", {}, "Thresholds a stage must hold (table slo)."),
                     row("hosts", T::Structure, "", "", {}, "Machines components share (table host)."),
                     row("components", T::Structure, "", "", {}, "What runs (table component); at least one."),
                     row("growth", T::Structure, "", "", {}, "How the load grows from today (table growth): dates the plan."),
                     row("planning", T::Structure, "", "", {}, "How the plan is cut into projects (table planning)."),
                     row("catalogue", T::Structure, "", "", {},
                         "Changes to the technology catalogue for this architecture: prices, per kind the builds and limits (resources/catalogue.yaml's format)."),
                     row("layout", T::Structure, "", "", {},
                         "Where the desktop app draws each card: id: [x, y] (view state; the analysis ignores it)."),
                 }});
    t.push_back({"workload", "workload",
                 {
                     row("users", T::Number, "users", "", Bounds{0.0, true, kMaxUsers},
                         "Closed population (CLI --users overrides)."),
                     row("think_time", T::Duration, "s", "0s", atLeast(0), "Mean think time between a user's requests (exponential)."),
                     row("arrival_rate", T::Rate, "1/s", "", above(0), "Open workload instead of users (CLI --arrival-rate)."),
                     row("entry", T::Text, "", "", {}, "Component requests enter at (default: the one nobody calls)."),
                     row("mix", T::Structure, "", "", {}, "Request classes and their shares (table mix)."),
                     row("profile", T::Structure, "", "", {}, "Changes of load over time (table profile)."),
                 }});
    t.push_back({"mix", "a mix entry",
                 {
                     row("class", T::Text, "", "", {}, "The class's name."),
                     row("share", T::Ratio, "ratio", "", range(0, 1), "Its share of requests; shares sum to 1."),
                     row("write", T::Flag, "", "false", {}, "Writes go to database primaries, never to replicas."),
                     row("entry", T::Text, "", "", {}, "Component this class enters at (default: workload.entry)."),
                 }});
    t.push_back({"profile", "a profile step",
                 {
                     row("at", T::Duration, "s", "", atLeast(0), "When the step starts, from the start of the run."),
                     row("users", T::Number, "users", "", range(0, kMaxUsers), "Closed population from then on."),
                     row("arrival_rate", T::Rate, "1/s", "", {}, "Or open arrival rate from then on."),
                     row("ramp", T::Duration, "s", "0s", atLeast(0), "Time to move linearly to the new level."),
                 }});
    t.push_back({"slo", "slo",
                 {
                     row("p95", T::Duration, "s", "300ms", above(0), "95th percentile response time limit."),
                     row("p99", T::Duration, "s", "1s", above(0), "99th percentile response time limit."),
                     row("error_rate", T::Ratio, "ratio", "0.1%", range(0, 1), "Share of requests that may fail."),
                     row("utilization", T::Ratio, "ratio", "80%", Bounds{0.0, true, 1.0}, "Busiest core's utilisation limit."),
                     row("cache_hit_ratio", T::Ratio, "ratio", "85%", range(0, 1), "Lowest acceptable cache hit ratio."),
                     row("budget_month", T::Number, "currency/month", "", atLeast(0), "Monthly budget (optional)."),
                     row("deploy_wait", T::Duration, "s", "30min", above(0),
                         "Longest acceptable wait for the deploy pipeline (with growth.team)."),
                     row("cost_per_1000_users", T::Number, "currency/month", "", above(0),
                         "Highest acceptable running cost per 1,000 users per month (optional)."),
                     row("resilience", T::Structure, "", "", {},
                         "Scenarios a phase must survive from a load on (table resilience)."),
                 }});
    t.push_back({"resilience", "resilience",
                 {
                     row("from_users", T::Number, "users", "5000", range(0, kMaxUsers),
                         "From this load on a phase holds only if it survives the scenarios; below, they are reported."),
                     row("spike", T::Structure, "", "", {}, "The load spike to survive (table spike)."),
                     row("instance_loss", T::Flag, "", "true", {}, "Survive the loss of any one instance of any tier."),
                     // --- storms (issue 17) ---
                     row("cache_flush", T::Flag, "", "true", {},
                         "Survive every cache emptied at once (restart, deploy, flush); where there is a cache."),
                     row("retry_storm", T::Flag, "", "true", {},
                         "Survive a short overload (x3 for 30 s) with the configured retries; where there are retries."),
                     // --- end storms ---
                 }});
    t.push_back({"spike", "spike",
                 {
                     row("factor", T::Number, "x", "10", Bounds{1.0, true, 1000.0}, "Peak load over the base load."),
                     row("ramp", T::Duration, "s", "60s", atLeast(0), "Time from the base to the peak (linear)."),
                     row("hold", T::Duration, "s", "10min", above(0), "Time at the peak."),
                     row("react", T::Duration, "s", "2min", atLeast(0),
                         "From the ramp's start: after this, errors and p99 must be within the SLO."),
                     row("per_month", T::Number, "1/month", "4", range(0, 1000),
                         "Spikes a month: the autoscaled copies each brings up are priced by it."),
                 }});
    t.push_back({"growth", "growth",
                 {
                     row("today", T::Text, "", "", {}, "The date of workload.users, YYYY-MM-DD (default: the run's date)."),
                     row("users_per_month", T::Ratio, "ratio", "", Bounds{0.0, true, 1.0},
                         "Compound monthly growth of the load (15%); or milestones."),
                     row("milestones", T::Structure, "", "", {}, "Dated loads to reach (table milestone), instead of a rate."),
                     row("rows_per_month", T::Number, "rows", "0", atLeast(0),
                         "Rows each database gains per month besides rows_per_user."),
                     row("team", T::Structure, "", "", {}, "The team and its deploy pipeline (table team)."),
                 }});
    t.push_back({"milestone", "a milestone",
                 {
                     row("date", T::Text, "", "", {}, "When, YYYY-MM-DD; after growth.today and after the one before."),
                     row("users", T::Number, "users", "", Bounds{0.0, true, kMaxUsers}, "Users reached by then (closed workloads)."),
                     row("arrival_rate", T::Rate, "1/s", "", above(0), "Arrival rate reached by then (open workloads)."),
                     row("note", T::Text, "", "", {}, "Why (a launch, a campaign)."),
                 }});
    t.push_back({"team", "team",
                 {
                     row("engineers", T::Number, "engineers", "", Bounds{0.0, true, 1e5}, "Engineers today."),
                     row("engineers_per_month", T::Number, "engineers", "0", range(0, 1e4), "Engineers hired per month."),
                     row("changes_per_engineer_day", T::Number, "changes", "2", range(0, 1000),
                         "Changes each engineer ships per working day (8 hours)."),
                     row("pipeline_time", T::Duration, "s", "25min", above(0),
                         "Time a change holds its deploy pipeline (build, test, deploy)."),
                     row("services", T::Count, "units", "1", range(1, 1000), "Deployable units today, each with its own pipeline."),
                 }});
    t.push_back({"planning", "planning",
                 {
                     row("min_runway", T::Duration, "s", "", atLeast(0),
                         "Shortest life of a phase at the stated growth (default: its longest lead time)."),
                     row("project_cost", T::Number, "currency", "8000", atLeast(0), "One-off cost of a phase (engineering time)."),
                     row("lead_time", T::Structure, "", "", {}, "Lead time per build, by transformation id (14d)."),
                 }});
    t.push_back({"host", "a host",
                 {
                     row("id", T::Text, "", "", {}, "Unique name; components name it in 'host:'."),
                     row("cores", T::Count, "cores", "1", range(1, kMaxCores), "Cores of each instance."),
                     row("instances", T::Count, "instances", "1", range(1, kMaxInstances), "Identical copies."),
                     row("cost_month", T::Number, "currency/month", "0", atLeast(0), "Cost of each instance per month."),
                     row("failure", T::Structure, "", "", {}, "An instance failing (table failure)."),
                 }});
    t.push_back({"failure", "failure",
                 {
                     row("at", T::Duration, "s", "", atLeast(0), "When the instance stops, from the start of the run."),
                     row("recover_after", T::Duration, "s", "", atLeast(0), "How long it stays down (default: the rest of the run)."),
                     row("instance", T::Count, "", "0", range(0, kMaxInstances - 1), "Which instance (0-based)."),
                 }});
    t.push_back({"component", "a component",
                 {
                     row("id", T::Text, "", "", {}, "Unique name; calls, on_miss and entry refer to it."),
                     row("kind", T::Choice, "", "service", {}, "What the component is.", KindSet::all(),
                         {"service", "load_balancer", "cache", "cdn", "database", "queue", "external"}),
                     row("host", T::Text, "", "", {}, "A shared host under hosts:; without it the component has its own."),
                     row("cores", T::Count, "cores", "1", range(1, kMaxCores), "Own host: cores of each instance."),
                     row("instances", T::Count, "instances", "1", range(1, kMaxInstances),
                         "Own host: identical copies behind it (databases use replicas and shards)."),
                     row("cost_month", T::Number, "currency/month", "0", atLeast(0), "Own host: cost of each instance per month."),
                     row("failure", T::Structure, "", "", {}, "Own host: an instance failing (table failure)."),
                     row("threads", T::Count, "requests", "", range(1, kMaxPool),
                         "Requests held at once, incl. waiting on calls (default unlimited)."),
                     row("max_queue", T::Count, "requests", "", range(0, kMaxPool),
                         "Requests waiting for a thread; full = rejected (default unlimited; 0 = reject at once)."),
                     row("connections", T::Count, "connections", "", range(1, kMaxPool),
                         "Pool size: requests beyond it wait (default unlimited)."),
                     row("discipline", T::Choice, "", "ps", {}, "ps = processor sharing, fcfs = first come first served.",
                         KindSet::all(), {"ps", "fcfs"}),
                     row("demand", T::PerClassDuration, "s", "", atLeast(0), "CPU demand per visit, once or per class."),
                     row("distribution", T::Choice, "", "exponential", {}, "Service-time distribution.", KindSet::all(),
                         distributions),
                     row("distribution.cv", T::Number, "", "", atLeast(0),
                         "Coefficient of variation (lognormal; hyperexponential >= 1; uniform <= 0.577)."),
                     row("distribution.k", T::Count, "phases", "", range(1, kMaxErlangPhases), "Erlang phases (cv = 1/sqrt(k))."),
                     row("timeout", T::Duration, "s", "", above(0), "Callers give up after this."),
                     row("retries", T::Structure, "", "", {}, "Retries after a timeout or rejection: N or {max, backoff}."),
                     row("retries.max", T::Count, "retries", "0", range(0, kMaxRetries), "Attempts after the first."),
                     row("retries.backoff", T::Duration, "s", "0s", atLeast(0), "Wait before the first retry; doubles each time."),
                     row("calls", T::Structure, "", "", {}, "Synchronous calls, in order, after the CPU phase (table call)."),
                     row("policy", T::Choice, "", "round_robin", {}, "How requests are spread over the targets.",
                         KindSet{K::LoadBalancer}, {"round_robin", "random", "least_connections", "power_of_two"}),
                     row("hit_ratio", T::Ratio, "ratio", "", range(0, 1),
                         "Share of visits served without calling on_miss; or derived {keys, capacity, zipf, ttl}.", cacheLike),
                     row("hit_ratio.keys", T::Number, "items", "", atLeast(1), "Derived: distinct keys requested.", cacheLike),
                     row("hit_ratio.capacity", T::Number, "items", "", atLeast(0), "Derived: items the cache holds (LRU).", cacheLike),
                     row("hit_ratio.zipf", T::Number, "", "0.9", atLeast(0), "Derived: Zipf exponent of key popularity.", cacheLike),
                     row("hit_ratio.ttl", T::Duration, "s", "", above(0), "Derived: entries expire after this.", cacheLike),
                     row("on_miss", T::Text, "", "", {}, "Component called (by the cache's caller) on a miss.", cacheLike),
                     row("latency", T::Duration, "s", "0s", atLeast(0),
                         "Pure delay per visit (CDN edge, external service; on any component: time off the CPU, network or I/O)."),
                     row("rate_limit", T::Rate, "1/s", "", above(0), "Requests per second accepted; the rest fail.",
                         KindSet{K::External}),
                     row("replicas", T::Count, "replicas", "0", range(0, kMaxReplicas), "Read replicas; reads spread over them.",
                         database),
                     row("replica_cost_month", T::Number, "currency/month", "", atLeast(0),
                         "Cost of each replica (default: as the primary).", database),
                     row("shards", T::Count, "shards", "1", range(1, kMaxShards), "Partitions, each on a host of its own.",
                         database),
                     row("skew", T::Structure, "", "", {}, "Hot shards: {hot_fraction, hot_share}.", database),
                     row("skew.hot_fraction", T::Ratio, "ratio", "0", range(0, 1), "Share of shards that are hot.", database),
                     row("skew.hot_share", T::Ratio, "ratio", "0", range(0, 1), "Share of traffic they receive.", database),
                     row("data", T::Structure, "", "", {}, "Data growth: {rows_per_user, index, base_rows}."),
                     row("data.rows_per_user", T::Number, "rows", "", atLeast(0), "Rows each user adds."),
                     row("data.index", T::Flag, "", "true", {}, "Indexed: demand grows with log(rows), else linearly."),
                     row("data.base_rows", T::Number, "rows", "100000", atLeast(2), "Table size at which demand was measured."),
                     row("autoscale", T::Structure, "", "", {},
                         "Own host: instances follow the load (min, max, target, delay, cooldown, interval, scale_in).", scalable),
                     row("autoscale.min", T::Count, "instances", "1", range(1, kMaxInstances), "Fewest instances kept.", scalable),
                     row("autoscale.max", T::Count, "instances", "", range(1, kMaxInstances),
                         "Most instances ordered (at least min).", scalable),
                     row("autoscale.target_utilization", T::Ratio, "ratio", "60%", Bounds{0.0, true, 1.0},
                         "Mean utilisation per instance the autoscaler aims at.", scalable),
                     row("autoscale.target_in_flight", T::Number, "visits", "", above(0),
                         "Or visits in flight per instance to aim at, instead of utilisation.", scalable),
                     row("autoscale.delay", T::Duration, "s", "90s", atLeast(0),
                         "Provisioning delay: from the order to serving.", scalable),
                     row("autoscale.cooldown", T::Duration, "s", "5min", atLeast(0),
                         "After an action, none in the same direction for this long.", scalable),
                     row("autoscale.interval", T::Duration, "s", "15s", atLeast(1),
                         "How often the load is read and the count decided (1 s or more).", scalable),
                     row("autoscale.scale_in", T::Flag, "", "true", {},
                         "Remove instances when the load falls (one at a time, drained first).", scalable),
                     row("admission", T::Structure, "", "", {},
                         "Load shedding: {max_in_flight}; a visit beyond it is rejected at once.", admissible),
                     row("admission.max_in_flight", T::Count, "requests", "", range(1, kMaxPool),
                         "Visits present at one instance (in service + waiting) beyond which a new one is rejected.",
                         admissible),
                     // --- issue 19: load-dependent demand ---
                     row("wakeup", T::Duration, "s", "0s", atLeast(0),
                         "CPU per visit on top of demand at an idle host, vanishing as it gets busy: demand + wakeup x (1 - busy share)."),
                     row("wakeup_after", T::Duration, "s", "0s", atLeast(0),
                         "The wake-up is paid only by a visit arriving after a quiet spell this long on its host (none arrived)."),
                     // --- end issue 19 ---
                     // --- storms (issue 17): cache dynamics and retry protections ---
                     row("hit_ratio.ttl_jitter", T::Ratio, "ratio", "0", range(0, 1),
                         "Derived: each entry's TTL is ttl x (1 + jitter x U(-1, 1)): expiries spread.", cacheLike),
                     row("hit_ratio.coalesce", T::Flag, "", "false", {},
                         "Derived: one miss per key in flight; the others wait for its answer.", cacheLike),
                     row("hit_ratio.serve_stale", T::Flag, "", "false", {},
                         "Derived: an expired entry is served while one caller refreshes it.", cacheLike),
                     row("retries.jitter", T::Flag, "", "false", {},
                         "Full jitter: each backoff is uniform in [0, backoff x 2^(attempt-1)]."),
                     row("retry_budget", T::Ratio, "ratio", "", range(0, 1),
                         "Retries of calls to this component at most this share of the first attempts."),
                     row("circuit_breaker", T::Structure, "", "", {},
                         "Callers stop calling for open_for once error_rate of their last calls failed."),
                     row("circuit_breaker.error_rate", T::Ratio, "ratio", "50%", Bounds{0.0, true, 1.0},
                         "Share of failed calls (of the last 20 or more) that opens the breaker."),
                     row("circuit_breaker.open_for", T::Duration, "s", "30s", above(0),
                         "How long an open breaker fails calls at once before trying again."),
                     // --- end storms ---
                 }});
    t.push_back({"call", "a call",
                 {
                     row("to", T::Text, "", "", {}, "Id of the called component."),
                     row("classes", T::Text, "", "", {}, "Classes that make this call (default: every class)."),
                     row("visits", T::Number, "visits", "1", range(0, kMaxVisits), "Mean calls per visit of the caller."),
                 }});
    return t;
}

std::string plainNumber(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return buf;
}

// How a value of `type` reads in an error when the text it was written as is not known.
std::string written(const Field& f, double v) {
    char buf[64];
    switch (f.type) {
        case T::Duration: return plainNumber(v) + "s";
        case T::Rate: return plainNumber(v) + "/s";
        case T::Ratio:
            std::snprintf(buf, sizeof buf, "%.10g%%", v * 100.0);
            return buf;
        default: return plainNumber(v);
    }
}

}  // namespace

const char* toString(ValueType type) {
    switch (type) {
        case T::Text: return "text";
        case T::Count: return "count";
        case T::Number: return "number";
        case T::Duration: return "duration";
        case T::Ratio: return "ratio";
        case T::Rate: return "rate";
        case T::Flag: return "flag";
        case T::Choice: return "choice";
        case T::PerClassDuration: return "per-class duration";
        case T::Structure: return "structure";
    }
    return "text";
}

bool Field::numeric() const {
    return type == T::Count || type == T::Number || type == T::Duration || type == T::Ratio || type == T::Rate ||
           type == T::PerClassDuration;
}

std::vector<ComponentKind> KindSet::kinds() const {
    std::vector<ComponentKind> out;
    for (K k : {K::Service, K::LoadBalancer, K::Cache, K::Cdn, K::Database, K::Queue, K::External}) {
        if (contains(k)) out.push_back(k);
    }
    return out;
}

std::string KindSet::names() const {
    const auto list = kinds();
    std::string out;
    for (size_t i = 0; i < list.size(); ++i) {
        if (i > 0) out += i + 1 == list.size() ? " and " : ", ";
        out += toString(list[i]);
    }
    return out;
}

const Field* FieldTable::find(std::string_view key) const {
    for (const auto& f : fields) {
        if (f.key == key) return &f;
    }
    return nullptr;
}

std::vector<std::string> FieldTable::keys() const {
    std::vector<std::string> out;
    for (const auto& f : fields) {
        if (f.key.find('.') == std::string::npos) out.push_back(f.key);
    }
    return out;
}

const std::vector<FieldTable>& fieldTables() {
    static const std::vector<FieldTable> tables = makeTables();
    return tables;
}

const FieldTable& fieldTable(std::string_view name) {
    for (const auto& t : fieldTables()) {
        if (t.name == name) return t;
    }
    throw std::out_of_range("no field table '" + std::string(name) + "'");
}

const Field& field(std::string_view table, std::string_view key) {
    const Field* f = fieldTable(table).find(key);
    if (!f) throw std::out_of_range("no key '" + std::string(key) + "' in field table '" + std::string(table) + "'");
    return *f;
}

std::string quotedKey(const Field& f) { return "'" + f.key + "'"; }

std::string formatLimit(double value) {
    if (value != std::floor(value) || std::abs(value) < 10000 || std::abs(value) > 9e15) return plainNumber(value);
    std::string digits = std::to_string(static_cast<long long>(std::abs(value)));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

std::string boundError(const Field& f, double value, std::string_view writtenAs) {
    const Bounds& b = f.bounds;
    // Within bounds (every value of every valid spec, checked on each graph::build):
    // return before formatting anything.
    if (std::isfinite(value)) {
        if (f.type == T::Count) {
            if (value == std::floor(value) && !(b.maximum && value > *b.maximum) && !(b.minimum && value < *b.minimum)) return {};
        } else if (!(b.minimum && (b.minimumExclusive ? !(value > *b.minimum) : !(value >= *b.minimum))) &&
                   !(b.maximum && !(value <= *b.maximum))) {
            return {};
        }
    }
    const std::string key = quotedKey(f);
    const std::string got = ", got " + (writtenAs.empty() ? written(f, value) : std::string(writtenAs));
    if (!std::isfinite(value)) return key + " must be a finite number" + got;
    if (f.type == T::Count) {
        if (value != std::floor(value)) return key + " must be a whole number";
        if (b.maximum && value > *b.maximum) return key + " must be at most " + formatLimit(*b.maximum) + got;
        if (b.minimum && value < *b.minimum) return key + " must be at least " + formatLimit(*b.minimum) + got;
        return {};
    }
    const bool belowMinimum = b.minimum && (b.minimumExclusive ? !(value > *b.minimum) : !(value >= *b.minimum));
    const bool aboveMaximum = b.maximum && !(value <= *b.maximum);
    if (!belowMinimum && !aboveMaximum) return {};
    if (b.minimum && !b.minimumExclusive && b.maximum) {
        return key + " must be from " + formatLimit(*b.minimum) + " to " + formatLimit(*b.maximum) + got;
    }
    if (aboveMaximum) return key + " must be at most " + formatLimit(*b.maximum) + got;
    if (b.minimumExclusive) {
        return key + " must be greater than " + (*b.minimum == 0 ? std::string("zero") : formatLimit(*b.minimum)) + got;
    }
    if (*b.minimum == 0) return key + " must not be negative" + got;
    return key + " must be at least " + formatLimit(*b.minimum) + got;
}

std::string choiceError(const Field& f, std::string_view writtenAs) {
    for (const auto& c : f.choices) {
        if (c == writtenAs) return {};
    }
    std::string all;
    for (const auto& c : f.choices) all += (all.empty() ? "" : " | ") + c;
    const std::string near = nearestName(std::string(writtenAs), f.choices);
    return quotedKey(f) + " must be one of " + all + ", got '" + std::string(writtenAs) + "'" +
           (near.empty() ? std::string() : " (did you mean '" + near + "'?)");
}

std::string kindError(const Field& f, ComponentKind kind) {
    if (f.kinds.contains(kind)) return {};
    return quotedKey(f) + " applies to " + f.kinds.names() + " components, not to " + toString(kind);
}

std::string boundsText(const Field& f) {
    const Bounds& b = f.bounds;
    if (b.minimum && b.maximum && !b.minimumExclusive) return formatLimit(*b.minimum) + " to " + formatLimit(*b.maximum);
    std::string out;
    if (b.minimum) out = (b.minimumExclusive ? "> " : ">= ") + formatLimit(*b.minimum);
    if (b.maximum) out += (out.empty() ? "<= " : ", <= ") + formatLimit(*b.maximum);
    return out;
}

std::string distributionError(const Distribution& d) {
    if (d.kind == DistributionKind::Hyperexponential && d.cv < 1.0) return "a hyperexponential distribution needs cv >= 1";
    if (d.kind == DistributionKind::Uniform && d.cv > 1.0 / std::sqrt(3.0) + 1e-12) {
        return "a uniform distribution on [0, 2 mean] has cv <= 0.577";
    }
    return {};
}

std::string skewError(const ShardSkew& s) {
    if ((s.hotFraction > 0) != (s.hotShare > 0)) return "'skew' needs both hot_fraction and hot_share";
    return {};
}

std::string autoscaleError(const Component& c) {
    if (!c.autoscale) return {};
    const Autoscale& a = *c.autoscale;
    if (a.max < a.min) {
        return "'autoscale.max' must be at least autoscale.min (" + formatLimit(a.min) + "), got " + formatLimit(a.max);
    }
    if (c.instances < a.min || c.instances > a.max) {
        return "'instances' (" + formatLimit(c.instances) + ", the starting count) must lie within autoscale's min and max (" +
               formatLimit(a.min) + " to " + formatLimit(a.max) + ")";
    }
    return {};
}

std::string autoscaleHostError() {
    return "'autoscale' needs a component with its own host (no 'host:'): it adds and removes the component's own instances";
}

std::string retriesShorthandError() {
    const Bounds& b = field("component", "retries.max").bounds;
    return "'retries' must be a whole number from " + formatLimit(*b.minimum) + " to " + formatLimit(*b.maximum) +
           ", or {max: N, backoff: T}";
}

}  // namespace headroom::spec
