#pragma once
// What every metric means, once: its name in the JSON, its label for people,
// its unit (and so its formatter), its direction (a limit from above or from
// below), its nature (users feel it, it is a safety margin, or a rule) and
// whether growth can break it. Every writer — the CLI's tables, the JSON,
// CSV and Markdown, the report, the desktop panels, teaching mode — formats a
// metric's value through formatValue() / describe() here, so a count of
// copies never prints as a percentage and a queue's load never as a duration.
// The numbers-for-people formatters by unit live here too (users, money,
// durations, percentages): the GUI and the report call them.

#include "stats/results.h"

#include <string>
#include <string_view>
#include <vector>

namespace headroom::io {

enum class Unit {
    Seconds,   ///< "0.25 ms", "312 ms", "1.25 s", "2.5 min"
    Ratio,     ///< "80.3%"
    Load,      ///< offered load over capacity, "load 1.02"
    Copies,    ///< "1 copy", "3 copies"
    Currency,  ///< "5,000" per month
    Users,     ///< "1,381"
};

/// An "at most" limit breaks when the value rises over it; an "at least" one
/// when the value falls under it.
enum class Direction { AtMost, AtLeast };

/// Roadmap and sweep JSON `nature` of a break (docs/architecture.md; "Breaks named for
/// what they are"): users notice it, it is a safety line before they do, or
/// it is a rule of the plan (availability, budget).
enum class Nature { UserFelt, Margin, Rule };

struct MetricDescriptor {
    std::string_view name;      ///< the JSON `metric`: "p95", "utilization", ...
    std::string_view label;     ///< for people: "p95 response time"
    Unit unit;
    Direction direction;
    Nature nature;
    bool growsWithLoad;         ///< false: growth does not break it (cost is a budget; the hit ratio never falls)
    bool strict;                ///< the limit itself already breaks (consumer load: >= 1)
    std::string_view sentence;  ///< plain-language template: {label}, {where}, {value}, {limit}, {op}
};

/// Every metric the threshold catalogue emits, in catalogue order.
[[nodiscard]] const std::vector<MetricDescriptor>& metrics();
/// The descriptor of `name`; an unknown name gets a plain descriptor
/// (label = name, unit Ratio, at most, margin) so a newer file still prints.
[[nodiscard]] const MetricDescriptor& metric(std::string_view name);

/// "user_felt", "margin" or "rule".
[[nodiscard]] const char* toString(Nature nature);

/// A value of `unit` for people (see Unit). Non-finite values print as "–".
[[nodiscard]] std::string formatValue(Unit unit, double value);
/// The value of metric `name`, through its unit.
[[nodiscard]] std::string formatMetric(std::string_view name, double value);
/// A limit: like formatMetric, without a trailing ".0" ("80%", not "80.0%").
[[nodiscard]] std::string formatLimit(std::string_view name, double limit);
/// "312 ms > 300 ms", "1 copy < 2 copies", "load 1.02 >= 1": value, the
/// comparison that failed (or held), limit.
[[nodiscard]] std::string formatComparison(const stats::ThresholdCheck& check);
/// The descriptor's sentence filled in: "CPU utilisation at vm1 is 80.3%, over the 80% limit".
[[nodiscard]] std::string describe(const stats::ThresholdCheck& check);

/// How far over its limit a check is (> 1 = broken): value/limit for "at
/// most" metrics, limit/value for "at least" ones.
[[nodiscard]] double severity(const stats::ThresholdCheck& check);

// Numbers for people, by unit (the GUI, the report and the writers call these).
[[nodiscard]] std::string formatUsers(double users);        ///< "1,381"
[[nodiscard]] std::string formatMoney(double amount);       ///< "5,000"
[[nodiscard]] std::string formatDurationText(double seconds);  ///< "312 ms", "1.25 s"
[[nodiscard]] std::string formatPercent(double ratio);      ///< "80%", "3.5%", "0.25%"
[[nodiscard]] std::string formatPercentPrecise(double ratio);  ///< one decimal from 10%: "80.3%" (a value beside its limit)
[[nodiscard]] std::string formatRate(double perSecond);     ///< "312 req/s", "2.45 req/s"
/// A study's load: "1,381 users", or "312 req/s" for an open workload (`open`).
[[nodiscard]] std::string formatLoad(double load, bool open);

}  // namespace headroom::io
