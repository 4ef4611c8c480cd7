// JSON and table forms of a study under uncertain inputs.

#include "roadmap/uncertainty_writer.h"

#include "io/json.h"
#include "io/metrics.h"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace headroom::roadmap {

namespace {

using io::Json;

constexpr int kPartVersion = 2;  // 2: a break carries its bracket's holding end

// Exact: a part's numbers go back in as they came out (nlohmann writes doubles round-trip).
Json exact(const std::optional<double>& v) { return v && std::isfinite(*v) ? Json(*v) : Json(nullptr); }

Json users(double v) { return std::isfinite(v) ? io::jsonUsers(v) : Json(nullptr); }

template <class T>
T get(const Json& j, const char* key) {
    if (!j.is_object() || !j.contains(key)) throw std::invalid_argument(std::string("missing '") + key + "'");
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw std::invalid_argument(std::string("'") + key + "' has the wrong type");
    }
}

std::optional<double> optionalNumber(const Json& j, const char* key) {
    if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
    return get<double>(j, key);
}

}  // namespace

std::string partToJson(const UncertaintyStudyPart& part) {
    const UncertaintyStudySetup& s = part.setup;
    Json j;
    j["headroom_study_part"] = kPartVersion;
    j["architecture"] = s.architecture;
    j["method"] = s.method;
    j["samples"] = s.samples;
    j["seed"] = s.seed;
    j["from"] = s.from;
    j["target"] = s.target;
    j["shard"] = Json::array({part.shard + 1, part.shardCount});
    Json inputs = Json::array();
    for (const auto& in : s.inputs) {
        inputs.push_back(Json{{"name", in.name}, {"line", in.where.line}, {"column", in.where.column},
                              {"low", in.low}, {"high", in.high}, {"whole", in.whole}});
    }
    j["inputs"] = inputs;
    j["midpoint"] = Json{{"users", exact(s.midpointBreak)}, {"metric", s.midpointMetric}, {"where", s.midpointWhere}};
    Json phases = Json::array();
    for (const auto& p : s.phases) {
        Json builds = Json::array();
        for (const auto& [id, params] : p.buildsBefore) {
            builds.push_back(Json{{"transformation", id}, {"target", params.target}, {"count", params.count},
                                  {"hit_ratio", params.hitRatio}});
        }
        phases.push_back(Json{{"users_from", p.usersFrom}, {"users_to", p.usersTo}, {"holds_to", p.holdsTo},
                              {"breaks", p.breaks}, {"builds_before", builds}});
    }
    j["phases"] = phases;
    Json outcomes = Json::array();
    for (const auto& o : part.outcomes) {
        Json holds = Json::array();
        for (bool h : o.phaseHolds) holds.push_back(h);
        outcomes.push_back(Json{{"index", o.index},
                                {"values", o.values},
                                {"break", o.breakUsers ? Json{{"users", *o.breakUsers}, {"holds_to", o.breakHoldsTo},
                                                                              {"metric", o.metric}, {"where", o.where}}
                                                       : Json(nullptr)},
                                {"phase_holds", holds}});
    }
    j["outcomes"] = outcomes;
    return io::dumpJson(j);
}

UncertaintyStudyPart partFromJson(const std::string& text) {
    Json j;
    try {
        j = Json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("not JSON: ") + e.what());
    }
    if (!j.is_object() || !j.contains("headroom_study_part")) {
        throw std::invalid_argument("not a study part (written by 'headroom-cli study --shard K/N -o FILE')");
    }
    if (get<int>(j, "headroom_study_part") != kPartVersion) throw std::invalid_argument("a study part of another version");
    UncertaintyStudyPart part;
    UncertaintyStudySetup& s = part.setup;
    s.architecture = get<std::string>(j, "architecture");
    s.method = get<std::string>(j, "method");
    s.samples = get<std::size_t>(j, "samples");
    s.seed = get<std::uint64_t>(j, "seed");
    s.from = get<double>(j, "from");
    s.target = get<double>(j, "target");
    const auto shard = get<std::vector<std::size_t>>(j, "shard");
    if (shard.size() != 2 || shard[0] < 1 || shard[0] > shard[1]) throw std::invalid_argument("'shard' must be [K, N]");
    part.shard = shard[0] - 1;
    part.shardCount = shard[1];
    for (const auto& in : get<Json>(j, "inputs")) {
        spec::UncertainValue u;
        u.name = get<std::string>(in, "name");
        u.where.line = get<int>(in, "line");
        u.where.column = get<int>(in, "column");
        u.low = get<double>(in, "low");
        u.high = get<double>(in, "high");
        u.whole = get<bool>(in, "whole");
        s.inputs.push_back(u);
    }
    const Json mid = get<Json>(j, "midpoint");
    s.midpointBreak = optionalNumber(mid, "users");
    s.midpointMetric = get<std::string>(mid, "metric");
    s.midpointWhere = get<std::string>(mid, "where");
    for (const auto& p : get<Json>(j, "phases")) {
        PlannedPhase planned;
        planned.usersFrom = get<double>(p, "users_from");
        planned.usersTo = get<double>(p, "users_to");
        planned.holdsTo = get<double>(p, "holds_to");
        planned.breaks = get<std::string>(p, "breaks");
        for (const auto& b : get<Json>(p, "builds_before")) {
            TransformationParams params;
            params.target = get<std::string>(b, "target");
            params.count = get<int>(b, "count");
            params.hitRatio = get<double>(b, "hit_ratio");
            planned.buildsBefore.emplace_back(get<std::string>(b, "transformation"), params);
        }
        s.phases.push_back(std::move(planned));
    }
    for (const auto& o : get<Json>(j, "outcomes")) {
        SampleOutcome out;
        out.index = get<std::size_t>(o, "index");
        out.values = get<std::vector<double>>(o, "values");
        if (out.values.size() != s.inputs.size()) throw std::invalid_argument("a sample's values do not match the inputs");
        const Json& b = o.at("break");
        if (!b.is_null()) {
            out.breakUsers = get<double>(b, "users");
            out.breakHoldsTo = get<double>(b, "holds_to");
            out.metric = get<std::string>(b, "metric");
            out.where = get<std::string>(b, "where");
        }
        out.phaseHolds = get<std::vector<bool>>(o, "phase_holds");
        part.outcomes.push_back(std::move(out));
    }
    return part;
}

std::string toJson(const UncertaintyStudyPart& whole, const UncertaintySummary& summary) {
    const UncertaintyStudySetup& s = whole.setup;
    Json j;
    j["architecture"] = s.architecture;
    j["method"] = s.method;
    j["samples"] = s.samples;
    j["seed"] = s.seed;
    j["from"] = io::jsonUsers(s.from);
    j["target"] = io::jsonUsers(s.target);
    Json inputs = Json::array();
    for (const auto& in : s.inputs) {
        inputs.push_back(Json{{"name", in.name}, {"line", in.where.line}, {"column", in.where.column},
                              {"low", io::jsonNumber(in.low)}, {"high", io::jsonNumber(in.high)}});
    }
    j["inputs"] = inputs;
    j["midpoint"] = Json{{"first_break", s.midpointBreak ? Json{{"users", io::jsonUsers(*s.midpointBreak)},
                                                                 {"metric", s.midpointMetric}, {"where", s.midpointWhere}}
                                                          : Json(nullptr)}};
    // Percentiles in users; null = above the target (that share of samples holds to it).
    j["first_break"] = Json{{"p5", users(summary.p5)},   {"p10", users(summary.p10)}, {"p50", users(summary.p50)},
                            {"p90", users(summary.p90)}, {"p95", users(summary.p95)},
                            {"holds_to_target", io::jsonNumber(summary.holdsToTarget, 4)}};
    Json first = Json::array();
    for (const auto& b : summary.breaksFirst) {
        first.push_back(Json{{"metric", b.metric}, {"where", b.where}, {"count", b.count}, {"share", io::jsonNumber(b.share, 4)}});
    }
    j["breaks_first"] = first;
    Json phases = Json::array();
    for (const auto& p : summary.phases) {
        phases.push_back(Json{{"phase", p.phase}, {"users_from", io::jsonUsers(p.usersFrom)}, {"users_to", io::jsonUsers(p.usersTo)},
                              {"breaks", p.breaks}, {"holds_probability", io::jsonNumber(p.probability, 4)}});
    }
    j["phases"] = phases;
    Json sensitivity = Json::array();
    for (const auto& in : summary.sensitivity) {
        sensitivity.push_back(Json{{"input", in.name}, {"rank_correlation", io::jsonNumber(in.rankCorrelation, 4)},
                                   {"break_when_low", users(in.breakWhenLow)}, {"break_when_high", users(in.breakWhenHigh)}});
    }
    j["sensitivity"] = sensitivity;
    return io::dumpJson(j);
}

std::string toTable(const UncertaintyStudyPart& whole, const UncertaintySummary& summary) {
    const UncertaintyStudySetup& s = whole.setup;
    // +infinity: samples that hold to the target; NaN: no sample (a fifth of a range with fewer than 5 samples).
    auto u = [](double v) {
        return std::isfinite(v) ? io::formatUsers(v) : std::isnan(v) ? std::string("no sample") : std::string("above the target");
    };
    std::ostringstream out;
    out << s.architecture << ": " << s.samples << " samples (Latin hypercube, seed " << s.seed << ") over "
        << s.inputs.size() << " uncertain inputs, breaks placed by " << s.method << "\n\n";
    out << "First break (users):  P5 " << u(summary.p5) << "   P10 " << u(summary.p10) << "   P50 " << u(summary.p50)
        << "   P90 " << u(summary.p90) << "   P95 " << u(summary.p95) << '\n';
    out << "  80% interval: " << u(summary.p10) << " to " << u(summary.p90) << " users";
    if (s.midpointBreak) out << "; the midpoint (every other command's answer): " << u(*s.midpointBreak);
    out << '\n';
    if (summary.holdsToTarget > 0) {
        out << "  " << io::formatPercent(summary.holdsToTarget) << " of samples hold to " << u(s.target) << " users\n";
    }
    out << "\nWhat breaks first:\n";
    for (const auto& b : summary.breaksFirst) {
        out << "  " << io::formatPercent(b.share) << "  " << b.metric << " at " << b.where << " (" << b.count << " samples)\n";
    }
    if (!summary.phases.empty()) {
        out << "\nProbability each phase of the midpoint plan holds its band:\n";
        for (const auto& p : summary.phases) {
            out << "  phase " << p.phase << "  " << u(p.usersFrom) << " to " << u(p.usersTo) << " users (breaks: "
                << p.breaks << ")  " << io::formatPercent(p.probability) << '\n';
        }
    }
    out << "\nWhat moves the first break most (Spearman rank correlation; median break with the input\n"
           "in the lowest and the highest fifth of its range):\n";
    for (const auto& in : summary.sensitivity) {
        char rho[32];
        std::snprintf(rho, sizeof rho, "%+.2f", in.rankCorrelation);
        out << "  " << rho << "  " << in.name << "  (" << u(in.breakWhenLow) << " when low, " << u(in.breakWhenHigh)
            << " when high)\n";
    }
    return out.str();
}

}  // namespace headroom::roadmap
