#pragma once
// A study under uncertain inputs (issue 20; DESIGN.md "Studies: uncertainty
// and scale-out"): the values a file writes as ranges (`20ms ± 30%`,
// `{low: 15ms, high: 30ms}`, spec::UncertainValue) are sampled by a Latin
// hypercube; each sample is loaded with its values (io::loadString's
// `sampled`) and given the one study every command reads (roadmap::Study:
// the analytic screen, the DES near the crossing), and the answers are
// summarised as intervals: the first break's percentiles, what breaks first
// how often, the probability that each phase of the midpoint plan holds its
// band, and which input moves the break most (a tornado chart).
//
// Samples are drawn from the seed alone, never from the shard or the thread:
// sample i is the same wherever it runs, so shards merged equal the whole
// study byte for byte, and the answer does not depend on the thread count.

#include "roadmap/study.h"
#include "roadmap/transformations.h"
#include "spec/architecture.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace headroom::roadmap {

/// `samples` points of the unit hypercube [0, 1)^dimensions, row i = sample
/// i: in every dimension each of the `samples` equal strata [k/n, (k+1)/n)
/// holds exactly one sample (McKay, Beckman & Conover 1979), the strata
/// permuted and the point placed uniformly within its stratum, from
/// (seed, dimension) streams only.
[[nodiscard]] std::vector<std::vector<double>> latinHypercube(std::size_t samples, std::size_t dimensions,
                                                              std::uint64_t seed);

/// The p-quantile (p in [0, 1]) of `values` by linear interpolation between
/// order statistics (Hyndman & Fan type 7, the default of R and NumPy):
/// h = (n - 1) p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
/// +infinity may be among the values (a sample that holds to the target).
[[nodiscard]] double percentile(std::vector<double> values, double p);

/// Spearman's rank correlation of x and y (average ranks for ties); 0 when
/// either is constant.
[[nodiscard]] double rankCorrelation(const std::vector<double>& x, const std::vector<double>& y);

/// A phase of the midpoint plan, as a sample checks it: the builds done
/// before it (applied to the sample's architecture) and its band.
struct PlannedPhase {
    double usersFrom = 0.0;
    double usersTo = 0.0;        ///< where the midpoint architecture of the phase breaks
    double holdsTo = 0.0;        ///< the load the check must hold (the planned break's analytic placement, less its bisection step)
    std::string breaks;          ///< "utilization at vm1"
    std::vector<std::pair<std::string, TransformationParams>> buildsBefore;  ///< every earlier phase's builds, in order
};

/// One sample's answer.
struct SampleOutcome {
    std::size_t index = 0;
    std::vector<double> values;         ///< the value of each uncertain input (SI units)
    std::optional<double> breakUsers;   ///< the first break (the first load found broken); nullopt = holds to the target
    /// The load below it found holding (the bisection bracket's other end; the
    /// break lies in (breakHoldsTo, breakUsers]); 0 when broken from the start.
    double breakHoldsTo = 0.0;
    std::string metric;                 ///< what breaks first ("" when it holds)
    std::string where;
    std::vector<bool> phaseHolds;       ///< per planned phase, from the second on (see docs/studies.md)
};

struct UncertaintyStudyOptions {
    std::size_t samples = 100;
    /// The most samples a study takes (the CLI refuses more).
    static constexpr std::size_t kMaxSamples = 100000;
    std::uint64_t seed = 1;
    StudyOptions study;          ///< the range, the confirmation and its DES budget of each sample's study
    bool phases = true;          ///< also plan the midpoint and check each phase per sample
    int threads = 0;             ///< samples run at once; 0 = every core
    double maxWallSeconds = 0;   ///< stop (StudyCancelled) past this wall-clock budget; 0 = none
    std::size_t shard = 0;       ///< this shard, 0-based ...
    std::size_t shardCount = 1;  ///< ... of this many: sample i runs in shard i mod shardCount
    /// Polled before every solve of every sample (with maxWallSeconds): when it
    /// returns true the study throws StudyCancelled. Called from the sample threads.
    std::function<bool()> cancelled;
    /// Called after each sample of this shard ends, from the thread that ran it
    /// (serialised: one call at a time): samples done, samples of this shard. Empty = none.
    std::function<void(std::size_t done, std::size_t total)> progress;
};

/// What every shard shares: the inputs, the midpoint's answer and plan.
struct UncertaintyStudySetup {
    std::string architecture;  ///< the file's name: line
    std::string method;        ///< "des" or "analytic": what placed each sample's break
    std::size_t samples = 0;
    std::uint64_t seed = 1;
    double from = 0.0;
    double target = 0.0;
    std::vector<spec::UncertainValue> inputs;
    std::optional<double> midpointBreak;  ///< the study of the file as every other command reads it
    std::string midpointMetric;
    std::string midpointWhere;
    std::vector<PlannedPhase> phases;
};

/// The samples of one shard (or of all: shardCount 1).
struct UncertaintyStudyPart {
    UncertaintyStudySetup setup;
    std::size_t shard = 0;
    std::size_t shardCount = 1;
    std::vector<SampleOutcome> outcomes;  ///< by index
};

/// Runs the samples of `options.shard`. `text` is the file's YAML, `fileName`
/// its name in errors. Throws spec::InputError for a bad file or one without
/// uncertain values.
[[nodiscard]] UncertaintyStudyPart runUncertaintyStudy(const std::string& text, const std::string& fileName,
                                                       const UncertaintyStudyOptions& options);

/// Shards combined: the same setup, every sample exactly once. Throws
/// std::invalid_argument naming what differs or is missing.
[[nodiscard]] UncertaintyStudyPart mergeParts(const std::vector<UncertaintyStudyPart>& parts);

/// The summary of a complete study.
struct InputSensitivity {
    std::string name;
    double rankCorrelation = 0.0;  ///< Spearman's rho of the input with the first break
    double breakWhenLow = 0.0;     ///< median first break of the samples in the input's lowest fifth
    double breakWhenHigh = 0.0;    ///< ... in its highest fifth
};
struct BreakShare {
    std::string metric;
    std::string where;
    std::size_t count = 0;
    double share = 0.0;
};
struct PhaseHold {
    std::size_t phase = 0;  ///< 1-based, as the roadmap numbers them
    double usersFrom = 0.0;
    double usersTo = 0.0;
    std::string breaks;
    double probability = 0.0;
};
struct UncertaintySummary {
    /// Percentiles of the first break; +infinity: above the target. Each
    /// sample's break is known only to its bracket (breakHoldsTo, breakUsers]
    /// (the bisection's precision, ~2%): P5 and P10 are percentiles of the
    /// brackets' holding ends, P50, P90 and P95 of their breaking ends (the
    /// break every command shows), so the interval holds each bracket whole.
    double p5 = 0.0, p10 = 0.0, p50 = 0.0, p90 = 0.0, p95 = 0.0;
    double holdsToTarget = 0.0;                                   ///< share of samples with no break up to the target
    std::vector<BreakShare> breaksFirst;                          ///< most often first
    std::vector<PhaseHold> phases;
    std::vector<InputSensitivity> sensitivity;                    ///< largest |rho| first
};
/// Throws std::invalid_argument for a part that is not the whole study.
[[nodiscard]] UncertaintySummary summarise(const UncertaintyStudyPart& whole);

}  // namespace headroom::roadmap
