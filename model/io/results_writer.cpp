#include "io/results_writer.h"

#include "io/metrics.h"
#include "io/text_format.h"
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace headroom::io {

namespace {

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string out;
    out.push_back('"');
    for (char c : text) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

}  // namespace

std::string formatNumber(double value)
{
    if (!std::isfinite(value))
        return "null";
    if (value == 0.0)
        return "0";  // also for -0.0
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 9);
    return std::string(buffer, result.ptr);
}

Json toJsonValue(const stats::Results& r, bool includeWallSeconds)
{
    const bool des = r.method == stats::Method::Des;
    auto interval = [](const std::optional<stats::Interval>& ci) {
        return ci ? Json::array({jsonNumber(ci->low), jsonNumber(ci->high)}) : Json(nullptr);
    };
    Json out;
    out["architecture"] = r.architecture;
    out["method"] = des ? "des" : "analytic";
    out["users"] = jsonNumber(r.users);
    out["arrival_rate"] = jsonNumber(r.arrivalRate);
    out["throughput"] = jsonNumber(r.throughput);
    out["error_rate"] = jsonNumber(r.errorRate);
    out["saturated"] = r.saturated;
    out["cost_month"] = jsonNumber(r.costMonth);
    const auto& rt = r.responseTime;
    Json response{{"mean", jsonNumber(rt.mean)},
                  {"p50", jsonNumber(rt.p50)},
                  {"p95", jsonNumber(rt.p95)},
                  {"p99", jsonNumber(rt.p99)},
                  {"ci95", interval(rt.ci95)}};
    if (rt.percentilesApproximate)
        response["percentiles_approximate"] = true;
    out["response_time"] = std::move(response);
    Json components = Json::object();
    for (const auto& c : r.components) {
        Json j{{"utilization", jsonNumber(c.utilization)}, {"throughput", jsonNumber(c.throughput)},
               {"response_time", jsonNumber(c.responseTime)}, {"queue_length", jsonNumber(c.queueLength)},
               {"rejected", jsonNumber(c.rejected)}, {"timeouts", jsonNumber(c.timeouts)},
               {"retries", jsonNumber(c.retries)}};
        if (c.utilizationCi95)
            j["utilization_ci95"] = interval(c.utilizationCi95);
        if (c.poolBusy)
            j["pool_busy"] = jsonNumber(*c.poolBusy);
        if (c.poolWaitFraction)
            j["pool_wait_fraction"] = jsonNumber(*c.poolWaitFraction);
        if (c.hitRatio)
            j["hit_ratio"] = jsonNumber(*c.hitRatio);
        if (c.consumerLag)
            j["consumer_lag"] = jsonNumber(*c.consumerLag);
        components[c.name] = std::move(j);
    }
    out["components"] = std::move(components);
    Json hosts = Json::object();
    for (const auto& h : r.hosts) {
        Json j{{"utilization", jsonNumber(h.utilization)}};
        if (h.ci95)
            j["ci95"] = interval(h.ci95);
        if (h.instances)
            j["instances"] = jsonNumber(*h.instances);  // autoscaling: the mean count held
        hosts[h.name] = std::move(j);
    }
    out["hosts"] = std::move(hosts);
    out["thresholds"] = thresholdsJson(r.thresholds);
    if (des) {
        out["events"] = r.events;
        if (includeWallSeconds)
            out["wall_seconds"] = jsonNumber(r.wallSeconds);
        out["replications"] = r.replications;
        out["seed"] = r.seed;
        out["horizon"] = jsonNumber(r.horizon);
        out["warmup"] = jsonNumber(r.warmup);
    }
    if (r.cancelled)
        out["cancelled"] = true;
    if (r.partial) {
        out["partial"] = true;
        out["stopped_by"] = r.stoppedBy;
        out["simulated"] = jsonNumber(r.simulated);
    }
    out["notes"] = r.notes;
    return out;
}

Json thresholdsJson(const std::vector<stats::ThresholdCheck>& checks)
{
    Json out = Json::array();
    for (const auto& t : checks) {
        Json j{{"metric", t.metric},
               {"where", t.where},
               {"value", jsonNumber(t.value)},
               {"limit", jsonNumber(t.limit)},
               {"ok", t.ok},
               {"nature", toString(metric(t.metric).nature)}};
        if (!t.why.empty())
            j["why"] = t.why;
        out.push_back(std::move(j));
    }
    return out;
}

std::string toJson(const stats::Results& r, bool includeWallSeconds)
{
    return dumpJson(toJsonValue(r, includeWallSeconds));
}

std::string toCsv(const stats::Results& r)
{
    std::ostringstream out;
    out << "scope,name,metric,value\n";
    auto row = [&](const char* scope, const std::string& name, const char* metric, const std::string& value) {
        out << scope << ',' << csvField(name) << ',' << metric << ',' << value << '\n';
    };
    const std::string system = r.architecture;
    row("system", system, "method", r.method == stats::Method::Des ? "des" : "analytic");
    if (r.users)
        row("system", system, "users", formatNumber(*r.users));
    if (r.arrivalRate)
        row("system", system, "arrival_rate", formatNumber(*r.arrivalRate));
    row("system", system, "throughput", formatNumber(r.throughput));
    row("system", system, "error_rate", formatNumber(r.errorRate));
    row("system", system, "saturated", r.saturated ? "true" : "false");
    row("system", system, "cost_month", formatNumber(r.costMonth));
    row("system", system, "response_time_mean", formatNumber(r.responseTime.mean));
    if (r.responseTime.p50)
        row("system", system, "response_time_p50", formatNumber(*r.responseTime.p50));
    if (r.responseTime.p95)
        row("system", system, "response_time_p95", formatNumber(*r.responseTime.p95));
    if (r.responseTime.p99)
        row("system", system, "response_time_p99", formatNumber(*r.responseTime.p99));
    if (r.responseTime.ci95) {
        row("system", system, "response_time_ci95_low", formatNumber(r.responseTime.ci95->low));
        row("system", system, "response_time_ci95_high", formatNumber(r.responseTime.ci95->high));
    }
    if (r.method == stats::Method::Des) {
        row("system", system, "events", std::to_string(r.events));
        row("system", system, "wall_seconds", formatNumber(r.wallSeconds));
    }
    for (const auto& c : r.components) {
        row("component", c.name, "utilization", formatNumber(c.utilization));
        row("component", c.name, "throughput", formatNumber(c.throughput));
        row("component", c.name, "response_time", formatNumber(c.responseTime));
        row("component", c.name, "queue_length", formatNumber(c.queueLength));
        row("component", c.name, "rejected", formatNumber(c.rejected));
        row("component", c.name, "timeouts", formatNumber(c.timeouts));
        row("component", c.name, "retries", formatNumber(c.retries));
        if (c.poolBusy)
            row("component", c.name, "pool_busy", formatNumber(*c.poolBusy));
        if (c.poolWaitFraction)
            row("component", c.name, "pool_wait_fraction", formatNumber(*c.poolWaitFraction));
        if (c.hitRatio)
            row("component", c.name, "hit_ratio", formatNumber(*c.hitRatio));
        if (c.consumerLag)
            row("component", c.name, "consumer_lag", formatNumber(*c.consumerLag));
    }
    for (const auto& h : r.hosts)
        row("host", h.name, "utilization", formatNumber(h.utilization));
    return out.str();
}

std::string toTable(const stats::Results& r)
{
    std::ostringstream out;
    char line[256];
    auto ms = [](double seconds) { return seconds * 1000.0; };
    out << r.architecture << "  (" << (r.method == stats::Method::Des ? "simulation" : "analytic") << ")\n";
    if (r.users)
        std::snprintf(line, sizeof line, "users %.0f", *r.users);
    else
        std::snprintf(line, sizeof line, "arrival rate %.4g/s", r.arrivalRate.value_or(0.0));
    out << line;
    std::snprintf(line, sizeof line, "   throughput %.4g/s   errors %.3g%%   cost/month %.0f%s\n", r.throughput,
                  r.errorRate * 100.0, r.costMonth, r.saturated ? "   SATURATED" : "");
    out << line;
    const auto& rt = r.responseTime;
    std::snprintf(line, sizeof line, "response time: mean %.4g ms", ms(rt.mean));
    out << line;
    if (rt.ci95) {
        std::snprintf(line, sizeof line, " [95%% CI %.4g, %.4g]", ms(rt.ci95->low), ms(rt.ci95->high));
        out << line;
    }
    if (rt.p50 && rt.p95 && rt.p99) {
        std::snprintf(line, sizeof line, "   p50 %.4g  p95 %.4g  p99 %.4g ms", ms(*rt.p50), ms(*rt.p95), ms(*rt.p99));
        out << line;
    }
    out << "\n\n";
    std::snprintf(line, sizeof line, "%-20s %7s %10s %10s %9s %9s %9s %9s\n", "component", "util", "visits/s", "resp ms",
                  "in sys", "reject/s", "timeout/s", "retry/s");
    out << line;
    for (const auto& c : r.components) {
        std::snprintf(line, sizeof line, "%-20.20s %6.1f%% %10.4g %10.4g %9.4g %9.3g %9.3g %9.3g\n", c.name.c_str(),
                      c.utilization * 100.0, c.throughput, ms(c.responseTime), c.queueLength, c.rejected, c.timeouts,
                      c.retries);
        out << line;
        if (c.poolBusy) {
            std::snprintf(line, sizeof line, "%-20s pool busy %.4g, %.3g%% of arrivals waited\n", "",
                          *c.poolBusy, c.poolWaitFraction.value_or(0.0) * 100.0);
            out << line;
        }
        if (c.hitRatio) {
            std::snprintf(line, sizeof line, "%-20s hit ratio %.2f%%\n", "", *c.hitRatio * 100.0);
            out << line;
        }
        if (c.consumerLag) {
            std::snprintf(line, sizeof line, "%-20s consumer lag %.4g ms\n", "", ms(*c.consumerLag));
            out << line;
        }
    }
    out << "\n";
    std::snprintf(line, sizeof line, "%-20s %7s\n", "host", "util");
    out << line;
    for (const auto& h : r.hosts) {
        std::snprintf(line, sizeof line, "%-20.20s %6.1f%%\n", h.name.c_str(), h.utilization * 100.0);
        out << line;
    }
    if (!r.thresholds.empty()) {
        out << "\n";
        for (const auto& t : r.thresholds) {
            std::snprintf(line, sizeof line, "%-4s %-16s %-20.20s %s\n", t.ok ? "ok" : "FAIL", t.metric.c_str(),
                          t.where.c_str(), formatComparison(t).c_str());
            out << line;
        }
    }
    if (r.method == stats::Method::Des) {
        std::snprintf(line, sizeof line, "\n%d replications x %.4g s (warm-up %.3g s deleted), seed %llu: %llu events in %.3g s",
                      r.replications, r.horizon, r.warmup, static_cast<unsigned long long>(r.seed),
                      static_cast<unsigned long long>(r.events), r.wallSeconds);
        out << line;
        if (r.wallSeconds > 0) {
            std::snprintf(line, sizeof line, " (%.3g M events/s)", static_cast<double>(r.events) / r.wallSeconds / 1e6);
            out << line;
        }
        out << "\n";
    }
    for (const auto& note : r.notes)
        out << "note: " << note << "\n";
    return out.str();
}

}  // namespace headroom::io
