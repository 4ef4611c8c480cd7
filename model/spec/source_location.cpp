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

namespace {

// The CLI prints an error as exactly one line: a key or a name quoted from the
// file may hold a newline (a quoted "a\nb") or other control characters, so
// they are shown escaped.
std::string oneLine(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += ch;
        }
    }
    return out;
}

}  // namespace

InputError::InputError(SourceLocation where, const std::string& message)
    : std::runtime_error(oneLine(where.str() + ": error: " + message)),
      where_(std::move(where)),
      message_(oneLine(message)) {}

std::string Warning::str() const { return where.str() + ": warning: " + message; }

}  // namespace headroom::spec
