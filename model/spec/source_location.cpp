#include "spec/source_location.h"

namespace headroom::spec {

std::string SourceLocation::str() const {
    std::string out = file.empty() ? std::string("<input>") : file;
    if (line > 0) {
        out += ':' + std::to_string(line) + ':' + std::to_string(column > 0 ? column : 1);
    }
    return out;
}

const SourceLocation& KeyLocations::at(const std::string& key, const SourceLocation& fallback) const {
    auto it = keys_.find(key);
    return it == keys_.end() ? fallback : it->second;
}

InputError::InputError(SourceLocation where, const std::string& message)
    : std::runtime_error(where.str() + ": error: " + message), where_(std::move(where)), message_(message) {}

std::string Warning::str() const { return where.str() + ": warning: " + message; }

}  // namespace headroom::spec
