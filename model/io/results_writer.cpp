#include "io/results_writer.h"

#include "io/text_format.h"
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace headroom::io {

namespace {

std::string optionalNumber(const std::optional<double>& value)
{
    return value ? formatNumber(*value) : "null";
}

std::string interval(const std::optional<stats::Interval>& ci)
{
    if (!ci)
        return "null";
    std::string out;
    out.append("[").append(formatNumber(ci->low)).append(", ").append(formatNumber(ci->high)).append("]");
    return out;
}

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

std::string toJson(const stats::Results& r, bool includeWallSeconds)
{
    std::ostringstream out;
    const bool des = r.method == stats::Method::Des;
    out << "{\n";
    out << "  \"architecture\": " << jsonString(r.architecture) << ",\n";
    out << "  \"method\": \"" << (des ? "des" : "analytic") << "\",\n";
    out << "  \"users\": " << optionalNumber(r.users) << ",\n";
    out << "  \"arrival_rate\": " << optionalNumber(r.arrivalRate) << ",\n";
    out << "  \"throughput\": " << formatNumber(r.throughput) << ",\n";
    out << "  \"error_rate\": " << formatNumber(r.errorRate) << ",\n";
    out << "  \"saturated\": " << (r.saturated ? "true" : "false") << ",\n";
    out << "  \"cost_month\": " << formatNumber(r.costMonth) << ",\n";
    const auto& rt = r.responseTime;
    out << "  \"response_time\": {\"mean\": " << formatNumber(rt.mean) << ", \"p50\": " << optionalNumber(rt.p50)
        << ", \"p95\": " << optionalNumber(rt.p95) << ", \"p99\": " << optionalNumber(rt.p99)
        << ", \"ci95\": " << interval(rt.ci95);
    if (rt.percentilesApproximate)
        out << ", \"percentiles_approximate\": true";
    out << "},\n";
    out << "  \"components\": {";
    for (std::size_t i = 0; i < r.components.size(); ++i) {
        const auto& c = r.components[i];
        out << (i ? ",\n" : "\n") << "    " << jsonString(c.name) << ": {\"utilization\": " << formatNumber(c.utilization)
            << ", \"throughput\": " << formatNumber(c.throughput) << ", \"response_time\": " << formatNumber(c.responseTime)
            << ", \"queue_length\": " << formatNumber(c.queueLength) << ", \"rejected\": " << formatNumber(c.rejected)
            << ", \"timeouts\": " << formatNumber(c.timeouts) << ", \"retries\": " << formatNumber(c.retries);
        if (c.utilizationCi95)
            out << ", \"utilization_ci95\": " << interval(c.utilizationCi95);
        if (c.poolBusy)
            out << ", \"pool_busy\": " << formatNumber(*c.poolBusy);
        if (c.poolWaitFraction)
            out << ", \"pool_wait_fraction\": " << formatNumber(*c.poolWaitFraction);
        if (c.hitRatio)
            out << ", \"hit_ratio\": " << formatNumber(*c.hitRatio);
        if (c.consumerLag)
            out << ", \"consumer_lag\": " << formatNumber(*c.consumerLag);
        out << "}";
    }
    out << (r.components.empty() ? "},\n" : "\n  },\n");
    out << "  \"hosts\": {";
    for (std::size_t i = 0; i < r.hosts.size(); ++i) {
        const auto& h = r.hosts[i];
        out << (i ? ",\n" : "\n") << "    " << jsonString(h.name) << ": {\"utilization\": " << formatNumber(h.utilization);
        if (h.ci95)
            out << ", \"ci95\": " << interval(h.ci95);
        out << "}";
    }
    out << (r.hosts.empty() ? "},\n" : "\n  },\n");
    out << "  \"thresholds\": [";
    for (std::size_t i = 0; i < r.thresholds.size(); ++i) {
        const auto& t = r.thresholds[i];
        out << (i ? ",\n" : "\n") << "    {\"metric\": " << jsonString(t.metric) << ", \"where\": " << jsonString(t.where)
            << ", \"value\": " << formatNumber(t.value) << ", \"limit\": " << formatNumber(t.limit)
            << ", \"ok\": " << (t.ok ? "true" : "false");
        if (!t.why.empty())
            out << ", \"why\": " << jsonString(t.why);
        out << "}";
    }
    out << (r.thresholds.empty() ? "]" : "\n  ]");
    if (des) {
        out << ",\n  \"events\": " << r.events;
        if (includeWallSeconds)
            out << ",\n  \"wall_seconds\": " << formatNumber(r.wallSeconds);
        out << ",\n  \"replications\": " << r.replications;
        out << ",\n  \"seed\": " << r.seed;
        out << ",\n  \"horizon\": " << formatNumber(r.horizon);
        out << ",\n  \"warmup\": " << formatNumber(r.warmup);
    }
    if (r.cancelled)
        out << ",\n  \"cancelled\": true";
    out << ",\n  \"notes\": [";
    for (std::size_t i = 0; i < r.notes.size(); ++i)
        out << (i ? ", " : "") << jsonString(r.notes[i]);
    out << "]\n}\n";
    return out.str();
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
            std::snprintf(line, sizeof line, "%-4s %-16s %-20.20s %.4g (limit %.4g)\n", t.ok ? "ok" : "FAIL",
                          t.metric.c_str(), t.where.c_str(), t.value, t.limit);
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
