#pragma once
// "Did you mean ...?" for unknown keys, names and choices: the loader and the
// graph builder share one rule for what counts as a plausible typo.

#include <string>
#include <vector>

namespace headroom::spec {

/// The candidate nearest to `word` by edit distance (Levenshtein), or empty
/// when none is within a third of the word's length (at least 2 edits).
[[nodiscard]] std::string nearestName(const std::string& word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" for the nearest candidate, or empty.
[[nodiscard]] std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace headroom::spec
