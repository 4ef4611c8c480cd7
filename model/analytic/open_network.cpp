#include "analytic/open_network.h"

#include "analytic/queueing_formulas.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace headroom::analytic {

Eigen::VectorXd solveTrafficEquations(const Eigen::MatrixXd& routing, const Eigen::VectorXd& external) {
    const Eigen::Index n = routing.rows();
    if (routing.cols() != n || external.size() != n) throw std::invalid_argument("traffic equations: sizes differ");
    const Eigen::MatrixXd system = Eigen::MatrixXd::Identity(n, n) - routing.transpose();
    // Full-pivot LU reveals rank, so a closed routing loop (singular system)
    // is reported instead of returning garbage.
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(system);
    if (!lu.isInvertible()) throw std::invalid_argument("traffic equations: singular (a routing loop that no request leaves)");
    const Eigen::VectorXd rates = lu.solve(external);
    for (Eigen::Index i = 0; i < n; ++i) {
        if (!std::isfinite(rates(i)) || rates(i) < -1e-12 * std::max(1.0, external.cwiseAbs().sum())) {
            throw std::invalid_argument("traffic equations: no non-negative solution (check the routing probabilities)");
        }
    }
    return rates.cwiseMax(0.0);
}

OpenSolution solveOpen(const std::vector<OpenStation>& stations, double arrivalRate) {
    if (!(arrivalRate >= 0.0) || !std::isfinite(arrivalRate)) throw std::invalid_argument("open network: arrival rate must be finite and >= 0");
    OpenSolution sol;
    const size_t count = stations.size();
    sol.arrivalRate = arrivalRate;
    sol.utilization.assign(count, 0.0);
    sol.queueLength.assign(count, 0.0);
    sol.residenceTime.assign(count, 0.0);
    sol.blocking.assign(count, 0.0);
    // Capacity: the first station (without a finite waiting room) to reach
    // utilisation 1. Stations with a finite room lose requests instead.
    sol.capacity = std::numeric_limits<double>::infinity();
    for (const auto& s : stations) {
        const double work = s.demand + s.asyncDemand;
        if (s.servers > 0 && s.multiplicity > 0 && work > 0 && !s.capacity) sol.capacity = std::min(sol.capacity, s.servers / work);
    }
    double load = arrivalRate;
    if (arrivalRate >= sol.capacity) {
        sol.saturated = true;
        load = 0.999 * sol.capacity;
    }
    double passes = 1.0;  // probability a request is accepted everywhere
    for (size_t k = 0; k < count; ++k) {
        const auto& s = stations[k];
        if (s.multiplicity == 0) continue;
        const double work = s.demand + s.asyncDemand;
        if (s.servers == 0) {
            sol.residenceTime[k] = s.demand;
            sol.queueLength[k] = load * s.demand;
            continue;
        }
        if (work <= 0.0) continue;
        StationMetrics m;
        if (s.capacity) {
            m = mmck(load, work, s.servers, std::max(*s.capacity, s.servers));
            if (s.scv != 1.0 && s.fcfs) sol.exact = false;
            sol.blocking[k] = m.blockingProbability;
            passes *= 1.0 - m.blockingProbability;
        } else if (s.fcfs && s.scv != 1.0) {
            if (s.servers == 1) m = mg1(load, work, s.scv);
            else {
                m = mgcAllenCunneen(load, work, s.servers, s.scv);
                sol.exact = false;
            }
        } else {
            m = mmc(load, work, s.servers);
        }
        if (s.asyncDemand > 0 && s.demand > 0) sol.exact = false;
        sol.utilization[k] = std::min(1.0, m.utilization);
        // The response-path share of the work sees the same slowdown (R / S) as all of it.
        sol.residenceTime[k] = s.demand * (m.meanResponse / work);
        const double accepted = s.capacity ? load * (1.0 - m.blockingProbability) : load;
        sol.queueLength[k] = accepted * sol.residenceTime[k];
    }
    if (passes < 1.0 && count > 1) sol.exact = false;  // losses thin downstream traffic; treated as independent
    sol.lossProbability = 1.0 - passes;
    sol.throughput = load * passes;
    double response = 0.0;
    for (size_t k = 0; k < count; ++k) response += stations[k].multiplicity * sol.residenceTime[k];
    sol.responseTime = response;
    return sol;
}

}  // namespace headroom::analytic
