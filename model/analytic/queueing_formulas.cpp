#include "analytic/queueing_formulas.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace headroom::analytic {

namespace {

void requireStable(double rho, const char* what) {
    if (!(rho < 1.0)) {
        throw std::domain_error(std::string(what) + ": utilisation " + std::to_string(rho) + " is not below 1");
    }
}

void requireValid(double arrivalRate, double serviceTime, int servers) {
    if (!(arrivalRate >= 0.0) || !(serviceTime >= 0.0) || servers < 1 || !std::isfinite(arrivalRate) ||
        !std::isfinite(serviceTime)) {
        throw std::invalid_argument("queueing formula: needs arrival rate >= 0, service time >= 0, servers >= 1");
    }
}

}  // namespace

double erlangB(int servers, double load) {
    if (servers < 0 || !(load >= 0.0)) throw std::invalid_argument("erlangB: servers >= 0 and load >= 0");
    double b = 1.0;
    for (int k = 1; k <= servers; ++k) b = load * b / (k + load * b);
    return b;
}

double erlangC(int servers, double load) {
    const double rho = load / servers;
    requireStable(rho, "erlangC");
    const double b = erlangB(servers, load);
    return b / (1.0 - rho * (1.0 - b));
}

double mmcMeanNumber(int servers, double load) {
    const double rho = load / servers;
    requireStable(rho, "mmcMeanNumber");
    return load + erlangC(servers, load) * rho / (1.0 - rho);
}

StationMetrics mmc(double arrivalRate, double serviceTime, int servers) {
    requireValid(arrivalRate, serviceTime, servers);
    const double load = arrivalRate * serviceTime;
    const double rho = load / servers;
    requireStable(rho, "M/M/c");
    StationMetrics m;
    m.utilization = rho;
    m.throughput = arrivalRate;
    m.waitProbability = load > 0 ? erlangC(servers, load) : 0.0;
    // Wq = C / (c mu - lambda) = C S / (c (1 - rho)).
    m.meanWait = m.waitProbability * serviceTime / (servers * (1.0 - rho));
    m.meanResponse = serviceTime + m.meanWait;
    m.meanNumber = arrivalRate * m.meanResponse;
    return m;
}

StationMetrics mmck(double arrivalRate, double serviceTime, int servers, int capacity) {
    requireValid(arrivalRate, serviceTime, servers);
    if (capacity < servers) throw std::invalid_argument("M/M/c/K: capacity must be at least the servers");
    const double load = arrivalRate * serviceTime;
    StationMetrics m;
    if (load <= 0.0) {
        m.meanResponse = serviceTime;
        return m;
    }
    // Birth-death chain: p(n) ~ a^n / n! for n <= c, p(c) (a/c)^(n-c) above.
    // Logs with the maximum subtracted keep it finite for any load and size.
    std::vector<double> logWeight(static_cast<size_t>(capacity) + 1);
    logWeight[0] = 0.0;
    for (int n = 1; n <= capacity; ++n) {
        logWeight[static_cast<size_t>(n)] = logWeight[static_cast<size_t>(n) - 1] + std::log(load / std::min(n, servers));
    }
    const double top = *std::max_element(logWeight.begin(), logWeight.end());
    double total = 0.0, number = 0.0, busy = 0.0, waiting = 0.0;
    for (int n = 0; n <= capacity; ++n) {
        const double w = std::exp(logWeight[static_cast<size_t>(n)] - top);
        total += w;
        number += n * w;
        busy += std::min(n, servers) * w;
        if (n >= servers) waiting += w;
    }
    const double full = std::exp(logWeight.back() - top) / total;
    m.blockingProbability = full;
    m.throughput = arrivalRate * (1.0 - full);
    m.meanNumber = number / total;
    m.utilization = busy / total / servers;
    // An accepted arrival waits when it finds n in [c, K-1] (PASTA over accepted arrivals).
    m.waitProbability = full < 1.0 ? std::max(0.0, (waiting / total - full) / (1.0 - full)) : 1.0;
    m.meanResponse = m.throughput > 0 ? m.meanNumber / m.throughput : serviceTime;
    m.meanWait = std::max(0.0, m.meanResponse - serviceTime);
    return m;
}

StationMetrics mg1(double arrivalRate, double serviceTime, double scv) {
    requireValid(arrivalRate, serviceTime, 1);
    if (!(scv >= 0.0)) throw std::invalid_argument("M/G/1: scv must be >= 0");
    const double rho = arrivalRate * serviceTime;
    requireStable(rho, "M/G/1");
    StationMetrics m;
    m.utilization = rho;
    m.throughput = arrivalRate;
    m.waitProbability = rho;
    m.meanWait = rho * serviceTime * (1.0 + scv) / (2.0 * (1.0 - rho));
    m.meanResponse = serviceTime + m.meanWait;
    m.meanNumber = arrivalRate * m.meanResponse;
    return m;
}

StationMetrics mgcAllenCunneen(double arrivalRate, double serviceTime, int servers, double scv) {
    if (!(scv >= 0.0)) throw std::invalid_argument("M/G/c: scv must be >= 0");
    StationMetrics m = mmc(arrivalRate, serviceTime, servers);
    m.meanWait *= (1.0 + scv) / 2.0;
    m.meanResponse = serviceTime + m.meanWait;
    m.meanNumber = arrivalRate * m.meanResponse;
    return m;
}

}  // namespace headroom::analytic
