// The format has one owner: spec/field_table.h. This test holds every other
// place to it.
//  - the loader refuses a value just outside each bound of the table, with
//    the table's message, and accepts the bound itself;
//  - spec::validate (graph::build's first step) refuses the same values in a
//    spec made without the loader, at the key's FILE:LINE:COL; every bounded
//    row of the table has a case here, so a new row cannot go unchecked;
//  - docs/headroom.schema.json has exactly the table's keys, and the same
//    bounds, enum names and defaults;
//  - `--users` / `--arrival-rate` on the command line meet the same bounds;
//  - the shared spec edits (ids, connect, rename) behave as the editor and the
//    planner expect.

#include "graph/graph.h"
#include "io/field_value.h"
#include "io/loader.h"
#include "spec/edits.h"
#include "spec/field_table.h"
#include "spec/validate.h"
#include "field_table_cases.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>

namespace {

using namespace headroom;
using namespace headroom::test;
using Json = nlohmann::json;

// How a spec made without the loader sets each bounded row (as an editor or
// a transformation would). A bounded row missing here fails the test.
using Setter = std::function<void(spec::Architecture&, double)>;
std::map<std::string, Setter> setters() {
    auto app = [](spec::Architecture& a) -> spec::Component& { return a.components.front(); };
    auto i = [](double v) { return static_cast<int>(v); };
    std::map<std::string, Setter> s;
    s["workload.users"] = [](auto& a, double v) { a.workload.users = v; };
    s["workload.think_time"] = [](auto& a, double v) { a.workload.thinkTime = v; };
    s["workload.arrival_rate"] = [](auto& a, double v) { a.workload.users.reset(); a.workload.arrivalRate = v; };
    s["mix.share"] = [](auto& a, double v) { a.workload.mix.resize(1); a.workload.mix[0].name = "page"; a.workload.mix[0].share = v; };
    auto step = [](spec::Architecture& a) -> spec::ProfileStep& {
        a.workload.profile.resize(1);
        if (!a.workload.profile[0].users) a.workload.profile[0].users = 10;
        return a.workload.profile[0];
    };
    s["profile.at"] = [step](auto& a, double v) { step(a).at = v; };
    s["profile.users"] = [step](auto& a, double v) { step(a).users = v; };
    s["profile.ramp"] = [step](auto& a, double v) { step(a).ramp = v; };
    s["slo.p95"] = [](auto& a, double v) { a.slo.p95 = v; };
    s["slo.p99"] = [](auto& a, double v) { a.slo.p99 = v; };
    s["slo.error_rate"] = [](auto& a, double v) { a.slo.errorRate = v; };
    s["slo.utilization"] = [](auto& a, double v) { a.slo.utilization = v; };
    s["slo.cache_hit_ratio"] = [](auto& a, double v) { a.slo.cacheHitRatio = v; };
    s["slo.budget_month"] = [](auto& a, double v) { a.slo.budgetMonth = v; };
    s["slo.deploy_wait"] = [](auto& a, double v) { a.slo.deployWait = v; };
    s["slo.cost_per_1000_users"] = [](auto& a, double v) { a.slo.costPer1000Users = v; };
    auto growth = [](spec::Architecture& a) -> spec::Growth& {
        if (!a.growth) a.growth = spec::Growth{}, a.growth->perMonth = 0.1;
        return *a.growth;
    };
    auto team = [growth](spec::Architecture& a) -> spec::Team& {
        if (!growth(a).team) growth(a).team = spec::Team{}, growth(a).team->engineers = 5;
        return *growth(a).team;
    };
    auto milestone = [growth](spec::Architecture& a) -> spec::Milestone& {
        if (growth(a).milestones.empty()) growth(a).perMonth.reset(), growth(a).milestones.emplace_back();
        return growth(a).milestones.front();
    };
    s["growth.users_per_month"] = [growth](auto& a, double v) { growth(a).perMonth = v; };
    s["growth.rows_per_month"] = [growth](auto& a, double v) { growth(a).rowsPerMonth = v; };
    s["milestone.users"] = [milestone](auto& a, double v) { milestone(a).users = v; };
    s["milestone.arrival_rate"] = [milestone](auto& a, double v) { milestone(a).arrivalRate = v; };
    s["team.engineers"] = [team](auto& a, double v) { team(a).engineers = v; };
    s["team.engineers_per_month"] = [team](auto& a, double v) { team(a).engineersPerMonth = v; };
    s["team.changes_per_engineer_day"] = [team](auto& a, double v) { team(a).changesPerEngineerDay = v; };
    s["team.pipeline_time"] = [team](auto& a, double v) { team(a).pipelineTime = v; };
    s["team.services"] = [team, i](auto& a, double v) { team(a).services = i(v); };
    s["resilience.from_users"] = [](auto& a, double v) { a.slo.resilience.fromUsers = v; };
    s["spike.factor"] = [](auto& a, double v) { a.slo.resilience.spike.factor = v; };
    s["spike.ramp"] = [](auto& a, double v) { a.slo.resilience.spike.ramp = v; };
    s["spike.hold"] = [](auto& a, double v) { a.slo.resilience.spike.hold = v; };
    s["spike.react"] = [](auto& a, double v) { a.slo.resilience.spike.react = v; };
    s["spike.per_month"] = [](auto& a, double v) { a.slo.resilience.spike.perMonth = v; };
    s["planning.min_runway"] = [](auto& a, double v) { a.planning.minRunway = v; };
    s["planning.project_cost"] = [](auto& a, double v) { a.planning.projectCost = v; };
    s["host.cores"] = [i](auto& a, double v) { a.hosts.at(0).cores = i(v); };
    s["host.instances"] = [i](auto& a, double v) { a.hosts.at(0).instances = i(v); };
    s["host.cost_month"] = [](auto& a, double v) { a.hosts.at(0).costMonth = v; };
    auto failure = [app](spec::Architecture& a) -> spec::Failure& {
        if (!app(a).failure) app(a).failure = spec::Failure{};
        return *app(a).failure;
    };
    s["failure.at"] = [failure](auto& a, double v) { failure(a).at = v; };
    s["failure.recover_after"] = [failure](auto& a, double v) { failure(a).recoverAfter = v; };
    s["failure.instance"] = [failure, i](auto& a, double v) { failure(a).instance = i(v); };
    s["component.cores"] = [app, i](auto& a, double v) { app(a).cores = i(v); };
    s["component.instances"] = [app, i](auto& a, double v) { app(a).instances = i(v); };
    s["component.cost_month"] = [app](auto& a, double v) { app(a).costMonth = v; };
    s["component.threads"] = [app, i](auto& a, double v) { app(a).threads = i(v); };
    s["component.max_queue"] = [app, i](auto& a, double v) { app(a).maxQueue = i(v); };
    s["component.connections"] = [app, i](auto& a, double v) { app(a).connections = i(v); };
    s["component.demand"] = [app](auto& a, double v) { app(a).demand.fallback = v; };
    s["component.distribution.cv"] = [app](auto& a, double v) {
        app(a).distribution.kind = spec::DistributionKind::Lognormal;
        app(a).distribution.cv = v;
    };
    s["component.distribution.k"] = [app, i](auto& a, double v) {
        app(a).distribution.kind = spec::DistributionKind::Erlang;
        app(a).distribution.k = i(v);
    };
    s["component.timeout"] = [app](auto& a, double v) { app(a).timeout = v; };
    s["component.retries.max"] = [app, i](auto& a, double v) { app(a).retries.max = i(v); };
    s["component.retries.backoff"] = [app](auto& a, double v) { app(a).retries.backoff = v; };
    auto cache = [app](spec::Architecture& a) -> spec::Component& {
        app(a).kind = spec::ComponentKind::Cache;
        return app(a);
    };
    auto derived = [cache](spec::Architecture& a) -> spec::CacheModel& {
        auto& m = cache(a).cache;
        if (!m.keys) m.keys = 100;
        if (!m.capacity) m.capacity = 10;
        return m;
    };
    s["component.hit_ratio"] = [cache](auto& a, double v) { cache(a).cache.hitRatio = v; };
    s["component.hit_ratio.keys"] = [derived](auto& a, double v) { derived(a).keys = v; };
    s["component.hit_ratio.capacity"] = [derived](auto& a, double v) { derived(a).capacity = v; };
    s["component.hit_ratio.zipf"] = [derived](auto& a, double v) { derived(a).zipf = v; };
    s["component.hit_ratio.ttl"] = [derived](auto& a, double v) { derived(a).ttl = v; };
    s["component.latency"] = [app](auto& a, double v) { app(a).kind = spec::ComponentKind::Cdn; app(a).latency = v; };
    s["component.rate_limit"] = [app](auto& a, double v) { app(a).kind = spec::ComponentKind::External; app(a).rateLimit = v; };
    auto db = [app](spec::Architecture& a) -> spec::Component& {
        app(a).kind = spec::ComponentKind::Database;
        return app(a);
    };
    s["component.replicas"] = [db, i](auto& a, double v) { db(a).replicas = i(v); };
    // A negative replica_cost_month means "as the primary" unless the key was written.
    s["component.replica_cost_month"] = [db](auto& a, double v) {
        db(a).replicaCostMonth = v;
        db(a).keys.set("replica_cost_month", db(a).where);
    };
    s["component.shards"] = [db, i](auto& a, double v) { db(a).shards = i(v); };
    // Skew needs both keys or neither: the other one is 0 with a 0, 0.5 otherwise.
    s["component.skew.hot_fraction"] = [db](auto& a, double v) { db(a).skew = {v, v == 0 ? 0.0 : 0.5}; };
    s["component.skew.hot_share"] = [db](auto& a, double v) { db(a).skew = {v == 0 ? 0.0 : 0.5, v}; };
    s["component.data.rows_per_user"] = [app](auto& a, double v) { app(a).data = spec::DataGrowth{}; app(a).data->rowsPerUser = v; };
    s["component.data.base_rows"] = [app](auto& a, double v) { app(a).data = spec::DataGrowth{}; app(a).data->baseRows = v; };
    // Autoscaling: the starting count within [min, max], so only the probed bound can fail.
    auto scaled = [app](spec::Architecture& a) -> spec::Autoscale& {
        if (!app(a).autoscale) app(a).autoscale = spec::Autoscale{};
        return *app(a).autoscale;
    };
    s["component.autoscale.min"] = [app, scaled, i](auto& a, double v) {
        scaled(a).min = i(v);
        scaled(a).max = std::clamp(i(v), 1, 10000);
        app(a).instances = std::clamp(i(v), 1, 10000);
    };
    s["component.autoscale.max"] = [scaled, i](auto& a, double v) { scaled(a).max = i(v); };
    s["component.autoscale.target_utilization"] = [scaled](auto& a, double v) { scaled(a).targetUtilization = v; };
    s["component.autoscale.target_in_flight"] = [scaled](auto& a, double v) { scaled(a).targetInFlight = v; };
    s["component.autoscale.delay"] = [scaled](auto& a, double v) { scaled(a).delay = v; };
    s["component.autoscale.cooldown"] = [scaled](auto& a, double v) { scaled(a).cooldown = v; };
    s["component.autoscale.interval"] = [scaled](auto& a, double v) { scaled(a).interval = v; };
    s["component.admission.max_in_flight"] = [app, i](auto& a, double v) { app(a).admission = spec::Admission{i(v)}; };
    s["component.wakeup"] = [app](auto& a, double v) { app(a).wakeup = v; };  // issue 19
    s["component.wakeup_after"] = [app](auto& a, double v) { app(a).wakeupAfter = v; };
    // storms (issue 17)
    s["component.hit_ratio.ttl_jitter"] = [derived](auto& a, double v) { derived(a).ttlJitter = v; };
    s["component.retry_budget"] = [app](auto& a, double v) { app(a).retryBudget = v; };
    s["component.circuit_breaker.error_rate"] = [app](auto& a, double v) {
        app(a).circuitBreaker = spec::CircuitBreaker{};
        app(a).circuitBreaker->errorRate = v;
    };
    s["component.circuit_breaker.open_for"] = [app](auto& a, double v) {
        app(a).circuitBreaker = spec::CircuitBreaker{};
        app(a).circuitBreaker->openFor = v;
    };
    s["call.visits"] = [app](auto& a, double v) { app(a).calls.at(0).visits = v; };
    return s;
}

// The schema object holding a table's keys.
const Json& resolve(const Json& root, const Json& node) {
    if (node.contains("$ref")) {
        const std::string ref = node["$ref"];
        return resolve(root, root["$defs"][ref.substr(std::string("#/$defs/").size())]);
    }
    return node;
}

// The object form of a node (itself, or its anyOf branch with properties).
const Json& objectForm(const Json& root, const Json& node) {
    const Json& n = resolve(root, node);
    if (n.contains("properties")) return n;
    if (n.contains("anyOf")) {
        for (const auto& branch : n["anyOf"]) {
            const Json& b = resolve(root, branch);
            if (b.contains("properties")) return b;
        }
    }
    throw std::runtime_error("no object form");
}

const Json& tableSchema(const Json& root, const std::string& table) {
    if (table == "architecture") return root;
    if (table == "workload") return root["properties"]["workload"];
    if (table == "mix") return root["properties"]["workload"]["properties"]["mix"]["items"];
    if (table == "profile") return root["properties"]["workload"]["properties"]["profile"]["items"];
    if (table == "slo") return root["properties"]["slo"];
    return objectForm(root, root["$defs"][table]);
}

// The numeric forms of a property: (type, node) of each branch with a "type".
void numericForms(const Json& root, const Json& node, std::vector<const Json*>& out) {
    const Json& n = resolve(root, node);
    if (n.contains("type") && (n["type"] == "integer" || n["type"] == "number")) out.push_back(&n);
    if (n.contains("anyOf")) {
        for (const auto& b : n["anyOf"]) numericForms(root, b, out);
    }
}

std::optional<std::vector<std::string>> enumOf(const Json& root, const Json& node) {
    const Json& n = resolve(root, node);
    if (n.contains("enum")) return n["enum"].get<std::vector<std::string>>();
    if (n.contains("anyOf")) {
        for (const auto& b : n["anyOf"]) {
            if (auto e = enumOf(root, b)) return e;
        }
    }
    return std::nullopt;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

class TestFieldTable : public QObject {
    Q_OBJECT

private slots:
    void tableIsWellFormed() {
        std::set<std::string> tables;
        for (const auto& t : spec::fieldTables()) {
            QVERIFY2(tables.insert(t.name).second, t.name.c_str());
            std::set<std::string> keys;
            for (const auto& f : t.fields) {
                QVERIFY2(keys.insert(f.key).second, f.key.c_str());
                QVERIFY2(!f.doc.empty(), f.key.c_str());
                if (f.type == spec::ValueType::Choice) {
                    QVERIFY2(!f.choices.empty(), f.key.c_str());
                    QVERIFY2(f.defaultValue.empty() || std::count(f.choices.begin(), f.choices.end(), f.defaultValue) == 1,
                             f.key.c_str());
                }
                if (f.type == spec::ValueType::Count) {
                    QVERIFY2(f.bounds.minimum && f.bounds.maximum, f.key.c_str());  // every count has a ceiling
                }
                if (!f.kinds.isAll()) QCOMPARE(t.name, std::string("component"));
                const auto dot = f.key.find('.');
                if (dot != std::string::npos) QVERIFY2(t.find(f.key.substr(0, dot)), f.key.c_str());
                // A default, when given, lies within the bounds.
                if (f.numeric() && !f.defaultValue.empty()) {
                    std::string error;
                    QVERIFY2(io::parseFieldValue(f, f.defaultValue, error).has_value(), (f.key + ": " + error).c_str());
                }
            }
        }
        // Enum names: the table's order is the enums' order, spelled as spec::toString spells them.
        const auto& kinds = spec::field("component", "kind").choices;
        for (size_t i = 0; i < kinds.size(); ++i) QCOMPARE(kinds[i], std::string(spec::toString(static_cast<spec::ComponentKind>(i))));
        QCOMPARE(kinds.size(), size_t(7));
        const auto& disciplines = spec::field("component", "discipline").choices;
        for (size_t i = 0; i < disciplines.size(); ++i) QCOMPARE(disciplines[i], std::string(spec::toString(static_cast<spec::Discipline>(i))));
        const auto& policies = spec::field("component", "policy").choices;
        for (size_t i = 0; i < policies.size(); ++i) QCOMPARE(policies[i], std::string(spec::toString(static_cast<spec::BalancingPolicy>(i))));
        const auto& distributions = spec::field("component", "distribution").choices;
        for (size_t i = 0; i < distributions.size(); ++i) {
            QCOMPARE(distributions[i], std::string(spec::toString(static_cast<spec::DistributionKind>(i))));
        }
        QCOMPARE(distributions.size(), size_t(6));
        // The examples: one place for each of these bounds.
        QCOMPARE(*spec::field("component", "retries.max").bounds.maximum, 20.0);
        QCOMPARE(*spec::field("component", "cores").bounds.maximum, 1024.0);
        QCOMPARE(*spec::field("workload", "users").bounds.maximum, 1e7);
        QCOMPARE(*spec::field("component", "distribution.k").bounds.maximum, 1000.0);
        QCOMPARE(*spec::field("call", "visits").bounds.maximum, 1000.0);
        QCOMPARE(*spec::field("component", "replicas").bounds.maximum, 64.0);
        QCOMPARE(*spec::field("component", "shards").bounds.maximum, 4096.0);
    }

    void messages() {
        // The words every front end shows (the loader, the panel, validate, the CLI).
        QCOMPARE(q(spec::boundError(spec::field("component", "cores"), 2000, "2000")),
                 QStringLiteral("'cores' must be at most 1024, got 2000"));
        QCOMPARE(q(spec::boundError(spec::field("component", "cores"), 0)), QStringLiteral("'cores' must be at least 1, got 0"));
        QCOMPARE(q(spec::boundError(spec::field("component", "cores"), 1.5)), QStringLiteral("'cores' must be a whole number"));
        QCOMPARE(q(spec::boundError(spec::field("workload", "users"), 2e7)),
                 QStringLiteral("'users' must be at most 10,000,000, got 20000000"));
        QCOMPARE(q(spec::boundError(spec::field("component", "timeout"), 0)),
                 QStringLiteral("'timeout' must be greater than zero, got 0s"));
        QCOMPARE(q(spec::boundError(spec::field("call", "visits"), 1001)),
                 QStringLiteral("'visits' must be from 0 to 1000, got 1001"));
        QCOMPARE(q(spec::boundError(spec::field("component", "cost_month"), -1)),
                 QStringLiteral("'cost_month' must not be negative, got -1"));
        QCOMPARE(q(spec::choiceError(spec::field("component", "policy"), "round_robbin")),
                 QStringLiteral("'policy' must be one of round_robin | random | least_connections | power_of_two, got "
                                "'round_robbin' (did you mean 'round_robin'?)"));
        QCOMPARE(q(spec::kindError(spec::field("component", "hit_ratio"), spec::ComponentKind::Service)),
                 QStringLiteral("'hit_ratio' applies to cache and cdn components, not to service"));
        QVERIFY(spec::boundError(spec::field("component", "cores"), 1024).empty());
    }

    // The loader takes its bounds from the table: a value just outside each
    // bound is refused with the table's message, the bound itself accepted.
    void loaderFollowsTable() {
        int checked = 0;
        for (const auto& t : spec::fieldTables()) {
            if (t.name == "architecture") continue;
            for (const auto& f : t.fields) {
                if (!f.numeric() || !f.bounded()) continue;
                const Placement where = placement(t.name, f);
                for (const Probe& p : probes(f)) {
                    const std::string text = written(f, p.value);
                    const std::string yaml = yamlWith(where.section, fill(where.snippet, text, p.value), where.kind);
                    const std::string error = loadError(yaml);
                    const std::string context = t.name + "." + f.key + " = " + text + ": " + error;
                    if (p.inside) {
                        QVERIFY2(error.empty(), context.c_str());
                        continue;
                    }
                    QVERIFY2(!error.empty(), context.c_str());
                    // A value the parser itself refuses (a negative duration) has the parser's words.
                    std::string expected;
                    if (io::parseFieldType(f, text, expected)) expected = spec::boundError(f, p.value, text);
                    QCOMPARE(q(error), q(expected));
                    ++checked;
                }
            }
        }
        QVERIFY(checked >= 60);
    }

    // spec::validate owns every bound: a spec made without the loader meets
    // the same checks, at the key's location when the file wrote it.
    void validateOwnsEveryBound() {
        const auto set = setters();
        const std::string base = yamlWith(Section::Workload, "think_time: 1s");
        const spec::Architecture loaded = io::loadString(base, "t.yaml");
        spec::validate(loaded);
        int checked = 0;
        for (const auto& t : spec::fieldTables()) {
            for (const auto& f : t.fields) {
                if (!f.numeric() || !f.bounded()) continue;
                const std::string name = t.name + "." + f.key;
                auto it = set.find(name);
                QVERIFY2(it != set.end(), ("no validate case for the table's row " + name).c_str());
                for (const Probe& p : probes(f)) {
                    // A count's member is an int: a fraction cannot be set by code.
                    if (f.type == spec::ValueType::Count && p.value != std::floor(p.value)) continue;
                    spec::Architecture a = loaded;
                    it->second(a, p.value);
                    std::string error;
                    try {
                        spec::validate(a);
                    } catch (const spec::InputError& e) {
                        error = e.message();
                    }
                    const std::string context = name + " = " + std::to_string(p.value) + ": " + error;
                    if (p.inside) {
                        QVERIFY2(error.empty(), context.c_str());
                    } else {
                        QCOMPARE(q(error), q(spec::boundError(f, p.value)));
                        // graph::build starts with it.
                        QVERIFY_THROWS_EXCEPTION(spec::InputError, (void)graph::build(a));
                        ++checked;
                    }
                }
            }
        }
        QVERIFY(checked >= 50);
        // Ratios set outside 0..1 by code are refused too.
        spec::Architecture a = loaded;
        a.slo.errorRate = 1.5;
        QVERIFY_THROWS_EXCEPTION(spec::InputError, spec::validate(a));
    }

    void validateNamesTheKeysLocation() {
        const std::string text = yamlWith(Section::Component, "retries: {max: 3}");
        spec::Architecture a = io::loadString(text, "t.yaml");
        a.components.front().retries.max = 25;
        a.components.front().cores = 2000;  // checked before retries (the table's order)
        try {
            spec::validate(a);
            QFAIL("validate accepted cores = 2000");
        } catch (const spec::InputError& e) {
            QCOMPARE(q(e.message()), QStringLiteral("'cores' must be at most 1024, got 2000"));
            // 'cores' was not written: the component's own location.
            QCOMPARE(e.where().line, a.components.front().where.line);
        }
        a.components.front().cores = 2;
        try {
            spec::validate(a);
            QFAIL("validate accepted retries.max = 25");
        } catch (const spec::InputError& e) {
            QCOMPARE(q(e.message()), QStringLiteral("'retries.max' must be at most 20, got 25"));
            // t.yaml line 10 is "    retries: {max: 3}": the nested key `max` at column 15.
            QCOMPARE(q(e.where().str()), QStringLiteral("t.yaml:10:15"));
        }
        // A key of another kind set by code (not written) is refused as if written.
        spec::Architecture b = io::loadString(yamlWith(Section::Workload, "think_time: 1s"), "t.yaml");
        b.components.front().replicas = 2;
        try {
            spec::validate(b);
            QFAIL("validate accepted replicas on a service");
        } catch (const spec::InputError& e) {
            QCOMPARE(q(e.message()), QStringLiteral("'replicas' applies to database components, not to service"));
        }
    }

    // docs/headroom.schema.json is checked against the table: the same keys,
    // bounds, enum names and defaults.
    void schemaFollowsTable() {
        std::ifstream in(HEADROOM_SOURCE_DIR "/docs/headroom.schema.json");
        QVERIFY(in.good());
        const Json root = Json::parse(in);
        int bounds = 0;
        for (const auto& t : spec::fieldTables()) {
            const Json& object = tableSchema(root, t.name);
            // Top-level keys, then each nested mapping's keys.
            std::map<std::string, std::set<std::string>> expected;
            for (const auto& f : t.fields) {
                const auto dot = f.key.find('.');
                if (dot == std::string::npos) expected[""].insert(f.key);
                else expected[f.key.substr(0, dot)].insert(f.key.substr(dot + 1));
            }
            for (const auto& [parent, keys] : expected) {
                const Json& holder =
                    parent.empty() ? object
                    : parent == "distribution" ? objectForm(root, root["$defs"]["distributionParameters"])
                                               : objectForm(root, object["properties"][parent]);
                std::set<std::string> schemaKeys;
                for (const auto& [k, v] : holder["properties"].items()) schemaKeys.insert(k);
                if (schemaKeys != keys) {
                    std::string missing, extra;
                    for (const auto& k : keys) if (!schemaKeys.count(k)) missing += " " + k;
                    for (const auto& k : schemaKeys) if (!keys.count(k)) extra += " " + k;
                    QFAIL((t.name + (parent.empty() ? "" : "." + parent) + ": schema lacks" + missing + "; schema has extra" +
                           extra).c_str());
                }
            }
            for (const auto& f : t.fields) {
                const auto dot = f.key.find('.');
                const std::string parent = dot == std::string::npos ? "" : f.key.substr(0, dot);
                const std::string leaf = dot == std::string::npos ? f.key : f.key.substr(dot + 1);
                const Json& holder =
                    parent.empty() ? object
                    : parent == "distribution" ? objectForm(root, root["$defs"]["distributionParameters"])
                                               : objectForm(root, object["properties"][parent]);
                const Json& property = holder["properties"][leaf];
                const std::string context = t.name + "." + f.key;
                if (f.type == spec::ValueType::Choice) {
                    const Json& node = f.key == "distribution" ? root["$defs"]["distributionName"] : property;
                    auto names = enumOf(root, node);
                    QVERIFY2(names, context.c_str());
                    QVERIFY2(*names == f.choices, context.c_str());
                }
                if ((f.type == spec::ValueType::Count || f.type == spec::ValueType::Number) && f.bounded()) {
                    std::vector<const Json*> forms;
                    numericForms(root, property, forms);
                    QVERIFY2(!forms.empty(), (context + ": no numeric form in the schema").c_str());
                    for (const Json* n : forms) {
                        if (f.type == spec::ValueType::Count) QVERIFY2((*n)["type"] == "integer", context.c_str());
                        const auto& b = f.bounds;
                        const char* lowKey = b.minimumExclusive ? "exclusiveMinimum" : "minimum";
                        QVERIFY2(b.minimum.has_value() == n->contains(lowKey), (context + ": " + lowKey).c_str());
                        if (b.minimum) QVERIFY2((*n)[lowKey].get<double>() == *b.minimum, (context + ": " + lowKey).c_str());
                        QVERIFY2(b.maximum.has_value() == n->contains("maximum"), (context + ": maximum").c_str());
                        if (b.maximum) QVERIFY2((*n)["maximum"].get<double>() == *b.maximum, (context + ": maximum").c_str());
                        ++bounds;
                    }
                }
                if (!f.defaultValue.empty() && property.contains("default")) {
                    const Json& d = property["default"];
                    std::string schemaDefault;
                    if (d.is_string()) schemaDefault = d.get<std::string>();
                    else if (d.is_boolean()) schemaDefault = d.get<bool>() ? "true" : "false";
                    else {
                        char buf[64];
                        std::snprintf(buf, sizeof buf, "%.12g", d.get<double>());
                        schemaDefault = buf;
                    }
                    QVERIFY2(schemaDefault == f.defaultValue, (context + ": default " + schemaDefault).c_str());
                }
            }
        }
        QVERIFY(bounds >= 20);
    }

    // `--users` / `--arrival-rate` meet the same bounds, in one line, exit code 2.
    void cliOverridesMeetBounds_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("users over the cap") << QStringList{"--users", "20000000"}
                                            << "--users: 'users' must be at most 10,000,000, got 20000000";
        QTest::newRow("users zero") << QStringList{"--users", "0"} << "--users: 'users' must be greater than zero, got 0";
        QTest::newRow("rate zero") << QStringList{"--arrival-rate", "0"}
                                   << "--arrival-rate: 'arrival_rate' must be greater than zero, got 0/s";
    }
    void cliOverridesMeetBounds() {
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        QProcess cli;
        cli.start(QStringLiteral(HEADROOM_CLI),
                  QStringList{"simulate", HEADROOM_SOURCE_DIR "/architectures/01-monolith.yaml"} + options);
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 2);
        const QString err = QString::fromUtf8(cli.readAllStandardError()).trimmed();
        QCOMPARE(err.count('\n'), 0);
        QVERIFY2(err.endsWith(message), qPrintable(err));
    }

    void sharedEdits() {
        spec::Architecture a = io::loadString(yamlWith(Section::Workload, "think_time: 1s"), "t.yaml");
        // Ids: components and shared hosts share one namespace; "base", "base-2", ...
        QCOMPARE(spec::uniqueId(a, "cache"), std::string("cache"));
        QCOMPARE(spec::uniqueId(a, "app"), std::string("app-2"));
        QCOMPARE(spec::uniqueId(a, "vm1"), std::string("vm1-2"));
        spec::Component extra;
        extra.id = "app";
        QCOMPARE(spec::addComponent(a, extra, 0), std::string("app-2"));
        QCOMPARE(a.components.front().id, std::string("app-2"));
        // Connect: once, never to itself.
        QVERIFY(spec::connect(a, "app-2", "app"));
        QVERIFY(spec::connect(a, "app-2", "app"));
        QVERIFY(spec::connect(a, "app-2", "app-2"));
        QCOMPARE(a.components.front().calls.size(), size_t(1));
        QVERIFY(!spec::connect(a, "nobody", "app"));
        // Renames follow every reference.
        a.workload.entry = "app";
        spec::renameComponent(a, "app", "web");
        QCOMPARE(*a.workload.entry, std::string("web"));
        QCOMPARE(a.components.front().calls.front().to, std::string("web"));
        a.components[1].host = "vm1";
        spec::renameHost(a, "vm1", "box");
        QCOMPARE(a.hosts.front().id, std::string("box"));
        QCOMPARE(*a.components[1].host, std::string("box"));
        spec::removeComponent(a, "web");
        QVERIFY(a.components.front().calls.empty());
        QVERIFY(!a.workload.entry);
    }
};

QTEST_GUILESS_MAIN(TestFieldTable)
#include "tst_field_table.moc"
