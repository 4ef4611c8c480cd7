#pragma once
// A mergeable quantile sketch with bounded relative error (DDSketch,
// Masson, Rim & Lee, VLDB 2019): values fall into logarithmic buckets
// [gamma^(i-1), gamma^i) with gamma = (1 + a)/(1 - a); a quantile is
// answered with the bucket's midpoint 2 gamma^i / (gamma + 1), which is
// within relative error `a` of a true sample at that rank. Sketches with the
// same accuracy merge by adding bucket counts, so replications run apart
// and their percentiles combine exactly as if pooled. Subtracting an earlier
// copy of the same sketch gives the sketch of the values added since (used
// to delete the warm-up).

#include <cstdint>
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
    /// Adds another sketch's counts (same accuracy and range).
    void merge(const QuantileSketch& other);
    /// Removes an earlier snapshot of this same sketch.
    void subtract(const QuantileSketch& earlier);

    [[nodiscard]] std::uint64_t count() const { return count_; }
    /// The q-quantile, q in [0, 1]; 0 when empty.
    [[nodiscard]] double quantile(double q) const;
    [[nodiscard]] double relativeAccuracy() const { return accuracy_; }

private:
    [[nodiscard]] std::size_t bucketOf(double value) const;
    double accuracy_;
    double gamma_;
    double inverseLogGamma_;
    double minimum_;
    int minimumIndex_;
    std::vector<std::uint64_t> counts_;
    std::uint64_t zeroCount_ = 0;
    std::uint64_t count_ = 0;
};

}  // namespace headroom::stats
