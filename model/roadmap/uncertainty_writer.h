#pragma once
// Text forms of a study under uncertain inputs (issue 20): a shard's part
// (JSON with every sample's figures at full precision, so that parts merged
// give exactly what the whole run gives) read and written through
// nlohmann::json, and the study's answer as JSON or a table. Writing only
// formats: equal inputs give byte-identical text.

#include "roadmap/uncertainty_study.h"

#include <string>

namespace headroom::roadmap {

/// A shard's part: `headroom-cli study --shard K/N -o part.json`.
[[nodiscard]] std::string partToJson(const UncertaintyStudyPart& part);
/// Reads a part back. Throws std::invalid_argument naming what is wrong.
[[nodiscard]] UncertaintyStudyPart partFromJson(const std::string& text);

/// The study's answer (a whole study: unsharded or merged).
[[nodiscard]] std::string toJson(const UncertaintyStudyPart& whole, const UncertaintySummary& summary);
[[nodiscard]] std::string toTable(const UncertaintyStudyPart& whole, const UncertaintySummary& summary);

}  // namespace headroom::roadmap
