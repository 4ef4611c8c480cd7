#pragma once
// Exact solution of a closed, single-chain, product-form queueing network:
// N users alternating between a think time Z and a request that visits
// queueing stations (PS or exponential FCFS, `servers` cores each, possibly
// several identical copies) and pure-delay stations.
//
// Why not the textbook multi-server MVA: its p(0|n) = 1 - sum(...) step
// cancels catastrophically near saturation and the error feeds back, so it
// returns negative or NaN throughput for realistic models (two tiers of four
// cores at ~2,000 users). This solver evaluates the normalising constants
// instead, as probabilities of an "exponentially tilted" open network
// (docs/methods.md, "Analytic solver"): every quantity is a sum of positive
// terms, so it is exact to rounding for any population, and it touches only
// the O(sqrt N) populations that carry probability, so a point at 100,000
// users costs well under a millisecond.

#include <memory>
#include <vector>

namespace headroom::analytic {

struct ClosedTilt;  // solver state a later solve at the same population may reuse (closed_network.cpp)

/// One station type of the closed network, plain numbers only (testable
/// without a graph::Graph).
struct ClosedStation {
    int servers = 1;       ///< cores; 0 = pure delay (infinite server)
    int multiplicity = 1;  ///< identical copies, each getting `demand`
    double demand = 0.0;   ///< seconds of service one user request puts on ONE copy
};

/// The solution at one population. Per-station vectors are per copy, in the
/// order the stations were given.
struct ClosedSolution {
    long long population = 0;
    double throughput = 0.0;     ///< user requests per second
    double responseTime = 0.0;   ///< per request, think time excluded
    std::vector<double> queueLength;    ///< mean requests at one copy (waiting + in service)
    std::vector<double> residenceTime;  ///< seconds per user request spent at one copy (Q / X)
    std::vector<double> utilization;    ///< busy servers / servers of one copy (0 for delays)
    /// Internal: lets `solve(population, &this)` on a network that differs
    /// only in other stations' demands or a longer delay skip the costly part.
    std::shared_ptr<const ClosedTilt> tilt;
};

class ClosedNetwork {
public:
    /// Throws std::invalid_argument on negative or non-finite input.
    ClosedNetwork(std::vector<ClosedStation> stations, double thinkTime);

    /// Exact mean values at `population` users (>= 0). `warm`, a solution of
    /// a network with the same population, the same widest station group and
    /// no more delay, makes fixed-point rounds (async load, FCFS corrections)
    /// cheap; the result is exact either way. `delayReserve` (seconds) lets
    /// later warm solves have up to that much less delay than this one.
    [[nodiscard]] ClosedSolution solve(long long population, const ClosedSolution* warm = nullptr,
                                       double delayReserve = 0.0) const;

    /// One solve per population; each costs O(sqrt N), so a 1,000-point
    /// sweep to 100,000 users takes a fraction of a second.
    [[nodiscard]] std::vector<ClosedSolution> sweep(const std::vector<long long>& populations) const;

    [[nodiscard]] const std::vector<ClosedStation>& stations() const { return stations_; }
    [[nodiscard]] double thinkTime() const { return thinkTime_; }

private:
    std::vector<ClosedStation> stations_;
    double thinkTime_ = 0.0;
};

}  // namespace headroom::analytic
