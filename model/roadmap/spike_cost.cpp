// The spike's price: the fluid's copies over time per autoscaled tier.

#include "roadmap/spike_cost.h"

#include "graph/graph.h"
#include "io/metrics.h"
#include "io/text_format.h"
#include "roadmap/autoscale_fluid.h"

#include <algorithm>
#include <cmath>

namespace headroom::roadmap {

namespace {

// Spike-hours are small sums: cents matter below 100.
std::string money(double v) { return v < 100.0 ? io::formatNumber("%.2f", v) : io::formatMoney(v); }

}  // namespace

SpikeCost spikeCost(const spec::Architecture& a, double users, const Solver& screen) {
    SpikeCost out;
    const spec::SpikeSpec& spike = a.slo.resilience.spike;
    out.perMonth = spike.perMonth;
    if (std::none_of(a.components.begin(), a.components.end(), [](const auto& c) { return c.autoscale.has_value(); })) {
        return out;
    }
    const stats::Results base = evaluate(a, users, screen);
    const stats::Results peak = evaluate(a, users * spike.factor, screen);
    const graph::Graph g = graph::build(a);
    for (const auto& comp : a.components) {
        if (!comp.autoscale) continue;
        const auto h = g.hostId(comp.id);
        if (!h) continue;
        const auto i = static_cast<size_t>(*h);
        if (i >= base.hosts.size() || i >= peak.hosts.size()) continue;
        const int have = std::clamp(static_cast<int>(std::lround(base.hosts[i].instances.value_or(comp.instances))),
                                    comp.autoscale->min, comp.autoscale->max);
        const double need = peak.hosts[i].instances.value_or(comp.instances);
        // The work offered in copies kept busy: utilisation x copies, at the base and at the peak.
        const SpikeCopies copies =
            autoscaleSpikeCopies(*comp.autoscale, have, base.hosts[i].utilization * have, peak.hosts[i].utilization * need,
                                 spike.ramp, spike.hold);
        if (copies.extraCopySeconds <= 0.0 && copies.stayed == 0) continue;
        SpikeCostTier t;
        t.component = comp.id;
        t.baseCopies = have;
        t.peakCopies = copies.peakCopies;
        t.copyHours = copies.extraCopySeconds / 3600.0;
        const double monthly = g.host(*h).costMonth;  // per copy
        t.pricePerHour = monthly / kHoursPerMonth;
        t.stayed = copies.stayed;
        t.costMonth = t.copyHours * t.pricePerHour * spike.perMonth + t.stayed * monthly;
        out.costMonth += t.costMonth;
        out.tiers.push_back(std::move(t));
    }
    return out;
}

std::string spikeCostText(const SpikeCost& cost) {
    std::string out;
    for (const auto& t : cost.tiers) {
        if (!out.empty()) out += "; ";
        out += t.component + " " + std::to_string(t.baseCopies) + " -> " + std::to_string(t.peakCopies) + " copies, " +
               io::formatNumber("%.2f", t.copyHours) + " copy-hours per spike at " + money(t.pricePerHour) +
               "/hour";
        if (t.stayed > 0) out += ", " + std::to_string(t.stayed) + " left running (no scale-in)";
    }
    if (out.empty()) return "no autoscaled copies added for the spike";
    return out + "; " + io::formatNumber("%g", cost.perMonth) + " spikes a month: " + money(cost.costMonth) +
           " per month";
}

}  // namespace headroom::roadmap
