// One study of one architecture: each part computed once, on first use.

#include "roadmap/study.h"

#include "roadmap/felt_limits.h"

#include "roadmap/timeline.h"

#include "roadmap/thresholds.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace headroom::roadmap {

namespace {

bool sameThreshold(const stats::ThresholdCheck& a, const stats::ThresholdCheck& b) {
    return a.metric == b.metric && a.where == b.where;
}

// Every solve passes here: the cancel poll and the progress report.
Solver cancellable(Solver solver, std::function<bool()> cancelled,
                   std::function<void(const StudyProgress&)> progress = {}, std::shared_ptr<StudyProgress> count = {},
                   bool simulation = false) {
    if (!cancelled && !progress) return solver;
    return [solver = std::move(solver), cancelled = std::move(cancelled), progress = std::move(progress), count,
            simulation](const graph::Graph& g, double users) {
        if (cancelled && cancelled()) throw StudyCancelled{};
        if (progress && count) {
            ++(simulation ? count->simulations : count->analyticSolves);
            count->users = users;
            progress(*count);
        }
        return solver(g, users);
    };
}

}  // namespace

const char* toString(Confirmation confirmation) { return confirmation == Confirmation::Des ? "des" : "none"; }

Study::Study(spec::Architecture architecture, StudyOptions options)
    : architecture_(std::move(architecture)), options_(std::move(options)) {
    Solvers solvers{analyticSolver(), {}};
    if (options_.confirm == Confirmation::Des) {
        solvers.confirm = desSolver(options_.budget);
        solvers.profile = desProfileSolver(options_.budget);
        solvers.storm = desStormSolver(options_.budget);  // storms (issue 17)
    }
    init(std::move(solvers));
}

Study::Study(spec::Architecture architecture, StudyOptions options, Solvers solvers)
    : architecture_(std::move(architecture)), options_(std::move(options)) {
    init(std::move(solvers));
}

void Study::init(Solvers solvers) {
    // The availability rule counts users; an open workload is planned in
    // requests per second, where it has no threshold (docs/methods.md).
    if (architecture_.workload.arrivalRate) options_.planner.redundancyFrom = 0;
    // Validates before any work.
    (void)graphAtUsers(architecture_, options_.from());
    if (!solvers.screen) solvers.screen = analyticSolver();
    const auto count = std::make_shared<StudyProgress>();
    const auto& progress = options_.progress;
    solvers_.screen = memoised(cancellable(std::move(solvers.screen), options_.cancelled, progress, count));
    if (solvers.confirm) solvers_.confirm = memoised(cancellable(std::move(solvers.confirm), options_.cancelled, progress, count, true));
    solvers_.profile = std::move(solvers.profile);
    if (solvers_.profile && (options_.cancelled || progress)) {
        solvers_.profile = [profile = solvers_.profile, cancelled = options_.cancelled, progress, count](
                               const graph::Graph& g, const std::vector<stats::TimeWindow>& windows, double horizon) {
            if (cancelled && cancelled()) throw StudyCancelled{};
            if (progress) {
                ++count->simulations;
                count->users = 0.0;
                progress(*count);
            }
            return profile(g, windows, horizon);
        };
    }
    // Storms (issue 17): the storm solver is kept too (it was dropped here, so
    // no plan of a Study - CLI, report, desktop - ever checked a storm).
    solvers_.storm = std::move(solvers.storm);
    if (solvers_.storm && (options_.cancelled || progress)) {
        solvers_.storm = [storm = solvers_.storm, cancelled = options_.cancelled, progress, count](
                             const graph::Graph& g, const std::vector<stats::TimeWindow>& windows, double horizon,
                             const StormEvents& events) {
            if (cancelled && cancelled()) throw StudyCancelled{};
            if (progress) {
                ++count->simulations;
                count->users = 0.0;
                progress(*count);
            }
            return storm(g, windows, horizon, events);
        };
    }
    options_.confirm = solvers_.confirm ? Confirmation::Des : Confirmation::None;
}

std::string Study::method() const { return solvers_.confirm ? "des" : "analytic"; }

std::vector<SweepPoint> Study::sweepWith(const Solver& solver, const std::vector<double>& grid) const {
    return roadmap::sweep(architecture_, grid, cancellable(solver, options_.cancelled));
}

const std::vector<SweepPoint>& Study::sweep() {
    if (!sweep_) {
        sweep_ = roadmap::sweep(architecture_, logGrid(options_.from(), options_.target(), options_.chartPoints),
                                solvers_.screen);
    }
    return *sweep_;
}

const std::optional<BreakingPoint>& Study::firstBreak() {
    if (!firstBreak_) {
        PhaseBreak next = nextBreak(architecture_, options_.from(), options_.planner, solvers_);
        firstBreakVerified_ = next.targetVerified;
        firstBreakNotes_ = std::move(next.notes);
        firstBreak_ = std::move(next.point);
    }
    return *firstBreak_;
}

const std::vector<BreakingPoint>& Study::crossings() {
    if (crossings_) return *crossings_;
    const std::optional<BreakingPoint>& first = firstBreak();
    std::vector<BreakingPoint> all = roadmap::crossings(architecture_, options_.planner.search, solvers_.screen);
    // The availability rule's crossings: every single-copy tier at the rule's load.
    const double ruleAt = std::max(options_.from(), options_.planner.redundancyFrom);
    if (options_.planner.redundancyFrom > 0 && ruleAt <= options_.target()) {
        for (const auto& check : redundancyChecks(graphAtUsers(architecture_, ruleAt), ruleAt,
                                                  options_.planner.redundancyFrom)) {
            if (check.ok) continue;
            BreakingPoint bp;
            bp.users = ruleAt;
            bp.lastGoodUsers = ruleAt > options_.from() ? ruleAt / options_.planner.search.precision : 0.0;
            bp.analyticUsers = ruleAt;
            bp.check = check;
            bp.failing = {check};
            bp.method = "rule";
            all.push_back(std::move(bp));
        }
    }
    std::vector<BreakingPoint> out;
    if (first) {
        out.push_back(*first);
        for (auto& bp : all) {
            if (sameThreshold(bp.check, first->check)) continue;
            // Placed by the screen below the first break, but the first break's
            // holding side held every threshold: it breaks at the first break
            // at the earliest (coincident when it fails there too).
            if (bp.users < first->users) {
                bp.users = first->users;
                bp.lastGoodUsers = first->lastGoodUsers;
            }
            out.push_back(std::move(bp));
        }
    } else {
        out = std::move(all);
    }
    if (first && options_.planner.feltLimits) {
        // Issue 21: where users feel the first break (a margin) is placed as
        // the plan places it (placeFeltLimit on the same memoised solves: the
        // same number), and the crossing of that felt check takes that
        // placement instead of the screen's, so every view says one load.
        if (auto felt = placeFeltLimit(out.front(), architecture_, options_.planner.search, solvers_)) {
            for (size_t i = 1; i < out.size(); ++i) {
                if (!sameThreshold(out[i].check, felt->check)) continue;
                out[i].users = std::max(felt->users, first->users);
                out[i].lastGoodUsers = felt->lastGoodUsers;
                out[i].check = felt->check;
                out[i].confirmed = felt->confirmed;
                out[i].method = felt->method;
            }
        }
    }
    std::stable_sort(out.begin() + (first ? 1 : 0), out.end(),
                     [](const BreakingPoint& a, const BreakingPoint& b) { return a.users < b.users; });
    crossings_ = std::move(out);
    return *crossings_;
}

const Roadmap& Study::plan() {
    if (!plan_) {
        (void)firstBreak();  // the plan's first phase comes from the same memoised solves
        // The planner's steps, grouped into projects and dated (timeline.h).
        // Scenarios are checked on the phases, not on each step.
        PlannerOptions steps = options_.planner;
        steps.scenarios = false;
        plan_ = schedule(roadmap::plan(architecture_, steps, solvers_), architecture_,
                         TimelineOptions{options_.planner.catalogue});
        if (options_.planner.scenarios) checkPlanScenarios(*plan_, solvers_, options_.planner);
    }
    return *plan_;
}

const std::vector<SweepPoint>& Study::todaySweep() {
    if (!todaySweep_) {
        const auto& first = firstBreak();
        const double from = options_.from();
        const double firstUsers = first ? first->users : options_.target();
        const double to = std::min(options_.target(), std::max(3.0 * firstUsers, 10.0 * from));
        todaySweep_ = roadmap::sweep(architecture_, logGrid(from, std::max(to, from), options_.chartPoints),
                                     solvers_.screen);
    }
    return *todaySweep_;
}

const std::vector<PlanPoint>& Study::planPath() {
    if (planPath_) return *planPath_;
    const Roadmap& r = plan();
    auto architectureOf = [&](int phase) -> const spec::Architecture& {
        return phase == 0 ? r.initial : r.phases[static_cast<size_t>(phase - 1)].after;
    };
    std::vector<std::pair<double, int>> loads;  // (users, phase in force)
    for (double u : logGrid(options_.from(), options_.target(), options_.chartPoints)) {
        int phase = 0;
        for (const auto& p : r.phases) phase += p.usersTo <= u ? 1 : 0;
        loads.emplace_back(u, phase);
    }
    for (size_t i = 0; i < r.phases.size(); ++i) {
        const auto& p = r.phases[i];
        // Both sides of each build: the old architecture at its last holding load, the new one from the break on.
        if (p.breaks.lastGoodUsers > 0) loads.emplace_back(p.breaks.lastGoodUsers, static_cast<int>(i));
        loads.emplace_back(p.usersTo, static_cast<int>(i + 1));
    }
    std::sort(loads.begin(), loads.end());
    std::vector<PlanPoint> out;
    for (const auto& [users, phase] : loads) {
        if (users < options_.from() || users > options_.target()) continue;
        out.push_back({users, phase, evaluate(architectureOf(phase), users, solvers_.screen)});
    }
    planPath_ = std::move(out);
    return *planPath_;
}

const std::vector<DesCheck>& Study::desChecks() {
    if (desChecks_) return *desChecks_;
    const Roadmap& r = plan();
    const Solver des = cancellable(desSolver(options_.checkBudget), options_.cancelled);
    std::vector<DesCheck> out;
    auto check = [&](const std::string& label, const spec::Architecture& architecture, double users) {
        users = std::round(users);
        for (const auto& existing : out) {
            if (existing.users == users && existing.architecture == architecture.name) return;
        }
        if (options_.planner.progress) options_.planner.progress("simulating " + label);
        DesCheck c;
        c.label = label;
        c.architecture = architecture.name;
        c.users = users;
        c.des = evaluate(architecture, users, des);
        c.analytic = evaluate(architecture, users, solvers_.screen);
        c.holds = failingChecks(c.des.thresholds).empty();
        out.push_back(std::move(c));
    };
    check("today's load", r.initial, todayLoad(architecture_) > 0 ? todayLoad(architecture_) : options_.from());
    if (!r.phases.empty()) {
        const auto& first = r.phases.front().breaks;
        if (first.lastGoodUsers > 0) check("last load that holds", r.initial, first.lastGoodUsers);
        check("first breaking point", r.initial, first.users);
        check("final architecture at the target", r.final, options_.target());
    } else {
        check("the target", r.initial, options_.target());
    }
    desChecks_ = std::move(out);
    return *desChecks_;
}

}  // namespace headroom::roadmap
