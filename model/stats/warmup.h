#pragma once
// Warm-up (initial transient) detection: MSER-5 (White 1997; White, Cobb &
// Spratt 2000). The series is cut into batches of 5 observations; the
// truncation point d minimises the marginal standard error
//   MSER(d) = sum_{j>d} (Y_j - mean_{>d})^2 / (n - d)^2
// over the batch means Y_j, searched over the first half of the series (a
// minimum on the half-way boundary means the transient may outlast the run:
// the result says so).

#include <cstddef>
#include <vector>

namespace headroom::stats {

struct TruncationPoint {
    std::size_t observations = 0;  ///< observations to delete from the start
    bool reliable = true;          ///< false: too few data, or the minimum fell in the second half
};

/// MSER-m on a series of observations (m = 5 for MSER-5).
[[nodiscard]] TruncationPoint mser(const std::vector<double>& observations, std::size_t batchSize = 5);

/// MSER on precomputed batch means (each the mean of `batchSize` observations).
[[nodiscard]] TruncationPoint mserOnBatchMeans(const std::vector<double>& batchMeans, std::size_t batchSize);

}  // namespace headroom::stats
