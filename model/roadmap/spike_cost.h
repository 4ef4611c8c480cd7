#pragma once
// What the spikes of slo.resilience cost an autoscaled architecture: the
// copies its autoscalers add for one spike, from each order until it is
// drained again (roadmap/autoscale_fluid.h), priced by the hour at the tier's
// monthly price per copy, times the spikes a month (slo.resilience.spike.
// per_month). A tier that relies on autoscaling pays its minimum every month
// and these spike-hours on top; a tier without scale-in keeps what a spike
// added, so it pays those copies every month. Judged by the screening solver
// at the load (the base) and at factor x the load (the peak): the copies the
// tier holds there and the work it is offered. docs/methods.md, "Resilience
// planned".

#include "roadmap/sweep.h"
#include "spec/architecture.h"

#include <string>
#include <vector>

namespace headroom::roadmap {

/// Hours in a month (8,760 / 12): a monthly price per copy over this is its hourly price.
inline constexpr double kHoursPerMonth = 730.0;

struct SpikeCostTier {
    std::string component;
    int baseCopies = 0;        ///< copies at the load (the analytic steady state)
    int peakCopies = 0;        ///< most serving or on order during the spike
    double copyHours = 0.0;    ///< per spike: copy-hours above baseCopies
    double pricePerHour = 0.0; ///< the tier's monthly price per copy / kHoursPerMonth
    int stayed = 0;            ///< copies a spike leaves running (no scale-in)
    double costMonth = 0.0;    ///< copyHours x pricePerHour x spikes a month (+ stayed x the monthly price)
};

struct SpikeCost {
    double perMonth = 0.0;   ///< spikes a month (slo.resilience.spike.per_month)
    double costMonth = 0.0;  ///< summed over the autoscaled tiers
    std::vector<SpikeCostTier> tiers;  ///< the autoscaled tiers the spike makes grow
};

/// The spike-hours of `architecture`'s autoscaled tiers at `users`, priced
/// per month. Zero (no tiers) when nothing autoscales or the spike needs no
/// more copies than the load does.
[[nodiscard]] SpikeCost spikeCost(const spec::Architecture& architecture, double users, const Solver& screen);

/// "3 extra copies of app for 11 min per spike, 4 spikes a month: 12/month".
[[nodiscard]] std::string spikeCostText(const SpikeCost& cost);

}  // namespace headroom::roadmap
