// Roadmap and sweep writers. Numbers go through one formatter (%.6g, whole
// numbers without a fraction, null for NaN/inf) so the output is stable.

#include "roadmap/roadmap_writer.h"

#include "io/text_format.h"
#include <cmath>
#include <cstdio>
#include <sstream>

namespace headroom::roadmap {

namespace {

std::string num(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[64];
    if (std::abs(v) < 1e15 && v == std::floor(v)) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.6g", v);
    }
    return buf;
}

std::string usersNum(double v) { return num(std::round(v)); }

std::string buildLabel(const Build& b) {
    if (b.transformation.empty()) return "(nothing helps)";
    return b.transformation + (b.params.target.empty() ? "" : " " + b.params.target) +
           (b.params.count > 0 ? " -> " + std::to_string(b.params.count) : "");
}

std::string valueText(const stats::ThresholdCheck& c) {
    char buf[64];
    if (c.metric == "p95" || c.metric == "p99" || c.metric == "query_time") {
        std::snprintf(buf, sizeof buf, "%.0f ms > %.0f ms", c.value * 1000, c.limit * 1000);
    } else if (c.metric == "cache_hit_ratio") {
        std::snprintf(buf, sizeof buf, "%.0f%% < %.0f%%", c.value * 100, c.limit * 100);
    } else if (c.metric == "cost_month") {
        std::snprintf(buf, sizeof buf, "%.0f > %.0f", c.value, c.limit);
    } else if (c.metric == "consumer_lag") {
        std::snprintf(buf, sizeof buf, "load %.2f >= %.2f", c.value, c.limit);
    } else {
        std::snprintf(buf, sizeof buf, "%.1f%% > %.1f%%", c.value * 100, c.limit * 100);
    }
    return buf;
}

std::string escapeCell(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

}  // namespace

std::string toJson(const Roadmap& r) {
    std::ostringstream o;
    o << "{\"architecture\": " << io::jsonString(r.architecture) << ", \"target\": " << usersNum(r.target)
      << ", \"target_met\": " << (r.targetMet ? "true" : "false") << ", \"cost_month_final\": " << num(r.costMonthFinal);
    if (!r.targetMet) o << ", \"reason\": " << io::jsonString(r.reason);
    o << ", \"final_verified\": " << (r.finalVerified ? "true" : "false");
    o << ",\n \"phases\": [";
    for (size_t i = 0; i < r.phases.size(); ++i) {
        const auto& p = r.phases[i];
        const auto& c = p.breaks.check;
        o << (i ? ",\n" : "\n") << "  {\"users_from\": " << usersNum(p.usersFrom) << ", \"users_to\": " << usersNum(p.usersTo)
          << ",\n   \"breaks\": {\"users\": " << usersNum(p.breaks.users) << ", \"metric\": " << io::jsonString(c.metric)
          << ", \"where\": " << io::jsonString(c.where) << ", \"value\": " << num(c.value) << ", \"limit\": " << num(c.limit)
          << ", \"why\": " << io::jsonString(c.why) << ", \"last_good_users\": " << usersNum(p.breaks.lastGoodUsers)
          << ", \"confirmed\": " << (p.breaks.confirmed ? "true" : "false") << ", \"method\": " << io::jsonString(p.breaks.method)
          << "},\n   \"build\": ";
        if (p.build.transformation.empty()) {
            o << "null";
        } else {
            o << "{\"transformation\": " << io::jsonString(p.build.transformation) << ", \"target\": " << io::jsonString(p.build.params.target)
              << ", \"count\": " << p.build.params.count << ", \"rationale\": " << io::jsonString(p.build.rationale)
              << ", \"cost_month_before\": " << num(p.build.costMonthBefore)
              << ", \"cost_month_after\": " << num(p.build.costMonthAfter)
              << ", \"headroom_users\": " << usersNum(p.build.headroomUsers) << "}";
        }
        // Every change evaluated against this break, ranked as the planner ranked them.
        o << ",\n   \"alternatives\": [";
        for (size_t k = 0; k < p.alternatives.size(); ++k) {
            const auto& a = p.alternatives[k];
            o << (k ? ",\n    " : "\n    ") << "{\"rank\": " << k + 1 << ", \"transformation\": " << io::jsonString(a.transformation)
              << ", \"target\": " << io::jsonString(a.params.target) << ", \"count\": " << a.params.count
              << ", \"rationale\": " << io::jsonString(a.rationale) << ", \"cost_month_after\": " << num(a.costMonthAfter)
              << ", \"headroom_users\": " << usersNum(a.headroomUsers) << ", \"headroom_per_cost\": " << num(a.headroomPerCost)
              << ", \"chosen\": " << (a.chosen ? "true" : "false") << ", \"why\": " << io::jsonString(a.why) << "}";
        }
        o << "]}";
    }
    o << "],\n \"deferred\": [";
    for (size_t i = 0; i < r.deferred.size(); ++i) {
        const auto& d = r.deferred[i];
        o << (i ? ",\n" : "\n") << "  {\"transformation\": " << io::jsonString(d.transformation)
          << ", \"needed_at_users\": " << usersNum(d.neededAtUsers) << ", \"why\": " << io::jsonString(d.why) << "}";
    }
    o << "],\n \"scenarios\": [";
    for (size_t i = 0; i < r.scenarios.size(); ++i) {
        const auto& s = r.scenarios[i];
        o << (i ? ",\n" : "\n") << "  {\"name\": " << io::jsonString(s.name) << ", \"phase\": " << s.phase
          << ", \"users\": " << usersNum(s.users) << ", \"survives\": " << (s.survives ? "true" : "false")
          << ", \"why\": " << io::jsonString(s.why);
        if (s.spike) {
            const auto& k = *s.spike;
            auto opt = [](const std::optional<double>& v) { return v ? num(*v) : std::string("null"); };
            o << ",\n   \"spike\": {\"peak_users\": " << usersNum(k.peakUsers) << ", \"seconds\": " << num(k.spikeSeconds)
              << ", \"error_rate\": " << num(k.errorRate) << ", \"timeout_rate\": " << num(k.timeoutRate)
              << ", \"p95\": " << opt(k.p95) << ", \"p99\": " << opt(k.p99)
              << ", \"first_saturated\": " << (k.firstSaturated.empty() ? std::string("null") : io::jsonString(k.firstSaturated))
              << ", \"saturation\": " << (k.saturation.empty() ? std::string("null") : io::jsonString(k.saturation))
              << ", \"saturated_after\": " << (k.saturatedAfter < 0 ? std::string("null") : num(k.saturatedAfter))
              << ", \"baseline_holds\": " << (k.baselineHolds ? "true" : "false")
              << ", \"recovered_after\": " << opt(k.recoveredAfter) << ", \"max_queue\": {";
            for (size_t q = 0; q < k.queues.size(); ++q) {
                o << (q ? ", " : "") << io::jsonString(k.queues[q].component) << ": " << num(k.queues[q].peak);
            }
            o << "}}";
        }
        o << "}";
    }
    o << "]";
    if (!r.notes.empty()) {
        o << ",\n \"notes\": [";
        for (size_t i = 0; i < r.notes.size(); ++i) o << (i ? ", " : "") << io::jsonString(r.notes[i]);
        o << "]";
    }
    o << "}\n";
    return o.str();
}

std::string toMarkdown(const Roadmap& r) {
    std::ostringstream o;
    o << "## Roadmap: " << r.architecture << "\n\n";
    o << "Target " << io::groupThousands(r.target) << " users: "
      << (r.targetMet ? "**met**" : "**not met** (" + r.reason + ")") << ". Final cost "
      << num(std::round(r.costMonthFinal)) << " per month.\n\n";
    o << "| Phase | Users | What breaks | At users | Build | Cost/month | Headroom |\n";
    o << "|---|---|---|---|---|---|---|\n";
    for (size_t i = 0; i < r.phases.size(); ++i) {
        const auto& p = r.phases[i];
        o << "| " << i + 1 << " | " << io::groupThousands(p.usersFrom) << " - " << io::groupThousands(p.usersTo) << " | "
          << escapeCell(p.breaks.check.metric + " at " + p.breaks.check.where + " (" + valueText(p.breaks.check) + ")")
          << " | " << io::groupThousands(p.breaks.users) << " | " << escapeCell(buildLabel(p.build)) << " | "
          << num(std::round(p.build.costMonthBefore)) << " -> " << num(std::round(p.build.costMonthAfter)) << " | +"
          << io::groupThousands(p.build.headroomUsers) << " |\n";
    }
    if (!r.phases.empty()) {
        o << "\nWhy each build:\n\n";
        for (size_t i = 0; i < r.phases.size(); ++i) {
            const auto& p = r.phases[i];
            if (p.build.transformation.empty()) continue;
            o << i + 1 << ". **" << p.build.transformation << "**: " << p.build.rationale << ".\n";
        }
    }
    if (!r.deferred.empty()) {
        o << "\nDeferred:\n\n| Transformation | Needed at users | Why |\n|---|---|---|\n";
        for (const auto& d : r.deferred) {
            o << "| " << d.transformation << " | " << io::groupThousands(d.neededAtUsers) << " | " << escapeCell(d.why) << " |\n";
        }
    }
    if (!r.scenarios.empty()) {
        o << "\nScenarios:\n\n| Phase | Scenario | Users | Survives | Why |\n|---|---|---|---|---|\n";
        for (const auto& s : r.scenarios) {
            o << "| " << s.phase << " | " << escapeCell(s.name) << " | " << io::groupThousands(s.users) << " | "
              << (s.survives ? "yes" : "no") << " | " << escapeCell(s.why) << " |\n";
        }
    }
    return o.str();
}

std::string toTable(const Roadmap& r) {
    std::ostringstream o;
    char line[512];
    o << r.architecture << ": target " << io::groupThousands(r.target) << " users "
      << (r.targetMet ? "met" : "NOT met: " + r.reason) << "; final cost " << num(std::round(r.costMonthFinal))
      << "/month" << (r.finalVerified ? " (final architecture verified by simulation)" : "") << "\n\n";
    std::snprintf(line, sizeof line, "%-5s %-17s %-34s %-36s %-15s %s\n", "phase", "users", "breaks", "build",
                  "cost/month", "headroom");
    o << line;
    for (size_t i = 0; i < r.phases.size(); ++i) {
        const auto& p = r.phases[i];
        const std::string users = io::groupThousands(p.usersFrom) + "-" + io::groupThousands(p.usersTo);
        const std::string breaks = p.breaks.check.metric + "@" + p.breaks.check.where;
        const std::string cost = num(std::round(p.build.costMonthBefore)) + "->" + num(std::round(p.build.costMonthAfter));
        std::snprintf(line, sizeof line, "%-5zu %-17s %-34s %-36s %-15s +%s\n", i + 1, users.c_str(), breaks.c_str(),
                      buildLabel(p.build).c_str(), cost.c_str(), io::groupThousands(p.build.headroomUsers).c_str());
        o << line;
    }
    if (!r.deferred.empty()) {
        o << "\ndeferred:\n";
        for (const auto& d : r.deferred) o << "  " << d.transformation << " at " << io::groupThousands(d.neededAtUsers) << ": " << d.why << "\n";
    }
    if (!r.scenarios.empty()) {
        o << "\nscenarios:\n";
        for (const auto& s : r.scenarios) {
            o << "  phase " << s.phase << ", " << s.name << ": " << (s.survives ? "survives" : "FAILS") << " (" << s.why << ")\n";
        }
    }
    return o.str();
}

// --- sweeps ----------------------------------------------------------------------

std::string toJson(const SweepReport& s) {
    std::ostringstream o;
    o << "{\"architecture\": " << io::jsonString(s.architecture) << ", \"method\": " << io::jsonString(s.method) << ",\n \"points\": [";
    for (size_t i = 0; i < s.points.size(); ++i) {
        const auto& p = s.points[i];
        const auto& r = p.results;
        o << (i ? ",\n" : "\n") << "  {\"users\": " << usersNum(p.users) << ", \"throughput\": " << num(r.throughput)
          << ", \"error_rate\": " << num(r.errorRate) << ", \"saturated\": " << (r.saturated ? "true" : "false")
          << ", \"cost_month\": " << num(r.costMonth) << ", \"holds\": " << (p.holds ? "true" : "false")
          << ", \"response_time\": {\"mean\": " << num(r.responseTime.mean)
          << ", \"p50\": " << (r.responseTime.p50 ? num(*r.responseTime.p50) : "null")
          << ", \"p95\": " << (r.responseTime.p95 ? num(*r.responseTime.p95) : "null")
          << ", \"p99\": " << (r.responseTime.p99 ? num(*r.responseTime.p99) : "null") << "}, \"hosts\": {";
        for (size_t h = 0; h < r.hosts.size(); ++h) {
            o << (h ? ", " : "") << io::jsonString(r.hosts[h].name) << ": {\"utilization\": " << num(r.hosts[h].utilization) << "}";
        }
        o << "}, \"failing\": [";
        bool first = true;
        for (const auto& c : r.thresholds) {
            if (c.ok) continue;
            o << (first ? "" : ", ") << "{\"metric\": " << io::jsonString(c.metric) << ", \"where\": " << io::jsonString(c.where)
              << ", \"value\": " << num(c.value) << ", \"limit\": " << num(c.limit) << "}";
            first = false;
        }
        o << "]}";
    }
    o << "],\n \"crossings\": [";
    for (size_t i = 0; i < s.crossings.size(); ++i) {
        const auto& b = s.crossings[i];
        o << (i ? ",\n" : "\n") << "  {\"users\": " << usersNum(b.users) << ", \"last_good_users\": " << usersNum(b.lastGoodUsers)
          << ", \"metric\": " << io::jsonString(b.check.metric) << ", \"where\": " << io::jsonString(b.check.where)
          << ", \"value\": " << num(b.check.value) << ", \"limit\": " << num(b.check.limit) << ", \"why\": " << io::jsonString(b.check.why)
          << "}";
    }
    o << "]}\n";
    return o.str();
}

std::string toCsv(const SweepReport& s) {
    std::ostringstream o;
    o << "users,throughput,mean,p50,p95,p99,error_rate,cost_month,holds";
    if (!s.points.empty()) {
        for (const auto& h : s.points.front().results.hosts) o << ",util_" << h.name;
    }
    o << "\n";
    for (const auto& p : s.points) {
        const auto& r = p.results;
        auto opt = [](const std::optional<double>& v) { return v ? num(*v) : std::string(); };
        o << usersNum(p.users) << "," << num(r.throughput) << "," << num(r.responseTime.mean) << ","
          << opt(r.responseTime.p50) << "," << opt(r.responseTime.p95) << "," << opt(r.responseTime.p99) << ","
          << num(r.errorRate) << "," << num(r.costMonth) << "," << (p.holds ? 1 : 0);
        for (const auto& h : r.hosts) o << "," << num(h.utilization);
        o << "\n";
    }
    return o.str();
}

std::string toTable(const SweepReport& s) {
    std::ostringstream o;
    char line[256];
    o << s.architecture << " (" << s.method << ")\n\n";
    std::snprintf(line, sizeof line, "%9s %10s %9s %9s %9s %8s %9s  %-6s %s\n", "users", "req/s", "mean ms", "p95 ms",
                  "p99 ms", "errors", "cost", "holds", "busiest host");
    o << line;
    for (const auto& p : s.points) {
        const auto& r = p.results;
        std::string busiest;
        double u = -1;
        for (const auto& h : r.hosts) {
            if (h.utilization > u) u = h.utilization, busiest = h.name;
        }
        char host[96];
        std::snprintf(host, sizeof host, "%s %.0f%%", busiest.c_str(), u * 100);
        std::snprintf(line, sizeof line, "%9s %10.1f %9.1f %9.1f %9.1f %7.2f%% %9.0f  %-6s %s\n", io::groupThousands(p.users).c_str(),
                      r.throughput, r.responseTime.mean * 1000, r.responseTime.p95.value_or(NAN) * 1000,
                      r.responseTime.p99.value_or(NAN) * 1000, r.errorRate * 100, r.costMonth, p.holds ? "yes" : "NO",
                      busiest.empty() ? "" : host);
        o << line;
    }
    o << "\nthresholds crossed, in order:\n";
    if (s.crossings.empty()) o << "  none in this range\n";
    for (size_t i = 0; i < s.crossings.size(); ++i) {
        const auto& b = s.crossings[i];
        o << "  " << i + 1 << ". " << io::groupThousands(b.users) << " users: " << b.check.metric << " at " << b.check.where << " ("
          << valueText(b.check) << ") - " << b.check.why << "\n";
    }
    return o.str();
}

}  // namespace headroom::roadmap
