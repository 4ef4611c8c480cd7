#pragma once
// Calibration from measurements (docs/methods.md, "Calibration"): the
// demands of an architecture estimated from what a load test or monitoring
// measured at one or more load levels.
//
// Per host, the utilisation law across levels and classes,
//   U_h,l * cores_h * copies_h = sum over components k on h, classes c of X_c,l * V_c,k * D_k,c
// (+ X_c,l * V_c,k * w_k * (1 - U_h,l) for a load-dependent demand, the
// `wakeup` key), is a linear system in the demands, solved by non-negative
// least squares with a 95% confidence interval per estimate from the
// residual (ordinary least-squares theory on the unconstrained fit). The
// non-CPU delay is the measured mean response time minus the analytic
// model's at the calibrated demands, averaged over the levels, placed as
// `latency` on the entry component. Which form of demand a host gets
// (constant or load-dependent) is chosen by the corrected Akaike criterion.

#include "spec/architecture.h"
#include "spec/measurements.h"
#include "stats/results.h"

#include <optional>
#include <string>
#include <vector>

namespace headroom::calibrate {

/// One estimated number: value and 95% interval (absent when the equations
/// leave no residual to judge the error by).
struct Estimate {
    double value = 0.0;
    std::optional<stats::Interval> ci95;
};

/// A per-visit CPU demand of one component and class (`cls` empty for the
/// wake-up term, which is per component).
struct DemandEstimate {
    std::string component;
    std::string cls;
    bool wakeup = false;       ///< the load-dependent term w of demand + w (1 - U)
    Estimate estimate;
    std::string host;
};

/// How one host's equations were solved.
struct HostFit {
    std::string host;
    int equations = 0;
    int unknowns = 0;           ///< of the chosen form
    double rmsResidual = 0.0;   ///< utilisation, root mean square over its equations
    double relativeResidual = 0.0;  ///< rms / mean measured utilisation
    bool loadDependent = false;
    std::optional<double> aiccConstant;
    std::optional<double> aiccLoadDependent;
    std::string why;            ///< the criterion's verdict in words
    bool calibrated = true;     ///< false: no utilisation rows; the file's demands kept
    /// Levels whose host row was not fitted (per-process rows covered every
    /// calibrated component there; the host row only gave the busy fraction).
    int hostRowsNotFitted = 0;
    /// The load-dependent form's quiet spell (`wakeup_after`, seconds) that
    /// fitted best, 0 = every visit pays the wake-up; set when the form was fitted.
    std::optional<double> wakeupAfter;
};

struct Calibration {
    spec::Architecture calibrated;
    std::vector<DemandEstimate> demands;
    std::vector<HostFit> hosts;
    std::optional<Estimate> delay;  ///< non-CPU delay per request, seconds
    std::string delayComponent;     ///< where it was put (`latency`)
    int delayLevels = 0;
    std::vector<std::string> notes;
};

struct CalibrationOptions {
    bool allowLoadDependent = true;  ///< false: constant demands only
    bool estimateDelay = true;
};

/// Throws spec::InputError naming the measurement row (unknown host or
/// class, a host with fewer equations than unknowns or equations that
/// cannot separate its unknowns).
[[nodiscard]] Calibration calibrate(const spec::Architecture& architecture, const spec::Measurements& measurements,
                                    const CalibrationOptions& options = {});

/// The architecture with the workload of one measured level: its users (or
/// arrival rate), think time and, when per-class throughputs were measured,
/// the class shares they imply; no load profile.
[[nodiscard]] spec::Architecture atLevel(const spec::Architecture& architecture, const spec::MeasurementLevel& level);

/// Measured against predicted at one level.
struct LevelComparison {
    std::string level;
    double load = 0.0;      ///< users, or arrival rate when open
    bool open = false;
    struct Figure {
        std::string metric;   ///< throughput | response_time_mean | p95 | utilization
        std::string where;    ///< system or host/component id
        double measured = 0.0;
        double analytic = 0.0;
        std::optional<double> des;
    };
    std::vector<Figure> figures;
};

struct PredictOptions {
    bool des = true;
    std::uint64_t seed = 1;
    int replications = 3;
    double requestsPerReplication = 20000.0;  ///< sets the horizon from the predicted throughput
};

/// (predicted - measured) / measured; nullopt when nothing was measured or the prediction is not finite.
[[nodiscard]] std::optional<double> relativeError(double measured, double predicted);

/// Solves `calibrated` at every measured level (analytic, and a short DES)
/// and pairs each measured figure with its predictions.
[[nodiscard]] std::vector<LevelComparison> predict(const spec::Architecture& calibrated, const spec::Measurements& measurements,
                                                   const PredictOptions& options = {});

/// The calibrated YAML: `originalText` (the file as read) with only the
/// estimated values patched in (io::YamlDocument: comments and order kept)
/// and a comment on each changed line saying where its number came from.
[[nodiscard]] std::string calibratedYaml(const std::string& originalText, const spec::Architecture& loaded,
                                         const Calibration& calibration, const std::string& measurementsFile);

}  // namespace headroom::calibrate
