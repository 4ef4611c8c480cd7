// Roadmap and sweep writers. Numbers go through one formatter (%.6g, whole
// numbers without a fraction, null for NaN/inf) so the output is stable.

#include "roadmap/roadmap_writer.h"

#include "io/json.h"
#include "io/metrics.h"
#include "io/text_format.h"
#include "io/units.h"
#include "roadmap/felt_limits.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace headroom::roadmap {

namespace {

// Roadmap figures: 6 significant digits (they are estimates; more digits would be noise).
io::Json num(double v) { return io::jsonNumber(v, 6); }

// In text (CSV, Markdown): the same digits.
std::string numText(double v) { return num(v).dump(); }

std::string usersNum(double v) { return numText(std::round(v)); }

std::string buildLabel(const Build& b) {
    if (b.transformation.empty()) return "(nothing helps)";
    return b.transformation + (b.params.target.empty() ? "" : " " + b.params.target) +
           (b.params.count > 0 ? " -> " + std::to_string(b.params.count) : "");
}

std::string valueText(const stats::ThresholdCheck& c) { return io::formatComparison(c); }

std::string escapeCell(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

}  // namespace

io::Json breakJson(const BreakingPoint& b) {
    const auto& c = b.check;
    io::Json j;
    j["users"] = io::jsonUsers(b.users);
    j["metric"] = c.metric;
    j["where"] = c.where;
    j["value"] = num(c.value);
    j["limit"] = num(c.limit);
    j["why"] = c.why;
    j["last_good_users"] = io::jsonUsers(b.lastGoodUsers);
    j["confirmed"] = b.confirmed;
    j["method"] = b.method;
    // A resilience break is a rule of holding (slo.resilience), whatever tier fails in it.
    j["nature"] = breakNature(b);
    j["scenario"] = b.scenario.empty() ? io::Json(nullptr) : io::Json(b.scenario);
    // Issue 21: a margin's load at which users would feel it (the first user-felt break of the same architecture).
    j["felt_at_users"] = b.feltAtUsers > 0 ? io::jsonUsers(b.feltAtUsers) : io::Json(nullptr);
    j["felt_metric"] = b.feltMetric.empty() ? io::Json(nullptr) : io::Json(b.feltMetric);
    j["felt_confirmed"] = b.feltConfirmed;
    return j;
}

namespace {

io::Json dateJson(const std::optional<int>& days) { return days ? io::Json(io::formatIsoDate(*days)) : io::Json(nullptr); }

std::string dateText(const std::optional<int>& days) { return days ? io::formatIsoDate(*days) : std::string("-"); }

io::Json buildJson(const Build& b) {
    return {{"transformation", b.transformation},
            {"target", b.params.target},
            {"count", b.params.count},
            {"rationale", b.rationale},
            {"cost_month_before", num(b.costMonthBefore)},
            {"cost_month_after", num(b.costMonthAfter)},
            {"headroom_users", io::jsonUsers(b.headroomUsers)},
            {"lead_time_days", num(b.leadTimeDays)},
            {"protects", b.protects.empty() ? io::Json(nullptr) : io::Json(b.protects)},
            // Issue 21: the work it takes, from the technology catalogue.
            {"kind", b.kind},
            {"title", b.title},
            {"cost_note", b.costNote},
            {"downtime", b.downtime},
            {"work", b.work},
            {"prerequisites", b.prerequisites},
            {"risks", b.risks}};
}

// A load in a table cell (the column names the unit): users, or requests per second for an open workload.
std::string loadText(double v, const Roadmap& r) { return r.openWorkload ? io::formatRate(v) : io::groupThousands(v); }
const char* loadUnit(const Roadmap& r) { return r.openWorkload ? "req/s" : "users"; }

std::string buildsLabel(const Phase& p) {
    if (p.builds.empty()) return buildLabel(p.build);
    std::string out;
    for (const auto& b : p.builds) out += (out.empty() ? "" : " + ") + buildLabel(b);
    return out;
}

}  // namespace

std::vector<const Alternative*> deferredAlternatives(const Phase& p) {
    std::vector<const Alternative*> out;
    for (const auto& a : p.alternatives) {
        if (!a.chosen) out.push_back(&a);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Alternative* a, const Alternative* b) { return a->costMonthAfter < b->costMonthAfter; });
    return out;
}

std::vector<size_t> startThisQuarter(const Roadmap& r) {
    std::vector<size_t> out;
    if (!r.today) return out;
    for (size_t i = 0; i < r.phases.size(); ++i) {
        const auto& p = r.phases[i];
        if (p.build.transformation.empty() || !p.startBy) continue;
        if (*p.startBy <= *r.today + 91) out.push_back(i);
    }
    return out;
}

std::string toJson(const Roadmap& r) {
    io::Json out;
    out["architecture"] = r.architecture;
    out["target"] = io::jsonUsers(r.target);
    out["target_met"] = r.targetMet;
    out["cost_month_final"] = num(r.costMonthFinal);
    out["spike_cost_month_final"] = num(r.spikeCostMonthFinal);
    if (!r.targetMet) out["reason"] = r.reason;
    out["final_verified"] = r.finalVerified;
    out["load_unit"] = r.openWorkload ? "requests_per_second" : "users";
    out["today"] = dateJson(r.today);
    out["target_date"] = dateJson(r.targetDate);
    out["horizon_months"] = r.today ? num(r.horizonMonths) : io::Json(nullptr);
    out["cost_total_horizon"] = r.today ? num(r.costTotalHorizon) : io::Json(nullptr);
    out["cost_total_stepwise"] = r.today ? num(r.costTotalStepwise) : io::Json(nullptr);
    out["steps"] = r.stepCount;
    const std::string from = r.openWorkload ? "rate_from" : "users_from";
    const std::string to = r.openWorkload ? "rate_to" : "users_to";
    io::Json phases = io::Json::array();
    for (const auto& p : r.phases) {
        io::Json phase;
        phase[from] = r.openWorkload ? num(p.usersFrom) : io::jsonUsers(p.usersFrom);
        phase[to] = r.openWorkload ? num(p.usersTo) : io::jsonUsers(p.usersTo);
        phase["breaks"] = breakJson(p.breaks);
        phase["build"] = p.build.transformation.empty() ? io::Json(nullptr) : buildJson(p.build);
        io::Json builds = io::Json::array();
        for (const auto& b : p.builds) builds.push_back(buildJson(b));
        phase["builds"] = std::move(builds);
        phase["needed_by"] = dateJson(p.neededBy);
        phase["start_by"] = dateJson(p.startBy);
        phase["late"] = p.late;
        phase["runway_days"] = p.neededBy ? num(std::round(p.runwayDays)) : io::Json(nullptr);
        phase["min_runway_days"] = p.neededBy ? num(std::round(p.minRunwayDays)) : io::Json(nullptr);
        phase["lead_time_days"] = num(p.leadTimeDays);
        phase["cost_month_before"] = num(p.build.costMonthBefore);
        phase["cost_month_after"] = num(p.costMonthAfter());
        phase["over_provisioning_month"] = num(p.overProvisioningMonth);
        phase["resilience_cost_month"] = num(resilienceCostMonth(r, static_cast<size_t>(&p - r.phases.data())));
        phase["spike_cost_month"] = num(p.spikeCostMonth);
        phase["spike_cost_note"] = p.spikeCostNote;
        // Every change evaluated against this break, ranked as the planner ranked them.
        io::Json alternatives = io::Json::array();
        for (size_t k = 0; k < p.alternatives.size(); ++k) {
            const auto& a = p.alternatives[k];
            alternatives.push_back({{"rank", k + 1},
                                    {"transformation", a.transformation},
                                    {"target", a.params.target},
                                    {"count", a.params.count},
                                    {"rationale", a.rationale},
                                    {"cost_month_after", num(a.costMonthAfter)},
                                    {"headroom_users", io::jsonUsers(a.headroomUsers)},
                                    {"headroom_per_cost", num(a.headroomPerCost)},
                                    {"chosen", a.chosen},
                                    {"why", a.why}});
        }
        phase["alternatives"] = std::move(alternatives);
        phases.push_back(std::move(phase));
    }
    out["phases"] = std::move(phases);
    io::Json curve = io::Json::array();
    for (const auto& c : r.costCurve) {
        curve.push_back({{r.openWorkload ? "rate" : "users", r.openWorkload ? num(c.users) : io::jsonUsers(c.users)},
                         {"date", dateJson(c.date)},
                         {"cost_month", num(c.costMonth)},
                         {"cost_per_1000", num(c.costPer1000Users)}});
    }
    out["cost_curve"] = std::move(curve);
    out["cost_break"] = r.costBreak ? breakJson(*r.costBreak) : io::Json(nullptr);
    io::Json deferred = io::Json::array();
    for (const auto& d : r.deferred) {
        deferred.push_back({{"transformation", d.transformation},
                            {"needed_at_users", io::jsonUsers(d.neededAtUsers)},
                            {"why", d.why}});
    }
    out["deferred"] = std::move(deferred);
    // Issue 21: at each phase, every alternative the planner evaluated and did
    // not build there, cheapest first, with why it is not needed yet.
    io::Json evaluated = io::Json::array();
    for (size_t i = 0; i < r.phases.size(); ++i) {
        const auto& p = r.phases[i];
        const auto list = deferredAlternatives(p);
        if (list.empty()) continue;
        io::Json alternatives = io::Json::array();
        for (const auto* a : list) {
            alternatives.push_back({{"transformation", a->transformation},
                                    {"target", a->params.target},
                                    {"count", a->params.count},
                                    {"added_cost_month", num(a->costMonthAfter - p.build.costMonthBefore)},
                                    {"headroom_users", io::jsonUsers(a->headroomUsers)},
                                    {"why", a->why}});
        }
        evaluated.push_back({{"phase", i + 1},
                             {r.openWorkload ? "rate" : "users", r.openWorkload ? num(p.usersTo) : io::jsonUsers(p.usersTo)},
                             {"breaks", p.breaks.check.metric + " at " + p.breaks.check.where},
                             {"alternatives", std::move(alternatives)}});
    }
    out["deferred_by_phase"] = std::move(evaluated);
    io::Json scenarios = io::Json::array();
    for (const auto& s : r.scenarios) {
        io::Json j{{"name", s.name},
                   {"kind", s.kind},
                   {"phase", s.phase},
                   {"users", io::jsonUsers(s.users)},
                   {"required", s.required},
                   {"survives", s.survives},
                   {"protected_by", s.protectedBy.empty() ? io::Json(nullptr) : io::Json(s.protectedBy)},
                   {"why", s.why}};
        if (s.spike) {
            const auto& k = *s.spike;
            auto text = [](const std::string& t) { return t.empty() ? io::Json(nullptr) : io::Json(t); };
            io::Json queues = io::Json::object();
            for (const auto& q : k.queues) queues[q.component] = num(q.peak);
            j["spike"] = {{"peak_users", io::jsonUsers(k.peakUsers)},
                          {"seconds", num(k.spikeSeconds)},
                          {"error_rate", num(k.errorRate)},
                          {"timeout_rate", num(k.timeoutRate)},
                          {"p95", io::jsonNumber(k.p95, 6)},
                          {"p99", io::jsonNumber(k.p99, 6)},
                          {"first_saturated", text(k.firstSaturated)},
                          {"saturation", text(k.saturation)},
                          {"saturated_after", k.saturatedAfter < 0 ? io::Json(nullptr) : num(k.saturatedAfter)},
                          {"baseline_holds", k.baselineHolds},
                          {"recovered_after", io::jsonNumber(k.recoveredAfter, 6)},
                          {"max_queue", std::move(queues)},
                          {"react", num(k.react)},
                          {"simulated_hold", num(k.simulatedHold)},
                          {"judged_error_rate", num(k.judgedErrorRate)},
                          {"judged_p99", io::jsonNumber(k.judgedP99, 6)}};
            io::Json series = io::Json::array();
            for (const auto& p : k.series) {
                io::Json point{{"time", num(p.time)},
                               {"users", num(p.users)},
                               {"instances", num(p.instances)},
                               {"queue", num(p.queue)},
                               {"errors", num(p.errorRate)},
                               {"p99", io::jsonNumber(p.p99, 6)}};
                // storms (issue 17): present only where the scenario measures them
                if (p.hitRatio) point["hit_ratio"] = io::jsonNumber(p.hitRatio, 6);
                if (p.utilization) point["utilization"] = io::jsonNumber(p.utilization, 6);
                if (p.goodput) point["goodput"] = io::jsonNumber(p.goodput, 6);
                series.push_back(std::move(point));
            }
            j["series"] = std::move(series);
        }
        scenarios.push_back(std::move(j));
    }
    out["scenarios"] = std::move(scenarios);
    if (!r.notes.empty()) out["notes"] = r.notes;
    return io::dumpJson(out);
}

std::string timelineSummary(const Roadmap& r) {
    if (!r.today) return {};
    std::string s = "From " + io::formatIsoDate(*r.today) + ", the target of " + io::formatLoad(r.target, r.openWorkload) +
                    " is reached by " + dateText(r.targetDate) + " (" +
                    io::formatNumber("%.0f", r.horizonMonths) + " months) at the stated growth: " +
                    std::to_string(r.phases.size()) + " phase" + (r.phases.size() == 1 ? "" : "s") + " (" +
                    std::to_string(r.stepCount) + " builds), total cost over the horizon " +
                    io::formatMoney(r.costTotalHorizon) + " (built one step at a time: " +
                    io::formatMoney(r.costTotalStepwise) + ").";
    if (r.costBreak) s += " Cost curve: " + r.costBreak->check.why + ".";
    return s;
}

namespace {

// The phases that pay for resilience: the protection builds so far and the
// spike-hours of their autoscaled copies, one line each ("" when none pays).
std::vector<std::string> resilienceCostLines(const Roadmap& r) {
    std::vector<std::string> out;
    for (size_t i = 0; i < r.phases.size(); ++i) {
        const Phase& p = r.phases[i];
        const double total = resilienceCostMonth(r, i);
        if (!(total > 0.005)) continue;
        std::string line = "phase " + std::to_string(i + 1) + ": " + io::formatMoney(total) + " per month";
        if (p.spikeCostMonth > 0.0) {
            line += " (protection builds " + io::formatMoney(total - p.spikeCostMonth) + ", spike-hours " +
                    io::formatNumber("%.2f", p.spikeCostMonth) + ": " + p.spikeCostNote + ")";
        }
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace

std::string toMarkdown(const Roadmap& r) {
    std::ostringstream o;
    o << "## Roadmap: " << r.architecture << "\n\n";
    o << "Target " << io::formatLoad(r.target, r.openWorkload) << ": "
      << (r.targetMet ? "**met**" : "**not met** (" + r.reason + ")") << ". Final cost "
      << io::formatMoney(r.costMonthFinal) << " per month.\n\n";
    if (r.today) o << timelineSummary(r) << "\n\n";
    const auto now = startThisQuarter(r);
    if (!now.empty()) {
        o << "**Start this quarter:**\n\n";
        for (size_t i : now) {
            const auto& p = r.phases[i];
            o << "- Phase " << i + 1 << ": " << escapeCell(buildsLabel(p)) << " — start by " << dateText(p.startBy)
              << (p.late ? " (late: start now)" : "") << ", needed by " << dateText(p.neededBy) << ".\n";
        }
        o << "\n";
    }
    o << "| Phase | " << (r.openWorkload ? "Req/s" : "Users") << " | What breaks | Needed by | Start by | Builds | Cost/month |\n";
    o << "|---|---|---|---|---|---|---|\n";
    for (size_t i = 0; i < r.phases.size(); ++i) {
        const auto& p = r.phases[i];
        o << "| " << i + 1 << " | " << loadText(p.usersFrom, r) << " - " << loadText(p.usersTo, r) << " | "
          << escapeCell(p.breaks.check.metric + " at " + p.breaks.check.where + " (" + valueText(p.breaks.check) + ")")
          << " | " << dateText(p.neededBy) << " | " << dateText(p.startBy) << (p.late ? " (late)" : "") << " | "
          << escapeCell(buildsLabel(p)) << " | " << io::formatMoney(p.build.costMonthBefore) << " -> "
          << io::formatMoney(p.costMonthAfter()) << " |\n";
    }
    if (const auto lines = resilienceCostLines(r); !lines.empty()) {
        o << "\nResilience cost (protection builds so far + autoscaled copies during the spikes):\n\n";
        for (const auto& l : lines) o << "- " << escapeCell(l) << "\n";
    }
    if (!r.phases.empty()) {
        o << "\nWhy each build:\n\n";
        for (size_t i = 0; i < r.phases.size(); ++i) {
            const auto& p = r.phases[i];
            for (const auto& b : p.builds) {
                o << i + 1 << ". **" << b.transformation << "** (" << io::formatNumber("%.0f", b.leadTimeDays)
                  << " days): " << b.rationale << ".\n";
            }
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
    char line[1024];
    o << r.architecture << ": target " << io::formatLoad(r.target, r.openWorkload) << " "
      << (r.targetMet ? "met" : "NOT met: " + r.reason) << "; final cost " << io::formatMoney(r.costMonthFinal)
      << "/month" << (r.finalVerified ? " (final architecture verified by simulation)" : "") << "\n";
    if (r.today) o << timelineSummary(r) << "\n";
    o << "\n";
    std::snprintf(line, sizeof line, "%-5s %-19s %-34s %-10s %-10s %-15s %s\n", "phase", loadUnit(r), "breaks",
                  "needed by", "start by", "cost/month", "builds");
    o << line;
    for (size_t i = 0; i < r.phases.size(); ++i) {
        const auto& p = r.phases[i];
        const std::string load = loadText(p.usersFrom, r) + "-" + loadText(p.usersTo, r);
        const std::string breaks = p.breaks.check.metric + "@" + p.breaks.check.where;
        const std::string cost = io::formatMoney(p.build.costMonthBefore) + "->" + io::formatMoney(p.costMonthAfter());
        const std::string start = dateText(p.startBy) + (p.late ? "!" : "");
        std::snprintf(line, sizeof line, "%-5zu %-19s %-34s %-10s %-10s %-15s %s\n", i + 1, load.c_str(), breaks.c_str(),
                      dateText(p.neededBy).c_str(), start.c_str(), cost.c_str(), buildsLabel(p).c_str());
        o << line;
    }
    if (std::any_of(r.phases.begin(), r.phases.end(), [](const Phase& p) { return p.late; })) {
        o << "(! start-by date already past: the lead time is longer than the time left; start now)\n";
    }
    if (const auto lines = resilienceCostLines(r); !lines.empty()) {
        o << "\nresilience cost (protection builds so far + autoscaled copies during the spikes):\n";
        for (const auto& l : lines) o << "  " << l << "\n";
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
    if (!r.notes.empty()) {
        o << "\nnotes:\n";
        for (const auto& n : r.notes) o << "  " << n << "\n";
    }
    return o.str();
}

// --- sweeps ----------------------------------------------------------------------

std::string toJson(const SweepReport& s) {
    io::Json out;
    out["architecture"] = s.architecture;
    out["method"] = s.method;
    io::Json points = io::Json::array();
    for (const auto& p : s.points) {
        const auto& r = p.results;
        io::Json hosts = io::Json::object();
        for (const auto& h : r.hosts) hosts[h.name] = {{"utilization", num(h.utilization)}};
        io::Json failing = io::Json::array();
        for (const auto& c : r.thresholds) {
            if (c.ok) continue;
            failing.push_back({{"metric", c.metric}, {"where", c.where}, {"value", num(c.value)}, {"limit", num(c.limit)}});
        }
        points.push_back({{"users", io::jsonUsers(p.users)},
                          {"throughput", num(r.throughput)},
                          {"error_rate", num(r.errorRate)},
                          {"saturated", r.saturated},
                          {"cost_month", num(r.costMonth)},
                          {"holds", p.holds},
                          {"response_time",
                           {{"mean", num(r.responseTime.mean)},
                            {"p50", io::jsonNumber(r.responseTime.p50, 6)},
                            {"p95", io::jsonNumber(r.responseTime.p95, 6)},
                            {"p99", io::jsonNumber(r.responseTime.p99, 6)}}},
                          {"hosts", std::move(hosts)},
                          {"failing", std::move(failing)}});
    }
    out["points"] = std::move(points);
    io::Json crossings = io::Json::array();
    for (const auto& b : s.crossings) crossings.push_back(breakJson(b));
    out["crossings"] = std::move(crossings);
    return io::dumpJson(out);
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
        auto opt = [](const std::optional<double>& v) { return v ? numText(*v) : std::string(); };
        o << usersNum(p.users) << "," << numText(r.throughput) << "," << numText(r.responseTime.mean) << ","
          << opt(r.responseTime.p50) << "," << opt(r.responseTime.p95) << "," << opt(r.responseTime.p99) << ","
          << numText(r.errorRate) << "," << numText(r.costMonth) << "," << (p.holds ? 1 : 0);
        for (const auto& h : r.hosts) o << "," << numText(h.utilization);
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
