#pragma once
// An autoscaled tier through the spike of slo.resilience, as a fluid: the
// work offered to the tier, in copies kept busy, ramps linearly from its
// base to its peak; the copies serving carry at most their number and the
// excess queues. Every `interval` the autoscaler reads the tier's
// utilisation over the last interval (at most 1, so one action multiplies
// the copies by at most 1 / target) and orders up to
// ceil(serving x observed / target) copies, clamped to [min, max], which
// serve `delay` later; after an order, none for `cooldown`. After the spike
// (the load back at its base) it drains one copy at a time, `cooldown`
// apart, while fewer are wanted and none is on order: des/autoscaler.h's
// rule. A closed population offers less while its users wait, so the fluid
// errs on the side of a longer queue (and of more copies).
//
// Two readers: the planner's screen judges the spike by the wait ahead of a
// request after the reaction time (autoscaleReaction), and the spike's cost
// prices the copies held above the base count until they are drained again
// (autoscaleSpikeCopies; roadmap/spike_cost.h). docs/methods.md,
// "Resilience planned".

#include "spec/architecture.h"

namespace headroom::roadmap {

struct FluidReaction {
    double worstWait = 0.0;    ///< longest queued work / copies serving met from `react` to `end` (seconds)
    double lastServing = 0.0;  ///< when the last copies ordered began to serve (0: none ordered)
    int copies = 0;            ///< serving and ordered at `end`
};

/// The tier from the ramp's start (t = 0) to `end` seconds, the load held
/// at its peak after `ramp`: how long the queued work delays a request from
/// `react` on. `have`: copies serving at the base; `baseWork`, `peakWork`:
/// the work offered in copies kept busy (utilisation x copies).
[[nodiscard]] FluidReaction autoscaleReaction(const spec::Autoscale& rule, int have, double baseWork, double peakWork,
                                              double ramp, double react, double end);

/// The copies a spike brings up and for how long: from the ramp's start,
/// through `hold` at the peak, then back at the base until the autoscaler
/// has drained what it added (or can drain no more).
struct SpikeCopies {
    int baseCopies = 0;        ///< `have`
    int peakCopies = 0;        ///< most copies serving or on order at once
    double extraCopySeconds = 0.0;  ///< integral of (copies serving or on order - have), from each order to its drain
    double backAfter = 0.0;    ///< seconds from the ramp's start until the last added copy is drained
    /// Without scale-in the copies added stay after the spike (then
    /// extraCopySeconds stops at the spike's end and `stayed` counts them).
    int stayed = 0;
};

/// A machine is billed from its launch (the provisioning delay is mostly
/// its boot) until it is released: copies are counted from their order.
[[nodiscard]] SpikeCopies autoscaleSpikeCopies(const spec::Autoscale& rule, int have, double baseWork, double peakWork,
                                               double ramp, double hold);

}  // namespace headroom::roadmap
