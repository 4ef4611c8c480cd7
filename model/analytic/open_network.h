#pragma once
// Open queueing networks: the traffic equations (solved with Eigen) and the
// per-station closed forms (M/M/c via Erlang C, M/M/c/K for a finite waiting
// room, M/G/1 Pollaczek-Khinchine for non-exponential FCFS service, and the
// Allen-Cunneen approximation for M/G/c). Plain numbers in, plain numbers
// out, so it is testable without a graph::Graph.

#include <Eigen/Dense>

#include <optional>
#include <vector>

namespace headroom::analytic {

/// Jackson traffic equations lambda = gamma + P^T lambda: `routing`(i, j) is
/// the probability that a job leaving station i goes to station j (rows sum
/// to at most 1, the rest leaves), `external` the arrival rate from outside
/// at each station. Throws std::invalid_argument when the system is singular
/// (a routing loop no job ever leaves) or the result is negative.
[[nodiscard]] Eigen::VectorXd solveTrafficEquations(const Eigen::MatrixXd& routing, const Eigen::VectorXd& external);

/// One station type of an open network: `multiplicity` identical copies,
/// each receiving `demand` seconds of work per user request.
struct OpenStation {
    int servers = 1;            ///< 0 = pure delay
    int multiplicity = 1;
    double demand = 0.0;        ///< seconds per user request on one copy, on the response path
    double asyncDemand = 0.0;   ///< seconds per user request off the response path (still occupies the cores)
    double scv = 1.0;           ///< squared coefficient of variation of the service time
    bool fcfs = false;          ///< PS is insensitive to the service distribution; FCFS is not
    std::optional<int> capacity;  ///< at most this many requests present (M/M/c/K); empty = unlimited
};

struct OpenSolution {
    double arrivalRate = 0.0;
    double throughput = 0.0;      ///< completed user requests per second
    double responseTime = 0.0;    ///< mean, over completed requests
    double lossProbability = 0.0; ///< share of requests rejected by a full waiting room
    bool saturated = false;       ///< some station has utilisation >= 1 (figures shown at 99.9% of capacity)
    bool exact = true;            ///< false when an approximation was used (M/G/c, loss in a network, async load)
    double capacity = 0.0;        ///< highest sustainable arrival rate (min over stations of servers / demand)
    std::vector<double> utilization;    ///< per copy, including async work
    std::vector<double> queueLength;    ///< per copy (response-path requests)
    std::vector<double> residenceTime;  ///< per copy, seconds per user request
    std::vector<double> blocking;       ///< per copy, probability an arrival is rejected
};

/// Solves the network at `arrivalRate` user requests per second. Never
/// returns NaN or infinity: past capacity it reports saturated = true with
/// the figures at 99.9% of capacity.
[[nodiscard]] OpenSolution solveOpen(const std::vector<OpenStation>& stations, double arrivalRate);

}  // namespace headroom::analytic
