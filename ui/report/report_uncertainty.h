#pragma once
// The audit report's Uncertainty section (issue 20): when the file writes
// some values as ranges (`20ms ± 30%`), every other figure of the report is
// the midpoints' and this section says how far the answer moves over the
// ranges: the first break's P5-P50-P95 band (a chart), what moves it most
// (the tornado chart) and the probability that each phase of the plan holds
// its band. The numbers are the model's study (roadmap::runUncertaintyStudy,
// what `headroom-cli study FILE` prints), never the report's own; the charts
// are ui/study_band_chart and ui/tornado_chart, as the desktop draws them.

#include <optional>
#include <vector>

#include "roadmap/uncertainty_study.h"

namespace headroom::report {

struct Block;
struct ReportData;
struct ReportOptions;

/// The study of the file's uncertain inputs and its summary.
struct UncertaintyData {
    roadmap::UncertaintyStudyPart study;
    roadmap::UncertaintySummary summary;
};

/// The study of `options.sourceText` (the file's YAML) when the architecture
/// has uncertain values; nullopt otherwise (or without the text). The model's
/// default sample count, the report's range, seed, DES budget and cancel
/// poll (its wall budget): throws roadmap::StudyCancelled past it.
[[nodiscard]] std::optional<UncertaintyData> computeUncertainty(const spec::Architecture& architecture,
                                                                const ReportOptions& options);

/// Appends the section (numbered `number`) when `data.uncertainty` is set.
void appendUncertaintySection(const ReportData& data, std::vector<Block>& blocks, int number);

}  // namespace headroom::report
