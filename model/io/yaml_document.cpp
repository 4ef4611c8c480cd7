#include "io/yaml_document.h"

#include "io/field_value.h"
#include "io/loader.h"
#include "io/units.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace headroom::io {

const YamlValue* YamlValue::find(const std::string& key) const {
    for (const auto& [k, v] : map) {
        if (k == key) return &v;
    }
    return nullptr;
}

// Identity (line, column) and style hints are bookkeeping, not content.
bool YamlValue::operator==(const YamlValue& other) const {
    return type == other.type && scalar == other.scalar && map == other.map && items == other.items;
}

namespace {

// ---------------------------------------------------------------- formatting

YamlValue text(std::string s) {
    YamlValue v;
    v.scalar = std::move(s);
    return v;
}

YamlValue emptyMap(bool block = false) {
    YamlValue v;
    v.type = YamlValue::Type::Map;
    v.block = block;
    return v;
}

YamlValue emptySequence(bool block = false) {
    YamlValue v;
    v.type = YamlValue::Type::Sequence;
    v.block = block;
    return v;
}

// Adds keys that were written in the file or differ from their default, so a
// loaded file maps exactly onto its own keys and a new one stays short.
// Numbers are written by their row of the field table (spec/field_table.h):
// its unit ("4ms", "80%", "240/s") and its default (a value equal to the
// default is left out unless the file wrote it).
class Fields {
public:
    Fields(YamlValue& target, const spec::KeyLocations& keys, const char* table = "architecture")
        : target_(target), keys_(keys), table_(table) {}
    void quantity(const std::string& key, double value) {
        const spec::Field& row = spec::field(table_, key);
        const std::string written = formatFieldValue(row, value);
        add(key, row.defaultValue.empty() || written != row.defaultValue, written);
    }
    void quantity(const std::string& key, const std::optional<double>& value) {
        if (value) quantity(key, *value);
    }
    void quantity(const std::string& key, const std::optional<int>& value) {
        if (value) quantity(key, static_cast<double>(*value));
    }
    void add(const std::string& key, YamlValue value) { target_.map.emplace_back(key, std::move(value)); }
    void add(const std::string& key, bool nonDefault, const std::string& value) {
        if (keys_.has(key) || nonDefault) add(key, text(value));
    }
    void add(const std::string& key, bool nonDefault, YamlValue value) {
        if (keys_.has(key) || nonDefault) add(key, std::move(value));
    }
    [[nodiscard]] bool has(const std::string& key) const { return keys_.has(key); }

private:
    YamlValue& target_;
    const spec::KeyLocations& keys_;
    const char* table_;
};

// A nested value ("retries.max") written by its row.
YamlValue scalar(const char* table, const std::string& key, double value) {
    return text(formatFieldValue(spec::field(table, key), value));
}

void identify(YamlValue& item, const spec::SourceLocation& where) {
    item.line = where.line;
    item.column = where.column;
}

YamlValue failureValue(const spec::Failure& f) {
    YamlValue v = emptyMap();
    Fields fields(v, f.keys, "failure");
    fields.add("at", scalar("failure", "at", f.at));
    fields.quantity("recover_after", f.recoverAfter);
    fields.quantity("instance", f.instance);
    return v;
}

YamlValue demandValue(const spec::PerClassDuration& d) {
    if (d.byClass.empty() && d.fallback) return text(formatDuration(*d.fallback));
    YamlValue v = emptyMap();
    for (const auto& [cls, seconds] : d.byClass) v.map.emplace_back(cls, text(formatDuration(seconds)));
    if (d.fallback) v.map.emplace_back("default", text(formatDuration(*d.fallback)));
    return v;
}

YamlValue distributionValue(const spec::Distribution& d) {
    using K = spec::DistributionKind;
    if (d.kind == K::Exponential || d.kind == K::Deterministic) return text(spec::toString(d.kind));
    YamlValue parameters = emptyMap();
    if (d.kind == K::Erlang) parameters.map.emplace_back("k", scalar("component", "distribution.k", d.k));
    else parameters.map.emplace_back("cv", scalar("component", "distribution.cv", d.cv));
    YamlValue v = emptyMap();
    v.map.emplace_back(spec::toString(d.kind), std::move(parameters));
    return v;
}

YamlValue hostValue(const spec::Host& h) {
    YamlValue v = emptyMap();
    identify(v, h.where);
    Fields f(v, h.keys, "host");
    f.add("id", text(h.id));
    f.quantity("cores", h.cores);
    f.quantity("instances", h.instances);
    f.quantity("cost_month", h.costMonth);
    if (h.failure) f.add("failure", failureValue(*h.failure));
    return v;
}

YamlValue callValue(const spec::Call& c) {
    YamlValue v = emptyMap();
    identify(v, c.where);
    Fields f(v, c.keys, "call");
    f.add("to", text(c.to));
    if (!c.classes.empty()) {
        YamlValue classes = emptySequence();
        for (const auto& cls : c.classes) classes.items.push_back(text(cls));
        f.add("classes", std::move(classes));
    }
    f.quantity("visits", c.visits);
    return v;
}

YamlValue componentValue(const spec::Component& c) {
    using spec::ComponentKind;
    YamlValue v = emptyMap(true);
    identify(v, c.where);
    Fields f(v, c.keys, "component");
    f.add("id", text(c.id));
    f.add("kind", c.kind != ComponentKind::Service, spec::toString(c.kind));
    if (c.host) f.add("host", text(*c.host));
    f.quantity("cores", c.cores);
    f.quantity("instances", c.instances);
    f.quantity("cost_month", c.costMonth);
    if (c.failure) f.add("failure", failureValue(*c.failure));
    f.quantity("threads", c.threads);
    f.quantity("max_queue", c.maxQueue);
    f.quantity("connections", c.connections);
    f.add("discipline", c.discipline != spec::Discipline::ProcessorSharing, spec::toString(c.discipline));
    if (!c.demand.empty()) f.add("demand", demandValue(c.demand));
    f.add("distribution", c.distribution.kind != spec::DistributionKind::Exponential, distributionValue(c.distribution));
    f.quantity("timeout", c.timeout);
    if (f.has("retries") || c.retries.max != 0 || c.retries.backoff != 0.0 || c.retries.jitter) {
        YamlValue r = emptyMap();
        r.map.emplace_back("max", scalar("component", "retries.max", c.retries.max));
        if (c.retries.backoff != 0.0) r.map.emplace_back("backoff", scalar("component", "retries.backoff", c.retries.backoff));
        if (c.retries.jitter) r.map.emplace_back("jitter", text("true"));  // storms (issue 17)
        f.add("retries", std::move(r));
    }
    if (f.has("calls") || !c.calls.empty()) {
        YamlValue calls = emptySequence();
        for (const auto& call : c.calls) calls.items.push_back(callValue(call));
        f.add("calls", std::move(calls));
    }
    f.add("policy", c.policy != spec::BalancingPolicy::RoundRobin, spec::toString(c.policy));
    if (c.cache.keys || c.cache.capacity) {
        YamlValue h = emptyMap();
        if (c.cache.keys) h.map.emplace_back("keys", scalar("component", "hit_ratio.keys", *c.cache.keys));
        if (c.cache.capacity) h.map.emplace_back("capacity", scalar("component", "hit_ratio.capacity", *c.cache.capacity));
        h.map.emplace_back("zipf", scalar("component", "hit_ratio.zipf", c.cache.zipf));
        if (c.cache.ttl) h.map.emplace_back("ttl", scalar("component", "hit_ratio.ttl", *c.cache.ttl));
        // storms (issue 17)
        if (c.cache.ttlJitter != 0.0) h.map.emplace_back("ttl_jitter", scalar("component", "hit_ratio.ttl_jitter", c.cache.ttlJitter));
        if (c.cache.coalesce) h.map.emplace_back("coalesce", text("true"));
        if (c.cache.serveStale) h.map.emplace_back("serve_stale", text("true"));
        f.add("hit_ratio", std::move(h));
    } else if (c.cache.hitRatio) {
        f.add("hit_ratio", scalar("component", "hit_ratio", *c.cache.hitRatio));
    }
    if (c.onMiss) f.add("on_miss", text(*c.onMiss));
    f.quantity("latency", c.latency);
    f.quantity("rate_limit", c.rateLimit);
    f.quantity("replicas", c.replicas);
    if (c.replicaCostMonth >= 0.0 || f.has("replica_cost_month")) {
        f.quantity("replica_cost_month", std::max(0.0, c.replicaCostMonth));
    }
    f.quantity("shards", c.shards);
    if (f.has("skew") || c.skew.hotFraction != 0.0 || c.skew.hotShare != 0.0) {
        YamlValue s = emptyMap();
        s.map.emplace_back("hot_fraction", scalar("component", "skew.hot_fraction", c.skew.hotFraction));
        s.map.emplace_back("hot_share", scalar("component", "skew.hot_share", c.skew.hotShare));
        f.add("skew", std::move(s));
    }
    if (c.data) {
        YamlValue d = emptyMap();
        d.map.emplace_back("rows_per_user", scalar("component", "data.rows_per_user", c.data->rowsPerUser));
        if (!c.data->index) d.map.emplace_back("index", text("false"));
        const spec::Field& baseRows = spec::field("component", "data.base_rows");
        if (formatFieldValue(baseRows, c.data->baseRows) != baseRows.defaultValue) {
            d.map.emplace_back("base_rows", scalar("component", "data.base_rows", c.data->baseRows));
        }
        f.add("data", std::move(d));
    }
    if (c.autoscale) {
        const spec::Autoscale& a = *c.autoscale;
        YamlValue m = emptyMap();
        m.map.emplace_back("min", scalar("component", "autoscale.min", a.min));
        m.map.emplace_back("max", scalar("component", "autoscale.max", a.max));
        // A key is written when the file wrote it or it differs from its default.
        auto written = [&](const char* key, double value, double fallback) {
            if (c.keys.has(std::string("autoscale.") + key) || value != fallback) {
                m.map.emplace_back(key, scalar("component", std::string("autoscale.") + key, value));
            }
        };
        const spec::Autoscale defaults;
        written("target_utilization", a.targetUtilization, defaults.targetUtilization);
        if (a.targetInFlight) m.map.emplace_back("target_in_flight", scalar("component", "autoscale.target_in_flight", *a.targetInFlight));
        written("delay", a.delay, defaults.delay);
        written("cooldown", a.cooldown, defaults.cooldown);
        written("interval", a.interval, defaults.interval);
        if (c.keys.has("autoscale.scale_in") || !a.scaleIn) m.map.emplace_back("scale_in", text(a.scaleIn ? "true" : "false"));
        f.add("autoscale", std::move(m));
    }
    if (c.admission) {
        YamlValue m = emptyMap();
        m.map.emplace_back("max_in_flight", scalar("component", "admission.max_in_flight", c.admission->maxInFlight));
        f.add("admission", std::move(m));
    }
    f.quantity("wakeup", c.wakeup);  // issue 19: load-dependent demand
    f.quantity("wakeup_after", c.wakeupAfter);
    // --- storms (issue 17) ---
    f.quantity("retry_budget", c.retryBudget);
    if (c.circuitBreaker) {
        YamlValue m = emptyMap();
        m.map.emplace_back("error_rate", scalar("component", "circuit_breaker.error_rate", c.circuitBreaker->errorRate));
        m.map.emplace_back("open_for", scalar("component", "circuit_breaker.open_for", c.circuitBreaker->openFor));
        f.add("circuit_breaker", std::move(m));
    }
    // --- end storms ---
    return v;
}

YamlValue workloadValue(const spec::Workload& w) {
    YamlValue v = emptyMap(true);
    Fields f(v, w.keys, "workload");
    f.quantity("users", w.users);
    f.quantity("think_time", w.thinkTime);
    f.quantity("arrival_rate", w.arrivalRate);
    if (w.entry) f.add("entry", text(*w.entry));
    if (f.has("mix") || !w.mix.empty()) {
        YamlValue mix = emptySequence(true);
        for (const auto& m : w.mix) {
            YamlValue item = emptyMap();
            identify(item, m.where);
            Fields mf(item, m.keys, "mix");
            mf.add("class", text(m.name));
            mf.quantity("share", m.share);
            mf.add("write", m.write, m.write ? "true" : "false");
            if (m.entry) mf.add("entry", text(*m.entry));
            mix.items.push_back(std::move(item));
        }
        f.add("mix", std::move(mix));
    }
    if (f.has("profile") || !w.profile.empty()) {
        YamlValue profile = emptySequence(true);
        for (const auto& s : w.profile) {
            YamlValue item = emptyMap();
            identify(item, s.where);
            Fields sf(item, s.keys, "profile");
            sf.add("at", scalar("profile", "at", s.at));
            sf.quantity("users", s.users);
            sf.quantity("arrival_rate", s.arrivalRate);
            sf.quantity("ramp", s.ramp);
            profile.items.push_back(std::move(item));
        }
        f.add("profile", std::move(profile));
    }
    return v;
}

YamlValue sloValue(const spec::Slo& s) {
    YamlValue v = emptyMap(true);
    Fields f(v, s.keys, "slo");
    f.quantity("p95", s.p95);
    f.quantity("p99", s.p99);
    f.quantity("error_rate", s.errorRate);
    f.quantity("utilization", s.utilization);
    f.quantity("cache_hit_ratio", s.cacheHitRatio);
    f.quantity("budget_month", s.budgetMonth);
    f.quantity("deploy_wait", s.deployWait);
    f.quantity("cost_per_1000_users", s.costPer1000Users);
    const spec::Resilience& r = s.resilience;
    const spec::Resilience defaults;
    const bool spikeSet = r.keys.has("spike") || r.spike.factor != defaults.spike.factor ||
                          r.spike.ramp != defaults.spike.ramp || r.spike.hold != defaults.spike.hold ||
                          r.spike.react != defaults.spike.react || r.spike.perMonth != defaults.spike.perMonth;
    if (f.has("resilience") || spikeSet || r.fromUsers != defaults.fromUsers || r.instanceLoss != defaults.instanceLoss ||
        r.cacheFlush != defaults.cacheFlush || r.retryStorm != defaults.retryStorm) {
        YamlValue resilience = emptyMap();
        Fields rf(resilience, r.keys, "resilience");
        rf.quantity("from_users", r.fromUsers);
        if (rf.has("spike") || spikeSet) {
            YamlValue spike = emptyMap();
            Fields sf(spike, r.spike.keys, "spike");
            sf.quantity("factor", r.spike.factor);
            sf.quantity("ramp", r.spike.ramp);
            sf.quantity("hold", r.spike.hold);
            sf.quantity("react", r.spike.react);
            sf.quantity("per_month", r.spike.perMonth);
            rf.add("spike", std::move(spike));
        }
        rf.add("instance_loss", !r.instanceLoss, r.instanceLoss ? "true" : "false");
        rf.add("cache_flush", !r.cacheFlush, r.cacheFlush ? "true" : "false");  // storms (issue 17)
        rf.add("retry_storm", !r.retryStorm, r.retryStorm ? "true" : "false");
        f.add("resilience", std::move(resilience));
    }
    return v;
}

YamlValue growthValue(const spec::Growth& g) {
    YamlValue v = emptyMap(true);
    Fields f(v, g.keys, "growth");
    if (g.today) f.add("today", text(formatIsoDate(*g.today)));
    f.quantity("users_per_month", g.perMonth);
    if (f.has("milestones") || !g.milestones.empty()) {
        YamlValue list = emptySequence(true);
        for (const auto& m : g.milestones) {
            YamlValue item = emptyMap();
            identify(item, m.where);
            Fields mf(item, m.keys, "milestone");
            mf.add("date", text(formatIsoDate(m.date)));
            mf.quantity("users", m.users);
            mf.quantity("arrival_rate", m.arrivalRate);
            mf.add("note", !m.note.empty(), m.note);
            list.items.push_back(std::move(item));
        }
        f.add("milestones", std::move(list));
    }
    f.quantity("rows_per_month", g.rowsPerMonth);
    if (g.team) {
        YamlValue team = emptyMap();
        Fields tf(team, g.team->keys, "team");
        tf.add("engineers", scalar("team", "engineers", g.team->engineers));
        tf.quantity("engineers_per_month", g.team->engineersPerMonth);
        tf.quantity("changes_per_engineer_day", g.team->changesPerEngineerDay);
        tf.quantity("pipeline_time", g.team->pipelineTime);
        tf.quantity("services", static_cast<double>(g.team->services));
        f.add("team", std::move(team));
    }
    return v;
}

YamlValue planningValue(const spec::Planning& p) {
    YamlValue v = emptyMap(true);
    Fields f(v, p.keys, "planning");
    f.quantity("min_runway", p.minRunway);
    f.quantity("project_cost", p.projectCost);
    if (f.has("lead_time") || !p.leadTime.empty()) {
        YamlValue lt = emptyMap();
        for (const auto& [id, seconds] : p.leadTime) lt.map.emplace_back(id, text(formatDuration(seconds)));
        f.add("lead_time", std::move(lt));
    }
    return v;
}

// ---------------------------------------------------------------- emitter

bool needsQuotes(const std::string& s) {
    if (s.empty()) return true;
    const std::string special = "-?:,[]{}#&*!|>'\"%@`";
    if (special.find(s.front()) != std::string::npos) {
        // A leading '-' is fine for a number ("-1"), not for text ("- x").
        if (!(s.front() == '-' && s.size() > 1 && s[1] != ' ')) return true;
    }
    if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
    if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
    for (char c : s) {
        if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || static_cast<unsigned char>(c) < 0x20) return true;
    }
    return false;
}

std::string quoted(const std::string& s) {
    if (!needsQuotes(s)) return s;
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string flow(const YamlValue& v) {
    switch (v.type) {
        case YamlValue::Type::Scalar: return quoted(v.scalar);
        case YamlValue::Type::Map: {
            std::string out = "{";
            for (size_t i = 0; i < v.map.size(); ++i) {
                out += (i ? ", " : "") + quoted(v.map[i].first) + ": " + flow(v.map[i].second);
            }
            return out + "}";
        }
        case YamlValue::Type::Sequence: {
            std::string out = "[";
            for (size_t i = 0; i < v.items.size(); ++i) out += (i ? ", " : "") + flow(v.items[i]);
            return out + "]";
        }
    }
    return {};
}

bool blockStyle(const YamlValue& v) {
    if (v.type == YamlValue::Type::Scalar) return false;
    if (v.map.empty() && v.items.empty()) return false;
    return v.block || flow(v).size() > 72;
}

// `v` (a map or sequence) as block lines indented by `indent`, each ending in '\n'.
void emitBlock(const YamlValue& v, int indent, std::string& out) {
    const std::string pad(static_cast<size_t>(indent), ' ');
    if (v.type == YamlValue::Type::Map) {
        for (const auto& [key, child] : v.map) {
            out += pad + quoted(key) + ":";
            if (blockStyle(child)) {
                out += "\n";
                emitBlock(child, indent + 2, out);
            } else {
                out += " " + flow(child) + "\n";
            }
        }
        return;
    }
    for (const auto& item : v.items) {
        if (item.type == YamlValue::Type::Map && blockStyle(item)) {
            std::string nested;
            emitBlock(item, indent + 2, nested);
            out += pad + "- " + nested.substr(static_cast<size_t>(indent) + 2);
        } else {
            out += pad + "- " + flow(item) + "\n";
        }
    }
}

// A block emission for a value that starts at column `indent` on a line that
// already holds the indentation: the first line's padding is dropped and so
// is the final newline.
std::string blockInPlace(const YamlValue& v, int indent) {
    std::string out;
    emitBlock(v, indent, out);
    out.erase(0, static_cast<size_t>(indent));
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

// ---------------------------------------------------------------- patcher

constexpr size_t npos = std::string::npos;

class Patcher {
public:
    explicit Patcher(const std::string& t) : t_(t) {}

    void value(const YAML::Node& node, const YamlValue& a, const YamlValue& b, bool inFlow, size_t bound, size_t keyPos) {
        if (a == b) return;
        if (a.type == YamlValue::Type::Map && b.type == YamlValue::Type::Map && node.IsMap()) {
            mapping(node, a, b, inFlow, bound);
        } else if (a.type == YamlValue::Type::Sequence && b.type == YamlValue::Type::Sequence && node.IsSequence() &&
                   keyed(a) && !a.items.empty()) {
            sequence(node, a, b, inFlow, bound);
        } else {
            replace(node, b, inFlow, bound, keyPos);
        }
    }

    [[nodiscard]] std::string apply() {
        std::stable_sort(edits_.begin(), edits_.end(), [](const Edit& x, const Edit& y) {
            if (x.begin != y.begin) return x.begin > y.begin;
            return x.order > y.order;
        });
        std::string out = t_;
        size_t limit = npos;
        for (const auto& e : edits_) {
            if (e.end < e.begin || e.end > out.size() || (limit != npos && e.end > limit)) {
                throw std::logic_error("overlapping YAML edits");
            }
            out.replace(e.begin, e.end - e.begin, e.text);
            limit = e.begin;
        }
        return out;
    }

private:
    struct Edit {
        size_t begin;
        size_t end;
        std::string text;
        int order;
    };

    void edit(size_t begin, size_t end, std::string replacement) {
        edits_.push_back(Edit{begin, end, std::move(replacement), static_cast<int>(edits_.size())});
    }

    static bool keyed(const YamlValue& seq) {
        return std::all_of(seq.items.begin(), seq.items.end(), [](const YamlValue& item) { return item.line > 0; });
    }

    [[nodiscard]] size_t lineStart(size_t pos) const {
        const size_t nl = t_.rfind('\n', pos == 0 ? 0 : pos - 1);
        return (nl == npos || pos == 0) ? 0 : nl + 1;
    }
    [[nodiscard]] size_t lineEnd(size_t pos) const {
        const size_t nl = t_.find('\n', pos);
        return nl == npos ? t_.size() : nl;
    }
    [[nodiscard]] int column(size_t pos) const { return static_cast<int>(pos - lineStart(pos)); }
    [[nodiscard]] static size_t position(const YAML::Node& n) {
        const int p = n.Mark().pos;
        return p < 0 ? npos : static_cast<size_t>(p);
    }

    // End of a quoted scalar starting at `pos` (on the opening quote).
    [[nodiscard]] size_t quotedEnd(size_t pos) const {
        const char q = t_[pos];
        for (size_t i = pos + 1; i < t_.size(); ++i) {
            if (q == '"' && t_[i] == '\\') {
                ++i;
            } else if (t_[i] == q) {
                if (q == '\'' && i + 1 < t_.size() && t_[i + 1] == '\'') {
                    ++i;
                } else {
                    return i + 1;
                }
            }
        }
        return t_.size();
    }

    // End of a flow collection starting at `pos` (on '{' or '[').
    [[nodiscard]] size_t flowEnd(size_t pos) const {
        int depth = 0;
        for (size_t i = pos; i < t_.size(); ++i) {
            const char c = t_[i];
            if (c == '"' || c == '\'') {
                i = quotedEnd(i) - 1;
            } else if (c == '#' && i > 0 && (t_[i - 1] == ' ' || t_[i - 1] == '\n')) {
                i = lineEnd(i) - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) return i + 1;
            }
        }
        return t_.size();
    }

    [[nodiscard]] size_t plainEnd(size_t pos, bool inFlow) const {
        size_t i = pos;
        for (; i < t_.size(); ++i) {
            const char c = t_[i];
            if (c == '\n' || (c == '#' && i > pos && (t_[i - 1] == ' ' || t_[i - 1] == '\t'))) break;
            if (inFlow && (c == ',' || c == '}' || c == ']')) break;
        }
        while (i > pos && (t_[i - 1] == ' ' || t_[i - 1] == '\t' || t_[i - 1] == '\r')) --i;
        return i;
    }

    // End of the last content line in [begin, bound): trailing blank and
    // comment-only lines belong to what follows.
    [[nodiscard]] size_t contentEnd(size_t begin, size_t bound) const {
        size_t end = std::min(bound, t_.size());
        while (end > begin) {
            size_t e = end;
            while (e > begin && (t_[e - 1] == '\n' || t_[e - 1] == ' ' || t_[e - 1] == '\t' || t_[e - 1] == '\r')) --e;
            const size_t start = lineStart(e);
            if (e == begin || start <= begin) return e;
            const size_t first = t_.find_first_not_of(" \t", start);
            if (first < e && t_[first] == '#') {
                end = start;  // a comment-only line: it belongs to what follows
                continue;
            }
            return e;
        }
        return end;
    }

    [[nodiscard]] bool isFlowCollection(const YAML::Node& n) const {
        const size_t p = position(n);
        return (n.IsMap() || n.IsSequence()) && p < t_.size() && (t_[p] == '{' || t_[p] == '[');
    }

    // A null written as nothing at all (`key:`): yaml-cpp marks it at the next token.
    [[nodiscard]] bool isEmptyNull(const YAML::Node& n, size_t keyPos) const {
        if (!n.IsNull()) return false;
        const size_t p = position(n);
        if (p == npos || p >= t_.size()) return true;
        if (keyPos != npos && lineStart(p) != lineStart(keyPos)) return true;
        return !(t_[p] == '~' || t_.compare(p, 4, "null") == 0 || t_.compare(p, 4, "Null") == 0 ||
                 t_.compare(p, 4, "NULL") == 0);
    }

    [[nodiscard]] size_t end(const YAML::Node& n, bool inFlow, size_t bound) const {
        const size_t p = position(n);
        if (isFlowCollection(n)) return flowEnd(p);
        if (n.IsScalar() || n.IsNull()) {
            const char c = t_[p];
            if (c == '"' || c == '\'') return quotedEnd(p);
            if (c == '|' || c == '>') return contentEnd(p, bound);
            return plainEnd(p, inFlow);
        }
        return contentEnd(p, bound);
    }

    // Position just after the ':' that ends the key starting at `keyPos`.
    [[nodiscard]] size_t afterColon(size_t keyPos) const {
        size_t i = keyPos;
        if (t_[i] == '"' || t_[i] == '\'') i = quotedEnd(i);
        for (; i < t_.size(); ++i) {
            if (t_[i] == ':' && (i + 1 == t_.size() || t_[i + 1] == ' ' || t_[i + 1] == '\n' || t_[i + 1] == '\r' ||
                                 t_[i + 1] == ',' || t_[i + 1] == '}')) {
                return i + 1;
            }
        }
        throw std::logic_error("no ':' after a key");
    }

    void replace(const YAML::Node& node, const YamlValue& b, bool inFlow, size_t bound, size_t keyPos) {
        if (isEmptyNull(node, keyPos)) {
            if (keyPos == npos) throw std::logic_error("empty list item");
            const size_t at = afterColon(keyPos);
            edit(at, at, " " + flow(b));
            return;
        }
        const size_t begin = position(node);
        const size_t stop = end(node, inFlow, bound);
        const bool blockCollection = (node.IsMap() || node.IsSequence()) && !isFlowCollection(node);
        if (b.type == YamlValue::Type::Scalar || inFlow || !blockCollection || !blockStyle(b)) {
            if (blockCollection && keyPos != npos) {
                const size_t at = afterColon(keyPos);
                edit(at, stop, " " + flow(b));
            } else {
                edit(begin, stop, flow(b));
            }
            return;
        }
        edit(begin, stop, blockInPlace(b, column(begin)));
    }

    struct Entry {
        std::string key;
        YAML::Node keyNode;
        YAML::Node value;
        size_t bound;
    };

    void mapping(const YAML::Node& node, const YamlValue& a, const YamlValue& b, bool inFlow, size_t bound) {
        const bool flowMap = isFlowCollection(node);
        const bool childFlow = inFlow || flowMap;
        std::vector<Entry> entries;
        for (auto it = node.begin(); it != node.end(); ++it) {
            entries.push_back(Entry{it->first.Scalar(), it->first, it->second, bound});
        }
        for (size_t i = 0; i + 1 < entries.size(); ++i) entries[i].bound = lineStart(position(entries[i + 1].keyNode));
        auto entryOf = [&](const std::string& key) -> const Entry* {
            for (const auto& e : entries) {
                if (e.key == key) return &e;
            }
            return nullptr;
        };
        std::vector<std::pair<std::string, const YamlValue*>> added;
        for (const auto& [key, bChild] : b.map) {
            const Entry* e = entryOf(key);
            if (!e) {
                added.emplace_back(key, &bChild);
                continue;
            }
            const YamlValue* aChild = a.find(key);
            const size_t keyPos = position(e->keyNode);
            if (aChild) value(e->value, *aChild, bChild, childFlow, e->bound, keyPos);
            else replace(e->value, bChild, childFlow, e->bound, keyPos);
        }
        for (size_t i = 0; i < entries.size(); ++i) {
            const Entry& e = entries[i];
            if (b.find(e.key) || !a.find(e.key)) continue;
            removeEntry(entries, i, flowMap, childFlow);
        }
        if (added.empty()) return;
        if (entries.empty()) {
            // Only a flow map can be empty (`{}`); a block one would be null.
            const size_t at = position(node) + 1;
            std::string s;
            for (const auto& [key, v] : added) s += (s.empty() ? "" : ", ") + quoted(key) + ": " + flow(*v);
            edit(at, at, s);
            return;
        }
        const Entry& last = entries.back();
        const size_t lastEnd = valueEnd(last, childFlow);
        if (flowMap) {
            std::string s;
            for (const auto& [key, v] : added) s += ", " + quoted(key) + ": " + flow(*v);
            edit(lastEnd, lastEnd, s);
            return;
        }
        const int indent = column(position(entries.front().keyNode));
        std::string s;
        for (const auto& [key, v] : added) {
            s += "\n" + std::string(static_cast<size_t>(indent), ' ') + quoted(key) + ":";
            if (blockStyle(*v)) {
                std::string nested;
                emitBlock(*v, indent + 2, nested);
                nested.pop_back();
                s += "\n" + nested;
            } else {
                s += " " + flow(*v);
            }
        }
        const size_t at = lineEnd(lastEnd);
        edit(at, at, s);
    }

    [[nodiscard]] size_t valueEnd(const Entry& e, bool inFlow) const {
        const size_t keyPos = position(e.keyNode);
        if (isEmptyNull(e.value, keyPos)) return afterColon(keyPos);
        return end(e.value, inFlow, e.bound);
    }

    void removeEntry(const std::vector<Entry>& entries, size_t i, bool flowMap, bool inFlow) {
        const Entry& e = entries[i];
        const size_t keyPos = position(e.keyNode);
        const size_t stop = valueEnd(e, inFlow);
        if (flowMap) {
            removeFlowItem(keyPos, stop);
            return;
        }
        const size_t start = lineStart(keyPos);
        const bool keyStartsLine = t_.find_first_not_of(" \t", start) == keyPos;
        if (!keyStartsLine) {
            // `- key: v` (the first key of a list item): keep the dash, pull
            // the next key up onto its line.
            if (i + 1 < entries.size()) edit(keyPos, position(entries[i + 1].keyNode), "");
            return;
        }
        removeLines(start, stop);
    }

    // Deletes whole lines [start .. line of stop], taking the newline before
    // them (not after) so an insertion at the end of the last line stays clear.
    void removeLines(size_t start, size_t stop) {
        const size_t last = lineEnd(stop);
        if (start > 0) edit(start - 1, last, "");
        else edit(0, std::min(t_.size(), last + 1), "");
    }

    void removeFlowItem(size_t begin, size_t stop) {
        size_t b = begin;
        while (b > 0 && (t_[b - 1] == ' ' || t_[b - 1] == '\n' || t_[b - 1] == '\t')) --b;
        if (b > 0 && t_[b - 1] == ',') {
            edit(b - 1, stop, "");
            return;
        }
        size_t e = stop;
        while (e < t_.size() && (t_[e] == ' ' || t_[e] == '\n' || t_[e] == '\t')) ++e;
        if (e < t_.size() && t_[e] == ',') {
            ++e;
            while (e < t_.size() && t_[e] == ' ') ++e;
        } else {
            e = stop;
        }
        edit(begin, e, "");
    }

    [[nodiscard]] size_t dashBefore(size_t pos) const {
        size_t i = pos;
        while (i > 0 && t_[i] != '-') --i;
        return i;
    }

    void sequence(const YAML::Node& node, const YamlValue& a, const YamlValue& b, bool inFlow, size_t bound) {
        const bool flowSeq = isFlowCollection(node);
        const bool childFlow = inFlow || flowSeq;
        std::vector<YAML::Node> items(node.begin(), node.end());
        std::vector<size_t> bounds(items.size(), bound);
        for (size_t i = 0; i + 1 < items.size(); ++i) bounds[i] = lineStart(dashBefore(position(items[i + 1])));
        auto indexOf = [&](const YamlValue& v) -> int {
            for (size_t i = 0; i < items.size(); ++i) {
                const auto m = items[i].Mark();
                if (m.line + 1 == v.line && m.column + 1 == v.column) return static_cast<int>(i);
            }
            return -1;
        };
        auto original = [&](int line, int col) -> const YamlValue* {
            for (const auto& item : a.items) {
                if (item.line == line && item.column == col) return &item;
            }
            return nullptr;
        };
        std::vector<bool> kept(items.size(), false);
        std::vector<const YamlValue*> added;
        for (const auto& item : b.items) {
            const int i = item.line > 0 ? indexOf(item) : -1;
            const YamlValue* before = i >= 0 ? original(item.line, item.column) : nullptr;
            if (i < 0 || !before || kept[static_cast<size_t>(i)]) {
                added.push_back(&item);
                continue;
            }
            kept[static_cast<size_t>(i)] = true;
            value(items[static_cast<size_t>(i)], *before, item, childFlow, bounds[static_cast<size_t>(i)], npos);
        }
        for (size_t i = 0; i < items.size(); ++i) {
            if (kept[i]) continue;
            const size_t stop = end(items[i], childFlow, bounds[i]);
            if (flowSeq) removeFlowItem(position(items[i]), stop);
            else removeLines(lineStart(dashBefore(position(items[i]))), stop);
        }
        if (added.empty()) return;
        if (items.empty()) {
            const size_t at = position(node) + 1;
            std::string s;
            for (const auto* v : added) s += (s.empty() ? "" : ", ") + flow(*v);
            edit(at, at, s);
            return;
        }
        const size_t lastEnd = end(items.back(), childFlow, bounds.back());
        if (flowSeq) {
            std::string s;
            for (const auto* v : added) s += ", " + flow(*v);
            edit(lastEnd, lastEnd, s);
            return;
        }
        const int dash = column(dashBefore(position(items.front())));
        std::string s;
        for (const auto* v : added) {
            s += "\n" + std::string(static_cast<size_t>(dash), ' ') + "- ";
            if (v->type == YamlValue::Type::Map && blockStyle(*v)) s += blockInPlace(*v, dash + 2);
            else s += flow(*v);
        }
        const size_t at = lineEnd(lastEnd);
        edit(at, at, s);
    }

    const std::string& t_;
    std::vector<Edit> edits_;
};

}  // namespace

YamlValue toYamlValue(const spec::Architecture& a) {
    YamlValue root = emptyMap(true);
    Fields f(root, a.keys);
    f.add("name", !a.name.empty(), a.name);
    f.add("description", !a.description.empty(), a.description);
    f.add("workload", workloadValue(a.workload));
    YamlValue slo = sloValue(a.slo);
    if (a.keys.has("slo") || !slo.map.empty()) f.add("slo", std::move(slo));
    if (a.growth) f.add("growth", growthValue(*a.growth));
    YamlValue planning = planningValue(a.planning);
    if (a.keys.has("planning") || !planning.map.empty()) f.add("planning", std::move(planning));
    if (a.keys.has("hosts") || !a.hosts.empty()) {
        YamlValue hosts = emptySequence(true);
        for (const auto& h : a.hosts) hosts.items.push_back(hostValue(h));
        f.add("hosts", std::move(hosts));
    }
    YamlValue components = emptySequence(true);
    for (const auto& c : a.components) components.items.push_back(componentValue(c));
    f.add("components", std::move(components));
    if (a.keys.has("layout") || !a.layout.empty()) {
        // id: [x, y], to a tenth of a unit (view state: finer is noise).
        YamlValue layout = emptyMap(true);
        auto coordinate = [](double v) {
            char buf[48];
            std::snprintf(buf, sizeof buf, "%.1f", std::round(v * 10.0) / 10.0);
            std::string s = buf;
            if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
            if (s == "-0") s = "0";
            return s;
        };
        for (const auto& [id, p] : a.layout) {
            YamlValue xy = emptySequence();
            xy.items.push_back(text(coordinate(p.x)));
            xy.items.push_back(text(coordinate(p.y)));
            layout.map.emplace_back(id, std::move(xy));
        }
        f.add("layout", std::move(layout));
    }
    return root;
}

std::string toFlowYaml(const YamlValue& value) { return flow(value); }

std::string toYaml(const spec::Architecture& architecture) {
    std::string out;
    emitBlock(toYamlValue(architecture), 0, out);
    return out;
}

YamlDocument::YamlDocument(std::string text, spec::Architecture loaded)
    : text_(std::move(text)), loaded_(std::move(loaded)), hasText_(true) {}

std::string YamlDocument::save(const spec::Architecture& edited) const {
    if (!hasText_) return toYaml(edited);
    const YamlValue before = toYamlValue(loaded_);
    const YamlValue after = toYamlValue(edited);
    if (before == after) return text_;
    // The patch is checked by reading it back: if the text would not load to
    // the edited architecture (an unusual layout the patcher misjudged), a
    // full emission is better than a corrupt file.
    try {
        const YAML::Node root = YAML::Load(text_);
        Patcher patcher(text_);
        patcher.value(root, before, after, false, text_.size(), npos);
        std::string patched = patcher.apply();
        if (toYamlValue(loadString(patched, "patched")) == after) return patched;
    } catch (const std::exception&) {
        // fall through to the full emission
    }
    return toYaml(edited);
}

}  // namespace headroom::io
