#include "stats/quantile_sketch.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace headroom::stats {

QuantileSketch::QuantileSketch(double relativeAccuracy, double minimum, double maximum)
    : accuracy_(relativeAccuracy),
      gamma_((1.0 + relativeAccuracy) / (1.0 - relativeAccuracy)),
      multiplier_(1.0 / std::log((1.0 + relativeAccuracy) / (1.0 - relativeAccuracy))),
      minimum_(minimum)
{
    if (!(relativeAccuracy > 0.0 && relativeAccuracy < 1.0) || !(minimum > 0.0) || !(maximum > minimum))
        throw std::invalid_argument("QuantileSketch: bad accuracy or range");
    minimumIndex_ = static_cast<int>(std::ceil(interpolatedLog2(minimum) * multiplier_));
    const int maximumIndex = static_cast<int>(std::ceil(interpolatedLog2(maximum) * multiplier_));
    counts_.assign(static_cast<std::size_t>(maximumIndex - minimumIndex_ + 1), 0);
}

double QuantileSketch::interpolatedPow2(double g)
{
    const double exponent = std::floor(g);
    return std::ldexp(1.0 + (g - exponent), static_cast<int>(exponent));
}

double QuantileSketch::representative(int index) const
{
    // Bucket `index` holds g in ((index-1)/M, index/M]: its value bounds lo, hi
    // satisfy hi/lo <= gamma, so the harmonic midpoint is within `a` of both.
    const double lo = interpolatedPow2((index - 1) / multiplier_);
    const double hi = interpolatedPow2(index / multiplier_);
    return 2.0 * lo * hi / (lo + hi);
}

void QuantileSketch::merge(const QuantileSketch& other)
{
    if (other.counts_.size() != counts_.size() || other.gamma_ != gamma_)
        throw std::invalid_argument("QuantileSketch: merging sketches of different accuracy");
    for (std::size_t i = 0; i < counts_.size(); ++i)
        counts_[i] += other.counts_[i];
    zeroCount_ += other.zeroCount_;
    count_ += other.count_;
}

void QuantileSketch::subtract(const QuantileSketch& earlier)
{
    if (earlier.counts_.size() != counts_.size() || earlier.gamma_ != gamma_)
        throw std::invalid_argument("QuantileSketch: subtracting a sketch of different accuracy");
    for (std::size_t i = 0; i < counts_.size(); ++i)
        counts_[i] -= std::min(counts_[i], earlier.counts_[i]);
    zeroCount_ -= std::min(zeroCount_, earlier.zeroCount_);
    count_ -= std::min(count_, earlier.count_);
}

double QuantileSketch::quantile(double q) const
{
    if (count_ == 0)
        return 0.0;
    q = std::clamp(q, 0.0, 1.0);
    // Rank of the sample (0-based, lower): the value at floor(q (n-1)).
    const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(count_ - 1));
    if (rank < zeroCount_)
        return 0.0;
    std::uint64_t seen = zeroCount_;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen > rank)
            return representative(static_cast<int>(i) + minimumIndex_);
    }
    return representative(static_cast<int>(counts_.size()) - 1 + minimumIndex_);
}

}  // namespace headroom::stats
