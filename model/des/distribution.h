#pragma once
// Service-time and think-time distributions, written here rather than taken
// from <random> so that a seed gives the same numbers on every compiler and
// standard library. Each is parameterised by its MEAN (and a coefficient of
// variation where it has one), matching the YAML: `demand` is the mean and
// `distribution` the shape.
//
//   exponential       cv = 1
//   deterministic     cv = 0
//   lognormal(cv)     sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2
//   erlang(k)         sum of k exponentials of mean/k, cv = 1/sqrt(k)
//   hyperexponential  two phases with balanced means (cv >= 1): p = (1 + sqrt((cv^2-1)/(cv^2+1)))/2,
//                     rates 2p/mean and 2(1-p)/mean
//   uniform(cv)       on mean * [1 - sqrt(3) cv, 1 + sqrt(3) cv], cv <= 1/sqrt(3)

#include "des/random_stream.h"
#include "spec/architecture.h"

#include <cmath>

namespace headroom::des {

class Sampler {
public:
    Sampler() = default;
    explicit Sampler(const spec::Distribution& distribution);
    static Sampler exponential() { return Sampler(); }

    /// One draw with the given mean (>= 0).
    double operator()(RandomStream& random, double mean) const
    {
        switch (kind_) {
        case spec::DistributionKind::Exponential: return -mean * std::log(random.uniformPositive());
        case spec::DistributionKind::Deterministic: return mean;
        default: return drawSlow(random, mean);
        }
    }
    [[nodiscard]] spec::DistributionKind kind() const { return kind_; }
    /// The squared coefficient of variation this sampler produces.
    [[nodiscard]] double scv() const;

private:
    double drawSlow(RandomStream& random, double mean) const;
    spec::DistributionKind kind_ = spec::DistributionKind::Exponential;
    double cv_ = 1.0;
    int k_ = 1;
    // precomputed
    double sigma_ = 0.0;
    double halfSigma2_ = 0.0;
    double hyperP_ = 0.5;
    double uniformHalfWidth_ = 0.0;
};

/// Standard normal draw (Box-Muller, one of the pair).
double standardNormal(RandomStream& random);

}  // namespace headroom::des
