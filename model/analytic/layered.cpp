#include "analytic/layered.h"

#include "analytic/asymptotic_bounds.h"
#include "analytic/balancing.h"
#include "analytic/closed_network.h"
#include "analytic/cross_check.h"
#include "analytic/gamma_fit.h"
#include "analytic/open_network.h"
#include "analytic/queueing_formulas.h"
#include "analytic/solver_detail.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <stdexcept>

// The layered solution (docs/methods.md, "Pools, full queues and timeouts").
// Vocabulary: a *gate* is a component whose visits hold a token of a pool
// (threads, else connections) or that bounds its requests (max_queue). Its
// *scope* is what one holder does per visit: its own work and every call it
// makes, down to the next gates (which are nested gates of the scope). The
// *outer* scope is what a user request does outside any gate. Each scope is
// a closed network: the outer one with the users and their think time, a
// gate's with its holders (k = 1..tokens) and no think time.

namespace headroom::analytic {

namespace {

using namespace detail;
using graph::Graph;

constexpr long long kMaxFlowPopulation = 100000;  // flow-equivalent rates beyond this many holders: the last one holds
constexpr int kClosedUnits = 4;                   // more independent copies of a pool than this: each as an open birth-death
constexpr int kLossRounds = 100;                  // fixed-point rounds of the loss probabilities, shift and rates
constexpr int kRateUpdates = 30;                  // times the pools' rates may follow the throughput (background work)
constexpr double kRateTolerance = 1e-4;           // ... until the demands they were computed with are within this

// How a gate enters the solution.
enum class Mode {
    Fes,   // a flow-equivalent server of its scope (load-dependent station)
    Leaf,  // no calls, no latency, its own cores only: its stations with min(tokens, cores) servers (and a capacity)
    Flat,  // its pool cannot bind (or shares its cores with work outside its scope): solved as if it had none
};

struct Gate {
    int comp = 0;
    Mode mode = Mode::Fes;
    bool pooled = false;      // the copies (instances) act as one unit (least connections / power of two)
    int units = 1;            // independent units (instances split at random or round robin)
    long long tokens = 1;     // per unit
    long long capacity = 0;   // per unit: tokens + max_queue; 0 = unlimited waiting
    int retries = 0;
    double backoff = 0.0;
    double timeout = 0.0;
    std::vector<size_t> own;  // its own stations
    // Solution state.
    double blocking = 0.0;            // share of attempts turned away
    std::vector<double> rates;        // flow-equivalent rates of one unit (visits per second with j present)
    double sojourn = 0.0;             // mean time per accepted visit (wait + held), mixed over classes
    double held = 0.0;                // mean holders per unit
    double completionsPerUnit = 0.0;  // accepted visits per second and unit
    double queuePerUnit = 0.0;        // mean present per unit
    // Holding-time variability (two-moment correction): the waiting room and
    // the waits of the exponential flow-equivalent model are scaled by
    // 2 / (1 + scv) (docs/methods.md).
    double scale = 1.0;
    // Mean present per unit expected (from a previous round or a product-form estimate).
    double expected = -1.0;
    // Many independent copies (or an open workload): each copy is a birth-death
    // fed by Poisson arrivals at its share of the rate, and the outer network
    // sees the gate as a delay of its sojourn per accepted visit.
    bool open = false;
    double delay = 0.0;
    // Many copies without a room, in a closed network: each copy as an M/M/c
    // with the same time for one holder alone (1 / rate(1)) and the same top
    // rate (c = rate(top) / rate(1) servers).
    bool likeMmc = false;
};

// The waiting room of the exponential-equivalent model, rounded (for the open birth-death).
long long effectiveCapacity(const Gate& g) {
    if (g.capacity <= 0) return 0;
    const double room = static_cast<double>(g.capacity - g.tokens) * g.scale;
    return std::max(1LL, g.tokens + std::llround(room));
}



// What one visit of a scope's root does, for one class.
struct ScopeWalk {
    std::vector<double> visits;    // [component] visits doing work in this scope, per root visit
    std::vector<double> done;      // [component] the same on a root visit that completes
    std::vector<double> attempts;  // [gate] attempts per root visit
    std::vector<double> accepted;  // [gate] accepted visits per root visit
    std::vector<double> doneGate;  // [gate] visits on a root visit that completes
    double backoff = 0.0;          // seconds waiting to retry, per root visit
    double backoffDone = 0.0;      // the same on a completed root visit
    double success = 1.0;          // P(the root visit completes)
};

struct Model {
    const Graph& graph;
    double users = 0.0;
    bool open = false;
    std::vector<graph::Station> stations;  // graph.stations(users)
    std::vector<int> topo;                 // components, callers before callees
    std::vector<int> gateOf;               // component -> gate index, -1
    std::vector<Gate> gates;               // in topological order
    std::vector<std::vector<double>> succ; // [class][component]: P(a visit completes), given the blockings
    double background = 0.0;               // largest share of a pool's inner station taken by others (last rates)
    // Timeouts, per component (the callee's `timeout`: its callers give up
    // after it; the callee keeps working). From the last round's timings.
    std::vector<double> timeout;           // seconds, 0 = none
    std::vector<double> timedOut;          // P(an accepted attempt takes longer)
    std::vector<double> withinRatio;       // E[S | S <= timeout] / E[S]: the time of the attempts that answer
    std::vector<double> excess;            // E[(S - timeout)^+] per accepted attempt: orphaned work's presence
    explicit Model(const Graph& g) : graph(g) {}
};

bool lossy(const Gate& g) { return g.mode != Mode::Flat && g.capacity > 0; }

// Components in call order (calls and cache misses): Kahn's algorithm.
std::vector<int> topologicalOrder(const Graph& graph) {
    const size_t n = graph.components().size();
    std::vector<int> indegree(n, 0);
    auto edges = [&](int c, const std::function<void(int)>& f) {
        const auto& comp = graph.component(c);
        for (const auto& call : comp.calls) f(call.to);
        if (comp.onMiss) f(*comp.onMiss);
    };
    for (size_t c = 0; c < n; ++c) edges(static_cast<int>(c), [&](int to) { ++indegree[static_cast<size_t>(to)]; });
    std::vector<int> order, ready;
    for (size_t c = 0; c < n; ++c)
        if (indegree[c] == 0) ready.push_back(static_cast<int>(c));
    while (!ready.empty()) {
        const int c = ready.back();
        ready.pop_back();
        order.push_back(c);
        edges(c, [&](int to) {
            if (--indegree[static_cast<size_t>(to)] == 0) ready.push_back(to);
        });
    }
    if (order.size() != n) throw std::runtime_error("analytic: the call graph has a cycle");
    return order;
}

bool onResponsePath(const Graph& graph, int comp) {
    for (const auto& cls : graph.classes())
        if (graph.visits(cls.id, comp) > 0) return true;
    return false;
}

bool isGateCandidate(const graph::Component& c) {
    return c.kind != spec::ComponentKind::Queue && (c.threads || c.connections || c.maxQueue || c.maxInFlight);
}

// Everything a visit of `root` can reach through calls and misses.
std::vector<bool> reach(const Graph& graph, int root) {
    std::vector<bool> seen(graph.components().size(), false);
    std::vector<int> stack{root};
    seen[static_cast<size_t>(root)] = true;
    while (!stack.empty()) {
        const int c = stack.back();
        stack.pop_back();
        const auto& comp = graph.component(c);
        if (comp.kind == spec::ComponentKind::Queue) continue;  // behind a queue: not held
        auto push = [&](int to) {
            if (!seen[static_cast<size_t>(to)]) {
                seen[static_cast<size_t>(to)] = true;
                stack.push_back(to);
            }
        };
        for (const auto& call : comp.calls) push(call.to);
        if (comp.onMiss) push(*comp.onMiss);
    }
    return seen;
}

Model buildModel(const Graph& graph, double users, bool open) {
    Model m(graph);
    m.users = users;
    m.open = open;
    m.stations = graph.stations(users);
    m.topo = topologicalOrder(graph);
    m.gateOf.assign(graph.components().size(), -1);
    m.timeout.assign(graph.components().size(), 0.0);
    for (const auto& comp : graph.components()) m.timeout[static_cast<size_t>(comp.id)] = std::max(0.0, comp.timeout.value_or(0.0));
    m.timedOut.assign(graph.components().size(), 0.0);
    m.withinRatio.assign(graph.components().size(), 1.0);
    m.excess.assign(graph.components().size(), 0.0);
    std::vector<int> hostStation(graph.hosts().size(), -1);
    for (size_t k = 0; k < m.stations.size(); ++k)
        if (m.stations[k].component < 0 && m.stations[k].host >= 0) hostStation[static_cast<size_t>(m.stations[k].host)] = static_cast<int>(k);
    for (int c : m.topo) {
        const auto& comp = graph.component(c);
        if (!isGateCandidate(comp) || !onResponsePath(graph, c)) continue;
        Gate g;
        g.comp = c;
        const auto& host = graph.host(comp.host);
        const bool split = comp.kind == spec::ComponentKind::Database && (comp.replicas > 0 || comp.shards > 1);
        if (split) {
            for (size_t k = 0; k < m.stations.size(); ++k)
                if (m.stations[k].component == c && m.stations[k].servers > 0) g.own.push_back(k);
        } else if (hostStation[static_cast<size_t>(comp.host)] >= 0) {
            g.own.push_back(static_cast<size_t>(hostStation[static_cast<size_t>(comp.host)]));
        }
        const long long pool = comp.threads ? *comp.threads : comp.connections ? *comp.connections : 0;
        const int cores = std::max(1, host.cores);
        if (pool > 0) {
            g.tokens = pool;
            g.capacity = comp.maxQueue ? pool + *comp.maxQueue : 0;
        } else {
            g.tokens = comp.maxQueue ? cores + *comp.maxQueue : *comp.maxInFlight;  // no pool: at most cores + max_queue present
            g.capacity = g.tokens;
        }
        if (comp.maxInFlight) {
            // Admission control: at most max_in_flight present (held and waiting), min with the pool's room.
            g.capacity = g.capacity > 0 ? std::min<long long>(g.capacity, *comp.maxInFlight) : *comp.maxInFlight;
            g.tokens = std::min(g.tokens, g.capacity);
        }
        g.tokens = std::max(1LL, g.tokens);
        g.retries = std::clamp(comp.retries.max, 0, 30);
        g.backoff = std::max(0.0, comp.retries.backoff);
        g.timeout = comp.timeout.value_or(0.0);
        const int copies = split ? 1 : std::max(1, host.instances);
        g.pooled = !split && copies > 1 && !g.own.empty() && stationBalancing(graph, m.stations[g.own.front()]) == Balancing::Pooled;
        g.units = g.pooled ? 1 : copies;
        if (g.pooled) {
            g.tokens *= copies;
            g.capacity *= copies;
        }
        // Exclusive: nothing outside its reach works on its own cores.
        const std::vector<bool> reachable = reach(graph, c);
        bool exclusive = !g.own.empty();
        if (!split) {
            for (int other : host.components) {
                if (reachable[static_cast<size_t>(other)]) continue;
                bool used = false;
                for (const auto& cls : graph.classes()) used = used || graph.visits(cls.id, other) > 0 || graph.asyncVisits(cls.id, other) > 0;
                exclusive = exclusive && !used;
            }
        }
        bool calls = false;
        for (const auto& call : comp.calls) calls = calls || call.visits > 0;
        const bool leaf = !calls && comp.latency <= 0.0 && exclusive;
        if (split) g.mode = leaf ? Mode::Leaf : Mode::Flat;
        else if (leaf) g.mode = Mode::Leaf;
        else g.mode = exclusive ? Mode::Fes : Mode::Flat;
        // A closed population smaller than a unit's tokens never waits for one.
        if (!open && g.capacity == 0 && static_cast<double>(g.tokens) >= users) g.mode = Mode::Flat;
        // Many independent copies: with a waiting room each is an open
        // birth-death fed at its share (nearly Poisson; its blocking bounds
        // what it accepts); without one, each stays in the closed network as
        // the M/M/c it resembles (only there can a saturated copy hold users
        // back). Either way no tens of long convolutions per solve.
        g.open = open || (g.units > kClosedUnits && g.capacity > 0);
        g.likeMmc = !open && g.units > kClosedUnits && g.capacity == 0;
        m.gateOf[static_cast<size_t>(c)] = static_cast<int>(m.gates.size());
        m.gates.push_back(std::move(g));
    }
    return m;
}

const Gate* gateAt(const Model& m, int comp) {
    const int g = m.gateOf[static_cast<size_t>(comp)];
    if (g < 0 || m.gates[static_cast<size_t>(g)].mode == Mode::Flat) return nullptr;
    return &m.gates[static_cast<size_t>(g)];
}

// Attempts per call and the outcome of a call with `retries`, attempt failure f.
struct CallOutcome {
    double success = 1.0;       // the call succeeds (some attempt does)
    double attempts = 1.0;      // expected attempts per call
    double backoff = 0.0;       // expected seconds of backoff per call
    double backoffDone = 0.0;   // the same given that it succeeds
};

// `failTime`: the caller's mean time in a failed attempt (timeouts), counted
// only for calls that succeed later (the load of the attempt is the callee's).
CallOutcome callOutcome(double attemptFailure, int retries, double backoff, double failTime = 0.0) {
    CallOutcome o;
    const double f = std::clamp(attemptFailure, 0.0, 1.0);
    o.success = 1.0 - std::pow(f, retries + 1);
    o.attempts = 0.0;
    double fa = 1.0, wait = 0.0, waitDoneSum = 0.0;
    for (int a = 0; a <= retries; ++a) {
        o.attempts += fa;                            // attempt a+1 happens if the first a failed
        if (a > 0) {
            wait += failTime;                          // the failed attempt a
            wait += backoff * std::ldexp(1.0, a - 1);  // backoff before attempt a+1
            o.backoff += fa * backoff * std::ldexp(1.0, a - 1);
        }
        waitDoneSum += fa * (1.0 - f) * wait;        // first success at attempt a+1
        fa *= f;
    }
    o.backoffDone = o.success > 0 ? waitDoneSum / o.success : 0.0;
    return o;
}

// Failure of one attempt to call `to` (rejected by a full gate, timed out, or the callee's own calls failed).
double attemptFailure(const Model& m, size_t cls, int to) {
    double ok = m.succ[cls][static_cast<size_t>(to)] * (1.0 - m.timedOut[static_cast<size_t>(to)]);
    if (const Gate* g = gateAt(m, to)) ok *= 1.0 - g->blocking;
    return 1.0 - ok;
}

// The caller's mean time in a failed attempt to `to`: the timeout, for the
// share of failures that are timeouts (rejections answer at once).
double failTime(const Model& m, size_t cls, int to) {
    const double f = attemptFailure(m, cls, to);
    const double tau = m.timedOut[static_cast<size_t>(to)];
    if (!(f > 0) || !(tau > 0)) return 0.0;
    const Gate* g = gateAt(m, to);
    const double accepted = g ? 1.0 - g->blocking : 1.0;
    return m.timeout[static_cast<size_t>(to)] * std::min(1.0, accepted * tau / f);
}

// P(a visit of each component completes) for each class, callees first.
void computeSuccess(Model& m) {
    const Graph& graph = m.graph;
    const size_t classes = graph.classes().size();
    m.succ.assign(classes, std::vector<double>(graph.components().size(), 1.0));
    for (size_t c = 0; c < classes; ++c) {
        for (auto it = m.topo.rbegin(); it != m.topo.rend(); ++it) {
            const auto& comp = graph.component(*it);
            if (comp.kind == spec::ComponentKind::Queue) continue;
            double s = 1.0;
            for (const auto& call : comp.calls) {
                if (!call.forClass.at(c) || call.visits <= 0) continue;
                const auto& callee = graph.component(call.to);
                CallOutcome o = callOutcome(attemptFailure(m, c, call.to), std::clamp(callee.retries.max, 0, 30), callee.retries.backoff);
                double perCall = o.success;
                if (callee.onMiss) {
                    const auto& missed = graph.component(*callee.onMiss);
                    const CallOutcome miss = callOutcome(attemptFailure(m, c, *callee.onMiss), std::clamp(missed.retries.max, 0, 30), missed.retries.backoff);
                    perCall *= callee.hitRatio + (1.0 - callee.hitRatio) * miss.success;
                }
                s *= std::pow(perCall, call.visits);
            }
            m.succ[c][static_cast<size_t>(*it)] = s;
        }
    }
}

// The outcome of one call from a visit (class `cls`) to `to`: the call with
// its retries, then (for a cache) the miss its caller issues.
struct CallSite {
    CallOutcome call;
    CallOutcome miss;      // of the call to on_miss (if any)
    double missRatio = 0;  // 1 - hit ratio (0: no miss path)
    double perCall = 1;    // P(the call and its miss path succeed)
};

CallSite callSite(const Model& m, size_t cls, int to) {
    const auto& callee = m.graph.component(to);
    CallSite site;
    site.call = callOutcome(attemptFailure(m, cls, to), std::clamp(callee.retries.max, 0, 30), callee.retries.backoff, failTime(m, cls, to));
    site.perCall = site.call.success;
    if (callee.onMiss) {
        const auto& missed = m.graph.component(*callee.onMiss);
        site.miss = callOutcome(attemptFailure(m, cls, *callee.onMiss), std::clamp(missed.retries.max, 0, 30), missed.retries.backoff,
                                failTime(m, cls, *callee.onMiss));
        site.missRatio = 1.0 - callee.hitRatio;
        site.perCall *= callee.hitRatio + site.missRatio * site.miss.success;
    }
    return site;
}

// Walks one scope for one class: `root` a gate index, or -1 for the users.
// Two quantities flow down the calls: the expected visits (the load, every
// attempt counted) and, for the completed visits, visits x P(everything after
// them completes), which becomes E[visits ; the root completes] at each
// component and is divided by P(the root completes) at the end.
ScopeWalk walkScope(const Model& m, int root, size_t cls) {
    const Graph& graph = m.graph;
    const size_t n = graph.components().size();
    ScopeWalk w;
    w.visits.assign(n, 0.0);
    w.done.assign(n, 0.0);
    w.attempts.assign(m.gates.size(), 0.0);
    w.accepted.assign(m.gates.size(), 0.0);
    w.doneGate.assign(m.gates.size(), 0.0);
    std::vector<double> v(n, 0.0), vt(n, 0.0);
    const int rootComp = root >= 0 ? m.gates[static_cast<size_t>(root)].comp : -1;
    // `made`: times the call site is reached per root visit (load); `tail`:
    // sum over those of P(everything after the site completes) x P(it is
    // reached); `count` calls in a row (the visits of the call).
    std::function<void(int, double, double, double)> call = [&](int to, double made, double tail, double count) {
        const CallSite site = callSite(m, cls, to);
        const CallOutcome& o = site.call;
        const double q = site.perCall;
        const double calls = q >= 1.0 ? count : (1.0 - std::pow(q, count)) / (1.0 - q);
        const double issued = made * calls;
        // Completed: all `count` calls succeed; each of them is weighted by the
        // others' success: count q^(count-1) (times tail).
        const double completedCalls = tail * count * std::pow(q, std::max(0.0, count - 1.0));
        const int gate = m.gateOf[static_cast<size_t>(to)];
        const double missOk = site.missRatio > 0 ? (1.0 - site.missRatio) + site.missRatio * site.miss.success : 1.0;
        if (const Gate* g = gateAt(m, to)) {
            w.attempts[static_cast<size_t>(gate)] += issued * o.attempts;
            w.accepted[static_cast<size_t>(gate)] += issued * o.attempts * (1.0 - g->blocking);
            w.doneGate[static_cast<size_t>(gate)] += completedCalls * o.success * missOk;
            if (g->mode == Mode::Leaf) {  // its work is part of this scope
                v[static_cast<size_t>(to)] += issued * o.attempts * (1.0 - g->blocking);
                const double st = m.succ[cls][static_cast<size_t>(to)];
                if (st > 0) vt[static_cast<size_t>(to)] += completedCalls * o.success * missOk / st;
            }
        } else {
            v[static_cast<size_t>(to)] += issued * o.attempts;
            const double st = m.succ[cls][static_cast<size_t>(to)];
            if (st > 0) vt[static_cast<size_t>(to)] += completedCalls * o.success * missOk / st;
        }
        w.backoff += issued * o.backoff;
        w.backoffDone += completedCalls * o.backoffDone * o.success * missOk;
        if (site.missRatio > 0) {  // the caller issues the miss after a successful call
            call(*graph.component(to).onMiss, issued * o.success * site.missRatio, completedCalls * o.success * site.missRatio, 1.0);
        }
    };
    if (root < 0) {
        call(graph.classes()[cls].entry, 1.0, 1.0, 1.0);
        w.success = callSite(m, cls, graph.classes()[cls].entry).perCall;
    } else {
        v[static_cast<size_t>(rootComp)] = 1.0;
        vt[static_cast<size_t>(rootComp)] = 1.0;
        w.success = m.succ[cls][static_cast<size_t>(rootComp)];
    }
    std::vector<const graph::Call*> sites;
    std::vector<double> perCall;
    for (int c : m.topo) {
        const size_t i = static_cast<size_t>(c);
        if (v[i] == 0.0 && vt[i] == 0.0) continue;
        const Gate* g = gateAt(m, c);
        if (g && g->mode == Mode::Fes && c != rootComp) continue;  // its work is its own scope's
        w.visits[i] = v[i];
        w.done[i] = vt[i] * m.succ[cls][i];
        const auto& comp = graph.component(c);
        if (comp.kind == spec::ComponentKind::Queue) continue;  // the consumers work off the response path
        sites.clear();
        perCall.clear();
        for (const auto& c2 : comp.calls) {
            if (!c2.forClass.at(cls) || c2.visits <= 0) continue;
            sites.push_back(&c2);
            perCall.push_back(std::pow(callSite(m, cls, c2.to).perCall, c2.visits));
        }
        // suffix[j]: P(the calls after j succeed).
        std::vector<double> suffix(sites.size() + 1, 1.0);
        for (size_t j = sites.size(); j-- > 0;) suffix[j] = suffix[j + 1] * perCall[j];
        double before = 1.0;  // P(the earlier calls of this visit succeeded)
        for (size_t j = 0; j < sites.size(); ++j) {
            call(sites[j]->to, v[i] * before, vt[i] * before * suffix[j + 1], sites[j]->visits);
            before *= perCall[j];
        }
    }
    if (w.success > 0) {
        for (double& x : w.done) x /= w.success;
        for (double& x : w.doneGate) x /= w.success;
        w.backoffDone /= w.success;
    }
    return w;
}

// Per-class tables [class][component] from walks.
std::vector<std::vector<double>> table(const std::vector<ScopeWalk>& walks, bool done) {
    std::vector<std::vector<double>> t;
    for (const auto& w : walks) t.push_back(done ? w.done : w.visits);
    return t;
}

// Share-weighted demand of a station with per-class weights.
double weighted(const std::vector<double>& perClass, const std::vector<double>& weights) {
    double total = 0.0;
    for (size_t c = 0; c < perClass.size() && c < weights.size(); ++c) total += weights[c] * perClass[c];
    return total;
}

}  // namespace

bool hasGates(const Graph& graph) {
    for (const auto& comp : graph.components())
        if (isGateCandidate(comp) && onResponsePath(graph, comp.id)) return true;
    return false;
}

namespace {

// Moments of j = 1..terms under weights e^{a j} (terms may be huge or
// infinite when a < 0): log of the total weight, E[j] and E[j^2]. Exact sums
// where short; the infinite geometric law where the weights die out well
// before the end (or, mirrored, before the start); a continuous
// (truncated exponential) law where a long range is nearly flat.
struct TailMoments {
    double logMass = -std::numeric_limits<double>::infinity();
    double first = 0.0, second = 0.0;
};

TailMoments tailMoments(double a, double terms) {
    TailMoments t;
    if (!(terms >= 1.0)) return t;
    const bool infinite = !std::isfinite(terms);
    if (!infinite && terms <= 4096.0) {
        const long long n = static_cast<long long>(terms);
        const double top = a < 0 ? a : a * static_cast<double>(n);
        double m0 = 0.0, m1 = 0.0, m2 = 0.0;
        // The weights are geometric: one exp per 64 terms, products between
        // (relative rounding below 64 ulps; the birth-deaths call this often).
        const double q = std::exp(a);
        double w = 0.0;
        for (long long j = 1; j <= n; ++j) {
            w = (j & 63) == 1 ? std::exp(a * static_cast<double>(j) - top) : w * q;
            m0 += w;
            m1 += static_cast<double>(j) * w;
            m2 += static_cast<double>(j) * static_cast<double>(j) * w;
        }
        t.logMass = top + std::log(m0);
        t.first = m1 / m0;
        t.second = m2 / m0;
        return t;
    }
    if (a < 0 && (infinite || -a * terms > 40.0)) {
        const double q = std::exp(a);
        t.logMass = a - std::log(-std::expm1(a));
        t.first = 1.0 / (1.0 - q);
        t.second = (1.0 + q) / ((1.0 - q) * (1.0 - q));
        return t;
    }
    if (infinite) return t;  // a >= 0 over an infinite range: not a law (callers avoid it)
    if (a > 0 && a * terms > 40.0) {
        const TailMoments m = tailMoments(-a, std::numeric_limits<double>::infinity());
        const double top = terms + 1.0;  // j = top - j'
        t.logMass = a * top + m.logMass;
        t.first = top - m.first;
        t.second = top * top - 2.0 * top * m.first + m.second;
        return t;
    }
    // Long and nearly flat: x = j - 1/2 on [0, terms] with density ~ e^{a x}.
    const double w = terms;
    double ex = 0.5 * w, ex2 = w * w / 3.0, logZ = std::log(w);
    if (std::fabs(a) * w > 1e-9) {
        const double e = std::expm1(a * w);  // e^{aW} - 1
        logZ = std::log(std::fabs(e / a));
        ex = w * (e + 1.0) / e - 1.0 / a;
        ex2 = ((w * w - 2.0 * w / a + 2.0 / (a * a)) * (e + 1.0) - 2.0 / (a * a)) / e;
    }
    t.logMass = logZ + 0.5 * a;
    t.first = ex + 0.5;
    t.second = ex2 + ex + 0.25;
    return t;
}

// logCum for openGateImpl: the sums of the first n log rates, n = 0..size.
std::vector<double> logCumulative(const std::vector<double>& rates) {
    std::vector<double> out(rates.size() + 1, 0.0);
    for (size_t n = 1; n < out.size(); ++n) out[n] = out[n - 1] + std::log(rates[n - 1]);
    return out;
}

// openGate; with `logCum` (logCum[n] = sum of log rates[i] for i < n, n = 0..size)
// the head's log-weights are n log(lambda) - logCum[n]: no log per state
// (a search over the arrival rate calls this dozens of times with the same rates).
OpenGate openGateImpl(const std::vector<double>& rates, const std::vector<double>* logCum, double arrivalRate, long long capacity,
                      long long tokens, bool distribution) {
    OpenGate out;
    if (rates.empty() || !(arrivalRate > 0.0)) {
        out.seen = {1.0};
        return out;
    }
    const long long L = static_cast<long long>(rates.size());
    const double top = rates.back();
    double lambda = arrivalRate;
    if (capacity <= 0 && !(lambda < top)) {
        out.saturated = true;
        lambda = 0.999 * top;
    }
    const long long P = std::max(1LL, tokens > 0 ? tokens : L);
    // Head n = 0..H exactly; beyond H (only when H = L) the ratio lambda / top up to the capacity.
    const long long H = capacity > 0 ? std::min(L, capacity) : L;
    std::vector<double> lw(static_cast<size_t>(H) + 1, 0.0);
    if (logCum) {
        const double logLambda = std::log(lambda);
        for (long long n = 1; n <= H; ++n) lw[static_cast<size_t>(n)] = static_cast<double>(n) * logLambda - (*logCum)[static_cast<size_t>(n)];
    } else {
        for (long long n = 1; n <= H; ++n) lw[static_cast<size_t>(n)] = lw[static_cast<size_t>(n) - 1] + std::log(lambda / rates[static_cast<size_t>(n) - 1]);
    }
    const double a = std::log(lambda / top);
    const double terms = capacity > 0 ? static_cast<double>(capacity - H) : std::numeric_limits<double>::infinity();
    // Tail states n = H + i (i = 1..terms). An arrival there waits for
    // k = n - P + 1 releases when n >= P: from i0 = max(1, P - H) on,
    // k = j + c0 with j = i - i0 + 1 = 1, 2, ... and c0 = H + i0 - P.
    const double i0 = static_cast<double>(std::max(1LL, P - H));
    const double c0 = static_cast<double>(H) + i0 - static_cast<double>(P);
    double best = 0.0;
    for (double v : lw) best = std::max(best, v);
    const TailMoments all = tailMoments(a, terms);
    if (std::isfinite(all.logMass)) best = std::max(best, lw.back() + all.logMass);
    // Sums (scaled by e^-best): mass, E[n], E[(n - P)^+], accepted arrivals' E[k], E[k(k+1)].
    double mass = 0.0, first = 0.0, waiting = 0.0, acceptedMass = 0.0, k1 = 0.0, k2 = 0.0, waitMass = 0.0;
    for (long long n = 0; n <= H; ++n) {
        const double d = lw[static_cast<size_t>(n)] - best;
        const double w = d < -745.0 ? 0.0 : std::exp(d);  // (no underflow: its slow path)
        mass += w;
        first += static_cast<double>(n) * w;
        if (n > P) waiting += static_cast<double>(n - P) * w;
        if (capacity > 0 && n == capacity) continue;  // turned away
        acceptedMass += w;
        if (n >= P) {
            const double k = static_cast<double>(n - P + 1);
            k1 += k * w;
            k2 += k * (k + 1.0) * w;
            waitMass += w;
        }
    }
    if (std::isfinite(all.logMass)) {
        const double tailWeight = std::exp(lw.back() + all.logMass - best);
        mass += tailWeight;
        first += tailWeight * (static_cast<double>(H) + all.first);
        acceptedMass += tailWeight;  // the full state comes out below
        const TailMoments waits = tailMoments(a, terms - i0 + 1.0);
        if (std::isfinite(waits.logMass)) {
            const double w = std::exp(lw.back() + a * (i0 - 1.0) + waits.logMass - best);
            const double ek = waits.first + c0, ek2 = waits.second + 2.0 * c0 * waits.first + c0 * c0;  // E[k], E[k^2]
            waiting += w * (ek - 1.0);
            k1 += w * ek;
            k2 += w * (ek2 + ek);
            waitMass += w;
        }
    }
    const double full = capacity > 0 ? std::exp((capacity <= H ? lw[static_cast<size_t>(capacity)]
                                                               : lw.back() + a * static_cast<double>(capacity - H)) - best)
                                     : 0.0;
    if (capacity > 0 && capacity > H) {
        // The full state was counted among the accepted: take it out.
        acceptedMass -= full;
        const double k = static_cast<double>(capacity - P + 1);
        if (capacity >= P) {
            k1 -= k * full;
            k2 -= k * (k + 1.0) * full;
            waitMass -= full;
        }
    }
    out.meanNumber = first / mass;
    out.waiting = waiting / mass;
    out.blocking = capacity > 0 ? std::clamp(full / mass, 0.0, 1.0) : 0.0;
    out.completions = lambda * (1.0 - out.blocking);
    out.releases = acceptedMass > 0 ? std::max(0.0, k1 / acceptedMass) : 0.0;
    out.releasesSecond = acceptedMass > 0 ? std::max(0.0, k2 / acceptedMass) : 0.0;
    out.noWait = acceptedMass > 0 ? std::clamp(1.0 - waitMass / acceptedMass, 0.0, 1.0) : 1.0;
    out.ratio = std::exp(a);
    if (!distribution) return out;
    // The distribution seen by accepted arrivals: explicit up to a few thousand beyond the head.
    const long long shown = std::min<long long>(capacity > 0 ? capacity - 1 : std::numeric_limits<long long>::max(), H + 4096);
    out.seen.reserve(static_cast<size_t>(shown) + 1);
    double shownMass = 0.0;
    for (long long n = 0; n <= shown; ++n) {
        const double lwn = n <= H ? lw[static_cast<size_t>(n)] : lw.back() + a * static_cast<double>(n - H);
        out.seen.push_back(std::exp(lwn - best) / std::max(acceptedMass, 1e-300));
        shownMass += out.seen.back();
    }
    out.beyond = std::max(0.0, 1.0 - shownMass);
    out.ratio = std::exp(a);
    return out;
}

}  // namespace

OpenGate openGate(const std::vector<double>& rates, double arrivalRate, long long capacity, long long tokens, bool distribution) {
    return openGateImpl(rates, nullptr, arrivalRate, capacity, tokens, distribution);
}

SojournLaw sojournLaw(const OpenGate& open, const std::vector<double>& rates, long long room, long long tokens, double hold,
                      double holdScv, double releaseScv) {
    SojournLaw law;
    law.holdScv = std::max(0.0, holdScv);
    law.holdFree = law.holdWait = std::max(0.0, hold);
    if (rates.empty() || room == 0) return law;
    const long long L = static_cast<long long>(rates.size());
    const double top = rates[static_cast<size_t>(std::min(std::max(1LL, tokens), L) - 1)];
    if (!(top > 0)) return law;
    law.p0 = std::clamp(open.noWait, 0.0, 1.0);
    // K releases waited for: geometric of the birth-death's ratio on 1..room.
    const TailMoments k = tailMoments(std::log(std::max(open.ratio, 1e-300)), room > 0 ? static_cast<double>(room) : std::numeric_limits<double>::infinity());
    double ek = 1.0, vk = 0.0;
    if (std::isfinite(k.logMass)) {
        ek = std::max(1.0, k.first);
        vk = std::max(0.0, k.second - k.first * k.first);
    } else {
        ek = room > 0 ? static_cast<double>(room) : 1e12;  // (an unlimited room past its rate: waits without bound)
    }
    // The first release after an arrival is the residual of the release
    // process (scv c2): mean (1 + c2) / 2 intervals; then K - 1 whole ones.
    // Past the top rate (ratio > 1) the room refills right after each
    // release, so the waiters let in are mostly those that came just after
    // one: their first wait tends to a whole interval (weight 1 - 1 / ratio).
    const double c2 = std::clamp(releaseScv, 0.0, 100.0), m = 1.0 / top;
    const double fresh = room > 0 && open.ratio > 1.0 ? 1.0 - 1.0 / open.ratio : 0.0;
    const double residualMean = ((1.0 - fresh) * 0.5 * (1.0 + c2) + fresh) * m;
    const double residualVar = m * m * ((1.0 - fresh) * std::max(0.0, (1.0 + c2) * (1.0 + 2.0 * c2) / 3.0 - 0.25 * (1.0 + c2) * (1.0 + c2)) + fresh * c2);
    law.waitMean = residualMean + (ek - 1.0) * m;
    law.waitVar = residualVar + (ek - 1.0) * c2 * m * m + vk * m * m;
    // Those who wait start with every token held: their time held is that of
    // the full pool (tokens / top rate, Little); the others take the rest of
    // the mean.
    const double h = std::max(0.0, hold);
    if (law.p0 <= 1e-9) {
        law.holdWait = h;
    } else if (law.p0 < 1.0 - 1e-9) {
        const double full = std::min(static_cast<double>(std::max(1LL, tokens)) * m, h / (1.0 - law.p0));
        law.holdFree = std::max(0.25 * h, (h - (1.0 - law.p0) * full) / law.p0);
        law.holdWait = std::max(0.0, (h - law.p0 * law.holdFree) / (1.0 - law.p0));
    }
    return law;
}

namespace {

// A gamma law by its mean and squared coefficient of variation (0: deterministic); P(X <= x) and E[X ; X <= x].
struct GammaLaw {
    double mean = 0.0, shape = 0.0, scale = 0.0;  // shape 0: deterministic
    GammaLaw(double m, double scv) : mean(std::max(0.0, m)) {
        if (scv > 1e-4 && mean > 0) {
            shape = 1.0 / std::min(scv, 1e4);
            scale = mean / shape;
        }
    }
    double cdf(double x) const {
        if (x < 0) return 0.0;
        if (shape <= 0) return x >= mean ? 1.0 : 0.0;
        return regularizedGammaP(shape, x / scale);
    }
    double partialMean(double x) const {
        if (x <= 0) return 0.0;
        if (shape <= 0) return x >= mean ? mean : 0.0;
        return mean * regularizedGammaP(shape + 1.0, x / scale);
    }
};

}  // namespace

SojournTail sojournTail(const SojournLaw& law, double t) {
    SojournTail out;
    const double waitShare = std::clamp(1.0 - law.p0, 0.0, 1.0);
    const GammaLaw free(law.holdFree, law.holdScv), held(law.holdWait, law.holdScv);
    const double waitScv = law.waitMean > 0 ? law.waitVar / (law.waitMean * law.waitMean) : 0.0;
    const GammaLaw wait(law.waitMean, waitScv);
    const bool waits = waitShare > 0.0 && law.waitMean > 0.0;
    const double mean = law.p0 * law.holdFree + waitShare * (law.waitMean + law.holdWait);
    if (t <= 0.0) {
        out.beyond = mean > 0 ? 1.0 : 0.0;
        return out;
    }
    // Screen: an upper bound of P(S > t). With W in [u_{i-1}, u_i), W + H > t
    // needs H > t - u_i, so P(W + H > t) <= sum_i P(u_{i-1} <= W < u_i)
    // P(H > t - u_i) + P(W >= u_n), on a coarse grid of W's law up to its mean
    // plus 32 standard deviations (or t). A timeout that cannot bind is
    // screened out here at once instead of integrating a tail of ~1e-15 on the
    // fine grid below; P(S > t) >= P(H > t) skips the screen where it binds.
    const double freeTail = law.p0 * (1.0 - free.cdf(t));
    double screen = freeTail + waitShare * (1.0 - held.cdf(t));
    if (waits && screen < 1e-12) {
        constexpr int kScreenCells = 16;
        const double sd = std::sqrt(std::max(0.0, law.waitVar));
        const double lo = std::clamp(law.waitMean - 12.0 * sd, 0.0, t);
        const double hi = std::clamp(law.waitMean + 32.0 * sd, lo, t);
        double bound = 0.0, lastCdf = 0.0;
        for (int i = 0; i <= kScreenCells && bound < 1.0; ++i) {
            const double u = i == 0 ? lo : lo + (hi - lo) * i / kScreenCells;
            const double c = wait.cdf(u);
            bound += std::max(0.0, c - lastCdf) * (1.0 - held.cdf(t - u));
            lastCdf = c;
            if (hi <= lo) break;
        }
        screen = freeTail + waitShare * (bound + (1.0 - lastCdf));
    }
    if (screen < 1e-12) {
        out.beyond = 0.0;
        out.meanWithin = mean;
        return out;
    }
    // P(S <= t) = p0 F_free(t) + (1 - p0) int_0^t F_held(t - w) dF_W(w) (and
    // the same for E[S ; S <= t]), on a grid of W's law: the midpoint of each
    // cell weighted by the probability W falls in it.
    double within = law.p0 * free.cdf(t);
    double meanWithin = law.p0 * free.partialMean(t);
    if (waits) {
        constexpr int kCells = 96;
        const double sd = std::sqrt(std::max(0.0, law.waitVar));
        const double lo = std::clamp(law.waitMean - 12.0 * sd, 0.0, t);
        const double hi = std::clamp(law.waitMean + 12.0 * sd, lo, t);
        double lastCdf = 0.0, lastW = 0.0;
        for (int i = 0; i <= kCells + 1; ++i) {
            const double w = i == 0 ? lo : (i <= kCells ? lo + (hi - lo) * i / kCells : t);
            if (w <= lastW && i > 0) continue;
            const double c = wait.cdf(w);
            const double p = std::max(0.0, c - lastCdf);
            if (p > 0) {
                const double mid = 0.5 * (lastW + w);
                within += waitShare * p * held.cdf(t - mid);
                meanWithin += waitShare * p * (mid * held.cdf(t - mid) + held.partialMean(t - mid));
            }
            lastCdf = c;
            lastW = w;
        }
    }
    out.beyond = std::clamp(1.0 - within, 0.0, 1.0);
    out.meanWithin = std::clamp(meanWithin, 0.0, mean);
    return out;
}

namespace {

// The root of r(x) = T(x) - x by secant steps from the last two rounds,
// damped while their slope is unknown or unusable; unlike halving on every
// sign change, the step never shrinks to nothing (the shift's target moves a
// little with the other fixed points each round).
struct Secant {
    bool started = false;
    double lastX = 0.0, lastR = 0.0;

    double next(double x, double r) {
        double out = x + r;  // first: plain substitution (the map is usually flat)
        if (started && x != lastX && r != lastR) {
            const double slope = (r - lastR) / (x - lastX);  // T' - 1
            if (slope < -1e-3) out = x - r / slope;           // T' < 1: the root of the secant
            const double step = out - x;
            const double cap = 10.0 * std::fabs(r) + 1e-300;   // no wild jumps
            out = x + std::clamp(step, -cap, cap);
        }
        lastX = x;
        lastR = r;
        started = true;
        return out;
    }
};

// Everything one round of the layered solution computes.
struct Layers {
    std::vector<ScopeWalk> outer;                       // [class]
    std::vector<std::vector<ScopeWalk>> scopes;         // [gate][class] (Fes gates)
    std::vector<std::vector<double>> attemptsPerRequest;  // [class][gate], per issued user request
    std::vector<std::vector<double>> acceptedPerRequest;  // [class][gate]
};

void walkAll(Model& m, Layers& l) {
    const size_t classes = m.graph.classes().size();
    computeSuccess(m);
    l.outer.clear();
    for (size_t c = 0; c < classes; ++c) l.outer.push_back(walkScope(m, -1, c));
    l.scopes.assign(m.gates.size(), {});
    for (size_t g = 0; g < m.gates.size(); ++g) {
        if (m.gates[g].mode != Mode::Fes) continue;
        for (size_t c = 0; c < classes; ++c) l.scopes[g].push_back(walkScope(m, static_cast<int>(g), c));
    }
    // Top-down (gates are in call order): visits per issued request.
    l.attemptsPerRequest.assign(classes, std::vector<double>(m.gates.size(), 0.0));
    l.acceptedPerRequest = l.attemptsPerRequest;
    for (size_t c = 0; c < classes; ++c) {
        for (size_t g = 0; g < m.gates.size(); ++g) {
            l.attemptsPerRequest[c][g] += l.outer[c].attempts[g];
            l.acceptedPerRequest[c][g] += l.outer[c].accepted[g];
        }
        for (size_t g = 0; g < m.gates.size(); ++g) {
            if (l.scopes[g].empty()) continue;
            const double rate = l.acceptedPerRequest[c][g];
            if (rate <= 0) continue;
            for (size_t h = 0; h < m.gates.size(); ++h) {
                l.attemptsPerRequest[c][h] += rate * l.scopes[g][c].attempts[h];
                l.acceptedPerRequest[c][h] += rate * l.scopes[g][c].accepted[h];
            }
        }
    }
}

// Class weights of the arrivals at gate g: share x accepted visits per request.
std::vector<double> arrivalWeights(const Model& m, const Layers& l, size_t g) {
    std::vector<double> w;
    double total = 0.0;
    for (const auto& cls : m.graph.classes()) {
        w.push_back(cls.share * l.acceptedPerRequest[static_cast<size_t>(cls.id)][g]);
        total += w.back();
    }
    if (total <= 0) {
        for (const auto& cls : m.graph.classes()) w[static_cast<size_t>(cls.id)] = cls.share;
        total = 1.0;
    }
    for (double& x : w) x /= total;
    return w;
}

// Work per issued user request on each station copy (mixed over classes), all scopes, and async.
struct Loads {
    std::vector<double> sync;   // per copy, per issued request
    std::vector<double> async;  // per copy, per issued request (work behind queues)
};

Loads loads(const Model& m, const Layers& l, std::vector<std::vector<double>>* execOut = nullptr) {
    const Graph& graph = m.graph;
    const size_t classes = graph.classes().size();
    std::vector<std::vector<double>> exec(classes, std::vector<double>(graph.components().size(), 0.0));
    for (size_t c = 0; c < classes; ++c) {
        exec[c] = l.outer[c].visits;
        for (size_t g = 0; g < m.gates.size(); ++g) {
            if (l.scopes[g].empty()) continue;
            const double rate = l.acceptedPerRequest[c][g];
            for (size_t x = 0; x < exec[c].size(); ++x) exec[c][x] += rate * l.scopes[g][c].visits[x];
        }
    }
    const auto stations = graph.stations(m.users, exec);
    Loads out;
    for (size_t k = 0; k < stations.size(); ++k) {
        out.sync.push_back(mixed(graph, stations[k].demand));
        std::vector<double> async = m.stations[k].asyncDemand;
        for (size_t c = 0; c < classes; ++c) async[c] *= l.outer[c].success;  // only completed requests enqueue work... roughly
        out.async.push_back(mixed(graph, async));
    }
    if (execOut) *execOut = std::move(exec);
    return out;
}

// The inner network of one unit of Fes gate g: its stations per visit of the gate.
struct Inner {
    std::vector<ClosedStation> stations;  // queueing stations (demands inflated by background work)
    std::vector<size_t> stationOf;        // index in m.stations, or kNone for a nested gate
    std::vector<int> nestedGate;          // gate index for load-dependent entries, -1 otherwise
    std::vector<double> base;             // the demand before inflation (per copy)
    std::vector<double> sharedCores;      // > 0: a station shared by the units, this unit's share of its cores
    double delay = 0.0;                   // latencies and backoffs per visit

    // An M/M/c equivalent of entry i (for open approximations of its time):
    // a shared station with its share of the cores rounded (at least one), the demand kept.
    ClosedStation equivalent(size_t i) const {
        const auto& s = stations[i];
        if (sharedCores[i] <= 0) return s;
        const int servers = std::max(1, static_cast<int>(std::llround(sharedCores[i])));
        return ClosedStation(servers, 1, sharedCores[i] / s.rates.back());
    }
};

constexpr size_t kNoStation = std::numeric_limits<size_t>::max();

Inner innerNetwork(const Model& m, const Layers& l, size_t g, double issued, const Loads& load) {
    const Graph& graph = m.graph;
    const Gate& gate = m.gates[g];
    const std::vector<double> w = arrivalWeights(m, l, g);
    std::vector<std::vector<double>> visits;
    for (const auto& walk : l.scopes[g]) visits.push_back(walk.visits);
    const auto stations = graph.stations(m.users, visits);
    double perRequest = 0.0;  // gate visits per issued request (all units)
    for (const auto& cls : graph.classes()) perRequest += cls.share * l.acceptedPerRequest[static_cast<size_t>(cls.id)][g];
    Inner in;
    for (size_t k = 0; k < stations.size(); ++k) {
        const auto& s = stations[k];
        const double d = weighted(s.demand, w);
        if (d <= 0.0 || s.multiplicity == 0) continue;
        if (s.servers == 0) {
            in.delay += s.multiplicity * d;
            continue;
        }
        const bool own = std::find(gate.own.begin(), gate.own.end(), k) != gate.own.end();
        int servers = s.servers, copies = s.multiplicity;
        double demand = d;
        // A leaf gate's stations serve at most its tokens at once.
        for (const auto& other : m.gates) {
            if (other.mode != Mode::Leaf) continue;
            if (std::find(other.own.begin(), other.own.end(), k) == other.own.end()) continue;
            const long long perCopy = other.pooled ? other.tokens / std::max(1, s.multiplicity) : other.tokens;
            servers = static_cast<int>(std::min<long long>(servers, std::max(1LL, perCopy)));
        }
        // Background: the work of other scopes and behind queues on these
        // cores, as reduced capacity (D / (1 - U)).
        const double others = issued * (std::max(0.0, load.sync[k] - d * perRequest) + load.async[k]) / s.servers;
        double background = own ? issued * load.async[k] / s.servers : others;
        background = std::clamp(background, 0.0, 0.95);
        const_cast<Model&>(m).background = std::max(m.background, background);
        if (own && (gate.pooled || gate.units > 1)) {
            // The unit: pooled, all copies as one station; otherwise its own copy.
            if (gate.pooled) servers *= copies;
            demand *= copies;
            copies = 1;
        } else if (!own && gate.units > 1) {
            // Shared by the gate's units: with every unit holding as many (the
            // symmetric state), a unit's j holders get min(j, cores / units)
            // cores' worth of the station (its copies together).
            const double cores = static_cast<double>(servers) * copies / gate.units;
            const double total = demand * copies / (1.0 - background);
            std::vector<double> rates;
            for (int j = 1; j <= static_cast<int>(std::ceil(cores)); ++j) rates.push_back(std::min(static_cast<double>(j), cores) / total);
            in.stations.push_back(ClosedStation(0, 1, 1.0, rates));
            in.stationOf.push_back(k);
            in.nestedGate.push_back(-1);
            in.base.push_back(demand * copies);
            in.sharedCores.push_back(cores);
            continue;
        } else if (!own && stationBalancing(graph, m.stations[k]) == Balancing::Pooled && copies > 1) {
            servers *= copies;
            demand *= copies;
            copies = 1;
        }
        in.stations.push_back(ClosedStation(servers, copies, demand / (1.0 - background)));
        in.stationOf.push_back(k);
        in.nestedGate.push_back(-1);
        in.base.push_back(demand);
        in.sharedCores.push_back(0.0);
    }
    for (size_t h = 0; h < m.gates.size(); ++h) {
        const Gate& nested = m.gates[h];
        if (nested.mode != Mode::Fes || nested.rates.empty()) continue;
        double v = 0.0;
        for (const auto& cls : graph.classes()) v += w[static_cast<size_t>(cls.id)] * l.scopes[g][static_cast<size_t>(cls.id)].accepted[h];
        if (v <= 0.0) continue;
        in.stations.push_back(ClosedStation(0, nested.units, v / nested.units, nested.rates));
        in.stationOf.push_back(kNoStation);
        in.nestedGate.push_back(static_cast<int>(h));
        in.base.push_back(v / nested.units);
        in.sharedCores.push_back(0.0);
    }
    for (const auto& cls : graph.classes()) in.delay += w[static_cast<size_t>(cls.id)] * l.scopes[g][static_cast<size_t>(cls.id)].backoff;
    return in;
}

// Flow-equivalent rates of every Fes gate, nested ones first.
void flowEquivalents(Model& m, const Layers& l, double issued, const Loads& load) {
    m.background = 0.0;
    for (size_t i = m.gates.size(); i-- > 0;) {
        Gate& g = m.gates[i];
        if (g.mode != Mode::Fes) continue;
        const Inner in = innerNetwork(m, l, i, issued, load);
        const long long top = std::min<long long>(g.tokens, kMaxFlowPopulation);
        std::vector<double> x = closedThroughputs(in.stations, in.delay, top);
        g.rates.assign(x.begin() + 1, x.end());
        bool usable = !g.rates.empty();
        for (double r : g.rates) usable = usable && r > 0.0 && std::isfinite(r);
        if (!usable) {
            g.rates.clear();
            g.mode = Mode::Flat;  // takes no time: it cannot hold anybody back
            continue;
        }
        for (size_t j = 1; j < g.rates.size(); ++j) g.rates[j] = std::max(g.rates[j], g.rates[j - 1]);
    }
}

}  // namespace
namespace {

struct Outer {
    Mapped mapped;                  // outer stations, then one entry per top-level Fes gate
    std::vector<size_t> gateEntry;  // [gate] index in mapped.closed, or kNoStation
    std::vector<double> fraction;   // [gate] fractional part of its (small) effective waiting room
};

// a (1 - w) + b w for every figure of two solutions of the same network.
ClosedSolution blend(const ClosedSolution& a, const ClosedSolution& b, double w) {
    ClosedSolution out = a;
    auto mix = [w](double x, double y) { return x + w * (y - x); };
    out.throughput = mix(a.throughput, b.throughput);
    out.responseTime = mix(a.responseTime, b.responseTime);
    auto mixAll = [&](std::vector<double>& x, const std::vector<double>& y) {
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) x[i] = mix(x[i], y[i]);
    };
    mixAll(out.queueLength, b.queueLength);
    mixAll(out.residenceTime, b.residenceTime);
    mixAll(out.utilization, b.utilization);
    mixAll(out.blocking, b.blocking);
    mixAll(out.completions, b.completions);
    mixAll(out.waiting, b.waiting);
    out.tilt.reset();
    return out;
}

// The outer network, with a fractional waiting room interpolated between
// the whole rooms below and above it (the first such gate; others rounded).
ClosedAnswer solveOuter(const Graph& graph, const Outer& o, long long population, double shift, const ClosedSolution* previous) {
    size_t first = kNoStation;
    double weight = 0.0;
    for (size_t g = 0; g < o.fraction.size(); ++g) {
        if (o.gateEntry[g] == kNoStation || o.fraction[g] <= 1e-9) continue;
        first = g;
        weight = o.fraction[g];
        break;
    }
    if (first == kNoStation) return solveClosed(graph, o.mapped, population, shift, previous);
    Mapped above = o.mapped;
    above.closed[o.gateEntry[first]].capacity += 1;
    ClosedAnswer a = solveClosed(graph, o.mapped, population, shift, previous);
    const ClosedAnswer b = solveClosed(graph, above, population, shift, a.solution.tilt ? &a.solution : nullptr);
    a.solution = blend(a.solution, b.solution, weight);
    a.approximated = a.approximated || b.approximated;
    a.converged = a.converged && b.converged;
    return a;
}

Outer buildOuter(const Model& m, const Layers& l, const Loads& load) {
    const Graph& graph = m.graph;
    Outer o;
    std::vector<std::vector<double>> visits;
    for (const auto& w : l.outer) visits.push_back(w.visits);
    o.mapped = mapStations(graph, m.users, graph.stations(m.users, visits));
    const size_t count = o.mapped.stations.size();
    for (size_t k = 0; k < count; ++k) {
        auto& s = o.mapped.closed[k];
        if (s.servers == 0 || s.demand <= 0) continue;
        // Work done inside pools on the same cores: like work behind a queue, it takes cores.
        o.mapped.async[k] = load.async[k] + std::max(0.0, load.sync[k] - s.demand);
    }
    for (const auto& g : m.gates) {
        if (g.mode != Mode::Leaf) continue;
        for (size_t k : g.own) {
            auto& s = o.mapped.closed[k];
            if (s.servers == 0 || s.demand <= 0) continue;
            const int copies = std::max(1, s.multiplicity);
            const long long tokens = g.pooled ? g.tokens / copies : g.tokens;
            s.servers = static_cast<int>(std::min<long long>(s.servers, std::max(1LL, tokens)));
            if (g.capacity > 0) s.capacity = std::max<long long>(s.servers, g.pooled ? g.capacity / copies : g.capacity);
            // Open: the station is the room itself (M/M/c/K), which turns away its own
            // share; the visits reaching it are the offered ones, not those accepted.
            if (m.open && g.capacity > 0 && g.blocking > 0.0 && g.blocking < 1.0) s.demand /= 1.0 - g.blocking;
        }
    }
    o.gateEntry.assign(m.gates.size(), kNoStation);
    o.fraction.assign(m.gates.size(), 0.0);
    for (size_t g = 0; g < m.gates.size(); ++g) {
        const Gate& gate = m.gates[g];
        if (gate.mode != Mode::Fes || gate.rates.empty()) continue;
        double v = 0.0, accepted = 0.0;
        for (const auto& cls : graph.classes()) {
            v += cls.share * l.outer[static_cast<size_t>(cls.id)].attempts[g];
            accepted += cls.share * l.outer[static_cast<size_t>(cls.id)].accepted[g];
        }
        if (v <= 0.0) continue;
        if (gate.open) {
            // Its sojourn per accepted visit, as a delay.
            graph::Station dummy;
            dummy.name = graph.component(gate.comp).name;
            dummy.component = gate.comp;
            dummy.servers = 0;
            o.mapped.stations.push_back(dummy);
            o.mapped.closed.push_back(ClosedStation(0, 1, accepted * gate.delay));
            o.mapped.async.push_back(0.0);
            o.mapped.balancing.push_back(Balancing::Random);
            o.mapped.waitFactor.push_back(1.0);
            continue;
        }
        if (gate.likeMmc) {
            graph::Station dummy;
            dummy.name = graph.component(gate.comp).name;
            dummy.component = gate.comp;
            dummy.servers = 0;
            // Rounded down: never faster than the flow-equivalent, alone or at its top.
            const double alone = 1.0 / gate.rates.front();
            const int servers = std::max(1, static_cast<int>(std::floor(gate.rates.back() * alone * (1.0 + 1e-12))));
            o.gateEntry[g] = o.mapped.closed.size();
            o.mapped.stations.push_back(dummy);
            o.mapped.closed.push_back(ClosedStation(servers, gate.units, v / gate.units * alone));
            o.mapped.async.push_back(0.0);
            o.mapped.balancing.push_back(Balancing::Random);
            o.mapped.waitFactor.push_back(1.0);
            continue;
        }
        graph::Station dummy;
        dummy.name = graph.component(gate.comp).name;
        dummy.component = gate.comp;
        dummy.servers = 0;
        o.gateEntry[g] = o.mapped.closed.size();
        o.mapped.stations.push_back(dummy);
        // The waiting room of the exponential-equivalent model (scaled for the
        // held time's variability): a small one is interpolated between the
        // two whole rooms around it (solveOuter), a large one rounded.
        long long capacity = gate.capacity;
        if (capacity > 0) {
            const double room = static_cast<double>(gate.capacity - gate.tokens) * gate.scale;
            const double effective = static_cast<double>(gate.tokens) + room;
            if (room >= 64.0) {
                capacity = std::llround(effective);
            } else {
                capacity = static_cast<long long>(std::floor(effective));
                o.fraction[g] = effective - static_cast<double>(capacity);
            }
            capacity = std::max(1LL, capacity);
        }
        // Tokens are given (for the exact waiting beyond them) only with a
        // capacity: an unlimited pool may then be the widest group (its queue
        // can hold most users) and its waiting follows from its completions.
        const int tokens = capacity > 0 ? static_cast<int>(std::min<long long>(gate.tokens, std::numeric_limits<int>::max())) : 0;
        o.mapped.closed.push_back(ClosedStation(tokens, gate.units, v / gate.units, gate.rates, capacity));
        o.mapped.async.push_back(0.0);
        o.mapped.balancing.push_back(Balancing::Random);
        o.mapped.waitFactor.push_back(1.0);
    }
    return o;
}

// M/M/c rates of one copy of a leaf gate's station: min(j, servers) / demand per visit.
std::vector<double> leafRates(int servers, double visitDemand) {
    std::vector<double> r;
    for (int j = 1; j <= servers; ++j) r.push_back(j / visitDemand);
    return r;
}

// Blocking of every lossy gate from the outer solution (top level) or an open
// birth-death at its arrival rate (nested in another gate's scope).
std::vector<double> blockings(const Model& m, const Layers& l, const Outer& o, const ClosedSolution& sol, double issued) {
    const Graph& graph = m.graph;
    std::vector<double> out(m.gates.size(), 0.0);
    for (size_t g = 0; g < m.gates.size(); ++g) {
        const Gate& gate = m.gates[g];
        if (!lossy(gate)) continue;
        double outerAttempts = 0.0, allAttempts = 0.0;
        for (const auto& cls : graph.classes()) {
            outerAttempts += cls.share * l.outer[static_cast<size_t>(cls.id)].attempts[g];
            allAttempts += cls.share * l.attemptsPerRequest[static_cast<size_t>(cls.id)][g];
        }
        if (gate.mode == Mode::Fes && o.gateEntry[g] != kNoStation) {
            out[g] = sol.blocking[o.gateEntry[g]];
            continue;
        }
        if (gate.mode == Mode::Leaf && outerAttempts > 0.5 * allAttempts) {
            double weight = 0.0, sum = 0.0;
            for (size_t k : gate.own) {
                const double w = o.mapped.closed[k].multiplicity * o.mapped.closed[k].demand;
                weight += w;
                sum += w * sol.blocking[k];
            }
            out[g] = weight > 0 ? sum / weight : 0.0;
            continue;
        }
        // Nested: Poisson arrivals at its rate.
        if (gate.mode == Mode::Fes) {
            out[g] = openGate(gate.rates, issued * allAttempts / gate.units, effectiveCapacity(gate)).blocking;
        } else {
            double weight = 0.0, sum = 0.0;
            for (size_t k : gate.own) {
                const auto& s = m.stations[k];
                const double perCopy = mixed(graph, s.demand);
                if (perCopy <= 0 || allAttempts <= 0) continue;
                const int servers = static_cast<int>(std::min<long long>(s.servers, gate.tokens));
                // Per copy: arrivals issued x allAttempts x (share of this copy); one visit's demand.
                const double copyShare = perCopy / std::max(1e-300, [&] {
                    double t = 0.0;
                    for (size_t j : gate.own) t += m.stations[j].multiplicity * mixed(graph, m.stations[j].demand);
                    return t;
                }());
                const double arrivals = issued * allAttempts * copyShare;
                const double visitDemand = perCopy / std::max(1e-300, copyShare * allAttempts);
                const double b = openGate(leafRates(servers, visitDemand), arrivals, std::max<long long>(servers, gate.capacity)).blocking;
                weight += s.multiplicity * perCopy;
                sum += s.multiplicity * perCopy * b;
            }
            out[g] = weight > 0 ? sum / weight : 0.0;
        }
    }
    return out;
}

// Blocking of each lossy Fes gate as an open birth-death at its arrival rate
// (attempts from the current walks, and with `blocking` instead of the
// gate's own the attempts per call scaled accordingly: retries): the local
// model of its response to load.
std::vector<double> proxyBlockings(const Model& m, const Layers& l, double issued, const std::vector<double>* blocking = nullptr,
                                   const std::vector<std::vector<double>>* logCum = nullptr) {
    std::vector<double> out(m.gates.size(), 0.0);
    for (size_t g = 0; g < m.gates.size(); ++g) {
        const Gate& gate = m.gates[g];
        if (!lossy(gate) || gate.mode != Mode::Fes) continue;
        double attempts = 0.0;
        for (const auto& cls : m.graph.classes()) attempts += cls.share * l.attemptsPerRequest[static_cast<size_t>(cls.id)][g];
        if (blocking) {
            const double inner = (m.succ.empty() ? 1.0 : m.succ[0][static_cast<size_t>(gate.comp)]) * (1.0 - m.timedOut[static_cast<size_t>(gate.comp)]);
            const double now = callOutcome(1.0 - (1.0 - gate.blocking) * inner, gate.retries, gate.backoff).attempts;
            const double then = callOutcome(1.0 - (1.0 - (*blocking)[g]) * inner, gate.retries, gate.backoff).attempts;
            if (now > 0) attempts *= then / now;
        }
        const std::vector<double>* cum = logCum && g < logCum->size() && !(*logCum)[g].empty() ? &(*logCum)[g] : nullptr;
        out[g] = openGateImpl(gate.rates, cum, issued * attempts / gate.units, effectiveCapacity(gate), 0, false).blocking;
    }
    return out;
}

}  // namespace
namespace {

// Timing inside a gate's scope at its operating point.
struct GateTiming {
    double held = 0.0;                 // mean holders per unit
    double hold = 0.0;                 // mean held time per visit, mixed over classes
    double holdScv = 1.0;              // squared coefficient of variation of the held time
    double releaseScv = 1.0;           // variability of the token releases when every token is held (QNA)
    double waitEq = 0.0;               // mean wait for a token in the exponential-equivalent model
    double wait = 0.0;                 // mean wait, corrected for the held time's variability
    double waitScv = 1.0;              // squared coefficient of variation of the wait
    double sojourn = 0.0;              // wait + held, per accepted visit, mixed
    std::vector<double> classHold;     // per class
    std::vector<double> classSojourn;  // per class
    std::vector<double> slow;          // [station] seconds per second of demand inside this scope (0: not used)
    std::vector<double> work;          // [station] work per second this scope puts there (weights)
};

// Rate of the flow-equivalent server at a fractional population.
double rateAt(const std::vector<double>& rates, double k) {
    if (rates.empty() || k <= 0) return 0.0;
    const double top = static_cast<double>(rates.size());
    if (k >= top) return rates.back();
    const size_t lo = static_cast<size_t>(std::floor(k));
    const double below = lo == 0 ? 0.0 : rates[lo - 1];
    const double above = rates[lo];
    return below + (k - static_cast<double>(lo)) * (above - below);
}

// Asymptotic index of dispersion of the completions at a station of `servers`
// cores (demand `demand` per cycle) that `tokens` holders cycle through,
// spending `rest` seconds elsewhere per cycle (as a delay): a birth-death on
// the number at the station, departures its deaths. With Q h = rate - mu
// (Poisson equation, pi h = 0), variance rate = rate + 2 pi D1 h, solved in
// O(tokens) by the cut equations of the chain. Fewer holders make the
// releases more regular than Poisson (a finite population).
double releaseDispersion(long long tokens, int servers, double demand, double rest, double* busy) {
    const long long n = std::clamp<long long>(tokens, 1, 200000);
    if (!(demand > 0) || !(rest > 0)) {
        if (busy) *busy = 1.0;
        return 1.0;
    }
    std::vector<double> p(static_cast<size_t>(n) + 1, 0.0), birth(p.size()), death(p.size());
    for (long long j = 0; j <= n; ++j) {
        birth[static_cast<size_t>(j)] = static_cast<double>(n - j) / rest;
        death[static_cast<size_t>(j)] = static_cast<double>(std::min<long long>(j, servers)) / demand;
    }
    // p_j / p_{j-1} = birth_{j-1} / death_j falls with j: the law is unimodal.
    // From 1 at its mode outwards by these ratios (no log or exp per state;
    // the terms only shrink, to 0 at worst, far out in the tails).
    size_t mode = 0;
    while (mode + 1 < p.size() && birth[mode] >= death[mode + 1]) ++mode;
    p[mode] = 1.0;
    for (size_t j = mode + 1; j < p.size(); ++j) p[j] = p[j - 1] * (birth[j - 1] / death[j]);
    for (size_t j = mode; j-- > 0;) p[j] = p[j + 1] * (death[j + 1] / birth[j]);
    double mass = 0.0;
    for (size_t j = 0; j < p.size(); ++j) mass += p[j];
    double rate = 0.0, held = 0.0;
    for (size_t j = 0; j < p.size(); ++j) {
        p[j] /= mass;
        rate += p[j] * death[j];
        held += p[j] * std::min<double>(static_cast<double>(j), servers);
    }
    if (busy) *busy = held / servers;
    // h_{j+1} - h_j = (sum_{k<=j} p_k (rate - death_k)) / (p_j birth_j)
    std::vector<double> h(p.size(), 0.0);
    double cut = 0.0;
    for (size_t j = 0; j + 1 < p.size(); ++j) {
        cut += p[j] * (rate - death[j]);
        h[j + 1] = h[j] + (p[j] * birth[j] > 0 ? cut / (p[j] * birth[j]) : 0.0);
    }
    double mean = 0.0;
    for (size_t j = 0; j < p.size(); ++j) mean += p[j] * h[j];
    double cross = 0.0;
    for (size_t j = 1; j < p.size(); ++j) cross += p[j] * death[j] * (h[j - 1] - mean);
    const double variance = rate + 2.0 * cross;
    return rate > 0 ? std::max(0.0, variance / rate) : 1.0;
}

// Squared coefficient of variation of one visit's demand of a component (its distribution).
double componentScv(const Graph& graph, int comp) { return scvOf(graph.component(comp).distribution); }

// Timing of Fes gate g when one unit holds `queue` requests (held + waiting,
// in the exponential-equivalent model) and completes `completions` visits per
// second. Nested gates' timings must be known (they come later in call order).
GateTiming gateTiming(const Model& m, const Layers& l, size_t g, double issued, const Loads& load, double queue, double waiting,
                      double completions, const std::vector<GateTiming>& timing) {
    const Graph& graph = m.graph;
    const Gate& gate = m.gates[g];
    const size_t classes = graph.classes().size();
    const size_t count = m.stations.size();
    GateTiming t;
    t.classHold.assign(classes, 0.0);
    t.classSojourn.assign(classes, 0.0);
    t.slow.assign(count, 0.0);
    t.work.assign(count, 0.0);
    t.held = std::clamp(queue - waiting, 0.0, static_cast<double>(gate.tokens));
    const Inner in = innerNetwork(m, l, g, issued, load);
    // The inner network's throughput: the visits completed (held / time held = completions).
    const double xin = completions > 0 ? completions : std::max(rateAt(gate.rates, std::max(t.held, 1e-9)), 1e-300);
    // Open M/M/c at the inner throughput, the waiting parts scaled so that
    // Little holds inside: held = X (time held).
    std::vector<double> time(in.stations.size(), 0.0), base(in.stations.size(), 0.0);
    double fixed = in.delay, excess = 0.0;
    for (size_t i = 0; i < in.stations.size(); ++i) {
        const ClosedStation s = in.equivalent(i);
        if (in.nestedGate[i] >= 0) {
            const Gate& nested = m.gates[static_cast<size_t>(in.nestedGate[i])];
            base[i] = s.multiplicity * s.demand / nested.rates.front();
            time[i] = std::max(base[i], s.multiplicity * s.demand * timing[static_cast<size_t>(in.nestedGate[i])].sojourn);
        } else {
            const double lambda = std::min(xin, 0.99 * s.servers / s.demand);
            base[i] = s.multiplicity * s.demand;
            time[i] = s.multiplicity * mmc(lambda, s.demand, s.servers).meanResponse;
        }
        fixed += base[i];
        excess += time[i] - base[i];
    }
    const double target = t.held > 0 ? t.held / xin : fixed;
    const double factor = excess > 0 ? std::clamp((target - fixed) / excess, 0.0, 1e6) : 0.0;
    t.hold = std::max(fixed + factor * excess, fixed);
    for (size_t i = 0; i < in.stations.size(); ++i) {
        if (in.nestedGate[i] >= 0) continue;
        const size_t k = in.stationOf[i];
        t.slow[k] = (base[i] + factor * (time[i] - base[i])) / (in.equivalent(i).multiplicity * in.base[i]);
    }
    // Work per second on each station from this gate (all units), for weighting.
    double gateRate = 0.0;
    for (const auto& cls : graph.classes()) gateRate += issued * cls.share * l.acceptedPerRequest[static_cast<size_t>(cls.id)][g];
    std::vector<std::vector<double>> visitTable = table(l.scopes[g], false);
    const auto doing = graph.stations(m.users, visitTable);
    for (size_t k = 0; k < count; ++k) t.work[k] = gateRate * mixed(graph, doing[k].demand) * std::max(1, doing[k].multiplicity);
    // Per class: the completed visit's demands at these slowdowns, nested sojourns, backoffs;
    // and the variance of the held time (visits as independent, each with its demand's scv).
    const auto done = graph.stations(m.users, table(l.scopes[g], true));
    auto componentSlow = [&](int comp) {
        double sum = 0.0, weight = 0.0;
        for (size_t k = 0; k < count; ++k) {
            if (t.slow[k] <= 0) continue;
            const auto on = componentsOn(graph, m.stations[k]);
            if (std::find(on.begin(), on.end(), comp) == on.end()) continue;
            sum += t.slow[k];
            weight += 1.0;
        }
        return weight > 0 ? sum / weight : 1.0;
    };
    const std::vector<double> w = arrivalWeights(m, l, g);
    double second = 0.0, mean = 0.0;
    for (size_t c = 0; c < classes; ++c) {
        const ScopeWalk& walk = l.scopes[g][c];
        double h = walk.backoffDone;
        for (size_t k = 0; k < count; ++k) {
            const auto& s = done[k];
            if (s.demand[c] <= 0) continue;
            h += s.multiplicity * s.demand[c] * (s.servers == 0 ? 1.0 : (t.slow[k] > 0 ? t.slow[k] : 1.0));
        }
        double var = 0.0;
        for (int x = 0; x < static_cast<int>(graph.components().size()); ++x) {
            const double v = walk.done[static_cast<size_t>(x)];
            if (v <= 0) continue;
            const auto& comp = graph.component(x);
            const double visit = componentSlow(x) * graph.demand(x, static_cast<int>(c), m.users) + comp.latency;
            const double frac = v - std::floor(v);
            var += v * componentScv(graph, x) * visit * visit + frac * (1.0 - frac) * visit * visit;
        }
        for (size_t n = 0; n < m.gates.size(); ++n) {
            const double v = walk.doneGate[n];
            if (v <= 0 || m.gates[n].mode != Mode::Fes) continue;
            h += v * timing[n].classSojourn[c] * m.withinRatio[static_cast<size_t>(m.gates[n].comp)];
            var += v * timing[n].classSojourn[c] * timing[n].classSojourn[c];
        }
        t.classHold[c] = h;
        mean += w[c] * h;
        second += w[c] * (var + h * h);
    }
    t.holdScv = mean > 0 ? std::max(0.0, second / (mean * mean) - 1.0) : 1.0;
    // Token releases when all tokens are held: completions at the inner
    // bottleneck (the station busiest at the top rate). Their variability is
    // that of the work one holder brings there per visit of the gate (scv of
    // the sum of its visits' demands), damped over its cores and by its idle
    // time (QNA's departure formula with Poisson arrivals: 1 + u^2 (c^2 - 1) / sqrt(servers)).
    {
        size_t bottleneck = kNoStation;
        double busiest = 0.0;
        const double top = gate.rates.back();
        for (size_t i = 0; i < in.stations.size(); ++i) {
            if (in.nestedGate[i] >= 0) continue;
            const ClosedStation e = in.equivalent(i);
            const double u = top * e.demand / e.servers;
            if (u > busiest) {
                busiest = u;
                bottleneck = i;
            }
        }
        if (bottleneck != kNoStation) {
            const size_t k = in.stationOf[bottleneck];
            const auto on = componentsOn(graph, m.stations[k]);
            double m1 = 0.0, m2 = 0.0;
            for (size_t c = 0; c < classes; ++c) {
                const ScopeWalk& walk = l.scopes[g][c];
                double work = 0.0, var = 0.0;
                for (int x : on) {
                    const double v = walk.visits[static_cast<size_t>(x)];
                    if (v <= 0) continue;
                    const double d = graph.demand(x, static_cast<int>(c), m.users);
                    const double frac = v - std::floor(v);
                    work += v * d;
                    var += v * componentScv(graph, x) * d * d + frac * (1.0 - frac) * d * d;
                }
                m1 += w[c] * work;
                m2 += w[c] * (var + work * work);
            }
            const double workScv = m1 > 0 ? std::max(0.0, m2 / (m1 * m1) - 1.0) : 1.0;
            // The bottleneck with everything else as a delay (its time at this operating point).
            const ClosedStation b = in.equivalent(bottleneck);
            const double atBottleneck = base[bottleneck] + factor * (time[bottleneck] - base[bottleneck]);
            const double rest = std::max(1e-12 * t.hold, t.hold - atBottleneck);
            const int servers = b.servers * std::max(1, b.multiplicity);  // copies: together, as the holders spread over them
            double u = 1.0;
            const double dispersion = releaseDispersion(gate.tokens, servers, b.demand * std::max(1, b.multiplicity), rest, &u);
            t.releaseScv = std::max(0.0, dispersion + u * u * (workScv - 1.0) / std::sqrt(static_cast<double>(servers)));
        }
    }
    t.waitEq = completions > 0 ? std::max(0.0, waiting / completions) : 0.0;
    t.wait = t.waitEq / gate.scale;
    t.sojourn = t.hold + t.wait;
    for (size_t c = 0; c < classes; ++c) t.classSojourn[c] = t.wait + t.classHold[c];
    return t;
}

}  // namespace

namespace {

// Mean time of one visit of each component, per class ([component][class]):
// its demand at the slowdown of its stations (outer and inside pools,
// weighted by the work done there), its latency and its calls; a Fes gate's
// visit is its sojourn.
std::vector<std::vector<double>> visitTimes(const Model& m, const Outer& o, const std::vector<double>& outerSlow,
                                            const std::vector<GateTiming>& timing, const std::vector<double>& utilization,
                                            double issued) {
    const Graph& graph = m.graph;
    const size_t count = m.stations.size();
    const size_t classes = graph.classes().size();
    std::vector<double> stationSlow(count, 1.0);
    {
        std::vector<double> weight(count, 0.0), sum(count, 0.0);
        for (size_t k = 0; k < count && k < o.mapped.closed.size(); ++k) {
            const auto& s = o.mapped.closed[k];
            if (s.servers == 0 || s.demand <= 0) continue;
            const double w = issued * s.demand * std::max(1, s.multiplicity);
            weight[k] += w;
            sum[k] += w * outerSlow[k];
        }
        for (const auto& t : timing)
            for (size_t k = 0; k < count && k < t.slow.size(); ++k)
                if (t.slow[k] > 0 && t.work[k] > 0) {
                    weight[k] += t.work[k];
                    sum[k] += t.work[k] * t.slow[k];
                }
        for (size_t k = 0; k < count; ++k)
            if (weight[k] > 0) stationSlow[k] = sum[k] / weight[k];
    }
    const auto& comps = graph.components();
    // Each station's components listed once (not once per component): the
    // same sums in the same order of stations, so the same figures.
    std::vector<double> compSlow(comps.size(), 1.0), compWeight(comps.size(), 0.0), compSum(comps.size(), 0.0);
    for (size_t k = 0; k < count; ++k) {
        if (m.stations[k].servers == 0) continue;
        const double w = utilization[k] * m.stations[k].servers * m.stations[k].multiplicity + 1e-300;
        std::vector<int> on = componentsOn(graph, m.stations[k]);
        std::sort(on.begin(), on.end());
        on.erase(std::unique(on.begin(), on.end()), on.end());
        for (int c : on) {
            compWeight[static_cast<size_t>(c)] += w;
            compSum[static_cast<size_t>(c)] += w * stationSlow[k];
        }
    }
    for (const auto& comp : comps)
        if (compWeight[static_cast<size_t>(comp.id)] > 0) compSlow[static_cast<size_t>(comp.id)] = compSum[static_cast<size_t>(comp.id)] / compWeight[static_cast<size_t>(comp.id)];
    std::vector<std::vector<double>> perVisit(comps.size(), std::vector<double>(classes, -1.0));
    std::function<double(int, size_t, int)> visitTime = [&](int c, size_t cls, int depth) -> double {
        double& memo = perVisit[static_cast<size_t>(c)][cls];
        if (memo >= 0) return memo;
        if (depth > 64) return 0.0;
        const int g = m.gateOf[static_cast<size_t>(c)];
        if (g >= 0 && m.gates[static_cast<size_t>(g)].mode == Mode::Fes && static_cast<size_t>(g) < timing.size() &&
            !timing[static_cast<size_t>(g)].classSojourn.empty()) {
            memo = timing[static_cast<size_t>(g)].classSojourn[cls];
            return memo;
        }
        const auto& comp = graph.component(c);
        double t = compSlow[static_cast<size_t>(c)] * graph.demand(c, static_cast<int>(cls), m.users) + comp.latency;
        if (comp.kind != spec::ComponentKind::Queue) {
            for (const auto& call : comp.calls) {
                if (!call.forClass.at(cls)) continue;
                const auto& callee = graph.component(call.to);
                double tc = visitTime(call.to, cls, depth + 1);
                if (callee.onMiss) tc += (1.0 - callee.hitRatio) * visitTime(*callee.onMiss, cls, depth + 1);
                t += call.visits * tc;
            }
        }
        memo = t;
        return t;
    };
    for (const auto& comp : comps)
        for (size_t c = 0; c < classes; ++c) visitTime(comp.id, c, 0);
    return perVisit;
}

// The open birth-death of a unit whose mean number present is `target`
// (the closed solution's): its arrival rate found by bisection (the mean
// grows with it). Stands in for the distribution an arrival sees. With a
// `guess` of the rate: first within a factor 4 of it, to 0.1% (a dozen
// birth-deaths instead of ~50: the pool check, read on every solve).
OpenGate matchedGate(const std::vector<double>& rates, long long capacity, long long tokens, double target, double guess = 0.0) {
    const double top = rates.back();
    const std::vector<double> logCum = logCumulative(rates);
    auto at = [&](double x) { return openGateImpl(rates, &logCum, std::exp(x), capacity, tokens, false); };
    if (guess > 0 && std::isfinite(guess) && (capacity > 0 || guess * 4.0 < top)) {
        double lo = std::log(guess / 4.0), hi = std::log(guess * 4.0);
        const OpenGate low = at(lo);
        OpenGate best = at(hi);
        if (low.meanNumber <= target && best.meanNumber >= target) {
            while (hi - lo > 1e-3) {
                const double mid = 0.5 * (lo + hi);
                const OpenGate g = at(mid);
                (g.meanNumber < target ? lo : hi) = mid;
                best = g;
            }
            return best;
        }
    }
    double lo = std::log(top * 1e-9), hi = std::log(capacity > 0 ? top * 1e6 : top);
    OpenGate best = at(hi);
    if (!(best.meanNumber > target)) return best;
    for (int i = 0; i < 48 && hi - lo > 1e-9; ++i) {
        const double mid = 0.5 * (lo + hi);
        const OpenGate g = at(mid);
        (g.meanNumber < target ? lo : hi) = mid;
        best = g;
    }
    return best;
}

// matchedGate's answer (to the same 1e-9 in log rate) from a first guess
// `rate` (updated; 0: none): the last round's answer, or the gate's
// completions. A bracket grown from it, then regula falsi (Illinois) to
// 1e-9 in log rate or a mean present within 1e-12 of the target; the log
// rates once for all (openGateImpl): a few birth-deaths instead of ~36
// while the fixed point moves little between rounds. The cold bisection
// where the bracket leaves its range; a target of 0 (nobody present) gives
// the bisection's answer at once (every step halves towards the floor).
// `cache` keeps the log rates while the rates stay the same; a target
// beyond reach leaves `rate` as it was (the next round starts from there).
struct MatchCache {
    double rate = 0.0;
    std::vector<double> rates, logCum;
};

OpenGate matchedGateFrom(const std::vector<double>& rates, long long capacity, long long tokens, double target, MatchCache& cache) {
    const double top = rates.back();
    const double floor = std::log(top * 1e-9), ceiling = std::log(capacity > 0 ? top * 1e6 : top);
    if (cache.rates != rates) {
        cache.rates = rates;
        cache.logCum = logCumulative(rates);
    }
    const std::vector<double>& logCum = cache.logCum;
    double& rate = cache.rate;
    auto at = [&](double x) { return openGateImpl(rates, &logCum, std::exp(x), capacity, tokens, false); };
    if (!(target > 0)) {
        // The mean present is positive at any rate: the bisection keeps the lower end.
        double lo = floor, hi = ceiling, mid = hi;
        for (int i = 0; i < 48 && hi - lo > 1e-9; ++i) hi = mid = 0.5 * (lo + hi);
        return at(mid);
    }
    const double x0 = rate > 0 && std::isfinite(rate) ? std::clamp(std::log(rate), floor, ceiling) : floor;
    if (x0 > floor) {
        OpenGate ga = at(x0);
        double xa = x0, fa = ga.meanNumber - target;
        if (fa == 0.0) return ga;
        if (x0 >= ceiling && fa < 0.0) return ga;  // beyond reach: the cold search's answer too
        OpenGate gb;
        double xb = x0, fb = fa;
        bool bracket = false;
        for (double step = 1e-4; step < 80.0; step *= 8.0) {
            xb = std::clamp(fa < 0 ? x0 + step : x0 - step, floor, ceiling);
            gb = at(xb);
            fb = gb.meanNumber - target;
            if ((fb < 0) != (fa < 0) || fb == 0.0) {
                bracket = true;
                break;
            }
            if (xb >= ceiling) return gb;  // beyond reach
            if (xb <= floor) break;
            ga = gb;
            xa = xb;
            fa = fb;
        }
        if (bracket) {
            int side = 0;
            const double close = 1e-12 * std::max(1.0, target);
            for (int i = 0; i < 100 && std::fabs(xb - xa) > 1e-9 && std::fabs(fb) > close; ++i) {
                double x = (xa * fb - xb * fa) / (fb - fa);
                if (!(x > std::min(xa, xb) && x < std::max(xa, xb))) x = 0.5 * (xa + xb);
                const OpenGate g = at(x);
                const double f = g.meanNumber - target;
                if ((f < 0) == (fb < 0)) {
                    if (side == -1) fa *= 0.5;
                    side = -1;
                } else {
                    xa = xb;
                    fa = fb;
                    if (side == 1) fa *= 0.5;
                    side = 1;
                }
                gb = g;
                xb = x;
                fb = f;
            }
            rate = std::exp(xb);
            return gb;
        }
    }
    double lo = floor, hi = ceiling;
    OpenGate best = at(hi);
    if (!(best.meanNumber > target)) return best;  // beyond reach
    for (int i = 0; i < 48 && hi - lo > 1e-9; ++i) {
        const double mid = 0.5 * (lo + hi);
        const OpenGate g = at(mid);
        (g.meanNumber < target ? lo : hi) = mid;
        best = g;
        rate = std::exp(mid);
    }
    return best;
}

// Timeout figures of one component from the law of its sojourn.
struct TimeoutFigures {
    double timedOut = 0.0, withinRatio = 1.0, excess = 0.0;
};

TimeoutFigures fromLaw(const SojournLaw& law, double t) {
    TimeoutFigures f;
    const SojournTail tail = sojournTail(law, t);
    const double mean = law.p0 * law.holdFree + std::clamp(1.0 - law.p0, 0.0, 1.0) * (law.waitMean + law.holdWait);  // E[S] of the law
    f.timedOut = tail.beyond;
    if (tail.beyond < 1e-12) return f;
    const double within = tail.beyond < 1.0 ? tail.meanWithin / (1.0 - tail.beyond) : t;
    f.withinRatio = mean > 0 ? std::clamp(within / mean, 0.0, 1.0) : 1.0;
    f.excess = std::max(0.0, mean - tail.meanWithin - t * tail.beyond);
    return f;
}

// A sojourn of mean r taken as exponential (a plain station's visit; exact for M/M/1 FCFS).
TimeoutFigures exponentialTimeout(double r, double t) {
    TimeoutFigures f;
    if (!(r > 0) || !(t > 0)) return f;
    const double e = std::exp(-t / r);
    f.timedOut = e;
    if (e < 1e-12) return f;
    const double within = e < 1.0 ? (r - (r + t) * e) / (1.0 - e) : t;
    f.withinRatio = std::clamp(within / r, 0.0, 1.0);
    f.excess = r * e;
    return f;
}

}  // namespace

namespace {

// Mean present per unit of each gate in a product-form solution of the
// whole graph (`pf` on the stations of `mapped`, no pool or room honoured):
// arrivals per unit x the time a visit takes there (its scope's demands at
// the stations' slowdowns, nested gates' times, latencies).
struct Occupancy {
    std::vector<double> mean;     // [gate] mean present per unit
    std::vector<double> busiest;  // [gate] utilisation of the busiest station its holders use
    std::vector<double> cores;    // [gate] that station's cores (as a unit sees them)
};

Occupancy productFormOccupancy(Model& m, const Mapped& mapped, const ClosedSolution& pf) {
    const Graph& graph = m.graph;
    Layers l;
    walkAll(m, l);
    const size_t count = m.stations.size();
    std::vector<double> slow(count, 1.0);
    for (size_t k = 0; k < count && k < mapped.closed.size(); ++k) {
        const auto& s = mapped.closed[k];
        if (s.servers > 0 && s.demand > 0) slow[k] = std::max(1.0, pf.residenceTime[k] / s.demand);
    }
    std::vector<double> time(m.gates.size(), 0.0);
    Occupancy out;
    out.mean.assign(m.gates.size(), 0.0);
    out.busiest.assign(m.gates.size(), 0.0);
    out.cores.assign(m.gates.size(), 1.0);
    auto consider = [&](size_t g, size_t k) {
        if (k >= mapped.closed.size() || mapped.closed[k].servers == 0) return;
        double u = k < pf.utilization.size() ? pf.utilization[k] : 0.0;
        if (k < mapped.async.size() && mapped.closed[k].servers > 0) u = std::min(1.0, u + pf.throughput * mapped.async[k] / mapped.closed[k].servers);
        if (u >= out.busiest[g]) {
            out.busiest[g] = u;
            const bool pooled = k < mapped.balancing.size() && mapped.balancing[k] == Balancing::Pooled;
            out.cores[g] = static_cast<double>(mapped.closed[k].servers) * (pooled ? mapped.closed[k].multiplicity : 1);
        }
    };
    for (size_t g = m.gates.size(); g-- > 0;) {
        const Gate& gate = m.gates[g];
        const std::vector<double> w = arrivalWeights(m, l, g);
        double t = 0.0;
        if (gate.mode == Mode::Fes && !l.scopes[g].empty()) {
            const auto stations = graph.stations(m.users, table(l.scopes[g], false));
            for (size_t k = 0; k < count; ++k) {
                const double d = weighted(stations[k].demand, w);
                t += stations[k].multiplicity * d * (stations[k].servers == 0 ? 1.0 : slow[k]);
                if (d > 0) consider(g, k);
            }
            for (size_t h = 0; h < m.gates.size(); ++h) {
                double v = 0.0;
                for (const auto& cls : graph.classes()) v += w[static_cast<size_t>(cls.id)] * l.scopes[g][static_cast<size_t>(cls.id)].accepted[h];
                t += v * time[h];
            }
        } else {
            // Flat or leaf: its own work at its stations' slowdowns.
            for (const auto& cls : graph.classes()) t += w[static_cast<size_t>(cls.id)] * graph.demand(gate.comp, cls.id, m.users);
            double s0 = 0.0, n0 = 0.0;
            for (size_t k : gate.own) {
                s0 += slow[k];
                n0 += 1.0;
                consider(g, k);
            }
            t *= n0 > 0 ? s0 / n0 : 1.0;
        }
        time[g] = t;
        double arrivals = 0.0;
        for (const auto& cls : graph.classes()) arrivals += cls.share * l.attemptsPerRequest[static_cast<size_t>(cls.id)][g];
        const double copies = gate.mode == Mode::Leaf ? [&] {
            double c = 0.0;
            for (size_t k : gate.own) c += m.stations[k].multiplicity;
            return std::max(1.0, c);
        }() : static_cast<double>(gate.units);
        out.mean[g] = pf.throughput * arrivals / copies * t;
    }
    return out;
}

}  // namespace

bool poolsCanBind(const Graph& graph, double users, const Mapped& mapped) {
    // The stations at the throughput bound, as open M/M/c queues: utilisations
    // at least those of the closed solution (conservative), no closed solve.
    const AsymptoticBounds b = asymptoticBounds(mapped.closed, graph.thinkTime(), mapped.async);
    ClosedSolution pf;
    pf.throughput = b.throughputBound(std::round(users));
    pf.utilization.assign(mapped.closed.size(), 0.0);
    pf.residenceTime.assign(mapped.closed.size(), 0.0);
    for (size_t k = 0; k < mapped.closed.size(); ++k) {
        const auto& s = mapped.closed[k];
        if (s.servers == 0 || s.demand <= 0) continue;
        const bool pooled = k < mapped.balancing.size() && mapped.balancing[k] == Balancing::Pooled;
        const int servers = s.servers * (pooled ? std::max(1, s.multiplicity) : 1);
        const double demand = s.demand * (pooled ? std::max(1, s.multiplicity) : 1);
        const double u = std::min(0.999, pf.throughput * demand / servers);
        pf.utilization[k] = u;
        pf.residenceTime[k] = (pooled ? 1.0 / std::max(1, s.multiplicity) : 1.0) * mmc(u * servers / demand, demand, servers).meanResponse;
    }
    return poolsCanBind(graph, users, mapped, pf);
}

bool poolsCanBind(const Graph& graph, double users, const Mapped& mapped, const ClosedSolution& pf) {
    Model m = buildModel(graph, users, false);
    const Occupancy q = productFormOccupancy(m, mapped, pf);
    for (size_t g = 0; g < m.gates.size(); ++g) {
        const Gate& gate = m.gates[g];
        if (gate.mode == Mode::Flat) continue;
        const long long tokens = gate.mode == Mode::Leaf && gate.pooled ? gate.tokens / std::max(1, gate.units) : gate.tokens;
        // The holders' count passes n only if the busiest station they use
        // (utilisation u, c cores) queues about n - mean - c beyond its cores:
        // probability ~ u^(n - mean - c). Below e^-16, the pool never binds.
        auto reachable = [&](double n) {
            const double u = q.busiest[g];
            if (u >= 0.999) return true;
            const double excess = n - q.mean[g] - q.cores[g];
            if (excess <= 0.0) return true;
            return u > 0.0 && excess * std::log(u) > -16.0;
        };
        if (gate.mode == Mode::Leaf) {
            // It limits its stations' concurrency below their cores, or bounds them.
            bool limits = false;
            for (size_t k : gate.own) limits = limits || tokens < m.stations[k].servers;
            if ((limits && reachable(static_cast<double>(tokens))) || (gate.capacity > 0 && reachable(static_cast<double>(gate.capacity)))) return true;
            continue;
        }
        if (reachable(static_cast<double>(tokens))) return true;
        if (gate.capacity > 0 && reachable(static_cast<double>(gate.capacity))) return true;
    }
    return false;
}

namespace {

// The outer network of an open workload at `lambda` user requests per
// second: each station open (M/M/c, M/M/c/K for a leaf gate's room), the
// gates delays of their sojourn; as a ClosedSolution (per copy) for the
// rest of the layered solution.
ClosedAnswer openOuter(const Graph& graph, const Outer& o, const Loads& load, double lambda, double users, bool* saturated, double* capacity) {
    std::vector<OpenStation> stations;
    for (size_t k = 0; k < o.mapped.closed.size(); ++k) {
        const auto& s = o.mapped.closed[k];
        OpenStation os;
        os.servers = s.servers;
        os.multiplicity = s.multiplicity;
        os.demand = s.demand;
        // Work inside pools and behind queues on these cores (every station:
        // one only the workers use saturates too, as in solveOpen).
        os.asyncDemand = k < load.sync.size() ? load.async[k] + std::max(0.0, load.sync[k] - s.demand)
                                              : (k < o.mapped.async.size() ? o.mapped.async[k] : 0.0);
        const auto& st = o.mapped.stations[k];
        os.fcfs = st.discipline == spec::Discipline::Fcfs;
        os.scv = s.servers > 0 && st.component >= -1 && !st.demand.empty() ? stationScv(graph, st, users) : 1.0;
        if (s.capacity > 0) os.capacity = static_cast<int>(std::min<long long>(s.capacity, std::numeric_limits<int>::max()));
        stations.push_back(os);
    }
    const OpenSolution sol = solveOpen(stations, lambda);
    *saturated = sol.saturated;
    *capacity = sol.capacity;
    ClosedAnswer a;
    a.approximated = !sol.exact;
    ClosedSolution& c = a.solution;
    const double rate = sol.saturated ? 0.999 * sol.capacity : lambda;
    c.throughput = rate;
    c.queueLength = sol.queueLength;
    c.residenceTime = sol.residenceTime;
    c.utilization = sol.utilization;
    c.blocking = sol.blocking;
    c.waiting.assign(stations.size(), 0.0);
    c.completions.assign(stations.size(), 0.0);
    for (size_t k = 0; k < stations.size(); ++k) c.completions[k] = rate * (1.0 - sol.blocking[k]);
    double response = 0.0;
    for (size_t k = 0; k < stations.size(); ++k) response += stations[k].multiplicity * sol.residenceTime[k];
    c.responseTime = response;
    return a;
}

LayeredAnswer layered(const Graph& graph, double users, const Mapped* mapped, const ClosedSolution* pf, const double* arrivalRate);

}  // namespace

LayeredAnswer solveLayered(const Graph& graph, double users) { return layered(graph, users, nullptr, nullptr, nullptr); }

LayeredAnswer solveLayered(const Graph& graph, double users, const Mapped* mapped, const ClosedSolution* pf) {
    return layered(graph, users, mapped, pf, nullptr);
}

LayeredAnswer solveLayeredOpen(const Graph& graph, double arrivalRate) {
    if (!(arrivalRate >= 0.0) || !std::isfinite(arrivalRate)) throw std::invalid_argument("analytic: arrival rate must be finite and >= 0");
    return layered(graph, graph.workload().users.value_or(0.0), nullptr, nullptr, &arrivalRate);
}

namespace {

LayeredAnswer layered(const Graph& graph, double users, const Mapped* mapped, const ClosedSolution* pf, const double* arrivalRate) {
    if (!(users >= 0.0) || !std::isfinite(users)) throw std::invalid_argument("analytic: users must be finite and >= 0");
    LayeredAnswer answer;
    stats::Results& r = answer.results;
    r = baseResults(graph);
    const bool openWorkload = arrivalRate != nullptr;
    if (openWorkload) r.arrivalRate = *arrivalRate;
    else r.users = users;
    const long long population = std::llround(users);
    Model m = buildModel(graph, users, openWorkload);
    bool outerSaturated = false;
    double outerCapacity = 0.0;
    if (mapped && pf) {
        // Where the rooms stand in the product-form answer: a first guess of which matter.
        const Occupancy q = productFormOccupancy(m, *mapped, *pf);
        for (size_t g = 0; g < m.gates.size(); ++g) m.gates[g].expected = q.mean[g];
    }
    const size_t classes = graph.classes().size();
    const size_t gates = m.gates.size();
    const size_t count = m.stations.size();

    // First guess of the issued rate (for background work inside pools): the bound.
    const Mapped full = mapStations(graph, users);
    double issued = openWorkload ? *arrivalRate
                                 : asymptoticBounds(full.closed, graph.thinkTime(), full.async).throughputBound(static_cast<double>(population));
    Layers l;
    Outer o;
    ClosedAnswer closed;
    std::vector<GateTiming> timing(gates);
    std::vector<FixedPoint> iterate(gates);
    FixedPoint xIterate, orphanIterate;
    Secant shiftIterate;
    double shift = 0.0;  // extra think time: the corrected waits' difference (two-moment correction)
    double fesIssued = -1.0;  // the throughput the pools' rates were computed at
    FixedPoint fesIterate;
    bool shiftSettled = true;
    int rateUpdates = 0, guards = 0;
    bool settled = false;
    auto operatingPoints = [&](const Loads& load) {
        for (size_t g = gates; g-- > 0;) {
            const Gate& gate = m.gates[g];
            timing[g] = GateTiming{};
            timing[g].classHold.assign(classes, 0.0);
            timing[g].classSojourn.assign(classes, 0.0);
            timing[g].slow.assign(count, 0.0);
            timing[g].work.assign(count, 0.0);
            if (gate.mode != Mode::Fes) continue;
            double queue = 0.0, waiting = 0.0, completions = 0.0;
            if (o.gateEntry[g] != kNoStation) {
                queue = closed.solution.queueLength[o.gateEntry[g]];
                waiting = closed.solution.waiting[o.gateEntry[g]];
                completions = closed.solution.completions[o.gateEntry[g]];
                if (gate.likeMmc) {
                    double attempts = 0.0;
                    for (const auto& cls : graph.classes()) attempts += cls.share * l.outer[static_cast<size_t>(cls.id)].attempts[g];
                    completions = closed.solution.throughput * attempts / gate.units;
                }
                if (o.mapped.closed[o.gateEntry[g]].capacity == 0) {
                    // Held from a birth-death at the same completion rate; the rest of the queue waits.
                    const OpenGate open = openGate(gate.rates, completions, 0, gate.tokens);
                    const double held = std::min(queue, std::max(0.0, open.meanNumber - open.waiting));
                    waiting = std::max(0.0, queue - held);
                }
            } else {
                double attempts = 0.0;
                for (const auto& cls : graph.classes()) attempts += cls.share * l.attemptsPerRequest[static_cast<size_t>(cls.id)][g];
                const double lambda = issued * attempts / gate.units;
                const OpenGate open = openGate(gate.rates, lambda, effectiveCapacity(gate), gate.tokens);
                queue = open.meanNumber;
                waiting = open.waiting;
                completions = open.completions;
                timing[g] = gateTiming(m, l, g, issued, load, queue, waiting, completions, timing);
                // The wait of an arrival that finds every token held: the
                // residual of the release process, then K - 1 releases, K on
                // the real room (the exponential-equivalent model's room is
                // for how many find it full and how many wait).
                if (open.noWait < 1.0) {
                    GateTiming& t = timing[g];
                    const SojournLaw law = sojournLaw(open, gate.rates, gate.capacity > 0 ? gate.capacity - gate.tokens : -1, gate.tokens,
                                                      t.hold, t.holdScv, t.releaseScv);
                    t.wait = (1.0 - law.p0) * law.waitMean;
                    t.sojourn = t.hold + t.wait;
                    for (size_t c = 0; c < classes; ++c) t.classSojourn[c] = t.wait + t.classHold[c];
                }
            }
            m.gates[g].queuePerUnit = queue;
            m.gates[g].completionsPerUnit = completions;
            m.gates[g].expected = queue;
            if (o.gateEntry[g] != kNoStation) timing[g] = gateTiming(m, l, g, issued, load, queue, waiting, completions, timing);
            m.gates[g].held = timing[g].held;
        }
    };
    // Outer slowdowns (seconds per second of demand, per station copy) of the current solution.
    auto outerSlowdowns = [&]() {
        std::vector<double> slow(count, 1.0);
        for (size_t k = 0; k < count && k < o.mapped.closed.size(); ++k) {
            const auto& s = o.mapped.closed[k];
            if (s.servers == 0 || s.demand <= 0) continue;
            const ClosedSolution& sol = closed.solution;
            if (s.capacity > 0) slow[k] = sol.completions[k] > 0 ? sol.queueLength[k] / (sol.completions[k] * s.demand) : 1.0;
            else slow[k] = sol.residenceTime[k] / s.demand;
            slow[k] = std::max(slow[k], 0.0);
        }
        return slow;
    };
    // Timeouts: the share of accepted attempts that take longer than their
    // caller waits, from the law of the sojourn at each component with a
    // timeout (docs/methods.md); a fixed point with everything else.
    bool anyTimeout = false;
    for (double t : m.timeout) anyTimeout = anyTimeout || t > 0;
    std::vector<FixedPoint> timeoutIterate(m.timeout.size());
    std::vector<MatchCache> matched(m.timeout.size());  // per component: the last round's matched arrival rate
    auto updateTimeouts = [&](const Loads& load) {
        double moved = 0.0;
        if (!anyTimeout) return moved;
        std::vector<double> utilization(count, 0.0);
        for (size_t k = 0; k < count; ++k)
            if (m.stations[k].servers > 0) utilization[k] = std::min(1.0, issued * (load.sync[k] + load.async[k]) / m.stations[k].servers);
        const std::vector<double> slow = outerSlowdowns();
        std::vector<std::vector<double>> times;
        for (const auto& comp : graph.components()) {
            const size_t c = static_cast<size_t>(comp.id);
            const double t = m.timeout[c];
            if (!(t > 0)) continue;
            TimeoutFigures f;
            const int gi = m.gateOf[c];
            const Gate* gate = gi >= 0 ? &m.gates[static_cast<size_t>(gi)] : nullptr;
            double attempts = 0.0;
            if (gate) for (const auto& cls : graph.classes()) attempts += cls.share * l.attemptsPerRequest[static_cast<size_t>(cls.id)][static_cast<size_t>(gi)];
            if (gate && gate->mode == Mode::Fes && !gate->rates.empty()) {
                const size_t g = static_cast<size_t>(gi);
                const long long capacity = effectiveCapacity(*gate);
                const long long room = gate->capacity > 0 ? gate->capacity - gate->tokens : -1;
                // Screen: the longest wait the room allows (room releases at the top rate), the held time's tail.
                const double top = gate->rates.back();
                const double waitBound = room >= 0 ? (room > 0 ? std::exp(logRegularizedGammaQ(static_cast<double>(room), top * 0.5 * t)) : 0.0) : 1.0;
                const GammaLaw h(timing[g].hold, timing[g].holdScv);
                if (waitBound + (1.0 - h.cdf(0.25 * t)) > 1e-12) {
                    OpenGate open;
                    if (!gate->open && o.gateEntry[g] != kNoStation) {
                        if (!(matched[c].rate > 0)) matched[c].rate = gate->completionsPerUnit / std::max(1e-3, 1.0 - gate->blocking);
                        open = matchedGateFrom(gate->rates, capacity, gate->tokens, gate->queuePerUnit, matched[c]);
                    } else {
                        open = openGate(gate->rates, issued * attempts / gate->units, capacity, gate->tokens);
                    }
                    const SojournLaw lw = sojournLaw(open, gate->rates, room, gate->tokens, timing[g].hold, timing[g].holdScv, timing[g].releaseScv);
                    f = fromLaw(lw, t);
                    if (std::getenv("HEADROOM_LAYERED_DEBUG")) std::fprintf(stderr, "  law p0 %.5f wait %.5f var %.3g hold %.5f / %.5f scv %.3f -> tau %.5f ratio %.4f\n", lw.p0, lw.waitMean, lw.waitVar, lw.holdFree, lw.holdWait, lw.holdScv, f.timedOut, f.withinRatio);
                }
            } else if (gate && gate->mode == Mode::Leaf && !gate->own.empty()) {
                // Its own station (the first copy stands for all): M/M/c with its tokens and room.
                const size_t k = gate->own.front();
                const auto& st = m.stations[k];
                double perVisit = 0.0, weight = 0.0;
                for (const auto& cls : graph.classes()) {
                    const double v = cls.share * l.attemptsPerRequest[static_cast<size_t>(cls.id)][static_cast<size_t>(gi)];
                    perVisit += v * graph.demand(gate->comp, cls.id, m.users);
                    weight += v;
                }
                perVisit = weight > 0 ? perVisit / weight : 0.0;
                const int copies = std::max(1, st.multiplicity);
                const long long perCopyTokens = gate->pooled ? gate->tokens / copies : gate->tokens;
                const int servers = static_cast<int>(std::min<long long>(st.servers, std::max(1LL, perCopyTokens)));
                const long long cap = gate->capacity > 0 ? std::max<long long>(servers, gate->pooled ? gate->capacity / copies : gate->capacity) : 0;
                if (perVisit > 0) {
                    const double background = std::clamp(issued * load.async[k] / std::max(1, st.servers), 0.0, 0.95);
                    const double service = perVisit / (1.0 - background);
                    const std::vector<double> rates = leafRates(servers, service);
                    OpenGate open;
                    const bool outer = k < o.mapped.closed.size() && o.mapped.closed[k].servers > 0 && closed.solution.queueLength.size() > k;
                    if (outer && !m.open) open = matchedGateFrom(rates, cap, servers, closed.solution.queueLength[k], matched[c]);
                    else open = openGate(rates, issued * attempts / copies, cap, servers);
                    const double scv = componentScv(graph, gate->comp);
                    f = fromLaw(sojournLaw(open, rates, cap > 0 ? cap - servers : -1, servers, service, scv, 1.0 + (scv - 1.0) / servers), t);
                }
            } else {
                // A plain visit (its work, latency and calls), as exponential.
                if (times.empty()) times = visitTimes(m, o, slow, timing, utilization, issued);
                double weight = 0.0;
                TimeoutFigures mix;
                mix.withinRatio = 0.0;
                for (const auto& cls : graph.classes()) {
                    double v = l.outer[static_cast<size_t>(cls.id)].visits[c];
                    for (size_t g = 0; g < gates; ++g)
                        if (!l.scopes[g].empty()) v += l.acceptedPerRequest[static_cast<size_t>(cls.id)][g] * l.scopes[g][static_cast<size_t>(cls.id)].visits[c];
                    const double w = cls.share * v;
                    if (!(w > 0)) continue;
                    const TimeoutFigures one = exponentialTimeout(times[c][static_cast<size_t>(cls.id)], t);
                    mix.timedOut += w * one.timedOut;
                    mix.withinRatio += w * one.withinRatio;
                    mix.excess += w * one.excess;
                    weight += w;
                }
                if (weight > 0) {
                    f.timedOut = mix.timedOut / weight;
                    f.withinRatio = mix.withinRatio / weight;
                    f.excess = mix.excess / weight;
                }
            }
            const double next = std::clamp(timeoutIterate[c].next(m.timedOut[c], f.timedOut - m.timedOut[c]), 0.0, 1.0);
            moved = std::max(moved, std::fabs(f.timedOut - m.timedOut[c]));
            m.timedOut[c] = next;
            m.withinRatio[c] = f.withinRatio;
            m.excess[c] = f.excess;
        }
        return moved;
    };
    // Requests the users gave up on keep their place where they are (the
    // callee keeps working): in the outer network, extra customers, as many
    // as the users' attempts there per second x E[(S - timeout)^+].
    auto orphans = [&]() {
        if (!anyTimeout) return 0.0;
        double n = 0.0;
        for (const auto& cls : graph.classes()) {
            const ScopeWalk& w = l.outer[static_cast<size_t>(cls.id)];
            double per = 0.0;
            for (const auto& comp : graph.components()) {
                const size_t c = static_cast<size_t>(comp.id);
                if (!(m.excess[c] > 0)) continue;
                const int gi = m.gateOf[c];
                if (gi >= 0 && m.gates[static_cast<size_t>(gi)].mode == Mode::Fes) per += w.accepted[static_cast<size_t>(gi)] * m.excess[c];
                else per += w.visits[c] * m.excess[c];
            }
            n += cls.share * per;
        }
        return issued * n;
    };
    double extraPopulation = 0.0;
    // The outer network at a population with a fraction (orphans): between the two whole ones around it.
    auto solveOuterAt = [&](double people) {
        const double whole = std::floor(people);
        const double fraction = people - whole;
        const long long n = static_cast<long long>(whole);
        if (fraction < 1e-9 || n >= 100000) return solveOuter(graph, o, std::llround(people), shift, nullptr);
        ClosedAnswer a = solveOuter(graph, o, n, shift, nullptr);
        const ClosedAnswer b = solveOuter(graph, o, n + 1, shift, nullptr);
        a.solution = blend(a.solution, b.solution, fraction);
        a.approximated = a.approximated || b.approximated;
        a.converged = a.converged && b.converged;
        return a;
    };
    // How far the rates are from those at the current throughput: the demands
    // inflated by background work u change by (dX / X) u / (1 - u).
    auto rateGap = [&]() {
        const double u = std::min(m.background, 0.95);
        return std::fabs(issued - fesIssued) / std::max(issued, 1e-300) * u / (1.0 - u);
    };
    int rounds = 0;
    for (int round = 0; round < kLossRounds; ++round) {
        rounds = round + 1;
        walkAll(m, l);
        const Loads load = loads(m, l);
        // The pools' rates depend on the throughput through the work of
        // others on the same cores (background): a fixed point of its own,
        // safeguarded like the others; a new set of rates restarts the shift's
        // bracket (its residual is another function then).
        bool background = false;
        for (size_t k = 0; k < load.async.size(); ++k) background = background || load.async[k] > 0;
        for (const auto& g : m.gates) background = background || (g.mode == Mode::Fes && g.units > 1);
        if (fesIssued < 0) {
            flowEquivalents(m, l, issued, load);
            fesIssued = issued;
        } else if (background && rateUpdates < kRateUpdates &&
                   (shiftSettled || round == kLossRounds / 2 || std::fabs(issued - fesIssued) > 1e-2 * std::max(issued, 1e-300)) &&
                   rateGap() > kRateTolerance) {
            // Only once the shift has settled for these rates (nested fixed
            // points). If that takes too long, or the updates run out, the
            // rates are taken at the larger throughput (more background work:
            // slower, never past a shared station's capacity) and kept.
            const bool last = rateUpdates + 1 == kRateUpdates || round >= kLossRounds / 2;
            fesIssued = last ? std::max(fesIssued, issued) : std::max(0.0, fesIterate.next(fesIssued, issued - fesIssued));
            flowEquivalents(m, l, fesIssued, load);
            shiftIterate = Secant{};
            rateUpdates = last ? kRateUpdates : rateUpdates + 1;
        }
        o = buildOuter(m, l, load);
        const double previous = issued;
        if (openWorkload) {
            // Past what a pool without a waiting room completes, its queue grows
            // without bound: as for the outer stations, the figures at 99.9% of it.
            double limit = std::numeric_limits<double>::infinity();
            for (size_t g = 0; g < gates; ++g) {
                const Gate& gate = m.gates[g];
                if (gate.mode != Mode::Fes || gate.rates.empty() || gate.capacity > 0) continue;
                double attempts = 0.0;
                for (const auto& cls : graph.classes()) attempts += cls.share * l.attemptsPerRequest[static_cast<size_t>(cls.id)][g];
                if (attempts > 0) limit = std::min(limit, gate.rates.back() * gate.units / attempts);
            }
            const double offered = *arrivalRate < limit ? *arrivalRate : 0.999 * limit;
            closed = openOuter(graph, o, load, offered, users, &outerSaturated, &outerCapacity);
            if (offered < *arrivalRate) {
                outerSaturated = true;
                outerCapacity = std::min(outerCapacity, limit);
            }
            issued = closed.solution.throughput;  // at most 99.9% of what the outer stations take
        } else {
            closed = extraPopulation > 0 ? solveOuterAt(static_cast<double>(population) + extraPopulation)
                                         : solveOuter(graph, o, population, shift, nullptr);
            issued = closed.solution.throughput;
        }
        double change = std::fabs(issued - previous) / std::max(issued, 1e-300);
        // Gates solved open (many copies) follow from the throughput alone:
        // one safeguarded scalar iteration on X instead of one per figure.
        bool anyOpen = false;
        for (const auto& g : m.gates) anyOpen = anyOpen || (g.mode == Mode::Fes && g.open);
        if (anyOpen && round > 0 && !openWorkload) issued = std::max(0.0, xIterate.next(previous, issued - previous));
        // Loss probabilities. How a gate's blocking responds to its own
        // blocking (retried attempts add load) is that of an open birth-death
        // at its arrival rate: for open gates exactly what they are, for the
        // others a local model, calibrated by an offset to the closed
        // solution's blocking at the current point. The fixed point of the
        // model (cheap: walks and birth-deaths) is the next blocking; at the
        // joint fixed point the offset makes it the closed one's.
        const std::vector<double> closedBlocking = blockings(m, l, o, closed.solution, issued);
        {
            std::vector<double> offset(gates, 0.0);
            const std::vector<double> model = proxyBlockings(m, l, issued);
            for (size_t g = 0; g < gates; ++g) {
                Gate& gate = m.gates[g];
                if (!lossy(gate)) continue;
                change = std::max(change, std::fabs(closedBlocking[g] - gate.blocking));
                if (std::getenv("HEADROOM_LAYERED_DEBUG")) std::fprintf(stderr, "  blocking %zu %.8g -> %.8g\n", g, gate.blocking, closedBlocking[g]);
                if (gate.mode == Mode::Fes && !gate.open && o.gateEntry[g] != kNoStation) offset[g] = closedBlocking[g] - model[g];
                else if (gate.mode != Mode::Fes || !gate.open) gate.blocking = std::clamp(iterate[g].next(gate.blocking, closedBlocking[g] - gate.blocking), 0.0, 1.0);
            }
            // The walks stay as they are inside the loop: only each gate's own
            // attempts follow its trial blocking (proxyBlockings scales them).
            std::vector<FixedPoint> inner(gates);
            std::vector<double> trial(gates, 0.0);
            for (size_t g = 0; g < gates; ++g) trial[g] = m.gates[g].blocking;
            bool moved = false;
            std::vector<std::vector<double>> logCum(gates);  // the gates' rates hold through this loop
            for (size_t g = 0; g < gates; ++g)
                if (lossy(m.gates[g]) && m.gates[g].mode == Mode::Fes) logCum[g] = logCumulative(m.gates[g].rates);
            for (int it = 0; it < 60; ++it) {
                const std::vector<double> b = proxyBlockings(m, l, issued, &trial, &logCum);
                double worst = 0.0;
                for (size_t g = 0; g < gates; ++g) {
                    const Gate& gate = m.gates[g];
                    if (!lossy(gate) || gate.mode != Mode::Fes || !(gate.open || o.gateEntry[g] != kNoStation)) continue;
                    const double residual = std::clamp(b[g] + offset[g], 0.0, 1.0) - trial[g];
                    worst = std::max(worst, std::fabs(residual));
                    trial[g] = std::clamp(inner[g].next(trial[g], residual), 0.0, 1.0);
                    moved = true;
                }
                if (worst < 1e-10) break;
            }
            if (moved) {
                for (size_t g = 0; g < gates; ++g)
                    if (lossy(m.gates[g]) && m.gates[g].mode == Mode::Fes && (m.gates[g].open || o.gateEntry[g] != kNoStation)) m.gates[g].blocking = trial[g];
                walkAll(m, l);
            }
        }
        // Held-time variability at the top-level gates: scale, and the waits' difference as think time.
        operatingPoints(load);
        double target = 0.0, cycle = graph.thinkTime();
        for (size_t g = 0; g < gates; ++g) {
            Gate& gate = m.gates[g];
            if (gate.mode != Mode::Fes) continue;
            if (gate.open) {
                // Its scale and its delay in the outer network (real sojourn, a fixed point with X).
                gate.scale = std::clamp(2.0 / (1.0 + timing[g].releaseScv), 0.1, 10.0);
                change = std::max(change, std::fabs(timing[g].sojourn - gate.delay) / std::max(timing[g].sojourn, 1e-300));
                gate.delay = timing[g].sojourn;
                continue;
            }
            if (o.gateEntry[g] == kNoStation) continue;
            const double scale = std::clamp(2.0 / (1.0 + timing[g].releaseScv), 0.1, 10.0);
            change = std::max(change, std::fabs(scale - gate.scale) / scale);
            if (std::getenv("HEADROOM_LAYERED_DEBUG")) std::fprintf(stderr, "  scale %zu %.8g -> %.8g\n", g, gate.scale, scale);
            gate.scale = scale;
            double accepted = 0.0;
            for (const auto& cls : graph.classes()) accepted += cls.share * l.outer[static_cast<size_t>(cls.id)].accepted[g];
            target += accepted * (1.0 / gate.scale - 1.0) * timing[g].waitEq;
            cycle += accepted * timing[g].sojourn;
        }
        if (anyTimeout) {
            change = std::max(change, updateTimeouts(load));
            const double n = openWorkload ? 0.0 : orphans();
            change = std::max(change, std::fabs(n - extraPopulation) / std::max(1.0, static_cast<double>(population)));
            extraPopulation = std::max(0.0, orphanIterate.next(extraPopulation, n - extraPopulation));
        }
        const double residual = target - shift;
        change = std::max(change, std::fabs(residual) / std::max(cycle, 1e-300));
        shiftSettled = std::fabs(residual) <= 1e-4 * std::max(cycle, 1e-300);
        if (background && fesIssued >= 0 && rateUpdates < kRateUpdates) {
            const double gap = rateGap();
            if (gap > kRateTolerance) change = std::max(change, gap);
        }
        if (std::getenv("HEADROOM_LAYERED_DEBUG")) std::fprintf(stderr, "round %d X %.6g shift %.6g target %.6g change %.3g\n", round, issued, shift, target, change);
        if (round > 0 && change < 1e-6) {
            // Work done by holders on cores others use (background) was taken at
            // the throughput the rates were computed at; if the final one puts
            // such a station past its capacity, recompute them at a throughput
            // that much higher (a few times at most) and go on.
            double worst = 0.0;
            if (background) {
                const Loads now = loads(m, l);
                for (size_t k = 0; k < count; ++k)  // stations users wait at (async alone may lag behind)
                    if (m.stations[k].servers > 0 && now.sync[k] > 0) worst = std::max(worst, issued * (now.sync[k] + now.async[k]) / m.stations[k].servers);
            }
            if (worst > 1.0 + 1e-9 && guards < 3 && !openWorkload) {
                ++guards;
                fesIssued = std::max(fesIssued, issued) * (1.0 + 2.0 * (worst - 1.0));
                flowEquivalents(m, l, fesIssued, load);
                rateUpdates = kRateUpdates;
                shiftIterate = Secant{};
                continue;
            }
            settled = true;
            break;  // the solution used this shift: keep it
        }
        shift = shiftIterate.next(shift, residual);
    }
    if (!settled) r.notes.push_back("analytic loss probabilities did not settle in " + std::to_string(kLossRounds) + " rounds: figures are the last round's");
    if (std::getenv("HEADROOM_LAYERED_DEBUG")) std::fprintf(stderr, "rounds %d settled %d\n", rounds, settled ? 1 : 0);
    walkAll(m, l);
    std::vector<std::vector<double>> exec;
    const Loads load = loads(m, l, &exec);
    operatingPoints(load);
    const ClosedSolution& sol = closed.solution;
    {
        // The corrected waits went into the think time; if it could not absorb
        // a negative difference (think + shift < 0), scale the corrections so
        // that N = X (Z + R) still holds.
        double target = 0.0;
        std::vector<double> accepted(gates, 0.0);
        for (size_t g = 0; g < gates; ++g) {
            if (m.gates[g].mode != Mode::Fes || o.gateEntry[g] == kNoStation) continue;
            for (const auto& cls : graph.classes()) accepted[g] += cls.share * l.outer[static_cast<size_t>(cls.id)].accepted[g];
            target += accepted[g] * (1.0 / m.gates[g].scale - 1.0) * timing[g].waitEq;
        }
        const double applied = std::max(0.0, graph.thinkTime() + shift) - graph.thinkTime();
        const double theta = target != 0.0 ? std::clamp(applied / target, 0.0, 1.0) : 1.0;
        for (size_t g = 0; g < gates; ++g) {
            if (m.gates[g].mode != Mode::Fes || o.gateEntry[g] == kNoStation) continue;
            GateTiming& t = timing[g];
            t.wait = t.waitEq * (1.0 + theta * (1.0 / m.gates[g].scale - 1.0));
            t.sojourn = t.hold + t.wait;
            for (size_t c = 0; c < classes; ++c) t.classSojourn[c] = t.wait + t.classHold[c];
        }
    }

    // --- Outer slowdowns: seconds per second of demand, per station copy.
    std::vector<double> outerSlow(count, 1.0);
    for (size_t k = 0; k < count; ++k) {
        const auto& s = o.mapped.closed[k];
        if (s.servers == 0 || s.demand <= 0) continue;
        if (s.capacity > 0) outerSlow[k] = sol.completions[k] > 0 ? sol.queueLength[k] / (sol.completions[k] * s.demand) : 1.0;
        else outerSlow[k] = sol.residenceTime[k] / s.demand;
        outerSlow[k] = std::max(outerSlow[k], 0.0);
    }
    // Wait variability at each gate (percentiles only): an arrival finding n >= tokens
    // present waits for n - tokens + 1 releases; n from an open birth-death at its load.
    for (size_t g = 0; g < gates; ++g) {
        const Gate& gate = m.gates[g];
        if (gate.mode != Mode::Fes) continue;
        double attempts = 0.0;
        for (const auto& cls : graph.classes()) attempts += cls.share * l.attemptsPerRequest[static_cast<size_t>(cls.id)][g];
        const OpenGate open = openGate(gate.rates, issued * attempts / gate.units, gate.capacity, gate.tokens);
        // W = Erlang(k, mu): E[W] = E[k] / mu, E[W^2] = E[k (k + 1)] / mu^2.
        const double m1 = open.releases, m2 = open.releasesSecond;
        timing[g].waitScv = m1 > 1e-9 ? std::clamp(m2 / (m1 * m1) - 1.0, 0.0, 100.0) : 1.0;
    }
    // The pool check's figure, as the simulator counts it: arrivals that
    // wait for a token, per arrival (those turned away included). A gate in
    // the outer closed network: the birth-death with its mean present (what
    // an arrival sees there); nested or many copies: open at its rate.
    std::vector<double> poolWait(gates, -1.0);
    for (size_t g = 0; g < gates; ++g) {
        const Gate& gate = m.gates[g];
        const auto& comp = graph.component(gate.comp);
        if (gate.mode != Mode::Fes || gate.rates.empty() || !(comp.threads || comp.connections)) continue;
        const long long capacity = effectiveCapacity(gate);
        double attempts = 0.0;
        for (const auto& cls : graph.classes()) attempts += cls.share * l.attemptsPerRequest[static_cast<size_t>(cls.id)][g];
        const double rate = issued * attempts / gate.units;
        const OpenGate open = !gate.open && o.gateEntry[g] != kNoStation ? matchedGate(gate.rates, capacity, gate.tokens, gate.queuePerUnit, rate)
                                                                          : openGate(gate.rates, rate, capacity, gate.tokens);
        poolWait[g] = std::clamp((1.0 - gate.blocking) * (1.0 - open.noWait), 0.0, 1.0);
    }

    // --- Per class: completed requests' response times.
    const auto outerDone = graph.stations(users, table(l.outer, true));
    double completedShare = 0.0, meanResponse = 0.0, fixedPart = 0.0, variance = 0.0;
    answer.classResponse.assign(classes, 0.0);
    for (const auto& cls : graph.classes()) {
        const size_t c = static_cast<size_t>(cls.id);
        const double success = l.outer[c].success;
        double rc = l.outer[c].backoffDone, fixed = l.outer[c].backoffDone, var = 0.0;
        for (size_t k = 0; k < count; ++k) {
            const auto& s = outerDone[k];
            if (s.demand[c] <= 0) continue;
            double part = s.multiplicity * s.demand[c] * (s.servers == 0 ? 1.0 : outerSlow[k]);
            if (s.component >= 0) part *= m.withinRatio[static_cast<size_t>(s.component)];  // answered within its callers' timeout
            rc += part;
            if (s.servers == 0) fixed += part;
            else var += part * part / std::max(1, s.multiplicity);
        }
        for (size_t g = 0; g < gates; ++g) {
            const double visits = l.outer[c].doneGate[g];
            if (visits <= 0 || m.gates[g].mode != Mode::Fes) continue;
            const GateTiming& t = timing[g];
            rc += visits * t.classSojourn[c] * m.withinRatio[static_cast<size_t>(m.gates[g].comp)];
            var += visits * (std::min(t.waitScv, 100.0) * t.wait * t.wait + std::min(t.holdScv, 100.0) * t.classHold[c] * t.classHold[c]);
        }
        answer.classResponse[c] = rc;
        completedShare += cls.share * success;
        meanResponse += cls.share * success * rc;
        fixedPart += cls.share * success * fixed;
        variance += cls.share * success * var;
    }
    const double completedThroughput = issued * completedShare;
    r.throughput = completedThroughput;
    r.errorRate = std::clamp(1.0 - completedShare, 0.0, 1.0);
    const double mean = completedShare > 0 ? meanResponse / completedShare : 0.0;
    const double fixedMean = completedShare > 0 ? fixedPart / completedShare : 0.0;
    const double variable = std::max(0.0, mean - fixedMean);
    const double scv = variable > 0 ? (variance / std::max(completedShare, 1e-300)) / (variable * variable) : 0.0;
    if (std::getenv("HEADROOM_LAYERED_DEBUG")) std::fprintf(stderr, "percentiles: mean %.6g fixed %.6g scv %.6g variance %.6g\n", mean, fixedMean, scv, variance);
    r.responseTime.mean = mean;
    r.responseTime.p50 = gammaFitQuantile(mean, fixedMean, scv, 0.50);
    r.responseTime.p95 = gammaFitQuantile(mean, fixedMean, scv, 0.95);
    r.responseTime.p99 = gammaFitQuantile(mean, fixedMean, scv, 0.99);
    r.responseTime.percentilesApproximate = true;

    // --- Stations: utilisation of every copy from the work actually done.
    std::vector<double> utilization(count, 0.0);
    double busiest = 0.0;
    for (size_t k = 0; k < count; ++k) {
        const auto& s = m.stations[k];
        if (s.servers == 0) continue;
        utilization[k] = std::min(1.0, issued * (load.sync[k] + load.async[k]) / s.servers);
        busiest = std::max(busiest, utilization[k]);
    }
    bool poolFull = false;
    for (const auto& g : m.gates)
        if (g.mode == Mode::Fes && !g.rates.empty() && g.completionsPerUnit >= 0.98 * g.rates.back() && g.held >= 0.98 * g.tokens) poolFull = true;
    r.saturated = busiest >= 0.99 || poolFull;
    fillHosts(graph, m.stations, utilization, r);

    // --- Components: visits done, utilisation, time per visit.
    const auto& comps = graph.components();
    const std::vector<std::vector<double>> perVisit = visitTimes(m, o, outerSlow, timing, utilization, issued);
    auto visitTime = [&](int c, size_t cls, int) { return perVisit[static_cast<size_t>(c)][cls]; };
    for (const auto& comp : comps) {
        stats::ComponentResult cr;
        cr.name = comp.name;
        double syncRate = 0.0, allRate = 0.0, busy = 0.0, timeSum = 0.0, timeWeight = 0.0;
        for (const auto& cls : graph.classes()) {
            const size_t c = static_cast<size_t>(cls.id);
            const double v = exec[c][static_cast<size_t>(comp.id)];
            const double a = graph.asyncVisits(cls.id, comp.id) * l.outer[c].success;
            syncRate += issued * cls.share * v;
            allRate += issued * cls.share * (v + a);
            busy += issued * cls.share * (v + a) * graph.demand(comp.id, cls.id, users);
            const double w = cls.share * (v > 0 ? v : a);
            timeSum += w * visitTime(comp.id, c, 0);
            timeWeight += w;
        }
        setComponentFigures(graph, comp, syncRate, allRate, busy, timeWeight > 0 ? timeSum / timeWeight : 0.0, cr);
        if (const int g = m.gateOf[static_cast<size_t>(comp.id)]; g >= 0 && poolWait[static_cast<size_t>(g)] >= 0.0) {
            const Gate& gate = m.gates[static_cast<size_t>(g)];
            cr.poolWaitFraction = poolWait[static_cast<size_t>(g)];
            cr.poolBusy = std::min(gate.held, static_cast<double>(gate.tokens)) * gate.units;
        }
        r.components.push_back(std::move(cr));
    }

    if (std::getenv("HEADROOM_LAYERED_DEBUG")) {
        for (size_t k = 0; k < count; ++k) {
            const auto& st = m.stations[k];
            if (st.servers == 0) continue;
            std::fprintf(stderr, "station %s u %.4f (sync %.4g async %.4g per request)\n", st.name.c_str(), issued * (load.sync[k] + load.async[k]) / st.servers, load.sync[k], load.async[k]);
        }
        for (size_t g = 0; g < gates; ++g) {
            const auto& gt = timing[g];
            std::fprintf(stderr, "gate %s mode %d tokens %lld cap %lld units %d scale %.4f blocking %.4f queue %.4f comp %.4f held %.4f hold %.5f waitEq %.5f wait %.5f soj %.5f holdScv %.3f releaseScv %.3f shift %.5f\n",
                         graph.component(m.gates[g].comp).name.c_str(), static_cast<int>(m.gates[g].mode), m.gates[g].tokens, m.gates[g].capacity,
                         m.gates[g].units, m.gates[g].scale, m.gates[g].blocking, m.gates[g].queuePerUnit, m.gates[g].completionsPerUnit,
                         gt.held, gt.hold, gt.waitEq, gt.wait, gt.sojourn, gt.holdScv, gt.releaseScv, shift);
        }
    }
    // --- Notes.
    r.notes.push_back("analytic figure is an approximation: pools solved as flow-equivalent servers of what their holders do"
                      " (docs/methods.md, \"Pools, full queues and timeouts\")");
    if (closed.approximated) {
        r.notes.push_back("analytic figure is an approximation: work behind a queue, load balancing other than random, or "
                          "non-exponential FCFS service (corrections iterated to a fixed point)");
    }
    if (r.errorRate > 0.0005) {
        r.notes.push_back("requests turned away by full waiting rooms or timed out: " + format(100.0 * r.errorRate) + "% of those issued");
    }
    if (openWorkload && outerSaturated) {
        r.saturated = true;
        r.notes.push_back("saturated: the arrival rate " + format(*arrivalRate) + "/s exceeds what the system takes (" +
                          format(outerCapacity) + "/s); queues grow without bound, figures shown at 99.9% of it");
    }
    return answer;
}

}  // namespace

}  // namespace headroom::analytic
