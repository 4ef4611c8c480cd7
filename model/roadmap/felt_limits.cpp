#include "roadmap/felt_limits.h"

#include "io/metrics.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace headroom::roadmap {

namespace {

bool userFelt(const stats::ThresholdCheck& c) { return io::metric(c.metric).nature == io::Nature::UserFelt; }

std::optional<stats::ThresholdCheck> feltFailure(const std::vector<stats::ThresholdCheck>& checks) {
    for (const auto& c : failingChecks(checks)) {  // most severe first
        if (userFelt(c)) return c;
    }
    return std::nullopt;
}

}  // namespace

const char* breakNature(const BreakingPoint& b) {
    // A resilience break is a rule of holding (slo.resilience), whatever tier fails in it.
    if (!b.scenario.empty() || b.method == "rule") return "rule";
    return io::toString(io::metric(b.check.metric).nature);
}

std::optional<BreakingPoint> firstFeltBreak(const spec::Architecture& a, double from, const SearchOptions& options,
                                            const Solvers& solvers) {
    const double to = std::max(from, options.to * 4);
    std::map<double, std::optional<stats::ThresholdCheck>> screened;
    auto screenFails = [&](double users) {
        auto it = screened.find(users);
        if (it == screened.end()) it = screened.emplace(users, feltFailure(evaluate(a, users, solvers.screen).thresholds)).first;
        return it->second.has_value();
    };
    SearchOptions grid = options;
    grid.from = from;
    grid.to = to;
    double lo = 0, hi = 0;
    for (double n : searchGrid(grid)) {
        if (screenFails(n)) {
            hi = n;
            break;
        }
        lo = n;
    }
    if (hi <= 0) return std::nullopt;
    while (lo > 0 && hi / lo > options.precision) {
        const double mid = std::sqrt(lo * hi);
        (screenFails(mid) ? hi : lo) = mid;
    }
    BreakingPoint bp;
    bp.users = hi;
    bp.lastGoodUsers = lo;
    bp.analyticUsers = hi;
    bp.check = *screened[hi];
    bp.method = "analytic";
    if (!solvers.confirm) return bp;

    // Placed by the simulation: widen the bracket by 1.1x steps until it agrees, then bisect.
    std::map<double, std::optional<stats::ThresholdCheck>> simulated;
    auto desFails = [&](double users) {
        auto it = simulated.find(users);
        if (it == simulated.end()) it = simulated.emplace(users, feltFailure(evaluate(a, users, solvers.confirm).thresholds)).first;
        return it->second.has_value();
    };
    const double floor = std::max(1.0, from);
    double dlo = lo > 0 ? lo : std::max(floor, hi / 1.1), dhi = hi;
    int steps = 0;
    while (!desFails(dhi) && steps < 12 && dhi < to * 4) dlo = dhi, dhi *= 1.1, ++steps;
    if (!desFails(dhi)) return bp;  // the simulation finds none nearby: keep the screened figure, unconfirmed
    while (desFails(dlo) && dlo > floor && steps < 24) dhi = dlo, dlo = std::max(floor, dlo / 1.1), ++steps;
    if (desFails(dlo)) {
        dhi = dlo;  // already felt at the lowest load tried
        dlo = 0;
    }
    while (dlo > 0 && dhi / dlo > options.confirmPrecision) {
        const double mid = std::sqrt(dlo * dhi);
        (desFails(mid) ? dhi : dlo) = mid;
    }
    bp.users = dhi;
    bp.lastGoodUsers = dlo;
    bp.check = *simulated[dhi];
    bp.confirmed = true;
    bp.method = "des";
    return bp;
}

std::optional<BreakingPoint> placeFeltLimit(BreakingPoint& b, const spec::Architecture& architecture,
                                            const SearchOptions& options, const Solvers& solvers) {
    if (std::string(breakNature(b)) != "margin") return std::nullopt;
    // Already felt where the margin breaks: the same load.
    if (auto now = feltFailure(b.failing)) {
        b.feltAtUsers = b.users;
        b.feltMetric = now->metric;
        b.feltConfirmed = b.confirmed;
        return std::nullopt;
    }
    auto felt = firstFeltBreak(architecture, b.users, options, solvers);
    if (!felt) return std::nullopt;
    b.feltAtUsers = felt->users;
    b.feltMetric = felt->check.metric;
    b.feltConfirmed = felt->confirmed;
    return felt;
}

void placeFeltLimits(Roadmap& roadmap, const SearchOptions& options, const Solvers& solvers) {
    for (auto& p : roadmap.phases) (void)placeFeltLimit(p.breaks, p.before, options, solvers);
}

}  // namespace headroom::roadmap
