#pragma once
// Closed-form results for single queueing stations: Erlang B and C, M/M/c,
// M/M/c/K (finite waiting room), M/G/1 (Pollaczek-Khinchine) and the
// Allen-Cunneen approximation for M/G/c. The open-network solver applies
// them station by station; tests check them against textbook values.
//
// Conventions: `arrivalRate` per second, `serviceTime` mean seconds per
// visit, `servers` >= 1, offered load a = arrivalRate * serviceTime (Erlangs),
// utilisation rho = a / servers. Every function returns finite numbers; the
// ones that need rho < 1 say so and throw std::domain_error otherwise.

namespace headroom::analytic {

/// Erlang B: probability that an arrival finds all `servers` busy in an
/// M/M/c/c loss system offered `load` Erlangs. Stable recursion
/// B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)): every step is a ratio of
/// positive numbers, so it never overflows or loses digits (unlike a^c/c!).
[[nodiscard]] double erlangB(int servers, double load);

/// Erlang C: probability that an arrival waits in an M/M/c queue offered
/// `load` < servers Erlangs, from Erlang B: C = B / (1 - rho (1 - B)).
[[nodiscard]] double erlangC(int servers, double load);

/// Mean number in an M/M/c system (waiting + in service), load < servers.
[[nodiscard]] double mmcMeanNumber(int servers, double load);

struct StationMetrics {
    double utilization = 0.0;   ///< busy servers / servers
    double throughput = 0.0;    ///< completions per second
    double meanNumber = 0.0;    ///< waiting + in service
    double meanWait = 0.0;      ///< in queue, seconds
    double meanResponse = 0.0;  ///< wait + service, seconds
    double waitProbability = 0.0;
    double blockingProbability = 0.0;  ///< finite waiting room only
};

/// M/M/c (also M/G/c-PS, which is insensitive). Requires rho < 1.
[[nodiscard]] StationMetrics mmc(double arrivalRate, double serviceTime, int servers);

/// M/M/c/K: at most `capacity` >= servers requests present (in service +
/// waiting); arrivals finding it full are lost. Valid for any load.
[[nodiscard]] StationMetrics mmck(double arrivalRate, double serviceTime, int servers, int capacity);

/// M/G/1 FCFS, Pollaczek-Khinchine: Wq = rho S (1 + scv) / (2 (1 - rho)),
/// scv = squared coefficient of variation of the service time (0 = M/D/1,
/// 1 = M/M/1). Requires rho < 1.
[[nodiscard]] StationMetrics mg1(double arrivalRate, double serviceTime, double scv);

/// M/G/c FCFS, Allen-Cunneen approximation: the M/M/c wait scaled by
/// (1 + scv) / 2. Exact for c = 1 (it is then Pollaczek-Khinchine) and for
/// scv = 1. Requires rho < 1.
[[nodiscard]] StationMetrics mgcAllenCunneen(double arrivalRate, double serviceTime, int servers, double scv);

}  // namespace headroom::analytic
