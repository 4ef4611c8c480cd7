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
