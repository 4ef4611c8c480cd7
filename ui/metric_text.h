#pragma once
// The model's metric descriptors (io/metrics.h) as the panels show them: a
// break named by its metric's label and place, and how it was placed. Thin:
// the words and the formats live in the model.

#include "roadmap/breaking_point.h"
#include "stats/results.h"

#include <QString>

namespace headroom::ui {

/// "CPU utilisation at vm1", "p95 response time" (a system-wide metric has no place).
[[nodiscard]] QString breakName(const stats::ThresholdCheck& check);
/// "312 ms > 300 ms", "1 copy < 2 copies": the value, the comparison and the limit.
[[nodiscard]] QString comparisonText(const stats::ThresholdCheck& check);
/// "confirmed by simulation", "analytic estimate", "availability rule".
[[nodiscard]] QString placedBy(const roadmap::BreakingPoint& point);

}  // namespace headroom::ui
