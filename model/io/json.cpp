#include "io/json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace headroom::io {

Json jsonNumber(double value, int significant) {
    if (!std::isfinite(value)) return nullptr;
    if (value == 0.0) return 0;  // also for -0.0
    // Round through its decimal text: the library then prints the shortest
    // text that reads back as that double, i.e. these digits.
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer - 1, value, std::chars_format::general, significant);
    *result.ptr = '\0';
    const double rounded = std::strtod(buffer, nullptr);
    if (std::abs(rounded) < 9.0e15 && rounded == std::floor(rounded)) return static_cast<long long>(rounded);
    return rounded;
}

Json jsonNumber(const std::optional<double>& value, int significant) {
    return value ? jsonNumber(*value, significant) : Json(nullptr);
}

Json jsonUsers(double users) { return std::isfinite(users) ? Json(std::llround(users)) : Json(nullptr); }

std::string dumpJson(const Json& value) {
    return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace headroom::io
