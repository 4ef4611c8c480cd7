#include "io/text_format.h"

#include <cmath>
#include <cstdio>

namespace headroom::io {

std::string groupThousands(double value) {
    const long long rounded = std::llround(value);
    const std::string digits = std::to_string(rounded < 0 ? -rounded : rounded);
    std::string out = rounded < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string formatNumber(const char* format, double value) {
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

}  // namespace headroom::io
