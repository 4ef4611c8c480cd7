#include "io/units.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace headroom::io {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Splits "12.5ms" into 12.5 and "ms". Returns false when no number leads.
bool splitNumber(std::string_view text, double& value, std::string_view& unit) {
    text = trim(text);
    if (text.empty()) return false;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (*begin == '+') ++begin;  // from_chars does not take a leading '+'
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc()) return false;
    unit = trim(std::string_view(ptr, static_cast<size_t>(end - ptr)));
    return true;
}

}  // namespace

std::optional<double> parseNumber(std::string_view text, std::string& error) {
    double value = 0;
    std::string_view unit;
    if (!splitNumber(text, value, unit) || !unit.empty()) {
        error = "expected a number, got '" + std::string(text) + "'";
        return std::nullopt;
    }
    if (!std::isfinite(value)) {
        error = "expected a finite number, got '" + std::string(text) + "'";
        return std::nullopt;
    }
    return value;
}

std::optional<double> parseDuration(std::string_view text, std::string& error) {
    double value = 0;
    std::string_view unit;
    if (!splitNumber(text, value, unit) || !std::isfinite(value)) {
        error = "expected a duration such as 250us, 4ms, 1.5s, 10min or 24h, got '" + std::string(text) + "'";
        return std::nullopt;
    }
    double scale = 0;
    if (unit == "us" || unit == "µs") scale = 1e-6;
    else if (unit == "ms") scale = 1e-3;
    else if (unit == "s") scale = 1.0;
    else if (unit == "min") scale = 60.0;
    else if (unit == "h") scale = 3600.0;
    else if (unit.empty() && value == 0.0) scale = 1.0;
    else if (unit.empty()) {
        error = "duration '" + std::string(text) + "' needs a unit (us, ms, s, min, h)";
        return std::nullopt;
    } else {
        error = "unknown time unit '" + std::string(unit) + "' in '" + std::string(text) + "' (use us, ms, s, min, h)";
        return std::nullopt;
    }
    if (value < 0) {
        error = "duration '" + std::string(text) + "' is negative";
        return std::nullopt;
    }
    return value * scale;
}

std::optional<double> parseRatio(std::string_view text, std::string& error) {
    double value = 0;
    std::string_view unit;
    if (!splitNumber(text, value, unit) || !std::isfinite(value) || !(unit.empty() || unit == "%")) {
        error = "expected a ratio such as 0.8 or 80%, got '" + std::string(text) + "'";
        return std::nullopt;
    }
    if (unit == "%") value /= 100.0;
    if (value < 0.0 || value > 1.0) {
        error = "ratio '" + std::string(text) + "' is outside 0..1 (0%..100%)";
        return std::nullopt;
    }
    return value;
}

std::optional<double> parseRate(std::string_view text, std::string& error) {
    double value = 0;
    std::string_view unit;
    if (!splitNumber(text, value, unit) || !std::isfinite(value)) {
        error = "expected a rate such as 240/s, got '" + std::string(text) + "'";
        return std::nullopt;
    }
    double scale = 0;
    if (unit.empty() || unit == "/s") scale = 1.0;
    else if (unit == "/min") scale = 1.0 / 60.0;
    else if (unit == "/h") scale = 1.0 / 3600.0;
    else {
        error = "unknown rate unit '" + std::string(unit) + "' in '" + std::string(text) + "' (use /s, /min, /h)";
        return std::nullopt;
    }
    if (value < 0) {
        error = "rate '" + std::string(text) + "' is negative";
        return std::nullopt;
    }
    return value * scale;
}

std::string formatDuration(double seconds) {
    struct Unit { const char* name; double scale; };
    static constexpr Unit units[] = {{"h", 3600.0}, {"min", 60.0}, {"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}};
    if (seconds == 0.0) return "0s";
    for (const auto& u : units) {
        const double v = seconds / u.scale;
        if (v >= 1.0 || u.scale == 1e-6) {
            char buf[64];
            // %.10g keeps the value exact enough to round-trip the durations users type.
            std::snprintf(buf, sizeof buf, "%.10g%s", v, u.name);
            return buf;
        }
    }
    return std::to_string(seconds) + "s";
}

}  // namespace headroom::io
