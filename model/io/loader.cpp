#include "io/loader.h"

#include "io/units.h"
#include "spec/nearest_name.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace headroom::io {

using spec::InputError;
using spec::KeyLocations;
using spec::SourceLocation;

namespace {

class Reader;

// Upper bounds on counts (documented in docs/format.md, "Limits").
constexpr int kMaxCores = 1024;
constexpr int kMaxInstances = 10000;
constexpr int kMaxPool = 10'000'000;
constexpr int kMaxReplicas = 64;
constexpr int kMaxShards = 4096;
constexpr double kMaxUsers = 1e7;

// One YAML mapping read strictly: every key must be in `allowed`.
class Map {
public:
    Map(const YAML::Node& node, const Reader& reader, const std::string& what, std::vector<std::string> allowed);

    [[nodiscard]] bool has(const std::string& key) const { return values_.count(key) != 0; }
    [[nodiscard]] const YAML::Node& value(const std::string& key) const { return values_.at(key); }
    [[nodiscard]] SourceLocation keyLocation(const std::string& key) const;
    [[nodiscard]] SourceLocation location() const;
    /// Records the location of every key into `keys` (for later errors).
    void record(KeyLocations& keys) const;

    [[nodiscard]] std::optional<double> duration(const std::string& key) const;
    [[nodiscard]] std::optional<double> ratio(const std::string& key) const;
    [[nodiscard]] std::optional<double> rate(const std::string& key) const;
    [[nodiscard]] std::optional<double> number(const std::string& key) const;
    /// A whole number in [minimum, maximum]: the maxima keep a typo from
    /// asking the simulator for a billion servers.
    [[nodiscard]] std::optional<int> count(const std::string& key, int minimum, int maximum) const;
    [[nodiscard]] std::optional<std::string> text(const std::string& key) const;
    [[nodiscard]] std::optional<bool> flag(const std::string& key) const;
    template <class Enum>
    [[nodiscard]] std::optional<Enum> choice(const std::string& key,
                                             const std::vector<std::pair<std::string, Enum>>& options) const;

private:
    const Reader& reader_;
    YAML::Node node_;
    std::string what_;
    std::map<std::string, YAML::Node> values_;
    std::map<std::string, YAML::Mark> keyMarks_;
};

class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    [[nodiscard]] SourceLocation at(const YAML::Mark& mark) const {
        if (mark.line < 0) return SourceLocation{file_, 0, 0};
        return SourceLocation{file_, mark.line + 1, mark.column + 1};
    }
    [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
        throw InputError(at(node.Mark()), message);
    }
    [[noreturn]] void fail(const SourceLocation& where, const std::string& message) const {
        throw InputError(where, message);
    }

    std::string scalar(const YAML::Node& node, const std::string& key) const {
        if (!node.IsScalar()) fail(node, "'" + key + "' must be a single value, not a " + kindName(node));
        return node.Scalar();
    }

    static std::string kindName(const YAML::Node& node) {
        switch (node.Type()) {
            case YAML::NodeType::Map: return "mapping";
            case YAML::NodeType::Sequence: return "list";
            case YAML::NodeType::Null: return "empty value";
            default: return "value";
        }
    }

    spec::Architecture architecture(const YAML::Node& root) const;

private:
    spec::Workload workload(const YAML::Node& node) const;
    spec::Slo slo(const YAML::Node& node) const;
    spec::Host host(const YAML::Node& node) const;
    spec::Component component(const YAML::Node& node) const;
    spec::Failure failure(const YAML::Node& node) const;
    spec::PerClassDuration perClassDuration(const Map& map, const std::string& key) const;
    spec::Distribution distribution(const Map& map) const;
    std::vector<std::string> stringList(const YAML::Node& node, const std::string& key) const;
    template <class T>
    std::vector<T> list(const YAML::Node& node, const std::string& key,
                        const std::function<T(const YAML::Node&)>& item) const;

    std::string file_;
};

Map::Map(const YAML::Node& node, const Reader& reader, const std::string& what, std::vector<std::string> allowed)
    : reader_(reader), node_(node), what_(what) {
    if (!node.IsMap()) reader.fail(node, what + " must be a mapping of keys, not a " + Reader::kindName(node));
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) reader.fail(it->first, "a key in " + what + " must be a plain word");
        const std::string key = it->first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            const std::string near = spec::nearestName(key, allowed);
            // A stray quote can turn half the file into one key: show its start only.
            const std::string shown = key.size() > 60 ? key.substr(0, 57) + "..." : key;
            reader.fail(it->first, "unknown key '" + shown + "' in " + what +
                                       (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
        }
        if (values_.count(key)) reader.fail(it->first, "duplicate key '" + key + "' in " + what);
        values_[key] = it->second;
        keyMarks_[key] = it->first.Mark();
    }
}

SourceLocation Map::keyLocation(const std::string& key) const {
    auto it = keyMarks_.find(key);
    return it == keyMarks_.end() ? location() : reader_.at(it->second);
}

SourceLocation Map::location() const { return reader_.at(node_.Mark()); }

void Map::record(KeyLocations& keys) const {
    for (const auto& [key, mark] : keyMarks_) keys.set(key, reader_.at(mark));
}

std::optional<std::string> Map::text(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    return reader_.scalar(value(key), key);
}

#define HEADROOM_QUANTITY(method, parser)                                      \
    std::optional<double> Map::method(const std::string& key) const {          \
        if (!has(key)) return std::nullopt;                                    \
        std::string error;                                                     \
        auto v = parser(reader_.scalar(value(key), key), error);               \
        if (!v) reader_.fail(value(key), "'" + key + "': " + error);           \
        return v;                                                              \
    }
HEADROOM_QUANTITY(duration, parseDuration)
HEADROOM_QUANTITY(ratio, parseRatio)
HEADROOM_QUANTITY(rate, parseRate)
HEADROOM_QUANTITY(number, parseNumber)
#undef HEADROOM_QUANTITY

std::optional<int> Map::count(const std::string& key, int minimum, int maximum) const {
    auto v = number(key);
    if (!v) return std::nullopt;
    if (*v != std::floor(*v)) reader_.fail(value(key), "'" + key + "' must be a whole number");
    if (*v > maximum) {
        reader_.fail(value(key), "'" + key + "' must be at most " + std::to_string(maximum) + ", got " +
                                     value(key).Scalar());
    }
    if (*v < minimum) {
        reader_.fail(value(key), "'" + key + "' must be at least " + std::to_string(minimum) + ", got " +
                                     value(key).Scalar());
    }
    return static_cast<int>(*v);
}

std::optional<bool> Map::flag(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    const std::string s = reader_.scalar(value(key), key);
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
    reader_.fail(value(key), "'" + key + "' must be true or false, got '" + s + "'");
}

template <class Enum>
std::optional<Enum> Map::choice(const std::string& key, const std::vector<std::pair<std::string, Enum>>& options) const {
    if (!has(key)) return std::nullopt;
    const std::string s = reader_.scalar(value(key), key);
    std::vector<std::string> names;
    for (const auto& [name, e] : options) {
        if (name == s) return e;
        names.push_back(name);
    }
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "" : " | ") + n;
    const std::string near = spec::nearestName(s, names);
    reader_.fail(value(key), "'" + key + "' must be one of " + all + ", got '" + s + "'" +
                                 (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
}

template <class T>
std::vector<T> Reader::list(const YAML::Node& node, const std::string& key,
                            const std::function<T(const YAML::Node&)>& item) const {
    if (!node.IsSequence()) fail(node, "'" + key + "' must be a list, not a " + kindName(node));
    std::vector<T> out;
    for (const auto& element : node) out.push_back(item(element));
    return out;
}

std::vector<std::string> Reader::stringList(const YAML::Node& node, const std::string& key) const {
    if (node.IsScalar()) return {node.Scalar()};
    return list<std::string>(node, key, [&](const YAML::Node& n) { return scalar(n, key); });
}

spec::Architecture Reader::architecture(const YAML::Node& root) const {
    if (root.IsNull()) throw InputError(SourceLocation{file_, 1, 1}, "the file is empty: expected an architecture");
    Map map(root, *this, "the architecture", {"name", "description", "workload", "slo", "hosts", "components"});
    spec::Architecture a;
    a.where = map.location();
    map.record(a.keys);
    a.name = map.text("name").value_or("");
    a.description = map.text("description").value_or("");
    if (!map.has("workload")) fail(map.location(), "missing 'workload:' (users and think_time, or arrival_rate)");
    a.workload = workload(map.value("workload"));
    if (map.has("slo")) a.slo = slo(map.value("slo"));
    if (map.has("hosts") && !map.value("hosts").IsNull()) {
        a.hosts = list<spec::Host>(map.value("hosts"), "hosts", [&](const YAML::Node& n) { return host(n); });
    }
    if (!map.has("components") || map.value("components").IsNull()) {
        fail(map.keyLocation("components"), "missing 'components:': an architecture needs at least one component");
    }
    a.components = list<spec::Component>(map.value("components"), "components",
                                         [&](const YAML::Node& n) { return component(n); });
    if (a.components.empty()) fail(map.value("components"), "'components' is empty: add at least one component");
    return a;
}

spec::Workload Reader::workload(const YAML::Node& node) const {
    Map map(node, *this, "workload", {"users", "think_time", "arrival_rate", "entry", "mix", "profile"});
    spec::Workload w;
    w.where = map.location();
    map.record(w.keys);
    if (auto users = map.number("users")) {
        if (*users <= 0) fail(map.value("users"), "'users' must be positive, got " + map.value("users").Scalar());
        if (*users > kMaxUsers) fail(map.value("users"), "'users' must be at most 10,000,000");
        w.users = *users;
    }
    if (auto z = map.duration("think_time")) w.thinkTime = *z;
    if (auto rate = map.rate("arrival_rate")) {
        if (*rate <= 0) fail(map.value("arrival_rate"), "'arrival_rate' must be positive");
        w.arrivalRate = *rate;
    }
    w.entry = map.text("entry");
    if (map.has("mix")) {
        w.mix = list<spec::ClassMix>(map.value("mix"), "mix", [&](const YAML::Node& n) {
            Map m(n, *this, "a mix entry", {"class", "share", "write", "entry"});
            spec::ClassMix c;
            c.where = m.location();
            m.record(c.keys);
            auto name = m.text("class");
            if (!name || name->empty()) fail(m.location(), "a mix entry needs 'class:' (its name)");
            c.name = *name;
            auto share = m.ratio("share");
            if (!share) fail(m.location(), "mix entry '" + c.name + "' needs 'share:' (0..1 or a percentage)");
            c.share = *share;
            c.write = m.flag("write").value_or(false);
            c.entry = m.text("entry");
            return c;
        });
    }
    if (map.has("profile")) {
        w.profile = list<spec::ProfileStep>(map.value("profile"), "profile", [&](const YAML::Node& n) {
            Map m(n, *this, "a profile step", {"at", "users", "arrival_rate", "ramp"});
            spec::ProfileStep s;
            s.where = m.location();
            m.record(s.keys);
            auto at = m.duration("at");
            if (!at) fail(m.location(), "a profile step needs 'at:' (a time such as 300s)");
            s.at = *at;
            s.users = m.number("users");
            if (s.users && (*s.users < 0 || *s.users > kMaxUsers)) {
                fail(m.value("users"), "'users' must be from 0 to 10,000,000");
            }
            s.arrivalRate = m.rate("arrival_rate");
            s.ramp = m.duration("ramp").value_or(0.0);
            return s;
        });
    }
    return w;
}

spec::Slo Reader::slo(const YAML::Node& node) const {
    Map map(node, *this, "slo", {"p95", "p99", "error_rate", "utilization", "cache_hit_ratio", "budget_month"});
    spec::Slo s;
    s.where = map.location();
    map.record(s.keys);
    auto positive = [&](const std::string& key, std::optional<double> v, double& out) {
        if (!v) return;
        if (*v <= 0) fail(map.value(key), "'" + key + "' must be greater than zero");
        out = *v;
    };
    positive("p95", map.duration("p95"), s.p95);
    positive("p99", map.duration("p99"), s.p99);
    if (auto v = map.ratio("error_rate")) s.errorRate = *v;
    positive("utilization", map.ratio("utilization"), s.utilization);
    if (auto v = map.ratio("cache_hit_ratio")) s.cacheHitRatio = *v;
    if (auto v = map.number("budget_month")) {
        if (*v < 0) fail(map.value("budget_month"), "'budget_month' must not be negative");
        s.budgetMonth = *v;
    }
    return s;
}

spec::Failure Reader::failure(const YAML::Node& node) const {
    Map map(node, *this, "failure", {"at", "recover_after", "instance"});
    spec::Failure f;
    f.where = map.location();
    map.record(f.keys);
    auto at = map.duration("at");
    if (!at) fail(map.location(), "'failure' needs 'at:' (when the instance stops)");
    f.at = *at;
    f.recoverAfter = map.duration("recover_after");
    f.instance = map.count("instance", 0, kMaxInstances - 1).value_or(0);
    return f;
}

spec::Host Reader::host(const YAML::Node& node) const {
    Map map(node, *this, "a host", {"id", "cores", "instances", "cost_month", "failure"});
    spec::Host h;
    h.where = map.location();
    map.record(h.keys);
    auto id = map.text("id");
    if (!id || id->empty()) fail(map.location(), "a host needs 'id:'");
    h.id = *id;
    h.cores = map.count("cores", 1, kMaxCores).value_or(1);
    h.instances = map.count("instances", 1, kMaxInstances).value_or(1);
    if (auto c = map.number("cost_month")) {
        if (*c < 0) fail(map.value("cost_month"), "'cost_month' must not be negative");
        h.costMonth = *c;
    }
    if (map.has("failure")) h.failure = failure(map.value("failure"));
    return h;
}

spec::PerClassDuration Reader::perClassDuration(const Map& map, const std::string& key) const {
    spec::PerClassDuration d;
    if (!map.has(key)) return d;
    const YAML::Node& node = map.value(key);
    auto parse = [&](const YAML::Node& n, const std::string& what) {
        std::string error;
        auto v = parseDuration(scalar(n, what), error);
        if (!v) fail(n, "'" + what + "': " + error);
        return *v;
    };
    if (node.IsScalar()) {
        d.fallback = parse(node, key);
        return d;
    }
    if (!node.IsMap()) fail(node, "'" + key + "' must be a duration or a mapping of class: duration");
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string cls = scalar(it->first, key);
        if (d.byClass.count(cls) || (cls == "default" && d.fallback)) {
            fail(it->first, "duplicate class '" + cls + "' in '" + key + "'");
        }
        const double v = parse(it->second, key + "." + cls);
        if (cls == "default") d.fallback = v;
        else d.byClass[cls] = v;
    }
    return d;
}

spec::Distribution Reader::distribution(const Map& map) const {
    spec::Distribution d;
    if (!map.has("distribution")) return d;
    const YAML::Node& node = map.value("distribution");
    d.where = at(node.Mark());
    const std::vector<std::pair<std::string, spec::DistributionKind>> kinds = {
        {"exponential", spec::DistributionKind::Exponential},   {"deterministic", spec::DistributionKind::Deterministic},
        {"lognormal", spec::DistributionKind::Lognormal},       {"erlang", spec::DistributionKind::Erlang},
        {"hyperexponential", spec::DistributionKind::Hyperexponential}, {"uniform", spec::DistributionKind::Uniform}};
    std::vector<std::string> names;
    for (const auto& k : kinds) names.push_back(k.first);
    auto kindOf = [&](const YAML::Node& n) {
        const std::string s = scalar(n, "distribution");
        for (const auto& [name, kind] : kinds) {
            if (name == s) return kind;
        }
        const std::string near = spec::nearestName(s, names);
        fail(n, "unknown distribution '" + s + "'" + (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
    };
    if (node.IsScalar()) {
        d.kind = kindOf(node);
    } else if (node.IsMap() && node.size() == 1) {
        // `lognormal: {cv: 1.5}` or `erlang: {k: 4}`
        auto it = node.begin();
        d.kind = kindOf(it->first);
        if (!it->second.IsNull()) {
            Map params(it->second, *this, "distribution parameters", {"cv", "k"});
            if (auto cv = params.number("cv")) {
                if (*cv < 0) fail(params.value("cv"), "'cv' must not be negative");
                d.cv = *cv;
            }
            if (auto k = params.count("k", 1, 1000)) d.k = *k;
        }
    } else {
        fail(node, "'distribution' must be a name (exponential, ...) or e.g. {lognormal: {cv: 1.5}}");
    }
    switch (d.kind) {
        case spec::DistributionKind::Exponential: d.cv = 1.0; break;
        case spec::DistributionKind::Deterministic: d.cv = 0.0; break;
        case spec::DistributionKind::Erlang: d.cv = 1.0 / std::sqrt(static_cast<double>(d.k)); break;
        case spec::DistributionKind::Hyperexponential:
            if (d.cv < 1.0) fail(node, "a hyperexponential distribution needs cv >= 1");
            break;
        case spec::DistributionKind::Uniform:
            if (d.cv > 1.0 / std::sqrt(3.0) + 1e-12) fail(node, "a uniform distribution on [0, 2 mean] has cv <= 0.577");
            break;
        case spec::DistributionKind::Lognormal: break;
    }
    return d;
}

spec::Component Reader::component(const YAML::Node& node) const {
    static const std::vector<std::string> keys = {
        "id", "kind", "host", "cores", "instances", "cost_month", "failure", "threads", "max_queue", "connections",
        "discipline", "demand", "distribution", "timeout", "retries", "calls", "policy", "hit_ratio", "on_miss",
        "latency", "rate_limit", "replicas", "replica_cost_month", "shards", "skew", "data"};
    Map map(node, *this, "a component", keys);
    spec::Component c;
    c.where = map.location();
    map.record(c.keys);
    auto id = map.text("id");
    if (!id || id->empty()) fail(map.location(), "a component needs 'id:'");
    c.id = *id;
    c.kind = map.choice<spec::ComponentKind>("kind", {{"service", spec::ComponentKind::Service},
                                                       {"load_balancer", spec::ComponentKind::LoadBalancer},
                                                       {"cache", spec::ComponentKind::Cache},
                                                       {"cdn", spec::ComponentKind::Cdn},
                                                       {"database", spec::ComponentKind::Database},
                                                       {"queue", spec::ComponentKind::Queue},
                                                       {"external", spec::ComponentKind::External}})
                 .value_or(spec::ComponentKind::Service);
    c.host = map.text("host");
    c.cores = map.count("cores", 1, kMaxCores).value_or(1);
    c.instances = map.count("instances", 1, kMaxInstances).value_or(1);
    if (auto cost = map.number("cost_month")) {
        if (*cost < 0) fail(map.value("cost_month"), "'cost_month' must not be negative");
        c.costMonth = *cost;
    }
    if (map.has("failure")) c.failure = failure(map.value("failure"));
    c.threads = map.count("threads", 1, kMaxPool);
    c.maxQueue = map.count("max_queue", 0, kMaxPool);
    c.connections = map.count("connections", 1, kMaxPool);
    c.discipline = map.choice<spec::Discipline>("discipline", {{"ps", spec::Discipline::ProcessorSharing},
                                                               {"fcfs", spec::Discipline::Fcfs}})
                       .value_or(spec::Discipline::ProcessorSharing);
    c.demand = perClassDuration(map, "demand");
    c.distribution = distribution(map);
    if (auto t = map.duration("timeout")) {
        if (*t <= 0) fail(map.value("timeout"), "'timeout' must be greater than zero");
        c.timeout = *t;
    }
    if (map.has("retries")) {
        const YAML::Node& r = map.value("retries");
        if (r.IsScalar()) {
            std::string error;
            auto n = parseNumber(r.Scalar(), error);
            if (!n || *n < 0 || *n > 20 || *n != std::floor(*n)) {
                fail(r, "'retries' must be a whole number from 0 to 20, or {max: N, backoff: T}");
            }
            c.retries.max = static_cast<int>(*n);
        } else {
            Map rm(r, *this, "retries", {"max", "backoff"});
            c.retries.max = rm.count("max", 0, 20).value_or(0);
            c.retries.backoff = rm.duration("backoff").value_or(0.0);
        }
    }
    if (map.has("calls") && !map.value("calls").IsNull()) {
        c.calls = list<spec::Call>(map.value("calls"), "calls", [&](const YAML::Node& n) {
            spec::Call call;
            if (n.IsScalar()) {  // `calls: [db]` shorthand
                call.to = n.Scalar();
                call.where = at(n.Mark());
                return call;
            }
            Map cm(n, *this, "a call", {"to", "classes", "visits"});
            call.where = cm.location();
            cm.record(call.keys);
            auto to = cm.text("to");
            if (!to || to->empty()) fail(cm.location(), "a call needs 'to:' (the component called)");
            call.to = *to;
            if (cm.has("classes")) call.classes = stringList(cm.value("classes"), "classes");
            if (auto v = cm.number("visits")) {
                if (*v < 0 || *v > 1000) fail(cm.value("visits"), "'visits' must be from 0 to 1000");
                call.visits = *v;
            }
            return call;
        });
    }
    c.policy = map.choice<spec::BalancingPolicy>("policy", {{"round_robin", spec::BalancingPolicy::RoundRobin},
                                                             {"random", spec::BalancingPolicy::Random},
                                                             {"least_connections", spec::BalancingPolicy::LeastConnections},
                                                             {"power_of_two", spec::BalancingPolicy::PowerOfTwoChoices}})
                   .value_or(spec::BalancingPolicy::RoundRobin);
    if (map.has("hit_ratio")) {
        const YAML::Node& h = map.value("hit_ratio");
        if (h.IsScalar()) {
            c.cache.hitRatio = map.ratio("hit_ratio");
        } else {
            Map hm(h, *this, "hit_ratio", {"keys", "capacity", "zipf", "ttl"});
            c.cache.keys = hm.number("keys");
            c.cache.capacity = hm.number("capacity");
            if (!c.cache.keys || !c.cache.capacity) fail(hm.location(), "a derived hit_ratio needs 'keys:' and 'capacity:'");
            if (*c.cache.keys < 1) fail(hm.value("keys"), "'keys' must be at least 1");
            if (*c.cache.capacity < 0) fail(hm.value("capacity"), "'capacity' must not be negative");
            if (auto z = hm.number("zipf")) {
                if (*z < 0) fail(hm.value("zipf"), "'zipf' must not be negative");
                c.cache.zipf = *z;
            }
            if (auto ttl = hm.duration("ttl")) {
                if (*ttl <= 0) fail(hm.value("ttl"), "'ttl' must be greater than zero");
                c.cache.ttl = *ttl;
            }
        }
    }
    c.onMiss = map.text("on_miss");
    c.latency = map.duration("latency").value_or(0.0);
    if (auto r = map.rate("rate_limit")) {
        if (*r <= 0) fail(map.value("rate_limit"), "'rate_limit' must be greater than zero");
        c.rateLimit = *r;
    }
    c.replicas = map.count("replicas", 0, kMaxReplicas).value_or(0);
    if (auto rc = map.number("replica_cost_month")) {
        if (*rc < 0) fail(map.value("replica_cost_month"), "'replica_cost_month' must not be negative");
        c.replicaCostMonth = *rc;
    }
    c.shards = map.count("shards", 1, kMaxShards).value_or(1);
    if (map.has("skew")) {
        Map sm(map.value("skew"), *this, "skew", {"hot_fraction", "hot_share"});
        c.skew.hotFraction = sm.ratio("hot_fraction").value_or(0.0);
        c.skew.hotShare = sm.ratio("hot_share").value_or(0.0);
        if ((c.skew.hotFraction > 0) != (c.skew.hotShare > 0)) {
            fail(sm.location(), "'skew' needs both hot_fraction and hot_share");
        }
    }
    if (map.has("data")) {
        Map dm(map.value("data"), *this, "data", {"rows_per_user", "index", "base_rows"});
        spec::DataGrowth g;
        auto rows = dm.number("rows_per_user");
        if (!rows) fail(dm.location(), "'data' needs 'rows_per_user:'");
        if (*rows < 0) fail(dm.value("rows_per_user"), "'rows_per_user' must not be negative");
        g.rowsPerUser = *rows;
        g.index = dm.flag("index").value_or(true);
        if (auto base = dm.number("base_rows")) {
            if (*base < 2) fail(dm.value("base_rows"), "'base_rows' must be at least 2");
            g.baseRows = *base;
        }
        c.data = g;
    }
    return c;
}

// Depth and size of the parsed tree, bounded: a document of aliases can
// describe an exponential tree in a few lines, so stop counting early.
void checkShape(const YAML::Node& node, int depth, size_t& nodes, const Reader& reader) {
    if (depth > kMaxNestingDepth) {
        reader.fail(node, "the file is nested deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    }
    if (++nodes > 2'000'000) reader.fail(node, "the file expands to more than 2,000,000 values (aliases?)");
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            checkShape(it->first, depth + 1, nodes, reader);
            checkShape(it->second, depth + 1, nodes, reader);
        }
    } else if (node.IsSequence()) {
        for (const auto& child : node) checkShape(child, depth + 1, nodes, reader);
    }
}

}  // namespace

spec::Architecture loadString(const std::string& text, const std::string& fileName) {
    if (text.size() > kMaxFileBytes) {
        throw InputError(SourceLocation{fileName, 1, 1}, "the file is larger than 16 MiB (" +
                                                             std::to_string(text.size()) + " bytes)");
    }
    if (const size_t nul = text.find('\0'); nul != std::string::npos) {
        // Name the NUL's position like any other error (a binary file's first NUL is usually on line 1).
        const size_t lineStart = text.rfind('\n', nul);
        const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
        const int column = 1 + static_cast<int>(lineStart == std::string::npos ? nul : nul - lineStart - 1);
        throw InputError(SourceLocation{fileName, line, column},
                         "the file holds a NUL byte: it is not a YAML text file");
    }
    Reader reader(fileName);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        // yaml-cpp reports a tab-indented line as e.g. "illegal map value" somewhere after it;
        // name the tab instead when one indents a line up to the error.
        int line = 1;
        for (size_t start = 0; start < text.size() && (e.mark.line < 0 || line <= e.mark.line + 1); ++line) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            const size_t indent = text.find_first_not_of(' ', start);
            if (indent < end && text[indent] == '\t') {
                throw InputError(SourceLocation{fileName, line, static_cast<int>(indent - start) + 1},
                                 "not valid YAML: a tab indents this line (YAML indents with spaces only)");
            }
            start = end + 1;
        }
        throw InputError(reader.at(e.mark), "not valid YAML: " + e.msg);
    }
    try {
        size_t nodes = 0;
        checkShape(root, 1, nodes, reader);
        auto architecture = reader.architecture(root);
        architecture.where.file = fileName;
        return architecture;
    } catch (const YAML::Exception& e) {
        throw InputError(reader.at(e.mark), "not valid YAML: " + e.msg);
    }
}

spec::Architecture loadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(SourceLocation{path, 0, 0}, "cannot open the file");
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) throw InputError(SourceLocation{path, 0, 0}, "cannot read the file");
    if (static_cast<size_t>(size) > kMaxFileBytes) {
        throw InputError(SourceLocation{path, 1, 1},
                         "the file is larger than 16 MiB (" + std::to_string(static_cast<long long>(size)) + " bytes)");
    }
    in.seekg(0);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return loadString(buffer.str(), path);
}

}  // namespace headroom::io
