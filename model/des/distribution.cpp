#include "des/distribution.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace headroom::des {

Sampler::Sampler(const spec::Distribution& distribution)
    : kind_(distribution.kind), cv_(std::max(0.0, distribution.cv)), k_(std::max(1, distribution.k))
{
    using K = spec::DistributionKind;
    if (kind_ == K::Lognormal) {
        const double sigma2 = std::log1p(cv_ * cv_);
        sigma_ = std::sqrt(sigma2);
        halfSigma2_ = sigma2 / 2.0;
    } else if (kind_ == K::Hyperexponential) {
        cv_ = std::max(1.0, cv_);
        const double c2 = cv_ * cv_;
        hyperP_ = 0.5 * (1.0 + std::sqrt((c2 - 1.0) / (c2 + 1.0)));
    } else if (kind_ == K::Uniform) {
        cv_ = std::min(cv_, 1.0 / std::sqrt(3.0));
        uniformHalfWidth_ = std::sqrt(3.0) * cv_;
    } else if (kind_ == K::Erlang) {
        cv_ = 1.0 / std::sqrt(static_cast<double>(k_));
    } else if (kind_ == K::Exponential) {
        cv_ = 1.0;
    } else if (kind_ == K::Deterministic) {
        cv_ = 0.0;
    }
}

double Sampler::scv() const
{
    return cv_ * cv_;
}

double Sampler::drawSlow(RandomStream& random, double mean) const
{
    using K = spec::DistributionKind;
    switch (kind_) {
    case K::Lognormal:
        if (mean <= 0.0)
            return 0.0;
        return std::exp(std::log(mean) - halfSigma2_ + sigma_ * standardNormal(random));
    case K::Erlang: {
        // Product of uniforms, in chunks so the product cannot underflow.
        double sum = 0.0;
        int left = k_;
        while (left > 0) {
            const int chunk = std::min(left, 16);
            double product = 1.0;
            for (int i = 0; i < chunk; ++i)
                product *= random.uniformPositive();
            sum += -std::log(product);
            left -= chunk;
        }
        return sum * mean / k_;
    }
    case K::Hyperexponential: {
        // Balanced means: each phase carries half the mean: p/rate1 = (1-p)/rate2 = mean/2.
        const bool first = random.uniform() < hyperP_;
        const double phaseMean = first ? mean / (2.0 * hyperP_) : mean / (2.0 * (1.0 - hyperP_));
        return -phaseMean * std::log(random.uniformPositive());
    }
    case K::Uniform:
        return mean * (1.0 + uniformHalfWidth_ * (2.0 * random.uniform() - 1.0));
    case K::Exponential: return -mean * std::log(random.uniformPositive());
    case K::Deterministic: return mean;
    }
    return mean;
}

double standardNormal(RandomStream& random)
{
    const double u1 = random.uniformPositive();
    const double u2 = random.uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace headroom::des
