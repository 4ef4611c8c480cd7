// The planner loop. Candidates are screened with the cheap solver only; the
// confirming solver (DES) places each phase's breaking point and verifies the
// final architecture at the target, so its cost is paid once per phase, not
// once per candidate.

#include "roadmap/planner.h"

#include "io/metrics.h"
#include "io/text_format.h"
#include "io/yaml_document.h"
#include "roadmap/autoscale_fluid.h"
#include "roadmap/catalogue_rules.h"
#include "roadmap/felt_limits.h"
#include "roadmap/spike_cost.h"
#include "roadmap/solvers.h"
#include "roadmap/thresholds.h"
#include "roadmap/timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

namespace headroom::roadmap {

bool plansResilience(const PlannerOptions& options, const spec::Architecture& architecture) {
    return options.resilience.value_or(architecture.slo.resilience.stated());
}

namespace {

std::string money(double v) { return io::formatMoney(v); }

struct Candidate {
    const Transformation* transformation = nullptr;  ///< the (last) change
    TransformationParams params;
    const Transformation* first = nullptr;  ///< a pair: this change is built first ...
    TransformationParams firstParams;
    spec::Architecture between;             ///< ... giving this
    double costBetween = 0.0;
    spec::Architecture after;
    double costAfter = 0.0;
    double newBreak = 0.0;  ///< next load break of the changed architecture (target when it holds there)
    double headroom = 0.0;
    double ratio = 0.0;     ///< headroom per currency unit
    double addedCost = 0.0;
    bool overBudget = false;
    bool fixes = false;     ///< it fixes the break: moves a load limit far enough, or removes the single point of failure
    bool ownFixed = false;  ///< load break: its own check (metric at where) holds at the break's load
    std::string nextWhat;   ///< what breaks next, for the explanation
    int simplicity() const { return transformation->simplicity + (first ? first->simplicity : 0); }
    std::string id() const { return first ? first->id + "+" + transformation->id : transformation->id; }
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

/// What a spike's peak is judged by (the Resilience contract: errors and p99
/// within the SLO once the reaction time has passed): the failing error-rate
/// and p99 checks of the peak's results, worst first. The planner's
/// resilience break and the scenario checks both use it.
std::vector<stats::ThresholdCheck> spikeFailures(const stats::Results& peak) {
    std::vector<stats::ThresholdCheck> out;
    for (const auto& c : visibleFailures(peak)) {
        if (c.metric == "p99" || c.metric == "error_rate") out.push_back(c);
    }
    return out;
}

bool isRuleBreak(const BreakingPoint& bp) { return bp.method == "rule"; }

// The availability rule's first break in [from, to]: at max(from, the rule's
// threshold) when a tier there has a single copy.
std::optional<BreakingPoint> availabilityBreak(const spec::Architecture& a, double from, double to,
                                               const PlannerOptions& o) {
    if (!(o.redundancyFrom > 0) || o.redundancyFrom > to) return std::nullopt;
    const double at = std::max(from, o.redundancyFrom);
    std::vector<stats::ThresholdCheck> failing;
    for (const auto& c : redundancyChecks(graphAtUsers(a, at), at, o.redundancyFrom)) {
        if (!c.ok) failing.push_back(c);
    }
    if (failing.empty()) return std::nullopt;
    BreakingPoint bp;
    bp.users = at;
    bp.lastGoodUsers = at > from ? at / o.search.precision : 0.0;
    bp.analyticUsers = at;
    bp.check = failing.front();
    bp.failing = failing;
    bp.method = "rule";
    return bp;
}

bool stillFails(const spec::Architecture& a, const BreakingPoint& bp, const PlannerOptions& o) {
    for (const auto& c : redundancyChecks(graphAtUsers(a, bp.users), bp.users, o.redundancyFrom)) {
        if (!c.ok && c.where == bp.check.where) return true;
    }
    return false;
}

// ---- Resilience as part of holding (slo.resilience; issue 16) --------------

bool isScenarioBreak(const BreakingPoint& bp) { return !bp.scenario.empty(); }

// What fixing a rule or scenario break does, in words: "removes the single
// point of failure", "makes it survive the spike" (negative: "does not ...").
std::string fixesText(const BreakingPoint& bp, bool positive) {
    if (bp.scenario.empty()) {
        return positive ? "removes the single point of failure" : "does not remove the single point of failure";
    }
    const std::string what = bp.scenario == "spike" ? "the spike" : "the loss of one instance";
    return (positive ? "makes it survive " : "does not make it survive ") + what;
}

// What to act on in a failing scenario's state: the most severe failing
// capacity check (a tier: utilisation, pool), else the user-visible one.
// A saturated machine comes first: a pool fails as often because what its
// holders call is saturated (threads waiting on a database) as by itself.
stats::ThresholdCheck culprit(const stats::Results& r) {
    const auto failing = failingChecks(r.thresholds);
    for (const auto& c : failing) {
        if (c.metric == "utilization") return c;
    }
    for (const auto& c : failing) {
        if (!userVisible(c)) return c;
    }
    return failing.empty() ? stats::ThresholdCheck{} : failing.front();
}

struct ResilienceFailure {
    std::string scenario;  ///< spike | instance_loss
    stats::ThresholdCheck check;
};

}  // namespace

std::vector<std::pair<std::string, spec::Architecture>> instanceLossVariants(const spec::Architecture& architecture,
                                                                            double load) {
    std::vector<std::pair<std::string, spec::Architecture>> variants;
    const graph::Graph g = graphAtUsers(architecture, load);
    for (const auto& host : g.hosts()) {
        bool sharded = false, hasDatabase = false;
        for (int c : host.components) {
            sharded = sharded || g.component(c).shards > 1;
            hasDatabase = hasDatabase || g.component(c).kind == graph::ComponentKind::Database;
        }
        // An autoscaled tier replaces a lost machine by itself (its reaction is
        // the spike's question); its count cannot go below its minimum.
        if (host.instances > 1 && !sharded && !host.autoscale) {
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
    }
    return variants;
}

namespace {

// The spike of slo.resilience judged by the screen, when `a` does not
// survive it at `load`: its peak's steady state (the error rate and p99, as
// the contract judges it after the reaction time), then an autoscaler too
// slow for the reaction time (the fluid of roadmap/autoscale_fluid.h).
std::optional<ResilienceFailure> spikeFailure(const spec::Architecture& a, double load, const Solver& screen) {
    const spec::Resilience& res = a.slo.resilience;
    const double factor = res.spike.factor;
    const std::string spikeText = "the x" + io::formatNumber("%g", factor) + " spike at " + io::groupThousands(load);
    const auto peak = evaluate(a, load * factor, screen);
    if (const auto failing = spikeFailures(peak); !failing.empty()) {
        ResilienceFailure f{"spike", culprit(peak)};
        f.check.why = spikeText + " (" + io::groupThousands(load * factor) + " at its peak): " + failing.front().why;
        return f;
    }
    // The peak holds; where an autoscaler has to add copies for it, the
    // backlog built before they serve must not delay the requests issued
    // after the reaction time past the p99 (the fluid above).
    std::optional<stats::Results> base;
    for (const auto& comp : a.components) {
        if (!comp.autoscale) continue;
        const spec::Autoscale& rule = *comp.autoscale;
        if (!base) base = evaluate(a, load, screen);
        for (size_t h = 0; h < peak.hosts.size() && h < base->hosts.size(); ++h) {
            if (peak.hosts[h].name != comp.id) continue;
            const double need = peak.hosts[h].instances.value_or(comp.instances);
            const double have = base->hosts[h].instances.value_or(comp.instances);
            if (need <= have) continue;
            const SpikeOptions shape = shapedBy(SpikeOptions{}, res.spike);
            const double end = shape.ramp + simulatedHold(shape);
            // The work offered in copies kept busy: utilisation x copies, at the base and at the peak.
            const FluidReaction reaction =
                autoscaleReaction(rule, static_cast<int>(std::lround(have)), base->hosts[h].utilization * have,
                                  peak.hosts[h].utilization * need, shape.ramp, shape.react, end);
            const bool never = rule.targetUtilization >= 1.0;
            if (!never && reaction.worstWait <= a.slo.p99) continue;
            ResilienceFailure f{"spike", culprit(peak)};
            f.check.metric = "utilization";
            f.check.where = comp.id;
            f.check.ok = false;
            // What the copies it has would run at the peak, against the utilisation limit.
            f.check.value = need / have * rule.targetUtilization;
            f.check.limit = a.slo.utilization;
            f.check.why =
                spikeText + ": " + comp.id + " needs " + io::groupThousands(need) + " copies instead of " +
                io::groupThousands(have) +
                (never ? std::string(", which a target of 100% busy never orders")
                       : ": ordered as its load rises, " +
                             (reaction.lastServing > 0.0 ? "the last serve " + io::formatDurationText(reaction.lastServing) +
                                                               " into the spike"
                                                         : std::string("none serve within the spike")) +
                             ", and the work queued meanwhile still delays requests issued after the " +
                             io::formatDurationText(shape.react) + " reaction by up to " +
                             io::formatDurationText(reaction.worstWait) + " (p99 limit " + io::formatDurationText(a.slo.p99) +
                             "; fluid estimate)");
            return f;
        }
    }
    return std::nullopt;
}

// The first scenario of slo.resilience that `a` does not survive at `load`,
// judged by the screen: the spike (spikeFailure), then the loss of any one instance.
std::optional<ResilienceFailure> resilienceFailure(const spec::Architecture& a, double load, const Solver& screen) {
    if (auto spike = spikeFailure(a, load, screen)) return spike;
    const spec::Resilience& res = a.slo.resilience;
    if (res.instanceLoss) {
        for (const auto& [name, variant] : instanceLossVariants(a, load)) {
            const auto r = evaluate(variant, load, screen);
            const auto failing = visibleFailures(r);
            if (failing.empty()) continue;
            ResilienceFailure f{"instance_loss", culprit(r)};
            // Name the tier that was lost: that is where a spare belongs.
            const std::string tier = name.substr(name.rfind(' ') + 1);
            if (f.check.where != tier) {
                f.check.metric = "utilization";
                f.check.where = tier;
                f.check.ok = false;
                f.check.value = 0.0;
                for (const auto& h : r.hosts) {
                    if (h.name == tier) f.check.value = h.utilization;
                }
                f.check.limit = a.slo.utilization;
            }
            f.check.why = "with one instance lost (" + name + ") at " + io::groupThousands(load) + ": " + failing.front().why;
            return f;
        }
    }
    return std::nullopt;
}

// The lowest load in [from, to] (from slo.resilience.from_users on) at which a
// resilience scenario fails, placed by the screen to the search's precision.
std::optional<BreakingPoint> resilienceBreak(const spec::Architecture& a, double from, double to, const PlannerOptions& o,
                                             const Solver& screen) {
    if (!plansResilience(o, a)) return std::nullopt;
    const double start = std::max(from, a.slo.resilience.fromUsers);
    if (start > to) return std::nullopt;
    auto failure = resilienceFailure(a, start, screen);
    double good = 0.0, bad = start;
    if (!failure) {
        good = start;
        double x = start;
        while (!failure) {
            if (x >= to) return std::nullopt;
            x = std::min(to, x * 1.25);
            failure = resilienceFailure(a, x, screen);
            if (failure) bad = x;
            else good = x;
        }
        while (bad / good > o.search.precision) {
            const double mid = std::sqrt(good * bad);
            if (auto f = resilienceFailure(a, mid, screen)) failure = f, bad = mid;
            else good = mid;
        }
    } else if (start > from) {
        good = start / o.search.precision;  // below from_users the scenarios are not required
    }
    BreakingPoint bp;
    bp.users = bad;
    bp.lastGoodUsers = good;
    bp.analyticUsers = bad;
    bp.check = failure->check;
    bp.failing = {failure->check};
    bp.scenario = failure->scenario;
    return bp;
}

// Fills the figures of a candidate whose `after` (and costs) are set.
// `failingBefore`: load checks failing at the break's load before the change.
void score(Candidate& c, const BreakingPoint& bp, double target, double costBefore, double minimumGain,
           size_t failingBefore, const spec::Architecture& architecture, const PlannerOptions& options,
           const Solver& screen) {
    const auto& budget = architecture.slo.budgetMonth;
    // Autoscaling pays its floor every month and its spike-hours on top (spike_cost.h).
    double spikeAdded = 0.0;
    if (c.transformation->id == "autoscale") {
        spikeAdded = spikeCost(c.after, bp.users, screen).costMonth - spikeCost(architecture, bp.users, screen).costMonth;
    }
    c.overBudget = budget && c.costAfter + spikeAdded > *budget + 1e-9;
    c.addedCost = c.costAfter - costBefore + spikeAdded;
    SearchOptions search = options.search;
    search.from = bp.users;
    search.to = target;
    if (search.to <= search.from) search.to = search.from * options.search.precision;
    const auto next = findBreakingPoint(c.after, search, Solvers{screen, {}});
    c.newBreak = next ? next->users : target;
    const bool holdsHere = !next || next->lastGoodUsers > 0;
    if (!holdsHere) c.newBreak = isRuleBreak(bp) ? bp.users : bp.lastGoodUsers;  // still broken where it was
    if (next) c.nextWhat = next->check.metric + " at " + next->check.where;
    c.headroom = std::max(0.0, c.newBreak - bp.users);
    c.ratio = c.headroom / std::max(c.addedCost, options.costFloor);
    if (isScenarioBreak(bp)) {
        // It must make the architecture survive every scenario at the break's
        // load without making the load worse there.
        const auto still = resilienceFailure(c.after, bp.users, screen);
        const bool loadHolds =
            holdsHere || failingChecks(evaluate(c.after, bp.users, screen).thresholds).size() <= failingBefore;
        c.fixes = !still && loadHolds;
        // Progress: what failed in the scenario (its tier) no longer does; the
        // next step at the same load takes the tier that fails next (a x10
        // spike asks every tier for ten times its load).
        // (Shedding load only moves a failure into errors: admission control
        // counts only when it makes the scenario survive.)
        c.ownFixed = loadHolds && c.transformation->id != "admission_control" &&
                     (!still || still->scenario != bp.scenario || still->check.metric != bp.check.metric ||
                      still->check.where != bp.check.where);
        if (still) c.nextWhat = still->check.metric + " at " + still->check.where + " in the " + still->scenario;
    } else if (isRuleBreak(bp)) {
        // It must remove the single point of failure without making the load worse
        // there (usually: the load holds; when another limit breaks at the same
        // load, the next phase takes it).
        c.fixes = !stillFails(c.after, bp, options) &&
                  (holdsHere || failingChecks(evaluate(c.after, bp.users, screen).thresholds).size() <= failingBefore);
    } else {
        c.fixes = c.headroom > minimumGain;
        // Two limits that break at (nearly) the same load: a change that fixes this
        // one still counts as progress even when the other caps its headroom.
        c.ownFixed = true;
        for (const auto& check : evaluate(c.after, bp.users, screen).thresholds) {
            if (!check.ok && check.metric == bp.check.metric && check.where == bp.check.where) c.ownFixed = false;
        }
    }
}

std::vector<Candidate> singleCandidates(const spec::Architecture& architecture, const BreakingPoint& bp,
                                        const PlannerOptions& options) {
    const graph::Graph g = graphAtUsers(architecture, bp.users);
    std::vector<Candidate> out;
    for (const auto& t : transformations()) {
        for (const auto& params : t.applies(g, bp, options.catalogue)) {
            // Only the builds the technology catalogue lists for the kind they act on (issue 21).
            if (!options.catalogue.allows(buildKind(g, t.id, params), t.id)) continue;
            Candidate c;
            c.transformation = &t;
            c.params = params;
            try {
                c.after = t.apply(architecture, params, options.catalogue);
                c.costAfter = graph::build(c.after).costMonth();
            } catch (const std::exception&) {
                continue;  // does not fit this architecture after all
            }
            out.push_back(std::move(c));
        }
    }
    return out;
}

std::vector<Candidate> evaluateCandidates(const spec::Architecture& architecture, const BreakingPoint& bp,
                                          double target, const PlannerOptions& options, const Solver& screen,
                                          double minimumGain) {
    const double costBefore = graphAtUsers(architecture, bp.users).costMonth();
    const size_t failingBefore = failingChecks(evaluate(architecture, bp.users, screen).thresholds).size();
    std::vector<Candidate> out;
    for (auto& c : singleCandidates(architecture, bp, options)) {
        try {
            score(c, bp, target, costBefore, minimumGain, failingBefore, architecture, options, screen);
        } catch (const spec::InputError&) {
            throw;
        } catch (const std::exception&) {
            continue;  // the solver cannot evaluate this change (a solver limit): not a candidate
        }
        out.push_back(std::move(c));
    }
    if (std::any_of(out.begin(), out.end(), [](const Candidate& c) { return c.fixes || c.ownFixed; })) return out;
    // No single change fixes it: try two in a row (a database has to leave a
    // shared host before the application can run in copies behind a balancer).
    std::vector<Candidate> pairs;
    for (const auto& first : out) {
        for (auto& second : singleCandidates(first.after, bp, options)) {
            if (second.transformation == first.transformation && second.params.target == first.params.target) continue;
            Candidate c = std::move(second);
            c.first = first.transformation;
            c.firstParams = first.params;
            c.between = first.after;
            c.costBetween = first.costAfter;
            try {
                score(c, bp, target, costBefore, minimumGain, failingBefore, architecture, options, screen);
            } catch (const spec::InputError&) {
                throw;
            } catch (const std::exception&) {
                continue;
            }
            if (c.fixes) pairs.push_back(std::move(c));
        }
    }
    for (auto& c : pairs) out.push_back(std::move(c));
    return out;
}

bool simpler(const Candidate& a, const Candidate& b) {
    if (a.simplicity() != b.simplicity()) return a.simplicity() < b.simplicity();
    return a.headroom > b.headroom;
}

// The cheapest candidate passing `ok`; within the tie tolerance, the simpler one.
template <typename Ok>
const Candidate* cheapest(const std::vector<Candidate>& candidates, double tieTolerance, Ok&& ok) {
    double least = std::numeric_limits<double>::infinity();
    for (const auto& c : candidates) {
        if (!c.overBudget && ok(c)) least = std::min(least, c.addedCost);
    }
    const Candidate* chosen = nullptr;
    for (const auto& c : candidates) {
        if (c.overBudget || !ok(c)) continue;
        if (c.addedCost > least + std::max(std::abs(least), 10.0) * tieTolerance) continue;
        if (!chosen || simpler(c, *chosen)) chosen = &c;
    }
    return chosen;
}

// A load break: the best headroom per currency unit; within the tie tolerance,
// the simpler change, then the larger headroom, then library order. When no
// change buys headroom because another limit breaks at the same load, the
// cheapest change that fixes this limit (the next phase takes the other). A
// rule break (a single point of failure): the cheapest change that removes it
// while the load still holds; within the tie tolerance, the simpler one.
const Candidate* choose(const std::vector<Candidate>& candidates, bool rule, double tieTolerance, bool scenario = false) {
    if (rule) {
        const Candidate* c = cheapest(candidates, tieTolerance, [](const Candidate& x) { return x.fixes; });
        // A scenario no single change survives: the cheapest step that fixes its tier.
        if (!c && scenario) c = cheapest(candidates, tieTolerance, [](const Candidate& x) { return x.ownFixed; });
        return c;
    }
    const Candidate* chosen = nullptr;
    double best = 0.0;
    for (const auto& c : candidates) {
        if (!c.overBudget && c.fixes) best = std::max(best, c.ratio);
    }
    if (best <= 0) return cheapest(candidates, tieTolerance, [](const Candidate& c) { return c.ownFixed; });
    for (const auto& c : candidates) {
        if (c.overBudget || !c.fixes || c.ratio < best * (1.0 - tieTolerance)) continue;
        if (!chosen || simpler(c, *chosen)) chosen = &c;
    }
    return chosen;
}

// Every evaluated candidate, ranked as the planner ranks them: the build chosen
// first; then, for a load break, the changes that move the limit within the
// budget by headroom per currency unit (the simpler, then the larger headroom,
// on equal ratios), the ones that fix this limit while another breaks right
// after it (cheapest first), the ones over the budget, and last the ones that
// do not move the limit. For a single point of failure: the ones that remove
// it, cheapest first (then the simpler), then over the budget, then the rest.
// Stable, so equal keys keep library order.
std::vector<Alternative> rankAlternatives(const std::vector<Candidate>& candidates, const Candidate* chosen, bool rule,
                                          const BreakingPoint& bp, const spec::Architecture& before) {
    auto tier = [&](const Candidate& c) {
        if (&c == chosen) return 0;
        if (c.overBudget) return c.fixes ? 3 : 4;
        if (c.fixes) return 1;
        if (!rule && c.ownFixed) return 2;
        return 4;
    };
    std::vector<const Candidate*> order;
    for (const auto& c : candidates) order.push_back(&c);
    std::stable_sort(order.begin(), order.end(), [&](const Candidate* a, const Candidate* b) {
        const int ta = tier(*a), tb = tier(*b);
        if (ta != tb) return ta < tb;
        if (rule || ta == 2) {
            if (a->addedCost != b->addedCost) return a->addedCost < b->addedCost;
        } else if (a->ratio != b->ratio) {
            return a->ratio > b->ratio;
        }
        return simpler(*a, *b) && !simpler(*b, *a);
    });
    const graph::Graph g = graphAtUsers(before, bp.users);
    std::vector<Alternative> out;
    for (const Candidate* c : order) {
        Alternative a;
        a.transformation = c->id();
        a.params = c->params;
        try {
            a.rationale = c->first ? c->first->rationale(g, c->firstParams) + "; then " +
                                         c->transformation->rationale(graphAtUsers(c->between, bp.users), c->params)
                                   : c->transformation->rationale(g, c->params);
        } catch (const std::exception&) {
            a.rationale = c->transformation->title;
        }
        a.costMonthAfter = c->costAfter;
        a.headroomUsers = c->headroom;
        a.headroomPerCost = c->ratio;
        a.chosen = c == chosen;
        const std::string buys = "+" + io::groupThousands(c->headroom) + " users for +" + money(c->addedCost) + " per month";
        switch (tier(*c)) {
        case 0:
            a.why = rule && !c->fixes
                        ? "chosen: the cheapest change that fixes " + bp.check.metric + " at " + bp.check.where + " in the " +
                              bp.scenario + (c->nextWhat.empty() ? std::string() : "; next: " + c->nextWhat)
                    : rule ? "chosen: the cheapest change that " + fixesText(bp, true) + " (" + buys + ")"
                         : c->fixes ? "chosen: the most headroom per currency unit (" + buys + ")"
                                    : "chosen: the cheapest change that fixes this limit (another breaks at the same load)";
            break;
        case 1:
            a.why = rule ? "it " + fixesText(bp, true) + " for +" + money(c->addedCost) +
                               " per month, more than the build chosen"
                         : "it buys " + buys.substr(1) + ", less per currency unit than the build chosen";
            break;
        case 2:
            a.why = "it fixes that limit, but " + (c->nextWhat.empty() ? std::string("another limit") : c->nextWhat) +
                    " breaks right after it";
            break;
        case 3:
            a.why = "over the budget (" + money(c->costAfter) + " per month)";
            break;
        default:
            a.why = c->overBudget ? "over the budget and it does not move that limit"
                    : rule        ? "it " + fixesText(bp, false)
                                  : std::string("not applicable: it does not move that limit");
        }
        a.after = c->after;
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace

namespace {

// A build that made a storm scenario survive (planning with resilience): a
// storm protection applied to every target it offers, or (issue 17: a storm
// that only capacity fixes) one capacity change of the library for the tier
// the storm overloads.
struct StormProtection {
    std::string kind;  ///< cache_flush | retry_storm
    const Transformation* transformation = nullptr;
    std::vector<TransformationParams> params;
    std::string without;    ///< why the phase did not survive without it
    bool capacity = false;  ///< a capacity change (it costs per month; a later build may already have more)
    std::string rationale;  ///< capacity: why capacity, with the storm's figures
    std::string tier;       ///< what the storm overloaded without it (empty: nothing saturated)
    double peak = 0.0;      ///< ... its busiest copy's peak utilisation (a cache flush)
};

// The watched tier's peak utilisation over a storm's series (a cache flush; 0 for a retry storm).
double peakUtilization(const SpikeOutcome& o) {
    double most = 0.0;
    for (const auto& p : o.series) most = std::max(most, p.utilization.value_or(0.0));
    return most;
}

/// Capacity changes tried on a storm no protection absorbs: the cheapest few,
/// one DES run each.
constexpr size_t kStormCapacityTries = 3;

// A build's work and the calendar days it takes: planning.lead_time (`given`)
// wins, as in the timeline, else the catalogue's, else the library's.
void describeLeadTime(Build& b, const graph::Graph& g, const Transformation& t, const TransformationParams& params,
                      const PlannerOptions& options, const std::map<std::string, double>& given) {
    b.leadTimeDays = t.leadTimeDays;
    describeWork(b, options.catalogue, buildKind(g, t.id, params));
    if (auto it = given.find(t.id); it != given.end()) b.leadTimeDays = it->second / 86400.0;
}

double leadTimeOf(const graph::Graph& g, const Transformation& t, const TransformationParams& params,
                  const PlannerOptions& options) {
    Build b;
    b.transformation = t.id;
    describeLeadTime(b, g, t, params, options, g.spec().planning.leadTime);
    return b.leadTimeDays;
}

// A storm no storm protection makes survive (a cold start after a flush: the
// key population's own warm-up, which no cache-side change removes): the
// capacity changes of the library for the tier it overloads (what the
// planner offers a utilisation break there: a read replica, a bigger
// machine, more instances, shards ...), within the budget, cheapest first
// (monthly cost, then lead time, then library order); the first few are run
// through the same storm and the first that survives is chosen. Stops early
// when a run hits the wall-clock budget (its verdict says nothing); the
// study's cancel poll runs before each run (the storm solver's wrapper).
std::optional<StormProtection> capacityForStorm(const spec::Architecture& architecture, double load, const char* kind,
                                                const SpikeOutcome& failed, const std::string& tried,
                                                SpikeOutcome (*run)(const spec::Architecture&, double, const StormOptions&,
                                                                    const StormSolver&),
                                                const StormOptions& stormOptions, const StormSolver& solver,
                                                const PlannerOptions& options, const std::string& coldStart,
                                                SpikeOutcome& survived, std::string& notFound) {
    std::string tier = failed.firstSaturated;
    if (tier.empty() && !failed.queues.empty()) tier = failed.queues.front().component;  // a retry storm: the longest queue
    if (tier.empty()) return std::nullopt;
    BreakingPoint bp;  // a utilisation break of the tier, at the load: what the planner's capacity changes answer
    bp.users = load;
    bp.lastGoodUsers = 0.0;
    bp.check.metric = "utilization";
    bp.check.where = tier;
    bp.check.ok = false;
    bp.check.limit = architecture.slo.utilization;
    bp.check.value = peakUtilization(failed);
    bp.check.why = failed.why;
    bp.failing = {bp.check};
    const graph::Graph g = graphAtUsers(architecture, load);
    const double costBefore = g.costMonth();
    const auto& budget = architecture.slo.budgetMonth;
    struct Option {
        Candidate c;
        double added = 0.0;
        double lead = 0.0;
    };
    std::vector<Option> ranked;
    size_t overBudget = 0;
    for (auto& c : singleCandidates(architecture, bp, options)) {
        if (budget && c.costAfter > *budget + 1e-9) {
            ++overBudget;
            continue;
        }
        Option o;
        o.added = c.costAfter - costBefore;
        o.lead = leadTimeOf(g, *c.transformation, c.params, options);
        o.c = std::move(c);
        ranked.push_back(std::move(o));
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Option& a, const Option& b) {
        if (std::abs(a.added - b.added) > 0.5) return a.added < b.added;
        return a.lead < b.lead;
    });
    if (ranked.size() > kStormCapacityTries) ranked.resize(kStormCapacityTries);
    // A run the wall-clock budget stopped is partial: its verdict is not one.
    bool outOfTime = false;
    const StormSolver watched = [&](const graph::Graph& graph, const std::vector<stats::TimeWindow>& windows, double horizon,
                                    const StormEvents& events) {
        stats::Results r = solver(graph, windows, horizon, events);
        if (r.partial && r.stoppedBy == "wall_clock") outOfTime = true;
        return r;
    };
    std::string names;
    for (const auto& o : ranked) {
        const std::string build = o.c.transformation->id + (o.c.params.target.empty() ? "" : " (" + o.c.params.target + ")");
        SpikeOutcome f = run(o.c.after, load, stormOptions, watched);
        if (outOfTime) {
            notFound = "the capacity changes were not all tried: the wall-clock budget ran out";
            return std::nullopt;
        }
        names += (names.empty() ? "" : ", ") + build;
        if (!f.survives) continue;
        StormProtection fix;
        fix.kind = kind;
        fix.transformation = o.c.transformation;
        fix.params = {o.c.params};
        fix.without = failed.why;
        fix.tier = tier;
        fix.peak = bp.check.value;
        fix.capacity = true;
        const std::string storm = std::string(kind) == "cache_flush" ? "cache flush" : "retry storm";
        fix.rationale = coldStart + "; no " + (std::string(kind) == "cache_flush" ? "cache-side" : "caller-side") +
                        " change removes it (" + (tried.empty() ? std::string("none applies") : tried + " tried") +
                        "), capacity does: " + o.c.transformation->rationale(g, o.c.params) + ". The cheapest change that makes it survive the " +
                        storm + " (+" + money(o.added) + " per month, " + io::formatNumber("%g", o.lead) + " days): " + f.why +
                        " (without it: " + failed.why + ")";
        survived = std::move(f);
        return fix;
    }
    notFound = ranked.empty() && overBudget > 0
                   ? "nor does capacity within the budget of " + money(*budget) + " per month (" + std::to_string(overBudget) +
                         " capacity change" + (overBudget > 1 ? "s" : "") + " for " + tier + " over it)"
               : ranked.empty() ? "no capacity change of the library applies to " + tier
                              : "nor does capacity: " + names + " tried (the cheapest " +
                                    std::to_string(ranked.size()) + ")";
    return std::nullopt;
}

// Storms (issue 17): the cache flush and the retry storm, with the storm
// protections of the library tried on a failure; planning (`planning`
// given), a storm none of them makes survive gets the cheapest capacity
// change that does (capacityForStorm).
void checkStorms(std::vector<Scenario>& out, const spec::Architecture& architecture, double load, int phase, bool required,
                 const Solvers& solvers, double maxUsers, bool protect, std::vector<StormProtection>* applied,
                 const PlannerOptions* planning) {
    const spec::Resilience& resilience = architecture.slo.resilience;
    // Simulated storms cost a DES run each (and one per protection tried):
    // checked when planning with resilience, from slo.resilience.from_users on.
    if (!solvers.storm || !protect || !required || load > maxUsers + 0.5) return;
    const StormOptions options;
    struct Kind {
        const char* kind;
        bool on;
        std::string name;
        SpikeOutcome (*run)(const spec::Architecture&, double, const StormOptions&, const StormSolver&);
    };
    const Kind kinds[] = {
        {"cache_flush", resilience.cacheFlush && hasKeyedCache(architecture), cacheFlushName(), runCacheFlush},
        {"retry_storm", resilience.retryStorm && hasRetries(architecture), retryStormName(options), runRetryStorm},
    };
    // The last run's figures (the cold start's fetches are read from them).
    stats::Results last;
    const StormSolver solver = [&](const graph::Graph& graph, const std::vector<stats::TimeWindow>& windows, double horizon,
                                   const StormEvents& events) {
        last = solvers.storm(graph, windows, horizon, events);
        return last;
    };
    for (const auto& k : kinds) {
        if (!k.on) continue;
        Scenario s;
        s.name = k.name;
        s.kind = k.kind;
        s.required = required;
        s.phase = phase;
        s.users = load;
        SpikeOutcome o = k.run(architecture, load, options, solver);
        s.survives = o.survives;
        s.why = o.why;
        if (!o.survives) {
            // What the flush sent to the tier behind the caches in its first 20 s.
            std::string coldStart;
            if (std::string(k.kind) == "cache_flush") {
                double fetches = 0.0, lookups = 0.0;
                const graph::Graph flushed = graphAtUsers(architecture, load);
                for (const auto& w : last.windows) {
                    if (w.window.from + 1e-9 < options.settle || w.window.to > options.settle + 20.0 + 1e-9 ||
                        w.window.to - w.window.from > options.bin + 1e-9)
                        continue;
                    for (const auto& c : flushed.components()) {
                        if (!c.keyedCache || static_cast<size_t>(c.id) >= w.components.size()) continue;
                        fetches += w.components[static_cast<size_t>(c.id)].misses * (w.window.to - w.window.from);
                        lookups += w.components[static_cast<size_t>(c.id)].lookups * (w.window.to - w.window.from);
                    }
                }
                coldStart = "a flush sends the key population's cold start to " +
                            (o.firstSaturated.empty() ? std::string("the tier behind the cache") : o.firstSaturated) + ": " +
                            io::groupThousands(std::round(fetches)) + " fetches (cache misses) in its first 20 s, of " +
                            io::groupThousands(std::round(lookups)) + " lookups";
            } else {
                coldStart = "the retries of a short overload keep " +
                            (o.queues.empty() ? std::string("the system") : o.queues.front().component) +
                            " overloaded after the burst";
            }
            // The library's storm protections, simplest first; each applied to every target it offers.
            BreakingPoint bp;
            bp.scenario = k.kind;
            bp.users = load;
            const graph::Graph g = graph::build(architecture);
            std::string tried;
            bool fixed = false;
            for (const char* id : {"cache_coalescing", "serve_stale", "retry_budget", "circuit_breaker"}) {
                const Transformation& t = *findTransformation(id);
                const auto params = t.applies(g, bp, CostCatalogue{});
                if (params.empty()) continue;
                spec::Architecture with = architecture;
                std::string targets;
                for (const auto& p : params) {
                    with = t.apply(with, p, CostCatalogue{});
                    targets += (targets.empty() ? "" : ", ") + p.target;
                }
                SpikeOutcome f = k.run(with, load, options, solver);
                tried += (tried.empty() ? "" : ", ") + t.id;
                if (!f.survives) continue;
                const std::string build = t.id + " (" + targets + ")";
                if (protect) {
                    s.survives = true;
                    s.protectedBy = build;
                    s.why = f.why + " [with " + build + "; without: " + o.why + "]";
                    if (applied) {
                        StormProtection fix;
                        fix.kind = k.kind;
                        fix.transformation = &t;
                        fix.params = params;
                        fix.without = o.why;
                        fix.tier = o.firstSaturated;
                        fix.peak = peakUtilization(o);
                        applied->push_back(std::move(fix));
                    }
                    o = std::move(f);
                } else {
                    s.why += "; survives with " + build + ": " + t.rationale(g, params.front());
                }
                fixed = true;
                break;
            }
            if (!fixed && applied && planning) {
                SpikeOutcome survived;
                std::string notFound;
                if (auto fix = capacityForStorm(architecture, load, k.kind, o, tried, k.run, options, solver, *planning,
                                                coldStart, survived, notFound)) {
                    const std::string build =
                        fix->transformation->id + (fix->params.front().target.empty() ? "" : " (" + fix->params.front().target + ")");
                    s.survives = true;
                    s.protectedBy = build;
                    s.why = survived.why + " [with " + build + "; without: " + o.why + "]";
                    applied->push_back(std::move(*fix));
                    o = std::move(survived);
                } else {
                    s.why += "; " + coldStart + ", which no storm protection of the library removes" +
                             (tried.empty() ? std::string() : " (" + tried + " tried)") + "; " + notFound;
                }
            }
        }
        s.spike = std::move(o);
        out.push_back(std::move(s));
    }
}

}  // namespace

namespace {

std::vector<Scenario> scenariosOf(const spec::Architecture& architecture, double load, int phase, const Solvers& solvers,
                                  const SpikeOptions& given, bool protect, std::vector<StormProtection>* applied,
                                  const PlannerOptions* planning);

// A storm protection becomes a build of phase `i` (issue 17, "fixes as
// builds"): its rationale, its cost (a software change: the monthly cost does
// not move; a capacity change: what its machines cost; the catalogue's cost
// note, lead time and work), and what it protects. It stays built: every
// later phase and the final architecture carry it too (a capacity change
// where a later build has not already given more: a later phase's two
// replicas are not cut back to the one built here), and their monthly costs
// (builds, the final cost, the cost curve, the horizon's total) carry what
// it adds.
void addProtection(Roadmap& roadmap, size_t i, const StormProtection& fix, const PlannerOptions& options) {
    Phase& p = roadmap.phases[i];
    const Transformation& t = *fix.transformation;
    auto applied = [&](spec::Architecture a) {
        for (const auto& params : fix.params) a = t.apply(a, params, options.catalogue);
        return a;
    };
    if (p.builds.empty() && !p.build.transformation.empty()) p.builds = {p.build};
    const graph::Graph g = graphAtUsers(p.after, p.usersTo);
    const spec::Architecture after = applied(p.after);
    const double costBefore = p.costMonthAfter();  // after the phase's builds (the timeline adds the team's)
    const double added = graphAtUsers(after, p.usersTo).costMonth() - g.costMonth();
    for (const auto& params : fix.params) {
        Build b;
        b.transformation = t.id;
        b.params = params;
        b.rationale = !fix.rationale.empty()
                          ? fix.rationale
                          : t.rationale(g, params) + " (without it the phase does not survive the " +
                                (fix.kind == "cache_flush" ? std::string("cache flush") : std::string("retry storm")) + ": " +
                                fix.without + ")";
        b.costMonthBefore = p.builds.empty() ? g.costMonth() : costBefore;
        b.costMonthAfter = b.costMonthBefore + added;
        b.headroomUsers = 0.0;
        b.protects = fix.kind;
        describeLeadTime(b, g, t, params, options, roadmap.initial.planning.leadTime);
        p.leadTimeDays = std::max(p.leadTimeDays, b.leadTimeDays);
        p.builds.push_back(std::move(b));
    }
    if (p.build.transformation.empty()) p.build = p.builds.front();
    if (p.neededBy && p.startBy) {
        p.startBy = std::min(*p.startBy, *p.neededBy - static_cast<int>(std::ceil(p.leadTimeDays)));
        if (roadmap.today) p.late = *p.startBy < *roadmap.today;
    }
    p.after = after;
    // Later architectures keep it (one whose cache a later build replaced
    // stays as it was: nothing there to protect). Returns what it adds per month.
    auto keep = [&](spec::Architecture& a, double users) {
        try {
            spec::Architecture kept = applied(a);
            const double more = graphAtUsers(kept, users).costMonth() - graphAtUsers(a, users).costMonth();
            if (fix.capacity && more < -1e-9) return 0.0;  // a later build already gave more
            a = std::move(kept);
            return more;
        } catch (const std::exception&) {
            return 0.0;
        }
    };
    // What each phase's cost before its builds and the final cost gain (the cost curve follows them).
    std::vector<double> moreBefore(roadmap.phases.size(), 0.0);
    double moreLast = added;
    for (size_t k = i + 1; k < roadmap.phases.size(); ++k) {
        Phase& later = roadmap.phases[k];
        moreBefore[k] = keep(later.before, later.usersTo);
        const double more = keep(later.after, later.usersTo);
        if (later.builds.empty() && !later.build.transformation.empty()) later.builds = {later.build};
        for (size_t b = 0; b < later.builds.size(); ++b) {
            later.builds[b].costMonthBefore += b == 0 ? moreBefore[k] : more;
            later.builds[b].costMonthAfter += more;
        }
        if (!later.builds.empty()) later.build = later.builds.front();
        else later.build.costMonthBefore += moreBefore[k], later.build.costMonthAfter += moreBefore[k];
        moreLast = later.builds.empty() ? moreBefore[k] : more;
    }
    roadmap.costMonthFinal += keep(roadmap.final, roadmap.target);
    if (!fix.capacity || std::abs(added) < 1e-9) return;
    // The hint past the target was screened on the final architecture without it.
    const auto stale = std::remove_if(roadmap.deferred.begin(), roadmap.deferred.end(), [](const Deferred& d) {
        return d.why.rfind("past the target", 0) == 0;
    });
    if (stale != roadmap.deferred.end()) {
        roadmap.deferred.erase(stale, roadmap.deferred.end());
        roadmap.notes.push_back("what past the target comes next is not given: it was screened before " + t.id +
                                " was built for the " +
                                (fix.kind == "cache_flush" ? std::string("cache flush") : std::string("retry storm")));
    }
    // The timeline's figures (when it ran): its cost curve has two points per
    // phase at the cost before its builds, then two at the final cost.
    const size_t n = roadmap.phases.size();
    if (n > 0 && roadmap.costCurve.size() == 2 * n + 2) {
        auto shift = [&](size_t at, double more) {
            CostPoint& c = roadmap.costCurve[at];
            c.costMonth += more;
            c.costPer1000Users = c.users > 0 ? c.costMonth / (c.users / 1000.0) : 0.0;
        };
        for (size_t k = i + 1; k < n; ++k) shift(2 * k, moreBefore[k]), shift(2 * k + 1, moreBefore[k]);
        shift(2 * n, moreLast);
        shift(2 * n + 1, moreLast);
    }
    // ... and the horizon's totals gain its cost for the months from this phase's date on.
    if (roadmap.targetDate && p.neededBy) {
        const double months = std::max(0.0, (*roadmap.targetDate - *p.neededBy) / kDaysPerMonth);
        roadmap.costTotalHorizon += added * months;
        roadmap.costTotalStepwise += added * months;
    }
}

}  // namespace

std::vector<Scenario> checkScenarios(const spec::Architecture& architecture, double load, int phase,
                                     const Solvers& solvers, const SpikeOptions& given, bool protect) {
    return scenariosOf(architecture, load, phase, solvers, given, protect, nullptr, nullptr);
}

namespace {

std::vector<Scenario> scenariosOf(const spec::Architecture& architecture, double load, int phase, const Solvers& solvers,
                                  const SpikeOptions& given, bool protect, std::vector<StormProtection>* applied,
                                  const PlannerOptions* planning) {
    std::vector<Scenario> out;
    const spec::Resilience& resilience = architecture.slo.resilience;
    const SpikeOptions spike = shapedBy(given, resilience.spike);
    const bool required = load >= resilience.fromUsers * (1 - 1e-9);
    const Solver& solver = solvers.screen;
    // Spike: a real load profile when a profile solver (the DES) is given and
    // the peak is within what it is allowed to simulate.
    // (An open workload's spike is judged at its peak's steady state: the
    // spike profile grows a population of users.)
    const bool simulate = solvers.profile && !architecture.workload.arrivalRate &&
                          load * spike.factor <= spike.maxPeakUsers + 0.5;
    if (simulate) {
        Scenario s;
        s.name = spikeName(spike);
        s.kind = "spike";
        s.required = required;
        s.phase = phase;
        s.users = load;
        SpikeOutcome o = runSpike(architecture, load, spike, solvers.profile);
        s.survives = o.survives;
        s.why = o.why;
        if (o.simulatedHold < spike.hold) {
            // The rest of the hold: the peak's steady state.
            const double peak = load * spike.factor;
            const auto failing = spikeFailures(evaluate(architecture, peak, solver));
            if (!failing.empty()) {
                s.survives = false;
                s.why += "; held longer, the peak's steady state fails: " + failing.front().why;
            }
        }
        s.spike = std::move(o);
        out.push_back(std::move(s));
    } else {
        // Without a simulator: judged at the peak's steady state, which says
        // nothing about the backlog of the ramp or the recovery (named so).
        Scenario s;
        s.name = spikeName(spike) + (solvers.profile ? " (steady-state estimate: peak over the " +
                                                           io::groupThousands(spike.maxPeakUsers) + " users simulated)"
                                                     : std::string(" (steady-state estimate)"));
        s.kind = "spike";
        s.required = required;
        s.phase = phase;
        s.users = load;
        const double peak = load * spike.factor;
        const auto failure = spikeFailure(architecture, load, solver);
        s.survives = !failure;
        s.why = s.survives ? "at " + io::groupThousands(peak) + " users in steady state p99 and errors stay within the SLO"
                           : failure->check.why;
        out.push_back(s);
    }
    // Loss of one instance of each replicated tier.
    {
        auto variants = instanceLossVariants(architecture, load);
        if (!resilience.instanceLoss) variants.clear();
        for (const auto& [name, a] : variants) {
            Scenario s;
            s.name = name;
            s.kind = "instance_loss";
            s.required = required;
            s.phase = phase;
            s.users = load;
            const auto r = evaluate(a, load, solver);
            const auto failing = visibleFailures(r);
            s.survives = failing.empty();
            s.why = s.survives ? "the remaining capacity carries " + io::groupThousands(load) + " users within the SLO"
                               : "at " + io::groupThousands(load) + " users: " + failing.front().why;
            out.push_back(s);
        }
    }
    checkStorms(out, architecture, load, phase, required, solvers, spike.maxPeakUsers, protect, applied, planning);
    return out;
}

}  // namespace

PhaseBreak nextBreak(const spec::Architecture& current, double usersFrom, const PlannerOptions& options,
                     const Solvers& solvers, const std::vector<Phase>& earlier) {
    PhaseBreak out;
    std::optional<BreakingPoint>& bp = out.point;
    const double target = options.search.to;
    auto say = [&](const std::string& line) {
        if (options.progress) options.progress(line);
    };
    SearchOptions search = options.search;
    search.from = usersFrom;
    if (search.to <= search.from) search.to = search.from;
    // The availability rule needs no solver; a load break is searched only below it.
    const std::optional<BreakingPoint> rule = availabilityBreak(current, usersFrom, target, options);
    if (rule) search.to = std::max(search.from, rule->users / options.search.precision);
    say("screening " + io::groupThousands(search.from) + " .. " + io::groupThousands(search.to) + " users");
    if (!rule || rule->users > search.from) bp = findBreakingPoint(current, search, solvers);
    if (bp && rule && bp->users >= rule->users) bp.reset();
    // The simulation may place a screened break past the target: then the
    // target holds (verified below like any other).
    if (bp && bp->users > target * (1 + 1e-9) && !rule) bp.reset();
    if (bp && bp->lastGoodUsers <= 0 && !earlier.empty() && bp->users <= usersFrom * (1 + 1e-9)) {
        // Broken where its phase starts: a second limit that broke together with
        // the one just fixed. Its holding side is the previous break's (checked).
        double lo = 0;
        for (auto it = earlier.rbegin(); it != earlier.rend() && lo <= 0; ++it) {
            if (it->breaks.users < bp->users * (1 - 1e-9)) break;
            lo = it->breaks.lastGoodUsers;
        }
        const Solver& check = solvers.confirm ? solvers.confirm : solvers.screen;
        if (lo > 0 && failingChecks(evaluate(current, lo, check).thresholds).empty()) {
            bp->lastGoodUsers = lo;
            if (solvers.confirm) bp->confirmed = true, bp->method = "des";
        }
    }
    if (!bp && rule) bp = rule;
    // Resilience is part of holding: a scenario failing below the load break
    // is the phase's break.
    if (auto res = resilienceBreak(current, usersFrom, bp ? bp->users : target, options, solvers.screen);
        res && (!bp || res->users < bp->users)) {
        say("screening resilience: " + res->scenario + " fails at " + io::groupThousands(res->users) + " users");
        bp = res;
    }
    if (!bp && solvers.confirm) {
        // The screen holds at the target: verify with the confirming solver there.
        say("verifying the architecture at " + io::groupThousands(target) + " users by simulation");
        const auto r = evaluate(current, target, solvers.confirm);
        const auto failing = failingChecks(r.thresholds);
        if (failing.empty()) {
            out.targetVerified = true;
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
                out.notes.push_back("the simulation at the target fails (" + failing.front().metric + " at " +
                                        failing.front().where + ") but no crossing was placed below it");
            }
        }
    }
    return out;
}

Roadmap plan(const spec::Architecture& architecture, const PlannerOptions& givenOptions, const Solvers& given) {
    if (!given.screen) throw std::invalid_argument("plan: no screening solver");
    // The catalogue in force: the given one with the architecture's `catalogue:` applied.
    PlannerOptions options = givenOptions;
    options.catalogue = catalogueFor(givenOptions.catalogue, architecture);
    // The same architecture at the same load is often asked for twice (a bracket
    // end shared by two phases): the confirming solver's answers are kept.
    Solvers solvers = given;
    if (given.confirm) solvers.confirm = memoised(given.confirm);
    Roadmap roadmap;
    roadmap.architecture = architecture.name;
    roadmap.from = options.search.from;
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

    bool resilienceOn = true;
    for (int phaseNo = 1; roadmap.reason.empty(); ++phaseNo) {
        PlannerOptions phaseOptions = options;  // the same options; progress lines name the phase
        if (options.progress) {
            phaseOptions.progress = [&options, phaseNo](const std::string& line) {
                options.progress("phase " + std::to_string(phaseNo) + ": " + line);
            };
        }
        phaseOptions.resilience = plansResilience(options, current) && resilienceOn;
        PhaseBreak next = nextBreak(current, usersFrom, phaseOptions, solvers, roadmap.phases);
        roadmap.finalVerified = roadmap.finalVerified || next.targetVerified;
        for (auto& n : next.notes) roadmap.notes.push_back(std::move(n));
        std::optional<BreakingPoint>& bp = next.point;
        if (!bp) {
            roadmap.targetMet = true;
            break;
        }
        if (phaseNo > options.maxPhases) {
            roadmap.reason = "stopped after " + std::to_string(options.maxPhases) + " phases at " + io::groupThousands(bp->users) +
                             " users (" + bp->check.metric + " at " + bp->check.where + ")";
            break;
        }
        say("phase " + std::to_string(phaseNo) + ": " + bp->check.metric + " at " + bp->check.where + " breaks at " +
            io::groupThousands(bp->users) + " users; evaluating transformations");

        const bool scenarioBreak = isScenarioBreak(*bp);
        const bool ruleBreak = isRuleBreak(*bp) || scenarioBreak;  // fixed by the cheapest change that fixes it
        const double minimumGain = bp->users * (options.search.precision - 1.0) * 2.0;
        const auto candidates = evaluateCandidates(current, *bp, target, phaseOptions, solvers.screen, minimumGain);
        const Candidate* chosen = choose(candidates, ruleBreak, options.tieTolerance, scenarioBreak);
        if (scenarioBreak && !chosen) {
            // Nothing in the library makes it survive (within the budget): the
            // plan goes on for the load and says so, instead of stopping.
            roadmap.notes.push_back("from " + io::groupThousands(bp->users) + " users the architecture does not survive " +
                                    (bp->scenario == "spike" ? std::string("the spike") : std::string("the loss of one instance")) +
                                    " and no build in the library makes it survive (" + bp->check.metric + " at " +
                                    bp->check.where + " fails there): " + bp->check.why);
            resilienceOn = false;
            --phaseNo;
            continue;
        }
        const double costBefore = graphAtUsers(current, bp->users).costMonth();

        // Record what was considered and not built (the deferred list). For a
        // single point of failure only the changes that would have removed it.
        for (const auto& c : candidates) {
            if (&c == chosen || c.first) continue;
            if (ruleBreak && !c.fixes) continue;
            const std::string& id = c.transformation->id;
            if (deferred.count(id)) continue;
            Deferred d;
            d.transformation = id;
            d.neededAtUsers = bp->users;
            d.why = "considered at " + io::groupThousands(bp->users) + " users when " + bp->check.metric + " at " + bp->check.where +
                    " broke: " +
                    (c.overBudget ? "over the budget (" + money(c.costAfter) + " per month)"
                     : ruleBreak  ? "it " + fixesText(*bp, true) + " for +" + money(c.addedCost) +
                                       " per month, more than the build chosen"
                     : !c.fixes && c.ownFixed && !c.nextWhat.empty()
                         ? "it fixes that limit, but " + c.nextWhat + " breaks right after it"
                     : !c.fixes
                         ? std::string("it does not move that limit")
                         : "it buys " + io::groupThousands(c.headroom) + " users for +" + money(c.addedCost) +
                               " per month, less per currency unit than the build chosen");
            deferred[id] = d;
            deferredOrder.push_back(id);
        }

        if (!chosen) {
            const Candidate* cheapestOver = nullptr;
            for (const auto& c : candidates) {
                if (c.overBudget && c.fixes && (!cheapestOver || c.costAfter < cheapestOver->costAfter)) cheapestOver = &c;
            }
            if (cheapestOver) {
                roadmap.reason = "the budget of " + money(*budget) + " per month is too small: " + bp->check.metric +
                                 " at " + bp->check.where + " breaks at " + io::groupThousands(bp->users) +
                                 " users and the cheapest fix (" + cheapestOver->id() + ") costs " +
                                 money(cheapestOver->costAfter) + " per month";
            } else {
                roadmap.reason = "nothing in the library moves " + bp->check.metric + " at " + bp->check.where +
                                 ", which breaks at " + io::groupThousands(bp->users) + " users: " + bp->check.why;
            }
            // Keep the unfixed break visible as a phase without a build.
            Phase p;
            p.usersFrom = usersFrom;
            p.usersTo = bp->users;
            p.breaks = *bp;
            p.before = current;
            p.after = current;
            p.build.costMonthBefore = p.build.costMonthAfter = costBefore;
            p.alternatives = rankAlternatives(candidates, nullptr, ruleBreak, *bp, current);
            roadmap.phases.push_back(std::move(p));
            break;
        }

        // A pair becomes two phases at the same load: the preparatory change, then the fix.
        if (chosen->first) {
            Phase p;
            p.usersFrom = usersFrom;
            p.usersTo = bp->users;
            p.breaks = *bp;
            p.before = current;
            p.after = chosen->between;
            p.build.transformation = chosen->first->id;
            p.build.params = chosen->firstParams;
            p.build.rationale = chosen->first->rationale(graphAtUsers(current, bp->users), chosen->firstParams) +
                                " (needed first: " + chosen->transformation->id + " comes next, at the same load)";
            p.build.costMonthBefore = costBefore;
            p.build.costMonthAfter = chosen->costBetween;
            p.build.headroomUsers = 0;
            p.build.protects = bp->scenario;
            describeWork(p.build, options.catalogue,
                         buildKind(graphAtUsers(current, bp->users), p.build.transformation, p.build.params));
            p.alternatives = rankAlternatives(candidates, chosen, ruleBreak, *bp, current);
            say("phase " + std::to_string(phaseNo) + ": build " + chosen->first->id + " first");
            built.push_back(chosen->first->id);
            roadmap.phases.push_back(std::move(p));
            ++phaseNo;
            usersFrom = bp->users;
        }
        const spec::Architecture& before = chosen->first ? chosen->between : current;
        Phase p;
        p.usersFrom = usersFrom;
        p.usersTo = bp->users;
        p.breaks = *bp;
        p.before = before;
        p.after = chosen->after;
        p.build.transformation = chosen->transformation->id;
        p.build.params = chosen->params;
        p.build.rationale = chosen->transformation->rationale(graphAtUsers(before, bp->users), chosen->params);
        p.build.costMonthBefore = chosen->first ? chosen->costBetween : costBefore;
        p.build.costMonthAfter = chosen->costAfter;
        p.build.headroomUsers = chosen->headroom;
        p.build.protects = bp->scenario;
        describeWork(p.build, options.catalogue,
                     buildKind(graphAtUsers(before, bp->users), p.build.transformation, p.build.params));
        if (!chosen->first) p.alternatives = rankAlternatives(candidates, chosen, ruleBreak, *bp, current);
        say("phase " + std::to_string(phaseNo) + ": build " + chosen->transformation->id +
            (chosen->params.target.empty() ? "" : " (" + chosen->params.target + ")") + ", +" +
            io::groupThousands(chosen->headroom) + " users for " + money(chosen->costAfter) + " per month");
        built.push_back(chosen->transformation->id);
        roadmap.phases.push_back(std::move(p));
        current = chosen->after;
        usersFrom = bp->users;
    }
    roadmap.final = current;
    roadmap.costMonthFinal = graphAtUsers(current, target).costMonth();

    // Beyond the target: what would be needed next (screened up to 10x the target).
    // Only a hint: a solver failure out there is a note, not a failed roadmap.
    if (roadmap.targetMet) try {
        SearchOptions beyond = options.search;
        beyond.from = target;
        beyond.to = target * 10;
        if (auto next = findBreakingPoint(current, beyond, Solvers{solvers.screen, {}})) {
            const auto candidates = evaluateCandidates(current, *next, beyond.to, options, solvers.screen, 0.0);
            if (const Candidate* c = choose(candidates, false, options.tieTolerance); c && !c->first) {
                const std::string& id = c->transformation->id;
                if (!deferred.count(id) || std::find(built.begin(), built.end(), id) != built.end()) {
                    deferredOrder.push_back(id + "#beyond");
                    deferred[id + "#beyond"] = Deferred{id, next->users,
                                                        "past the target, " + next->check.metric + " at " +
                                                            next->check.where + " breaks at " + io::groupThousands(next->users) +
                                                            " users; this is the best next build there"};
                }
            }
        }
    } catch (const spec::InputError&) {
        throw;
    } catch (const std::exception& e) {
        roadmap.notes.push_back(std::string("past the target not screened: ") + e.what());
    }
    for (const auto& key : deferredOrder) {
        const auto& d = deferred[key];
        const bool beyond = key.find('#') != std::string::npos;
        if (!beyond && std::find(built.begin(), built.end(), d.transformation) != built.end()) continue;
        roadmap.deferred.push_back(d);
    }
    std::stable_sort(roadmap.deferred.begin(), roadmap.deferred.end(),
                     [](const Deferred& a, const Deferred& b) { return a.neededAtUsers < b.neededAtUsers; });

    if (options.feltLimits) {
        try {
            placeFeltLimits(roadmap, options.search, solvers);
        } catch (const spec::InputError&) {
            throw;
        } catch (const std::exception& e) {
            roadmap.notes.push_back(std::string("where users feel the margins was not placed: ") + e.what());
        }
    }
    priceSpikes(roadmap, solvers.screen);
    if (options.scenarios) checkPlanScenarios(roadmap, solvers, options);
    return roadmap;
}

void priceSpikes(Roadmap& roadmap, const Solver& screen) {
    // A price, not a verdict: a load the solver cannot evaluate leaves it at
    // zero and says so, the plan stands.
    auto price = [&](const spec::Architecture& a, double users) {
        try {
            return spikeCost(a, users, screen);
        } catch (const spec::InputError&) {
            throw;
        } catch (const std::exception& e) {
            roadmap.notes.push_back("the spike-hours at " + io::groupThousands(users) + " users were not priced: " + e.what());
            return SpikeCost{};
        }
    };
    for (auto& p : roadmap.phases) {
        const SpikeCost after = price(p.after, p.usersTo);
        p.spikeCostMonth = after.costMonth;
        p.spikeCostNote = after.tiers.empty() ? std::string() : spikeCostText(after);
        p.spikeCostMonthBefore = price(p.before, p.usersTo).costMonth;
    }
    roadmap.spikeCostMonthFinal = roadmap.targetMet ? price(roadmap.final, roadmap.target).costMonth : 0.0;
}

void checkPlanScenarios(Roadmap& roadmap, const Solvers& solvers, const PlannerOptions& options) {
    auto say = [&](const std::string& line) {
        if (options.progress) options.progress(line);
    };
    roadmap.scenarios.clear();
    const spec::Architecture& current = roadmap.final;
    // The last build up to phase i made for this scenario (its protection), if any.
    auto protection = [&roadmap](size_t i, const std::string& kind) -> std::string {
        std::string out;
        for (size_t k = 0; k <= i && k < roadmap.phases.size(); ++k) {
            for (const auto& b : roadmap.phases[k].allBuilds()) {
                if (b.protects == kind) out = b.transformation + (b.params.target.empty() ? "" : " (" + b.params.target + ")");
            }
        }
        return out;
    };
    const double target = roadmap.target;
    say("scenario checks");
    int phaseNo = 0;
    for (size_t i = 0; i < roadmap.phases.size(); ++i) {
        const auto& p = roadmap.phases[i];
        ++phaseNo;
        if (p.build.transformation.empty()) continue;
        // Phases that share their load with the next one are steps of one build
        // (coincident limits, a pair, tier after tier made redundant): the
        // architecture that carries the load onwards is the last one's.
        if (i + 1 < roadmap.phases.size() && roadmap.phases[i + 1].usersTo <= p.usersTo) continue;
        say("scenario checks: phase " + std::to_string(phaseNo) + " at " + io::groupThousands(p.usersTo) + " users");
        std::vector<StormProtection> fixes;
        for (auto& s : scenariosOf(p.after, p.usersTo, phaseNo, solvers, options.spike, plansResilience(options, p.after), &fixes,
                                   &options)) {
            if (s.protectedBy.empty()) s.protectedBy = protection(i, s.kind);
            roadmap.scenarios.push_back(s);
        }
        // A storm protection that made a storm survive is built in this phase (issue 17).
        for (const auto& fix : fixes) {
            say("scenario checks: phase " + std::to_string(phaseNo) + " builds " + fix.transformation->id + " (" + fix.kind + ")");
            addProtection(roadmap, i, fix, options);
        }
    }
    if (roadmap.targetMet) {
        say("scenario checks: the final architecture at " + io::groupThousands(target) + " users");
        // A storm the final architecture does not survive at the target gets
        // its build too: in the last phase (whose architecture carries the
        // load to the target), or in a phase of its own at the target when
        // the plan has none.
        std::vector<StormProtection> fixes;
        const size_t before = roadmap.scenarios.size();
        const int last = static_cast<int>(roadmap.phases.size());
        for (auto& s : scenariosOf(current, target, last, solvers, options.spike, plansResilience(options, current), &fixes,
                                   &options)) {
            s.name += " at the target";
            if (!roadmap.phases.empty() && s.protectedBy.empty()) s.protectedBy = protection(roadmap.phases.size() - 1, s.kind);
            roadmap.scenarios.push_back(s);
        }
        if (!fixes.empty() && roadmap.phases.empty()) {
            Phase p;
            p.usersFrom = roadmap.from;
            p.usersTo = target;
            p.breaks.users = target;
            p.breaks.analyticUsers = target;
            p.breaks.scenario = fixes.front().kind;
            p.breaks.method = "des";
            p.breaks.confirmed = true;
            p.breaks.check.metric = "utilization";
            p.breaks.check.ok = false;
            p.breaks.check.value = fixes.front().peak;
            p.breaks.check.limit = StormOptions{}.saturatedUtilization;  // what counts as overloaded in a storm's bin
            p.breaks.check.why = fixes.front().without;
            p.breaks.check.where = fixes.front().tier;
            p.breaks.failing = {p.breaks.check};
            p.before = current;
            p.after = current;
            const double cost = graphAtUsers(current, target).costMonth();
            p.build.costMonthBefore = p.build.costMonthAfter = cost;
            if (roadmap.targetDate) p.neededBy = p.startBy = roadmap.targetDate;
            roadmap.phases.push_back(std::move(p));
            if (roadmap.costCurve.size() == 1) {
                // The timeline's curve of a plan without phases is the target's
                // point; with one phase, two points at its cost before (addProtection adds the rest).
                CostPoint start = roadmap.costCurve.front();
                start.users = roadmap.from;
                start.date = roadmap.today;
                start.costPer1000Users = start.users > 0 ? start.costMonth / (start.users / 1000.0) : 0.0;
                roadmap.costCurve.insert(roadmap.costCurve.begin(), {start, roadmap.costCurve.front(), roadmap.costCurve.front()});
            }
            for (size_t k = before; k < roadmap.scenarios.size(); ++k) roadmap.scenarios[k].phase = 1;
        }
        for (const auto& fix : fixes) {
            say("scenario checks: the final architecture builds " + fix.transformation->id + " (" + fix.kind + ")");
            addProtection(roadmap, roadmap.phases.size() - 1, fix, options);
        }
    }
    // A peak over --spike-max-users is not simulated (a 1M-user peak costs
    // minutes of CPU per replication): say so per phase, in the notes.
    if (!solvers.profile) return;
    for (const auto& s : roadmap.scenarios) {
        const SpikeOptions shape = shapedBy(options.spike, roadmap.final.slo.resilience.spike);
        if (s.kind != "spike" || s.spike || !(s.users * shape.factor > shape.maxPeakUsers + 0.5)) continue;
        const bool target = s.name.size() >= 14 && s.name.compare(s.name.size() - 14, 14, " at the target") == 0;
        roadmap.notes.push_back(
            (target ? std::string("the final architecture at the target") : "phase " + std::to_string(s.phase)) +
            ": the x" + io::formatNumber("%g", shape.factor) + " spike from " + io::groupThousands(s.users) +
            " users peaks at " + io::groupThousands(s.users * shape.factor) + ", over the " +
            io::groupThousands(shape.maxPeakUsers) +
            " simulated (--spike-max-users): judged at the peak's steady state by the screening solver (errors and "
            "p99 as after the reaction time; the ramp's backlog and the recovery are not simulated)");
    }
}

}  // namespace headroom::roadmap
