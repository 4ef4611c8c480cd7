#include "analytic/closed_network.h"

#include "analytic/queueing_formulas.h"

#include <algorithm>
#include <cmath>
#include <memory>
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

// out = in (*) law, at most `room` entries (populations above N never
// matter). With `weighted` non-null it also receives sum_j j law(j) in(n - j),
// the term E[n_k ; sum = n] of the copy being added. O(c) per entry: beyond
// c servers the law is geometric, so its part is a running sum.
void convolve(const std::vector<double>& in, const QueueLaw& law, long long room, std::vector<double>& out,
              std::vector<double>* weighted, std::vector<double>& tailSum, std::vector<double>& tailMoment) {
    const long long inSize = static_cast<long long>(in.size());
    const long long outSize = std::min(room, inSize + law.support);
    const int c = law.servers;
    const double rho = law.rho;
    const double bc = law.head.back();
    // T(x) = sum_{i>=0} rho^i in(x-i);  U(x) = sum_{i>=1} i rho^i in(x-i).
    tailSum.resize(static_cast<size_t>(outSize));
    if (weighted) tailMoment.resize(static_cast<size_t>(outSize));
    double t = 0.0, u = 0.0;
    for (long long x = 0; x < outSize; ++x) {
        if (weighted) u = rho * (u + t);
        t = rho * t + (x < inSize ? in[static_cast<size_t>(x)] : 0.0);
        tailSum[static_cast<size_t>(x)] = t;
        if (weighted) tailMoment[static_cast<size_t>(x)] = u;
    }
    out.resize(static_cast<size_t>(outSize));
    if (weighted) weighted->resize(static_cast<size_t>(outSize));
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
            if (weighted) w += bc * (c * ts + tailMoment[static_cast<size_t>(n - c)]);
        }
        out[static_cast<size_t>(n)] = v;
        if (weighted) (*weighted)[static_cast<size_t>(n)] = w;
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

// The widest group, m identical copies of an M/M/c law, has the generating
// function (R(z) / (1 - rho z))^m. R(z) / (1 - rho) has non-negative
// coefficients r_j = p(j-1) rho (c-j) / (j (1-rho)), j < c, that sum to one,
// so the group's law is (the law of m draws from r) (*) NB(m, rho). This
// returns the first factor (degree m (c-1)).
std::vector<double> groupPolynomial(const QueueLaw& law, int copies) {
    const int c = law.servers;
    const double rho = law.rho;
    const double oneMinus = 1.0 - rho;
    std::vector<double> r(static_cast<size_t>(c));
    r[0] = law.head[0] / oneMinus;
    for (int j = 1; j < c; ++j) r[static_cast<size_t>(j)] = law.head[static_cast<size_t>(j) - 1] * rho * (c - j) / j / oneMinus;
    std::vector<double> poly{1.0}, next;
    for (int i = 0; i < copies; ++i) {
        next.assign(poly.size() + r.size() - 1, 0.0);
        for (size_t a = 0; a < poly.size(); ++a)
            for (size_t b = 0; b < r.size(); ++b) next[a + b] += poly[a] * r[b];
        poly.swap(next);
    }
    return poly;
}

// (input (*) NB(m, rho))(y) and (input (*) NB(m+1, rho))(y) for y in [lo, hi],
// NB(k, rho) the negative binomial law (k-fold geometric (1-rho) rho^j).
// A geometric law is the filter T(y) = rho T(y-1) + (1-rho) x(y), so m+1
// filters in cascade, one step per population: positive terms only. Beyond
// the input's support the cascade is linear with no input, and a gap of n
// populations is crossed in one step with the closed form
//     T_k(y+n) = rho^n sum_{i<k} C(n+i-1, i) (1-rho)^i T_{k-i}(y)
// (powers of (I - (1-rho) L)^-1, all terms positive), so the cost is
// O(m (input size + hi - lo)) whatever the distance between them.
void negativeBinomialCascade(const Window& input, double rho, int m, long long lo, long long hi,
                             std::vector<double>& stageM, std::vector<double>& stageM1) {
    const double beta = 1.0 - rho;
    const int stages = m + 1;
    std::vector<double> t(static_cast<size_t>(stages) + 1, 0.0), jumped(t.size()), coefficient(t.size());
    stageM.assign(static_cast<size_t>(std::max<long long>(0, hi - lo + 1)), 0.0);
    stageM1.assign(stageM.size(), 0.0);
    const long long inFirst = input.offset;
    const long long inLast = input.offset + static_cast<long long>(input.p.size()) - 1;
    const long long jumpWorth = 4LL * stages;
    long long y = inFirst - 1;  // the cascade is at rest before the input starts
    while (y < hi) {
        if (y >= inLast && lo - 1 - y > jumpWorth) {
            const double n = static_cast<double>(lo - 1 - y);
            const double logRhoN = n * std::log(rho);
            double logC = 0.0;
            for (int i = 0; i < stages; ++i) {
                if (i > 0) logC += std::log((n + i - 1) * beta / i);
                coefficient[static_cast<size_t>(i)] = std::exp(logRhoN + logC);
            }
            for (int k = 1; k <= stages; ++k) {
                double v = 0.0;
                for (int i = 0; i < k; ++i) v += coefficient[static_cast<size_t>(i)] * t[static_cast<size_t>(k - i)];
                jumped[static_cast<size_t>(k)] = v;
            }
            t.swap(jumped);
            y = lo - 1;
            continue;
        }
        ++y;
        double x = (y >= inFirst && y <= inLast) ? input.p[static_cast<size_t>(y - inFirst)] : 0.0;
        for (int k = 1; k <= stages; ++k) {
            double& tk = t[static_cast<size_t>(k)];
            tk = rho * tk + beta * x;
            x = tk;
        }
        if (y >= lo) {
            stageM[static_cast<size_t>(y - lo)] = t[static_cast<size_t>(m)];
            stageM1[static_cast<size_t>(y - lo)] = t[static_cast<size_t>(stages)];
        }
    }
}

// Drops the leading and trailing entries of `rest` that together carry less
// than kTail, and the same entries of the arrays aligned with it.
void trim(Window& rest, std::vector<std::vector<double>>& aligned) {
    const size_t size = rest.p.size();
    size_t first = 0, last = size;
    double mass = 0.0;
    while (first + 1 < last && mass + rest.p[first] < 0.5 * kTail) mass += rest.p[first++];
    mass = 0.0;
    while (last - 1 > first && mass + rest.p[last - 1] < 0.5 * kTail) mass += rest.p[--last];
    if (first == 0 && last == size) return;
    auto cut = [&](std::vector<double>& v) {
        if (v.empty()) return;
        v.erase(v.begin() + static_cast<long>(last), v.end());
        v.erase(v.begin(), v.begin() + static_cast<long>(first));
    };
    cut(rest.p);
    for (auto& v : aligned) cut(v);
    rest.offset += static_cast<long long>(first);
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

// What a solve can hand to the next one at the same population: the tilt
// lambda and the (expensive) think-time x widest-group laws A and B. Exact for
// any other station demands as long as the widest group is unchanged, every
// other station stays below saturation at this lambda, and the delay is not
// below `delay` (the extra delay is a small Poisson factor of the rest).
struct ClosedTilt {
    long long population = 0;
    double lambda = 0.0;
    double delay = 0.0;
    size_t widest = 0;
    ClosedStation widestStation;
    long long first = 0;            // lawA, lawB cover [first, first + size)
    std::vector<double> lawA, lawB; // P(delay + group = y), E[group ; delay + group = y]
};

namespace {

bool sameStation(const ClosedStation& a, const ClosedStation& b) {
    return a.servers == b.servers && a.multiplicity == b.multiplicity && a.demand == b.demand;
}

// Fills tilt.lawA/lawB on [from, to] from the tilt's lambda, delay and widest group.
void crossWithWidest(ClosedTilt& tilt, const QueueLaw& wide, long long from, long long to) {
    const int copies = tilt.widestStation.multiplicity;
    const std::vector<double> poly = groupPolynomial(wide, copies);
    const long long degree = static_cast<long long>(poly.size()) - 1;
    const long long first = from - degree;
    std::vector<double> nbM, nbM1;
    negativeBinomialCascade(poissonWindow(tilt.lambda * tilt.delay, tilt.population), wide.rho, copies, first, to, nbM, nbM1);
    // j NB(m)(j) = (m rho / (1 - rho)) NB(m+1)(j - 1): the weighted law needs no subtraction.
    const double nbMean = copies * wide.rho / (1.0 - wide.rho);
    tilt.first = from;
    tilt.lawA.assign(static_cast<size_t>(to - from + 1), 0.0);
    tilt.lawB.assign(tilt.lawA.size(), 0.0);
    for (long long y = from; y <= to; ++y) {
        double va = 0.0, vb = 0.0;
        for (long long l = 0; l <= degree; ++l) {
            const double pm = nbM[static_cast<size_t>(y - l - first)];
            va += poly[static_cast<size_t>(l)] * pm;
            const double shifted = y - l - 1 >= first ? nbM1[static_cast<size_t>(y - l - 1 - first)] : 0.0;
            vb += poly[static_cast<size_t>(l)] * (nbMean * shifted + static_cast<double>(l) * pm);
        }
        tilt.lawA[static_cast<size_t>(y - from)] = va;
        tilt.lawB[static_cast<size_t>(y - from)] = vb;
    }
}

}  // namespace

ClosedSolution ClosedNetwork::solve(long long population, const ClosedSolution* warm, double delayReserve) const {
    ClosedSolution sol;
    sol.population = std::max(0LL, population);
    sol.queueLength.assign(stations_.size(), 0.0);
    sol.residenceTime.assign(stations_.size(), 0.0);
    sol.utilization.assign(stations_.size(), 0.0);
    const long long n = sol.population;

    // Queueing stations with the same servers and demand are one group of
    // identical copies (a database primary and its replicas when only reads
    // reach them, shards of equal share): their per-copy figures are equal,
    // and only as one group can the widest station take them in closed form.
    // Left apart, two equally loaded bottlenecks put one of them in the
    // convolved rest with a geometric tail of ~N entries past the knee.
    std::vector<ClosedStation> stations;
    std::vector<size_t> typeOf(stations_.size());
    for (size_t k = 0; k < stations_.size(); ++k) {
        const auto& s = stations_[k];
        size_t t = stations.size();
        if (s.servers > 0 && s.multiplicity > 0 && s.demand > 0.0) {
            for (size_t j = 0; j < stations.size() && t == stations.size(); ++j) {
                if (stations[j].servers == s.servers && stations[j].demand == s.demand && stations[j].multiplicity > 0) t = j;
            }
        }
        if (t == stations.size()) stations.push_back(s);
        else stations[t].multiplicity += s.multiplicity;
        typeOf[k] = t;
    }
    const size_t count = stations.size();
    std::vector<double> typeQueue(count, 0.0);  // mean requests at one copy of each type

    double delay = thinkTime_;  // think time plus every pure delay on the path
    std::vector<size_t> queues;  // queueing stations with work to do
    double slowest = 0.0;        // largest demand per server
    for (size_t k = 0; k < count; ++k) {
        const auto& s = stations[k];
        if (s.multiplicity == 0 || s.demand <= 0.0) continue;
        if (s.servers == 0) delay += s.multiplicity * s.demand;
        else {
            queues.push_back(k);
            slowest = std::max(slowest, s.demand / s.servers);
        }
    }
    if (n == 0 || (queues.empty() && delay <= 0.0)) return sol;  // nobody, or nothing takes any time

    if (queues.empty()) {
        sol.throughput = static_cast<double>(n) / delay;  // pure delay network: X = N / Z exactly
    } else {
        std::vector<QueueLaw> laws(count);
        // A warm tilt is reusable when everything it depends on still holds.
        std::shared_ptr<const ClosedTilt> tilt;
        if (warm && warm->tilt && warm->tilt->population == n && warm->tilt->widest < count &&
            sameStation(stations[warm->tilt->widest], warm->tilt->widestStation) && delay >= warm->tilt->delay) {
            tilt = warm->tilt;
            // Exact at any lambda, but only accurate near the saddle point: a
            // much longer delay (or slower stations) moves E[S] away from N,
            // P(S = N) falls off like exp(-(E[S] - N)^2 / 2 var(S)) and,
            // beyond the 1e-24 tails cut, to exactly 0. Within 2 sqrt(N) of
            // N (sd(S) >~ sqrt(N)) it drops by at most e^-2.
            double e = tilt->lambda * delay;
            for (size_t k : queues) {
                const auto& s = stations[k];
                const double load = tilt->lambda * s.demand;
                if (k != tilt->widest && !(load < 0.999 * s.servers)) {
                    tilt.reset();
                    break;
                }
                e += s.multiplicity * mmcMeanNumber(s.servers, load);
            }
            if (tilt && !(std::fabs(e - static_cast<double>(n)) <= 2.0 * std::sqrt(static_cast<double>(n) + 1.0))) tilt.reset();
        }
        if (tilt) {
            for (size_t k : queues) laws[k] = queueLaw(stations[k].servers, tilt->lambda * stations[k].demand);
        } else {
            // Saddle point: E[S](lambda) = N, monotone in u = lambda * slowest on (0, 1).
            auto expected = [&](double u) {
                const double l = u / slowest;
                double e = l * delay;
                for (size_t k : queues) {
                    const auto& s = stations[k];
                    e += s.multiplicity * mmcMeanNumber(s.servers, std::min(l * s.demand, s.servers * u));
                }
                return e;
            };
            // Any lambda is exact; the saddle point only keeps P(S = N) near its
            // largest (~1/sd(S), sd(S) >~ sqrt(N)), so E[S] within 0.05 sqrt(N)
            // of N is as good as equal (P(S = N) drops by < 0.2%). Bisection on
            // logit(u) resolves u near 1 (past the knee) as well as near 0.
            const double target = static_cast<double>(n);
            const double tolerance = 0.05 * std::sqrt(target + 1.0);
            auto fromLogit = [](double w) { return std::min(1.0 / (1.0 + std::exp(-w)), std::nextafter(1.0, 0.0)); };
            double lo = -60.0, hi = 40.0, u = fromLogit(0.0);
            for (int it = 0; it < 200 && hi - lo > 1e-12; ++it) {
                const double mid = 0.5 * (lo + hi);
                u = fromLogit(mid);
                const double e = expected(u);
                if (std::fabs(e - target) <= tolerance) break;
                (e < target ? lo : hi) = mid;
            }
            if (!(u > 0.0)) u = std::nextafter(0.0, 1.0) * 1e10;
            auto fresh = std::make_shared<ClosedTilt>();
            fresh->population = n;
            fresh->lambda = u / slowest;
            fresh->delay = std::max(0.0, delay - std::max(0.0, delayReserve));
            double widestMean = -1.0;
            for (size_t k : queues) {
                const auto& s = stations[k];
                const double load = std::min(fresh->lambda * s.demand, s.servers * u);
                laws[k] = queueLaw(s.servers, load);
                const double mean = s.multiplicity * mmcMeanNumber(s.servers, load);
                if (mean > widestMean) {
                    widestMean = mean;
                    fresh->widest = k;
                }
            }
            fresh->widestStation = stations[fresh->widest];
            tilt = fresh;
        }
        const double lambda = tilt->lambda;
        const size_t widest = tilt->widest;

        // Every other station copy, convolved into `rest`. Its support stays
        // short (those stations are less loaded than the widest), so this
        // costs little; E[n_k copies ; rest = r] is carried per type alongside.
        // It starts with the delay beyond the tilt's (a warm start), else 0.
        Window rest = poissonWindow(lambda * (delay - tilt->delay), n);
        std::vector<std::vector<double>> weighted(count);  // aligned with rest.p
        std::vector<double> next, selfTerm, carried, scratchT, scratchU;
        for (size_t k : queues) {
            if (k == widest) continue;
            for (int copy = 0; copy < stations[k].multiplicity; ++copy) {
                const long long room = n - rest.offset + 1;
                for (size_t other : queues) {
                    if (other == widest || other == k || weighted[other].empty()) continue;
                    convolve(weighted[other], laws[k], room, next, nullptr, scratchT, scratchU);
                    weighted[other].swap(next);
                }
                convolve(rest.p, laws[k], room, next, &selfTerm, scratchT, scratchU);
                if (!weighted[k].empty()) {
                    convolve(weighted[k], laws[k], room, carried, nullptr, scratchT, scratchU);
                    for (size_t i = 0; i < selfTerm.size(); ++i) selfTerm[i] += carried[i];
                }
                weighted[k].swap(selfTerm);
                rest.p.swap(next);
                trim(rest, weighted);
            }
        }
        // The think time and delays (Poisson) with the widest group, where the
        // rest needs them: A(y) = P(delay + group = y), B(y) = E[group ; ...].
        const long long restFirst = rest.offset;
        const long long restLast = rest.offset + static_cast<long long>(rest.p.size()) - 1;
        const long long needFrom = n - 1 - restLast, needTo = n - restFirst;
        if (needFrom < tilt->first || needTo >= tilt->first + static_cast<long long>(tilt->lawA.size())) {
            // Fresh (or the rest grew): some room either side for the next rounds.
            auto grown = std::make_shared<ClosedTilt>(*tilt);
            const long long size = restLast - restFirst + 1;
            crossWithWidest(*grown, laws[widest], needFrom - 32 - size / 2, needTo + 8 + size / 8);
            tilt = grown;
        }
        auto at = [&](const std::vector<double>& v, long long y) { return v[static_cast<size_t>(y - tilt->first)]; };
        double atN = 0.0, atNm1 = 0.0, widestWeighted = 0.0;
        std::vector<double> weightedAtN(count, 0.0);
        for (long long r = restFirst; r <= restLast; ++r) {
            const size_t i = static_cast<size_t>(r - restFirst);
            const double p = rest.p[i];
            const double a = at(tilt->lawA, n - r);
            atN += p * a;
            atNm1 += p * at(tilt->lawA, n - 1 - r);
            widestWeighted += p * at(tilt->lawB, n - r);
            for (size_t k : queues) {
                if (k != widest && !weighted[k].empty()) weightedAtN[k] += weighted[k][i] * a;
            }
        }
        if (!(atN > 0.0) || !std::isfinite(atN) || !std::isfinite(atNm1) || !std::isfinite(widestWeighted)) {
            throw std::runtime_error("closed network: normalising constant vanished (please report this model)");
        }
        sol.throughput = lambda * atNm1 / atN;
        for (size_t k : queues) {
            const double total = k == widest ? widestWeighted : weightedAtN[k];
            typeQueue[k] = total / atN / stations[k].multiplicity;
        }
        sol.tilt = tilt;
    }
    const double x = sol.throughput;
    double response = 0.0;
    for (size_t k = 0; k < stations_.size(); ++k) {
        const auto& s = stations_[k];
        if (s.multiplicity == 0 || s.demand <= 0.0) continue;
        sol.queueLength[k] = typeQueue[typeOf[k]];
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
