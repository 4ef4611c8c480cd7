#include "roadmap/timeline.h"

#include "io/metrics.h"
#include "io/text_format.h"
#include "io/units.h"
#include "roadmap/sweep.h"
#include "roadmap/transformations.h"
#include "spec/nearest_name.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace headroom::roadmap {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kWorkdaySeconds = 8 * 3600.0;
/// A forecast that never reaches the target still needs an end: 20 years.
constexpr double kMaxHorizonMonths = 240.0;

double graphCost(const spec::Architecture& a, double load) { return graphAtUsers(a, load).costMonth(); }

}  // namespace

double todayLoad(const spec::Architecture& a) {
    if (a.workload.arrivalRate) return *a.workload.arrivalRate;
    return a.workload.users.value_or(0.0);
}

std::optional<GrowthCurve> GrowthCurve::of(const spec::Architecture& a, std::optional<int> today) {
    if (!a.growth) return std::nullopt;
    const spec::Growth& g = *a.growth;
    GrowthCurve c;
    c.today_ = today ? *today : g.today ? *g.today : io::todayDays();
    const bool open = a.workload.arrivalRate.has_value();
    const double start = roadmap::todayLoad(a);
    if (!(start > 0)) {
        throw spec::InputError(g.where, "growth needs today's load: give the workload 'users' (or 'arrival_rate')");
    }
    c.points_.emplace_back(0.0, start);
    if (g.perMonth) {
        c.tailRate_ = std::log1p(*g.perMonth);
        return c;
    }
    for (const auto& m : g.milestones) {
        const auto& load = open ? m.arrivalRate : m.users;
        if (!load) {
            throw spec::InputError(m.where, open ? "the workload is open (arrival_rate): a milestone gives 'arrival_rate:'"
                                                 : "the workload is a closed population: a milestone gives 'users:'");
        }
        const double months = (m.date - c.today_) / kDaysPerMonth;
        if (!(months > 0)) {
            throw spec::InputError(m.keys.at("date", m.where), "a milestone must come after today (" +
                                                                   io::formatIsoDate(c.today_) + ")");
        }
        if (*load < c.points_.back().second) {
            throw spec::InputError(m.keys.at(open ? "arrival_rate" : "users", m.where),
                                   "the forecast shrinks here (" + io::formatLoad(*load, open) + " after " +
                                       io::formatLoad(c.points_.back().second, open) +
                                       "): a plan for growth needs a load that does not fall");
        }
        c.points_.emplace_back(months, *load);
    }
    // After the last milestone: the last stretch's compound rate goes on.
    const auto& [m1, l1] = c.points_.back();
    const auto& [m0, l0] = c.points_[c.points_.size() - 2];
    c.tailRate_ = std::log(l1 / l0) / (m1 - m0);
    return c;
}

double GrowthCurve::monthsTo(double load) const {
    if (load <= points_.front().second) return 0.0;
    for (size_t i = 1; i < points_.size(); ++i) {
        const auto& [m0, l0] = points_[i - 1];
        const auto& [m1, l1] = points_[i];
        if (load <= l1) {
            if (l1 <= l0) return m1;  // a flat stretch: reached when it ends (not: load <= l0 was caught before)
            return m0 + (m1 - m0) * std::log(load / l0) / std::log(l1 / l0);
        }
    }
    if (!(tailRate_ > 0)) return kInf;
    const auto& [m, l] = points_.back();
    return m + std::log(load / l) / tailRate_;
}

double GrowthCurve::loadAt(double months) const {
    if (months <= 0) return points_.front().second;
    for (size_t i = 1; i < points_.size(); ++i) {
        const auto& [m0, l0] = points_[i - 1];
        const auto& [m1, l1] = points_[i];
        if (months <= m1) return l0 * std::exp(std::log(l1 / l0) * (months - m0) / (m1 - m0));
    }
    const auto& [m, l] = points_.back();
    return l * std::exp(tailRate_ * (months - m));
}

std::optional<int> GrowthCurve::dateOf(double load) const {
    const double months = monthsTo(load);
    if (!std::isfinite(months) || months > kMaxHorizonMonths * 10) return std::nullopt;
    return today_ + static_cast<int>(std::floor(months * kDaysPerMonth + 1e-9));
}

double pipelineWait(const spec::Team& team, double engineers, int services) {
    const double perSecond = engineers * team.changesPerEngineerDay / kWorkdaySeconds / std::max(services, 1);
    const double rho = perSecond * team.pipelineTime;
    if (rho >= 1.0) return kInf;
    // M/D/1: Wq = rho * D / (2 (1 - rho)) (Pollaczek-Khinchine with SCV 0).
    return rho * team.pipelineTime / (2.0 * (1.0 - rho));
}

void checkLeadTimes(const spec::Architecture& a) {
    std::vector<std::string> known{kSplitServices};
    for (const auto& t : transformations()) known.push_back(t.id);
    for (const auto& [id, seconds] : a.planning.leadTime) {
        if (std::find(known.begin(), known.end(), id) != known.end()) continue;
        const std::string near = spec::nearestName(id, known);
        throw spec::InputError(a.planning.keys.at("lead_time." + id, a.planning.where),
                               "unknown build '" + id + "' in planning.lead_time" +
                                   (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
    }
}

double leadTimeDays(const spec::Architecture& a, const std::string& transformation) {
    if (auto it = a.planning.leadTime.find(transformation); it != a.planning.leadTime.end()) return it->second / 86400.0;
    if (transformation == kSplitServices) return CostCatalogue{}.splitServicesLeadTimeDays;
    if (const auto* t = findTransformation(transformation)) return t->leadTimeDays;
    return 0.0;
}

namespace {

// The team's steps: each time the pipeline wait passes slo.deploy_wait, split
// into enough deployable units to hold it for another year of hiring.
std::vector<Phase> teamSteps(const spec::Architecture& a, const GrowthCurve& curve, double horizonMonths,
                             const TimelineOptions& options) {
    std::vector<Phase> out;
    if (!a.growth || !a.growth->team) return out;
    const spec::Team& team = *a.growth->team;
    const double limit = a.slo.deployWait;
    if (!(team.changesPerEngineerDay > 0)) return out;
    // rho at which the M/D/1 wait equals the limit: rho D / (2 (1 - rho)) = L.
    const double rhoLimit = 2.0 * limit / (team.pipelineTime + 2.0 * limit);
    auto engineersAt = [&](double months) { return team.engineers + team.engineersPerMonth * months; };
    auto engineersLimit = [&](int services) {
        return rhoLimit * kWorkdaySeconds * services / (team.changesPerEngineerDay * team.pipelineTime);
    };
    int services = team.services;
    double month = 0.0;
    for (int guard = 0; guard < 50; ++guard) {
        const double eStar = engineersLimit(services);
        double breakMonth = 0.0;
        if (engineersAt(month) <= eStar) {
            if (!(team.engineersPerMonth > 0)) break;
            breakMonth = (eStar - team.engineers) / team.engineersPerMonth;
        } else {
            breakMonth = month;
        }
        if (breakMonth > horizonMonths) break;
        const double engineers = std::max(engineersAt(breakMonth), eStar);
        const double needed = engineersAt(breakMonth + 12.0) * team.changesPerEngineerDay * team.pipelineTime /
                              (rhoLimit * kWorkdaySeconds);
        const int next = std::max(services + 1, static_cast<int>(std::ceil(needed - 1e-9)));
        Phase p;
        p.usersTo = curve.loadAt(breakMonth);
        p.breaks.users = p.usersTo;
        p.breaks.lastGoodUsers = 0.0;
        p.breaks.method = "rule";
        p.breaks.confirmed = false;
        auto& c = p.breaks.check;
        c.metric = "deploy_wait";
        c.where = services == 1 ? "the deploy pipeline" : "each of the " + std::to_string(services) + " deploy pipelines";
        c.value = std::min(pipelineWait(team, engineers, services), 1e9);
        c.limit = limit;
        c.ok = false;
        c.why = io::formatNumber("%.0f", engineers) + " engineers shipping " +
                io::formatNumber("%g", team.changesPerEngineerDay) + " changes a day wait " +
                io::formatDurationText(c.value) + " on average for " + c.where + " (" +
                io::formatDurationText(team.pipelineTime) + " a change, M/D/1), over the " +
                io::formatDurationText(limit) + " limit";
        p.breaks.check = c;
        p.breaks.failing = {c};
        p.build.transformation = kSplitServices;
        p.build.params.target = "deploy pipeline";
        p.build.params.count = next;
        p.build.rationale = "split the code base along clean service seams into " + std::to_string(next) +
                            " deployable units, each with its own pipeline, so that a year of hiring (" +
                            io::formatNumber("%.0f", engineersAt(breakMonth + 12.0)) +
                            " engineers) still waits under " + io::formatDurationText(limit);
        p.build.costMonthAfter = options.catalogue.serviceMonth * (next - services);  // the added cost, fixed below
        out.push_back(std::move(p));
        services = next;
        month = breakMonth;
    }
    return out;
}

struct Costs {
    double before = 0.0;  ///< monthly cost of the architecture that runs the step's band
    double after = 0.0;   ///< after the step's build
};

// Total cost over the horizon of a grouping (`starts`: first step of each phase).
double totalCost(const std::vector<int>& starts, const std::vector<double>& months, const std::vector<Costs>& costs,
                 double fromMonths, double horizonMonths, double projectCost) {
    double total = 0.0;
    double bandStart = fromMonths;
    for (int i : starts) {
        total += projectCost + costs[static_cast<size_t>(i)].before * std::max(0.0, months[static_cast<size_t>(i)] - bandStart);
        bandStart = months[static_cast<size_t>(i)];
    }
    const double last = costs.empty() ? 0.0 : costs.back().after;
    return total + last * std::max(0.0, horizonMonths - bandStart);
}

}  // namespace

Roadmap schedule(Roadmap r, const spec::Architecture& a, const TimelineOptions& options) {
    checkLeadTimes(a);
    const auto curve = GrowthCurve::of(a);
    r.openWorkload = a.workload.arrivalRate.has_value();
    // An unfixed break (nothing helps) stays a phase of its own, last.
    std::optional<Phase> unfixed;
    if (!r.phases.empty() && r.phases.back().build.transformation.empty()) {
        unfixed = std::move(r.phases.back());
        r.phases.pop_back();
    }
    std::vector<Phase> steps = std::move(r.phases);
    r.phases.clear();
    // planning.lead_time wins; else the catalogue's (set by the planner, issue 21); else the library's.
    for (auto& s : steps) {
        if (a.planning.leadTime.count(s.build.transformation) || !(s.build.leadTimeDays > 0)) {
            s.build.leadTimeDays = leadTimeDays(a, s.build.transformation);
        }
    }

    double horizon = 0.0;
    if (curve) {
        r.today = curve->today();
        horizon = std::min(curve->monthsTo(r.target), kMaxHorizonMonths);
        r.horizonMonths = horizon;
        r.targetDate = curve->today() + static_cast<int>(std::floor(horizon * kDaysPerMonth + 1e-9));
        if (!std::isfinite(curve->monthsTo(r.target))) {
            r.notes.push_back("the growth forecast never reaches the target: the horizon is cut at " +
                              io::formatNumber("%.0f", kMaxHorizonMonths) + " months");
        }
        // The team's splits join the steps at the load their date brings.
        auto team = teamSteps(a, *curve, horizon, options);
        for (auto& t : team) {
            t.build.leadTimeDays = leadTimeDays(a, kSplitServices);
            auto at = std::find_if(steps.begin(), steps.end(), [&](const Phase& s) { return s.usersTo > t.usersTo; });
            steps.insert(at, std::move(t));
        }
    }
    // Monthly costs along the steps; a team split adds its cost to every later step.
    std::vector<Costs> costs;
    double teamMonth = 0.0;
    int services = a.growth && a.growth->team ? a.growth->team->services : 1;
    const spec::Architecture* previous = &r.initial;
    for (auto& s : steps) {
        if (s.build.transformation == kSplitServices) {
            const double added = s.build.costMonthAfter;
            s.before = *previous;
            s.after = *previous;
            s.after.growth->team->services = s.build.params.count;
            services = s.build.params.count;
            s.build.costMonthBefore = costs.empty() ? graphCost(r.initial, r.from) : costs.back().after;
            s.build.costMonthAfter = s.build.costMonthBefore + added;
            teamMonth += added;
            // The machines do not change: nor do their spike-hours.
            s.spikeCostMonthBefore = s.spikeCostMonth = &s == &steps.front() ? 0.0 : (&s - 1)->spikeCostMonth;
        } else {
            if (a.growth && a.growth->team) {
                s.before.growth->team->services = services;
                s.after.growth->team->services = services;
            }
            s.build.costMonthBefore += teamMonth;
            s.build.costMonthAfter += teamMonth;
        }
        // The spike-hours of autoscaled tiers are paid with the machines (spike_cost.h).
        costs.push_back({s.build.costMonthBefore + s.spikeCostMonthBefore, s.build.costMonthAfter + s.spikeCostMonth});
        previous = &s.after;
    }
    r.stepCount = static_cast<int>(steps.size());
    if (!steps.empty()) r.final = steps.back().after;
    const size_t k = steps.size();
    std::vector<double> months(k, 0.0);
    const double fromMonths = curve ? std::min(curve->monthsTo(r.from), horizon) : 0.0;
    for (size_t i = 0; i < k; ++i) months[i] = curve ? std::min(curve->monthsTo(steps[i].usersTo), horizon) : 0.0;

    // Choose the phases: the first step of each.
    std::vector<int> starts;
    if (k > 0 && curve) {
        const double project = a.planning.projectCost;
        auto runwayMonths = [&](size_t i, size_t j) {  // steps i..j-1 as one phase
            if (a.planning.minRunway) return *a.planning.minRunway / 86400.0 / kDaysPerMonth;
            double lead = 0.0;
            for (size_t x = i; x < j; ++x) lead = std::max(lead, steps[x].build.leadTimeDays);
            return lead / kDaysPerMonth;
        };
        // best[i][p + 1]: least cost from a phase starting at step i, the
        // phase before it starting at p (-1: none, its band starts at `from`).
        std::vector<std::vector<double>> best(k + 1, std::vector<double>(k + 1, kInf));
        std::vector<std::vector<size_t>> next(k + 1, std::vector<size_t>(k + 1, k));
        for (size_t i = k; i-- > 0;) {
            for (int p = static_cast<int>(i) - 1; p >= -1; --p) {
                const double bandStart = p < 0 ? fromMonths : months[static_cast<size_t>(p)];
                const double band = std::max(0.0, months[i] - bandStart);
                const double here = project + costs[i].before * band;
                double least = kInf;
                size_t argLeast = k;
                for (size_t j = k; j > i; --j) {  // the fewest phases first on equal cost
                    if (p >= 0 && band < runwayMonths(i, j) - 1e-9) continue;
                    const double rest = j == k ? costs[k - 1].after * std::max(0.0, horizon - months[i])
                                               : best[j][i + 1];
                    if (here + rest < least - 1e-6) {
                        least = here + rest;
                        argLeast = j;
                    }
                }
                best[i][static_cast<size_t>(p + 1)] = least;
                next[i][static_cast<size_t>(p + 1)] = argLeast;
            }
        }
        for (size_t i = 0, p = 0; i < k;) {  // p: previous start + 1
            starts.push_back(static_cast<int>(i));
            const size_t j = next[i][p];
            p = i + 1;
            i = j;
        }
        std::vector<int> every(k);
        for (size_t i = 0; i < k; ++i) every[i] = static_cast<int>(i);
        r.costTotalHorizon = totalCost(starts, months, costs, fromMonths, horizon, project);
        r.costTotalStepwise = totalCost(every, months, costs, fromMonths, horizon, project);
    } else {
        // No growth: steps that fix breaks at the same load are one phase.
        for (size_t i = 0; i < k; ++i) {
            if (i == 0 || steps[i].usersTo > steps[static_cast<size_t>(starts.back())].usersTo * (1 + 1e-9)) {
                starts.push_back(static_cast<int>(i));
            }
        }
        if (!a.growth) {
            r.notes.push_back("no growth forecast: phases are not dated and not sized to a runway (add 'growth:' "
                              "with users_per_month or milestones)");
        }
    }

    // The phases.
    std::vector<int> phaseOfStep(k, 0);
    for (size_t g = 0; g < starts.size(); ++g) {
        const size_t i = static_cast<size_t>(starts[g]);
        const size_t j = g + 1 < starts.size() ? static_cast<size_t>(starts[g + 1]) : k;
        Phase p = steps[i];
        p.usersFrom = g == 0 ? (steps.front().usersFrom > 0 ? steps.front().usersFrom : r.from)
                             : steps[static_cast<size_t>(starts[g - 1])].usersTo;
        p.builds.clear();
        for (size_t x = i; x < j; ++x) {
            p.builds.push_back(steps[x].build);
            phaseOfStep[x] = static_cast<int>(g + 1);
            p.leadTimeDays = std::max(p.leadTimeDays, steps[x].build.leadTimeDays);
        }
        p.build = p.builds.front();
        p.after = steps[j - 1].after;
        p.spikeCostMonth = steps[j - 1].spikeCostMonth;
        p.spikeCostNote = steps[j - 1].spikeCostNote;
        p.overProvisioningMonth = std::max(0.0, costs[j - 1].after - costs[i].after);
        if (curve) {
            p.neededBy = curve->dateOf(p.usersTo);
            if (!p.neededBy) p.neededBy = *r.targetDate;
            p.startBy = *p.neededBy - static_cast<int>(std::ceil(p.leadTimeDays));
            p.late = *p.startBy < curve->today();
            const double bandStart = g == 0 ? fromMonths : months[static_cast<size_t>(starts[g - 1])];
            p.runwayDays = std::max(0.0, months[i] - bandStart) * kDaysPerMonth;
            p.minRunwayDays = a.planning.minRunway ? *a.planning.minRunway / 86400.0 : p.leadTimeDays;
        }
        r.phases.push_back(std::move(p));
    }
    if (unfixed) {
        Phase p = std::move(*unfixed);
        p.usersFrom = r.phases.empty() ? p.usersFrom : r.phases.back().usersTo;
        p.builds.clear();
        if (curve) {
            p.neededBy = curve->dateOf(p.usersTo);
            p.startBy = p.neededBy;
            p.late = p.neededBy && *p.neededBy < curve->today();
        }
        r.phases.push_back(std::move(p));
    }
    // Scenario checks were run per step: name the phase that holds the step.
    for (auto& s : r.scenarios) {
        size_t seen = 0;
        for (size_t x = 0; x < k; ++x) {
            if (steps[x].build.transformation == kSplitServices) continue;
            if (++seen == static_cast<size_t>(s.phase)) {
                s.phase = phaseOfStep[x];
                break;
            }
        }
    }
    if (k > r.phases.size() && curve) {
        r.notes.push_back(std::to_string(k) + " steps grouped into " + std::to_string(starts.size()) +
                          " phases: total cost over the horizon " + io::formatMoney(r.costTotalHorizon) + " against " +
                          io::formatMoney(r.costTotalStepwise) + " built step by step");
    }

    // The cost curve, and its threshold.
    const bool open = r.openWorkload;
    auto point = [&](double load, double cost) {
        CostPoint c;
        c.users = load;
        if (curve) c.date = curve->dateOf(load);
        c.costMonth = cost;
        c.costPer1000Users = load > 0 ? cost / (load / 1000.0) : 0.0;
        return c;
    };
    for (const auto& p : r.phases) {
        r.costCurve.push_back(point(std::max(p.usersFrom, 1e-9), p.build.costMonthBefore));
        r.costCurve.push_back(point(p.usersTo, p.build.costMonthBefore));
    }
    const double finalCost = costs.empty() ? graphCost(r.initial, r.from) : costs.back().after;
    if (!r.phases.empty()) r.costCurve.push_back(point(r.phases.back().usersTo, finalCost));
    r.costCurve.push_back(point(r.target, r.phases.empty() ? graphCost(r.initial, r.from) : finalCost));
    if (a.slo.costPer1000Users) {
        for (const auto& c : r.costCurve) {
            if (c.costPer1000Users <= *a.slo.costPer1000Users) continue;
            BreakingPoint b;
            b.users = c.users;
            b.method = "rule";
            b.check.metric = "cost_per_1000_users";
            b.check.where = "the plan";
            b.check.value = c.costPer1000Users;
            b.check.limit = *a.slo.costPer1000Users;
            b.check.ok = false;
            b.check.why = "at " + io::formatLoad(c.users, open) + " the architecture costs " + io::formatMoney(c.costMonth) +
                          " per month, " + io::formatMoney(c.costPer1000Users) + " per 1,000 " +
                          (open ? "requests per second" : "users") + ", over the bound of " +
                          io::formatMoney(*a.slo.costPer1000Users);
            b.failing = {b.check};
            r.costBreak = b;
            break;
        }
    }
    r.costMonthFinal += teamMonth;
    return r;
}

}  // namespace headroom::roadmap
