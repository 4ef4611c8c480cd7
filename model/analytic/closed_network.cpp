#include "analytic/closed_network.h"

#include "analytic/queueing_formulas.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

// The method (docs/methods.md has the derivation). For a product-form network
// the joint distribution of the station populations (n_k) at population N is
// prod_k f_k(n_k) / G(N), where f_k(j) = D_k^j / prod_{i<=j} min(i, c_k) and
// the think/delay stations contribute Z^j / j!. Multiply every f_k(j) by
// lambda^j and normalise: each station becomes the stationary distribution of
// an M/M/c queue (delays: a Poisson law) fed at rate lambda, independent of the
// others, and
//     X(N) = lambda * P(S = N-1) / P(S = N),   Q_k(N) = E[n_k ; S = N] / P(S = N)
// where S is the sum of the independent station populations. This holds for
// EVERY lambda below the saturation rate; we pick the lambda that centres S on
// N (the saddle point), so P(S = N) is large (~1/sd(S)) and the tails that
// matter are short. The distribution of S near N is a convolution of
// probability vectors: only additions and multiplications of positive numbers,
// hence no cancellation and no overflow at any population.
//
// The widest station group (usually the bottleneck, whose queue holds most of
// the users past the knee) is never convolved as an array: m identical copies
// of an M/M/c law have the generating function (R(z) / (1 - rho z))^m with R a
// polynomial of degree c-1 and non-negative coefficients, so its law is a
// short polynomial convolved with a negative binomial, evaluated in closed
// form only at the few points needed.

namespace headroom::analytic {

namespace {

constexpr double kTail = 1e-24;  // probability mass dropped at each truncated tail (vs P(S = N) >~ 1e-4)

// Stationary law of an M/M/c queue offered `load` Erlangs on `servers`:
// p(j) = head[j] for j < c, p(j) = head[c] rho^(j-c) for j >= c.
struct QueueLaw {
    int servers = 1;
    double rho = 0.0;
    std::vector<double> head;  // size c + 1
    int support = 0;           // tail beyond this carries < kTail
};

QueueLaw queueLaw(int servers, double load) {
    QueueLaw law;
    law.servers = servers;
    law.rho = load / servers;
    const double logLoad = std::log(load);
    std::vector<double> logTerm(static_cast<size_t>(servers) + 1);
    for (int j = 0; j <= servers; ++j) logTerm[static_cast<size_t>(j)] = j * logLoad - std::lgamma(j + 1.0);
    const double logTail = logTerm.back() - std::log1p(-law.rho);  // sum over j >= c
    double top = logTail;
    for (int j = 0; j < servers; ++j) top = std::max(top, logTerm[static_cast<size_t>(j)]);
    double total = std::exp(logTail - top);
    for (int j = 0; j < servers; ++j) total += std::exp(logTerm[static_cast<size_t>(j)] - top);
    law.head.resize(static_cast<size_t>(servers) + 1);
    for (int j = 0; j <= servers; ++j) law.head[static_cast<size_t>(j)] = std::exp(logTerm[static_cast<size_t>(j)] - top) / total;
    // Tail mass from j on: head[c] rho^(j-c) / (1 - rho) < kTail.
    const double bc = law.head.back();
    double extra = 0.0;
    if (bc > 0.0 && law.rho > 0.0) {
        extra = std::ceil(std::log(kTail * (1.0 - law.rho) / bc) / std::log(law.rho));
        extra = std::clamp(extra, 0.0, 4.0e9);
    }
    law.support = static_cast<int>(std::min(2.0e9, servers + extra));
    return law;
}

// One probability vector on [offset, offset + size).
struct Window {
    long long offset = 0;
    std::vector<double> p;
};

// out = in (*) law, truncated at index `limit` (populations above N never
// matter). With `self` non-null also adds sum_j j law(j) in(n - j) to *self,
// the weighted term E[n_k ; S = n] of the station being added.
void convolve(const std::vector<double>& in, const QueueLaw& law, long long offset, long long limit,
              std::vector<double>& out, std::vector<double>* self, std::vector<double>& tailSum,
              std::vector<double>& tailMoment) {
    const long long inSize = static_cast<long long>(in.size());
    const long long outSize = std::min(limit - offset + 1, inSize + law.support);
    const int c = law.servers;
    const double rho = law.rho;
    const double bc = law.head.back();
    // T(x) = sum_{i>=0} rho^i in(x-i);  U(x) = sum_{i>=1} i rho^i in(x-i).
    tailSum.assign(static_cast<size_t>(outSize), 0.0);
    if (self) tailMoment.assign(static_cast<size_t>(outSize), 0.0);
    double t = 0.0, u = 0.0;
    for (long long x = 0; x < outSize; ++x) {
        if (self) u = rho * (u + t);
        t = rho * t + (x < inSize ? in[static_cast<size_t>(x)] : 0.0);
        tailSum[static_cast<size_t>(x)] = t;
        if (self) tailMoment[static_cast<size_t>(x)] = u;
    }
    out.assign(static_cast<size_t>(outSize), 0.0);
    if (self && static_cast<long long>(self->size()) < outSize) self->resize(static_cast<size_t>(outSize), 0.0);
    for (long long n = 0; n < outSize; ++n) {
        double v = 0.0, w = 0.0;
        const long long jTop = std::min<long long>(c - 1, n);
        for (long long j = std::max<long long>(0, n - inSize + 1); j <= jTop; ++j) {
            const double term = law.head[static_cast<size_t>(j)] * in[static_cast<size_t>(n - j)];
            v += term;
            w += static_cast<double>(j) * term;
        }
        if (n >= c) {
            const double ts = tailSum[static_cast<size_t>(n - c)];
            v += bc * ts;
            if (self) w += bc * (c * ts + tailMoment[static_cast<size_t>(n - c)]);
        }
        out[static_cast<size_t>(n)] = v;
        if (self) (*self)[static_cast<size_t>(n)] += w;
    }
}

// Poisson(mean) restricted to where it carries probability, capped at `limit`.
Window poissonWindow(double mean, long long limit) {
    Window w;
    if (mean <= 0.0) {
        w.offset = 0;
        w.p = {1.0};
        return w;
    }
    const long long mode = std::min(limit, static_cast<long long>(std::floor(mean)));
    const double logMode = -mean + mode * std::log(mean) - std::lgamma(mode + 1.0);
    const double peak = std::exp(logMode);  // > 0: the mode of a Poisson is >= 1/(e sqrt(2 pi mean)) roughly
    std::vector<double> below, above;
    double p = peak;
    long long n = mode;
    while (n > 0) {
        p *= static_cast<double>(n) / mean;  // p(n-1) = p(n) n / mean
        --n;
        if (p < kTail * peak) break;
        below.push_back(p);
    }
    p = peak;
    for (long long m = mode + 1; m <= limit; ++m) {
        p *= mean / static_cast<double>(m);
        if (p < kTail * peak) break;
        above.push_back(p);
    }
    w.offset = mode - static_cast<long long>(below.size());
    w.p.reserve(below.size() + 1 + above.size());
    w.p.assign(below.rbegin(), below.rend());
    w.p.push_back(peak);
    w.p.insert(w.p.end(), above.begin(), above.end());
    return w;
}

// Law of the sum of m independent copies of `law`, evaluated on [from, to]:
// (R(z)/(1-rho))^m convolved with the negative binomial (1-rho)^m/(1-rho z)^m.
std::vector<double> groupLaw(const QueueLaw& law, int copies, long long from, long long to) {
    const int c = law.servers;
    const double rho = law.rho;
    const double oneMinus = 1.0 - rho;
    // r_j = p(j) - rho p(j-1) = p(j-1) rho (c - j) / j, written without a subtraction.
    std::vector<double> r(static_cast<size_t>(c));
    r[0] = law.head[0] / oneMinus;
    for (int j = 1; j < c; ++j) r[static_cast<size_t>(j)] = law.head[static_cast<size_t>(j) - 1] * rho * (c - j) / j / oneMinus;
    std::vector<double> poly{1.0};
    for (int i = 0; i < copies; ++i) {
        std::vector<double> next(poly.size() + r.size() - 1, 0.0);
        for (size_t a = 0; a < poly.size(); ++a)
            for (size_t b = 0; b < r.size(); ++b) next[a + b] += poly[a] * r[b];
        poly.swap(next);
    }
    const long long degree = static_cast<long long>(poly.size()) - 1;
    // Negative binomial NB(x) = C(x+m-1, m-1) rho^x (1-rho)^m on [lo, to].
    const long long lo = std::max<long long>(0, from - degree);
    if (to < lo) return std::vector<double>(static_cast<size_t>(std::max<long long>(0, to - from + 1)), 0.0);
    std::vector<double> nb(static_cast<size_t>(to - lo + 1), 0.0);
    const double m = copies;
    auto logNb = [&](double x) {
        return std::lgamma(x + m) - std::lgamma(m) - std::lgamma(x + 1.0) + m * std::log1p(-rho) + x * std::log(rho);
    };
    const double modeGuess = rho < 1.0 ? std::floor((m - 1.0) * rho / oneMinus) : 0.0;
    const long long start = static_cast<long long>(std::clamp(modeGuess, static_cast<double>(lo), static_cast<double>(to)));
    nb[static_cast<size_t>(start - lo)] = std::exp(logNb(static_cast<double>(start)));
    for (long long x = start + 1; x <= to; ++x)
        nb[static_cast<size_t>(x - lo)] = nb[static_cast<size_t>(x - 1 - lo)] * rho * static_cast<double>(x - 1 + copies) / static_cast<double>(x);
    for (long long x = start - 1; x >= lo; --x)
        nb[static_cast<size_t>(x - lo)] = nb[static_cast<size_t>(x + 1 - lo)] * static_cast<double>(x + 1) / (rho * static_cast<double>(x + copies));
    std::vector<double> out(static_cast<size_t>(to - from + 1), 0.0);
    for (long long n = from; n <= to; ++n) {
        if (n < 0) continue;
        double v = 0.0;
        const long long lTop = std::min(degree, n - lo);
        for (long long l = 0; l <= lTop; ++l) v += poly[static_cast<size_t>(l)] * nb[static_cast<size_t>(n - l - lo)];
        out[static_cast<size_t>(n - from)] = v;
    }
    return out;
}

}  // namespace

ClosedNetwork::ClosedNetwork(std::vector<ClosedStation> stations, double thinkTime)
    : stations_(std::move(stations)), thinkTime_(thinkTime) {
    if (!(thinkTime >= 0.0) || !std::isfinite(thinkTime)) throw std::invalid_argument("closed network: think time must be finite and >= 0");
    for (const auto& s : stations_) {
        if (s.servers < 0 || s.multiplicity < 0 || !(s.demand >= 0.0) || !std::isfinite(s.demand)) {
            throw std::invalid_argument("closed network: servers, copies and demand must be finite and >= 0");
        }
    }
}

ClosedSolution ClosedNetwork::solve(long long population) const {
    const size_t count = stations_.size();
    ClosedSolution sol;
    sol.population = std::max(0LL, population);
    sol.queueLength.assign(count, 0.0);
    sol.residenceTime.assign(count, 0.0);
    sol.utilization.assign(count, 0.0);
    const long long n = sol.population;

    double delay = thinkTime_;  // think time plus every pure delay on the path
    std::vector<size_t> queues;  // queueing stations with work to do
    double slowest = 0.0;        // largest demand per server
    for (size_t k = 0; k < count; ++k) {
        const auto& s = stations_[k];
        if (s.multiplicity == 0 || s.demand <= 0.0) continue;
        if (s.servers == 0) delay += s.multiplicity * s.demand;
        else {
            queues.push_back(k);
            slowest = std::max(slowest, s.demand / s.servers);
        }
    }
    if (n == 0 || (queues.empty() && delay <= 0.0)) return sol;  // nobody, or nothing takes any time

    double lambda = 0.0;
    if (queues.empty()) {
        lambda = static_cast<double>(n) / delay;  // pure delay network: X = N / Z exactly
        sol.throughput = lambda;
    } else {
        // Saddle point: E[S](lambda) = N, monotone in u = lambda * slowest on (0, 1).
        auto expected = [&](double u) {
            const double l = u / slowest;
            double e = l * delay;
            for (size_t k : queues) {
                const auto& s = stations_[k];
                e += s.multiplicity * mmcMeanNumber(s.servers, std::min(l * s.demand, s.servers * u));
            }
            return e;
        };
        double lo = 0.0, hi = 1.0;
        for (int it = 0; it < 200 && hi - lo > 1e-17; ++it) {
            const double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            (expected(mid) < static_cast<double>(n) ? lo : hi) = mid;
        }
        double u = 0.5 * (lo + hi);
        if (!(u > 0.0)) u = std::nextafter(0.0, 1.0) * 1e10;
        if (!(u < 1.0)) u = std::nextafter(1.0, 0.0);
        lambda = u / slowest;

        std::vector<QueueLaw> laws(count);
        size_t widest = queues.front();
        double widestMean = -1.0;
        for (size_t k : queues) {
            const auto& s = stations_[k];
            const double load = std::min(lambda * s.demand, s.servers * u);
            laws[k] = queueLaw(s.servers, load);
            const double mean = s.multiplicity * mmcMeanNumber(s.servers, load);
            if (mean > widestMean) {
                widestMean = mean;
                widest = k;
            }
        }

        Window base = poissonWindow(lambda * delay, n);
        std::vector<std::vector<double>> weighted(count);  // E[n_k copies ; partial sum = x]
        std::vector<double> next, scratchT, scratchU;
        for (size_t k : queues) {
            if (k == widest) continue;
            for (int copy = 0; copy < stations_[k].multiplicity; ++copy) {
                for (size_t other : queues) {
                    if (other == widest || other == k || weighted[other].empty()) continue;
                    convolve(weighted[other], laws[k], base.offset, n, next, nullptr, scratchT, scratchU);
                    weighted[other].swap(next);
                }
                std::vector<double> selfTerm;
                if (!weighted[k].empty()) convolve(weighted[k], laws[k], base.offset, n, selfTerm, nullptr, scratchT, scratchU);
                convolve(base.p, laws[k], base.offset, n, next, &selfTerm, scratchT, scratchU);
                weighted[k].swap(selfTerm);
                base.p.swap(next);
            }
        }
        // Combine with the widest group: P(S = N - e) = sum_x base(x) group(N - e - x).
        const long long size = static_cast<long long>(base.p.size());
        const long long from = n - 1 - (base.offset + size - 1);
        const long long to = n - base.offset;
        const std::vector<double> group = groupLaw(laws[widest], stations_[widest].multiplicity, from, to);
        auto groupAt = [&](long long m) { return (m < from || m > to) ? 0.0 : group[static_cast<size_t>(m - from)]; };
        double atN = 0.0, atNm1 = 0.0, widestWeighted = 0.0;
        std::vector<double> weightedAtN(count, 0.0);
        for (long long i = 0; i < size; ++i) {
            const long long x = base.offset + i;
            const double g = groupAt(n - x);
            const double b = base.p[static_cast<size_t>(i)];
            atN += b * g;
            atNm1 += b * groupAt(n - 1 - x);
            widestWeighted += b * static_cast<double>(n - x) * g;
            for (size_t k : queues) {
                if (k != widest && i < static_cast<long long>(weighted[k].size())) weightedAtN[k] += weighted[k][static_cast<size_t>(i)] * g;
            }
        }
        if (!(atN > 0.0) || !std::isfinite(atN) || !std::isfinite(atNm1)) {
            throw std::runtime_error("closed network: normalising constant vanished (please report this model)");
        }
        sol.throughput = lambda * atNm1 / atN;
        for (size_t k : queues) {
            const double total = k == widest ? widestWeighted : weightedAtN[k];
            sol.queueLength[k] = total / atN / stations_[k].multiplicity;
        }
    }
    const double x = sol.throughput;
    double response = 0.0;
    for (size_t k = 0; k < count; ++k) {
        const auto& s = stations_[k];
        if (s.multiplicity == 0 || s.demand <= 0.0) continue;
        if (s.servers == 0) sol.queueLength[k] = x * s.demand;
        else sol.utilization[k] = std::min(1.0, x * s.demand / s.servers);
        sol.residenceTime[k] = x > 0 ? sol.queueLength[k] / x : 0.0;
        response += s.multiplicity * sol.residenceTime[k];
    }
    sol.responseTime = response;
    return sol;
}

std::vector<ClosedSolution> ClosedNetwork::sweep(const std::vector<long long>& populations) const {
    std::vector<ClosedSolution> out;
    out.reserve(populations.size());
    for (long long n : populations) out.push_back(solve(n));
    return out;
}

}  // namespace headroom::analytic
