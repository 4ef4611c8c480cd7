#pragma once
// The field table's rows as test cases, shared by tst_field_table (loader,
// validate, schema) and tst_gui_field_table (the property panel): a small
// valid file with one row's value written in, the values just outside each
// bound, and the loader's message for a file.

#include "io/loader.h"
#include "spec/field_table.h"

#include <cstdio>
#include <string>
#include <vector>

namespace headroom::test {

// A small valid file; `snippet` goes into the mapping named by `section`.
enum class Section { Workload, Slo, Host, Component, Failure, Profile, Mix, Call, Growth, Milestone, Team, Planning };

inline std::string yamlWith(Section section, const std::string& snippet, const std::string& kind = "service") {
    const bool w = section == Section::Workload, s = section == Section::Slo, h = section == Section::Host;
    const bool c = section == Section::Component, f = section == Section::Failure, p = section == Section::Profile;
    const bool m = section == Section::Mix, call = section == Section::Call;
    std::string out = "name: table test\nworkload:\n";
    if (!w || (snippet.rfind("users:", 0) != 0 && snippet.rfind("arrival_rate:", 0) != 0)) out += "  users: 100\n";
    if (w) out += "  " + snippet + "\n";
    if (p) out += "  profile:\n    - {" + snippet + "}\n";
    if (m) out += "  mix:\n    - {class: page, " + snippet + "}\n";
    if (s) out += "slo:\n  " + snippet + "\n";
    out += "hosts:\n  - {id: vm1, " + (h ? snippet : std::string("cores: 2")) + "}\n";
    out += "components:\n  - id: app\n";
    if (!(c && snippet.rfind("kind:", 0) == 0)) out += "    kind: " + kind + "\n";
    if (!(c && snippet.rfind("demand:", 0) == 0)) out += "    demand: 1ms\n";
    if (c && !snippet.empty()) out += "    " + snippet + "\n";
    if (f) out += "    failure: {" + snippet + "}\n";
    out += call ? "    calls: [{to: db, " + snippet + "}]\n" : "    calls: [{to: db}]\n";
    out += "  - {id: db, kind: database, cores: 2, demand: 1ms}\n";
    if (section == Section::Growth) out += "growth: {today: 2026-12-01, " + snippet + "}\n";
    if (section == Section::Milestone) out += "growth:\n  today: 2026-12-01\n  milestones:\n    - {date: 2027-06-01, " + snippet + "}\n";
    if (section == Section::Team) out += "growth:\n  users_per_month: 10%\n  team: {" + snippet + "}\n";
    if (section == Section::Planning) out += "planning: {" + snippet + "}\n";
    return out;
}

// Where each table's rows are written, and how a nested row is spelled.
struct Placement {
    Section section;
    std::string snippet;  ///< with %s for the value
    std::string kind = "service";
};

inline Placement placement(const std::string& table, const spec::Field& f) {
    const std::string& key = f.key;
    std::string kind = f.kinds.isAll() ? "service" : spec::toString(f.kinds.kinds().front());
    // The panel offers a pool and data growth on databases (or where one is set).
    if (key == "connections" || key.rfind("data.", 0) == 0) kind = "database";
    if (table == "workload") return {Section::Workload, key + ": %s"};
    if (table == "slo") return {Section::Slo, key + ": %s"};
    if (table == "resilience") return {Section::Slo, "resilience: {" + key + ": %s}"};
    if (table == "spike") return {Section::Slo, "resilience: {spike: {" + key + ": %s}}"};
    if (table == "host") return {Section::Host, key + ": %s"};
    if (table == "failure") return {Section::Failure, key == "at" ? "at: %s" : "at: 1s, " + key + ": %s"};
    if (table == "profile") {
        if (key == "at") return {Section::Profile, "at: %s, users: 10"};
        if (key == "users" || key == "arrival_rate") return {Section::Profile, "at: 0s, " + key + ": %s"};
        return {Section::Profile, "at: 0s, users: 10, " + key + ": %s"};
    }
    if (table == "mix") return {Section::Mix, key + ": %s"};
    if (table == "growth") return {Section::Growth, key == "users_per_month" ? key + ": %s" : "users_per_month: 10%, " + key + ": %s"};
    if (table == "milestone") return {Section::Milestone, key + ": %s"};
    if (table == "team") return {Section::Team, key == "engineers" ? "engineers: %s" : "engineers: 5, " + key + ": %s"};
    if (table == "planning") return {Section::Planning, key + ": %s"};
    if (table == "call") return {Section::Call, key + ": %s"};
    if (key == "distribution.k") return {Section::Component, "distribution: {erlang: {k: %s}}"};
    if (key == "distribution.cv") return {Section::Component, "distribution: {lognormal: {cv: %s}}"};
    if (key.rfind("retries.", 0) == 0) return {Section::Component, "retries: {" + key.substr(8) + ": %s}"};
    if (key.rfind("hit_ratio.", 0) == 0) {
        const std::string sub = key.substr(10);
        std::string rest = sub == "keys" ? "capacity: 10" : sub == "capacity" ? "keys: 100" : "keys: 100, capacity: 10";
        return {Section::Component, "hit_ratio: {" + rest + ", " + sub + ": %s}", kind};
    }
    if (key.rfind("skew.", 0) == 0) {
        // The other key is 0 with a 0 and 0.5 otherwise: skew needs both or neither.
        const std::string other = key == "skew.hot_fraction" ? "hot_share" : "hot_fraction";
        return {Section::Component, "skew: {" + key.substr(5) + ": %s, " + other + ": %o}", kind};
    }
    if (key == "autoscale.max") return {Section::Component, "autoscale: {max: %s}", kind};
    if (key == "autoscale.min") return {Section::Component, "autoscale: {max: 10000, min: %s}", kind};
    if (key.rfind("autoscale.", 0) == 0) return {Section::Component, "autoscale: {max: 2, " + key.substr(10) + ": %s}", kind};
    if (key.rfind("admission.", 0) == 0) return {Section::Component, "admission: {" + key.substr(10) + ": %s}", kind};
    if (key.rfind("circuit_breaker.", 0) == 0) return {Section::Component, "circuit_breaker: {" + key.substr(16) + ": %s}", kind};
    if (key.rfind("data.", 0) == 0) {
        const std::string sub = key.substr(5);
        return {Section::Component, sub == "rows_per_user" ? "data: {rows_per_user: %s}" : "data: {rows_per_user: 1, " + sub + ": %s}", kind};
    }
    return {Section::Component, key + ": %s", kind};
}

inline std::string fill(std::string snippet, const std::string& value, double number) {
    if (auto at = snippet.find("%s"); at != std::string::npos) snippet.replace(at, 2, value);
    if (auto at = snippet.find("%o"); at != std::string::npos) snippet.replace(at, 2, number == 0 ? "0" : "0.5");
    return snippet;
}

// `value` written with the unit its row takes.
inline std::string written(const spec::Field& f, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.12g", value);
    std::string s = buf;
    if (f.type == spec::ValueType::Duration || f.type == spec::ValueType::PerClassDuration) return s + "s";
    if (f.type == spec::ValueType::Rate) return s + "/s";
    return s;
}

// Error message (after "error: ") of loading `text`, or "" when it loads.
inline std::string loadError(const std::string& text) {
    try {
        (void)io::loadString(text, "t.yaml");
    } catch (const spec::InputError& e) {
        return e.message();
    }
    return {};
}

// Values just outside each bound, and the bounds themselves.
struct Probe {
    double value;
    bool inside;
};

inline std::vector<Probe> probes(const spec::Field& f) {
    std::vector<Probe> out;
    const auto& b = f.bounds;
    if (b.minimum) {
        out.push_back({*b.minimum, !b.minimumExclusive});
        if (*b.minimum > 0 || f.type == spec::ValueType::Count || f.type == spec::ValueType::Number) {
            out.push_back({*b.minimum - 1, false});
        }
    }
    if (b.maximum) {
        out.push_back({*b.maximum, true});
        out.push_back({*b.maximum + 1, false});
    }
    if (f.type == spec::ValueType::Count && b.minimum) out.push_back({*b.minimum + 0.5, false});
    return out;
}

}  // namespace headroom::test
