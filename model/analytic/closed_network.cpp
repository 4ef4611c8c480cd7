#include "analytic/closed_network.h"

#include "analytic/queueing_formulas.h"

#include <algorithm>
#include <cmath>
#include <limits>
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
//
// Load-dependent stations (flow-equivalent servers of pools) have
// f(j) = prod_{i<=j} v / mu(i); with rates that do not decrease their tilted
// law is again (polynomial) / (1 - rho z), so they take part exactly like an
// M/M/c (and may be the widest group). A station with a capacity K has f(j) = 0
// beyond K (the state space truncated: arrivals finding it full are lost and
// the users think again); its law is a finite vector, convolved into the rest.

namespace headroom::analytic {

namespace {

constexpr double kTail = 1e-24;  // probability mass dropped at each truncated tail (vs P(S = N) >~ 1e-4)
constexpr double kLogTail = -55.262;  // log(kTail)

// Stationary law of a queue with geometric tail: p(j) = head[j] for
// j < servers, p(j) = head[servers] rho^(j-servers) for j >= servers. An M/M/c
// queue offered `load` Erlangs has servers = c; a load-dependent station has
// servers = the number of rates given. `r` holds the coefficients of
// R(z) / (1 - rho), R(z) = (1 - rho z) P(z): a law on 0..servers (group form).
struct QueueLaw {
    int servers = 1;
    double rho = 0.0;
    std::vector<double> head;  // size servers + 1
    std::vector<double> r;     // size servers + 1
    int support = 0;           // tail beyond this carries < kTail
};

void setSupport(QueueLaw& law) {
    // Tail mass from j on: head[c] rho^(j-c) / (1 - rho) < kTail.
    const double bc = law.head.back();
    double extra = 0.0;
    if (bc > 0.0 && law.rho > 0.0) {
        extra = std::ceil(std::log(kTail * (1.0 - law.rho) / bc) / std::log(law.rho));
        extra = std::clamp(extra, 0.0, 4.0e9);
    }
    law.support = static_cast<int>(std::min(2.0e9, law.servers + extra));
}

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
    // r_j = p(j-1) rho (c-j) / (j (1-rho)) for 0 < j < c: no subtraction.
    const double oneMinus = 1.0 - law.rho;
    law.r.assign(static_cast<size_t>(servers) + 1, 0.0);
    law.r[0] = law.head[0] / oneMinus;
    for (int j = 1; j < servers; ++j) law.r[static_cast<size_t>(j)] = law.head[static_cast<size_t>(j) - 1] * law.rho * (servers - j) / j / oneMinus;
    setSupport(law);
    return law;
}

// The shape of a load-dependent station, independent of the tilt: with
// logCum[j] = sum_{i<=j} log(v / mu(i)), the tilted law has log-weights
// j log(lambda) + logCum[j] up to j = L (the number of rates), then a
// geometric tail of ratio lambda v / mu(L), cut at `capacity` if any.
struct LdShape {
    std::vector<double> rates;
    double visits = 0.0;
    std::vector<double> logCum;  // size L + 1
    double logTail = 0.0;        // log(v / mu(L))
    long long capacity = 0;      // 0 = unlimited
    double partial = 0.0;        // capacity + 1 present has its weight times this (a fractional waiting room)
    int L() const { return static_cast<int>(rates.size()); }
    // Admission probability of an arrival finding j present.
    double admit(long long j) const {
        if (capacity <= 0 || j < capacity) return 1.0;
        return j == capacity ? partial : 0.0;
    }
    // Log-weight of the tilted law at j.
    double logWeight(long long j, double logLambda) const {
        const int l = L();
        double w = j <= l ? j * logLambda + logCum[static_cast<size_t>(j)]
                          : l * logLambda + logCum[static_cast<size_t>(l)] + static_cast<double>(j - l) * (logLambda + logTail);
        if (capacity > 0 && j > capacity) w += std::log(partial);
        return w;
    }
};

LdShape ldShape(const ClosedStation& s) {
    LdShape shape;
    shape.rates = s.rates;
    shape.visits = s.demand;
    shape.capacity = s.capacity;
    shape.partial = s.capacity > 0 ? s.partial : 0.0;
    shape.logCum.assign(s.rates.size() + 1, 0.0);
    for (size_t j = 1; j <= s.rates.size(); ++j) shape.logCum[j] = shape.logCum[j - 1] + std::log(s.demand / s.rates[j - 1]);
    shape.logTail = std::log(s.demand / s.rates.back());
    return shape;
}

// log(sum_{i=1..T} e^{a i}) and the mean of i under those weights (T >= 1).
void geometricMoments(double a, double terms, double& logMass, double& mean) {
    if (std::fabs(a) * terms < 1e-9) {
        logMass = std::log(terms) + a * (terms + 1) / 2;
        mean = (terms + 1) / 2;
        return;
    }
    if (a > 0) {  // mirror i -> T + 1 - i
        geometricMoments(-a, terms, logMass, mean);
        logMass += a * (terms + 1);
        mean = terms + 1 - mean;
        return;
    }
    // q = e^a < 1: sum = q (1 - q^T) / (1 - q); mean = 1/(1-q) - T q^T/(1-q^T).
    logMass = a + std::log(-std::expm1(a * terms)) - std::log(-std::expm1(a));
    mean = -1.0 / std::expm1(a) - terms / std::expm1(-a * terms);
    mean = std::clamp(mean, 1.0, terms);
}

// Mean of a load-dependent law at log(lambda), capped at min(capacity, cap).
double ldMean(const LdShape& shape, double logLambda, long long cap) {
    const int L = shape.L();
    const long long top = shape.capacity > 0 ? std::min(shape.capacity, cap) : cap;
    const long long headEnd = std::min<long long>(L, top);
    double best = -std::numeric_limits<double>::infinity();
    for (long long j = 0; j <= headEnd; ++j) best = std::max(best, j * logLambda + shape.logCum[static_cast<size_t>(j)]);
    const double logRatio = logLambda + shape.logTail;
    const bool unlimited = shape.capacity == 0 && logRatio < 0 && top >= std::numeric_limits<long long>::max() / 4;
    double tailLogMass = -std::numeric_limits<double>::infinity(), tailMean = 0.0;
    const double logLast = headEnd * logLambda + shape.logCum[static_cast<size_t>(headEnd)];
    if (unlimited) {
        // sum_{i>=1} rho^i = rho/(1-rho); mean of i = 1/(1-rho).
        tailLogMass = logRatio - std::log(-std::expm1(logRatio));
        tailMean = -1.0 / std::expm1(logRatio);
    } else if (top > headEnd) {
        geometricMoments(logRatio, static_cast<double>(top - headEnd), tailLogMass, tailMean);
    }
    if (std::isfinite(tailLogMass)) best = std::max(best, logLast + tailLogMass);
    const bool extra = shape.capacity > 0 && shape.partial > 0 && shape.capacity < cap;
    const double logExtra = extra ? shape.logWeight(shape.capacity + 1, logLambda) : -std::numeric_limits<double>::infinity();
    if (extra) best = std::max(best, logExtra);
    double mass = 0.0, first = 0.0;
    if (extra) {
        const double w = std::exp(logExtra - best);
        mass += w;
        first += static_cast<double>(shape.capacity + 1) * w;
    }
    for (long long j = 0; j <= headEnd; ++j) {
        const double lw = j * logLambda + shape.logCum[static_cast<size_t>(j)] - best;
        if (lw < -745.0) continue;  // below the smallest double: no contribution (and no exp call)
        const double w = std::exp(lw);
        mass += w;
        first += static_cast<double>(j) * w;
    }
    if (std::isfinite(tailLogMass)) {
        const double w = std::exp(logLast + tailLogMass - best);
        mass += w;
        first += w * (static_cast<double>(headEnd) + tailMean);
    }
    return mass > 0 ? first / mass : 0.0;
}

// The tilted law of an unlimited load-dependent station (ratio < 1) as a QueueLaw.
QueueLaw ldQueueLaw(const LdShape& shape, double logLambda) {
    QueueLaw law;
    const int L = shape.L();
    law.servers = L;
    law.rho = std::exp(logLambda + shape.logTail);
    std::vector<double> lw(static_cast<size_t>(L) + 1);
    for (int j = 0; j <= L; ++j) lw[static_cast<size_t>(j)] = j * logLambda + shape.logCum[static_cast<size_t>(j)];
    const double logTail = lw.back() + std::log(law.rho) - std::log1p(-law.rho);  // sum over j > L
    double top = logTail;
    for (double v : lw) top = std::max(top, v);
    double total = std::exp(logTail - top);
    for (double v : lw) total += std::exp(v - top);
    law.head.resize(lw.size());
    for (size_t j = 0; j < lw.size(); ++j) law.head[j] = std::exp(lw[j] - top) / total;
    // r_j = (p(j) - rho p(j-1)) / (1 - rho) = p(j-1) lambda v (1/mu(j) - 1/mu(L)) / (1 - rho), >= 0 when the rates do not decrease.
    const double oneMinus = 1.0 - law.rho;
    const double lambdaV = std::exp(logLambda) * shape.visits;
    const double muL = shape.rates.back();
    law.r.assign(lw.size(), 0.0);
    law.r[0] = law.head[0] / oneMinus;
    for (int j = 1; j <= L; ++j) {
        const double mu = shape.rates[static_cast<size_t>(j) - 1];
        law.r[static_cast<size_t>(j)] = std::max(0.0, law.head[static_cast<size_t>(j) - 1] * lambdaV * (muL - mu) / (mu * muL) / oneMinus);
    }
    setSupport(law);
    return law;
}

// One probability vector on [offset, offset + size).
struct Window {
    long long offset = 0;
    std::vector<double> p;
};

// The tilted law of a station with a capacity, on [0, min(capacity, cap)],
// scaled so that its largest entry is 1, with the ends carrying < kTail cut.
Window cappedWindow(const LdShape& shape, double logLambda, long long cap) {
    const int L = shape.L();
    const long long top = std::min(shape.capacity + (shape.partial > 0 ? 1 : 0), cap);
    auto logWeight = [&](long long j) { return shape.logWeight(j, logLambda); };
    // Log-concave (the rates do not decrease; a partial last place only
    // lowers the last weight): the mode is in the head, at the capacity or
    // just beyond; from there the weights fall off both ways.
    long long mode = 0;
    double best = logWeight(0);
    auto consider = [&](long long j) {
        if (j < 0 || j > top) return;
        const double w = logWeight(j);
        if (w > best) {
            best = w;
            mode = j;
        }
    };
    for (long long j = 1; j <= std::min<long long>(L, top); ++j) consider(j);
    consider(top);
    consider(top - 1);
    const double cut = kLogTail - 4.0;  // a little below the tail we drop overall
    long long lo = mode, hi = mode;
    while (lo > 0 && logWeight(lo - 1) - best > cut) --lo;
    while (hi < top && logWeight(hi + 1) - best > cut) ++hi;
    Window w;
    w.offset = lo;
    w.p.resize(static_cast<size_t>(hi - lo + 1));
    for (long long j = lo; j <= hi; ++j) w.p[static_cast<size_t>(j - lo)] = std::exp(logWeight(j) - best);
    return w;
}

// sum_{i < len} a[i] b[-i]: four partial sums, as the single chain of
// additions would wait on itself (these loops are most of a solve's time).
inline double dotBackward(const double* a, const double* b, long long len) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    long long i = 0;
    for (; i + 4 <= len; i += 4) {
        s0 += a[i] * b[-i];
        s1 += a[i + 1] * b[-i - 1];
        s2 += a[i + 2] * b[-i - 2];
        s3 += a[i + 3] * b[-i - 3];
    }
    for (; i < len; ++i) s0 += a[i] * b[-i];
    return (s0 + s1) + (s2 + s3);
}

// out = in (*) law, at most `room` entries (populations above N never
// matter). With `weighted` non-null it also receives sum_j j law(j) in(n - j),
// the term E[n_k ; sum = n] of the copy being added. O(c) per entry: beyond
// c servers the law is geometric, so its part is a running sum.
void convolve(const std::vector<double>& in, const QueueLaw& law, long long room, std::vector<double>& out,
              std::vector<double>* weighted, std::vector<double>& tailSum, std::vector<double>& tailMoment,
              std::vector<double>* excess = nullptr, long long tokens = 0) {
    const long long inSize = static_cast<long long>(in.size());
    const long long outSize = std::min(room, inSize + law.support);
    const int c = law.servers;
    const double rho = law.rho;
    const double bc = law.head.back();
    // T(x) = sum_{i>=0} rho^i in(x-i);  U(x) = sum_{i>=1} i rho^i in(x-i).
    const bool moments = weighted || excess;
    tailSum.resize(static_cast<size_t>(std::max<long long>(outSize, 0)));
    if (moments) tailMoment.resize(static_cast<size_t>(std::max<long long>(outSize, 0)));
    double t = 0.0, u = 0.0;
    for (long long x = 0; x < outSize; ++x) {
        if (moments) u = rho * (u + t);
        t = rho * t + (x < inSize ? in[static_cast<size_t>(x)] : 0.0);
        tailSum[static_cast<size_t>(x)] = t;
        if (moments) tailMoment[static_cast<size_t>(x)] = u;
    }
    out.resize(static_cast<size_t>(std::max<long long>(outSize, 0)));
    if (!weighted && !excess && c >= 1 && c <= 2) {
        // One or two servers, law only (most copies of a flow-equivalent's sub-network): no loop per entry.
        const double h0 = law.head[0], h1 = c == 2 ? law.head[1] : 0.0;
        for (long long n = 0; n < outSize; ++n) {
            double v = n < inSize ? h0 * in[static_cast<size_t>(n)] : 0.0;
            if (c == 2 && n >= 1 && n - 1 < inSize) v += h1 * in[static_cast<size_t>(n - 1)];
            if (n >= c) v += bc * tailSum[static_cast<size_t>(n - c)];
            out[static_cast<size_t>(n)] = v;
        }
        return;
    }
    if (weighted) weighted->resize(out.size());
    thread_local std::vector<double> headWeighted;  // j law(j) on the head
    if (weighted) {
        headWeighted.resize(law.head.size());
        for (size_t j = 0; j < law.head.size(); ++j) headWeighted[j] = static_cast<double>(j) * law.head[j];
    }
    if (excess) {
        // sum_j (j - tokens)^+ law(j) in(n - j): the head explicitly, the geometric
        // part from running sums (tokens >= c: head[c] rho^(tokens - c) U(n - tokens);
        // tokens < c: head[c] (U(n - c) + (c - tokens) T(n - c))).
        excess->assign(out.size(), 0.0);
        for (long long n = 0; n < outSize; ++n) {
            double e = 0.0;
            for (long long j = std::max<long long>(tokens + 1, n - inSize + 1); j < c && j <= n; ++j) {
                e += static_cast<double>(j - tokens) * law.head[static_cast<size_t>(j)] * in[static_cast<size_t>(n - j)];
            }
            if (tokens >= c) {
                if (n >= tokens) e += bc * std::pow(rho, static_cast<double>(tokens - c)) * tailMoment[static_cast<size_t>(n - tokens)];
            } else if (n >= c) {
                e += bc * (tailMoment[static_cast<size_t>(n - c)] + static_cast<double>(c - tokens) * tailSum[static_cast<size_t>(n - c)]);
            }
            (*excess)[static_cast<size_t>(n)] = e;
        }
    }
    for (long long n = 0; n < outSize; ++n) {
        double v = 0.0, w = 0.0;
        const long long jTop = std::min<long long>(c - 1, n);
        const long long j0 = std::max<long long>(0, n - inSize + 1);
        if (jTop >= j0) {
            v = dotBackward(law.head.data() + j0, in.data() + (n - j0), jTop - j0 + 1);
            if (weighted) w = dotBackward(headWeighted.data() + j0, in.data() + (n - j0), jTop - j0 + 1);
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

// out(x) = sum_j factor(j) law(j) in(x - j) for x in [outOffset, outOffset + outSize),
// `in` on [inOffset, ...), `law` a window; factor(j) = 1, j, or the probability
// that an arrival finding j present is let in (Below) or turned away (At).
enum class Factor { One, Count, Below, At, Excess };
void convolveWindow(const std::vector<double>& in, long long inOffset, const Window& law, long long outOffset, long long outSize,
                    Factor factor, long long capacity, double partial, std::vector<double>& out, long long tokens = 0) {
    out.assign(static_cast<size_t>(std::max<long long>(outSize, 0)), 0.0);
    const long long lawSize = static_cast<long long>(law.p.size());
    // factor(j) law(j), once per call; the loop below is then a plain a x + y.
    thread_local std::vector<double> scaled;
    scaled.resize(law.p.size());
    for (long long l = 0; l < lawSize; ++l) {
        const long long j = law.offset + l;
        double f = 1.0;
        switch (factor) {
        case Factor::One: break;
        case Factor::Count: f = static_cast<double>(j); break;
        case Factor::Below: f = j < capacity ? 1.0 : (j == capacity ? partial : 0.0); break;   // let in
        case Factor::At: f = j < capacity ? 0.0 : (j == capacity ? 1.0 - partial : 1.0); break;  // turned away
        case Factor::Excess: f = j > tokens ? static_cast<double>(j - tokens) : 0.0; break;   // waiting for a token
        }
        scaled[static_cast<size_t>(l)] = f * law.p[static_cast<size_t>(l)];
    }
    const double* lp = scaled.data();
    double* op = out.data();
    for (long long i = 0; i < static_cast<long long>(in.size()); ++i) {
        const double a = in[static_cast<size_t>(i)];
        if (a == 0.0) continue;
        const long long base = inOffset + i + law.offset - outOffset;  // out index of law entry 0
        const long long from = std::max<long long>(0, -base), to = std::min(lawSize, outSize - base);
        double* o = op + base;
        for (long long l = from; l < to; ++l) o[l] += a * lp[l];
    }
}

// Poisson(mean) restricted to where it carries probability, capped at `limit`.
void poissonWindow(double mean, long long limit, Window& w) {
    if (mean <= 0.0) {
        w.offset = 0;
        w.p.assign(1, 1.0);
        return;
    }
    const long long mode = std::min(limit, static_cast<long long>(std::floor(mean)));
    const double logMode = -mean + mode * std::log(mean) - std::lgamma(mode + 1.0);
    const double peak = std::exp(logMode);  // > 0: the mode of a Poisson is >= 1/(e sqrt(2 pi mean)) roughly
    const double floor = kTail * peak;
    const double inverse = 1.0 / mean;
    // How far down it carries probability (a pass without stores), then the values in order.
    long long low = mode;
    for (double p = peak; low > 0;) {
        p *= static_cast<double>(low) * inverse;  // p(n-1) = p(n) n / mean
        if (p < floor) break;
        --low;
    }
    long long high = mode;
    for (double p = peak; high < limit;) {
        p *= mean / static_cast<double>(high + 1);
        if (p < floor) break;
        ++high;
    }
    w.offset = low;
    w.p.resize(static_cast<size_t>(high - low + 1));
    double* out = w.p.data() - low;
    out[mode] = peak;
    double p = peak;
    for (long long n = mode; n > low; --n) {
        p *= static_cast<double>(n) * inverse;
        out[n - 1] = p;
    }
    p = peak;
    for (long long n = mode + 1; n <= high; ++n) {
        p *= mean / static_cast<double>(n);
        out[n] = p;
    }
}

// The widest group, m identical copies of a law with generating function
// R(z) / (1 - rho z), has the generating function (R(z) / (1 - rho z))^m.
// R(z) / (1 - rho) has non-negative coefficients r_j that sum to one, so the
// group's law is (the law of m draws from r) (*) NB(m, rho). This returns the
// first factor (degree m * servers at most).
std::vector<double> groupPolynomial(const QueueLaw& law, int copies) {
    std::vector<double> r = law.r;
    while (r.size() > 1 && r.back() == 0.0) r.pop_back();
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
// than kTail (of its total, if that is below 1), and the same entries of the
// arrays aligned with it.
void trim(Window& rest, const std::vector<std::vector<double>*>& aligned) {
    const size_t size = rest.p.size();
    double total = 0.0;  // a probability vector (total <= 1) unless a capacity station's scaled law is in it
    for (double v : rest.p) total += v;
    const double limit = 0.5 * kTail * std::min(1.0, total);
    size_t first = 0, last = size;
    double mass = 0.0;
    while (first + 1 < last && mass + rest.p[first] < limit) mass += rest.p[first++];
    mass = 0.0;
    while (last - 1 > first && mass + rest.p[last - 1] < limit) mass += rest.p[--last];
    if (first == 0 && last == size) return;
    auto cut = [&](std::vector<double>& v) {
        if (v.empty()) return;
        v.erase(v.begin() + static_cast<long>(last), v.end());
        v.erase(v.begin(), v.begin() + static_cast<long>(first));
    };
    cut(rest.p);
    for (auto* v : aligned) cut(*v);
    rest.offset += static_cast<long long>(first);
}

}  // namespace

ClosedNetwork::ClosedNetwork(std::vector<ClosedStation> stations, double thinkTime)
    : stations_(std::move(stations)), thinkTime_(thinkTime) {
    if (!(thinkTime >= 0.0) || !std::isfinite(thinkTime)) throw std::invalid_argument("closed network: think time must be finite and >= 0");
    for (const auto& s : stations_) {
        if (s.servers < 0 || s.multiplicity < 0 || !(s.demand >= 0.0) || !std::isfinite(s.demand) || s.capacity < 0 ||
            !(s.partial >= 0.0 && s.partial < 1.0)) {
            throw std::invalid_argument("closed network: servers, copies, demand and capacity must be finite and >= 0");
        }
        double last = 0.0;
        for (double r : s.rates) {
            if (!(r > 0.0) || !std::isfinite(r) || r < last * (1.0 - 1e-9)) {
                throw std::invalid_argument("closed network: load-dependent rates must be finite, positive and not decrease");
            }
            last = r;
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
    size_t widest = 0;              // type index; npos: no group (only capacity stations queue)
    ClosedStation widestStation;
    long long first = 0;            // lawA, lawB cover [first, first + size)
    std::vector<double> lawA, lawB; // P(delay + group = y), E[group ; delay + group = y]
};

namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();

enum class Kind { Delay, Queue, LoadDependent, Capped };

// A station type after grouping identical copies.
struct StationType {
    ClosedStation station;
    Kind kind = Kind::Delay;
    LdShape shape;  // LoadDependent and Capped
};

bool sameStation(const ClosedStation& a, const ClosedStation& b) {
    return a.servers == b.servers && a.multiplicity == b.multiplicity && a.demand == b.demand && a.rates == b.rates &&
           a.capacity == b.capacity && a.partial == b.partial;
}

// Fills tilt.lawA/lawB on [from, to] from the tilt's lambda, delay and widest group.
void crossWithWidest(ClosedTilt& tilt, const QueueLaw* wide, long long from, long long to) {
    tilt.first = from;
    tilt.lawA.assign(static_cast<size_t>(to - from + 1), 0.0);
    tilt.lawB.assign(tilt.lawA.size(), 0.0);
    // Kept between calls, like the buffers below: a fresh window of ~sqrt(N) entries costs page faults.
    thread_local Window poisson;
    poissonWindow(tilt.lambda * tilt.delay, tilt.population, poisson);
    if (!wide) {
        for (long long y = from; y <= to; ++y) {
            const long long i = y - poisson.offset;
            if (i >= 0 && i < static_cast<long long>(poisson.p.size())) tilt.lawA[static_cast<size_t>(y - from)] = poisson.p[static_cast<size_t>(i)];
        }
        return;
    }
    const int copies = tilt.widestStation.multiplicity;
    const std::vector<double> poly = groupPolynomial(*wide, copies);
    const long long degree = static_cast<long long>(poly.size()) - 1;
    const long long first = from - degree;
    // Kept between calls: fresh large buffers cost page faults every solve.
    thread_local std::vector<double> nbM, nbM1;
    negativeBinomialCascade(poisson, wide->rho, copies, first, to, nbM, nbM1);
    // j NB(m)(j) = (m rho / (1 - rho)) NB(m+1)(j - 1): the weighted law needs no subtraction.
    const double nbMean = copies * wide->rho / (1.0 - wide->rho);
    thread_local std::vector<double> polyWeighted;  // l poly(l)
    polyWeighted.resize(poly.size());
    for (size_t l = 0; l < poly.size(); ++l) polyWeighted[l] = static_cast<double>(l) * poly[l];
    for (long long y = from; y <= to; ++y) {
        // Index y - l - first >= 0 for every l <= degree; the shifted one needs l <= y - 1 - first.
        const double* at = nbM.data() + (y - first);
        const double va = dotBackward(poly.data(), at, degree + 1);
        const long long shiftedCount = std::min(degree, y - 1 - first) + 1;
        const double shifted = shiftedCount > 0 ? dotBackward(poly.data(), nbM1.data() + (y - 1 - first), shiftedCount) : 0.0;
        const double vb = nbMean * shifted + dotBackward(polyWeighted.data(), at, degree + 1);
        tilt.lawA[static_cast<size_t>(y - from)] = va;
        tilt.lawB[static_cast<size_t>(y - from)] = vb;
    }
}

}  // namespace

long long ClosedNetwork::room() const {
    double delay = thinkTime_;
    long long capped = 0;
    for (const auto& s : stations_) {
        if (s.multiplicity == 0 || s.demand <= 0.0) continue;
        if (s.rates.empty() && s.servers == 0 && s.capacity == 0) delay += s.demand;
        else if (s.capacity == 0) return std::numeric_limits<long long>::max();
        else capped += static_cast<long long>(s.multiplicity) * (s.capacity + (s.partial > 0 ? 1 : 0));
    }
    return delay > 0.0 ? std::numeric_limits<long long>::max() : capped;
}

ClosedSolution ClosedNetwork::solve(long long population, const ClosedSolution* warm, double delayReserve) const {
    ClosedSolution sol;
    sol.population = std::max(0LL, population);
    sol.queueLength.assign(stations_.size(), 0.0);
    sol.residenceTime.assign(stations_.size(), 0.0);
    sol.utilization.assign(stations_.size(), 0.0);
    sol.blocking.assign(stations_.size(), 0.0);
    sol.completions.assign(stations_.size(), 0.0);
    sol.waiting.assign(stations_.size(), 0.0);
    // With no time outside the capacity stations, users beyond their room would be
    // turned away and retry at once, forever: only the room's worth take part.
    const long long n = std::min(sol.population, room());

    // Queueing stations with the same servers and demand are one group of
    // identical copies (a database primary and its replicas when only reads
    // reach them, shards of equal share): their per-copy figures are equal,
    // and only as one group can the widest station take them in closed form.
    // Left apart, two equally loaded bottlenecks put one of them in the
    // convolved rest with a geometric tail of ~N entries past the knee.
    std::vector<StationType> types;
    std::vector<size_t> typeOf(stations_.size(), kNone);
    for (size_t k = 0; k < stations_.size(); ++k) {
        ClosedStation s = stations_[k];
        if (s.multiplicity == 0 || s.demand <= 0.0) continue;
        Kind kind = Kind::Delay;
        if (s.rates.empty() && s.capacity > 0 && s.servers > 0) {
            // M/M/c/K: load-dependent with one visit per request.
            std::vector<double> rates;
            for (int j = 1; j <= s.servers; ++j) rates.push_back(j / s.demand);
            s.rates = std::move(rates);
            s.demand = 1.0;
        }
        if (!s.rates.empty()) kind = s.capacity > 0 ? Kind::Capped : Kind::LoadDependent;
        else if (s.servers > 0) kind = Kind::Queue;
        size_t t = types.size();
        if (kind != Kind::Delay) {
            for (size_t j = 0; j < types.size() && t == types.size(); ++j) {
                const auto& o = types[j].station;
                if (types[j].kind == kind && o.servers == s.servers && o.demand == s.demand && o.rates == s.rates && o.capacity == s.capacity &&
                    o.partial == s.partial)
                    t = j;
            }
        }
        if (t == types.size()) {
            StationType type;
            type.station = s;
            type.kind = kind;
            if (kind == Kind::LoadDependent || kind == Kind::Capped) type.shape = ldShape(s);
            types.push_back(std::move(type));
        } else {
            types[t].station.multiplicity += s.multiplicity;
        }
        typeOf[k] = t;
    }
    const size_t count = types.size();
    std::vector<double> typeQueue(count, 0.0);  // mean requests at one copy of each type
    std::vector<double> typeBlocking(count, 0.0), typeCompletions(count, 0.0), typeWaiting(count, 0.0);

    double delay = thinkTime_;   // think time plus every pure delay on the path
    std::vector<size_t> queues;  // unlimited queueing types (M/M/c, load-dependent) with work to do
    std::vector<size_t> capped;  // types with a capacity
    double slowest = 0.0;        // largest demand per server among the unlimited ones (1 / saturation rate)
    double cappedScale = 0.0;    // the same for the capacity stations
    for (size_t k = 0; k < count; ++k) {
        const auto& t = types[k];
        const auto& s = t.station;
        switch (t.kind) {
        case Kind::Delay: delay += s.multiplicity * s.demand; break;
        case Kind::Queue:
            queues.push_back(k);
            slowest = std::max(slowest, s.demand / s.servers);
            break;
        case Kind::LoadDependent:
            queues.push_back(k);
            slowest = std::max(slowest, s.demand / s.rates.back());
            break;
        case Kind::Capped:
            capped.push_back(k);
            cappedScale = std::max(cappedScale, s.demand / s.rates.back());
            break;
        }
    }
    if (n == 0 || (queues.empty() && capped.empty() && delay <= 0.0)) return sol;  // nobody, or nothing takes any time

    // E[S] at lambda with every station tilted: the saddle point makes it N.
    auto expectedAt = [&](double lambda) {
        double e = lambda * delay;
        const double logLambda = std::log(lambda);
        for (size_t k : queues) {
            const auto& t = types[k];
            const auto& s = t.station;
            if (t.kind == Kind::Queue) e += s.multiplicity * mmcMeanNumber(s.servers, std::min(lambda * s.demand, s.servers * (1.0 - 1e-15)));
            else e += s.multiplicity * ldMean(t.shape, std::min(logLambda, -t.shape.logTail - 1e-15), std::numeric_limits<long long>::max());
        }
        for (size_t k : capped) e += types[k].station.multiplicity * ldMean(types[k].shape, logLambda, n);
        return e;
    };

    if (queues.empty() && capped.empty()) {
        sol.throughput = static_cast<double>(n) / delay;  // pure delay network: X = N / Z exactly
    } else {
        // A warm tilt is reusable when everything it depends on still holds.
        std::shared_ptr<const ClosedTilt> tilt;
        if (warm && warm->tilt && warm->tilt->population == n && delay >= warm->tilt->delay &&
            (warm->tilt->widest == kNone ? queues.empty()
                                         : warm->tilt->widest < count && types[warm->tilt->widest].kind != Kind::Delay &&
                                               types[warm->tilt->widest].kind != Kind::Capped &&
                                               sameStation(types[warm->tilt->widest].station, warm->tilt->widestStation))) {
            tilt = warm->tilt;
            // Exact at any lambda, but only accurate near the saddle point: a
            // much longer delay (or slower stations) moves E[S] away from N,
            // P(S = N) falls off like exp(-(E[S] - N)^2 / 2 var(S)) and,
            // beyond the 1e-24 tails cut, to exactly 0. Within 2 sqrt(N) of
            // N (sd(S) >~ sqrt(N)) it drops by at most e^-2.
            for (size_t k : queues) {
                const auto& t = types[k];
                const double ratio = t.kind == Kind::Queue ? tilt->lambda * t.station.demand / t.station.servers
                                                           : tilt->lambda * t.station.demand / t.station.rates.back();
                if (k != tilt->widest && !(ratio < 0.999)) {
                    tilt.reset();
                    break;
                }
            }
            if (tilt && !(std::fabs(expectedAt(tilt->lambda) - static_cast<double>(n)) <= 2.0 * std::sqrt(static_cast<double>(n) + 1.0))) tilt.reset();
        }
        if (!tilt) {
            // Saddle point: E[S](lambda) = N, monotone in lambda. With unlimited
            // queues lambda < 1 / slowest: bisection on logit(u), u = lambda * slowest,
            // resolves u near 1 (past the knee) as well as near 0. With capacity
            // stations only, any lambda > 0: bisection on log(lambda).
            // Any lambda is exact; the saddle point only keeps P(S = N) near its
            // largest (~1/sd(S), sd(S) >~ sqrt(N)), so E[S] within 0.05 sqrt(N)
            // of N is as good as equal (P(S = N) drops by < 0.2%).
            const double target = static_cast<double>(n);
            const double tolerance = 0.05 * std::sqrt(target + 1.0);
            const bool bounded = slowest > 0.0;
            auto lambdaOf = [&](double w) {
                if (bounded) return std::min(1.0 / (1.0 + std::exp(-w)), std::nextafter(1.0, 0.0)) / slowest;
                return std::exp(w) / cappedScale;
            };
            // log(E[S] / N) is smooth and increasing in w: regula falsi
            // (Illinois: the end kept twice has its value halved) once both
            // ends have a value, bisection before; a few evaluations instead
            // of ~25 bisections.
            double lo = bounded ? -60.0 : -200.0, hi = bounded ? 40.0 : 200.0, lambda = lambdaOf(0.0);
            double flo = std::numeric_limits<double>::quiet_NaN(), fhi = flo;
            int kept = 0;
            for (int it = 0; it < 200 && hi - lo > 1e-12; ++it) {
                double w = 0.5 * (lo + hi);
                if (std::isfinite(flo) && std::isfinite(fhi) && fhi != flo) {
                    w = (lo * fhi - hi * flo) / (fhi - flo);
                    if (!(w > lo && w < hi)) w = 0.5 * (lo + hi);
                }
                lambda = lambdaOf(w);
                const double e = expectedAt(lambda);
                if (std::fabs(e - target) <= tolerance) break;
                const double f = e > 0 ? std::log(e / target) : -1e3;
                if (f < 0) {
                    lo = w;
                    flo = f;
                    if (kept == -1 && std::isfinite(fhi)) fhi *= 0.5;
                    kept = -1;
                } else {
                    hi = w;
                    fhi = f;
                    if (kept == 1 && std::isfinite(flo)) flo *= 0.5;
                    kept = 1;
                }
            }
            if (!(lambda > 0.0)) lambda = std::numeric_limits<double>::min() * 1e10;
            auto fresh = std::make_shared<ClosedTilt>();
            fresh->population = n;
            fresh->lambda = lambda;
            fresh->delay = std::max(0.0, delay - std::max(0.0, delayReserve));
            fresh->widest = kNone;
            double widestMean = -1.0;
            for (size_t k : queues) {
                const auto& t = types[k];
                const auto& s = t.station;
                if (t.kind == Kind::LoadDependent && s.servers > 0) continue;  // its waiting is carried in the rest
                // A long head (a big pool's rates) over many copies makes the group
                // form costly (degree copies x rates); first in the rest it costs its support.
                if (t.kind == Kind::LoadDependent && static_cast<long long>(t.shape.L()) * s.multiplicity > 1024) continue;
                const double mean = t.kind == Kind::Queue
                                        ? s.multiplicity * mmcMeanNumber(s.servers, std::min(lambda * s.demand, s.servers * (1.0 - 1e-15)))
                                        : s.multiplicity * ldMean(t.shape, std::min(std::log(lambda), -t.shape.logTail - 1e-15),
                                                                  std::numeric_limits<long long>::max());
                if (mean > widestMean) {
                    widestMean = mean;
                    fresh->widest = k;
                }
            }
            if (fresh->widest != kNone) fresh->widestStation = types[fresh->widest].station;
            tilt = fresh;
        }
        const double lambda = tilt->lambda;
        const double logLambda = std::log(lambda);
        const size_t widest = tilt->widest;
        std::vector<QueueLaw> laws(count);
        for (size_t k : queues) {
            const auto& t = types[k];
            const auto& s = t.station;
            if (t.kind == Kind::Queue) laws[k] = queueLaw(s.servers, std::min(lambda * s.demand, s.servers * (1.0 - 1e-15)));
            else laws[k] = ldQueueLaw(t.shape, std::min(logLambda, -t.shape.logTail - 1e-15));
        }

        // Every other station copy, convolved into `rest`. Its support stays
        // short (those stations are less loaded than the widest, or limited by
        // their capacity), so this costs little; E[n_k copies ; rest = r] is
        // carried per type alongside, and for a capacity type whether its
        // first copy is full (or not) at r. It starts with the delay beyond the
        // tilt's (a warm start), else 0.
        thread_local Window rest;
        poissonWindow(lambda * (delay - tilt->delay), n, rest);
        // Aligned with rest.p: E[n ; rest = r] per type; for a capacity type whether its
        // first copy lets an arrival in (below) or not (atCap); for a pool, the
        // requests beyond its tokens (excess: waiting).
        std::vector<std::vector<double>> weighted(count), below(count), atCap(count), excess(count);
        auto carried = [&](size_t except) {
            std::vector<std::vector<double>*> out;
            for (size_t k = 0; k < count; ++k) {
                if (k != except && !weighted[k].empty()) out.push_back(&weighted[k]);
                if (k != except && !excess[k].empty()) out.push_back(&excess[k]);
                if (!below[k].empty()) out.push_back(&below[k]);
                if (!atCap[k].empty()) out.push_back(&atCap[k]);
            }
            return out;
        };
        thread_local std::vector<double> next, selfTerm, selfExcess, extra, scratchT, scratchU;
        // Everyone not at a capacity station is at least the think time's and
        // delays' Poisson count, whose window (cut at the same 1e-24 tails)
        // starts at `low`: a capacity station's law above N - low never meets
        // it, so its window stops there.
        // (A normal tail with the Poisson's variance ends no sooner than the
        // Poisson's left tail: a conservative start, in closed form.)
        const double poissonMean = lambda * delay;
        const long long low = poissonMean > 0.0 ? std::max<long long>(0, static_cast<long long>(std::floor(poissonMean - std::sqrt(2.0 * 64.0 * poissonMean) - 16.0))) : 0;
        const long long reach = std::max<long long>(0, n - low);
        for (size_t k : capped) {
            const auto& t = types[k];
            const Window law = cappedWindow(t.shape, logLambda, std::min(n, reach));
            const long long capacity = t.shape.capacity;
            const double partial = t.shape.partial;
            for (int copy = 0; copy < t.station.multiplicity; ++copy) {
                const long long offset = rest.offset + law.offset;
                const long long size = std::max<long long>(1, std::min<long long>(n - offset + 1,
                                                                 static_cast<long long>(rest.p.size() + law.p.size()) - 1));
                for (auto* v : carried(k)) {
                    convolveWindow(*v, rest.offset, law, offset, size, Factor::One, capacity, partial, next);
                    v->swap(next);
                }
                convolveWindow(rest.p, rest.offset, law, offset, size, Factor::Count, capacity, partial, selfTerm);
                if (!weighted[k].empty()) {
                    convolveWindow(weighted[k], rest.offset, law, offset, size, Factor::One, capacity, partial, extra);
                    for (size_t i = 0; i < selfTerm.size(); ++i) selfTerm[i] += extra[i];
                }
                if (copy == 0) {
                    convolveWindow(rest.p, rest.offset, law, offset, size, Factor::Below, capacity, partial, below[k]);
                    convolveWindow(rest.p, rest.offset, law, offset, size, Factor::At, capacity, partial, atCap[k]);
                }
                if (t.station.servers > 0) {
                    convolveWindow(rest.p, rest.offset, law, offset, size, Factor::Excess, capacity, partial, selfExcess, t.station.servers);
                    if (!excess[k].empty()) {
                        convolveWindow(excess[k], rest.offset, law, offset, size, Factor::One, capacity, partial, extra);
                        for (size_t i = 0; i < selfExcess.size(); ++i) selfExcess[i] += extra[i];
                    }
                    excess[k].swap(selfExcess);
                }
                weighted[k].swap(selfTerm);
                convolveWindow(rest.p, rest.offset, law, offset, size, Factor::One, capacity, partial, next);
                rest.p.swap(next);
                rest.offset = offset;
                trim(rest, carried(kNone));
            }
        }
        // Load-dependent stations first (into a short rest they cost little), then the M/M/c.
        std::vector<size_t> order;
        for (size_t k : queues)
            if (types[k].kind == Kind::LoadDependent) order.push_back(k);
        for (size_t k : queues)
            if (types[k].kind != Kind::LoadDependent) order.push_back(k);
        for (size_t k : order) {
            if (k == widest) continue;
            for (int copy = 0; copy < types[k].station.multiplicity; ++copy) {
                const long long room = n - rest.offset + 1;
                for (auto* v : carried(k)) {
                    convolve(*v, laws[k], room, next, nullptr, scratchT, scratchU);
                    v->swap(next);
                }
                const bool pool = types[k].kind == Kind::LoadDependent && types[k].station.servers > 0;
                convolve(rest.p, laws[k], room, next, &selfTerm, scratchT, scratchU, pool ? &selfExcess : nullptr, types[k].station.servers);
                if (!weighted[k].empty()) {
                    convolve(weighted[k], laws[k], room, extra, nullptr, scratchT, scratchU);
                    for (size_t i = 0; i < selfTerm.size(); ++i) selfTerm[i] += extra[i];
                }
                if (pool) {
                    if (!excess[k].empty()) {
                        convolve(excess[k], laws[k], room, extra, nullptr, scratchT, scratchU);
                        for (size_t i = 0; i < selfExcess.size(); ++i) selfExcess[i] += extra[i];
                    }
                    excess[k].swap(selfExcess);
                }
                weighted[k].swap(selfTerm);
                rest.p.swap(next);
                trim(rest, carried(kNone));
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
            crossWithWidest(*grown, widest == kNone ? nullptr : &laws[widest], needFrom - 32 - size / 2, needTo + 8 + size / 8);
            tilt = grown;
        }
        auto at = [&](const std::vector<double>& v, long long y) { return v[static_cast<size_t>(y - tilt->first)]; };
        double atN = 0.0, atNm1 = 0.0, widestWeighted = 0.0;
        std::vector<double> weightedAtN(count, 0.0), belowAtNm1(count, 0.0), capAtNm1(count, 0.0), excessAtN(count, 0.0);
        for (long long r = restFirst; r <= restLast; ++r) {
            const size_t i = static_cast<size_t>(r - restFirst);
            const double p = rest.p[i];
            const double a = at(tilt->lawA, n - r);
            const double a1 = at(tilt->lawA, n - 1 - r);
            atN += p * a;
            atNm1 += p * a1;
            widestWeighted += p * at(tilt->lawB, n - r);
            for (size_t k = 0; k < count; ++k) {
                if (!weighted[k].empty()) weightedAtN[k] += weighted[k][i] * a;
                if (!excess[k].empty()) excessAtN[k] += excess[k][i] * a;
                if (!below[k].empty()) belowAtNm1[k] += below[k][i] * a1;
                if (!atCap[k].empty()) capAtNm1[k] += atCap[k][i] * a1;
            }
        }
        if (!(atN > 0.0) || !std::isfinite(atN) || !std::isfinite(atNm1) || !std::isfinite(widestWeighted)) {
            throw std::runtime_error("closed network: normalising constant vanished (please report this model)");
        }
        sol.throughput = lambda * atNm1 / atN;
        for (size_t k : queues) {
            const double total = k == widest ? widestWeighted : weightedAtN[k];
            typeQueue[k] = total / atN / types[k].station.multiplicity;
        }
        for (size_t k = 0; k < count; ++k) typeWaiting[k] = excessAtN[k] / atN / std::max(1, types[k].station.multiplicity);
        for (size_t k : capped) {
            typeQueue[k] = weightedAtN[k] / atN / types[k].station.multiplicity;
            const double seen = belowAtNm1[k] + capAtNm1[k];
            typeBlocking[k] = seen > 0 ? capAtNm1[k] / seen : 0.0;
            typeCompletions[k] = lambda * types[k].station.demand * belowAtNm1[k] / atN;
        }
        sol.tilt = tilt;
    }
    const double x = sol.throughput;
    double response = 0.0;
    for (size_t k = 0; k < stations_.size(); ++k) {
        const auto& s = stations_[k];
        const size_t t = typeOf[k];
        if (t == kNone) continue;
        const Kind kind = types[t].kind;
        sol.queueLength[k] = typeQueue[t];
        sol.waiting[k] = typeWaiting[t];
        switch (kind) {
        case Kind::Delay:
            sol.queueLength[k] = x * s.demand;
            sol.completions[k] = x;
            break;
        case Kind::Queue:
            sol.utilization[k] = std::min(1.0, x * s.demand / s.servers);
            sol.completions[k] = x;
            break;
        case Kind::LoadDependent:
            sol.completions[k] = x * types[t].station.demand;
            sol.utilization[k] = std::min(1.0, sol.completions[k] / types[t].station.rates.back());
            break;
        case Kind::Capped:
            sol.blocking[k] = typeBlocking[t];
            sol.completions[k] = typeCompletions[t];
            sol.utilization[k] = std::min(1.0, sol.completions[k] / types[t].station.rates.back());
            break;
        }
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

std::vector<double> closedThroughputs(const std::vector<ClosedStation>& stations, double delay, long long maxPopulation) {
    if (!(delay >= 0.0) || !std::isfinite(delay)) throw std::invalid_argument("closed throughputs: delay must be finite and >= 0");
    maxPopulation = std::max(0LL, maxPopulation);
    // Laws scaled by t^j with t = 1 / slowest: the bottleneck's geometric
    // ratio is exactly 1, every other ratio below 1, so no term grows without
    // bound; each law is scaled to a largest entry of 1 (constant factors
    // cancel in X(k) = t G(k-1) / G(k)).
    struct Term {
        std::vector<double> logHead;  // log f(j) for j <= L
        double logTail = 0.0;         // log of the ratio beyond L (per unit t)
        int copies = 1;
    };
    std::vector<Term> terms;
    double slowest = 0.0;
    for (const auto& s : stations) {
        if (s.multiplicity == 0 || s.demand <= 0.0) continue;
        if (s.rates.empty() && s.servers == 0) {
            delay += s.multiplicity * s.demand;
            continue;
        }
        Term term;
        term.copies = s.multiplicity;
        term.logHead.push_back(0.0);
        if (s.rates.empty()) {
            for (int j = 1; j <= s.servers; ++j) term.logHead.push_back(term.logHead.back() + std::log(s.demand / j));
            term.logTail = std::log(s.demand / s.servers);
        } else {
            for (double r : s.rates) term.logHead.push_back(term.logHead.back() + std::log(s.demand / r));
            term.logTail = std::log(s.demand / s.rates.back());
        }
        slowest = std::max(slowest, std::exp(term.logTail));
        terms.push_back(std::move(term));
    }
    std::vector<double> x(static_cast<size_t>(maxPopulation) + 1, 0.0);
    if (terms.empty()) {
        for (long long k = 1; k <= maxPopulation; ++k) x[static_cast<size_t>(k)] = delay > 0 ? k / delay : 0.0;
        return x;
    }
    const double limit = 1.0 / slowest;
    // Passes with decreasing tilts: where a long delay makes the small
    // populations underflow at one tilt, the next (smaller) tilt resolves them.
    std::vector<bool> resolved(x.size(), false);
    resolved[0] = true;
    double logT = -std::log(slowest);
    long long top = std::min<long long>(maxPopulation, 256);
    std::vector<double> g, next, scratchT, scratchU;
    for (int pass = 0; pass < 60; ++pass) {
        const long long size = top + 1;
        // The delay: (tZ)^j / j!, scaled to its largest entry.
        g.assign(static_cast<size_t>(size), 0.0);
        if (delay > 0.0) {
            const double logMean = logT + std::log(delay);
            double best = -std::numeric_limits<double>::infinity();
            std::vector<double> lw(static_cast<size_t>(size));
            for (long long j = 0; j < size; ++j) {
                lw[static_cast<size_t>(j)] = j * logMean - std::lgamma(j + 1.0);
                best = std::max(best, lw[static_cast<size_t>(j)]);
            }
            for (long long j = 0; j < size; ++j) g[static_cast<size_t>(j)] = std::exp(lw[static_cast<size_t>(j)] - best);
        } else {
            g[0] = 1.0;
        }
        for (const auto& term : terms) {
            QueueLaw law;
            law.servers = static_cast<int>(term.logHead.size()) - 1;
            law.rho = std::min(1.0, std::exp(logT + term.logTail));
            double best = -std::numeric_limits<double>::infinity();
            for (size_t j = 0; j < term.logHead.size(); ++j) best = std::max(best, j * logT + term.logHead[j]);
            law.head.resize(term.logHead.size());
            for (size_t j = 0; j < term.logHead.size(); ++j) law.head[j] = std::exp(j * logT + term.logHead[j] - best);
            law.support = static_cast<int>(std::min<long long>(size, 2000000000LL));
            for (int copy = 0; copy < term.copies; ++copy) {
                convolve(g, law, size, next, nullptr, scratchT, scratchU);
                g.swap(next);
                // Keep the largest entry near 1 (a common factor cancels).
                double peak = 0.0;
                for (double v : g) peak = std::max(peak, v);
                if (peak > 0 && (peak > 1e100 || peak < 1e-100)) for (double& v : g) v /= peak;
            }
        }
        double peak = 0.0;
        for (double v : g) peak = std::max(peak, v);
        const double floor = peak * 1e-250;
        const double t = std::exp(logT);
        bool missing = false;
        long long lastResolved = 0;
        for (long long k = 1; k < size; ++k) {
            if (resolved[static_cast<size_t>(k)]) {
                lastResolved = k;
                continue;
            }
            const double a = g[static_cast<size_t>(k) - 1], b = g[static_cast<size_t>(k)];
            if (a > floor && b > floor && std::isfinite(a) && std::isfinite(b)) {
                x[static_cast<size_t>(k)] = std::min(limit, t * a / b);
                resolved[static_cast<size_t>(k)] = true;
                lastResolved = k;
            } else {
                missing = true;
            }
        }
        if (missing) {
            logT -= std::log(16.0);  // smaller populations carry more weight at a smaller tilt
            continue;
        }
        // Reached the limit (to 1e-12), or everything asked for: done.
        if (x[static_cast<size_t>(lastResolved)] >= limit * (1.0 - 1e-12) || top == maxPopulation) {
            x.resize(static_cast<size_t>(lastResolved) + 1);
            return x;
        }
        top = std::min(maxPopulation, 4 * top);
        logT = -std::log(slowest);
        std::fill(resolved.begin(), resolved.end(), false);
        resolved[0] = true;
    }
    // Unresolved after every pass (a network far outside double range): the
    // bound min(k / (delay + demand), limit) stands in.
    double total = delay;
    for (const auto& s : stations) total += s.rates.empty() ? s.multiplicity * s.demand : 0.0;
    for (long long k = 1; k <= maxPopulation; ++k)
        if (!(x[static_cast<size_t>(k)] > 0.0)) x[static_cast<size_t>(k)] = std::min(limit, total > 0 ? k / total : limit);
    return x;
}

}  // namespace headroom::analytic
