#include "io/metrics.h"

#include "io/text_format.h"

#include <cmath>
#include <cstdio>

namespace headroom::io {

namespace {

const std::vector<MetricDescriptor> kMetrics = {
    {"utilization", "CPU utilisation", Unit::Ratio, Direction::AtMost, Nature::Margin, true, false,
     "{label} at {where} is {value}, {op} the {limit} limit"},
    {"pool", "pool wait (threads or connections)", Unit::Ratio, Direction::AtMost, Nature::Margin, true, false,
     "{value} of requests wait for a pool slot at {where}, {op} the {limit} limit"},
    {"p95", "p95 response time", Unit::Seconds, Direction::AtMost, Nature::UserFelt, true, false,
     "{label} is {value}, {op} the {limit} SLO"},
    {"p99", "p99 response time", Unit::Seconds, Direction::AtMost, Nature::UserFelt, true, false,
     "{label} is {value}, {op} the {limit} SLO"},
    {"error_rate", "error rate", Unit::Ratio, Direction::AtMost, Nature::UserFelt, true, false,
     "{value} of requests fail (rejected or timed out), {op} the {limit} SLO"},
    {"cache_hit_ratio", "cache hit ratio", Unit::Ratio, Direction::AtLeast, Nature::Margin, false, false,
     "{where} answers {value} of lookups, {op} the {limit} target"},
    {"query_time", "query time (data growth)", Unit::Seconds, Direction::AtMost, Nature::Margin, true, false,
     "{where}'s queries take {value} per request, {op} their {limit} share of the p95 budget"},
    {"consumer_lag", "queue consumer load", Unit::Load, Direction::AtMost, Nature::Margin, true, true,
     "the workers at {where} run at {value} (offered work over what they can process), {op} {limit}"},
    {"cost_month", "monthly cost", Unit::Currency, Direction::AtMost, Nature::Rule, false, false,
     "the architecture costs {value} per month, {op} the budget of {limit}"},
    {"deploy_wait", "deploy pipeline wait (team size)", Unit::Seconds, Direction::AtMost, Nature::Rule, false, false,
     "a change waits {value} for {where}, {op} the {limit} limit"},
    {"cost_per_1000_users", "cost per 1,000 users", Unit::Currency, Direction::AtMost, Nature::Rule, false, false,
     "running costs {value} per 1,000 users per month, {op} the bound of {limit}"},
    {"availability", "copies (single point of failure)", Unit::Copies, Direction::AtLeast, Nature::Rule, true, false,
     "{where} runs as {value}, {op} the {limit} the availability rule asks for"},
};

const MetricDescriptor kUnknown = {"", "", Unit::Ratio, Direction::AtMost, Nature::Margin, true, false,
                                   "{label} at {where} is {value}, {op} the {limit} limit"};

std::string trimZeros(std::string text) {
    if (text.find('.') == std::string::npos) return text;
    while (!text.empty() && text.back() == '0') text.pop_back();
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

void replaceAll(std::string& text, std::string_view from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

bool broken(const MetricDescriptor& d, double value, double limit) {
    if (d.direction == Direction::AtLeast) return d.strict ? value <= limit : value < limit;
    return d.strict ? value >= limit : value > limit;
}

std::string opSymbol(const MetricDescriptor& d, bool isBroken) {
    if (d.direction == Direction::AtLeast) return isBroken ? (d.strict ? "<=" : "<") : (d.strict ? ">" : ">=");
    return isBroken ? (d.strict ? ">=" : ">") : (d.strict ? "<" : "<=");
}

}  // namespace

const std::vector<MetricDescriptor>& metrics() { return kMetrics; }

const MetricDescriptor& metric(std::string_view name) {
    for (const auto& d : kMetrics) {
        if (d.name == name) return d;
    }
    return kUnknown;
}

const char* toString(Nature nature) {
    switch (nature) {
        case Nature::UserFelt: return "user_felt";
        case Nature::Rule: return "rule";
        case Nature::Margin: break;
    }
    return "margin";
}

std::string formatUsers(double users) { return std::isfinite(users) ? groupThousands(users) : "–"; }

std::string formatMoney(double amount) { return formatUsers(amount); }

std::string formatDurationText(double seconds) {
    if (!std::isfinite(seconds)) return "–";
    const double ms = seconds * 1000.0;
    if (std::abs(ms) < 1.0) return formatNumber("%.2f ms", ms);
    if (std::abs(ms) < 10.0) return formatNumber("%.1f ms", ms);
    if (std::abs(ms) < 1000.0) return formatNumber("%.0f ms", ms);
    if (seconds < 10.0) return trimZeros(formatNumber("%.2f", seconds)) + " s";  // "1.25 s", "8 s"
    if (seconds < 120.0) return formatNumber("%.1f s", seconds);
    if (seconds < 7200.0) return formatNumber("%.1f min", seconds / 60.0);
    return formatNumber("%.1f h", seconds / 3600.0);
}

std::string formatPercent(double ratio) {
    if (!std::isfinite(ratio)) return "–";
    const double p = ratio * 100.0;
    if (p != 0.0 && std::abs(p) < 1.0) return formatNumber("%.2f%%", p);
    if (std::abs(p) < 10.0 && std::abs(p - std::round(p)) > 0.05) return formatNumber("%.1f%%", p);
    return formatNumber("%.0f%%", p);
}

std::string formatPercentPrecise(double ratio) {
    // One decimal: a value just over its limit must not read "80% > 80%".
    if (std::isfinite(ratio) && std::abs(ratio) >= 0.1) return formatNumber("%.1f%%", ratio * 100.0);
    return formatPercent(ratio);
}

std::string formatRate(double perSecond) {
    if (!std::isfinite(perSecond)) return "–";
    return (std::abs(perSecond) < 10 ? formatNumber("%.2f", perSecond) : groupThousands(perSecond)) + " req/s";
}

std::string formatLoad(double load, bool open) { return open ? formatRate(load) : formatUsers(load) + " users"; }

std::string formatValue(Unit unit, double value) {
    if (!std::isfinite(value)) return "–";
    switch (unit) {
        case Unit::Seconds: return formatDurationText(value);
        case Unit::Ratio: return formatPercentPrecise(value);
        case Unit::Load: return "load " + trimZeros(formatNumber("%.2f", value));
        case Unit::Copies: {
            const long long n = std::llround(value);
            return std::to_string(n) + (n == 1 ? " copy" : " copies");
        }
        case Unit::Currency: return formatMoney(value);
        case Unit::Users: return formatUsers(value);
    }
    return formatNumber("%g", value);
}

std::string formatMetric(std::string_view name, double value) { return formatValue(metric(name).unit, value); }

std::string formatLimit(std::string_view name, double limit) {
    std::string text = formatMetric(name, limit);
    if (const auto at = text.find(".0%"); at != std::string::npos && at + 3 == text.size()) text.erase(at, 2);
    return text;
}

std::string formatComparison(const stats::ThresholdCheck& check) {
    const MetricDescriptor& d = metric(check.metric);
    return formatMetric(check.metric, check.value) + " " + opSymbol(d, !check.ok) + " " +
           formatLimit(check.metric, check.limit);
}

std::string describe(const stats::ThresholdCheck& check) {
    const MetricDescriptor& d = metric(check.metric);
    std::string text(d.sentence);
    const bool isBroken = broken(d, check.value, check.limit) || !check.ok;
    const std::string op = d.direction == Direction::AtLeast ? (isBroken ? "under" : "within")
                                                             : (isBroken ? "over" : "within");
    replaceAll(text, "{label}", std::string(d.label.empty() ? std::string_view(check.metric) : d.label));
    replaceAll(text, "{where}", check.where);
    replaceAll(text, "{value}", formatMetric(check.metric, check.value));
    replaceAll(text, "{limit}", formatLimit(check.metric, check.limit));
    replaceAll(text, "{op}", op);
    return text;
}

double severity(const stats::ThresholdCheck& check) {
    if (metric(check.metric).direction == Direction::AtLeast) {
        return check.value > 0 ? check.limit / check.value : 1e9;
    }
    if (check.limit <= 0) return check.value > 0 ? 1e9 : 0.0;
    return check.value / check.limit;
}

}  // namespace headroom::io
