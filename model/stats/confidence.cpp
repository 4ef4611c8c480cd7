#include "stats/confidence.h"

#include <cmath>

namespace headroom::stats {

double studentT975(int df)
{
    // t_{0.975, df}, df = 1..30 (any statistics table, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
    static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                   2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                   2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df < 1)
        return std::nan("");
    if (df <= 30)
        return table[df - 1];
    // Cornish-Fisher: t = z + (z^3 + z)/(4 df) + (5 z^5 + 16 z^3 + 3 z)/(96 df^2).
    const double z = 1.959963984540054;
    const double n = df;
    return z + (z * z * z + z) / (4 * n) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n);
}

SampleSummary summarize(const std::vector<double>& values)
{
    SampleSummary summary;
    const std::size_t n = values.size();
    if (n == 0)
        return summary;
    double sum = 0.0;
    for (double v : values)
        sum += v;
    summary.mean = sum / static_cast<double>(n);
    if (n < 2)
        return summary;
    double squares = 0.0;
    for (double v : values)
        squares += (v - summary.mean) * (v - summary.mean);
    summary.standardDeviation = std::sqrt(squares / static_cast<double>(n - 1));
    const double half = studentT975(static_cast<int>(n - 1)) * summary.standardDeviation / std::sqrt(static_cast<double>(n));
    summary.ci95 = Interval{summary.mean - half, summary.mean + half};
    return summary;
}

}  // namespace headroom::stats
