#include "analytic/cross_check.h"

#include "analytic/balancing.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <sstream>

namespace headroom::analytic {

namespace {

std::string number(double v) {
    std::ostringstream out;
    out.precision(4);
    out << v;
    return out.str();
}

std::string seconds(double v) {
    if (v < 1.0) return number(v * 1000.0) + "ms";
    return number(v) + "s";
}

}  // namespace

std::vector<ProductFormIssue> productFormIssues(const graph::Graph& graph) {
    std::vector<ProductFormIssue> issues;
    for (const auto& comp : graph.components()) {
        auto add = [&](std::string reason) { issues.push_back({comp.name, std::move(reason)}); };
        if (comp.threads) add("holds threads (threads: " + std::to_string(*comp.threads) + ")");
        if (comp.connections) add("has a connection pool (connections: " + std::to_string(*comp.connections) + ")");
        if (comp.maxQueue) add("has a finite waiting room (max_queue: " + std::to_string(*comp.maxQueue) + ")");
        if (comp.timeout) add("times out (timeout: " + seconds(*comp.timeout) + ")");
        if (comp.rateLimit) add("is rate limited");
        const auto& host = graph.host(comp.host);
        const bool fcfs = comp.discipline == spec::Discipline::Fcfs || host.discipline == spec::Discipline::Fcfs;
        if (fcfs && comp.distribution.kind != spec::DistributionKind::Exponential &&
            !(comp.distribution.kind == spec::DistributionKind::Erlang && comp.distribution.k == 1)) {
            add(std::string("serves FCFS with ") + spec::toString(comp.distribution.kind) +
                " service times (waiting scaled by (1 + scv) / 2, Allen-Cunneen)");
        }
        if (fcfs) {
            std::set<double> demands;
            for (const auto& cls : graph.classes()) {
                if (graph.visits(cls.id, comp.id) + graph.asyncVisits(cls.id, comp.id) > 0) demands.insert(comp.demand.at(static_cast<size_t>(cls.id)));
            }
            if (demands.size() > 1) add("serves FCFS with class-dependent demands");
        }
        bool behindQueue = false;
        for (const auto& cls : graph.classes()) behindQueue = behindQueue || graph.asyncVisits(cls.id, comp.id) > 0;
        if (behindQueue) add("works behind a queue (off the response path)");
    }
    // Balancing other than random over a host's copies.
    for (const auto& station : graph.stations(graph.workload().users.value_or(0.0))) {
        const Balancing balancing = stationBalancing(graph, station);
        const std::string copies = std::to_string(station.multiplicity) + " copies";
        if (balancing == Balancing::Pooled) {
            issues.push_back({station.name, "has " + copies + " balanced by least connections or power of two (solved as one pooled station)"});
        } else if (balancing == Balancing::RoundRobin) {
            issues.push_back({station.name, "has " + copies + " fed round robin (waiting scaled by (1 + 1/copies) / 2, Allen-Cunneen)"});
        }
    }
    return issues;
}

std::vector<CrossCheckFinding> crossCheck(const graph::Graph& graph, const stats::Results& des,
                                          const stats::Results& analytic, double approximated) {
    std::vector<CrossCheckFinding> out;
    const auto issues = productFormIssues(graph);
    const bool exact = issues.empty();
    const double relative = exact ? 0.05 : std::max(0.0, approximated);
    const std::string percent = std::to_string(static_cast<int>(std::lround(100.0 * relative))) + "%";
    auto compare = [&](const std::string& where, const std::string& metric, double d, double a,
                       std::optional<stats::Interval> ci) {
        const double halfWidth = ci ? 0.5 * std::fabs(ci->high - ci->low) : 0.0;
        const double tolerance = halfWidth + relative * std::fabs(a);
        if (std::fabs(d - a) <= tolerance) return;
        CrossCheckFinding f;
        f.warning = exact;
        f.where = where;
        f.metric = metric;
        f.des = d;
        f.analytic = a;
        f.tolerance = tolerance;
        const bool time = metric == "response_time";
        const std::string dv = time ? seconds(d) : number(d), av = time ? seconds(a) : number(a);
        f.message = (exact ? "warning: " : "note: ") + where + " " + metric + ": DES " + dv + ", analytic " + av +
                    " (differ by more than the CI + " + percent +
                    (exact ? ")" : "; the analytic figure is an approximation for this model)");
        out.push_back(std::move(f));
    };
    std::optional<stats::Interval> noCi;
    compare("system", "throughput", des.throughput, analytic.throughput, noCi);
    compare("system", "response_time", des.responseTime.mean, analytic.responseTime.mean, des.responseTime.ci95);
    for (const auto& h : des.hosts) {
        const auto it = std::find_if(analytic.hosts.begin(), analytic.hosts.end(), [&](const auto& x) { return x.name == h.name; });
        if (it != analytic.hosts.end()) compare(h.name, "utilization", h.utilization, it->utilization, h.ci95);
    }
    for (const auto& c : des.components) {
        const auto it = std::find_if(analytic.components.begin(), analytic.components.end(), [&](const auto& x) { return x.name == c.name; });
        if (it != analytic.components.end()) compare(c.name, "utilization", c.utilization, it->utilization, c.utilizationCi95);
    }
    if (!exact) {
        CrossCheckFinding note;
        note.where = "system";
        note.message = "note: the analytic solution is an approximation here: ";
        for (size_t i = 0; i < issues.size(); ++i) note.message += (i ? "; " : "") + issues[i].component + " " + issues[i].reason;
        out.push_back(std::move(note));
    }
    return out;
}

}  // namespace headroom::analytic
