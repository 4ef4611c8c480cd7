// The planner loop. Candidates are screened with the cheap solver only; the
// confirming solver (DES) places each phase's breaking point and verifies the
// final architecture at the target, so its cost is paid once per phase, not
// once per candidate.

#include "roadmap/planner.h"

#include "roadmap/thresholds.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace headroom::roadmap {

namespace {

std::string users(double n) {
    const std::string digits = std::to_string(std::llround(n));
    std::string out;
    const size_t lead = digits.size() % 3;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && i % 3 == lead % 3 && digits[i - 1] != '-') out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string money(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

struct Candidate {
    const Transformation* transformation = nullptr;
    TransformationParams params;
    spec::Architecture after;
    double costAfter = 0.0;
    double newBreak = 0.0;  ///< next break of the changed architecture (target when it holds there)
    double headroom = 0.0;
    double ratio = 0.0;     ///< headroom per currency unit
    bool overBudget = false;
    std::string nextWhat;   ///< what breaks next, for the explanation
};

// Checks whose failure means a scenario is not survived: what users see.
bool userVisible(const stats::ThresholdCheck& c) {
    return c.metric == "p95" || c.metric == "p99" || c.metric == "error_rate";
}

std::vector<stats::ThresholdCheck> visibleFailures(const stats::Results& r) {
    std::vector<stats::ThresholdCheck> out;
    for (const auto& c : r.thresholds) {
        if (!c.ok && userVisible(c)) out.push_back(c);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return severity(a) > severity(b); });
    return out;
}

std::vector<Candidate> evaluateCandidates(const spec::Architecture& architecture, const BreakingPoint& bp,
                                          double target, const PlannerOptions& options, const Solver& screen) {
    const graph::Graph g = graphAtUsers(architecture, bp.users);
    const double costBefore = g.costMonth();
    const auto& budget = architecture.slo.budgetMonth;
    std::vector<Candidate> out;
    for (const auto& t : transformations()) {
        for (const auto& params : t.applies(g, bp, options.catalogue)) {
            Candidate c;
            c.transformation = &t;
            c.params = params;
            try {
                c.after = t.apply(architecture, params, options.catalogue);
                c.costAfter = graph::build(c.after).costMonth();
            } catch (const std::exception&) {
                continue;  // does not fit this architecture after all
            }
            c.overBudget = budget && c.costAfter > *budget + 1e-9;
            SearchOptions search = options.search;
            search.from = bp.users;
            search.to = target;
            if (search.to <= search.from) search.to = search.from * options.search.precision;
            const auto next = findBreakingPoint(c.after, search, Solvers{screen, {}});
            c.newBreak = next ? next->users : target;
            if (next && next->lastGoodUsers <= 0) c.newBreak = bp.lastGoodUsers;  // still broken where it was
            if (next) c.nextWhat = next->check.metric + " at " + next->check.where;
            c.headroom = std::max(0.0, c.newBreak - bp.users);
            c.ratio = c.headroom / std::max(c.costAfter - costBefore, options.costFloor);
            out.push_back(std::move(c));
        }
    }
    return out;
}

// Best headroom per currency unit; within the tie tolerance, the simpler
// transformation, then the larger headroom, then library order.
const Candidate* choose(const std::vector<Candidate>& candidates, double minimumGain, double tieTolerance) {
    double best = 0.0;
    for (const auto& c : candidates) {
        if (!c.overBudget && c.headroom > minimumGain) best = std::max(best, c.ratio);
    }
    if (best <= 0) return nullptr;
    const Candidate* chosen = nullptr;
    for (const auto& c : candidates) {
        if (c.overBudget || c.headroom <= minimumGain || c.ratio < best * (1.0 - tieTolerance)) continue;
        if (!chosen || c.transformation->simplicity < chosen->transformation->simplicity ||
            (c.transformation->simplicity == chosen->transformation->simplicity && c.headroom > chosen->headroom)) {
            chosen = &c;
        }
    }
    return chosen;
}

}  // namespace

std::vector<Scenario> checkScenarios(const spec::Architecture& architecture, double load, int phase,
                                     const Solvers& solvers, const SpikeOptions& spike) {
    std::vector<Scenario> out;
    const Solver& solver = solvers.screen;
    // Spike: a real load profile when a profile solver (the DES) is given.
    if (solvers.profile) {
        Scenario s;
        s.name = spikeName(spike);
        s.phase = phase;
        s.users = load;
        SpikeOutcome o = runSpike(architecture, load, spike, solvers.profile);
        s.survives = o.survives;
        s.why = o.why;
        s.spike = std::move(o);
        out.push_back(std::move(s));
    } else {
        // Without a simulator: judged at the peak's steady state, which says
        // nothing about the backlog of the ramp or the recovery (named so).
        Scenario s;
        s.name = spikeName(spike) + " (steady-state estimate)";
        s.phase = phase;
        s.users = load;
        const double peak = load * spike.factor;
        const auto r = evaluate(architecture, peak, solver);
        const auto failing = visibleFailures(r);
        s.survives = failing.empty();
        s.why = s.survives ? "at " + users(peak) + " users in steady state p95, p99 and errors stay within the SLO"
                           : "at " + users(peak) + " users in steady state: " + failing.front().why;
        out.push_back(s);
    }
    // Loss of one instance of each replicated tier.
    const graph::Graph g = graphAtUsers(architecture, load);
    for (const auto& host : g.hosts()) {
        bool sharded = false, hasDatabase = false;
        for (int c : host.components) {
            sharded = sharded || g.component(c).shards > 1;
            hasDatabase = hasDatabase || g.component(c).kind == graph::ComponentKind::Database;
        }
        std::vector<std::pair<std::string, spec::Architecture>> variants;
        if (host.instances > 1 && !sharded) {
            spec::Architecture a = architecture;
            bool changed = false;
            for (auto& h : a.hosts) {
                if (h.id == host.name) h.instances -= 1, changed = true;
            }
            for (auto& c : a.components) {
                if (!c.host && c.id == host.name) c.instances -= 1, changed = true;
            }
            if (changed) variants.emplace_back("lose one instance of " + host.name, a);
        }
        if (hasDatabase) {
            for (int cid : host.components) {
                const auto& comp = g.component(cid);
                if (comp.kind != graph::ComponentKind::Database || comp.replicas < 1) continue;
                spec::Architecture a = architecture;
                for (auto& c : a.components) {
                    if (c.id == comp.name) c.replicas -= 1;
                }
                variants.emplace_back("lose one replica of " + comp.name, a);
            }
        }
        for (const auto& [name, a] : variants) {
            Scenario s;
            s.name = name;
            s.phase = phase;
            s.users = load;
            const auto r = evaluate(a, load, solver);
            const auto failing = visibleFailures(r);
            s.survives = failing.empty();
            s.why = s.survives ? "the remaining capacity carries " + users(load) + " users within the SLO"
                               : "at " + users(load) + " users: " + failing.front().why;
            out.push_back(s);
        }
    }
    return out;
}

Roadmap plan(const spec::Architecture& architecture, const PlannerOptions& options, const Solvers& solvers) {
    if (!solvers.screen) throw std::invalid_argument("plan: no screening solver");
    Roadmap roadmap;
    roadmap.architecture = architecture.name;
    roadmap.target = options.search.to;
    roadmap.initial = architecture;
    const double target = options.search.to;
    auto say = [&](const std::string& line) {
        if (options.progress) options.progress(line);
    };

    spec::Architecture current = architecture;
    double usersFrom = options.search.from;
    std::map<std::string, Deferred> deferred;
    std::vector<std::string> deferredOrder;
    std::vector<std::string> built;
    const auto& budget = architecture.slo.budgetMonth;

    const double startCost = graphAtUsers(current, usersFrom).costMonth();
    if (budget && startCost > *budget + 1e-9) {
        roadmap.reason = "the starting architecture already costs " + money(startCost) + " per month, over the budget of " +
                         money(*budget);
    }

    for (int phaseNo = 1; roadmap.reason.empty(); ++phaseNo) {
        SearchOptions search = options.search;
        search.from = usersFrom;
        if (search.to <= search.from) search.to = search.from;
        say("phase " + std::to_string(phaseNo) + ": screening " + users(search.from) + " .. " + users(target) + " users");
        std::optional<BreakingPoint> bp = findBreakingPoint(current, search, solvers);
        if (!bp && solvers.confirm) {
            // The screen holds at the target: verify with the confirming solver there.
            say("verifying the architecture at " + users(target) + " users by simulation");
            const auto r = evaluate(current, target, solvers.confirm);
            const auto failing = failingChecks(r.thresholds);
            if (failing.empty()) {
                roadmap.finalVerified = true;
            } else {
                BreakingPoint screened;
                screened.users = target;
                screened.lastGoodUsers = 0;
                screened.check = failing.front();
                screened.failing = failing;
                screened.analyticUsers = target;
                bp = confirmBreakingPoint(current, screened, search, solvers.confirm);
                if (!bp->confirmed) {
                    bp.reset();
                    roadmap.notes.push_back("the simulation at the target fails (" + failing.front().metric + " at " +
                                            failing.front().where + ") but no crossing was placed below it");
                }
            }
        }
        if (!bp) {
            roadmap.targetMet = true;
            break;
        }
        if (phaseNo > options.maxPhases) {
            roadmap.reason = "stopped after " + std::to_string(options.maxPhases) + " phases at " + users(bp->users) +
                             " users (" + bp->check.metric + " at " + bp->check.where + ")";
            break;
        }
        say("phase " + std::to_string(phaseNo) + ": " + bp->check.metric + " at " + bp->check.where + " breaks at " +
            users(bp->users) + " users; evaluating transformations");

        const auto candidates = evaluateCandidates(current, *bp, target, options, solvers.screen);
        const double minimumGain = bp->users * (options.search.precision - 1.0) * 2.0;
        const Candidate* chosen = choose(candidates, minimumGain, options.tieTolerance);
        const double costBefore = graphAtUsers(current, bp->users).costMonth();

        // Record what was considered and not built (the deferred list).
        for (const auto& c : candidates) {
            if (&c == chosen) continue;
            const std::string& id = c.transformation->id;
            if (deferred.count(id)) continue;
            Deferred d;
            d.transformation = id;
            d.neededAtUsers = bp->users;
            d.why = "considered at " + users(bp->users) + " users when " + bp->check.metric + " at " + bp->check.where +
                    " broke: " +
                    (c.overBudget ? "over the budget (" + money(c.costAfter) + " per month)"
                     : c.headroom <= minimumGain
                         ? std::string("it does not move that limit")
                         : "it buys " + users(c.headroom) + " users for +" + money(c.costAfter - costBefore) +
                               " per month, less per currency unit than the build chosen");
            deferred[id] = d;
            deferredOrder.push_back(id);
        }

        if (!chosen) {
            const Candidate* cheapestOver = nullptr;
            for (const auto& c : candidates) {
                if (c.overBudget && c.headroom > minimumGain && (!cheapestOver || c.costAfter < cheapestOver->costAfter)) {
                    cheapestOver = &c;
                }
            }
            if (cheapestOver) {
                roadmap.reason = "the budget of " + money(*budget) + " per month is too small: " + bp->check.metric +
                                 " at " + bp->check.where + " breaks at " + users(bp->users) +
                                 " users and the cheapest fix (" + cheapestOver->transformation->id + ") costs " +
                                 money(cheapestOver->costAfter) + " per month";
            } else {
                roadmap.reason = "nothing in the library moves " + bp->check.metric + " at " + bp->check.where +
                                 ", which breaks at " + users(bp->users) + " users: " + bp->check.why;
            }
            // Keep the unfixed break visible as a phase without a build.
            Phase p;
            p.usersFrom = usersFrom;
            p.usersTo = bp->users;
            p.breaks = *bp;
            p.before = current;
            p.after = current;
            p.build.costMonthBefore = p.build.costMonthAfter = costBefore;
            roadmap.phases.push_back(std::move(p));
            break;
        }

        Phase p;
        p.usersFrom = usersFrom;
        p.usersTo = bp->users;
        p.breaks = *bp;
        p.before = current;
        p.after = chosen->after;
        p.build.transformation = chosen->transformation->id;
        p.build.params = chosen->params;
        p.build.rationale = chosen->transformation->rationale(graphAtUsers(current, bp->users), chosen->params);
        p.build.costMonthBefore = costBefore;
        p.build.costMonthAfter = chosen->costAfter;
        p.build.headroomUsers = chosen->headroom;
        say("phase " + std::to_string(phaseNo) + ": build " + chosen->transformation->id +
            (chosen->params.target.empty() ? "" : " (" + chosen->params.target + ")") + ", +" +
            users(chosen->headroom) + " users for " + money(chosen->costAfter) + " per month");
        built.push_back(chosen->transformation->id);
        roadmap.phases.push_back(std::move(p));
        current = chosen->after;
        usersFrom = bp->users;
    }
    roadmap.final = current;
    roadmap.costMonthFinal = graphAtUsers(current, target).costMonth();

    // Beyond the target: what would be needed next (screened up to 10x the target).
    if (roadmap.targetMet) {
        SearchOptions beyond = options.search;
        beyond.from = target;
        beyond.to = target * 10;
        if (auto next = findBreakingPoint(current, beyond, Solvers{solvers.screen, {}})) {
            const auto candidates = evaluateCandidates(current, *next, beyond.to, options, solvers.screen);
            if (const Candidate* c = choose(candidates, 0.0, options.tieTolerance)) {
                const std::string& id = c->transformation->id;
                if (!deferred.count(id) || std::find(built.begin(), built.end(), id) != built.end()) {
                    deferredOrder.push_back(id + "#beyond");
                    deferred[id + "#beyond"] = Deferred{id, next->users,
                                                        "past the target, " + next->check.metric + " at " +
                                                            next->check.where + " breaks at " + users(next->users) +
                                                            " users; this is the best next build there"};
                }
            }
        }
    }
    for (const auto& key : deferredOrder) {
        const auto& d = deferred[key];
        const bool beyond = key.find('#') != std::string::npos;
        if (!beyond && std::find(built.begin(), built.end(), d.transformation) != built.end()) continue;
        roadmap.deferred.push_back(d);
    }
    std::stable_sort(roadmap.deferred.begin(), roadmap.deferred.end(),
                     [](const Deferred& a, const Deferred& b) { return a.neededAtUsers < b.neededAtUsers; });

    if (options.scenarios) {
        say("scenario checks");
        int phaseNo = 0;
        for (const auto& p : roadmap.phases) {
            ++phaseNo;
            if (p.build.transformation.empty()) continue;
            say("scenario checks: phase " + std::to_string(phaseNo) + " at " + users(p.usersTo) + " users");
            for (auto& s : checkScenarios(p.after, p.usersTo, phaseNo, solvers, options.spike)) {
                roadmap.scenarios.push_back(s);
            }
        }
        if (roadmap.targetMet) {
            say("scenario checks: the final architecture at " + users(target) + " users");
            for (auto& s : checkScenarios(current, target, static_cast<int>(roadmap.phases.size()), solvers, options.spike)) {
                s.name += " at the target";
                roadmap.scenarios.push_back(s);
            }
        }
    }
    return roadmap;
}

}  // namespace headroom::roadmap
