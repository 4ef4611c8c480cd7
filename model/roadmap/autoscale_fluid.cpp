// The fluid of autoscale_fluid.h, stepped every quarter second. Both readers
// share one stepper so the screen's verdict and the spike's price follow the
// same copies.

#include "roadmap/autoscale_fluid.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace headroom::roadmap {

namespace {

constexpr double kStep = 0.25;  // seconds: well under any interval, delay or cooldown the format allows (>= 1 s)
constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr double kLongestSpike = 72 * 3600.0;  // seconds of a spike followed step by step

class Fluid {
public:
    /// `spikeEnd`: from then on the work offered is back at its base (kNever: held at the peak).
    /// `step`: seconds per step (kStep; longer only for a spike of days).
    Fluid(const spec::Autoscale& rule, int have, double baseWork, double peakWork, double ramp, double spikeEnd,
          double step = kStep)
        : rule_(rule), step_(step), baseWork_(baseWork), peakWork_(peakWork), ramp_(ramp), spikeEnd_(spikeEnd),
          interval_(std::max(rule.interval, 1.0)), serving_(have), nextEvaluation_(interval_) {}

    struct Step {
        bool evaluated = false;
        bool drainable = false;  ///< (after the spike) fewer copies are wanted than serve
    };

    /// Copies serving or on order during the step that starts at `t` (after the orders due by `t` serve).
    double startStep(double t) {
        for (auto it = orders_.begin(); it != orders_.end();) {
            if (it->first > t + 1e-9) {
                ++it;
                continue;
            }
            serving_ += it->second;
            ordered_ -= it->second;
            lastServing_ = it->first;
            it = orders_.erase(it);
        }
        return serving_ + ordered_;
    }

    /// The step [t, t + step): work served and queued, then the autoscaler's reading when one is due.
    Step finishStep(double t) {
        const double offered = t >= spikeEnd_ - 1e-9
                                   ? baseWork_
                                   : baseWork_ + (peakWork_ - baseWork_) * std::min(1.0, t / std::max(ramp_, step_));
        busy_ += std::min(serving_ * step_, offered * step_ + backlog_);
        held_ += serving_ * step_;
        backlog_ = std::max(0.0, backlog_ + (offered - serving_) * step_);
        Step out;
        const double now = t + step_;
        if (now < nextEvaluation_ - 1e-9) return out;
        out.evaluated = true;
        const double observed = held_ > 0.0 ? std::min(1.0, busy_ / held_) : 0.0;
        busy_ = held_ = 0.0;
        nextEvaluation_ += interval_;
        const int desired = std::clamp(static_cast<int>(std::ceil(serving_ * observed / rule_.targetUtilization - 1e-9)),
                                       rule_.min, rule_.max);
        const int short_ = desired - static_cast<int>(serving_) - ordered_;
        if (short_ > 0) {
            if (now - lastOut_ >= rule_.cooldown - 1e-9) {
                orders_.emplace_back(now + rule_.delay, short_);
                ordered_ += short_;
                lastOut_ = now;
            }
        } else if (t >= spikeEnd_ - 1e-9 && desired < serving_) {
            // Scale-in (after the spike only: while it lasts the load only rises).
            out.drainable = true;
            if (rule_.scaleIn && ordered_ == 0 && now - lastIn_ >= rule_.cooldown - 1e-9) {
                serving_ -= 1.0;
                lastIn_ = now;
            }
        }
        return out;
    }

    [[nodiscard]] double serving() const { return serving_; }
    [[nodiscard]] int ordered() const { return ordered_; }
    [[nodiscard]] double backlog() const { return backlog_; }
    [[nodiscard]] double lastServing() const { return lastServing_; }

private:
    const spec::Autoscale& rule_;
    double step_;
    double baseWork_, peakWork_, ramp_, spikeEnd_, interval_;
    double serving_;
    double backlog_ = 0.0, busy_ = 0.0, held_ = 0.0;
    double lastOut_ = -kNever, lastIn_ = -kNever, nextEvaluation_;
    std::vector<std::pair<double, int>> orders_;  // (serving from, copies)
    int ordered_ = 0;
    double lastServing_ = 0.0;
};

}  // namespace

FluidReaction autoscaleReaction(const spec::Autoscale& rule, int have, double baseWork, double peakWork, double ramp,
                                double react, double end) {
    FluidReaction out;
    // A spike longer than three days (a ramp of weeks) is judged over its
    // first three, and one of hours in coarser steps (at most 20,000): the
    // screen asks this for every load it tries.
    const double until = std::min(end, kLongestSpike);
    const double step = std::max(kStep, until / 20000.0);
    Fluid fluid(rule, have, baseWork, peakWork, ramp, kNever, step);
    for (double t = 0.0; t < until; t += step) {
        (void)fluid.startStep(t);
        (void)fluid.finishStep(t);
        if (t + step >= react) out.worstWait = std::max(out.worstWait, fluid.backlog() / fluid.serving());
    }
    out.lastServing = fluid.lastServing();
    out.copies = static_cast<int>(fluid.serving()) + fluid.ordered();
    return out;
}

SpikeCopies autoscaleSpikeCopies(const spec::Autoscale& rule, int have, double baseWork, double peakWork, double ramp,
                                 double hold) {
    SpikeCopies out;
    out.baseCopies = have;
    out.peakCopies = have;
    if (!std::isfinite(baseWork) || !std::isfinite(peakWork) || !std::isfinite(ramp) || !std::isfinite(hold)) return out;
    // Past two hours at the peak (or three days in all) the copies held do not
    // change: that part of the hold is counted at the copies held by then.
    constexpr double kLongestHold = 7200.0;
    const double spikeEnd = std::min(ramp + std::min(hold, kLongestHold), kLongestSpike);
    const double skipped = std::max(0.0, ramp + hold - spikeEnd);
    // Past this the copies left are what the rule keeps at the base (a rounding above `have`), not the spike's.
    const double giveUp = spikeEnd + 48 * 3600.0;
    // A spike of hours in coarser steps (at most 20,000 to its end): it is priced for every autoscaling candidate.
    const double step = std::max(kStep, spikeEnd / 20000.0);
    Fluid fluid(rule, have, baseWork, peakWork, ramp, spikeEnd, step);
    bool ended = false;
    double t = 0.0;
    for (; t < giveUp; t += step) {
        const double copies = fluid.startStep(t);
        if (t >= spikeEnd - 1e-9) {
            if (!ended) out.extraCopySeconds += std::max(0.0, copies - have) * skipped, ended = true;
            if (copies <= have + 1e-9) break;  // drained back to the base
            if (!rule.scaleIn && fluid.ordered() == 0) {
                out.stayed = static_cast<int>(std::lround(copies)) - have;
                break;
            }
        }
        out.peakCopies = std::max(out.peakCopies, static_cast<int>(std::lround(copies)));
        out.extraCopySeconds += std::max(0.0, copies - have) * step;
        const Fluid::Step reading = fluid.finishStep(t);
        // After the spike, a reading that wants no fewer copies (nothing
        // queued, nothing on order): the rest stays at the base's rounding.
        if (reading.evaluated && t >= spikeEnd - 1e-9 && !reading.drainable && fluid.ordered() == 0 &&
            fluid.backlog() <= 1e-9) {
            t += step;
            break;
        }
    }
    out.backAfter = t + skipped;
    return out;
}

}  // namespace headroom::roadmap
