#pragma once
// Text forms of a roadmap and of a sweep: the roadmap JSON contract of
// docs/architecture.md, a Markdown table of phases (for pasting into tickets), and plain
// tables for terminals; a sweep as JSON, CSV or a table. Writing only
// formats; equal inputs give byte-identical text (no clocks, no locale).

#include "roadmap/breaking_point.h"
#include "roadmap/roadmap.h"
#include "roadmap/sweep.h"

#include <string>
#include <vector>

namespace headroom::roadmap {

[[nodiscard]] std::string toJson(const Roadmap& roadmap);
[[nodiscard]] std::string toMarkdown(const Roadmap& roadmap);
[[nodiscard]] std::string toTable(const Roadmap& roadmap);
/// One paragraph on the timeline (dates, phases, total cost over the
/// horizon against building step by step); empty without a growth forecast.
[[nodiscard]] std::string timelineSummary(const Roadmap& roadmap);
/// The phases whose work starts within 91 days of today (or should have): "what to start this quarter".
[[nodiscard]] std::vector<size_t> startThisQuarter(const Roadmap& roadmap);
/// Issue 21: the alternatives evaluated at a phase and not built there, cheapest first (JSON `deferred_by_phase`, the report).
[[nodiscard]] std::vector<const Alternative*> deferredAlternatives(const Phase& phase);

/// A sweep: one entry per load (throughput, percentiles, errors, utilisation
/// per host, cost, whether every threshold holds) and the ordered crossings.
struct SweepReport {
    std::string architecture;
    std::string method;  ///< "analytic" or "des"
    std::vector<SweepPoint> points;
    std::vector<BreakingPoint> crossings;  ///< first = what breaks first
};
[[nodiscard]] std::string toJson(const SweepReport& sweep);
[[nodiscard]] std::string toCsv(const SweepReport& sweep);
[[nodiscard]] std::string toTable(const SweepReport& sweep);

}  // namespace headroom::roadmap
