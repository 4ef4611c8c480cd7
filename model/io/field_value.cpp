#include "io/field_value.h"

#include "io/units.h"

#include <cmath>
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

// ---- Uncertain values (issue 20) ----

namespace {

// Where the `±` (UTF-8) or `+-` of `text` is, and its length; npos when none.
std::pair<size_t, size_t> plusMinusAt(std::string_view text) {
    if (const size_t at = text.find("\xC2\xB1"); at != std::string_view::npos) return {at, 2};
    if (const size_t at = text.find("+-"); at != std::string_view::npos) return {at, 2};
    return {std::string_view::npos, 0};
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

bool isPlusMinus(std::string_view text) { return plusMinusAt(text).first != std::string_view::npos; }

std::optional<UncertainRange> parsePlusMinus(const spec::Field& field, std::string_view text, std::string& error) {
    const auto [at, length] = plusMinusAt(text);
    if (at == std::string_view::npos) {
        error = spec::quotedKey(field) + ": expected CENTER ± SPREAD, got '" + std::string(trimmed(text)) + "'";
        return std::nullopt;
    }
    const std::string_view centerText = trimmed(text.substr(0, at));
    const std::string_view spreadText = trimmed(text.substr(at + length));
    const auto center = parseFieldType(field, centerText, error);
    if (!center) return std::nullopt;
    UncertainRange range;
    if (!spreadText.empty() && spreadText.back() == '%') {
        // Relative: `20ms ± 30%` is 14ms to 26ms. For a ratio too (`80% ± 10%` is 72% to 88%).
        std::string reason;
        const auto percent = parseNumber(spreadText.substr(0, spreadText.size() - 1), reason);
        if (!percent || *percent < 0.0) {
            error = spec::quotedKey(field) + ": the spread after ± must be a percentage >= 0 or a value, got '" +
                    std::string(spreadText) + "'";
            return std::nullopt;
        }
        if (*percent > 100.0 && *center > 0.0) {
            error = spec::quotedKey(field) + ": ± " + std::string(spreadText) +
                    " would make it negative (a relative spread is at most 100%)";
            return std::nullopt;
        }
        const double spread = std::abs(*center) * *percent / 100.0;
        range = {*center - spread, *center + spread};
    } else {
        const auto spread = parseFieldType(field, spreadText, error);
        if (!spread) return std::nullopt;
        if (*spread < 0.0) {
            error = spec::quotedKey(field) + ": the spread after ± must not be negative, got '" + std::string(spreadText) + "'";
            return std::nullopt;
        }
        range = {*center - *spread, *center + *spread};
    }
    error = uncertainRangeError(field, range.low, range.high);
    if (!error.empty()) return std::nullopt;
    return range;
}

std::string uncertainRangeError(const spec::Field& field, double low, double high) {
    if (!(low <= high)) {
        return spec::quotedKey(field) + ": low (" + formatFieldValue(field, low) + ") is above high (" +
               formatFieldValue(field, high) + ")";
    }
    // A count's range is sampled and rounded: its ends are checked rounded.
    const bool whole = field.type == spec::ValueType::Count;
    for (const double end : {low, high}) {
        const double v = whole ? std::round(end) : end;
        if (const std::string e = spec::boundError(field, v); !e.empty()) {
            return e + " (the range " + formatFieldValue(field, low) + " to " + formatFieldValue(field, high) + ")";
        }
    }
    return {};
}

// ---- end uncertain values ----

}  // namespace headroom::io
