#pragma once
// Asymptotic bounds of a closed network (Denning & Buzen; Lazowska et al.,
// "Quantitative System Performance", ch. 5): the first answer to "what
// breaks": X(N) <= min(N / (D + Z), 1 / Dmax), the knee N* = (D + Z) / Dmax
// where the two meet, and the bottleneck station with its demand.
// Multi-server stations count with their demand per server (D / c).

#include "analytic/closed_network.h"

#include <vector>

namespace headroom::analytic {

struct AsymptoticBounds {
    double totalDemand = 0.0;         ///< D: sum over stations (all copies) of the response-path demand, delays included
    double thinkTime = 0.0;           ///< Z
    double maxDemandPerServer = 0.0;  ///< Dmax = max over queueing stations of demand / servers (per copy)
    int bottleneck = -1;              ///< index of the station with Dmax, -1 when there is no queueing station
    double knee = 0.0;                ///< N* = (D + Z) / Dmax (infinite capacity: 0)

    /// Upper bound on throughput at `users`.
    [[nodiscard]] double throughputBound(double users) const;
    /// Lower bound on the mean response time at `users`: max(D, N Dmax - Z).
    [[nodiscard]] double responseTimeBound(double users) const;
};

/// `asyncDemand` (optional, per station) counts toward Dmax: it occupies the
/// cores even though no user waits for it.
[[nodiscard]] AsymptoticBounds asymptoticBounds(const std::vector<ClosedStation>& stations, double thinkTime,
                                                const std::vector<double>& asyncDemand = {});

}  // namespace headroom::analytic
