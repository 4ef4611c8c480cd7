#include "analytic/solver.h"

#include "analytic/balancing.h"
#include "analytic/layered.h"
#include "analytic/solver_detail.h"
#include "analytic/cross_check.h"
#include "analytic/queueing_formulas.h"
#include "analytic/gamma_fit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>

namespace headroom::analytic {

namespace detail {

using graph::Graph;
using graph::Station;

double scvOf(const spec::Distribution& d) {
    switch (d.kind) {
    case spec::DistributionKind::Exponential: return 1.0;
    case spec::DistributionKind::Deterministic: return 0.0;
    case spec::DistributionKind::Erlang: return 1.0 / std::max(1, d.k);
    default: return d.cv * d.cv;
    }
}

// Share-weighted demand of one user request (the mix is one chain).
double mixed(const Graph& graph, const std::vector<double>& perClass) {
    double total = 0.0;
    for (const auto& cls : graph.classes()) total += cls.share * perClass.at(static_cast<size_t>(cls.id));
    return total;
}

// Components whose CPU work lands on station `s`.
std::vector<int> componentsOn(const Graph& graph, const Station& s) {
    if (s.component >= 0) return {s.component};
    if (s.host >= 0) return graph.host(s.host).components;
    return {};
}

// Squared coefficient of variation of one visit's service time at a station:
// a mixture over the components and classes it serves.
double stationScv(const Graph& graph, const Station& s, double users) {
    double visits = 0.0, first = 0.0, second = 0.0;
    for (int c : componentsOn(graph, s)) {
        const auto& comp = graph.component(c);
        const double scv = scvOf(comp.distribution);
        for (const auto& cls : graph.classes()) {
            const double v = cls.share * (graph.visits(cls.id, c) + graph.asyncVisits(cls.id, c));
            const double d = graph.demand(c, cls.id, users);
            visits += v;
            first += v * d;
            second += v * (1.0 + scv) * d * d;
        }
    }
    if (visits <= 0.0 || first <= 0.0) return 1.0;
    const double mean = first / visits;
    return std::max(0.0, second / visits / (mean * mean) - 1.0);
}

Mapped mapStations(const Graph& graph, double users) { return mapStations(graph, users, graph.stations(users)); }

Mapped mapStations(const Graph& graph, double users, std::vector<Station> stations) {
    Mapped m;
    m.stations = std::move(stations);
    for (const auto& s : m.stations) {
        m.closed.push_back({s.servers, s.multiplicity, mixed(graph, s.demand)});
        m.async.push_back(mixed(graph, s.asyncDemand));
        m.balancing.push_back(stationBalancing(graph, s));
        double factor = 1.0;
        if (s.servers > 0) {
            const double arrivals = m.balancing.back() == Balancing::RoundRobin ? 1.0 / s.multiplicity : 1.0;
            const double service = s.discipline == spec::Discipline::Fcfs ? stationScv(graph, s, users) : 1.0;
            factor = 0.5 * (arrivals + service);
            if (std::fabs(factor - 1.0) < 1e-12) factor = 1.0;
        }
        m.waitFactor.push_back(factor);
    }
    return m;
}

// The closed network at `users`, corrected where it is not product-form, per
// station of `m` (per copy). Three approximations, each a no-op on a
// product-form model (docs/methods.md, "Analytic solver"):
//  - copies behind least_connections / power_of_two are one pooled station;
//  - work behind a queue takes cores from the response path: D' = D / (1 - U_async);
//  - non-exponential FCFS service and round-robin arrivals scale a station's
//    waiting time by f = (ca^2 + cs^2) / 2 (Allen-Cunneen). The difference
//    (f - 1) W is carried as extra (or less) think time, so N = X (Z + R)
//    still holds and the throughput feels it; at a saturated station it
//    cancels out, as it must (the population, not the variability, sets the
//    queue there).
// The last two depend on the solution, so they are iterated to a fixed
// point; the rounds reuse the first round's tilt (ClosedNetwork warm start).
ClosedAnswer solveClosed(const Graph& graph, const Mapped& m, long long population, double extraDelay,
                         const ClosedSolution* previous) {
    const size_t count = m.closed.size();  // m.async, m.balancing, m.waitFactor are as long
    // The stations as solved: pooled groups become one station of all their cores.
    std::vector<ClosedStation> base = m.closed;
    std::vector<double> async = m.async;
    std::vector<double> pool(count, 1.0);
    for (size_t k = 0; k < count; ++k) {
        if (k >= m.balancing.size() || m.balancing[k] != Balancing::Pooled || base[k].servers == 0 || !base[k].rates.empty()) continue;
        pool[k] = base[k].multiplicity;
        base[k] = ClosedStation(base[k].servers * base[k].multiplicity, 1, base[k].demand * base[k].multiplicity, {},
                                base[k].capacity * base[k].multiplicity);
        async[k] *= pool[k];
    }
    bool coupled = false, waits = false;
    for (size_t k = 0; k < count; ++k) {
        coupled = coupled || (async[k] > 0 && base[k].demand > 0 && base[k].servers > 0);
        waits = waits || (m.waitFactor[k] != 1.0 && base[k].demand > 0);
    }
    // Extra think time (a correction from outside, may be negative): the users' delay, never below 0.
    const double think = std::max(0.0, graph.thinkTime() + extraDelay);
    ClosedAnswer answer;
    std::vector<double> extra(count, 0.0);  // (f - 1) W per copy of the solved station
    if (!coupled && !waits) {
        answer.solution = ClosedNetwork(base, think).solve(population, previous);
    } else {
        answer.approximated = true;
        // First guess from the bounds (no solve): X at its asymptotic bound,
        // open-station waits there; only to place the first round well.
        const AsymptoticBounds b = asymptoticBounds(base, think, async);
        double x = b.throughputBound(static_cast<double>(population));
        std::vector<ClosedStation> stations = base;
        // The async share u of the cores is at most A / (D + A): there the
        // station is full (X (D + A) = c) and D' = D + A, so the response path
        // can never push it past its capacity, however large A is against D.
        auto inflate = [&](double throughput) {
            for (size_t k = 0; k < count; ++k) {
                if (async[k] <= 0 || base[k].servers == 0 || base[k].demand <= 0) continue;
                const double u = throughput * async[k] / base[k].servers;
                const double full = async[k] / (base[k].demand + async[k]);
                stations[k].demand = u < full ? base[k].demand / (1.0 - u) : base[k].demand + async[k];
            }
        };
        inflate(x);
        double shift = 0.0;  // sum of (f - 1) W over all copies: added to the think time
        for (size_t k = 0; k < count; ++k) {
            const auto& s = stations[k];
            if (m.waitFactor[k] == 1.0 || s.servers == 0 || s.demand <= 0) continue;
            const double load = std::min(0.95 * s.servers, x * s.demand);
            shift += (m.waitFactor[k] - 1.0) * s.multiplicity * (mmc(load / s.demand, s.demand, s.servers).meanResponse - s.demand);
        }
        ClosedSolution sol;
        const ClosedSolution* warm = previous;
        // Two fixed points, each of a monotone map: the async load X = F(X)
        // (more throughput, more async work, a slower response path) and the
        // think-time shift = T(shift) (more think time, shorter waits). Each
        // is a safeguarded scalar iteration (FixedPoint below).
        FixedPoint xIterate, shiftIterate;
        answer.converged = false;
        for (int round = 0; round < kRounds; ++round) {
            const double delay = std::max(0.0, think + shift);
            const double reserve = shift < 0 ? std::min(delay, -shift) : 0.0;
            ClosedSolution next = ClosedNetwork(stations, delay).solve(population, warm, reserve);
            // The corrections this solution implies.
            double target = 0.0;
            for (size_t k = 0; k < count; ++k) {
                const auto& s = stations[k];
                extra[k] = 0.0;
                if (m.waitFactor[k] == 1.0 || s.servers == 0 || s.demand <= 0) continue;
                extra[k] = (m.waitFactor[k] - 1.0) * std::max(0.0, next.residenceTime[k] - s.demand);
                target += s.multiplicity * extra[k];
            }
            const double xNew = next.throughput;
            // Settled when the solve reproduces its own inputs: the throughput
            // the async load was taken at, and the delay it was solved with
            // (a shift below -Z is a delay of 0 whatever its value).
            const double cycle = delay + next.responseTime;
            const bool done = (!coupled || std::fabs(xNew - x) <= 1e-9 * xNew) &&
                              std::fabs(std::max(0.0, think + target) - delay) <= 1e-9 * std::max(cycle, 1e-300);
            sol = std::move(next);
            warm = &sol;
            if (done) {
                x = xNew;
                answer.converged = true;
                break;
            }
            x = coupled ? xIterate.next(x, xNew - x) : xNew;
            shift = shiftIterate.next(shift, target - shift);
            inflate(x);
        }
        // Report the corrected residences; if the think time could not absorb a
        // negative shift (Z + shift < 0), scale the corrections so that
        // N = X (Z + R) still holds.
        double total = 0.0;
        for (size_t k = 0; k < count; ++k) total += stations[k].multiplicity * extra[k];
        const double applied = std::max(0.0, think + shift) - think;
        const double scale = total != 0.0 ? std::clamp(applied / total, 0.0, 1.0) : 0.0;
        double response = 0.0;
        for (size_t k = 0; k < count; ++k) {
            sol.residenceTime[k] += scale * extra[k];
            sol.queueLength[k] = sol.throughput * sol.residenceTime[k];
            response += stations[k].multiplicity * sol.residenceTime[k];
        }
        sol.responseTime = response;
        answer.solution = std::move(sol);
    }
    // Back to copies: a pooled station's queue and residence are shared by its copies.
    auto& sol = answer.solution;
    for (size_t k = 0; k < count; ++k) {
        if (pool[k] == 1.0) continue;
        sol.queueLength[k] /= pool[k];
        sol.residenceTime[k] /= pool[k];
    }
    if (!previous) sol.tilt.reset();  // a caller that warm-starts keeps it for the next round
    return answer;
}

std::string format(double v) {
    std::ostringstream out;
    out.precision(4);
    out << v;
    return out.str();
}

// Hosts: busy cores / cores averaged over the copies that run on them,
// database replicas and shards included (as the DES counts them: every
// copy is an instance of the component's host).
void fillHosts(const Graph& graph, const std::vector<graph::Station>& stations, const std::vector<double>& utilization,
               stats::Results& r) {
    for (const auto& h : graph.hosts()) {
        double weighted = 0.0, copies = 0.0;
        for (size_t k = 0; k < stations.size(); ++k) {
            const auto& s = stations[k];
            const int host = s.host >= 0 ? s.host : (s.component >= 0 ? graph.component(s.component).host : -1);
            if (host != h.id || s.servers == 0) continue;
            weighted += s.multiplicity * utilization[k];
            copies += s.multiplicity;
        }
        r.hosts.push_back({h.name, copies > 0 ? weighted / copies : 0.0, std::nullopt, std::nullopt});
    }
}

void setComponentFigures(const Graph& graph, const graph::Component& comp, double syncRate, double allRate, double busy,
                         double responseTime, stats::ComponentResult& cr) {
    const auto& host = graph.host(comp.host);
    double cores = static_cast<double>(host.cores) * host.instances;
    if (comp.kind == spec::ComponentKind::Database && (comp.replicas > 0 || comp.shards > 1)) {
        cores = static_cast<double>(host.cores) * comp.shards * (comp.replicas + 1);
    }
    cr.throughput = allRate;
    cr.utilization = std::min(1.0, cores > 0 ? busy / cores : 0.0);
    cr.responseTime = responseTime;
    cr.queueLength = (syncRate > 0 ? syncRate : allRate) * cr.responseTime;
    if (comp.kind == spec::ComponentKind::Cache || comp.kind == spec::ComponentKind::Cdn) cr.hitRatio = comp.hitRatio;
}

// Fills everything derivable from per-station figures: hosts, components,
// percentiles. `residence`/`utilization` are per copy, indexed like `m.stations`.
void fillResults(const Graph& graph, double users, const Mapped& m, double throughput,
                 const std::vector<double>& residence, const std::vector<double>& utilization,
                 stats::Results& r) {
    const size_t count = m.stations.size();
    // Response-time percentiles: fixed delays + gamma fit of the queueing part.
    double mean = 0.0, fixed = 0.0, variance = 0.0;
    for (size_t k = 0; k < count; ++k) {
        const double t = m.closed[k].multiplicity * residence[k];
        mean += t;
        if (m.closed[k].servers == 0) fixed += t;
        else variance += t * t;
    }
    r.responseTime.mean = mean;
    const double variable = mean - fixed;
    const double scv = variable > 0 ? variance / (variable * variable) : 0.0;
    r.responseTime.p50 = gammaFitQuantile(mean, fixed, scv, 0.50);
    r.responseTime.p95 = gammaFitQuantile(mean, fixed, scv, 0.95);
    r.responseTime.p99 = gammaFitQuantile(mean, fixed, scv, 0.99);
    r.responseTime.percentilesApproximate = true;

    fillHosts(graph, m.stations, utilization, r);

    // Slowdown (residence / demand) of each station, then per component.
    std::vector<double> stretch(count, 1.0);
    for (size_t k = 0; k < count; ++k) {
        if (m.closed[k].servers == 0) continue;
        if (m.closed[k].demand > 0) stretch[k] = residence[k] / m.closed[k].demand;
        else stretch[k] = 1.0 / std::max(1e-3, 1.0 - utilization[k]);
    }
    const auto& comps = graph.components();
    const size_t classes = graph.classes().size();
    // Each component's slowdown: the stations it runs on, weighted by their
    // work (one pass over the stations: a per-component scan of every station
    // was quadratic on long chains).
    std::vector<double> compStretch(comps.size(), 1.0);
    {
        std::vector<double> weight(comps.size(), 0.0), sum(comps.size(), 0.0);
        for (size_t k = 0; k < count; ++k) {
            if (m.stations[k].servers == 0) continue;
            const double w = m.closed[k].multiplicity * (m.closed[k].demand + m.async[k]) + 1e-300;
            for (int c : componentsOn(graph, m.stations[k])) {
                weight[static_cast<size_t>(c)] += w;
                sum[static_cast<size_t>(c)] += w * stretch[k];
            }
        }
        for (size_t c = 0; c < comps.size(); ++c) {
            if (weight[c] > 0) compStretch[c] = sum[c] / weight[c];
        }
    }
    // Per-visit response time per class, including synchronous calls and the
    // miss path of caches; the call graph is acyclic (graph::build checks).
    std::vector<std::vector<double>> perVisit(comps.size(), std::vector<double>(classes, -1.0));
    std::function<double(int, int, int)> visitTime = [&](int c, int cls, int depth) -> double {
        double& memo = perVisit[static_cast<size_t>(c)][static_cast<size_t>(cls)];
        if (memo >= 0) return memo;
        if (depth > 64) return 0.0;
        const auto& comp = graph.component(c);
        double t = compStretch[static_cast<size_t>(c)] * graph.demand(c, cls, users) + comp.latency;
        for (const auto& call : comp.calls) {
            if (call.async || !call.forClass.at(static_cast<size_t>(cls))) continue;
            t += call.visits * visitTime(call.to, cls, depth + 1);
        }
        if (comp.onMiss) t += (1.0 - comp.hitRatio) * visitTime(*comp.onMiss, cls, depth + 1);
        memo = t;
        return t;
    };
    for (const auto& comp : comps) {
        stats::ComponentResult cr;
        cr.name = comp.name;
        double syncRate = 0.0, allRate = 0.0, busy = 0.0, timeSum = 0.0, timeWeight = 0.0;
        for (const auto& cls : graph.classes()) {
            const double v = graph.visits(cls.id, comp.id), a = graph.asyncVisits(cls.id, comp.id);
            syncRate += throughput * cls.share * v;
            allRate += throughput * cls.share * (v + a);
            busy += throughput * cls.share * (v + a) * graph.demand(comp.id, cls.id, users);
            const double w = cls.share * (v > 0 ? v : a);
            timeSum += w * visitTime(comp.id, cls.id, 0);
            timeWeight += w;
        }
        setComponentFigures(graph, comp, syncRate, allRate, busy, timeWeight > 0 ? timeSum / timeWeight : 0.0, cr);
        r.components.push_back(std::move(cr));
    }
}

stats::Results baseResults(const Graph& graph) {
    stats::Results r;
    r.architecture = graph.name();
    r.method = stats::Method::Analytic;
    r.costMonth = graph.costMonth();
    for (const auto& issue : productFormIssues(graph)) {
        r.notes.push_back("analytic figure is an approximation: " + issue.component + " " + issue.reason);
    }
    return r;
}

}  // namespace detail

using namespace detail;

std::vector<double> logGrid(double from, double to, int points) {
    std::vector<double> grid;
    if (points <= 1 || from == to) return {from};
    const double a = std::log(from), b = std::log(to);
    for (int i = 0; i < points; ++i) grid.push_back(std::exp(a + (b - a) * i / (points - 1)));
    grid.front() = from;
    grid.back() = to;
    return grid;
}

namespace {

// The solution with each host's instances as the graph gives them.
stats::Results solveFixed(const Graph& graph, double users) {
    if (!(users >= 0.0) || !std::isfinite(users)) throw std::invalid_argument("analytic: users must be finite and >= 0");
    Mapped m = mapStations(graph, users);
    // Pools and waiting rooms that could hold requests back: the layered
    // solution (docs/methods.md). Where none can, it is the product form.
    if (hasGates(graph) && poolsCanBind(graph, users, m)) return solveLayered(graph, users).results;
    stats::Results r = baseResults(graph);
    r.users = users;
    const long long population = std::llround(users);
    const size_t count = m.stations.size();

    const ClosedAnswer answer = solveClosed(graph, m, population);
    const ClosedSolution& sol = answer.solution;
    if (answer.approximated) {
        r.notes.push_back("analytic figure is an approximation: work behind a queue, load balancing other than random, or "
                          "non-exponential FCFS service (corrections iterated to a fixed point)");
    }
    if (!answer.converged) {
        r.notes.push_back("analytic corrections did not settle in " + std::to_string(kRounds) + " rounds: figures are the last round's");
    }
    std::vector<double> utilization(count, 0.0);
    double busiest = 0.0;
    for (size_t k = 0; k < count; ++k) {
        if (m.closed[k].servers == 0) continue;
        utilization[k] = std::min(1.0, sol.throughput * (m.closed[k].demand + m.async[k]) / m.closed[k].servers);
        busiest = std::max(busiest, utilization[k]);
    }
    r.throughput = sol.throughput;
    r.saturated = busiest >= 0.99;
    fillResults(graph, users, m, sol.throughput, sol.residenceTime, utilization, r);
    const GraphBounds b = bounds(graph, users);
    if (r.saturated && !b.bottleneck.empty()) {
        r.notes.push_back("saturated: " + b.bottleneck + " is " + format(100.0 * busiest) + "% busy (knee at " +
                          format(b.bounds.knee) + " users)");
    }
    return r;
}

stats::Results solveOpenFixed(const Graph& graph, double arrivalRate) {
    if (!(arrivalRate >= 0.0) || !std::isfinite(arrivalRate)) throw std::invalid_argument("analytic: arrival rate must be finite and >= 0");
    // Pools and waiting rooms: the layered solution, open (docs/methods.md).
    if (hasGates(graph)) return solveLayeredOpen(graph, arrivalRate).results;
    stats::Results r = baseResults(graph);
    r.arrivalRate = arrivalRate;
    const double users = graph.workload().users.value_or(0.0);  // data growth only
    Mapped m = mapStations(graph, users);
    std::vector<OpenStation> open;
    for (size_t k = 0; k < m.stations.size(); ++k) {
        const auto& s = m.stations[k];
        OpenStation o;
        o.servers = s.servers;
        o.multiplicity = s.multiplicity;
        o.demand = m.closed[k].demand;
        o.asyncDemand = m.async[k];
        o.fcfs = s.discipline == spec::Discipline::Fcfs;
        o.scv = s.servers > 0 ? stationScv(graph, s, users) : 1.0;
        const auto on = componentsOn(graph, s);
        if (s.servers > 0 && on.size() == 1) {
            const auto& comp = graph.component(on.front());
            if (comp.threads && comp.maxQueue) {
                o.servers = std::min(s.servers, *comp.threads);
                o.capacity = *comp.threads + *comp.maxQueue;
            }
        }
        open.push_back(o);
    }
    const OpenSolution sol = solveOpen(open, arrivalRate);
    r.throughput = sol.throughput;
    r.errorRate = sol.lossProbability;
    r.saturated = sol.saturated;
    fillResults(graph, users, m, sol.throughput, sol.residenceTime, sol.utilization, r);
    if (!sol.exact) r.notes.push_back("analytic figure is an approximation: M/G/c, losses or async work in an open network");
    if (sol.saturated) {
        r.notes.push_back("saturated: the arrival rate " + format(arrivalRate) + "/s exceeds the capacity " +
                          format(sol.capacity) + "/s; queues grow without bound, figures shown at 99.9% of capacity");
    }
    return r;
}

bool autoscales(const Graph& graph) {
    for (const auto& h : graph.hosts())
        if (h.autoscale) return true;
    return false;
}

// The graph with each autoscaled host at counts[host] instances.
Graph withInstances(const Graph& graph, const std::vector<int>& counts) {
    spec::Architecture a = graph.spec();
    for (auto& c : a.components) {
        if (c.host || !c.autoscale) continue;
        if (const auto h = graph.hostId(c.id)) c.instances = counts[static_cast<size_t>(*h)];
    }
    return graph::build(a);
}

// Autoscaling in steady state: the count the autoscaler converges to, the
// smallest n in [min, max] whose load per instance is at most the target
// (utilisation: busy cores over n instances; or visits in flight over n).
// Each round solves at the current counts and moves every tier to the
// smallest n its load allows (exact in one round for an open network,
// whose load does not depend on n); a count seen twice (a closed network
// oscillating around a threshold) settles on the larger.
template <class SolveAt>
stats::Results withAutoscale(const Graph& graph, SolveAt&& solveAt) {
    const size_t hosts = graph.hosts().size();
    std::vector<int> counts(hosts, 1);
    for (const auto& h : graph.hosts()) counts[static_cast<size_t>(h.id)] = h.instances;
    stats::Results r = solveAt(graph);
    std::vector<std::vector<int>> seen{counts};
    for (int round = 0; round < 16; ++round) {
        std::vector<int> next = counts;
        for (const auto& h : graph.hosts()) {
            if (!h.autoscale) continue;
            const auto k = static_cast<size_t>(h.id);
            const spec::Autoscale& rule = *h.autoscale;
            double want = 0.0;
            if (rule.targetInFlight) {
                double present = 0.0;
                for (int c : h.components) present += r.components[static_cast<size_t>(c)].queueLength;
                want = present / *rule.targetInFlight;
            } else {
                want = r.hosts[k].utilization * counts[k] / rule.targetUtilization;
            }
            if (!std::isfinite(want)) want = rule.max;
            next[k] = static_cast<int>(std::clamp(std::ceil(want - 1e-9), static_cast<double>(rule.min), static_cast<double>(rule.max)));
        }
        if (next == counts) break;
        if (std::find(seen.begin(), seen.end(), next) != seen.end()) {
            for (size_t k = 0; k < hosts; ++k) next[k] = std::max(next[k], counts[k]);
            counts = next;
            r = solveAt(withInstances(graph, counts));
            break;
        }
        seen.push_back(next);
        counts = next;
        r = solveAt(withInstances(graph, counts));
    }
    for (const auto& h : graph.hosts())
        if (h.autoscale) r.hosts[static_cast<size_t>(h.id)].instances = counts[static_cast<size_t>(h.id)];
    return r;
}

// --- issue 19: load-dependent demand ---
bool hasWakeup(const Graph& graph) {
    for (const auto& c : graph.components())
        if (c.wakeup > 0.0) return true;
    return false;
}

// What a visit finds on arrival at a host instance, per host: the busy share
// of its cores and the rate at which visits arrive there.
struct Seen {
    std::vector<double> busy;
    std::vector<double> rate;
};

// The graph whose components pay, on top of their demand, their wake-up cost
// times the idle share of their host `seen.busy[host]` and, with
// `wakeup_after` = theta, the chance that no visit arrived in the theta
// before, exp(-rate x theta) for Poisson arrivals at `seen.rate[host]` per
// instance (and no wakeup key left).
Graph withWakeupAt(const Graph& graph, const Seen& seen) {
    spec::Architecture a = graph.spec();
    for (auto& c : a.components) {
        if (c.wakeup <= 0.0) continue;
        const auto id = graph.componentId(c.id);
        if (!id) continue;
        const auto host = static_cast<size_t>(graph.component(*id).host);
        const double busy = std::clamp(seen.busy[host], 0.0, 1.0);
        const double quiet = c.wakeupAfter > 0.0 ? std::exp(-seen.rate[host] * c.wakeupAfter) : 1.0;
        const double extra = c.wakeup * (1.0 - busy) * quiet;
        if (c.demand.empty()) c.demand.fallback = 0.0;
        if (c.demand.fallback) *c.demand.fallback += extra;
        for (auto& [cls, d] : c.demand.byClass) d += extra;
        // Classes neither listed nor defaulted have no demand here: they pay the extra too.
        if (!c.demand.fallback) c.demand.fallback = extra;
        c.wakeup = 0.0;
        c.wakeupAfter = 0.0;
    }
    return graph::build(a);
}

// Visits arriving per second at one instance of each host, from a solution.
std::vector<double> visitRates(const Graph& graph, const stats::Results& r) {
    std::vector<double> rate(graph.hosts().size(), 0.0);
    for (const auto& h : graph.hosts()) {
        double sum = 0.0;
        for (int k : h.components)
            if (static_cast<size_t>(k) < r.components.size() && std::isfinite(r.components[static_cast<size_t>(k)].throughput))
                sum += r.components[static_cast<size_t>(k)].throughput;
        rate[static_cast<size_t>(h.id)] = sum / std::max(1.0, graph.copiesOf(h));
    }
    return rate;
}

// Load-dependent demand as a fixed point on the busy share (and the visit
// rate, for wakeup_after) a visit finds on arrival (docs/methods.md,
// "Load-dependent demand"): the demands at a busy share give a solution,
// whose busy share gives the demands. The busy share's map is decreasing
// (busier -> cheaper visits -> less busy), so its fixed point is unique;
// damped steps, halved whenever a step overshoots, converge to it. The
// rate's map can increase (more visits -> fewer quiet spells -> cheaper
// visits -> more visits, in a closed system near its knee): starting from
// no visits, the iteration reaches the least fixed point, the conservative
// answer where more than one exists.
// `seenAt` solves for the share an arrival sees (closed: the population
// less one, by the arrival theorem; open: the time average, by PASTA);
// `solveAt` gives the answer at the fixed point. `seenIsWhole`: the two are
// the same solution (open), so the visit rate is read from the first.
template <class SeenAt, class SolveAt>
stats::Results withWakeup(const Graph& graph, SeenAt&& seenAt, SolveAt&& solveAt, bool seenIsWhole) {
    const size_t hosts = graph.hosts().size();
    Seen seen{std::vector<double>(hosts, 0.0), std::vector<double>(hosts, 0.0)};
    double step = 0.5;
    double lastChange = 2.0;
    int rounds = 0;
    bool quietSpells = false;
    for (const auto& c : graph.components()) quietSpells = quietSpells || (c.wakeup > 0.0 && c.wakeupAfter > 0.0);
    for (; rounds < 200; ++rounds) {
        const Graph at = withWakeupAt(graph, seen);
        const stats::Results r = seenAt(at);
        // The visit rate is the whole population's: an arrival's own previous
        // visit ends a quiet spell too (one user alone visits every Z + R).
        const std::vector<double> rate =
            !quietSpells ? std::vector<double>(hosts, 0.0) : visitRates(graph, seenIsWhole ? r : solveAt(at));
        double change = 0.0;
        std::vector<double> next(hosts, 0.0);
        for (size_t h = 0; h < hosts && h < r.hosts.size(); ++h) {
            next[h] = std::isfinite(r.hosts[h].utilization) ? std::clamp(r.hosts[h].utilization, 0.0, 1.0) : 1.0;
            change = std::max(change, std::abs(next[h] - seen.busy[h]));
            // the rate, relative to the larger of the two (a share, like the busy one)
            const double scale = std::max({rate[h], seen.rate[h], 1e-300});
            change = std::max(change, std::abs(rate[h] - seen.rate[h]) / scale);
        }
        if (change < 1e-9) break;
        if (change > lastChange) step *= 0.5;
        lastChange = change;
        for (size_t h = 0; h < hosts; ++h) {
            seen.busy[h] += step * (next[h] - seen.busy[h]);
            seen.rate[h] += step * (rate[h] - seen.rate[h]);
        }
    }
    stats::Results r = solveAt(withWakeupAt(graph, seen));
    r.notes.push_back("load-dependent demand (wakeup): fixed point on the busy share seen on arrival, " +
                      std::to_string(rounds) + " rounds");
    return r;
}
// --- end issue 19 ---

stats::Results solveFixedLoad(const Graph& graph, double users) {
    if (!autoscales(graph)) return solveFixed(graph, users);
    return withAutoscale(graph, [users](const Graph& g) { return solveFixed(g, users); });
}

stats::Results solveOpenFixedLoad(const Graph& graph, double arrivalRate) {
    if (!autoscales(graph)) return solveOpenFixed(graph, arrivalRate);
    return withAutoscale(graph, [arrivalRate](const Graph& g) { return solveOpenFixed(g, arrivalRate); });
}

}  // namespace

stats::Results solve(const Graph& graph, double users) {
    if (!hasWakeup(graph)) return solveFixedLoad(graph, users);
    const double seen = std::max(0.0, std::round(users) - 1.0);
    return withWakeup(
        graph, [seen](const Graph& g) { return solveFixedLoad(g, seen); },
        [users](const Graph& g) { return solveFixedLoad(g, users); }, false);
}

stats::Results solveOpen(const Graph& graph, double arrivalRate) {
    if (!hasWakeup(graph)) return solveOpenFixedLoad(graph, arrivalRate);
    auto at = [arrivalRate](const Graph& g) { return solveOpenFixedLoad(g, arrivalRate); };
    return withWakeup(graph, at, at, true);
}

stats::Results solve(const Graph& graph) {
    if (graph.isOpen()) return solveOpen(graph, *graph.workload().arrivalRate);
    return solve(graph, graph.workload().users.value_or(0.0));
}

std::vector<stats::Results> sweep(const Graph& graph, const std::vector<double>& users) {
    std::vector<stats::Results> out;
    out.reserve(users.size());
    for (double n : users) out.push_back(solve(graph, n));
    return out;
}

GraphBounds bounds(const Graph& graph, double users) {
    const Mapped m = mapStations(graph, users);
    GraphBounds g;
    g.bounds = asymptoticBounds(m.closed, graph.thinkTime(), m.async);
    if (g.bounds.bottleneck >= 0) {
        g.bottleneck = m.stations[static_cast<size_t>(g.bounds.bottleneck)].name;
        g.bottleneckDemand = g.bounds.maxDemandPerServer;
    }
    return g;
}

std::vector<double> classResponseTimes(const Graph& graph, double users) {
    const Mapped m = mapStations(graph, users);
    if (hasGates(graph) && poolsCanBind(graph, users, m)) return solveLayered(graph, users).classResponse;
    const ClosedSolution sol = solveClosed(graph, m, std::llround(users)).solution;
    std::vector<double> out(graph.classes().size(), 0.0);
    for (size_t k = 0; k < m.stations.size(); ++k) {
        const auto& s = m.stations[k];
        // Delays take their demand; queues slow every class by the same factor.
        const double factor = s.servers == 0 || m.closed[k].demand <= 0 ? 1.0 : sol.residenceTime[k] / m.closed[k].demand;
        for (const auto& cls : graph.classes()) out[static_cast<size_t>(cls.id)] += s.multiplicity * factor * s.demand[static_cast<size_t>(cls.id)];
    }
    return out;
}

}  // namespace headroom::analytic
