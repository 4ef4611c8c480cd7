#include "analytic/gamma_fit.h"

#include <algorithm>
#include <cmath>

namespace headroom::analytic {

double regularizedGammaP(double shape, double x) {
    if (x <= 0.0) return 0.0;
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
    // Continued fraction for Q = 1 - P (modified Lentz).
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
    return std::clamp(1.0 - std::exp(logPrefix) * h, 0.0, 1.0);
}

double gammaFitQuantile(double mean, double fixed, double scv, double q) {
    const double variable = mean - fixed;
    if (!(variable > 0.0) || !(scv > 0.0) || !(q > 0.0) || !(q < 1.0)) return std::max(mean, 0.0);
    const double shape = 1.0 / scv;
    const double scale = variable / shape;
    // Bisection in x/scale: P is monotone; 200 halvings reach double precision.
    double lo = 0.0, hi = std::max(1.0, shape);
    while (regularizedGammaP(shape, hi) < q && hi < 1e12) hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (regularizedGammaP(shape, mid) < q ? lo : hi) = mid;
    }
    return fixed + scale * 0.5 * (lo + hi);
}

}  // namespace headroom::analytic
