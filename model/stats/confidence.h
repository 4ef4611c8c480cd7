#pragma once
// Confidence intervals across independent replications: the sample mean
// with a Student-t interval, mean +- t_{0.975, n-1} s / sqrt(n).

#include "stats/results.h"

#include <optional>
#include <vector>

namespace headroom::stats {

/// Two-sided 97.5% quantile of Student's t with `degreesOfFreedom` (>= 1):
/// exact table to 30, then the Cornish-Fisher expansion (error < 1e-4).
[[nodiscard]] double studentT975(int degreesOfFreedom);

struct SampleSummary {
    double mean = 0.0;
    double standardDeviation = 0.0;
    std::optional<Interval> ci95;  ///< absent with fewer than two values
};

[[nodiscard]] SampleSummary summarize(const std::vector<double>& values);

}  // namespace headroom::stats
