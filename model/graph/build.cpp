// graph::build: cross-checks of the spec and the routing computation.
// Every error names the location of the key at fault.

#include "graph/graph.h"
#include "spec/entry.h"

#include "spec/nearest_name.h"
#include "spec/validate.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace headroom::graph {

using spec::InputError;
using spec::SourceLocation;

namespace {

bool isCacheLike(ComponentKind kind) { return kind == ComponentKind::Cache || kind == ComponentKind::Cdn; }

// Nominal request rate per user request, used only to apply a cache TTL.
double nominalUserRate(const spec::Workload& w) {
    if (w.arrivalRate) return *w.arrivalRate;
    const double users = w.users.value_or(1.0);
    return users / std::max(w.thinkTime, 0.1);
}

// Zipf(s) popularity over `keys` items as (probability, count) bins: the
// 1000 most popular keys exactly, geometric bins 0.5% wide beyond. Within a
// bin p varies by < 0.5%, so the midpoint rule changes the sums below by
// far less than 1e-4, with ~2,400 bins for a million keys instead of 10^6 terms.
std::vector<std::pair<double, double>> zipfBins(double keys, double zipf) {
    std::vector<std::pair<double, double>> bins;
    const double exact = std::min(keys, 1000.0);
    for (double i = 1; i <= exact; ++i) bins.emplace_back(std::pow(i, -zipf), 1.0);
    for (double lo = exact + 1; lo <= keys;) {
        const double hi = std::min(keys, std::floor(lo * 1.005) + 1);
        bins.emplace_back(std::pow((lo + hi) / 2, -zipf), hi - lo + 1);
        lo = hi + 1;
    }
    double norm = 0;
    for (const auto& [p, n] : bins) norm += p * n;
    for (auto& b : bins) b.first /= norm;
    return bins;
}

// Che's characteristic time T (in requests): sum_i (1 - e^{-p_i T}) = C.
// The left side is increasing and concave in T, so Newton's method started
// left of the root (T = C, where the sum is at most C) climbs monotonically.
double characteristicTime(const std::vector<std::pair<double, double>>& bins, double capacity) {
    double t = capacity;
    for (int iteration = 0; iteration < 200; ++iteration) {
        double occupancy = 0, slope = 0;
        for (const auto& [p, n] : bins) {
            const double e = std::exp(-p * t);
            occupancy += n * (1 - e);
            slope += n * p * e;
        }
        if (slope <= 0) break;
        const double step = (capacity - occupancy) / slope;
        t += step;
        if (step <= 1e-12 * t) break;
    }
    return t;
}

double hitRatioAt(const std::vector<std::pair<double, double>>& bins, double t) {
    double hit = 0;
    for (const auto& [p, n] : bins) hit += n * p * -std::expm1(-p * t);
    return std::clamp(hit, 0.0, 1.0);
}

// Hit ratio of an LRU cache whose entries also expire after a TTL: an item
// survives at most `rate * ttl` requests, so the characteristic time is the
// smaller of Che's T_C and that window.
double derivedHitRatio(const spec::CacheModel& m, double requestsPerSecond) {
    const double keys = *m.keys, capacity = *m.capacity;
    if (capacity <= 0) return 0.0;
    const auto bins = zipfBins(keys, m.zipf);
    double t = capacity >= keys ? std::numeric_limits<double>::infinity() : characteristicTime(bins, capacity);
    if (m.ttl && requestsPerSecond > 0) t = std::min(t, requestsPerSecond * *m.ttl);
    return std::isinf(t) ? 1.0 : hitRatioAt(bins, t);
}

}  // namespace

double lruHitRatio(double keys, double capacity, double zipf) {
    if (capacity >= keys) return 1.0;
    if (capacity <= 0) return 0.0;
    const auto bins = zipfBins(keys, zipf);
    return hitRatioAt(bins, characteristicTime(bins, capacity));
}

namespace {

// A closed user with no think time issues its next request the instant the
// last one ends. If a request can also complete in zero time (no demand, no
// latency on a path it may take), the simulated clock never moves: the DES
// would spin at one instant forever. Refused here, the one place every
// front end (CLI, desktop, planner) passes through. A request can complete
// in zero time at component v when v has no demand for the class and no
// latency, and every call it must make (whole visits >= 1; a fractional
// call may be skipped, a cache's miss call is skipped on a hit unless the
// hit ratio is 0) can too; a queue's consumers run off the response path.
void checkZeroTimeLoop(const spec::Architecture& a, const Graph& g, const std::vector<int>& order) {
    const auto& w = a.workload;
    if (w.arrivalRate || w.thinkTime > 0.0) return;
    const auto& components = g.components();
    std::vector<char> instant(components.size(), 0);
    for (const auto& cls : g.classes()) {
        const auto c = static_cast<size_t>(cls.id);
        for (auto it = order.rbegin(); it != order.rend(); ++it) {  // callees first
            const auto& comp = components[static_cast<size_t>(*it)];
            bool zero = comp.demand[c] <= 0.0 && comp.latency <= 0.0;
            if (zero && comp.kind != ComponentKind::Queue) {
                for (const auto& call : comp.calls) {
                    if (call.forClass[c] && call.visits >= 1.0 && !instant[static_cast<size_t>(call.to)]) zero = false;
                }
            }
            if (zero && comp.onMiss && comp.hitRatio <= 0.0 && !instant[static_cast<size_t>(*comp.onMiss)]) zero = false;
            instant[static_cast<size_t>(*it)] = zero ? 1 : 0;
        }
        if (cls.entry >= 0 && instant[static_cast<size_t>(cls.entry)]) {
            const auto& entry = components[static_cast<size_t>(cls.entry)];
            throw InputError(w.keys.at("think_time", w.where),
                             "think_time is 0 and a request" + (g.classes().size() > 1 ? " of class '" + cls.name + "'" : std::string()) +
                                 " can complete in zero time (from '" + entry.name +
                                 "' on, no demand nor latency): the clock would never move; give think_time or a demand");
        }
    }
}

}  // namespace

Graph build(const spec::Architecture& a) {
    spec::validate(a);  // every bound of the format, whichever front end made the spec
    Graph g;
    g.spec_ = a;
    const std::string& file = a.where.file;
    auto warn = [&](const SourceLocation& where, const std::string& message) {
        g.warnings_.push_back(spec::Warning{where, message});
    };
    (void)file;

    // --- workload ---------------------------------------------------------
    const auto& w = a.workload;
    if (w.users && w.arrivalRate) {
        throw InputError(w.keys.at("arrival_rate", w.where),
                         "workload sets both 'users' and 'arrival_rate': a workload is closed (users) or open "
                         "(arrival_rate), not both");
    }
    if (!w.users && !w.arrivalRate) {
        throw InputError(w.where, "workload needs 'users' (closed, with think_time) or 'arrival_rate' (open)");
    }
    if (w.arrivalRate && w.keys.has("think_time")) {
        warn(w.keys.at("think_time", w.where), "'think_time' is ignored by an open workload (arrival_rate)");
    }
    double previousAt = -1;
    for (const auto& step : w.profile) {
        if (step.at < previousAt) throw InputError(step.keys.at("at", step.where), "profile steps must be in time order");
        previousAt = step.at;
        if (step.users.has_value() == step.arrivalRate.has_value()) {
            throw InputError(step.where, "a profile step sets exactly one of 'users' or 'arrival_rate'");
        }
        if (step.users && w.arrivalRate) {
            throw InputError(step.keys.at("users", step.where),
                             "profile step sets 'users' but the workload is open (arrival_rate)");
        }
        if (step.arrivalRate && w.users) {
            throw InputError(step.keys.at("arrival_rate", step.where),
                             "profile step sets 'arrival_rate' but the workload is closed (users)");
        }
    }

    // --- classes ----------------------------------------------------------
    if (w.mix.empty()) {
        g.classes_.push_back(RequestClass{0, "request", 1.0, false, -1});
    } else {
        double total = 0;
        std::set<std::string> seen;
        for (const auto& m : w.mix) {
            if (!seen.insert(m.name).second) {
                throw InputError(m.keys.at("class", m.where), "duplicate class '" + m.name + "' in the mix");
            }
            total += m.share;
            g.classes_.push_back(RequestClass{static_cast<int>(g.classes_.size()), m.name, m.share, m.write, -1});
        }
        if (std::abs(total - 1.0) > 1e-6) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.6g", total);
            throw InputError(w.keys.at("mix", w.where), std::string("mix shares sum to ") + buf + ", not 1");
        }
    }
    std::vector<std::string> classNames;
    for (const auto& c : g.classes_) classNames.push_back(c.name);
    auto resolveClass = [&](const std::string& name, const SourceLocation& where) {
        auto id = g.classId(name);
        if (!id) throw InputError(where, "unknown class '" + name + "'" + spec::didYouMean(name, classNames));
        return *id;
    };

    // --- hosts --------------------------------------------------------------
    std::map<std::string, int> hostIds;
    for (const auto& h : a.hosts) {
        if (hostIds.count(h.id)) throw InputError(h.keys.at("id", h.where), "duplicate host id '" + h.id + "'");
        Host host;
        host.id = static_cast<int>(g.hosts_.size());
        host.name = h.id;
        host.cores = h.cores;
        host.instances = h.instances;
        host.costMonth = h.costMonth;
        host.failure = h.failure;
        host.shared = true;
        host.where = h.where;
        if (h.failure && h.failure->instance >= h.instances) {
            throw InputError(h.failure->keys.at("instance", h.failure->where),
                             "failure names instance " + std::to_string(h.failure->instance) + " but host '" + h.id +
                                 "' has " + std::to_string(h.instances) + " instance(s)");
        }
        hostIds[h.id] = host.id;
        g.hosts_.push_back(host);
    }
    std::vector<std::string> hostNames;
    for (const auto& h : a.hosts) hostNames.push_back(h.id);

    // --- components: ids first, so calls can name later components ---------
    std::map<std::string, int> componentIds;
    std::vector<std::string> componentNames;
    for (const auto& c : a.components) {
        if (componentIds.count(c.id)) {
            throw InputError(c.keys.at("id", c.where), "duplicate component id '" + c.id + "'");
        }
        componentIds[c.id] = static_cast<int>(componentIds.size());
        componentNames.push_back(c.id);
    }
    auto resolveComponent = [&](const std::string& name, const SourceLocation& where, const std::string& key) {
        auto it = componentIds.find(name);
        if (it == componentIds.end()) {
            throw InputError(where, "'" + key + "' names no component: '" + name + "'" + spec::didYouMean(name, componentNames));
        }
        return it->second;
    };

    for (const auto& c : a.components) {
        Component comp;
        comp.id = static_cast<int>(g.components_.size());
        comp.name = c.id;
        comp.kind = c.kind;
        comp.where = c.where;
        const bool database = c.kind == ComponentKind::Database;

        // Placement.
        if (c.host) {
            auto it = hostIds.find(*c.host);
            if (it == hostIds.end()) {
                throw InputError(c.keys.at("host", c.where),
                                 "'host' names no host: '" + *c.host + "'" + spec::didYouMean(*c.host, hostNames));
            }
            for (const char* key : {"cores", "instances", "cost_month", "failure"}) {
                if (c.keys.has(key)) {
                    throw InputError(c.keys.at(key, c.where), std::string("'") + key + "' belongs to host '" + *c.host +
                                                                  "' (the component is placed on it), not to the component");
                }
            }
            comp.host = it->second;
        } else {
            if (hostIds.count(c.id)) {
                throw InputError(c.keys.at("id", c.where), "component '" + c.id +
                                                               "' has no 'host:' but a host of that id exists: "
                                                               "add 'host: " + c.id + "' or rename one");
            }
            Host host;
            host.id = static_cast<int>(g.hosts_.size());
            host.name = c.id;
            host.cores = c.cores;
            host.instances = c.instances;
            host.costMonth = c.costMonth;
            host.failure = c.failure;
            host.autoscale = c.autoscale;
            host.where = c.where;
            if (c.failure && c.failure->instance >= c.instances) {
                throw InputError(c.failure->keys.at("instance", c.failure->where),
                                 "failure names instance " + std::to_string(c.failure->instance) + " but '" + c.id +
                                     "' has " + std::to_string(c.instances) + " instance(s)");
            }
            hostIds[c.id] = host.id;
            comp.host = host.id;
            g.hosts_.push_back(host);
        }
        Host& host = g.hosts_[static_cast<size_t>(comp.host)];

        // Pools and queueing.
        comp.threads = c.threads;
        comp.maxQueue = c.maxQueue;
        comp.connections = c.connections;
        if (c.admission) comp.maxInFlight = c.admission->maxInFlight;
        comp.discipline = c.discipline;
        if (host.components.empty()) {
            host.discipline = c.discipline;
        } else if (host.discipline != c.discipline && c.keys.has("discipline")) {
            throw InputError(c.keys.at("discipline", c.where), "components on host '" + host.name +
                                                                   "' must share one discipline (the host is one queue)");
        }
        host.components.push_back(comp.id);

        // Demand per class.
        for (const auto& [cls, seconds] : c.demand.byClass) {
            (void)seconds;
            resolveClass(cls, c.keys.at("demand", c.where));
        }
        comp.demand.resize(g.classes_.size(), 0.0);
        for (const auto& cls : g.classes_) comp.demand[static_cast<size_t>(cls.id)] = c.demand.forClass(cls.name).value_or(0.0);
        comp.distribution = c.distribution;
        comp.timeout = c.timeout;
        comp.retries = c.retries;
        if (c.retries.max > 0 && !c.timeout && !c.maxQueue) {
            warn(c.keys.at("retries", c.where), "'retries' on '" + c.id +
                                                    "' only happen after a timeout or a rejection; it has neither");
        }

        // Calls.
        for (const auto& call : c.calls) {
            Call out;
            out.to = resolveComponent(call.to, call.keys.at("to", call.where), "to");
            out.visits = call.visits;
            out.where = call.where;
            out.forClass.assign(g.classes_.size(), call.classes.empty());
            for (const auto& cls : call.classes) {
                out.forClass[static_cast<size_t>(resolveClass(cls, call.keys.at("classes", call.where)))] = true;
            }
            out.async = a.components[static_cast<size_t>(out.to)].kind == ComponentKind::Queue;
            comp.calls.push_back(out);
        }

        // Kind-specific keys.
        auto onlyFor = [&](const char* key, bool allowed, const char* kinds) {
            if (c.keys.has(key) && !allowed) {
                throw InputError(c.keys.at(key, c.where), std::string("'") + key + "' applies to " + kinds +
                                                              " components, not to " + spec::toString(c.kind));
            }
        };
        onlyFor("policy", c.kind == ComponentKind::LoadBalancer, "load_balancer");
        onlyFor("hit_ratio", isCacheLike(c.kind), "cache and cdn");
        onlyFor("on_miss", isCacheLike(c.kind), "cache and cdn");
        // `latency` applies to every kind (issue 19: a service's time off the CPU, as calibration estimates it).
        onlyFor("rate_limit", c.kind == ComponentKind::External, "external");
        onlyFor("replicas", database, "database");
        onlyFor("replica_cost_month", database, "database");
        onlyFor("shards", database, "database");
        onlyFor("skew", database, "database");
        comp.policy = c.policy;
        comp.retryBudget = c.retryBudget;  // storms (issue 17)
        comp.circuitBreaker = c.circuitBreaker;
        comp.latency = c.latency;
        comp.wakeup = c.wakeup;  // issue 19
        comp.wakeupAfter = c.wakeupAfter;
        comp.rateLimit = c.rateLimit;
        if (isCacheLike(c.kind)) {
            if (c.cache.hitRatio) {
                comp.hitRatio = *c.cache.hitRatio;
            } else if (c.cache.keys) {
                comp.hitRatio = derivedHitRatio(c.cache, nominalUserRate(w));
                comp.keyedCache = c.cache;  // storms (issue 17): the DES may simulate the keys
            } else {
                throw InputError(c.where, std::string(spec::toString(c.kind)) + " '" + c.id +
                                              "' needs 'hit_ratio:' (e.g. 90%, or {keys, capacity, zipf})");
            }
            if (c.onMiss) comp.onMiss = resolveComponent(*c.onMiss, c.keys.at("on_miss", c.where), "on_miss");
        }
        if (c.kind == ComponentKind::LoadBalancer && c.calls.empty()) {
            throw InputError(c.where, "load_balancer '" + c.id + "' needs 'calls:' naming what it balances over");
        }
        if (c.kind == ComponentKind::Queue && c.calls.empty()) {
            warn(c.where, "queue '" + c.id + "' has no consumers ('calls:'): messages are only counted");
        }
        comp.replicas = c.replicas;
        comp.replicaCostMonth = c.replicaCostMonth >= 0 ? c.replicaCostMonth : host.costMonth;
        comp.shards = c.shards;
        comp.skew = c.skew;
        if (database && host.instances > 1) {
            throw InputError(host.shared ? host.where : c.keys.at("instances", c.where),
                             "database '" + c.id + "' runs on a host with several instances: "
                             "a database scales with 'replicas:' and 'shards:', not 'instances:'");
        }
        if (c.shards > 1) {
            if (host.shared) {
                throw InputError(c.keys.at("shards", c.where), "database '" + c.id +
                                                                   "' is sharded, so it needs hosts of its own: "
                                                                   "remove 'host:' and give it 'cores:'");
            }
            host.instances = c.shards;  // each shard is an instance of the database's own host
        }
        comp.data = c.data;
        g.components_.push_back(std::move(comp));
    }

    // --- callers, cycles ---------------------------------------------------
    const size_t n = g.components_.size();
    std::vector<std::vector<int>> edges(n);
    for (auto& comp : g.components_) {
        for (const auto& call : comp.calls) edges[static_cast<size_t>(comp.id)].push_back(call.to);
        if (comp.onMiss) edges[static_cast<size_t>(comp.id)].push_back(*comp.onMiss);
        for (int to : edges[static_cast<size_t>(comp.id)]) {
            auto& callers = g.components_[static_cast<size_t>(to)].callers;
            if (std::find(callers.begin(), callers.end(), comp.id) == callers.end()) callers.push_back(comp.id);
        }
    }
    // Depth-first search for a cycle; report it as "a -> b -> a" at the closing call.
    // Iterative (an explicit stack of (component, next edge)): a call chain
    // of 10^5 components would overflow the thread's stack by recursion.
    std::vector<int> state(n, 0), stack;
    std::vector<size_t> nextEdge(n, 0);
    std::vector<int> order;  // reverse post-order = topological order
    auto cycleAt = [&](int v, int to) {
        const auto& comp = g.components_[static_cast<size_t>(v)];
        std::string path;
        auto start = std::find(stack.begin(), stack.end(), to);
        for (auto it = start; it != stack.end(); ++it) path += g.components_[static_cast<size_t>(*it)].name + " -> ";
        path += g.components_[static_cast<size_t>(to)].name;
        SourceLocation where = comp.where;
        for (const auto& call : comp.calls) {
            if (call.to == to) where = call.where;
        }
        if (comp.onMiss && *comp.onMiss == to) where = a.components[static_cast<size_t>(v)].keys.at("on_miss", comp.where);
        throw InputError(where, "cycle of calls: " + path);
    };
    for (size_t root = 0; root < n; ++root) {
        if (state[root] != 0) continue;
        state[root] = 1;
        stack.push_back(static_cast<int>(root));
        while (!stack.empty()) {
            const int v = stack.back();
            const auto& out = edges[static_cast<size_t>(v)];
            size_t& e = nextEdge[static_cast<size_t>(v)];
            if (e < out.size()) {
                const int to = out[e++];
                if (state[static_cast<size_t>(to)] == 1) cycleAt(v, to);
                if (state[static_cast<size_t>(to)] == 0) {
                    state[static_cast<size_t>(to)] = 1;
                    stack.push_back(to);
                }
                continue;
            }
            stack.pop_back();
            state[static_cast<size_t>(v)] = 2;
            order.push_back(v);
        }
    }
    std::reverse(order.begin(), order.end());

    // --- entries -------------------------------------------------------------
    int defaultEntry = -1;
    if (w.entry) {
        defaultEntry = resolveComponent(*w.entry, w.keys.at("entry", w.where), "entry");
    } else if (const std::string entry = spec::defaultEntry(a); !entry.empty()) {
        defaultEntry = resolveComponent(entry, w.where, "entry");  // the one entry rule (spec/entry.h)
    }
    for (size_t i = 0; i < g.classes_.size(); ++i) {
        auto& cls = g.classes_[i];
        cls.entry = defaultEntry;
        if (!w.mix.empty() && w.mix[i].entry) {
            cls.entry = resolveComponent(*w.mix[i].entry, w.mix[i].keys.at("entry", w.mix[i].where), "entry");
        }
    }

    // --- visit ratios: propagate in topological order ------------------------
    g.visits_.assign(g.classes_.size(), std::vector<double>(n, 0.0));
    g.asyncVisits_.assign(g.classes_.size(), std::vector<double>(n, 0.0));
    for (const auto& cls : g.classes_) {
        auto& sync = g.visits_[static_cast<size_t>(cls.id)];
        auto& async = g.asyncVisits_[static_cast<size_t>(cls.id)];
        sync[static_cast<size_t>(cls.entry)] = 1.0;
        for (int v : order) {
            const auto& comp = g.components_[static_cast<size_t>(v)];
            const double s = sync[static_cast<size_t>(v)], as = async[static_cast<size_t>(v)];
            if (s == 0 && as == 0) continue;
            const bool consumer = comp.kind == ComponentKind::Queue;  // a queue's calls run off the response path
            for (const auto& call : comp.calls) {
                if (!call.forClass[static_cast<size_t>(cls.id)]) continue;
                if (consumer) {
                    async[static_cast<size_t>(call.to)] += (s + as) * call.visits;
                } else {
                    sync[static_cast<size_t>(call.to)] += s * call.visits;
                    async[static_cast<size_t>(call.to)] += as * call.visits;
                }
            }
            if (comp.onMiss) {
                const double miss = 1.0 - comp.hitRatio;
                sync[static_cast<size_t>(*comp.onMiss)] += s * miss;
                async[static_cast<size_t>(*comp.onMiss)] += as * miss;
            }
        }
    }
    checkZeroTimeLoop(a, g, order);
    for (const auto& comp : g.components_) {
        bool reached = false;
        for (size_t c = 0; c < g.classes_.size(); ++c) {
            reached = reached || g.visits_[c][static_cast<size_t>(comp.id)] > 0 ||
                      g.asyncVisits_[c][static_cast<size_t>(comp.id)] > 0;
        }
        bool isEntry = false;
        for (const auto& cls : g.classes_) isEntry = isEntry || cls.entry == comp.id;
        if (!reached && !isEntry) warn(comp.where, "component '" + comp.name + "' is never called");
    }
    return g;
}

// --- Graph queries -------------------------------------------------------------

std::optional<int> Graph::componentId(std::string_view name) const {
    for (const auto& c : components_) {
        if (c.name == name) return c.id;
    }
    return std::nullopt;
}

std::optional<int> Graph::hostId(std::string_view name) const {
    for (const auto& h : hosts_) {
        if (h.name == name) return h.id;
    }
    return std::nullopt;
}

std::optional<int> Graph::classId(std::string_view name) const {
    for (const auto& c : classes_) {
        if (c.name == name) return c.id;
    }
    return std::nullopt;
}

double Graph::demand(int component, int cls, double users) const {
    const auto& comp = components_.at(static_cast<size_t>(component));
    const double base = comp.demand.at(static_cast<size_t>(cls));
    if (!comp.data || (comp.data->rowsPerUser <= 0 && comp.data->timeRows <= 0)) return base;
    const double rows = comp.data->rowsPerUser * std::max(users, 0.0) + std::max(comp.data->timeRows, 0.0);
    const double baseRows = comp.data->baseRows;
    if (rows <= baseRows) return base;
    // An index lookup costs O(log rows) (B-tree depth); a scan costs O(rows).
    const double growth = comp.data->index ? std::log2(rows) / std::log2(baseRows) : rows / baseRows;
    return base * growth;
}

double Graph::visits(int cls, int component) const {
    return visits_.at(static_cast<size_t>(cls)).at(static_cast<size_t>(component));
}

double Graph::asyncVisits(int cls, int component) const {
    return asyncVisits_.at(static_cast<size_t>(cls)).at(static_cast<size_t>(component));
}

std::vector<Station> Graph::stations(double users) const { return stationsFor(users, visits_, &asyncVisits_); }

std::vector<Station> Graph::stations(double users, const std::vector<std::vector<double>>& visits) const {
    return stationsFor(users, visits, nullptr);
}

std::vector<Station> Graph::stationsFor(double users, const std::vector<std::vector<double>>& table,
                                        const std::vector<std::vector<double>>* async) const {
    const size_t classes = classes_.size();
    auto asyncVisits = [&](size_t c, int comp) { return async ? (*async)[c][static_cast<size_t>(comp)] : 0.0; };
    std::vector<Station> out;
    // Host stations (a sharded database's host splits into hot and cold shards below).
    std::vector<int> hostStation(hosts_.size(), -1);
    for (const auto& h : hosts_) {
        bool sharded = false;
        for (int c : h.components) sharded = sharded || components_[static_cast<size_t>(c)].shards > 1;
        if (sharded) continue;
        Station s;
        s.name = h.name;
        s.host = h.id;
        s.servers = h.cores;
        s.multiplicity = h.instances;
        s.discipline = h.discipline;
        s.demand.assign(classes, 0.0);
        s.asyncDemand.assign(classes, 0.0);
        s.costMonth = h.costMonth;
        hostStation[static_cast<size_t>(h.id)] = static_cast<int>(out.size());
        out.push_back(std::move(s));
    }
    auto addDelay = [&](const Component& comp, const std::string& suffix) -> Station& {
        Station s;
        s.name = comp.name + "/" + suffix;
        s.component = comp.id;
        s.servers = 0;
        s.demand.assign(classes, 0.0);
        s.asyncDemand.assign(classes, 0.0);
        out.push_back(std::move(s));
        return out.back();
    };
    for (const auto& comp : components_) {
        const Host& h = hosts_[static_cast<size_t>(comp.host)];
        // Per copy of the host: the work spreads evenly over its instances.
        const double perInstance = 1.0 / h.instances;
        if (comp.kind == ComponentKind::Database && (comp.replicas > 0 || comp.shards > 1)) {
            const int shards = comp.shards;
            int hot = 0;
            if (shards > 1 && comp.skew.hotShare > 0) {
                hot = std::clamp(static_cast<int>(std::lround(comp.skew.hotFraction * shards)), 1, shards - 1);
            }
            struct Group { std::string suffix; int count; double share; };
            std::vector<Group> groups;
            if (shards == 1) groups.push_back({"", 1, 1.0});
            else if (hot > 0) {
                groups.push_back({"shard-hot", hot, comp.skew.hotShare / hot});
                groups.push_back({"shard", shards - hot, (1.0 - comp.skew.hotShare) / (shards - hot)});
            } else groups.push_back({"shard", shards, 1.0 / shards});
            const int copies = comp.replicas + 1;
            for (const auto& group : groups) {
                Station* primary = nullptr;
                if (shards == 1) {
                    primary = &out[static_cast<size_t>(hostStation[static_cast<size_t>(comp.host)])];
                } else {
                    Station s;
                    s.name = comp.name + "/" + group.suffix;
                    s.host = comp.host;
                    s.component = comp.id;
                    s.servers = h.cores;
                    s.multiplicity = group.count;
                    s.discipline = h.discipline;
                    s.demand.assign(classes, 0.0);
                    s.asyncDemand.assign(classes, 0.0);
                    s.costMonth = h.costMonth;
                    out.push_back(std::move(s));
                    primary = &out.back();
                }
                const size_t primaryIndex = static_cast<size_t>(primary - out.data());
                int replicaIndex = -1;
                if (comp.replicas > 0) {
                    Station r;
                    r.name = comp.name + "/" + (group.suffix.empty() ? std::string("replica") : group.suffix + "-replica");
                    r.component = comp.id;
                    r.servers = h.cores;
                    r.multiplicity = group.count * comp.replicas;
                    r.discipline = h.discipline;
                    r.demand.assign(classes, 0.0);
                    r.asyncDemand.assign(classes, 0.0);
                    r.costMonth = comp.replicaCostMonth;
                    out.push_back(std::move(r));
                    replicaIndex = static_cast<int>(out.size()) - 1;
                }
                for (const auto& cls : classes_) {
                    const size_t c = static_cast<size_t>(cls.id);
                    const double d = demand(comp.id, cls.id, users);
                    const double sv = table[c][static_cast<size_t>(comp.id)] * group.share * d;
                    const double av = asyncVisits(c, comp.id) * group.share * d;
                    if (cls.write || replicaIndex < 0) {
                        out[primaryIndex].demand[c] += sv;
                        out[primaryIndex].asyncDemand[c] += av;
                    } else {
                        out[primaryIndex].demand[c] += sv / copies;
                        out[primaryIndex].asyncDemand[c] += av / copies;
                        out[static_cast<size_t>(replicaIndex)].demand[c] += sv / copies;
                        out[static_cast<size_t>(replicaIndex)].asyncDemand[c] += av / copies;
                    }
                }
            }
        } else {
            Station& s = out[static_cast<size_t>(hostStation[static_cast<size_t>(comp.host)])];
            for (const auto& cls : classes_) {
                const size_t c = static_cast<size_t>(cls.id);
                const double d = demand(comp.id, cls.id, users);
                s.demand[c] += table[c][static_cast<size_t>(comp.id)] * perInstance * d;
                s.asyncDemand[c] += asyncVisits(c, comp.id) * perInstance * d;
            }
        }
        if (comp.latency > 0) {
            Station& delay = addDelay(comp, comp.kind == ComponentKind::Cdn ? "edge" : "latency");
            for (const auto& cls : classes_) {
                const size_t c = static_cast<size_t>(cls.id);
                delay.demand[c] = table[c][static_cast<size_t>(comp.id)] * comp.latency;
                delay.asyncDemand[c] = asyncVisits(c, comp.id) * comp.latency;
            }
        }
    }
    return out;
}

double Graph::copiesOf(const Host& host) const {
    double copies = host.instances;
    if (!host.shared && host.components.size() == 1) {
        const auto& comp = component(host.components.front());
        copies *= static_cast<double>(comp.replicas + 1) * static_cast<double>(std::max(1, comp.shards));
    }
    return copies;
}

double Graph::costMonth() const {
    double total = 0;
    for (const auto& h : hosts_) total += h.costMonth * h.instances;
    for (const auto& c : components_) {
        if (c.kind == ComponentKind::Database) total += c.replicaCostMonth * c.replicas * c.shards;
    }
    return total;
}

}  // namespace headroom::graph
