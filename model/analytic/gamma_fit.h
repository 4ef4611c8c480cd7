#pragma once
// Approximate response-time percentiles for the analytic solver, which knows
// means only: the response time is fitted by a fixed delay (deterministic
// latencies) plus a gamma law matching the mean and the squared coefficient
// of variation of the queueing part (each station's sojourn taken as
// exponential and independent, as in a Jackson network). A single M/M/1
// gives the exact exponential law; a chain of equal stations an Erlang law.

namespace headroom::analytic {

/// Regularised lower incomplete gamma P(shape, x).
[[nodiscard]] double regularizedGammaP(double shape, double x);

/// log Q(shape, x), Q = 1 - P the regularised upper incomplete gamma, with
/// its relative precision kept where Q is tiny (x far above shape). For a
/// whole shape m, Q(m, x) = P(Poisson(x) <= m - 1).
[[nodiscard]] double logRegularizedGammaQ(double shape, double x);

/// The `q`-quantile (0 < q < 1) of fixed + Gamma(mean = mean - fixed, scv).
/// scv <= 0 or mean <= fixed gives the mean itself.
[[nodiscard]] double gammaFitQuantile(double mean, double fixed, double scv, double q);

}  // namespace headroom::analytic
