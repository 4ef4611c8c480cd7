// The transformation library. Everything works on spec::Architecture (what
// the user's YAML says), never on the built graph, so the result can be
// written back as YAML and rebuilt; the graph is only read to decide where a
// change applies and to word its rationale.

#include "roadmap/transformations.h"

#include "io/metrics.h"
#include "io/text_format.h"
#include "spec/edits.h"
#include "spec/field_table.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

namespace headroom::roadmap {

using spec::ComponentKind;

namespace {

// --- spec helpers --------------------------------------------------------------

int componentIndex(const spec::Architecture& a, const std::string& id) {
    for (size_t i = 0; i < a.components.size(); ++i) {
        if (a.components[i].id == id) return static_cast<int>(i);
    }
    return -1;
}

spec::Component& component(spec::Architecture& a, const std::string& id, const char* transformation) {
    const int i = componentIndex(a, id);
    if (i < 0) throw std::invalid_argument(std::string(transformation) + ": no component '" + id + "'");
    return a.components[static_cast<size_t>(i)];
}

int sharedHostIndex(const spec::Architecture& a, const std::string& id) {
    for (size_t i = 0; i < a.hosts.size(); ++i) {
        if (a.hosts[i].id == id) return static_cast<int>(i);
    }
    return -1;
}

// Ids of new components follow the editor's rule (spec::uniqueId: "lb", "lb-2", ...).
using spec::uniqueId;

// The machine a component runs on, whether a `hosts:` entry or its own.
struct HostRef {
    spec::Architecture* a = nullptr;
    int shared = -1;     // index in a->hosts, or -1
    int component = -1;  // index in a->components when the host is the component's own
    int& cores() const { return shared >= 0 ? a->hosts[static_cast<size_t>(shared)].cores : a->components[static_cast<size_t>(component)].cores; }
    int& instances() const { return shared >= 0 ? a->hosts[static_cast<size_t>(shared)].instances : a->components[static_cast<size_t>(component)].instances; }
    double& costMonth() const { return shared >= 0 ? a->hosts[static_cast<size_t>(shared)].costMonth : a->components[static_cast<size_t>(component)].costMonth; }
};

// `name` is a host name as the graph knows it: a shared host's id or a component's own host.
HostRef hostRef(spec::Architecture& a, const std::string& name, const char* transformation) {
    HostRef ref{&a, sharedHostIndex(a, name), -1};
    if (ref.shared < 0) {
        ref.component = componentIndex(a, name);
        if (ref.component < 0 || a.components[static_cast<size_t>(ref.component)].host) {
            throw std::invalid_argument(std::string(transformation) + ": no host '" + name + "'");
        }
    }
    return ref;
}

int nextPowerOfTwo(double x) {
    int p = 1;
    while (p < x && p < (1 << 20)) p *= 2;
    return p;
}

// --- graph helpers: what a breaking point is about --------------------------------

struct Focus {
    bool system = false;
    std::set<int> components;
    std::set<int> hosts;
    std::string metric;
};

Focus focusOf(const graph::Graph& g, const BreakingPoint& bp) {
    Focus f;
    f.metric = bp.check.metric;
    const std::string& where = bp.check.where;
    if (where == "system" || where.empty()) {
        f.system = true;
    } else if (auto h = g.hostId(where)) {
        f.hosts.insert(*h);
        for (int c : g.host(*h).components) f.components.insert(c);
    } else {
        // A component, or a station "component/suffix" (database replica or shard copies).
        const std::string name = where.substr(0, where.find('/'));
        if (auto c = g.componentId(name)) {
            f.components.insert(*c);
            f.hosts.insert(g.component(*c).host);
        } else {
            f.system = true;
        }
    }
    // A pool is exhausted by slow calls as much as by its own work: what the
    // components at fault call (transitively) is part of the problem.
    if (f.metric == "pool" && !f.system) {
        std::vector<int> stack(f.components.begin(), f.components.end());
        while (!stack.empty()) {
            const auto& comp = g.component(stack.back());
            stack.pop_back();
            std::vector<int> next;
            for (const auto& call : comp.calls) next.push_back(call.to);
            if (comp.onMiss) next.push_back(*comp.onMiss);
            for (int n : next) {
                if (f.components.insert(n).second) {
                    f.hosts.insert(g.component(n).host);
                    stack.push_back(n);
                }
            }
        }
    }
    return f;
}

bool touches(const graph::Graph& g, const Focus& f, int component) {
    return f.system || f.components.count(component) || f.hosts.count(g.component(component).host);
}

bool isEntry(const graph::Graph& g, int component) {
    for (const auto& cls : g.classes()) {
        if (cls.entry == component) return true;
    }
    return false;
}

bool hasReads(const graph::Graph& g, int component) {
    for (const auto& cls : g.classes()) {
        if (!cls.write && (g.visits(cls.id, component) > 0 || g.asyncVisits(cls.id, component) > 0)) return true;
    }
    return false;
}

bool hostHasDatabase(const graph::Graph& g, int host) {
    for (int c : g.host(host).components) {
        if (g.component(c).kind == ComponentKind::Database) return true;
    }
    return false;
}

// The failing utilisation checks at the break, most severe first, mapped to hosts.
std::vector<int> busiestHosts(const graph::Graph& g, const BreakingPoint& bp) {
    std::vector<std::pair<double, int>> ranked;
    for (const auto& check : bp.failing) {
        if (check.metric != "utilization") continue;
        const std::string name = check.where.substr(0, check.where.find('/'));
        std::optional<int> h = g.hostId(check.where);
        if (!h) {
            if (auto c = g.componentId(name)) h = g.component(*c).host;
        }
        if (h) ranked.emplace_back(check.value, *h);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    std::vector<int> out;
    for (const auto& r : ranked) {
        if (std::find(out.begin(), out.end(), r.second) == out.end()) out.push_back(r.second);
    }
    return out;
}

// The spec class names of a call (all classes when it lists none).
std::vector<std::string> callClasses(const spec::Architecture& a, const spec::Call& call) {
    if (!call.classes.empty()) return call.classes;
    std::vector<std::string> all;
    if (a.workload.mix.empty()) all.push_back("request");
    for (const auto& m : a.workload.mix) all.push_back(m.name);
    return all;
}

bool classIsWrite(const spec::Architecture& a, const std::string& name) {
    for (const auto& m : a.workload.mix) {
        if (m.name == name) return m.write;
    }
    return false;
}

// ============================================================================
// add_index
// ============================================================================

std::vector<TransformationParams> addIndexApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        if (c.data && !c.data->index && c.data->rowsPerUser > 0 && touches(g, f, c.id)) out.push_back({c.name, 0, 0});
    }
    return out;
}

spec::Architecture addIndexApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& c = component(a, p.target, "add_index");
    if (!c.data) throw std::invalid_argument("add_index: '" + p.target + "' has no 'data:'");
    c.data->index = true;
    return a;
}

std::string addIndexRationale(const graph::Graph&, const TransformationParams& p) {
    return "an index turns " + p.target +
           "'s full-table scans into B-tree lookups: query cost then grows with log(rows) instead of rows, "
           "for the price of some disk and slower writes";
}

// ============================================================================
// scale_up
// ============================================================================

std::vector<TransformationParams> scaleUpApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue& cat) {
    const Focus f = focusOf(g, bp);
    std::vector<int> hosts;
    if (f.system) {
        hosts = busiestHosts(g, bp);
        if (hosts.empty()) {
            for (const auto& h : g.hosts()) hosts.push_back(h.id);
        }
    } else {
        hosts.assign(f.hosts.begin(), f.hosts.end());
    }
    std::vector<TransformationParams> out;
    for (int h : hosts) {
        const auto& host = g.host(h);
        if (host.cores >= cat.maxCores) continue;
        // A database sharing a machine with the application is moved off before
        // the machine is scaled: the two contend for cores, cache and disk, and
        // neither can be scaled or made redundant on its own while they share it.
        if (host.shared && host.components.size() > 1 && hostHasDatabase(g, h)) continue;
        bool cdnOrQueue = false;
        for (int c : host.components) {
            const auto kind = g.component(c).kind;
            cdnOrQueue = cdnOrQueue || kind == ComponentKind::Cdn || kind == ComponentKind::External;
        }
        if (cdnOrQueue) continue;
        // Issue 21: a machine's cores fix a pool only when the machine is busy
        // (a pool is fixed by its size or a pooler), and a cache node uses at
        // most its threads (Redis: one; the catalogue's threads_per_node).
        if (f.metric == "pool") {
            const auto busy = busiestHosts(g, bp);
            if (std::find(busy.begin(), busy.end(), h) == busy.end()) continue;
        }
        int ceiling = cat.maxCores;
        for (int c : host.components) {
            if (g.component(c).kind == ComponentKind::Cache) {
                ceiling = std::min(ceiling, static_cast<int>(cat.limit(ComponentKind::Cache, "threads_per_node", cat.maxCores)));
            }
        }
        if (host.cores >= ceiling) continue;
        out.push_back({host.name, std::min(ceiling, host.cores * 2), 0});
    }
    return out;
}

spec::Architecture scaleUpApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue& cat) {
    spec::Architecture a = before;
    HostRef host = hostRef(a, p.target, "scale_up");
    const int oldCores = host.cores();
    const int newCores = p.count > 0 ? p.count : std::min(cat.maxCores, oldCores * 2);
    const double factor = static_cast<double>(newCores) / oldCores;
    bool database = false;
    // Pools are sized to the machine (workers per core, connections per core): they grow with it.
    for (auto& c : a.components) {
        const bool onHost = host.shared >= 0 ? (c.host && *c.host == p.target) : (!c.host && c.id == p.target);
        if (!onHost) continue;
        database = database || c.kind == ComponentKind::Database;
        if (c.threads) c.threads = static_cast<int>(std::ceil(*c.threads * factor));
        if (c.connections) c.connections = static_cast<int>(std::ceil(*c.connections * factor));
        if (c.kind == ComponentKind::Database && c.replicaCostMonth >= 0) c.replicaCostMonth *= factor;
    }
    const double oldCost = host.costMonth();
    host.costMonth() = oldCost > 0 ? oldCost * factor : newCores * (database ? cat.databaseCoreMonth : cat.coreMonth);
    host.cores() = newCores;
    return a;
}

std::string scaleUpRationale(const graph::Graph& g, const TransformationParams& p) {
    int cores = 0;
    if (auto h = g.hostId(p.target)) cores = g.host(*h).cores;
    return "a bigger machine for " + p.target + " (" + std::to_string(cores) + " -> " +
           std::to_string(p.count > 0 ? p.count : cores * 2) +
           " cores, pools grown with it): no change to the code or the topology, the price grows with the cores";
}

// ============================================================================
// add_instances
// ============================================================================

// A tier whose copies share its load: it can run more of them (no database
// on its host, something spreading requests over the copies).
bool balancedTier(const graph::Graph& g, const graph::Component& c) {
    if (hostHasDatabase(g, c.host)) return false;
    bool balanced = c.kind == ComponentKind::LoadBalancer && isEntry(g, c.id);  // DNS spreads over LB copies
    for (int caller : c.callers) {
        const auto kind = g.component(caller).kind;
        // A balancer or a queue spreads over copies; so does a service calling an
        // internal one (client-side balancing) - but not users calling an entry service.
        balanced = balanced || kind == ComponentKind::LoadBalancer || kind == ComponentKind::Queue ||
                   (kind == ComponentKind::Service && !isEntry(g, c.id));
    }
    return balanced && c.kind != ComponentKind::Cdn && c.kind != ComponentKind::Cache;
}

// The hosts of the balanced tiers a break touches, each once, in component order.
std::vector<int> balancedHosts(const graph::Graph& g, const BreakingPoint& bp) {
    const Focus f = focusOf(g, bp);
    std::vector<int> out;
    for (const auto& c : g.components()) {
        if (!touches(g, f, c.id) || !balancedTier(g, c)) continue;
        if (std::find(out.begin(), out.end(), c.host) == out.end()) out.push_back(c.host);
    }
    return out;
}

std::vector<TransformationParams> addInstancesApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    std::vector<TransformationParams> out;
    for (int h : balancedHosts(g, bp)) {
        const auto& host = g.host(h);
        if (host.instances >= 10000 / 2) continue;
        out.push_back({host.name, host.instances * 2, 0});
    }
    return out;
}

spec::Architecture addInstancesApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    HostRef host = hostRef(a, p.target, "add_instances");
    host.instances() = p.count > 0 ? p.count : host.instances() * 2;
    return a;
}

std::string addInstancesRationale(const graph::Graph& g, const TransformationParams& p) {
    int now = 1;
    if (auto h = g.hostId(p.target)) now = g.host(*h).instances;
    const int next = p.count > 0 ? p.count : now * 2;
    return "run " + std::to_string(next) + " identical copies of " + p.target + " instead of " + std::to_string(now) +
           ": the tier is already balanced, so capacity and thread pools grow in proportion";
}

// ============================================================================
// Protections (issue 16): offered for a resilience break only
// (BreakingPoint::scenario), sized for the scenario that failed.
// ============================================================================

// The format's ceiling on instances (spec/field_table).
double maxInstances() { return spec::field("component", "instances").bounds.maximum.value_or(10000.0); }

int spikeCopies(const graph::Graph& g, int instances) {
    const double factor = g.slo().resilience.spike.factor;
    return static_cast<int>(std::min<double>(maxInstances(), std::ceil(instances * factor - 1e-9)));
}

// spare_capacity: copies kept running for the scenario (paid all month, no reaction time).
std::vector<TransformationParams> spareApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    if (bp.scenario.empty()) return {};
    std::vector<TransformationParams> out;
    for (int h : balancedHosts(g, bp)) {
        const auto& host = g.host(h);
        const int count = bp.scenario == "spike" ? spikeCopies(g, host.instances) : host.instances + 1;
        if (count <= host.instances) continue;
        out.push_back({host.name, count, 0});
    }
    return out;
}

std::string spareRationale(const graph::Graph& g, const TransformationParams& p) {
    int now = 1;
    if (auto h = g.hostId(p.target)) now = g.host(*h).instances;
    if (p.count == now + 1) {
        return "keep one spare copy of " + p.target + " (" + std::to_string(p.count) + " instead of " + std::to_string(now) +
               ", N+1): losing any one machine still leaves enough to carry the load";
    }
    return "keep " + std::to_string(p.count) + " copies of " + p.target + " running instead of " + std::to_string(now) +
           ": capacity for the x" + io::formatNumber("%g", g.slo().resilience.spike.factor) +
           " spike is there before it starts (no reaction time), paid every month";
}

// autoscale: copies that follow the load, up to what the spike needs. The
// ceiling is the peak's copies plus a quarter; a spike of x10 in a minute
// outruns provisioning, so the floor is what one scaling action lifts to the
// peak's need (need x target): a warm floor, cheaper than keeping the peak.
int autoscaleFloor(int ceiling, int now) {
    const double target = spec::Autoscale{}.targetUtilization;
    return std::clamp(static_cast<int>(std::ceil(ceiling / 1.25 * target - 1e-9)), now, std::max(now, ceiling));
}

std::vector<TransformationParams> autoscaleApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    if (bp.scenario != "spike") return {};
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        const bool scalable = c.kind == ComponentKind::Service || c.kind == ComponentKind::LoadBalancer;
        if (!touches(g, f, c.id) || !scalable || !balancedTier(g, c)) continue;
        const auto& host = g.host(c.host);
        // The autoscaler moves a component's own machines: a host it shares
        // with nothing else becomes its own (autoscaleApply). An autoscaled
        // tier at its ceiling gets a higher one.
        if (host.components.size() != 1) continue;
        const int from = host.autoscale ? host.autoscale->max : host.instances;
        const int max = static_cast<int>(std::min<double>(maxInstances(), std::ceil(spikeCopies(g, from) * 1.25)));
        if (max > from) out.push_back({c.name, host.autoscale ? std::max(max, from * 2) : max, 0});
        // An autoscaled tier whose ceiling would do, but whose copies arrive
        // too late (the spike outruns its provisioning delay): a warmer floor,
        // doubled (the planner tries again at the same load if that is not enough).
        if (host.autoscale && host.autoscale->min < host.autoscale->max) {
            TransformationParams warmer{c.name, host.autoscale->max, 0};
            warmer.floor = std::min(host.autoscale->max, std::max(host.autoscale->min * 2, host.autoscale->min + 1));
            out.push_back(warmer);
        }
    }
    return out;
}

spec::Architecture autoscaleApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& c = component(a, p.target, "autoscale");
    if (c.host) {
        // A host holding only this component: its machines become the component's own.
        const std::string hostId = *c.host;
        for (const auto& other : a.components) {
            if (other.id != c.id && other.host == hostId) {
                throw std::invalid_argument("autoscale: '" + p.target + "' shares host '" + hostId + "' with '" + other.id + "'");
            }
        }
        const int h = sharedHostIndex(a, hostId);
        if (h < 0) throw std::invalid_argument("autoscale: no host '" + hostId + "'");
        const spec::Host host = a.hosts[static_cast<size_t>(h)];
        c.cores = host.cores;
        c.instances = host.instances;
        c.costMonth = host.costMonth;
        c.failure = host.failure;
        c.host.reset();
        a.hosts.erase(a.hosts.begin() + h);
    }
    if (c.autoscale) {
        c.autoscale->max = std::max(c.autoscale->max, p.count > 0 ? p.count : c.autoscale->max * 2);
        if (p.floor > c.autoscale->min) {
            c.autoscale->min = std::min(p.floor, c.autoscale->max);
            c.instances = std::max(c.instances, c.autoscale->min);  // the floor's copies run from the start
        }
        return a;
    }
    spec::Autoscale rule;
    const int ceiling = std::max(c.instances, p.count > 0 ? p.count : c.instances * 10);
    rule.max = ceiling;
    rule.min = autoscaleFloor(ceiling, c.instances);
    c.instances = rule.min;
    c.autoscale = rule;
    return a;
}

std::string autoscaleRationale(const graph::Graph& g, const TransformationParams& p) {
    int now = 1;
    if (auto c = g.componentId(p.target)) {
        const auto& host = g.host(g.component(*c).host);
        now = host.instances;
        if (host.autoscale && p.floor > 0) {
            return "raise " + p.target + "'s autoscaling floor from " + std::to_string(host.autoscale->min) + " to " +
                   std::to_string(p.floor) + " copies (ceiling " + std::to_string(std::max(p.count, host.autoscale->max)) +
                   "): new copies serve " + io::formatDurationText(host.autoscale->delay) +
                   " after they are ordered, so what the spike needs before they arrive must already run; paid every month";
        }
        if (host.autoscale) {
            return "raise " + p.target + "'s autoscaling ceiling from " + std::to_string(host.autoscale->max) + " to " +
                   std::to_string(p.count) + " copies: at this load the spike needs more than it may add";
        }
    }
    const spec::Autoscale rule;
    const int floor = autoscaleFloor(p.count, now);
    return "let " + p.target + " follow the load between " + std::to_string(floor) + " and " + std::to_string(p.count) +
           " copies (was " + std::to_string(now) + "; target " + io::formatPercent(rule.targetUtilization) +
           " busy, new copies serving " + io::formatDurationText(rule.delay) +
           " after they are ordered): the floor is what one scaling action lifts to the spike's need, the rest runs only "
           "while the spike lasts";
}

// admission_control: shed load at a concurrency limit instead of queueing.
std::vector<TransformationParams> admissionApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    if (bp.scenario != "spike") return {};
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        if (!touches(g, f, c.id) || !c.threads || c.kind == ComponentKind::Database) continue;
        const auto& specs = g.spec().components;
        const auto it = std::find_if(specs.begin(), specs.end(), [&](const spec::Component& x) { return x.id == c.name; });
        if (it == specs.end() || it->admission) continue;
        out.push_back({c.name, *c.threads, 0});
    }
    return out;
}

spec::Architecture admissionApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& c = component(a, p.target, "admission_control");
    const int limit = p.count > 0 ? p.count : c.threads.value_or(64);
    c.admission = spec::Admission{limit};
    return a;
}

std::string admissionRationale(const graph::Graph&, const TransformationParams& p) {
    return "shed load at " + p.target + " beyond " + std::to_string(p.count) +
           " requests in flight per copy: the admitted requests keep their response time and the rest fail at once, "
           "instead of every request queueing until it times out";
}

// ============================================================================
// Storm protections (issue 17): offered for a cache_flush or retry_storm
// scenario only. Software changes: no machine, no running cost; their price is
// the project (planning.project_cost) and the lead time.
// ============================================================================

const spec::Component* specOf(const graph::Graph& g, const std::string& id) {
    const auto& specs = g.spec().components;
    const auto it = std::find_if(specs.begin(), specs.end(), [&](const spec::Component& x) { return x.id == id; });
    return it == specs.end() ? nullptr : &*it;
}

// cache_coalescing: one miss per key in flight, and TTLs spread by 10%.
std::vector<TransformationParams> coalescingApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    if (bp.scenario != "cache_flush") return {};
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        const spec::Component* s = specOf(g, c.name);
        if (c.keyedCache && s && !(s->cache.coalesce && s->cache.ttlJitter > 0)) out.push_back({c.name, 0, 0});
    }
    return out;
}

spec::Architecture coalescingApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& c = component(a, p.target, "cache_coalescing");
    if (!c.cache.keys) throw std::invalid_argument("cache_coalescing: '" + p.target + "' has no derived hit ratio");
    c.cache.coalesce = true;
    c.cache.ttlJitter = std::max(c.cache.ttlJitter, 0.10);
    return a;
}

std::string coalescingRationale(const graph::Graph& g, const TransformationParams& p) {
    std::string behind = "the database";
    for (const auto& c : g.components())
        if (c.name == p.target && c.onMiss) behind = g.component(*c.onMiss).name;
    return "coalesce the misses of " + p.target + " (one fetch per key in flight, the other requests wait for it) and spread "
           "its TTLs by 10%: after a flush " + behind + " sees each missing key once instead of once per request while its "
           "fetch is slow, and entries written together no longer expire together";
}

// serve_stale: an expired entry is served while one caller refreshes it.
std::vector<TransformationParams> serveStaleApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    if (bp.scenario != "cache_flush") return {};
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        const spec::Component* s = specOf(g, c.name);
        if (c.keyedCache && c.keyedCache->ttl && s && !s->cache.serveStale) out.push_back({c.name, 0, 0});
    }
    return out;
}

spec::Architecture serveStaleApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& c = component(a, p.target, "serve_stale");
    if (!c.cache.keys) throw std::invalid_argument("serve_stale: '" + p.target + "' has no derived hit ratio");
    c.cache.serveStale = true;
    return a;
}

std::string serveStaleRationale(const graph::Graph&, const TransformationParams& p) {
    return "serve expired entries of " + p.target + " while one request refreshes them (stale-while-revalidate): an expiry "
           "costs one fetch per key, never a miss per request; it does not help after a restart (nothing to serve)";
}

// retry_budget: retries of calls to the tier capped at 10% of its requests, with jittered backoff.
std::vector<TransformationParams> retryBudgetApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    if (bp.scenario != "retry_storm") return {};
    std::vector<TransformationParams> out;
    for (const auto& c : g.components())
        if (c.retries.max > 0 && !c.retryBudget) out.push_back({c.name, 0, 0});
    return out;
}

spec::Architecture retryBudgetApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& c = component(a, p.target, "retry_budget");
    c.retryBudget = 0.10;
    c.retries.jitter = true;
    return a;
}

std::string retryBudgetRationale(const graph::Graph&, const TransformationParams& p) {
    return "cap the retries of calls to " + p.target + " at 10% of the calls (a retry budget) and jitter their backoff: an "
           "overload can no longer multiply the load by the retry count and keep the tier overloaded after its cause is gone";
}

// circuit_breaker: stop calling a failing tier for a while.
std::vector<TransformationParams> breakerApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    if (bp.scenario != "retry_storm") return {};
    std::vector<TransformationParams> out;
    for (const auto& c : g.components())
        if (c.retries.max > 0 && c.timeout && !c.circuitBreaker) out.push_back({c.name, 0, 0});
    return out;
}

spec::Architecture breakerApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& c = component(a, p.target, "circuit_breaker");
    c.circuitBreaker = spec::CircuitBreaker{0.5, 5.0};
    return a;
}

std::string breakerRationale(const graph::Graph&, const TransformationParams& p) {
    return "open a circuit breaker on " + p.target + " when half of the last 20 calls failed (fail at once for 5 s): the "
           "callers stop feeding a collapsed tier its abandoned work, and its backlog drains";
}

// ============================================================================
// add_connection_pooler
// ============================================================================

bool hasPooler(const graph::Graph& g, int database) {
    for (int caller : g.component(database).callers) {
        const auto& c = g.component(caller);
        if (c.kind == ComponentKind::Service && c.name.rfind("pooler", 0) == 0) return true;
    }
    return false;
}

bool hasPoolerIn(const graph::Graph& g, int database) { return hasPooler(g, database); }

std::vector<TransformationParams> poolerApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    std::vector<TransformationParams> out;
    const Focus f = focusOf(g, bp);
    for (const auto& c : g.components()) {
        if (c.kind != ComponentKind::Database || !c.connections || hasPooler(g, c.id)) continue;
        bool relevant = f.system || (f.metric == "pool" && touches(g, f, c.id));
        for (int caller : c.callers) relevant = relevant || (f.metric == "pool" && f.components.count(caller));
        if (relevant) out.push_back({c.name, *c.connections * 4, 0});
    }
    return out;
}

spec::Architecture poolerApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue& cat) {
    spec::Architecture a = before;
    auto& db = component(a, p.target, "add_connection_pooler");
    if (db.kind != ComponentKind::Database) throw std::invalid_argument("add_connection_pooler: '" + p.target + "' is not a database");
    db.connections = p.count > 0 ? p.count : db.connections.value_or(25) * 4;
    const std::string id = uniqueId(a, "pooler");
    for (auto& c : a.components) {
        for (auto& call : c.calls) {
            if (call.to == p.target) call.to = id;
        }
        if (c.onMiss && *c.onMiss == p.target) c.onMiss = id;
    }
    spec::Component pooler;
    pooler.id = id;
    pooler.kind = ComponentKind::Service;
    pooler.cores = 1;
    pooler.costMonth = cat.poolerMonth;
    pooler.demand.fallback = 50e-6;  // PgBouncer forwards a query in tens of microseconds
    spec::addComponent(a, pooler);
    spec::connect(a, id, p.target);
    return a;
}

std::string poolerRationale(const graph::Graph&, const TransformationParams& p) {
    return "a connection pooler (PgBouncer, transaction mode) in front of " + p.target +
           " multiplexes many client connections onto few server ones, so the app-side limit can grow " +
           (p.count > 0 ? "to " + std::to_string(p.count) + " " : "") +
           "without exhausting the database's memory; requests stop queueing for a free connection";
}

// ============================================================================
// split_database
// ============================================================================

std::vector<TransformationParams> splitApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        if (c.kind != ComponentKind::Database) continue;
        const auto& host = g.host(c.host);
        if (host.components.size() < 2 || !host.shared) continue;
        if (!f.system && !f.hosts.count(c.host)) continue;
        // Size the new machine to the database's share of the shared host's work (power of two, at least 2).
        double dbWork = 0, hostWork = 0;
        for (const auto& cls : g.classes()) {
            for (int other : host.components) {
                const double w = cls.share * (g.visits(cls.id, other) + g.asyncVisits(cls.id, other)) * g.demand(other, cls.id, 0);
                hostWork += w;
                if (other == c.id) dbWork += w;
            }
        }
        const double share = hostWork > 0 ? dbWork / hostWork : 0.5;
        out.push_back({c.name, std::max(2, nextPowerOfTwo(host.cores * share)), 0});
    }
    return out;
}

spec::Architecture splitApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue& cat) {
    spec::Architecture a = before;
    auto& db = component(a, p.target, "split_database");
    if (!db.host) throw std::invalid_argument("split_database: '" + p.target + "' already has a host of its own");
    const int shared = sharedHostIndex(a, *db.host);
    const auto& host = a.hosts.at(static_cast<size_t>(shared));
    db.cores = p.count > 0 ? p.count : host.cores;
    const double perCore = host.costMonth > 0 ? host.costMonth / host.cores : cat.databaseCoreMonth;
    db.costMonth = perCore * db.cores;
    db.instances = 1;
    db.host.reset();
    return a;
}

std::string splitRationale(const graph::Graph& g, const TransformationParams& p) {
    std::string host = "the shared host";
    if (auto c = g.componentId(p.target)) host = g.host(g.component(*c).host).name;
    return "move " + p.target + " off " + host + " to a machine of its own" +
           (p.count > 0 ? " (" + std::to_string(p.count) + " cores)" : std::string()) +
           ": the app gets all of " + host + "'s cores back and a busy database no longer slows every page";
}

// ============================================================================
// add_load_balancer
// ============================================================================

std::vector<TransformationParams> lbApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    std::set<int> seen;
    for (const auto& cls : g.classes()) {
        const auto& entry = g.component(cls.entry);
        if (seen.count(entry.id) || entry.kind != ComponentKind::Service) continue;
        seen.insert(entry.id);
        if (hostHasDatabase(g, entry.host) || !touches(g, f, entry.id)) continue;
        out.push_back({entry.name, std::max(2, g.host(entry.host).instances * 2), 0});
    }
    return out;
}

spec::Architecture lbApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue& cat) {
    spec::Architecture a = before;
    auto& entry = component(a, p.target, "add_load_balancer");
    HostRef host = entry.host ? hostRef(a, *entry.host, "add_load_balancer") : hostRef(a, entry.id, "add_load_balancer");
    host.instances() = p.count > 0 ? p.count : std::max(2, host.instances() * 2);
    const std::string id = uniqueId(a, "lb");
    spec::Component lb;
    lb.id = id;
    lb.kind = ComponentKind::LoadBalancer;
    lb.cores = 2;
    lb.costMonth = cat.loadBalancerMonth;
    lb.demand.fallback = 300e-6;  // nginx/HAProxy proxying a request, TLS included: 0.1-0.5 ms of CPU
    lb.distribution.kind = spec::DistributionKind::Deterministic;
    lb.policy = spec::BalancingPolicy::LeastConnections;
    // Requests that entered at the service now enter at the balancer.
    const bool defaultEntry = !a.workload.entry || *a.workload.entry == p.target;
    if (defaultEntry) a.workload.entry = id;
    for (auto& m : a.workload.mix) {
        if (m.entry && *m.entry == p.target) m.entry = id;
    }
    spec::addComponent(a, lb, 0);
    spec::connect(a, id, p.target);
    return a;
}

std::string lbRationale(const graph::Graph&, const TransformationParams& p) {
    return "put a load balancer in front of " + std::to_string(p.count > 0 ? p.count : 2) + " copies of " + p.target +
           ": the tier scales out from here by adding machines, and one failing copy no longer takes the site down";
}

// ============================================================================
// add_cdn
// ============================================================================

std::vector<TransformationParams> cdnApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    const Focus f = focusOf(g, bp);
    bool relevant = false, any = false;
    for (const auto& cls : g.classes()) {
        if (!isStaticClass(g, cls.id)) continue;
        any = true;
        for (const auto& c : g.components()) {
            if (g.visits(cls.id, c.id) > 0 && touches(g, f, c.id)) relevant = true;
        }
    }
    if (!any || !relevant) return {};
    return {TransformationParams{"", 0, 0.95}};
}

spec::Architecture cdnApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue& cat) {
    const graph::Graph g = graph::build(before);
    spec::Architecture a = before;
    const std::string id = uniqueId(a, p.target.empty() ? "cdn" : p.target);
    std::string origin;
    for (size_t i = 0; i < a.workload.mix.size(); ++i) {
        if (!isStaticClass(g, static_cast<int>(i))) continue;
        const std::string entry = g.component(g.classes()[i].entry).name;
        if (origin.empty()) origin = entry;
        if (entry != origin) continue;  // one CDN per origin; a second origin would need a second CDN
        a.workload.mix[i].entry = id;
    }
    if (origin.empty()) throw std::invalid_argument("add_cdn: no static class ('static' or 'assets') to serve");
    spec::Component cdn;
    cdn.id = id;
    cdn.kind = ComponentKind::Cdn;
    cdn.cores = 1;
    cdn.costMonth = cat.cdnMonth;
    cdn.latency = 0.020;  // edge round trip for a cached file, as seen from the user
    cdn.cache.hitRatio = p.hitRatio > 0 ? p.hitRatio : 0.95;
    cdn.onMiss = origin;
    spec::addComponent(a, cdn);
    return a;
}

std::string cdnRationale(const graph::Graph&, const TransformationParams& p) {
    return "serve the static assets from a CDN's edge (assumed hit ratio " + io::formatPercent(p.hitRatio > 0 ? p.hitRatio : 0.95) +
           "): the origin no longer spends CPU and threads on files that never change, and users get them from nearby";
}

// ============================================================================
// add_cache
// ============================================================================

// A cache already misses to the database (directly or through its pooler).
bool hasCache(const graph::Graph& g, int database) {
    for (const auto& c : g.components()) {
        if (c.kind != ComponentKind::Cache || !c.onMiss) continue;
        if (*c.onMiss == database) return true;
        for (const auto& call : g.component(*c.onMiss).calls) {
            if (call.to == database && g.component(*c.onMiss).name.rfind("pooler", 0) == 0) return true;
        }
    }
    return false;
}

bool readsGoDirect(const graph::Graph& g, const spec::Architecture& a, int database) {
    const std::string& name = g.component(database).name;
    if (hasCache(g, database)) return false;  // a second cache in front of the first one's misses buys little
    for (const auto& c : a.components) {
        if (c.kind == ComponentKind::Cache || c.kind == ComponentKind::Cdn) continue;
        if (c.kind == ComponentKind::Service && c.id.rfind("pooler", 0) == 0) continue;  // transparent: its callers count
        for (const auto& call : c.calls) {
            if (call.to != name) continue;
            for (const auto& cls : callClasses(a, call)) {
                if (!classIsWrite(a, cls)) return true;
            }
        }
    }
    return false;
}

std::vector<TransformationParams> cacheApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        if (c.kind != ComponentKind::Database || !readsGoDirect(g, g.spec(), c.id)) continue;
        bool relevant = touches(g, f, c.id);
        for (int caller : c.callers) relevant = relevant || (f.metric == "pool" && f.components.count(caller));
        if (relevant) out.push_back({c.name, 0, 0.90});
    }
    return out;
}

spec::Architecture cacheApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue& cat) {
    spec::Architecture a = before;
    component(a, p.target, "add_cache");
    const std::string id = uniqueId(a, "cache");
    bool redirected = false;
    for (auto& c : a.components) {
        if (c.kind == ComponentKind::Cache || c.kind == ComponentKind::Cdn) continue;
        std::vector<spec::Call> calls;
        for (const auto& call : c.calls) {
            if (call.to != p.target) {
                calls.push_back(call);
                continue;
            }
            spec::Call reads = call, writes = call;
            reads.classes.clear();
            writes.classes.clear();
            for (const auto& cls : callClasses(a, call)) (classIsWrite(a, cls) ? writes : reads).classes.push_back(cls);
            if (!reads.classes.empty()) {
                reads.to = id;
                calls.push_back(reads);
                redirected = true;
            }
            if (!writes.classes.empty()) calls.push_back(writes);
        }
        c.calls = calls;
    }
    if (!redirected) throw std::invalid_argument("add_cache: no reads go to '" + p.target + "'");
    spec::Component cache;
    cache.id = id;
    cache.kind = ComponentKind::Cache;
    cache.cores = 1;
    cache.costMonth = cat.cacheNodeMonth;
    cache.demand.fallback = 150e-6;  // a Redis GET with its network stack: 0.1-0.3 ms of server time
    cache.cache.hitRatio = p.hitRatio > 0 ? p.hitRatio : 0.90;
    cache.onMiss = p.target;
    spec::addComponent(a, cache);
    return a;
}

std::string cacheRationale(const graph::Graph&, const TransformationParams& p) {
    return "a cache-aside (Redis) in front of " + p.target + "'s reads: with the assumed " +
           io::formatPercent(p.hitRatio > 0 ? p.hitRatio : 0.9) +
           " hit ratio most read queries never reach the database; writes still do";
}

// ============================================================================
// add_read_replicas
// ============================================================================

std::vector<TransformationParams> replicasApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue& cat) {
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        if (c.kind != ComponentKind::Database || g.host(c.host).shared || !hasReads(g, c.id)) continue;
        if (c.replicas >= cat.maxReplicas) continue;
        // Relevant to the database itself, or to callers whose pools its slow reads exhaust.
        bool relevant = touches(g, f, c.id);
        for (int caller : c.callers) relevant = relevant || (f.metric == "pool" && f.components.count(caller));
        if (!relevant) continue;
        out.push_back({c.name, std::min(cat.maxReplicas, c.replicas == 0 ? 1 : c.replicas * 2), 0});
    }
    return out;
}

spec::Architecture replicasApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& db = component(a, p.target, "add_read_replicas");
    if (db.kind != ComponentKind::Database) throw std::invalid_argument("add_read_replicas: '" + p.target + "' is not a database");
    db.replicas = p.count > 0 ? p.count : (db.replicas == 0 ? 1 : db.replicas * 2);
    return a;
}

std::string replicasRationale(const graph::Graph&, const TransformationParams& p) {
    const int n = p.count > 0 ? p.count : 1;
    return std::to_string(n) + " read replica" + (n > 1 ? "s" : "") + " of " + p.target +
           ": reads spread over the primary and the replicas (seconds of replication lag are acceptable for them); "
           "writes still all go to the primary";
}

// ============================================================================
// queue_writes
// ============================================================================

std::vector<TransformationParams> queueApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    const auto& a = g.spec();
    for (const auto& c : g.components()) {
        if (c.kind != ComponentKind::Database) continue;
        bool syncWrites = false;
        for (const auto& caller : a.components) {
            if (caller.kind == ComponentKind::Queue) continue;
            for (const auto& call : caller.calls) {
                if (call.to != c.name) continue;
                for (const auto& cls : callClasses(a, call)) syncWrites = syncWrites || classIsWrite(a, cls);
            }
        }
        bool writesOnPath = false;
        for (const auto& cls : g.classes()) writesOnPath = writesOnPath || (cls.write && g.visits(cls.id, c.id) > 0);
        if (!syncWrites || !writesOnPath) continue;
        bool relevant = touches(g, f, c.id);
        for (int caller : c.callers) relevant = relevant || f.components.count(caller);
        if (relevant) out.push_back({c.name, 1, 0});
    }
    return out;
}

spec::Architecture queueApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue& cat) {
    spec::Architecture a = before;
    component(a, p.target, "queue_writes");
    const std::string queueId = uniqueId(a, "write-queue");
    const std::string workerId = uniqueId(a, "write-worker");
    spec::Component worker;
    worker.id = workerId;
    worker.kind = ComponentKind::Service;
    worker.cores = 2;
    worker.instances = p.count > 0 ? p.count : 1;
    worker.costMonth = 2 * cat.coreMonth;
    // Bounded concurrency sized to what the database can take: its connection
    // limit, or 4 per database core (the usual pool-sizing rule of thumb).
    {
        const auto& db = a.components[static_cast<size_t>(componentIndex(a, p.target))];
        int dbCores = db.cores;
        if (db.host) dbCores = a.hosts.at(static_cast<size_t>(sharedHostIndex(a, *db.host))).cores;
        worker.threads = db.connections ? *db.connections : 4 * dbCores;
    }
    worker.demand.fallback = 1e-3;  // deserialise a message and issue the write
    // Several components may write to the database. Each caller's visit
    // enqueues one message per write class; the one worker pool must then do,
    // per message of class k, the writes of all callers divided by the
    // messages of all callers: w_k / m_k, with m_k = sum of the callers' visits
    // per request and w_k = sum of visits x write calls per visit. Copying each
    // caller's write calls into the worker would repeat every caller's writes
    // for every message, multiplying the writes by the number of callers.
    const graph::Graph g = graph::build(before);
    std::vector<std::string> writeClasses;
    std::map<std::string, double> messages, writesPerRequest;  // by class name, per user request
    std::map<std::string, spec::Call> sample;                  // a write call of the class, for its source location
    bool moved = false;
    for (auto& c : a.components) {
        if (c.kind == ComponentKind::Queue) continue;
        const auto callerId = g.componentId(c.id);
        std::vector<spec::Call> calls;
        std::map<std::string, double> writesPerVisit;  // by class: this caller's write calls per visit
        for (const auto& call : c.calls) {
            if (call.to != p.target) {
                calls.push_back(call);
                continue;
            }
            spec::Call reads = call;
            reads.classes.clear();
            for (const auto& cls : callClasses(a, call)) {
                if (!classIsWrite(a, cls)) {
                    reads.classes.push_back(cls);
                    continue;
                }
                writesPerVisit[cls] += call.visits;
                sample.emplace(cls, call);
            }
            if (!reads.classes.empty()) calls.push_back(reads);
        }
        if (!writesPerVisit.empty()) {
            spec::Call enqueue;
            enqueue.to = queueId;
            for (const auto& [cls, perVisit] : writesPerVisit) {
                enqueue.classes.push_back(cls);
                const auto clsId = g.classId(cls);
                const double visits = (callerId && clsId) ? g.visits(*clsId, *callerId) : 0.0;
                messages[cls] += visits;
                writesPerRequest[cls] += visits * perVisit;
                if (std::find(writeClasses.begin(), writeClasses.end(), cls) == writeClasses.end()) writeClasses.push_back(cls);
            }
            calls.push_back(enqueue);
            moved = true;
        }
        c.calls = calls;
    }
    for (const auto& cls : writeClasses) {
        spec::Call write = sample.at(cls);
        write.classes = {cls};
        write.visits = messages[cls] > 0 ? writesPerRequest[cls] / messages[cls] : 1.0;
        worker.calls.push_back(write);
    }
    if (!moved) throw std::invalid_argument("queue_writes: no synchronous writes go to '" + p.target + "'");
    spec::Component queue;
    queue.id = queueId;
    queue.kind = ComponentKind::Queue;
    queue.cores = 1;
    queue.costMonth = cat.queueMonth;
    queue.demand.fallback = 200e-6;  // a broker accepting and persisting one message
    spec::addComponent(a, queue);
    spec::addComponent(a, worker);
    spec::connect(a, queueId, workerId);
    return a;
}

std::string queueRationale(const graph::Graph&, const TransformationParams& p) {
    return "writes to " + p.target +
           " go through a queue and a small worker pool: the user's request returns once the write is accepted, "
           "slow commits no longer hold web threads or connections, and bursts are absorbed by the backlog";
}

// ============================================================================
// shard_database
// ============================================================================

std::vector<TransformationParams> shardApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue& cat) {
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        if (c.kind != ComponentKind::Database || g.host(c.host).shared || !touches(g, f, c.id)) continue;
        if (c.shards >= cat.maxShards) continue;
        out.push_back({c.name, std::min(cat.maxShards, std::max(2, c.shards * 2)), 0});
    }
    return out;
}

spec::Architecture shardApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& db = component(a, p.target, "shard_database");
    if (db.kind != ComponentKind::Database || db.host) throw std::invalid_argument("shard_database: '" + p.target + "' is not a database on its own host");
    db.shards = p.count > 0 ? p.count : std::max(2, db.shards * 2);
    return a;
}

std::string shardRationale(const graph::Graph&, const TransformationParams& p) {
    return "split " + p.target + "'s rows over " + std::to_string(p.count > 0 ? p.count : 2) +
           " shards by a shard key: each takes its share of reads AND writes, at the price of routing in the "
           "application and no cross-shard joins";
}


// ============================================================================
// Issue 21: builds real for their technology (resources/catalogue.yaml)
// ============================================================================

// pool_size: a connection pool is fixed by its size (a configuration change,
// free) up to what the database takes without a pooler (max_connections), or
// with one (max_connections_pooled); then by a pooler. Not by cores.
bool hasPoolerIn(const graph::Graph& g, int database);

std::vector<TransformationParams> poolSizeApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue& cat) {
    if (bp.check.metric != "pool") return {};
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        if (c.kind != ComponentKind::Database || !c.connections || !touches(g, f, c.id)) continue;
        const bool pooled = hasPoolerIn(g, c.id);
        const double limit = pooled ? cat.limit(ComponentKind::Database, "max_connections_pooled", 2000)
                                    : cat.limit(ComponentKind::Database, "max_connections", 100);
        const int now = *c.connections;
        if (now >= limit) continue;
        out.push_back({c.name, static_cast<int>(std::min<double>(limit, now * 2.0)), 0});
    }
    return out;
}

spec::Architecture poolSizeApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    spec::Architecture a = before;
    auto& db = component(a, p.target, "pool_size");
    if (db.kind != ComponentKind::Database) throw std::invalid_argument("pool_size: '" + p.target + "' is not a database");
    db.connections = p.count > 0 ? p.count : db.connections.value_or(10) * 2;
    return a;
}

std::string poolSizeRationale(const graph::Graph& g, const TransformationParams& p) {
    int now = 0;
    if (auto c = g.componentId(p.target)) now = g.component(*c).connections.value_or(0);
    return "raise " + p.target + "'s connection pool from " + std::to_string(now) + " to " + std::to_string(p.count) +
           " (a configuration change, free): requests were waiting for a free connection while the database had "
           "cores to spare; more cores would not shorten that wait";
}

// The component running on a host of its own named `target` (cache, balancer, queue).
std::vector<TransformationParams> copiesApplies(const graph::Graph& g, const BreakingPoint& bp, ComponentKind kind,
                                                int maximum, bool onlySingle) {
    const Focus f = focusOf(g, bp);
    std::vector<TransformationParams> out;
    for (const auto& c : g.components()) {
        if (c.kind != kind || !touches(g, f, c.id)) continue;
        const auto& host = g.host(c.host);
        if (host.components.size() != 1 || host.autoscale) continue;
        if (onlySingle && host.instances != 1) continue;
        if (host.instances >= maximum) continue;
        out.push_back({host.name, std::min(maximum, onlySingle ? 2 : host.instances * 2), 0});
    }
    return out;
}

spec::Architecture copiesApply(const spec::Architecture& before, const TransformationParams& p, const char* name) {
    spec::Architecture a = before;
    HostRef host = hostRef(a, p.target, name);
    host.instances() = p.count > 0 ? p.count : host.instances() * 2;
    return a;
}

// cache_cluster: a Redis node runs commands on one thread; capacity grows by nodes (cluster shards).
std::vector<TransformationParams> cacheClusterApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue& cat) {
    return copiesApplies(g, bp, ComponentKind::Cache,
                         static_cast<int>(cat.limit(ComponentKind::Cache, "max_shards", 500)), false);
}

spec::Architecture cacheClusterApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    return copiesApply(before, p, "cache_cluster");
}

std::string cacheClusterRationale(const graph::Graph& g, const TransformationParams& p) {
    int now = 1;
    if (auto h = g.hostId(p.target)) now = g.host(*h).instances;
    return "shard " + p.target + " over " + std::to_string(p.count) + " nodes instead of " + std::to_string(now) +
           " (Redis Cluster: keys hashed to slots, each node serving its share): a node executes commands on one "
           "thread, so capacity grows with nodes, not cores";
}

// queue_partitions: a broker's capacity grows by partitions (spread over brokers).
std::vector<TransformationParams> partitionsApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue& cat) {
    return copiesApplies(g, bp, ComponentKind::Queue,
                         static_cast<int>(cat.limit(ComponentKind::Queue, "max_partitions", 256)), false);
}

spec::Architecture partitionsApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    return copiesApply(before, p, "queue_partitions");
}

std::string partitionsRationale(const graph::Graph&, const TransformationParams& p) {
    return "spread " + p.target + " over " + std::to_string(p.count) +
           " partition groups: each takes its share of the messages; order holds within a partition";
}

// balancer_ha_pair: a second balancer beside the first (floating IP / two DNS records), both serving.
std::vector<TransformationParams> haPairApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue&) {
    return copiesApplies(g, bp, ComponentKind::LoadBalancer, 2, true);
}

spec::Architecture haPairApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue&) {
    return copiesApply(before, p, "balancer_ha_pair");
}

std::string haPairRationale(const graph::Graph&, const TransformationParams& p) {
    return "make " + p.target + " an HA pair: a second balancer with the same configuration behind a floating IP (or two "
           "DNS records), both serving; losing one no longer takes the site down";
}

// managed_balancer: the provider's balancer, scaled and replicated by the provider (priced per capacity unit).
std::vector<TransformationParams> managedApplies(const graph::Graph& g, const BreakingPoint& bp, const CostCatalogue& cat) {
    return copiesApplies(g, bp, ComponentKind::LoadBalancer,
                         static_cast<int>(cat.limit(ComponentKind::LoadBalancer, "max_instances", 16)), false);
}

spec::Architecture managedApply(const spec::Architecture& before, const TransformationParams& p, const CostCatalogue& cat) {
    spec::Architecture a = before;
    HostRef host = hostRef(a, p.target, "managed_balancer");
    host.instances() = p.count > 0 ? p.count : std::max(2, host.instances() * 2);
    host.costMonth() = cat.managedBalancerMonth;
    return a;
}

std::string managedRationale(const graph::Graph& g, const TransformationParams& p) {
    int now = 1;
    if (auto h = g.hostId(p.target)) now = g.host(*h).instances;
    return "run " + p.target + " as a managed load balancer (" + std::to_string(p.count) + " capacity units instead of " +
           std::to_string(now) + " machine" + (now > 1 ? "s" : "") +
           "): the provider replicates it across zones and adds capacity with the traffic";
}

}  // namespace

bool isStaticClass(const graph::Graph& g, int cls) {
    const auto& c = g.classes().at(static_cast<size_t>(cls));
    std::string lower;
    for (char ch : c.name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower != "static" && lower != "assets") return false;
    return g.component(c.entry).kind != ComponentKind::Cdn;
}

const std::vector<Transformation>& transformations() {
    static const std::vector<Transformation> library = {
        {"pool_size", "Raise the connection pool (a configuration change)", 1, 1, poolSizeApplies, poolSizeApply, poolSizeRationale},
        {"add_index", "Add the missing index", 2, 3, addIndexApplies, addIndexApply, addIndexRationale},
        {"add_instances", "Add instances behind the balancer", 3, 3, addInstancesApplies, addInstancesApply, addInstancesRationale},
        {"cache_cluster", "Shard the cache over more nodes", 4, 7, cacheClusterApplies, cacheClusterApply, cacheClusterRationale},
        {"queue_partitions", "Add partitions to the queue", 5, 3, partitionsApplies, partitionsApply, partitionsRationale},
        {"balancer_ha_pair", "Make the balancer an HA pair", 6, 7, haPairApplies, haPairApply, haPairRationale},
        {"scale_up", "Scale the host up (more cores)", 7, 5, scaleUpApplies, scaleUpApply, scaleUpRationale},
        {"add_connection_pooler", "Put a connection pooler in front of the database", 8, 7, poolerApplies, poolerApply, poolerRationale},
        {"split_database", "Move the database to its own machine", 9, 14, splitApplies, splitApply, splitRationale},
        {"add_load_balancer", "Put a load balancer in front of N instances", 10, 14, lbApplies, lbApply, lbRationale},
        {"managed_balancer", "Use a managed load balancer", 11, 10, managedApplies, managedApply, managedRationale},
        {"add_cdn", "Serve static assets from a CDN", 12, 10, cdnApplies, cdnApply, cdnRationale},
        {"add_cache", "Add a cache in front of the database reads", 13, 21, cacheApplies, cacheApply, cacheRationale},
        {"add_read_replicas", "Add read replicas", 14, 14, replicasApplies, replicasApply, replicasRationale},
        {"queue_writes", "Move writes to a queue and workers", 15, 45, queueApplies, queueApply, queueRationale},
        {"shard_database", "Shard the database", 16, 90, shardApplies, shardApply, shardRationale},
        // Protections: offered for a resilience break only (slo.resilience).
        {"spare_capacity", "Keep spare capacity running", 17, 3, spareApplies, addInstancesApply, spareRationale},
        {"admission_control", "Shed load at a concurrency limit", 18, 5, admissionApplies, admissionApply, admissionRationale},
        {"autoscale", "Autoscale the tier", 19, 10, autoscaleApplies, autoscaleApply, autoscaleRationale},
        // Storm protections (issue 17): offered for a cache_flush or retry_storm scenario only.
        {"cache_coalescing", "Coalesce cache misses and spread TTLs", 20, 5, coalescingApplies, coalescingApply, coalescingRationale},
        {"serve_stale", "Serve stale entries while refreshing", 21, 5, serveStaleApplies, serveStaleApply, serveStaleRationale},
        {"retry_budget", "Cap retries with a budget and jittered backoff", 22, 3, retryBudgetApplies, retryBudgetApply,
         retryBudgetRationale},
        {"circuit_breaker", "Put a circuit breaker on the calls", 23, 5, breakerApplies, breakerApply, breakerRationale},
    };
    return library;
}

const Transformation* findTransformation(std::string_view id) {
    for (const auto& t : transformations()) {
        if (t.id == id) return &t;
    }
    return nullptr;
}

}  // namespace headroom::roadmap
