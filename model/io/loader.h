#pragma once
// YAML -> spec::Architecture. The only place (with the writers) that
// includes yaml-cpp. Strict: an unknown key, a missing unit or a value of the
// wrong type throws spec::InputError naming FILE:LINE:COL and the key, with
// the nearest valid key suggested for a typo.

#include "spec/architecture.h"

#include <cstddef>
#include <string>

namespace headroom::io {

inline constexpr std::size_t kMaxFileBytes = 16u * 1024u * 1024u;  ///< larger files are refused
inline constexpr int kMaxNestingDepth = 64;                        ///< deeper files are refused

/// Reads and parses a file. Throws spec::InputError (bad input, exit code 2).
[[nodiscard]] spec::Architecture loadFile(const std::string& path);

/// Parses YAML text; `fileName` is used in error locations.
[[nodiscard]] spec::Architecture loadString(const std::string& text, const std::string& fileName);

}  // namespace headroom::io
