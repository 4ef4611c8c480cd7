// Sweeps and breaking-point search. Bisection works in log(users): the grid
// is logarithmic and a 2% precision is a ratio, not a difference.

#include "roadmap/sweep.h"

#include "roadmap/thresholds.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace headroom::roadmap {

namespace {

bool holds(const std::vector<stats::ThresholdCheck>& checks) { return failingChecks(checks).empty(); }

// Bisect between a holding load `lo` and a failing load `hi` on `fails`.
template <typename Fails>
std::pair<double, double> bisect(double lo, double hi, double precision, Fails&& fails) {
    while (hi / lo > precision) {
        const double mid = std::sqrt(lo * hi);
        (fails(mid) ? hi : lo) = mid;
    }
    return {lo, hi};
}

std::string key(const stats::ThresholdCheck& c) { return c.metric + "@" + c.where; }

}  // namespace

graph::Graph graphAtUsers(const spec::Architecture& architecture, double users) {
    spec::Architecture a = architecture;
    if (a.workload.arrivalRate) {
        throw spec::InputError(a.workload.keys.at("arrival_rate", a.workload.where),
                               "sweeps and roadmaps grow a closed population of users: give the workload "
                               "'users' and 'think_time' instead of 'arrival_rate'");
    }
    a.workload.users = std::max(1.0, std::round(users));
    a.workload.profile.clear();
    return graph::build(a);
}

std::vector<double> logGrid(double from, double to, int points) {
    if (!(from > 0) || !(to >= from) || points < 1) throw std::invalid_argument("logGrid: need 0 < from <= to, points >= 1");
    if (points == 1 || to == from) return {from};
    std::vector<double> out;
    const double step = std::log(to / from) / (points - 1);
    for (int i = 0; i < points; ++i) out.push_back(i == points - 1 ? to : from * std::exp(step * i));
    return out;
}

std::vector<double> searchGrid(const SearchOptions& options) {
    if (!(options.from > 0) || !(options.to >= options.from)) throw std::invalid_argument("searchGrid: need 0 < from <= to");
    // The step is fixed (points over the standard 100..100,000 span), and the
    // lattice starts at `from`: a break is bracketed, and so bisected, the same
    // whatever the target, so asking about 10,000 or 100,000 users cannot move it.
    const double ratio = std::pow(1000.0, 1.0 / std::max(1, options.points - 1));
    std::vector<double> out;
    for (double u = options.from; u < options.to * (1 - 1e-9); u *= ratio) out.push_back(u);
    out.push_back(options.to);
    return out;
}

std::vector<stats::ThresholdCheck> failingChecks(const std::vector<stats::ThresholdCheck>& checks) {
    std::vector<stats::ThresholdCheck> out;
    for (const auto& c : checks) {
        if (!c.ok && !isLoadIndependent(c)) out.push_back(c);
    }
    // Most severe first; ties keep catalogue order (stable), so the result is deterministic.
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return severity(a) > severity(b); });
    return out;
}

stats::Results evaluate(const spec::Architecture& architecture, double users, const Solver& solver) {
    const graph::Graph g = graphAtUsers(architecture, users);
    stats::Results r;
    try {
        r = solver(g, std::max(1.0, std::round(users)));
    } catch (const spec::InputError&) {
        throw;
    } catch (const std::exception& e) {
        // Say where: a solver failing at one load of a sweep is otherwise a riddle.
        throw std::runtime_error(std::string(e.what()) + " (" + architecture.name + " at " +
                                 std::to_string(static_cast<long long>(std::llround(users))) + " users)");
    }
    r.thresholds = checkThresholds(g, r);
    return r;
}

std::vector<SweepPoint> sweep(const spec::Architecture& architecture, const std::vector<double>& users,
                              const Solver& solver) {
    std::vector<SweepPoint> out;
    for (double n : users) {
        SweepPoint p;
        p.users = n;
        p.results = evaluate(architecture, n, solver);
        p.holds = holds(p.results.thresholds);
        out.push_back(std::move(p));
    }
    return out;
}

std::optional<BreakingPoint> findBreakingPoint(const spec::Architecture& architecture, const SearchOptions& options,
                                               const Solvers& solvers) {
    if (!solvers.screen) throw std::invalid_argument("findBreakingPoint: no screening solver");
    const auto grid = searchGrid(options);
    std::map<double, std::vector<stats::ThresholdCheck>> seen;
    auto failsAt = [&](double users) {
        auto& checks = seen[users];
        if (checks.empty()) checks = evaluate(architecture, users, solvers.screen).thresholds;
        return !holds(checks);
    };
    double lastGood = 0.0;
    std::optional<double> firstBad;
    for (double n : grid) {
        if (failsAt(n)) {
            firstBad = n;
            break;
        }
        lastGood = n;
    }
    if (!firstBad) return std::nullopt;
    double lo = lastGood, hi = *firstBad;
    if (lo > 0) std::tie(lo, hi) = bisect(lo, hi, options.precision, failsAt);
    BreakingPoint bp;
    bp.users = hi;
    bp.lastGoodUsers = lo;
    bp.analyticUsers = hi;
    bp.failing = failingChecks(seen[hi]);
    bp.check = bp.failing.front();
    bp.method = "analytic";
    if (solvers.confirm) return confirmBreakingPoint(architecture, bp, options, solvers.confirm);
    return bp;
}

BreakingPoint confirmBreakingPoint(const spec::Architecture& architecture, const BreakingPoint& screened,
                                   const SearchOptions& options, const Solver& confirm) {
    struct Point {
        std::vector<stats::ThresholdCheck> checks;
        double worst = 0.0;  // largest severity of a load-dependent check: the crossing is where it reaches 1
    };
    std::map<double, Point> seen;
    auto at = [&](double users) -> const Point& {
        auto it = seen.find(users);
        if (it == seen.end()) {
            Point p;
            p.checks = evaluate(architecture, users, confirm).thresholds;
            for (const auto& c : p.checks) {
                if (!isLoadIndependent(c)) p.worst = std::max(p.worst, severity(c));
            }
            it = seen.emplace(users, std::move(p)).first;
        }
        return it->second;
    };
    auto failsAt = [&](double users) { return !holds(at(users).checks); };
    // Where the worst severity reaches 1, assuming it grows like a power of the
    // load between two measured points (utilisation: linearly); from one point,
    // linearly. NaN when the figures give no usable slope.
    auto crossingFrom = [&](double a, double b) {
        const double fa = std::max(at(a).worst, 1e-9), fb = std::max(at(b).worst, 1e-9);
        if (a == b) return a / fa;
        const double slope = std::log(fb / fa) / std::log(b / a);
        if (!(slope > 0.05) || !std::isfinite(slope)) return std::nan("");
        return a * std::exp(-std::log(fa) / slope);
    };

    // Never below the lowest load considered: a planner's phase starts there.
    const double floor = std::max(1.0, options.from);
    const double ceiling = options.to * 4;
    const double p = options.confirmPrecision;
    // Start from the screening bracket: when both solvers agree (the usual
    // case for utilisation limits) two runs confirm it to the same precision.
    double lo = screened.lastGoodUsers > 0 ? screened.lastGoodUsers : std::max(floor, screened.users / 1.1);
    double hi = std::max(lo * 1.0001, screened.users);
    BreakingPoint bp = screened;
    // The simulation disagrees: step towards its own crossing, guided by how far
    // its worst figure is from the limit (at most 1.25x a step, at least the
    // precision), for at most 4x either way.
    int steps = 0;
    while (failsAt(lo) && lo > floor && steps < 12) {
        const double guess = crossingFrom(lo, lo) / std::sqrt(p);
        hi = lo;
        lo = std::max(floor, std::clamp(guess, lo / 1.25, lo / p));
        ++steps;
    }
    if (failsAt(lo)) {
        // Already broken at the lowest load tried: that is where it breaks.
        bp.users = lo;
        bp.lastGoodUsers = 0;
        bp.failing = failingChecks(at(lo).checks);
        bp.check = bp.failing.front();
        bp.confirmed = true;
        bp.method = "des";
        return bp;
    }
    steps = 0;
    while (!failsAt(hi) && steps < 12 && hi < ceiling) {
        const double guess = crossingFrom(hi, hi) * std::sqrt(p);
        lo = hi;
        hi = std::clamp(guess, hi * p, hi * 1.25);
        ++steps;
    }
    if (!failsAt(hi)) {
        bp.check.why += " (not confirmed: the simulation holds up to " + std::to_string(static_cast<long long>(hi)) +
                        " users)";
        bp.confirmed = false;
        return bp;
    }
    // Regula falsi in log(users) on the worst severity, each trial placed to close
    // the bracket when the guess is right; plain bisection when the figures are flat.
    for (int guard = 0; hi / lo > p && guard < 40; ++guard) {
        double m = crossingFrom(lo, hi);
        if (!std::isfinite(m) || m <= lo || m >= hi) m = std::sqrt(lo * hi);
        if (m / lo < p) m = lo * p;
        else if (hi / m < p) m = hi / p;
        else if (guard % 3 == 2) m = std::sqrt(lo * hi);  // keep shrinking if the guesses stall
        (failsAt(m) ? hi : lo) = m;
    }
    bp.users = hi;
    bp.lastGoodUsers = lo;
    bp.failing = failingChecks(at(hi).checks);
    bp.check = bp.failing.front();
    bp.confirmed = true;
    bp.method = "des";
    return bp;
}

std::vector<BreakingPoint> crossings(const spec::Architecture& architecture, const SearchOptions& options,
                                     const Solver& solver) {
    const auto grid = searchGrid(options);
    std::vector<std::vector<stats::ThresholdCheck>> atGrid;
    for (double n : grid) atGrid.push_back(evaluate(architecture, n, solver).thresholds);
    // For each threshold (metric@where), the first grid load where it fails.
    std::map<std::string, size_t> first;
    std::vector<std::string> order;
    for (size_t i = 0; i < grid.size(); ++i) {
        for (const auto& c : atGrid[i]) {
            if (c.ok || isLoadIndependent(c) || first.count(key(c))) continue;
            first[key(c)] = i;
            order.push_back(key(c));
        }
    }
    std::vector<BreakingPoint> out;
    for (const auto& k : order) {
        const size_t i = first[k];
        auto find = [&](const std::vector<stats::ThresholdCheck>& checks) -> const stats::ThresholdCheck* {
            for (const auto& c : checks) {
                if (key(c) == k) return &c;
            }
            return nullptr;
        };
        std::map<double, stats::ThresholdCheck> seen;
        auto failsAt = [&](double users) {
            auto it = seen.find(users);
            if (it == seen.end()) {
                const auto checks = evaluate(architecture, users, solver).thresholds;
                const auto* c = find(checks);
                stats::ThresholdCheck copy;
                copy.ok = true;
                if (c) copy = *c;
                it = seen.emplace(users, copy).first;
            }
            return !it->second.ok;
        };
        BreakingPoint bp;
        double lo = i > 0 ? grid[i - 1] : 0.0, hi = grid[i];
        seen[hi] = *find(atGrid[i]);
        if (lo > 0) std::tie(lo, hi) = bisect(lo, hi, options.precision, failsAt);
        bp.users = hi;
        bp.lastGoodUsers = lo;
        bp.analyticUsers = hi;
        bp.check = seen[hi];
        bp.failing = {bp.check};
        out.push_back(bp);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.users < b.users; });
    return out;
}

}  // namespace headroom::roadmap
