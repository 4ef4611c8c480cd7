#pragma once
// Internal to the analytic solver (solver.cpp, layered.cpp): the mapping of a
// graph's stations onto closed-network stations with the non-product-form
// corrections, and the filling of stats::Results. Not part of the API.

#include "analytic/balancing.h"
#include "analytic/closed_network.h"
#include "graph/graph.h"
#include "stats/results.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace headroom::analytic::detail {

inline constexpr int kRounds = 100;  // fixed-point rounds of the non-product-form corrections

/// Squared coefficient of variation of a service-time distribution.
double scvOf(const spec::Distribution& d);
/// Share-weighted demand of one user request (the mix is one chain).
double mixed(const graph::Graph& graph, const std::vector<double>& perClass);
/// Components whose CPU work lands on station `s`.
std::vector<int> componentsOn(const graph::Graph& graph, const graph::Station& s);
/// Squared coefficient of variation of one visit's service time at a station.
double stationScv(const graph::Graph& graph, const graph::Station& s, double users);

struct Mapped {
    std::vector<graph::Station> stations;
    std::vector<ClosedStation> closed;
    std::vector<double> async;
    std::vector<Balancing> balancing;
    std::vector<double> waitFactor;  // Allen-Cunneen (ca^2 + cs^2) / 2 on the waiting time; 1 = product-form
};

/// The graph's stations (or the given ones, e.g. one part of the call graph) as closed-network stations.
Mapped mapStations(const graph::Graph& graph, double users);
Mapped mapStations(const graph::Graph& graph, double users, std::vector<graph::Station> stations);

// A scalar fixed point v = T(v) of a monotone T, one update per solve (each
// evaluation of T is a closed-network solve, so rounds are what costs).
// Plain substitution oscillates where T is steep (async work far above the
// response path's at a busy station, f >> 1): the step towards T(v) is
// halved whenever the residual T(v) - v changes sign, so the iterate closes
// in on the root instead of jumping over it. Where it converges
// monotonically but slowly (T' near 1: a shift that the think time cannot
// absorb, a saturated station), the secant through the last two residuals
// jumps to the root, at most 16 plain steps ahead.
struct FixedPoint {
    double step = 1.0;
    double lastValue = 0.0, lastResidual = 0.0;
    bool started = false;

    double next(double value, double residual) {
        if (started && residual * lastResidual < 0) step *= 0.5;
        double out = value + step * residual;
        if (started && residual * lastResidual > 0 && std::fabs(residual) < std::fabs(lastResidual) && value != lastValue) {
            const double slope = (residual - lastResidual) / (value - lastValue);  // T' - 1 < 0 when converging
            if (slope < 0) {
                const double secant = value - residual / slope;
                const double far = value + 16.0 * step * residual;
                out = residual > 0 ? std::clamp(secant, out, far) : std::clamp(secant, far, out);
            }
        }
        lastValue = value;
        lastResidual = residual;
        started = true;
        return out;
    }
};


struct ClosedAnswer {
    ClosedSolution solution;
    bool approximated = false;  // async correction or waiting factor applied
    bool converged = true;
};

/// The closed network of `m` at `population` with the corrections (pooled
/// copies, async work, Allen-Cunneen waits) iterated to a fixed point.
/// Stations of `m.closed` beyond `m.stations` (load-dependent pools) are
/// passed through untouched. `extraDelay` (seconds, may be negative) is
/// added to the think time (floored at 0). `previous`, a solution of a
/// similar network at the same population (a previous round), warm-starts
/// the solve (exact either way) and then the result keeps its tilt too.
ClosedAnswer solveClosed(const graph::Graph& graph, const Mapped& m, long long population, double extraDelay = 0.0,
                         const ClosedSolution* previous = nullptr);

std::string format(double v);

/// Results with the architecture's name, method, cost and product-form notes.
stats::Results baseResults(const graph::Graph& graph);

/// Each host's utilisation: that of the stations on it (`utilization` per
/// copy, indexed like `stations`), averaged over their copies.
void fillHosts(const graph::Graph& graph, const std::vector<graph::Station>& stations, const std::vector<double>& utilization,
               stats::Results& r);

/// A component's figures from its visits per second (`syncRate` on the
/// response path, `allRate` with async ones), busy cores (`busy`) and mean
/// time per visit: throughput, utilisation of its cores, queue length, hit ratio.
void setComponentFigures(const graph::Graph& graph, const graph::Component& comp, double syncRate, double allRate, double busy,
                         double responseTime, stats::ComponentResult& cr);

/// Fills hosts, components and percentiles from per-station figures
/// (`residence` and `utilization` per copy, indexed like `m.stations`).
void fillResults(const graph::Graph& graph, double users, const Mapped& m, double throughput,
                 const std::vector<double>& residence, const std::vector<double>& utilization, stats::Results& r);

}  // namespace headroom::analytic::detail
