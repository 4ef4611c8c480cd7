#include "analytic/gamma_fit.h"

#include <algorithm>
#include <cmath>

namespace headroom::analytic {

namespace {

// Wilson-Hilferty: (X / a)^(1/3) is nearly normal for Gamma(a); for a huge
// shape (where the series and the continued fraction need ~sqrt(a) terms).
constexpr double kHugeShape = 1e5;
double wilsonHilferty(double shape, double x) {
    const double v = 1.0 / (9.0 * shape);
    return (std::cbrt(x / shape) - (1.0 - v)) / std::sqrt(v);
}

// The continued fraction of Q(shape, x) = 1 - P without its prefix
// e^-x x^a / Gamma(a) (modified Lentz); converges for x >= shape + 1.
double upperContinuedFraction(double shape, double x) {
    const double tiny = 1e-300;
    double b = x + 1.0 - shape, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 10000; ++i) {
        const double an = -i * (i - shape);
        b += 2.0;
        d = an * d + b;
        if (std::fabs(d) < tiny) d = tiny;
        c = b + an / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) < 1e-16) break;
    }
    return h;
}

}  // namespace

double regularizedGammaP(double shape, double x) {
    if (x <= 0.0) return 0.0;
    if (shape > kHugeShape) return std::clamp(0.5 * std::erfc(-wilsonHilferty(shape, x) / std::sqrt(2.0)), 0.0, 1.0);
    const double logPrefix = shape * std::log(x) - x - std::lgamma(shape);
    if (x < shape + 1.0) {
        // Series: P = e^-x x^a / Gamma(a+1) * sum x^n / ((a+1)...(a+n)).
        double term = 1.0 / shape, sum = term;
        for (int n = 1; n < 10000; ++n) {
            term *= x / (shape + n);
            sum += term;
            if (std::fabs(term) < std::fabs(sum) * 1e-16) break;
        }
        return std::clamp(sum * std::exp(logPrefix), 0.0, 1.0);
    }
    return std::clamp(1.0 - std::exp(logPrefix) * upperContinuedFraction(shape, x), 0.0, 1.0);
}

double logRegularizedGammaQ(double shape, double x) {
    if (x <= 0.0) return 0.0;
    if (shape > kHugeShape) {
        const double z = wilsonHilferty(shape, x);
        const double q = 0.5 * std::erfc(z / std::sqrt(2.0));
        if (q > 1e-300) return std::min(0.0, std::log(q));
        return -0.5 * z * z - std::log(z * std::sqrt(2.0 * 3.141592653589793));  // the normal tail
    }
    if (x < shape + 1.0) return std::log1p(-regularizedGammaP(shape, x));  // Q is not small there
    const double logPrefix = shape * std::log(x) - x - std::lgamma(shape);
    return std::min(0.0, logPrefix + std::log(upperContinuedFraction(shape, x)));
}

double gammaFitQuantile(double mean, double fixed, double scv, double q) {
    const double variable = mean - fixed;
    if (!(variable > 0.0) || !(scv > 0.0) || !(q > 0.0) || !(q < 1.0)) return std::max(mean, 0.0);
    const double shape = 1.0 / scv;
    const double scale = variable / shape;
    // Newton on P(shape, x) = q with x in units of scale (the derivative is
    // the gamma density), kept inside a bisection bracket so it cannot
    // diverge; a handful of steps instead of ~50 bisections (sweeps call
    // this three times per point).
    double lo = 0.0, hi = std::max(1.0, shape);
    while (regularizedGammaP(shape, hi) < q && hi < 1e12) hi *= 2.0;
    const double logNorm = std::lgamma(shape);
    double x = 0.5 * (lo + hi);
    for (int i = 0; i < 200; ++i) {
        const double f = regularizedGammaP(shape, x) - q;
        (f < 0.0 ? lo : hi) = x;
        const double density = std::exp((shape - 1.0) * std::log(x) - x - logNorm);
        double next = density > 0.0 ? x - f / density : 0.5 * (lo + hi);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        const bool done = std::fabs(next - x) <= 1e-14 * x || hi - lo <= 1e-14 * hi;
        x = next;
        if (done) break;
    }
    return fixed + scale * x;
}

}  // namespace headroom::analytic
