#pragma once
// YAML -> spec::Architecture. The only place (with the writers) that
// includes yaml-cpp. Strict: an unknown key, a missing unit or a value of the
// wrong type throws spec::InputError naming FILE:LINE:COL and the key, with
// the nearest valid key suggested for a typo.

#include "spec/architecture.h"

#include <cstddef>
#include <string>
#include <vector>

namespace headroom::io {

/// Larger files are refused: yaml-cpp takes about 1 s and 60 MB per MiB of
/// YAML, and every command must end within seconds (docs/methods.md, "Every
/// command ends"); an architecture of thousands of components is 0.3 MiB.
inline constexpr std::size_t kMaxFileBytes = 2u * 1024u * 1024u;
inline constexpr int kMaxNestingDepth = 64;                        ///< deeper files are refused

/// Reads and parses a file. Throws spec::InputError (bad input, exit code 2).
[[nodiscard]] spec::Architecture loadFile(const std::string& path);

/// Parses YAML text; `fileName` is used in error locations.
[[nodiscard]] spec::Architecture loadString(const std::string& text, const std::string& fileName);

// ---- Uncertain values (issue 20) ----
/// The same, with the value of each uncertain value (spec::Architecture::uncertain,
/// in file order) given by a study's sample instead of its midpoint. Empty = midpoints.
[[nodiscard]] spec::Architecture loadString(const std::string& text, const std::string& fileName,
                                            const std::vector<double>& sampled);
// ---- end uncertain values ----

}  // namespace headroom::io
