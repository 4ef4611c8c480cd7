// Monte Carlo over the uncertain inputs: Latin hypercube, one study per sample, summaries.

#include "roadmap/uncertainty_study.h"

#include "des/random_stream.h"
#include "io/loader.h"
#include "roadmap/sweep.h"
#include "spec/source_location.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace headroom::roadmap {

namespace {

// Stream ids of the sampler, apart from the simulator's (des/random_stream.h
// uses 1..~2000): a dimension's permutation and its offsets within strata.
constexpr std::uint64_t kPermutationStream = 1'000'000;
constexpr std::uint64_t kOffsetStream = 2'000'000;

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::string describe(const stats::ThresholdCheck& check) { return check.metric + " at " + check.where; }

// Average ranks (1-based), ties sharing the mean of their positions.
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
        const double mean = 0.5 * (static_cast<double>(i) + static_cast<double>(j)) + 1.0;
        for (std::size_t k = i; k <= j; ++k) r[order[k]] = mean;
        i = j + 1;
    }
    return r;
}

double median(std::vector<double> v) { return v.empty() ? std::nan("") : percentile(std::move(v), 0.5); }

}  // namespace

std::vector<std::vector<double>> latinHypercube(std::size_t samples, std::size_t dimensions, std::uint64_t seed) {
    std::vector<std::vector<double>> u(samples, std::vector<double>(dimensions, 0.0));
    if (samples == 0) return u;
    const double n = static_cast<double>(samples);
    for (std::size_t d = 0; d < dimensions; ++d) {
        des::RandomStream shuffle(seed, kPermutationStream + d, 0);
        des::RandomStream offset(seed, kOffsetStream + d, 0);
        std::vector<std::size_t> strata(samples);
        std::iota(strata.begin(), strata.end(), 0);
        // Fisher-Yates with the stream's own integers: the same on every platform (std::shuffle is not).
        for (std::size_t i = samples - 1; i > 0; --i) {
            const std::size_t j = shuffle.below(static_cast<std::uint32_t>(i + 1));
            std::swap(strata[i], strata[j]);
        }
        for (std::size_t i = 0; i < samples; ++i) u[i][d] = (static_cast<double>(strata[i]) + offset.uniform()) / n;
    }
    return u;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return std::nan("");
    std::sort(values.begin(), values.end());
    const double h = (static_cast<double>(values.size()) - 1.0) * std::clamp(p, 0.0, 1.0);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    const double fraction = h - static_cast<double>(lo);
    if (fraction == 0.0 || values[lo] == values[hi]) return values[lo];
    if (std::isinf(values[hi])) return kInfinity;  // interpolating toward "holds to the target"
    return values[lo] + fraction * (values[hi] - values[lo]);
}

double rankCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.size() < 2) return 0.0;
    const auto rx = ranks(x);
    const auto ry = ranks(y);
    const double n = static_cast<double>(x.size());
    const double mean = (n + 1.0) / 2.0;
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (rx[i] - mean) * (ry[i] - mean);
        sxx += (rx[i] - mean) * (rx[i] - mean);
        syy += (ry[i] - mean) * (ry[i] - mean);
    }
    if (sxx == 0.0 || syy == 0.0) return 0.0;
    return sxy / std::sqrt(sxx * syy);
}

namespace {

// A sample's check of a later phase: its architecture (the sample's, with
// every earlier build applied) holds every threshold over the band, by the
// analytic screen (docs/studies.md: why not the DES).
bool phaseHolds(const spec::Architecture& sample, const PlannedPhase& phase, const StudyOptions& options) {
    spec::Architecture a = sample;
    for (const auto& [id, params] : phase.buildsBefore) {
        const Transformation* t = findTransformation(id);
        if (!t || !t->apply) return false;
        try {
            a = t->apply(a, params, options.planner.catalogue);
        } catch (const std::invalid_argument&) {
            return false;  // the build does not fit this sample: the plan does not carry it
        }
    }
    if (phase.holdsTo <= phase.usersFrom) return true;
    SearchOptions search = options.planner.search;
    search.from = phase.usersFrom;
    search.to = phase.holdsTo;
    return !findBreakingPoint(a, search, Solvers{analyticSolver(), {}}).has_value();
}

StudyOptions sampleOptions(const UncertaintyStudyOptions& options, int threads) {
    StudyOptions s = options.study;
    // Polled before every solve of every sample's study, from any thread: a const
    // deadline, and the caller's own poll (the desktop's Cancel, the report's budget).
    std::optional<std::chrono::steady_clock::time_point> deadline;
    if (options.maxWallSeconds > 0) {
        deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                          std::chrono::duration<double>(options.maxWallSeconds));
    }
    std::function<bool()> given = options.cancelled ? options.cancelled : s.cancelled;
    if (deadline || given) {
        s.cancelled = [deadline, given] {
            return (deadline && std::chrono::steady_clock::now() > *deadline) || (given && given());
        };
    }
    s.setSeed(options.seed);  // common random numbers: every sample's simulations share the seed
    s.planner.scenarios = false;
    if (threads > 1) {
        // The samples are the parallel work; each sample's replications run on its own thread.
        s.budget.threads = 1;
        s.checkBudget.threads = 1;
    }
    return s;
}

}  // namespace

UncertaintyStudyPart runUncertaintyStudy(const std::string& text, const std::string& fileName,
                                         const UncertaintyStudyOptions& options) {
    if (options.shardCount == 0 || options.shard >= options.shardCount) {
        throw std::invalid_argument("the shard must be K/N with 1 <= K <= N");
    }
    const spec::Architecture midpoint = io::loadString(text, fileName);
    if (midpoint.uncertain.empty()) {
        throw spec::InputError(midpoint.where, "no uncertain values: write a range where a value is unsure, e.g. "
                                               "'demand: 20ms ± 30%' or '{low: 15ms, high: 30ms}' (docs/format.md)");
    }
    const int threads = options.threads > 0 ? options.threads
                                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const StudyOptions studyOptions = sampleOptions(options, threads);

    UncertaintyStudyPart part;
    part.shard = options.shard;
    part.shardCount = options.shardCount;
    UncertaintyStudySetup& setup = part.setup;
    setup.architecture = midpoint.name;
    setup.samples = options.samples;
    setup.seed = options.seed;
    setup.from = studyOptions.from();
    setup.target = studyOptions.target();
    setup.inputs = midpoint.uncertain;
    {
        // The midpoint: what every other command answers for this file.
        Study study(midpoint, studyOptions);
        setup.method = study.method();
        if (const auto& b = study.firstBreak()) {
            setup.midpointBreak = b->users;
            setup.midpointMetric = b->check.metric;
            setup.midpointWhere = b->check.where;
        }
        if (options.phases) {
            const Roadmap& plan = study.plan();
            std::vector<std::pair<std::string, TransformationParams>> before;
            for (const Phase& p : plan.phases) {
                PlannedPhase planned;
                planned.usersFrom = p.usersFrom;
                planned.usersTo = p.usersTo;
                planned.breaks = describe(p.breaks.check);
                const double analytic = p.breaks.analyticUsers > 0 ? p.breaks.analyticUsers : p.usersTo;
                planned.holdsTo = analytic / studyOptions.planner.search.precision;
                planned.buildsBefore = before;
                setup.phases.push_back(std::move(planned));
                for (const Build& b : p.allBuilds()) before.emplace_back(b.transformation, b.params);
            }
        }
    }

    // Every sample of the study is drawn, whichever shard runs: sample i is the same everywhere.
    const auto unit = latinHypercube(options.samples, setup.inputs.size(), options.seed);
    std::vector<std::size_t> mine;
    for (std::size_t i = options.shard; i < options.samples; i += options.shardCount) mine.push_back(i);
    part.outcomes.resize(mine.size());

    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    std::size_t done = 0;
    std::mutex progressMutex;
    auto work = [&] {
        for (;;) {
            const std::size_t j = next.fetch_add(1);
            if (j >= mine.size()) return;
            try {
                SampleOutcome& out = part.outcomes[j];
                out.index = mine[j];
                for (std::size_t d = 0; d < setup.inputs.size(); ++d) {
                    out.values.push_back(setup.inputs[d].at(unit[out.index][d]));
                }
                const spec::Architecture sample = io::loadString(text, fileName, out.values);
                Study study(sample, studyOptions);
                if (const auto& b = study.firstBreak()) {
                    out.breakUsers = b->users;
                    out.breakHoldsTo = b->lastGoodUsers > 0 ? b->lastGoodUsers : 0.0;
                    out.metric = b->check.metric;
                    out.where = b->check.where;
                }
                for (std::size_t k = 1; k < setup.phases.size(); ++k) {
                    out.phaseHolds.push_back(phaseHolds(sample, setup.phases[k], studyOptions));
                }
                if (options.progress) {
                    const std::lock_guard<std::mutex> lock(progressMutex);
                    options.progress(++done, mine.size());
                }
            } catch (...) {
                const std::lock_guard<std::mutex> lock(failureMutex);
                if (!failure) failure = std::current_exception();
                next.store(mine.size());
                return;
            }
        }
    };
    const int pool = std::max(1, std::min<int>(threads, static_cast<int>(mine.size())));
    if (pool == 1) {
        work();
    } else {
        std::vector<std::thread> workers;
        for (int t = 0; t < pool; ++t) workers.emplace_back(work);
        for (auto& w : workers) w.join();
    }
    if (failure) std::rethrow_exception(failure);
    return part;
}

namespace {

bool sameInputs(const std::vector<spec::UncertainValue>& a, const std::vector<spec::UncertainValue>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].low != b[i].low || a[i].high != b[i].high || a[i].whole != b[i].whole) {
            return false;
        }
    }
    return true;
}

bool samePhases(const std::vector<PlannedPhase>& a, const std::vector<PlannedPhase>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].usersFrom != b[i].usersFrom || a[i].usersTo != b[i].usersTo || a[i].holdsTo != b[i].holdsTo ||
            a[i].breaks != b[i].breaks) {
            return false;
        }
    }
    return true;
}

}  // namespace

UncertaintyStudyPart mergeParts(const std::vector<UncertaintyStudyPart>& parts) {
    if (parts.empty()) throw std::invalid_argument("nothing to merge");
    UncertaintyStudyPart whole;
    whole.setup = parts.front().setup;
    const UncertaintyStudySetup& s = whole.setup;
    std::map<std::size_t, SampleOutcome> byIndex;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const UncertaintyStudySetup& o = parts[p].setup;
        const std::string which = "part " + std::to_string(p + 1);
        if (o.architecture != s.architecture || o.method != s.method || !sameInputs(o.inputs, s.inputs)) {
            throw std::invalid_argument(which + " is a study of another architecture, inputs or method");
        }
        if (o.samples != s.samples || o.seed != s.seed || o.from != s.from || o.target != s.target) {
            throw std::invalid_argument(which + " has another seed, sample count or range");
        }
        if (o.midpointBreak != s.midpointBreak || !samePhases(o.phases, s.phases)) {
            throw std::invalid_argument(which + " has another midpoint answer (another version or options?)");
        }
        for (const auto& outcome : parts[p].outcomes) {
            if (outcome.index >= s.samples) throw std::invalid_argument(which + " holds a sample beyond the study's count");
            if (!byIndex.emplace(outcome.index, outcome).second) {
                throw std::invalid_argument("sample " + std::to_string(outcome.index) + " is in two parts");
            }
        }
    }
    if (byIndex.size() != s.samples) {
        for (std::size_t i = 0; i < s.samples; ++i) {
            if (!byIndex.count(i)) {
                throw std::invalid_argument("sample " + std::to_string(i) + " is in no part (" +
                                            std::to_string(s.samples - byIndex.size()) + " of " +
                                            std::to_string(s.samples) + " missing: is a shard absent?)");
            }
        }
    }
    for (auto& [index, outcome] : byIndex) whole.outcomes.push_back(std::move(outcome));
    return whole;
}

UncertaintySummary summarise(const UncertaintyStudyPart& whole) {
    const UncertaintyStudySetup& s = whole.setup;
    if (whole.shardCount != 1 || whole.outcomes.size() != s.samples) {
        throw std::invalid_argument("a shard alone has no summary: merge every shard first");
    }
    UncertaintySummary out;
    const std::size_t n = whole.outcomes.size();
    std::vector<double> breaks;
    std::vector<double> holdingEnds;  // the brackets' other ends (the break itself when broken from the start)
    std::map<std::pair<std::string, std::string>, std::size_t> first;
    std::size_t held = 0;
    for (const auto& o : whole.outcomes) {
        breaks.push_back(o.breakUsers.value_or(kInfinity));
        holdingEnds.push_back(o.breakUsers && o.breakHoldsTo > 0 ? o.breakHoldsTo : breaks.back());
        if (o.breakUsers) ++first[{o.metric, o.where}];
        else ++held;
    }
    // The break lies in (holding end, breaking end]: the lower percentiles from the
    // holding ends, so the interval holds every sample's bracket whole
    // (bench/README.md, "Studies": why draws fell a bracket below the old P5).
    out.p5 = percentile(holdingEnds, 0.05);
    out.p10 = percentile(holdingEnds, 0.10);
    out.p50 = percentile(breaks, 0.50);
    out.p90 = percentile(breaks, 0.90);
    out.p95 = percentile(breaks, 0.95);
    out.holdsToTarget = n ? static_cast<double>(held) / static_cast<double>(n) : 0.0;
    for (const auto& [key, count] : first) {
        out.breaksFirst.push_back({key.first, key.second, count, static_cast<double>(count) / static_cast<double>(n)});
    }
    std::stable_sort(out.breaksFirst.begin(), out.breaksFirst.end(),
                     [](const BreakShare& a, const BreakShare& b) { return a.count > b.count; });

    for (std::size_t k = 0; k < s.phases.size(); ++k) {
        PhaseHold h;
        h.phase = k + 1;
        h.usersFrom = s.phases[k].usersFrom;
        h.usersTo = s.phases[k].usersTo;
        h.breaks = s.phases[k].breaks;
        std::size_t holds = 0;
        for (const auto& o : whole.outcomes) {
            if (k == 0) {
                // The first phase is today's architecture: its band holds when the
                // sample's own (simulation-placed) first break is past the band's end.
                if (!o.breakUsers || *o.breakUsers >= h.usersTo) ++holds;
            } else if (k - 1 < o.phaseHolds.size() && o.phaseHolds[k - 1]) {
                ++holds;
            }
        }
        h.probability = n ? static_cast<double>(holds) / static_cast<double>(n) : 0.0;
        out.phases.push_back(h);
    }

    for (std::size_t d = 0; d < s.inputs.size(); ++d) {
        InputSensitivity in;
        in.name = s.inputs[d].name;
        std::vector<double> x;
        for (const auto& o : whole.outcomes) x.push_back(o.values[d]);
        in.rankCorrelation = rankCorrelation(x, breaks);
        // The tornado's bar: the median break of the samples whose value lies in the
        // lowest and in the highest fifth of the range (n/5 each, by the hypercube's strata).
        const double span = s.inputs[d].high - s.inputs[d].low;
        std::vector<double> low, high;
        for (std::size_t i = 0; i < n; ++i) {
            const double u = span > 0 ? (x[i] - s.inputs[d].low) / span : 0.5;
            if (u < 0.2) low.push_back(breaks[i]);
            else if (u >= 0.8) high.push_back(breaks[i]);
        }
        in.breakWhenLow = median(low);
        in.breakWhenHigh = median(high);
        out.sensitivity.push_back(in);
    }
    std::stable_sort(out.sensitivity.begin(), out.sensitivity.end(), [](const InputSensitivity& a, const InputSensitivity& b) {
        return std::abs(a.rankCorrelation) > std::abs(b.rankCorrelation);
    });
    return out;
}

}  // namespace headroom::roadmap
