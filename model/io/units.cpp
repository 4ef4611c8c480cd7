#include "io/units.h"

#include <charconv>
#include <chrono>
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
        error = "expected a duration such as 250us, 4ms, 1.5s, 10min, 24h or 14d, got '" + std::string(text) + "'";
        return std::nullopt;
    }
    double scale = 0;
    if (unit == "us" || unit == "µs") scale = 1e-6;
    else if (unit == "ms") scale = 1e-3;
    else if (unit == "s") scale = 1.0;
    else if (unit == "min") scale = 60.0;
    else if (unit == "h") scale = 3600.0;
    else if (unit == "d") scale = 86400.0;
    else if (unit == "w") scale = 7 * 86400.0;
    else if (unit.empty() && value == 0.0) scale = 1.0;
    else if (unit.empty()) {
        error = "duration '" + std::string(text) + "' needs a unit (us, ms, s, min, h, d, w)";
        return std::nullopt;
    } else {
        error = "unknown time unit '" + std::string(unit) + "' in '" + std::string(text) + "' (use us, ms, s, min, h, d, w)";
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
    // Whole days (planning lead times, runways) read as days; 24h stays 24h.
    if (seconds > 86400.0 && std::fmod(seconds, 86400.0) == 0.0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.10gd", seconds / 86400.0);
        return buf;
    }
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

namespace {

// Days from civil and back: H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms" (public domain), for the proleptic Gregorian calendar.
int daysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

}  // namespace

std::optional<int> parseIsoDate(std::string_view text, std::string& error) {
    text = trim(text);
    auto bad = [&] {
        error = "expected a date such as 2027-03-01 (YYYY-MM-DD), got '" + std::string(text) + "'";
        return std::nullopt;
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
    int y = 0, m = 0, d = 0;
    auto field = [&](size_t at, size_t n, int& out) {
        auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + at + n, out);
        return ec == std::errc() && ptr == text.data() + at + n;
    };
    if (!field(0, 4, y) || !field(5, 2, m) || !field(8, 2, d)) return bad();
    if (y < 1900 || y > 2999) {
        error = std::string("date '").append(text).append("' is outside the years 1900..2999");
        return std::nullopt;
    }
    static constexpr int monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > monthDays[m - 1] + (m == 2 && leap ? 1 : 0)) {
        error = std::string("'").append(text).append("' is not a calendar date");
        return std::nullopt;
    }
    return daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string formatIsoDate(int days) {
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

int todayDays() {
    using namespace std::chrono;
    return static_cast<int>(floor<days>(system_clock::now()).time_since_epoch().count());
}

}  // namespace headroom::io
