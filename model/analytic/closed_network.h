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
#include <utility>
#include <vector>

namespace headroom::analytic {

struct ClosedTilt;  // solver state a later solve at the same population may reuse (closed_network.cpp)

/// One station type of the closed network, plain numbers only (testable
/// without a graph::Graph).
///
/// A load-dependent station (`rates` not empty) is a flow-equivalent server:
/// a pool of threads or connections together with everything its holders
/// do, solved on its own at every population (docs/methods.md, "Pools").
/// With j requests at one copy it completes `rates[j-1]` visits per second
/// (j = 1..rates.size(); the last rate holds beyond, so the rates must not
/// decrease), and `demand` is then the VISITS one user request makes to one
/// copy. `capacity` > 0 bounds the requests at one copy (held + waiting):
/// an arrival that finds it full is turned away (a loss, the user thinks
/// again), which keeps the product form as a truncation of the state space.
struct ClosedStation {
    ClosedStation() = default;
    ClosedStation(int servers_, int multiplicity_, double demand_, std::vector<double> rates_ = {}, long long capacity_ = 0,
                  double partial_ = 0.0)
        : servers(servers_), multiplicity(multiplicity_), demand(demand_), rates(std::move(rates_)), capacity(capacity_),
          partial(partial_) {}

    int servers = 1;       ///< cores; 0 = pure delay (infinite server); load-dependent: the pool's tokens (0 = not given)
    int multiplicity = 1;  ///< identical copies, each getting `demand`
    double demand = 0.0;   ///< seconds of service one user request puts on ONE copy (visits if load-dependent)
    std::vector<double> rates;  ///< load-dependent completions per second with 1, 2, ... present; empty = M/M/c
    long long capacity = 0;     ///< at most this many at one copy (0 = unlimited); M/M/c/K when `rates` is empty
    /// A fractional waiting room (capacity + partial): an arrival finding
    /// `capacity` present is still let in with this probability (0 <= partial < 1).
    double partial = 0.0;
};

/// The solution at one population. Per-station vectors are per copy, in the
/// order the stations were given. `throughput` counts user requests issued
/// (cycles through the think time); with capacity stations some of them are
/// turned away: `completions` and `blocking` say how many.
struct ClosedSolution {
    long long population = 0;
    double throughput = 0.0;     ///< user requests per second
    double responseTime = 0.0;   ///< per request, think time excluded
    std::vector<double> queueLength;    ///< mean requests at one copy (waiting + in service)
    std::vector<double> residenceTime;  ///< seconds per user request spent at one copy (Q / X)
    std::vector<double> utilization;    ///< busy servers / servers of one copy (0 for delays); load-dependent: completions / top rate
    std::vector<double> blocking;       ///< share of arrivals at one copy turned away (capacity stations; else 0)
    std::vector<double> completions;    ///< visits completed per second at one copy (accepted arrivals)
    std::vector<double> waiting;        ///< load-dependent with tokens (`servers` > 0): mean requests beyond them (waiting) at one copy
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
    /// Users that fit at once when there is no think time and every queue has a capacity
    /// (the rest would be turned away and retry instantly): solve() clamps to it.
    [[nodiscard]] double thinkTime() const { return thinkTime_; }

    [[nodiscard]] long long room() const;

private:
    std::vector<ClosedStation> stations_;
    double thinkTime_ = 0.0;
};

/// Throughput X(k) of a closed network (no capacities) with k users, for
/// k = 0..maxPopulation, in user requests per second: the rates of the
/// flow-equivalent server of a pool whose holders visit `stations` (and
/// spend `delay` seconds in pure delays) per cycle. Exact (normalising
/// constants by convolution, tilted so that every term stays in range).
/// Stops early once X has reached its limit (the bottleneck's capacity) to
/// 1e-12 (relative): the last value then holds for every larger k.
[[nodiscard]] std::vector<double> closedThroughputs(const std::vector<ClosedStation>& stations, double delay,
                                                    long long maxPopulation);

}  // namespace headroom::analytic
