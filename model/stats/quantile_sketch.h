#pragma once
// A mergeable quantile sketch with bounded relative error (DDSketch,
// Masson, Rim & Lee, VLDB 2019): values fall into buckets whose upper and
// lower bounds differ by at most gamma = (1 + a)/(1 - a); a quantile is
// answered with the bucket's harmonic midpoint 2 lo hi / (lo + hi), which is
// within relative error `a` of a true sample at that rank. The index is
// DDSketch's linearly interpolated logarithm, g(x) = e + (m - 1) for
// x = m 2^e, m in [1, 2): no log() per value (this runs once per completed
// request), at the price of 1/ln 2 = 1.44 times more buckets than exact
// log-gamma buckets (multiplier 1 / ln gamma keeps every bucket within gamma). Sketches with the
// same accuracy merge by adding bucket counts, so replications run apart
// and their percentiles combine exactly as if pooled. Subtracting an earlier
// copy of the same sketch gives the sketch of the values added since (used
// to delete the warm-up).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace headroom::stats {

class QuantileSketch {
public:
    /// `relativeAccuracy` a in (0, 1); values below `minimum` count in a
    /// zero bucket, values above `maximum` in the last bucket.
    explicit QuantileSketch(double relativeAccuracy = 0.005, double minimum = 1e-7, double maximum = 1e6);

    void add(double value)
    {
        ++count_;
        if (!(value >= minimum_)) {  // includes NaN
            ++zeroCount_;
            return;
        }
        ++counts_[bucketOf(value)];
    }
    [[nodiscard]] std::size_t bucketCount() const { return counts_.size(); }
    /// Adds another sketch's counts (same accuracy and range).
    void merge(const QuantileSketch& other);
    /// Removes an earlier snapshot of this same sketch.
    void subtract(const QuantileSketch& earlier);

    [[nodiscard]] std::uint64_t count() const { return count_; }
    /// The q-quantile, q in [0, 1]; 0 when empty.
    [[nodiscard]] double quantile(double q) const;
    [[nodiscard]] double relativeAccuracy() const { return accuracy_; }

private:
    [[nodiscard]] std::size_t bucketOf(double value) const
    {
        const int index = static_cast<int>(std::ceil(interpolatedLog2(value) * multiplier_)) - minimumIndex_;
        return static_cast<std::size_t>(std::clamp(index, 0, static_cast<int>(counts_.size()) - 1));
    }
    /// e + (m - 1) for a positive normal value m 2^e, m in [1, 2).
    static double interpolatedLog2(double value)
    {
        std::uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        const int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
        std::uint64_t mantissaBits = (bits & 0x000fffffffffffffull) | 0x3ff0000000000000ull;
        double mantissa;
        std::memcpy(&mantissa, &mantissaBits, sizeof mantissa);
        return exponent + (mantissa - 1.0);
    }
    /// Inverse of interpolatedLog2.
    static double interpolatedPow2(double g);
    [[nodiscard]] double representative(int index) const;
    double accuracy_;
    double gamma_;
    double multiplier_;
    double minimum_;
    int minimumIndex_;
    std::vector<std::uint64_t> counts_;
    std::uint64_t zeroCount_ = 0;
    std::uint64_t count_ = 0;
};

}  // namespace headroom::stats
