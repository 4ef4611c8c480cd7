// Threshold checks. Every figure that a solver may not report (replica and
// shard copies, offered load behind a queue, query growth) is derived here
// from the graph and the measured throughput through the utilisation law
// U = X * D / c, so the checks mean the same thing for DES and analytic results.

#include "roadmap/thresholds.h"

#include "io/metrics.h"
#include "io/text_format.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

namespace headroom::roadmap {

namespace {

// Figures in the explanations go through the metric formatters (io/metrics.h).
std::string percent(double ratio) { return io::formatPercent(ratio); }
std::string millis(double seconds) { return io::formatDurationText(seconds); }

double usersOf(const graph::Graph& graph, const stats::Results& results) {
    if (results.users) return *results.users;
    return graph.workload().users.value_or(0.0);
}

// Mean demand one user request puts on `component` (response path only when
// `asyncToo` is false), with data growth at `users`.
double demandPerRequest(const graph::Graph& graph, int component, double users, bool asyncToo) {
    double total = 0.0;
    for (const auto& cls : graph.classes()) {
        double visits = graph.visits(cls.id, component);
        if (asyncToo) visits += graph.asyncVisits(cls.id, component);
        total += cls.share * visits * graph.demand(component, cls.id, users);
    }
    return total;
}

}  // namespace

double erlangC(int servers, double offeredLoad) {
    if (servers <= 0) return 1.0;
    if (!(offeredLoad > 0.0)) return 0.0;
    const double c = servers;
    if (offeredLoad >= c) return 1.0;
    // Erlang B by its recursion (never overflows), then C = B / (1 - rho (1 - B)).
    double b = 1.0;
    for (int k = 1; k <= servers; ++k) b = offeredLoad * b / (k + offeredLoad * b);
    const double rho = offeredLoad / c;
    return std::clamp(b / (1.0 - rho * (1.0 - b)), 0.0, 1.0);
}

double severity(const stats::ThresholdCheck& check) { return io::severity(check); }

// The cache hit ratio never falls as users grow here (capacity and key space
// are fixed; a TTL-bounded hit ratio rises with the request rate): under its
// target it is a configuration problem of today, not a limit that growth hits.
// Cost is a budget. Both are the descriptors' `growsWithLoad = false`.
bool isLoadIndependent(const stats::ThresholdCheck& check) { return !io::metric(check.metric).growsWithLoad; }

std::vector<stats::ThresholdCheck> redundancyChecks(const graph::Graph& graph, double users, double fromUsers) {
    std::vector<stats::ThresholdCheck> out;
    if (!(fromUsers > 0)) return out;
    const bool applies = users >= fromUsers;
    auto onResponsePath = [&](int component) {
        for (const auto& cls : graph.classes()) {
            if (graph.visits(cls.id, component) > 0) return true;
        }
        return false;
    };
    const std::string from = io::formatUsers(fromUsers);
    auto add = [&](const std::string& where, const std::string& what, int copies, const std::string& fix) {
        const bool ok = !applies || copies >= 2;
        out.push_back(stats::ThresholdCheck{
            "availability", where, static_cast<double>(copies), 2.0, ok,
            what + (copies >= 2 ? " has " + std::to_string(copies) + " copies: it survives the loss of one"
                                : " runs on one machine" +
                                      (applies ? ": a single point of failure - from " + from +
                                                     " users (the planner's availability rule) one reboot or crash of it "
                                                     "is an outage for everyone; " + fix
                                               : std::string(" (tolerated below ") + from + " users)"))});
    };
    for (const auto& host : graph.hosts()) {
        bool serves = false, database = false;
        std::string names;
        for (int c : host.components) {
            const auto& comp = graph.component(c);
            names += (names.empty() ? "" : ", ") + comp.name;
            if (comp.kind == graph::ComponentKind::Database) database = true;
            if ((comp.kind == graph::ComponentKind::Service || comp.kind == graph::ComponentKind::LoadBalancer) &&
                onResponsePath(c)) {
                serves = true;
            }
        }
        if (host.components.size() > 1 && database && serves) {
            add(host.name, host.name + " (" + names + ")", host.instances,
                "the database has to move off it before the application can run in copies");
        } else if (database) {
            for (int c : host.components) {
                const auto& comp = graph.component(c);
                if (comp.kind != graph::ComponentKind::Database || !onResponsePath(c)) continue;
                const int copies = std::max(host.instances, 1 + comp.replicas);
                add(comp.name, "the database " + comp.name, copies, "a replica to fail over to removes it");
            }
        } else if (serves) {
            add(host.name, host.name + (host.components.size() > 1 ? " (" + names + ")" : std::string()),
                host.instances, "a second copy behind a load balancer removes it");
        }
    }
    return out;
}

std::vector<stats::ThresholdCheck> checkThresholds(const graph::Graph& graph, const stats::Results& results) {
    std::vector<stats::ThresholdCheck> out;
    const auto& slo = graph.slo();
    const double users = usersOf(graph, results);
    const double throughput = std::max(results.throughput, 0.0);

    auto add = [&](std::string metric, std::string where, double value, double limit, bool ok, std::string why) {
        if (!std::isfinite(value)) value = 1e300;  // never NaN in the JSON; an overflowed figure is "broken"
        out.push_back(stats::ThresholdCheck{std::move(metric), std::move(where), value, limit, ok, std::move(why)});
    };

    // --- system-wide -----------------------------------------------------------
    if (results.responseTime.p95) {
        const double v = *results.responseTime.p95;
        add("p95", "system", v, slo.p95, v <= slo.p95,
            v <= slo.p95 ? "95% of requests complete within " + millis(v) + ", inside the " + millis(slo.p95) + " SLO"
                         : "1 request in 20 takes longer than " + millis(v) + ", over the " + millis(slo.p95) +
                               " SLO: users wait in queues");
    }
    if (results.responseTime.p99) {
        const double v = *results.responseTime.p99;
        add("p99", "system", v, slo.p99, v <= slo.p99,
            v <= slo.p99 ? "99% of requests complete within " + millis(v) + ", inside the " + millis(slo.p99) + " SLO"
                         : "1 request in 100 takes longer than " + millis(v) + ", over the " + millis(slo.p99) +
                               " SLO");
    }
    {
        const double v = results.errorRate;
        add("error_rate", "system", v, slo.errorRate, v <= slo.errorRate,
            v <= slo.errorRate ? percent(v) + " of requests fail (rejected or timed out), within the " +
                                     percent(slo.errorRate) + " SLO"
                               : percent(v) + " of requests are rejected or time out, over the " +
                                     percent(slo.errorRate) + " SLO: queues are full or callers give up");
    }
    if (slo.budgetMonth) {
        const double v = graph.costMonth();
        add("cost_month", "system", v, *slo.budgetMonth, v <= *slo.budgetMonth,
            "the architecture costs " + io::formatMoney(v) + " per month, " +
                (v <= *slo.budgetMonth ? "within" : "over") + " the budget of " + io::formatMoney(*slo.budgetMonth));
    }

    // --- hosts -------------------------------------------------------------------
    for (const auto& host : graph.hosts()) {
        const auto id = static_cast<size_t>(host.id);
        if (id >= results.hosts.size()) break;
        const double v = results.hosts[id].utilization;
        std::string what = host.components.size() > 1 ? "the shared host's " : "the host's ";
        if (host.instances > 1) what = "each of the " + std::to_string(host.instances) + " instances' ";
        add("utilization", host.name, v, slo.utilization, v <= slo.utilization,
            what + std::to_string(host.cores) + " cores are " + percent(v) + " busy" +
                (v <= slo.utilization ? "" : ", over the " + percent(slo.utilization) +
                                                 " policy line: a safety margin (queues start to grow; users feel it when p95, p99 or errors break)"));
    }
    // Database copies that are not plain hosts (read replicas, shards): utilisation law.
    for (const auto& station : graph.stations(users)) {
        if (station.component < 0 || station.servers <= 0) continue;
        double demand = 0.0;
        for (const auto& cls : graph.classes()) {
            const auto c = static_cast<size_t>(cls.id);
            demand += cls.share * (station.demand[c] + station.asyncDemand[c]);
        }
        const double v = throughput * demand / station.servers;
        add("utilization", station.name, v, slo.utilization, v <= slo.utilization,
            "each of the " + std::to_string(station.multiplicity) + " copies (" + std::to_string(station.servers) +
                " cores) is " + percent(v) + " busy" +
                (v <= slo.utilization ? "" : ", over the " + percent(slo.utilization) + " limit"));
    }

    // --- components ----------------------------------------------------------------
    double baseTotal = 0.0;  // demand of an unloaded user request, for the query-time budget
    for (const auto& comp : graph.components()) {
        baseTotal += demandPerRequest(graph, comp.id, 0.0, false);
        for (const auto& cls : graph.classes()) baseTotal += cls.share * graph.visits(cls.id, comp.id) * comp.latency;
    }
    for (const auto& comp : graph.components()) {
        const auto id = static_cast<size_t>(comp.id);
        const stats::ComponentResult* r = id < results.components.size() ? &results.components[id] : nullptr;
        const auto& host = graph.host(comp.host);

        // Pools: threads (services) or connections (databases).
        const std::optional<int> pool = comp.threads ? comp.threads : comp.connections;
        if (pool && r) {
            const std::string noun = comp.threads ? "threads" : "connections";
            double waiting = 0.0;
            if (r->poolWaitFraction) {
                waiting = *r->poolWaitFraction;
            } else {
                // Offered load on one instance's pool: (visits/s per instance) x holding time (Little).
                const int copies = std::max(1, host.instances);
                const double offered = r->throughput / copies * r->responseTime;
                waiting = erlangC(*pool, offered);
            }
            add("pool", comp.name, waiting, kPoolWaitLimit, waiting <= kPoolWaitLimit,
                percent(waiting) + " of requests wait for one of " + comp.name + "'s " + std::to_string(*pool) + " " +
                    noun +
                    (waiting <= kPoolWaitLimit ? ""
                                               : ", over " + percent(kPoolWaitLimit) +
                                                     ": the pool is exhausted and requests queue in front of it"));
        }

        // Cache hit ratio.
        if (comp.kind == graph::ComponentKind::Cache || comp.kind == graph::ComponentKind::Cdn) {
            const double v = (r && r->hitRatio) ? *r->hitRatio : comp.hitRatio;
            add("cache_hit_ratio", comp.name, v, slo.cacheHitRatio, v >= slo.cacheHitRatio,
                comp.name + " answers " + percent(v) + " of lookups" +
                    (v >= slo.cacheHitRatio ? "" : ", under the " + percent(slo.cacheHitRatio) +
                                                       " target: misses load " +
                                                       (comp.onMiss ? graph.component(*comp.onMiss).name
                                                                    : std::string("the origin"))));
        }

        // Query time growing with the data.
        if (comp.data && (comp.data->rowsPerUser > 0 || comp.data->timeRows > 0)) {
            const double v = demandPerRequest(graph, comp.id, users, false);
            const double base = demandPerRequest(graph, comp.id, 0.0, false);
            const double share = baseTotal > 0 ? base / baseTotal : 0.0;
            const double limit = slo.p95 * share;
            if (base > 0) {
                const double rows = comp.data->rowsPerUser * users + comp.data->timeRows;
                add("query_time", comp.name, v, limit, v <= limit,
                    comp.name + "'s queries take " + millis(v) + " per request at " +
                        io::formatNumber("%.3g rows", rows) + (comp.data->index ? " (indexed)" : " (no index: a full scan)") +
                        (v <= limit ? ", within" : ", over") + " its " + percent(share) + " share of the p95 budget (" +
                        millis(limit) + ")");
            }
        }

        // Consumers behind a queue: lag grows without bound once offered load reaches 1.
        if (comp.kind == graph::ComponentKind::Queue) {
            std::set<int> consumerHosts;
            for (const auto& call : comp.calls) {
                const auto& consumer = graph.component(call.to);
                if (!consumerHosts.insert(consumer.host).second) continue;
                const auto& h = graph.host(consumer.host);
                double work = 0.0;
                for (int c : h.components) work += demandPerRequest(graph, c, users, true);
                const double v = throughput * work / (std::max(1, h.cores) * std::max(1, h.instances));
                add("consumer_lag", consumer.name, v, 1.0, v < 1.0,
                    "the workers behind " + comp.name + " are offered " + percent(v) + " of what they can process" +
                        (v < 1.0 ? ": the backlog stays bounded" : ": the backlog grows without bound"));
            }
        }
    }
    return out;
}

}  // namespace headroom::roadmap
