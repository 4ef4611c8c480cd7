#include "calibrate/calibration.h"

#include "analytic/solver.h"
#include "calibrate/nonnegative_least_squares.h"
#include "des/run.h"
#include "graph/graph.h"
#include "io/loader.h"
#include "io/yaml_document.h"
#include "spec/entry.h"
#include "spec/nearest_name.h"
#include "stats/confidence.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace headroom::calibrate {
namespace {

using spec::InputError;
using spec::MeasuredValue;
using spec::MeasurementLevel;

std::string fmt(double v, const char* f = "%.4g") {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

// A duration for comments: "12.1ms", "63.4us".
std::string duration(double seconds) {
    if (seconds == 0.0) return "0s";
    if (seconds < 1e-3) return fmt(seconds * 1e6, "%.3g") + "us";
    if (seconds < 1.0) return fmt(seconds * 1e3, "%.3g") + "ms";
    return fmt(seconds, "%.3g") + "s";
}

double totalThroughput(const MeasurementLevel& level) {
    if (level.throughput) return level.throughput->value;
    double x = 0.0;
    for (const auto& [cls, v] : level.classThroughput) x += v.value;
    return x;
}

// Requests per second of each class (graph order) at a level: measured per
// class, or the total split by the file's shares; classes not measured share
// what the measured ones leave of the total.
std::vector<double> classThroughputs(const graph::Graph& graph, const MeasurementLevel& level) {
    const auto& classes = graph.classes();
    std::vector<double> x(classes.size(), 0.0);
    std::vector<std::string> names;
    for (const auto& c : classes) names.push_back(c.name);
    for (const auto& [name, v] : level.classThroughput) {
        if (!graph.classId(name)) {
            throw InputError(v.where, "unknown request class '" + name + "'" + spec::didYouMean(name, names) +
                                          " (the architecture's classes come from workload.mix)");
        }
    }
    const double total = totalThroughput(level);
    double measured = 0.0, restShare = 0.0;
    for (const auto& c : classes) {
        auto it = level.classThroughput.find(c.name);
        if (it != level.classThroughput.end()) {
            x[static_cast<size_t>(c.id)] = it->second.value;
            measured += it->second.value;
        } else {
            restShare += c.share;
        }
    }
    const double rest = std::max(0.0, total - measured);
    for (const auto& c : classes) {
        if (level.classThroughput.count(c.name)) continue;
        x[static_cast<size_t>(c.id)] = restShare > 0.0 ? rest * c.share / restShare : 0.0;
    }
    return x;
}

struct Unknown {
    int component = 0;
    int cls = -1;  // -1: the wake-up term
};

struct Equation {
    size_t level = 0;
    int component = -1;       // -1: the whole host
    std::vector<double> row;  // by unknown
    double measured = 0.0;
    MeasuredValue source;
};

double aicc(double rss, int m, int p) {
    const double floorRss = std::max(rss, 1e-30 * m);
    return m * std::log(floorRss / m) + 2.0 * p + 2.0 * p * (p + 1.0) / (m - p - 1.0);
}

struct Fit {
    Eigen::VectorXd x;
    std::vector<std::optional<stats::Interval>> ci;
    double rss = 0.0;
};

Fit solveFit(const Eigen::MatrixXd& a, const Eigen::VectorXd& b) {
    Fit f;
    f.x = nonNegativeLeastSquares(a, b);
    const Eigen::VectorXd r = a * f.x - b;
    f.rss = r.squaredNorm();
    const auto m = static_cast<int>(a.rows());
    const auto p = static_cast<int>(a.cols());
    f.ci.assign(static_cast<size_t>(p), std::nullopt);
    if (m > p) {
        // Ordinary least-squares theory: cov = s^2 (A'A)^-1, s^2 = RSS / (m - p),
        // interval x +- t_{0.975, m-p} se (clipped at 0: a demand is not negative).
        const double s2 = f.rss / (m - p);
        const Eigen::MatrixXd ata = a.transpose() * a;
        const Eigen::MatrixXd inv = ata.completeOrthogonalDecomposition().pseudoInverse();
        const double t = stats::studentT975(m - p);
        for (int j = 0; j < p; ++j) {
            const double se = std::sqrt(std::max(0.0, s2 * inv(j, j)));
            f.ci[static_cast<size_t>(j)] = stats::Interval{std::max(0.0, f.x(j) - t * se), f.x(j) + t * se};
        }
    }
    return f;
}

// Written numbers carry 4 significant digits: the intervals are wider than that.
double written(double value) {
    if (!(value > 0.0)) return 0.0;
    const double scale = std::pow(10.0, 3 - static_cast<int>(std::floor(std::log10(value))));
    return std::round(value * scale) / scale;
}

void setDemand(spec::Component& c, const std::string& cls, double rawValue, bool singleClass) {
    const double value = written(rawValue);
    if (singleClass) {
        c.demand.byClass.clear();
        c.demand.fallback = value;
    } else {
        c.demand.byClass[cls] = value;
    }
}

}  // namespace

spec::Architecture atLevel(const spec::Architecture& architecture, const MeasurementLevel& level) {
    spec::Architecture a = architecture;
    a.workload.profile.clear();
    if (level.users) {
        a.workload.users = level.users->value;
        a.workload.arrivalRate.reset();
    } else if (level.arrivalRate) {
        a.workload.arrivalRate = level.arrivalRate->value;
        a.workload.users.reset();
    }
    if (level.thinkTime) a.workload.thinkTime = level.thinkTime->value;
    if (!level.classThroughput.empty() && !a.workload.mix.empty()) {
        const graph::Graph g = graph::build(architecture);
        const std::vector<double> x = classThroughputs(g, level);
        double total = 0.0;
        for (double v : x) total += v;
        if (total > 0.0) {
            for (auto& m : a.workload.mix) {
                const auto id = g.classId(m.name);
                // A class measured at zero keeps a sliver: the format's shares are positive.
                if (id) m.share = std::max(x[static_cast<size_t>(*id)] / total, 1e-9);
            }
            double sum = 0.0;
            for (const auto& m : a.workload.mix) sum += m.share;
            for (auto& m : a.workload.mix) m.share /= sum;
        }
    }
    return a;
}

Calibration calibrate(const spec::Architecture& architecture, const spec::Measurements& measurements,
                      const CalibrationOptions& options) {
    const graph::Graph graph = graph::build(architecture);
    Calibration out;
    out.calibrated = architecture;
    const auto& classes = graph.classes();
    const bool singleClass = classes.size() == 1;

    std::vector<std::string> places;
    for (const auto& h : graph.hosts()) places.push_back(h.name);
    for (const auto& c : graph.components()) places.push_back(c.name);

    // Where each utilisation row belongs: a host (all its components) or one component.
    std::vector<std::vector<double>> levelX;
    for (const auto& level : measurements.levels) levelX.push_back(classThroughputs(graph, level));
    for (const auto& level : measurements.levels) {
        for (const auto& [where, v] : level.utilization) {
            if (!graph.hostId(where) && !graph.componentId(where)) {
                throw InputError(v.where, "utilization of unknown host or component '" + where + "'" + spec::didYouMean(where, places));
            }
        }
    }

    for (const auto& host : graph.hosts()) {
        HostFit fit;
        fit.host = host.name;
        // The unknowns: per component with a `demand` on this host, per class it sees.
        std::vector<Unknown> unknowns;
        std::vector<int> calibratedComponents;
        for (int k : host.components) {
            const auto& specComp = architecture.components.at(static_cast<size_t>(k));
            if (specComp.demand.empty()) continue;
            bool any = false;
            for (const auto& c : classes) {
                if (graph.visits(c.id, k) + graph.asyncVisits(c.id, k) > 0.0) {
                    unknowns.push_back({k, c.id});
                    any = true;
                }
            }
            if (any) calibratedComponents.push_back(k);
        }
        if (unknowns.empty()) continue;
        const double capacity = host.cores * graph.copiesOf(host);

        // Host utilisation per level (for the wake-up term), measured on the host or its only component.
        std::vector<std::optional<double>> hostBusy(measurements.levels.size());
        std::vector<Equation> equations;
        for (size_t l = 0; l < measurements.levels.size(); ++l) {
            const auto& level = measurements.levels[l];
            const double users = level.users ? level.users->value : 0.0;
            // When every calibrated component on the host has its own (per-process)
            // row at this level, the host's row is not an equation: it also counts
            // CPU the model does not have (the kernel's network and scheduling
            // work, samplers, other processes), which the fit would spread over
            // the demands. It still gives the host's busy fraction (the wake-up term).
            bool perProcess = !calibratedComponents.empty();
            for (int k : calibratedComponents) {
                const std::string& name = graph.component(k).name;  // a row named like the host is the host's
                perProcess = perProcess && name != host.name && level.utilization.count(name) > 0;
            }
            const auto hostRow = level.utilization.find(host.name);
            if (hostRow != level.utilization.end() && perProcess) ++fit.hostRowsNotFitted;
            if (perProcess) {
                // The busy share the model's wake-up term sees is its own processes'
                // (the solvers know no other work on the host): their rows' sum.
                double sum = 0.0;
                for (int k : calibratedComponents) sum += level.utilization.at(graph.component(k).name).value;
                hostBusy[l] = std::min(1.0, sum);
            }
            for (const auto& [where, v] : level.utilization) {
                const auto hid = graph.hostId(where);
                const auto cid = graph.componentId(where);
                const bool wholeHost = (hid && *hid == host.id) ||
                                       (!hid && cid && graph.component(*cid).host == host.id && host.components.size() == 1);
                const bool oneComponent = !wholeHost && !hid && cid && graph.component(*cid).host == host.id;
                if (!wholeHost && !oneComponent) continue;
                if (wholeHost && !perProcess && (hid || hostRow == level.utilization.end())) hostBusy[l] = v.value;
                if (hid && perProcess) continue;
                Equation e;
                e.level = l;
                e.component = oneComponent ? *cid : -1;
                e.measured = v.value;
                e.source = v;
                e.row.assign(unknowns.size(), 0.0);
                for (size_t j = 0; j < unknowns.size(); ++j) {
                    const Unknown& u = unknowns[j];
                    if (oneComponent && u.component != *cid) continue;
                    const double base = graph.component(u.component).demand[static_cast<size_t>(u.cls)];
                    const double growth = base > 0.0 ? graph.demand(u.component, u.cls, users) / base : 1.0;
                    const double visits = graph.visits(u.cls, u.component) + graph.asyncVisits(u.cls, u.component);
                    e.row[j] = levelX[l][static_cast<size_t>(u.cls)] * visits * growth / capacity;
                }
                equations.push_back(std::move(e));
            }
        }
        fit.equations = static_cast<int>(equations.size());
        if (equations.empty()) {
            fit.calibrated = false;
            fit.why = "no utilization rows for this host: the file's demands are kept";
            out.hosts.push_back(fit);
            out.notes.push_back("host '" + host.name + "' has no utilization rows: its demands are the file's, not calibrated");
            continue;
        }
        const MeasuredValue& firstRow = equations.front().source;
        std::string unknownNames;
        for (const auto& u : unknowns) {
            unknownNames += (unknownNames.empty() ? "" : ", ") + graph.component(u.component).name +
                            (singleClass ? std::string() : "/" + classes[static_cast<size_t>(u.cls)].name);
        }
        if (equations.size() < unknowns.size()) {
            throw InputError(firstRow.where, "fewer equations than unknowns on host '" + host.name + "': " +
                                                 std::to_string(equations.size()) + " utilization rows for " +
                                                 std::to_string(unknowns.size()) + " demands (" + unknownNames +
                                                 "); measure more levels or per-component utilisation");
        }
        const auto m = static_cast<Eigen::Index>(equations.size());
        const auto p = static_cast<Eigen::Index>(unknowns.size());
        Eigen::MatrixXd a(m, p);
        Eigen::VectorXd b(m);
        for (Eigen::Index i = 0; i < m; ++i) {
            for (Eigen::Index j = 0; j < p; ++j) a(i, j) = equations[static_cast<size_t>(i)].row[static_cast<size_t>(j)];
            b(i) = equations[static_cast<size_t>(i)].measured;
        }
        {
            Eigen::MatrixXd scaled = a;
            for (Eigen::Index j = 0; j < p; ++j) {
                const double n = scaled.col(j).norm();
                if (n > 0.0) scaled.col(j) /= n;
            }
            Eigen::JacobiSVD<Eigen::MatrixXd> svd(scaled);
            const auto& sv = svd.singularValues();
            const double smallest = sv(sv.size() - 1);
            if (!(smallest > 1e-6 * sv(0))) {
                throw InputError(firstRow.where,
                                 "the measurements cannot separate the demands on host '" + host.name + "' (" + unknownNames +
                                     "): the classes' throughputs are in the same proportion at every level (or a class "
                                     "never ran); measure levels with different mixes or per-component utilisation");
            }
        }
        const Fit constant = solveFit(a, b);
        Fit chosen = constant;
        std::vector<Unknown> chosenUnknowns = unknowns;

        // The load-dependent alternative: a wake-up term per component, when the
        // host's own utilisation is known at every level that has an equation.
        if (options.allowLoadDependent) {
            bool busyKnown = true;
            for (const auto& e : equations) busyKnown = busyKnown && hostBusy[e.level].has_value();
            std::vector<Unknown> extended = unknowns;
            for (int k : calibratedComponents) extended.push_back({k, -1});
            const auto pw = static_cast<Eigen::Index>(extended.size());
            if (busyKnown && m - pw - 1 > 0 && m - p - 1 > 0) {
                // Visits per second of each component, per level, and at one instance
                // of the host (wakeup_after's quiet spells).
                std::vector<std::vector<double>> visitsOf(measurements.levels.size(),
                                                          std::vector<double>(graph.components().size(), 0.0));
                std::vector<double> visitRate(measurements.levels.size(), 0.0);
                for (size_t l = 0; l < measurements.levels.size(); ++l) {
                    for (int k : host.components) {
                        for (const auto& c : classes)
                            visitsOf[l][static_cast<size_t>(k)] +=
                                levelX[l][static_cast<size_t>(c.id)] * (graph.visits(c.id, k) + graph.asyncVisits(c.id, k));
                        visitRate[l] += visitsOf[l][static_cast<size_t>(k)];
                    }
                    visitRate[l] /= graph.copiesOf(host);
                }
                // The wake-up's regressor at a quiet spell theta: visits x (1 - busy) x
                // exp(-rate x theta), the share of visits that find the host idle after
                // theta without a visit (Poisson arrivals). Linear in the demands for a
                // given theta; theta is searched on a grid, and counted as one more
                // parameter in AICc when it is not 0.
                auto fitAt = [&](double theta) {
                    Eigen::MatrixXd aw(m, pw);
                    aw.leftCols(p) = a;
                    for (Eigen::Index i = 0; i < m; ++i) {
                        const Equation& e = equations[static_cast<size_t>(i)];
                        const double quiet = std::exp(-visitRate[e.level] * theta);
                        for (size_t j = unknowns.size(); j < extended.size(); ++j) {
                            const int k = extended[j].component;
                            const double perRequest =
                                e.component < 0 || e.component == k ? visitsOf[e.level][static_cast<size_t>(k)] : 0.0;
                            aw(i, static_cast<Eigen::Index>(j)) = perRequest * (1.0 - *hostBusy[e.level]) * quiet / capacity;
                        }
                    }
                    return solveFit(aw, b);
                };
                struct Candidate {
                    double theta;
                    Fit fit;
                    double score;
                };
                std::vector<Candidate> candidates;
                {
                    Fit f = fitAt(0.0);
                    const double score = aicc(f.rss, static_cast<int>(m), static_cast<int>(pw));
                    candidates.push_back({0.0, std::move(f), score});
                }
                // A quiet spell is one more parameter: AICc needs m >= pw + 3 for it.
                for (double t = 25e-6; m - pw - 2 > 0 && t < 0.1; t *= 2.0) {
                    Fit f = fitAt(t);
                    const double score = aicc(f.rss, static_cast<int>(m), static_cast<int>(pw) + 1);
                    candidates.push_back({t, std::move(f), score});
                }
                double bestAicc = candidates.front().score;
                for (const auto& c : candidates) bestAicc = std::min(bestAicc, c.score);
                // Among the quiet spells the data support alike (AICc within 2 of the
                // best: Burnham & Anderson's "substantial support"), the one whose
                // busy-host demands are the largest: the forms differ mostly in where
                // the fall of the cost ends past the calibrated levels (the linear
                // 1 - b lets it fall until saturation, a quiet spell ends it when the
                // visits come faster than theta), and the data cannot tell them apart
                // there; the largest busy-host demand is the capacity nearest to what
                // the levels showed. Measured on nginx (bench/README.md): costs 28 ->
                // 21 us over the calibrated levels, 18 at saturation; theta = 0 put it
                // at 8 us (AICc -82.6), theta = 200 us at 20.8 (AICc -81.0).
                auto busyCost = [&](const Fit& f) {
                    double sum = 0.0;
                    for (Eigen::Index j = 0; j < p; ++j) sum += f.x(j) * a.col(j).sum();
                    return sum;
                };
                size_t pick = 0;
                for (size_t c = 0; c < candidates.size(); ++c) {
                    if (candidates[c].score > bestAicc + 2.0) continue;
                    if (candidates[pick].score > bestAicc + 2.0 || busyCost(candidates[c].fit) > busyCost(candidates[pick].fit))
                        pick = c;
                }
                Fit load = std::move(candidates[pick].fit);
                const double theta = candidates[pick].theta;
                bestAicc = candidates[pick].score;
                fit.wakeupAfter = theta;
                fit.aiccConstant = aicc(constant.rss, static_cast<int>(m), static_cast<int>(p));
                fit.aiccLoadDependent = bestAicc;
                // A difference of 2 in AICc is the usual threshold of "substantial support"
                // (Burnham & Anderson, Model Selection and Multimodel Inference, 2002, sec. 2.6).
                bool anyWakeup = false;
                for (Eigen::Index j = p; j < pw; ++j) anyWakeup = anyWakeup || load.x(j) > 0.0;
                // The busy-host demands must be identified: a form whose demand on a
                // busy host could be 0 (its 95% interval reaches 0) says a saturated
                // host serves visits for free, an unbounded capacity that the levels
                // measured do not support; the measured constant is then the answer
                // that does not extrapolate past the data (bench/README.md: such a
                // fit put pgbench's 4x at +36%, nginx's 8x at +121%; the constant
                // at -6% and -6%).
                std::string unidentified;
                for (Eigen::Index j = 0; j < p; ++j) {
                    const auto& ci = load.ci[static_cast<size_t>(j)];
                    if (ci && ci->low > 0.0) continue;
                    const Unknown& u = unknowns[static_cast<size_t>(j)];
                    unidentified = graph.component(u.component).name +
                                   (singleClass ? std::string() : "/" + classes[static_cast<size_t>(u.cls)].name);
                    break;
                }
                if (anyWakeup && *fit.aiccLoadDependent < *fit.aiccConstant - 2.0 && !unidentified.empty()) {
                    fit.why = "constant: the load-dependent form (AICc " + fmt(*fit.aiccLoadDependent) + " < " +
                              fmt(*fit.aiccConstant) + " - 2) leaves " + unidentified +
                              "'s demand on a busy host unidentified (95% CI reaches 0: free visits at saturation)";
                } else if (anyWakeup && *fit.aiccLoadDependent < *fit.aiccConstant - 2.0) {
                    chosen = load;
                    chosenUnknowns = extended;
                    fit.loadDependent = true;
                    fit.why = "load-dependent" + (theta > 0.0 ? " (wake-up after " + duration(theta) + " quiet)" : std::string()) +
                              ": AICc " + fmt(*fit.aiccLoadDependent) + " < constant " + fmt(*fit.aiccConstant) + " - 2";
                } else {
                    fit.why = "constant: AICc " + fmt(*fit.aiccConstant) + " vs load-dependent " + fmt(*fit.aiccLoadDependent) +
                              " (needs 2 less to choose it)";
                }
            } else {
                fit.why = "constant: too few equations to test a load-dependent demand (" + std::to_string(m) + " for " +
                          std::to_string(p) + " unknowns; AICc needs at least " + std::to_string(pw + 2) +
                          (busyKnown ? "" : ", and the host's utilisation at every level") + ")";
            }
        } else {
            fit.why = "constant (load-dependent demands not allowed)";
        }
        if (fit.hostRowsNotFitted > 0) {
            fit.why += "; the host's own row at " + std::to_string(fit.hostRowsNotFitted) +
                       " levels gave only its busy fraction (per-process rows fitted)";
        }
        fit.unknowns = static_cast<int>(chosenUnknowns.size());
        fit.rmsResidual = std::sqrt(chosen.rss / static_cast<double>(m));
        fit.relativeResidual = b.mean() > 0.0 ? fit.rmsResidual / b.mean() : 0.0;
        out.hosts.push_back(fit);

        for (size_t j = 0; j < chosenUnknowns.size(); ++j) {
            const Unknown& u = chosenUnknowns[j];
            spec::Component& sc = out.calibrated.components.at(static_cast<size_t>(u.component));
            DemandEstimate d;
            d.component = sc.id;
            d.host = host.name;
            d.wakeup = u.cls < 0;
            d.cls = u.cls < 0 ? "" : classes[static_cast<size_t>(u.cls)].name;
            d.estimate.value = chosen.x(static_cast<Eigen::Index>(j));
            d.estimate.ci95 = chosen.ci[j];
            if (d.wakeup) {
                sc.wakeup = written(d.estimate.value);
                sc.wakeupAfter = fit.wakeupAfter.value_or(0.0);
            }
            else setDemand(sc, d.cls, d.estimate.value, singleClass);
            out.demands.push_back(d);
        }
        if (!fit.loadDependent)
            for (int k : calibratedComponents) {
                out.calibrated.components.at(static_cast<size_t>(k)).wakeup = 0.0;
                out.calibrated.components.at(static_cast<size_t>(k)).wakeupAfter = 0.0;
            }
    }

    // The non-CPU delay: measured mean response time minus the model's at the
    // calibrated demands (no delay), per level, averaged; on the entry component.
    if (options.estimateDelay) {
        std::vector<double> gaps;
        spec::Architecture base = out.calibrated;
        const std::string entry = spec::defaultEntry(base);
        auto it = std::find_if(base.components.begin(), base.components.end(), [&](const auto& c) { return c.id == entry; });
        if (it != base.components.end()) {
            const double existing = it->latency;
            for (const auto& level : measurements.levels) {
                if (!level.responseTimeMean) continue;
                const graph::Graph g = graph::build(atLevel(base, level));
                const stats::Results r = analytic::solve(g);
                if (std::isfinite(r.responseTime.mean)) gaps.push_back(level.responseTimeMean->value - r.responseTime.mean);
            }
            if (!gaps.empty()) {
                const stats::SampleSummary s = stats::summarize(gaps);
                Estimate e;
                e.value = std::max(0.0, s.mean);
                if (s.ci95) e.ci95 = stats::Interval{std::max(0.0, s.ci95->low), std::max(0.0, s.ci95->high)};
                out.delay = e;
                out.delayComponent = entry;
                out.delayLevels = static_cast<int>(gaps.size());
                auto& target = *std::find_if(out.calibrated.components.begin(), out.calibrated.components.end(),
                                             [&](const auto& c) { return c.id == entry; });
                target.latency = written(existing + e.value);
                if (s.mean < 0.0) {
                    out.notes.push_back("the model's response time at the calibrated demands exceeds the measured one by " +
                                        duration(-s.mean) + " on average: no delay added (is the measured host load right?)");
                }
            }
        }
    }
    return out;
}

std::optional<double> relativeError(double measured, double predicted) {
    if (!(measured > 0.0) || !std::isfinite(predicted)) return std::nullopt;
    return (predicted - measured) / measured;
}

std::vector<LevelComparison> predict(const spec::Architecture& calibrated, const spec::Measurements& measurements,
                                     const PredictOptions& options) {
    std::vector<LevelComparison> out;
    for (const auto& level : measurements.levels) {
        LevelComparison cmp;
        cmp.level = level.name;
        cmp.open = !level.users;
        cmp.load = level.users ? level.users->value : level.arrivalRate->value;
        const graph::Graph g = graph::build(atLevel(calibrated, level));
        const stats::Results a = analytic::solve(g);
        std::optional<stats::Results> d;
        if (options.des) {
            des::RunConfig config;
            config.seed = options.seed;
            config.replications = options.replications;
            const double x = a.throughput > 0.0 ? a.throughput : 1.0;
            config.horizon = std::clamp(options.requestsPerReplication / x, 20.0, 3600.0);
            config.maxWallSeconds = 60.0;
            config.threads = 1;
            d = des::run(g, config);
        }
        auto add = [&](const std::string& metric, const std::string& where, double measured, double analyticValue,
                       std::optional<double> desValue) {
            cmp.figures.push_back({metric, where, measured, analyticValue, desValue});
        };
        add("throughput", "system", totalThroughput(level), a.throughput, d ? std::optional<double>(d->throughput) : std::nullopt);
        if (level.responseTimeMean) {
            add("response_time_mean", "system", level.responseTimeMean->value, a.responseTime.mean,
                d ? std::optional<double>(d->responseTime.mean) : std::nullopt);
        }
        if (level.p95) {
            add("p95", "system", level.p95->value, a.responseTime.p95.value_or(0.0), d ? d->responseTime.p95 : std::nullopt);
        }
        for (const auto& [where, v] : level.utilization) {
            double av = 0.0;
            std::optional<double> dv;
            if (const auto h = g.hostId(where)) {
                av = a.hosts.at(static_cast<size_t>(*h)).utilization;
                if (d) dv = d->hosts.at(static_cast<size_t>(*h)).utilization;
            } else if (const auto c = g.componentId(where)) {
                av = a.components.at(static_cast<size_t>(*c)).utilization;
                if (d) dv = d->components.at(static_cast<size_t>(*c)).utilization;
            }
            add("utilization", where, v.value, av, dv);
        }
        out.push_back(std::move(cmp));
    }
    return out;
}

std::string calibratedYaml(const std::string& originalText, const spec::Architecture& loaded, const Calibration& calibration,
                           const std::string& measurementsFile) {
    const io::YamlDocument document(originalText, loaded);
    std::string text = document.save(calibration.calibrated);
    // Where each number came from, as a comment on the line of its key: the
    // patched text is loaded again for the keys' new lines.
    const spec::Architecture saved = io::loadString(text, loaded.where.file);
    std::map<int, std::string> notes;  // line -> comment
    auto fitOf = [&](const std::string& host) -> const HostFit* {
        for (const auto& h : calibration.hosts)
            if (h.host == host) return &h;
        return nullptr;
    };
    auto ci = [](const Estimate& e) {
        std::string out;
        if (!e.ci95) return std::string(" (no CI: as many rows as unknowns)");
        out.append(" [").append(duration(e.ci95->low)).append(", ").append(duration(e.ci95->high)).append("]");
        return out;
    };
    const size_t slash = measurementsFile.find_last_of('/');
    const std::string shortName = slash == std::string::npos ? measurementsFile : measurementsFile.substr(slash + 1);
    for (const auto& c : saved.components) {
        std::string demandNote, wakeupNote;
        for (const auto& d : calibration.demands) {
            if (d.component != c.id) continue;
            const HostFit* fit = fitOf(d.host);
            if (d.wakeup) {
                wakeupNote = "calibrated from " + shortName + ": wake-up " + duration(d.estimate.value) + ci(d.estimate) +
                             " 95% CI; " + (fit ? fit->why : std::string());
            } else {
                if (demandNote.empty()) {
                    demandNote = "calibrated from " + shortName + " (utilisation law, NNLS over " +
                                 std::to_string(fit ? fit->equations : 0) + " rows of host " + d.host + ", rms residual " +
                                 fmt(fit ? fit->relativeResidual * 100.0 : 0.0, "%.2g") + "%):";
                }
                demandNote += ' ';
                if (!d.cls.empty()) demandNote.append(d.cls).append(" ");
                demandNote.append(duration(d.estimate.value)).append(ci(d.estimate));
            }
        }
        if (!demandNote.empty() && c.keys.has("demand")) notes[c.keys.at("demand", c.where).line] = demandNote + " 95% CI";
        if (!wakeupNote.empty() && c.keys.has("wakeup")) notes[c.keys.at("wakeup", c.where).line] = wakeupNote;
        if (calibration.delay && c.id == calibration.delayComponent && c.keys.has("latency")) {
            notes[c.keys.at("latency", c.where).line] =
                "calibrated from " + shortName + ": non-CPU delay " + duration(calibration.delay->value) + ci(*calibration.delay) +
                " 95% CI, measured mean response time minus the model's at " + std::to_string(calibration.delayLevels) + " levels";
        }
    }
    std::istringstream in(text);
    std::string line, result;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        auto it = notes.find(n);
        if (it != notes.end()) line.append("  # ").append(it->second);
        result += line + "\n";
    }
    return result;
}

}  // namespace headroom::calibrate
