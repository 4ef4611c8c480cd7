#pragma once
// Reading the technology catalogue (issue 21; spec/technology_catalogue.h):
// the shipped file resources/catalogue.yaml (compiled into the library, so
// the model needs no path at run time), a user's `--catalogue FILE`, and an
// architecture's `catalogue:` key (same format, read by io/loader). Strict:
// an unknown key, kind or limit is a FILE:LINE:COL error naming it.

#include "spec/technology_catalogue.h"

#include <string>

namespace headroom::io {

/// A catalogue text (the whole format; every part optional) as an override.
[[nodiscard]] spec::CatalogueOverride parseCatalogue(const std::string& text, const std::string& fileName);
/// A catalogue file (throws spec::InputError naming the file when it cannot be read).
[[nodiscard]] spec::CatalogueOverride loadCatalogueFile(const std::string& path);

/// The shipped catalogue: the built-in prices with resources/catalogue.yaml applied.
[[nodiscard]] const spec::TechnologyCatalogue& defaultCatalogue();
/// The shipped file's text (as compiled in).
[[nodiscard]] const std::string& defaultCatalogueText();

}  // namespace headroom::io
