#include "analytic/asymptotic_bounds.h"

#include <algorithm>
#include <limits>

namespace headroom::analytic {

double AsymptoticBounds::throughputBound(double users) const {
    const double cycle = totalDemand + thinkTime;
    double bound = cycle > 0 ? users / cycle : std::numeric_limits<double>::max();
    if (maxDemandPerServer > 0) bound = std::min(bound, 1.0 / maxDemandPerServer);
    return bound;
}

double AsymptoticBounds::responseTimeBound(double users) const {
    return std::max(totalDemand, users * maxDemandPerServer - thinkTime);
}

AsymptoticBounds asymptoticBounds(const std::vector<ClosedStation>& stations, double thinkTime,
                                  const std::vector<double>& asyncDemand) {
    AsymptoticBounds b;
    b.thinkTime = thinkTime;
    for (size_t k = 0; k < stations.size(); ++k) {
        const auto& s = stations[k];
        if (s.multiplicity == 0) continue;
        if (!s.rates.empty()) {
            // A pool (flow-equivalent server): `demand` visits, each taking at
            // least 1 / rates[0] (one holder alone), at most rates.back() per second.
            b.totalDemand += s.multiplicity * s.demand / s.rates.front();
            const double perServer = s.demand / s.rates.back();
            if (perServer > b.maxDemandPerServer) {
                b.maxDemandPerServer = perServer;
                b.bottleneck = static_cast<int>(k);
            }
            continue;
        }
        b.totalDemand += s.multiplicity * s.demand;
        if (s.servers == 0) continue;
        const double work = s.demand + (k < asyncDemand.size() ? asyncDemand[k] : 0.0);
        const double perServer = work / s.servers;
        if (perServer > b.maxDemandPerServer) {
            b.maxDemandPerServer = perServer;
            b.bottleneck = static_cast<int>(k);
        }
    }
    b.knee = b.maxDemandPerServer > 0 ? (b.totalDemand + thinkTime) / b.maxDemandPerServer : 0.0;
    return b;
}

}  // namespace headroom::analytic
