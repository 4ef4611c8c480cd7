#include "io/field_value.h"

#include "io/units.h"

#include <cstdio>

namespace headroom::io {

std::optional<double> parseFieldType(const spec::Field& field, std::string_view text, std::string& error) {
    std::optional<double> v;
    std::string reason;
    switch (field.type) {
        case spec::ValueType::Duration:
        case spec::ValueType::PerClassDuration: v = parseDuration(text, reason); break;
        case spec::ValueType::Ratio: v = parseRatio(text, reason); break;
        case spec::ValueType::Rate: v = parseRate(text, reason); break;
        default: v = parseNumber(text, reason); break;
    }
    if (!v) error = spec::quotedKey(field) + ": " + reason;
    return v;
}

std::optional<double> parseFieldValue(const spec::Field& field, std::string_view text, std::string& error) {
    auto v = parseFieldType(field, text, error);
    if (!v) return v;
    // Show the value as written, without the spaces around it.
    std::string_view shown = text;
    while (!shown.empty() && (shown.front() == ' ' || shown.front() == '\t')) shown.remove_prefix(1);
    while (!shown.empty() && (shown.back() == ' ' || shown.back() == '\t')) shown.remove_suffix(1);
    error = spec::boundError(field, *v, shown);
    if (!error.empty()) return std::nullopt;
    return v;
}

std::string formatFieldValue(const spec::Field& field, double value) {
    char buf[64];
    switch (field.type) {
        case spec::ValueType::Duration:
        case spec::ValueType::PerClassDuration: return formatDuration(value);
        case spec::ValueType::Ratio:
            // Ratios are written as percentages, the way people read SLOs ("99.9%").
            std::snprintf(buf, sizeof buf, "%.10g%%", value * 100.0);
            return buf;
        case spec::ValueType::Rate: std::snprintf(buf, sizeof buf, "%.10g/s", value); return buf;
        case spec::ValueType::Count: std::snprintf(buf, sizeof buf, "%.0f", value); return buf;
        default: std::snprintf(buf, sizeof buf, "%.12g", value); return buf;
    }
}

}  // namespace headroom::io
