#include "analytic/solver.h"

#include "analytic/cross_check.h"
#include "analytic/gamma_fit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>

namespace headroom::analytic {

namespace {

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

struct Mapped {
    std::vector<Station> stations;
    std::vector<ClosedStation> closed;
    std::vector<double> async;
};

Mapped mapStations(const Graph& graph, double users) {
    Mapped m;
    m.stations = graph.stations(users);
    for (const auto& s : m.stations) {
        m.closed.push_back({s.servers, s.multiplicity, mixed(graph, s.demand)});
        m.async.push_back(mixed(graph, s.asyncDemand));
    }
    return m;
}

std::string format(double v) {
    std::ostringstream out;
    out.precision(4);
    out << v;
    return out.str();
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

    // Hosts: busy cores / cores averaged over the copies that run on them.
    for (const auto& h : graph.hosts()) {
        double weighted = 0.0, copies = 0.0;
        for (size_t k = 0; k < count; ++k) {
            if (m.stations[k].host != h.id || m.stations[k].servers == 0) continue;
            weighted += m.stations[k].multiplicity * utilization[k];
            copies += m.stations[k].multiplicity;
        }
        r.hosts.push_back({h.name, copies > 0 ? weighted / copies : 0.0, std::nullopt});
    }

    // Slowdown (residence / demand) of each station, then per component.
    std::vector<double> stretch(count, 1.0);
    for (size_t k = 0; k < count; ++k) {
        if (m.closed[k].servers == 0) continue;
        if (m.closed[k].demand > 0) stretch[k] = residence[k] / m.closed[k].demand;
        else stretch[k] = 1.0 / std::max(1e-3, 1.0 - utilization[k]);
    }
    const auto& comps = graph.components();
    const size_t classes = graph.classes().size();
    std::vector<double> compStretch(comps.size(), 1.0);
    for (const auto& comp : comps) {
        double weight = 0.0, sum = 0.0;
        for (size_t k = 0; k < count; ++k) {
            const auto on = componentsOn(graph, m.stations[k]);
            if (m.stations[k].servers == 0 || std::find(on.begin(), on.end(), comp.id) == on.end()) continue;
            const double w = m.closed[k].multiplicity * (m.closed[k].demand + m.async[k]) + 1e-300;
            weight += w;
            sum += w * stretch[k];
        }
        if (weight > 0) compStretch[static_cast<size_t>(comp.id)] = sum / weight;
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
        const auto& host = graph.host(comp.host);
        double cores = static_cast<double>(host.cores) * host.instances;
        if (comp.kind == spec::ComponentKind::Database && (comp.replicas > 0 || comp.shards > 1)) {
            cores = static_cast<double>(host.cores) * comp.shards * (comp.replicas + 1);
        }
        cr.throughput = allRate;
        cr.utilization = std::min(1.0, cores > 0 ? busy / cores : 0.0);
        cr.responseTime = timeWeight > 0 ? timeSum / timeWeight : 0.0;
        cr.queueLength = (syncRate > 0 ? syncRate : allRate) * cr.responseTime;
        if (comp.kind == spec::ComponentKind::Cache || comp.kind == spec::ComponentKind::Cdn) cr.hitRatio = comp.hitRatio;
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

}  // namespace

std::vector<double> logGrid(double from, double to, int points) {
    std::vector<double> grid;
    if (points <= 1 || from == to) return {from};
    const double a = std::log(from), b = std::log(to);
    for (int i = 0; i < points; ++i) grid.push_back(std::exp(a + (b - a) * i / (points - 1)));
    grid.front() = from;
    grid.back() = to;
    return grid;
}

stats::Results solve(const Graph& graph, double users) {
    if (!(users >= 0.0) || !std::isfinite(users)) throw std::invalid_argument("analytic: users must be finite and >= 0");
    stats::Results r = baseResults(graph);
    r.users = users;
    const long long population = std::llround(users);
    Mapped m = mapStations(graph, users);
    const size_t count = m.stations.size();

    // Work behind a queue takes cores from the response path: the standard
    // mixed-network correction D' = D / (1 - U_async) (exact for single-server
    // product-form stations, an approximation otherwise), iterated because the
    // async rate is the closed throughput itself.
    bool coupled = false;
    for (size_t k = 0; k < count; ++k) coupled = coupled || (m.async[k] > 0 && m.closed[k].demand > 0 && m.closed[k].servers > 0);
    ClosedSolution sol = ClosedNetwork(m.closed, graph.thinkTime()).solve(population);
    if (coupled) {
        std::vector<ClosedStation> inflated = m.closed;
        for (int it = 0; it < 30; ++it) {
            for (size_t k = 0; k < count; ++k) {
                if (m.async[k] <= 0 || m.closed[k].servers == 0) continue;
                const double u = std::min(0.99, sol.throughput * m.async[k] / m.closed[k].servers);
                inflated[k].demand = m.closed[k].demand / (1.0 - u);
            }
            const ClosedSolution next = ClosedNetwork(inflated, graph.thinkTime()).solve(population);
            const bool done = std::fabs(next.throughput - sol.throughput) <= 1e-6 * sol.throughput;
            sol = next;
            if (done) break;
        }
        r.notes.push_back("analytic figure is an approximation: work behind a queue shares cores with the response path");
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

stats::Results solveOpen(const Graph& graph, double arrivalRate) {
    if (!(arrivalRate >= 0.0) || !std::isfinite(arrivalRate)) throw std::invalid_argument("analytic: arrival rate must be finite and >= 0");
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
    const ClosedSolution sol = ClosedNetwork(m.closed, graph.thinkTime()).solve(std::llround(users));
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
