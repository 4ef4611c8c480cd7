#include "pipeline.h"

#include "analytic/solver.h"
#include "des/run.h"
#include "graph/graph.h"
#include "io/loader.h"
#include "io/results_writer.h"
#include "io/yaml_document.h"
#include "roadmap/roadmap_writer.h"
#include "roadmap/study.h"
#include "roadmap/thresholds.h"
#include "spec/source_location.h"
#include "spec/validate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>

namespace headroom::fuzz {
namespace {

void require(bool ok, const std::string& what) {
    if (!ok) throw PipelineViolation(what);
}

// The CLI prints what() as exactly one line (FILE:LINE:COL: error: ...).
void requireOneLine(const std::string& stage, const spec::InputError& e, PipelineOutcome& out) {
    const std::string message = e.what();
    require(!message.empty(), stage + ": empty error message");
    require(message.find('\n') == std::string::npos && message.find('\r') == std::string::npos,
            stage + ": error message spans lines: " + message);
    out.rejected.push_back(stage + ": " + message);
}

void requireQuantity(double v, const std::string& what) {
    require(std::isfinite(v) && v >= 0.0, what + " = " + std::to_string(v) + " (want finite, >= 0)");
}

void requireFraction(double v, const std::string& what) {
    // 1e-9: a utilisation summed over cores/instances may round past 1 in the last bits.
    require(std::isfinite(v) && v >= 0.0 && v <= 1.0 + 1e-9, what + " = " + std::to_string(v) + " (want in [0, 1])");
}

void requireOptional(const std::optional<double>& v, const std::string& what) {
    if (v) requireQuantity(*v, what);
}

void checkGraph(const graph::Graph& g) {
    const double users = g.workload().users.value_or(1000.0);
    for (double n : {1.0, users, 100000.0}) {
        for (const auto& station : g.stations(n)) {
            for (double d : station.demand) requireQuantity(d, "station demand");
            for (double d : station.asyncDemand) requireQuantity(d, "station async demand");
        }
    }
    for (const auto& c : g.components()) {
        requireFraction(c.hitRatio, "hit ratio of " + c.name);
        for (const auto& cls : g.classes()) {
            requireQuantity(g.visits(cls.id, c.id), "visits to " + c.name);
            requireQuantity(g.asyncVisits(cls.id, c.id), "async visits to " + c.name);
            requireQuantity(g.demand(c.id, cls.id, 100000.0), "demand of " + c.name);
        }
    }
    requireQuantity(g.costMonth(), "cost per month");
}

// The results contract: what every writer and panel reads.
void checkResults(const stats::Results& r, const std::string& where) {
    const std::string at = where + ": ";
    requireOptional(r.users, at + "users");
    requireOptional(r.arrivalRate, at + "arrival rate");
    requireQuantity(r.throughput, at + "throughput");
    requireFraction(r.errorRate, at + "error rate");
    requireQuantity(r.costMonth, at + "cost per month");
    requireQuantity(r.responseTime.mean, at + "mean response time");
    requireOptional(r.responseTime.p50, at + "p50");
    requireOptional(r.responseTime.p95, at + "p95");
    requireOptional(r.responseTime.p99, at + "p99");
    for (const auto& c : r.components) {
        const std::string cat = at + c.name + " ";
        requireFraction(c.utilization, cat + "utilization");
        requireQuantity(c.throughput, cat + "throughput");
        requireQuantity(c.responseTime, cat + "response time");
        requireQuantity(c.queueLength, cat + "queue length");
        requireQuantity(c.rejected, cat + "rejected");
        requireQuantity(c.timeouts, cat + "timeouts");
        requireQuantity(c.retries, cat + "retries");
        requireOptional(c.poolBusy, cat + "pool busy");
        if (c.poolWaitFraction) requireFraction(*c.poolWaitFraction, cat + "pool wait fraction");
        if (c.hitRatio) requireFraction(*c.hitRatio, cat + "hit ratio");
        requireOptional(c.consumerLag, cat + "consumer lag");
    }
    for (const auto& h : r.hosts) requireFraction(h.utilization, at + h.name + " host utilization");
    for (const auto& t : r.thresholds) {
        require(!std::isnan(t.value) && !std::isnan(t.limit), at + "threshold " + t.metric + " at " + t.where + " is NaN");
    }
    // Every writer runs; the JSON parses back (NaN and infinity are written as null).
    const std::string json = io::toJson(r);
    require(nlohmann::json::accept(json), at + "results JSON does not parse");
    (void)io::toCsv(r);
    (void)io::toTable(r);
}

void checkBreak(const roadmap::BreakingPoint& b, const std::string& where) {
    requireQuantity(b.users, where + " users");
    requireQuantity(b.lastGoodUsers, where + " last good users");
    require(b.lastGoodUsers <= b.users, where + ": last good load above the break");
    require(!b.check.metric.empty(), where + ": no metric");
}

void checkRoadmap(const roadmap::Roadmap& plan) {
    requireQuantity(plan.costMonthFinal, "roadmap final cost");
    double previous = 0.0;
    for (const auto& phase : plan.phases) {
        checkBreak(phase.breaks, "phase break");
        requireQuantity(phase.usersFrom, "phase from");
        require(phase.usersFrom >= previous, "phases out of order");
        previous = phase.usersFrom;
        requireQuantity(phase.build.costMonthBefore, "phase cost before");
        requireQuantity(phase.build.costMonthAfter, "phase cost after");
        requireQuantity(phase.build.headroomUsers, "phase headroom");
        for (const auto& a : phase.alternatives) {
            requireQuantity(a.costMonthAfter, "alternative cost");
            requireQuantity(a.headroomUsers, "alternative headroom");
            requireQuantity(a.headroomPerCost, "alternative headroom per cost");
        }
    }
    require(nlohmann::json::accept(roadmap::toJson(plan)), "roadmap JSON does not parse");
    (void)roadmap::toMarkdown(plan);
    (void)roadmap::toTable(plan);
    // The plan's final architecture is written as YAML (GUI "save the roadmap's
    // architecture") and must load back.
    const std::string yaml = io::toYaml(plan.final);
    try {
        (void)graph::build(io::loadString(yaml, "final.yaml"));
    } catch (const spec::InputError& e) {
        throw PipelineViolation(std::string("the roadmap's final architecture, written as YAML, does not load: ") + e.what());
    }
}

// The simulation at a small load: the file's population or rate capped, one
// replication of a couple of simulated seconds, cancelled past an event
// budget. A run that spends the whole budget without the clock moving is a
// zero-time loop: reported as a violation (the CLI would never end on it).
stats::Results simulate(const spec::Architecture& loaded, const PipelineLimits& limits, PipelineOutcome& out) {
    spec::Architecture a = loaded;
    if (a.workload.users) a.workload.users = std::min(*a.workload.users, limits.maxUsers);
    if (a.workload.arrivalRate) a.workload.arrivalRate = std::min(*a.workload.arrivalRate, limits.maxArrivalRate);
    for (auto& step : a.workload.profile) {
        if (step.users) step.users = std::min(*step.users, limits.maxUsers);
        if (step.arrivalRate) step.arrivalRate = std::min(*step.arrivalRate, limits.maxArrivalRate);
    }
    const graph::Graph g = graph::build(a);
    des::RunConfig config;
    config.seed = 7;
    config.replications = 1;
    config.threads = 1;
    config.horizon = limits.horizon;
    config.warmup = 0.0;
    std::atomic<bool> cancel{false};
    bool clockStuck = false;
    des::RunControl control;
    control.cancel = &cancel;
    control.progress = [&](const des::Progress& p) {
        if (p.events > limits.maxEvents) {
            if (p.fraction <= 0.0) clockStuck = true;
            cancel = true;
        }
    };
    stats::Results r = des::run(g, config, control);
    if (clockStuck) {
        const std::string what = "simulate: " + std::to_string(limits.maxEvents) +
                                 " events without the simulated clock moving (a zero-time loop)";
        require(!limits.zeroTimeLoopIsViolation, what);
        out.knownIssues.push_back(what);
    }
    out.simulatedEvents = r.events;
    r.thresholds = roadmap::checkThresholds(g, r);
    checkResults(r, "simulate");
    return r;
}

void study(const spec::Architecture& architecture, const PipelineLimits& limits) {
    roadmap::StudyOptions options;
    options.confirm = roadmap::Confirmation::None;
    options.planner.search.from = limits.studyFrom;
    options.planner.search.to = limits.studyTarget;
    options.planner.maxPhases = limits.maxPhases;
    options.planner.scenarios = false;
    options.chartPoints = limits.chartPoints;
    options.budget.replications = 1;
    options.budget.threads = 1;
    roadmap::Study s(architecture, options);
    for (const auto& p : s.sweep()) checkResults(p.results, "study sweep");
    for (const auto& b : s.crossings()) checkBreak(b, "crossing");
    checkRoadmap(s.plan());
    for (const auto& p : s.planPath()) checkResults(p.results, "plan path");
    for (const auto& p : s.todaySweep()) checkResults(p.results, "today sweep");
}

// Runs one stage: an InputError is a legitimate refusal (one line), anything
// else propagates.
template <typename F>
bool stage(const std::string& name, PipelineOutcome& out, F&& f) {
    try {
        f();
        out.stagesRun.push_back(name);
        return true;
    } catch (const spec::InputError& e) {
        requireOneLine(name, e, out);
        return false;
    }
}

}  // namespace

PipelineOutcome runPipeline(const std::string& yaml, const std::string& name, const PipelineLimits& limits) {
    PipelineOutcome out;
    spec::Architecture architecture;
    std::optional<graph::Graph> g;
    if (!stage("load", out, [&] {
            architecture = io::loadString(yaml, name);
            g.emplace(graph::build(architecture));
        })) {
        return out;
    }
    out.loaded = true;
    checkGraph(*g);
    stage("analytic", out, [&] {
        stats::Results r = analytic::solve(*g);
        r.thresholds = roadmap::checkThresholds(*g, r);
        checkResults(r, "analytic");
    });
    stage("simulate", out, [&] { simulate(architecture, limits, out); });
    stage("roadmap", out, [&] { study(architecture, limits); });
    return out;
}

}  // namespace headroom::fuzz
