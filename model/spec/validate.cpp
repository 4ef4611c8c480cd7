#include "spec/validate.h"

#include "spec/field_table.h"

#include <string>

namespace headroom::spec {

namespace {

// The checks of one struct: its table, its key locations and its own location.
class Checker {
public:
    Checker(const char* table, const KeyLocations& keys, const SourceLocation& where)
        : table_(fieldTable(table)), keys_(keys), where_(where) {}

    /// Where `key` was written; a nested key ("retries.max") falls back to its parent's location.
    [[nodiscard]] SourceLocation at(const std::string& key) const {
        const auto dot = key.rfind('.');
        const SourceLocation& parent = dot == std::string::npos ? where_ : at(key.substr(0, dot));
        return keys_.at(key, parent);
    }

    void bound(const std::string& key, double value) const {
        const std::string error = boundError(row(key), value);
        if (!error.empty()) throw InputError(at(key), error);
    }
    void bound(const std::string& key, const std::optional<double>& value) const {
        if (value) bound(key, *value);
    }
    void bound(const std::string& key, const std::optional<int>& value) const {
        if (value) bound(key, static_cast<double>(*value));
    }
    void rule(const std::string& key, const std::string& error) const {
        if (!error.empty()) throw InputError(at(key), error);
    }
    /// A key of another kind, written in the file or set to other than its default.
    void kind(const std::string& key, ComponentKind kind, bool set) const {
        if (!set && !keys_.has(key)) return;
        const std::string error = kindError(row(key), kind);
        if (!error.empty()) throw InputError(at(key), error);
    }

private:
    [[nodiscard]] const Field& row(const std::string& key) const {
        const Field* f = table_.find(key);
        if (!f) throw std::logic_error("spec::validate: no row '" + key + "' in field table '" + table_.name + "'");
        return *f;
    }

    const FieldTable& table_;
    const KeyLocations& keys_;
    const SourceLocation& where_;
};

void checkFailure(const std::optional<Failure>& failure) {
    if (!failure) return;
    const Checker f("failure", failure->keys, failure->where);
    f.bound("at", failure->at);
    f.bound("recover_after", failure->recoverAfter);
    f.bound("instance", static_cast<double>(failure->instance));
}

void checkWorkload(const Workload& w) {
    const Checker check("workload", w.keys, w.where);
    check.bound("users", w.users);
    check.bound("think_time", w.thinkTime);
    check.bound("arrival_rate", w.arrivalRate);
    for (const auto& m : w.mix) Checker("mix", m.keys, m.where).bound("share", m.share);
    for (const auto& s : w.profile) {
        const Checker step("profile", s.keys, s.where);
        step.bound("at", s.at);
        step.bound("users", s.users);
        step.bound("arrival_rate", s.arrivalRate);
        step.bound("ramp", s.ramp);
    }
}

void checkSlo(const Slo& s) {
    const Checker check("slo", s.keys, s.where);
    check.bound("p95", s.p95);
    check.bound("p99", s.p99);
    check.bound("error_rate", s.errorRate);
    check.bound("utilization", s.utilization);
    check.bound("cache_hit_ratio", s.cacheHitRatio);
    check.bound("budget_month", s.budgetMonth);
    check.bound("deploy_wait", s.deployWait);
    check.bound("cost_per_1000_users", s.costPer1000Users);
    const Checker resilience("resilience", s.resilience.keys, s.resilience.where);
    resilience.bound("from_users", s.resilience.fromUsers);
    const SpikeSpec& spike = s.resilience.spike;
    const Checker sp("spike", spike.keys, spike.where);
    sp.bound("factor", spike.factor);
    sp.bound("ramp", spike.ramp);
    sp.bound("hold", spike.hold);
    sp.bound("react", spike.react);
    sp.bound("per_month", spike.perMonth);
}

void checkGrowth(const std::optional<Growth>& growth) {
    if (!growth) return;
    const Checker check("growth", growth->keys, growth->where);
    check.bound("users_per_month", growth->perMonth);
    check.bound("rows_per_month", growth->rowsPerMonth);
    for (const auto& m : growth->milestones) {
        const Checker milestone("milestone", m.keys, m.where);
        milestone.bound("users", m.users);
        milestone.bound("arrival_rate", m.arrivalRate);
    }
    if (growth->team) {
        const Team& t = *growth->team;
        const Checker team("team", t.keys, t.where);
        team.bound("engineers", t.engineers);
        team.bound("engineers_per_month", t.engineersPerMonth);
        team.bound("changes_per_engineer_day", t.changesPerEngineerDay);
        team.bound("pipeline_time", t.pipelineTime);
        team.bound("services", static_cast<double>(t.services));
    }
}

void checkPlanning(const Planning& p) {
    const Checker check("planning", p.keys, p.where);
    check.bound("min_runway", p.minRunway);
    check.bound("project_cost", p.projectCost);
    for (const auto& [id, seconds] : p.leadTime) {
        if (!(seconds >= 0)) throw InputError(p.keys.at("lead_time." + id, p.where), "a lead time must not be negative");
    }
}

void checkHost(const Host& h) {
    const Checker check("host", h.keys, h.where);
    check.bound("cores", static_cast<double>(h.cores));
    check.bound("instances", static_cast<double>(h.instances));
    check.bound("cost_month", h.costMonth);
    checkFailure(h.failure);
}

void checkComponent(const Component& c) {
    const Component defaults;
    const Checker check("component", c.keys, c.where);
    check.bound("cores", static_cast<double>(c.cores));
    check.bound("instances", static_cast<double>(c.instances));
    check.bound("cost_month", c.costMonth);
    checkFailure(c.failure);
    check.bound("threads", c.threads);
    check.bound("max_queue", c.maxQueue);
    check.bound("connections", c.connections);
    if (c.demand.fallback) check.bound("demand", *c.demand.fallback);
    for (const auto& [cls, seconds] : c.demand.byClass) check.bound("demand", seconds);
    check.bound("distribution.cv", c.distribution.cv);
    check.bound("distribution.k", static_cast<double>(c.distribution.k));
    check.rule("distribution", distributionError(c.distribution));
    check.bound("timeout", c.timeout);
    check.bound("retries.max", static_cast<double>(c.retries.max));
    check.bound("retries.backoff", c.retries.backoff);
    for (const auto& call : c.calls) Checker("call", call.keys, call.where).bound("visits", call.visits);
    check.bound("hit_ratio", c.cache.hitRatio);
    check.bound("hit_ratio.keys", c.cache.keys);
    check.bound("hit_ratio.capacity", c.cache.capacity);
    check.bound("hit_ratio.zipf", c.cache.zipf);
    check.bound("hit_ratio.ttl", c.cache.ttl);
    check.bound("latency", c.latency);
    check.bound("rate_limit", c.rateLimit);
    check.bound("replicas", static_cast<double>(c.replicas));
    if (c.replicaCostMonth >= 0 || c.keys.has("replica_cost_month")) check.bound("replica_cost_month", c.replicaCostMonth);
    check.bound("shards", static_cast<double>(c.shards));
    check.bound("skew.hot_fraction", c.skew.hotFraction);
    check.bound("skew.hot_share", c.skew.hotShare);
    check.rule("skew", skewError(c.skew));
    if (c.data) {
        check.bound("data.rows_per_user", c.data->rowsPerUser);
        check.bound("data.base_rows", c.data->baseRows);
    }
    if (c.autoscale) {
        const Autoscale& a = *c.autoscale;
        check.bound("autoscale.min", static_cast<double>(a.min));
        check.bound("autoscale.max", static_cast<double>(a.max));
        check.bound("autoscale.target_utilization", a.targetUtilization);
        check.bound("autoscale.target_in_flight", a.targetInFlight);
        check.bound("autoscale.delay", a.delay);
        check.bound("autoscale.cooldown", a.cooldown);
        check.bound("autoscale.interval", a.interval);
        if (c.host) check.rule("autoscale", autoscaleHostError());
        check.rule(a.max < a.min ? "autoscale.max" : "instances", autoscaleError(c));
    }
    if (c.admission) check.bound("admission.max_in_flight", static_cast<double>(c.admission->maxInFlight));
    check.bound("wakeup", c.wakeup);  // issue 19: load-dependent demand
    check.bound("wakeup_after", c.wakeupAfter);
    // storms (issue 17)
    check.bound("hit_ratio.ttl_jitter", c.cache.ttlJitter);
    check.bound("retry_budget", c.retryBudget);
    if (c.circuitBreaker) {
        check.bound("circuit_breaker.error_rate", c.circuitBreaker->errorRate);
        check.bound("circuit_breaker.open_for", c.circuitBreaker->openFor);
    }

    // Keys of another kind: the builder's rule, from the table's kinds. A key
    // an editor set without writing it counts too, or the file saved would
    // not load.
    check.kind("policy", c.kind, c.policy != defaults.policy);
    check.kind("hit_ratio", c.kind, c.cache.hitRatio.has_value() || c.cache.keys.has_value());
    check.kind("on_miss", c.kind, c.onMiss.has_value());
    check.kind("latency", c.kind, c.latency != defaults.latency);
    check.kind("rate_limit", c.kind, c.rateLimit.has_value());
    check.kind("replicas", c.kind, c.replicas != defaults.replicas);
    check.kind("replica_cost_month", c.kind, c.replicaCostMonth >= 0);
    check.kind("shards", c.kind, c.shards != defaults.shards);
    check.kind("skew", c.kind, c.skew.hotFraction != 0.0 || c.skew.hotShare != 0.0);
    check.kind("autoscale", c.kind, c.autoscale.has_value());
    check.kind("admission", c.kind, c.admission.has_value());
}

}  // namespace

void validate(const Architecture& architecture) {
    // Past these, every solver's work (and the planner's, quadratic in
    // components) outgrows any budget; no real architecture comes close.
    if (architecture.components.size() > kMaxComponents) {
        throw InputError(architecture.components[kMaxComponents].where,
                         "more than " + std::to_string(kMaxComponents) + " components (the most Headroom models)");
    }
    if (architecture.hosts.size() > kMaxComponents) {
        throw InputError(architecture.hosts[kMaxComponents].where,
                         "more than " + std::to_string(kMaxComponents) + " hosts (the most Headroom models)");
    }
    std::size_t calls = 0;
    for (const auto& c : architecture.components) {
        calls += c.calls.size();
        if (c.calls.size() > kMaxCallsPerComponent) {
            throw InputError(c.calls[kMaxCallsPerComponent].where,
                             "more than " + std::to_string(kMaxCallsPerComponent) + " calls in component '" + c.id + "'");
        }
        if (calls > kMaxCalls) {
            throw InputError(c.where, "more than " + std::to_string(kMaxCalls) + " calls in all (the most Headroom models)");
        }
    }
    checkWorkload(architecture.workload);
    checkSlo(architecture.slo);
    checkGrowth(architecture.growth);
    checkPlanning(architecture.planning);
    for (const auto& h : architecture.hosts) checkHost(h);
    for (const auto& c : architecture.components) checkComponent(c);
}

}  // namespace headroom::spec
