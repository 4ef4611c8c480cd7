#include "stats/warmup.h"

#include <algorithm>
#include <limits>

namespace headroom::stats {

TruncationPoint mserOnBatchMeans(const std::vector<double>& batchMeans, std::size_t batchSize)
{
    const std::size_t n = batchMeans.size();
    if (n < 4)
        return TruncationPoint{0, false};
    // Suffix sums give every MSER(d) in O(n): for the tail j >= d,
    // sum (Y - mean)^2 = S2 - S1^2 / k with k = n - d.
    std::vector<double> suffix1(n + 1, 0.0), suffix2(n + 1, 0.0);
    for (std::size_t j = n; j-- > 0;) {
        suffix1[j] = suffix1[j + 1] + batchMeans[j];
        suffix2[j] = suffix2[j + 1] + batchMeans[j] * batchMeans[j];
    }
    double best = std::numeric_limits<double>::infinity();
    std::size_t bestD = 0;
    // Search the first half only (the statistic is unstable near the end of
    // the series); a minimum on the boundary means the transient may not be
    // over within the run.
    for (std::size_t d = 0; d <= n / 2; ++d) {
        const double k = static_cast<double>(n - d);
        const double sse = std::max(0.0, suffix2[d] - suffix1[d] * suffix1[d] / k);
        const double value = sse / (k * k);
        if (value < best) {
            best = value;
            bestD = d;
        }
    }
    TruncationPoint point;
    point.reliable = bestD < n / 2;
    point.observations = bestD * batchSize;
    return point;
}

TruncationPoint mser(const std::vector<double>& observations, std::size_t batchSize)
{
    if (batchSize == 0)
        batchSize = 1;
    std::vector<double> means;
    means.reserve(observations.size() / batchSize);
    for (std::size_t i = 0; i + batchSize <= observations.size(); i += batchSize) {
        double sum = 0.0;
        for (std::size_t j = 0; j < batchSize; ++j)
            sum += observations[i + j];
        means.push_back(sum / static_cast<double>(batchSize));
    }
    return mserOnBatchMeans(means, batchSize);
}

}  // namespace headroom::stats
