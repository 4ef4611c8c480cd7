#pragma once
// Internal to io/ (yaml-cpp is private to it): a catalogue mapping already
// parsed, for the architecture loader's `catalogue:` key.

#include "spec/technology_catalogue.h"

#include <yaml-cpp/yaml.h>

#include <string>

namespace headroom::io::detail {

[[nodiscard]] spec::CatalogueOverride readCatalogue(const YAML::Node& node, const std::string& fileName);

}  // namespace headroom::io::detail
