#include "io/loader.h"

#include "io/catalogue_yaml.h"
#include "io/field_value.h"
#include "io/units.h"
#include "spec/field_table.h"
#include "spec/nearest_name.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>

namespace headroom::io {

using spec::InputError;
using spec::KeyLocations;
using spec::SourceLocation;

namespace {

class Reader;

// One YAML mapping read strictly: every key must be a row of its field table
// (spec/field_table.h), or of a nested part of one ("retries" -> "retries.max").
class Map {
public:
    /// The mapping of `table` (prefix empty) or of its nested key `prefix`
    /// ("retries"); `what` names it in errors (default: the table's or the prefix).
    Map(const YAML::Node& node, const Reader& reader, const spec::FieldTable& table, std::string prefix = {},
        std::string what = {});

    [[nodiscard]] bool has(const std::string& key) const { return values_.count(key) != 0; }
    [[nodiscard]] const YAML::Node& value(const std::string& key) const { return values_.at(key); }
    [[nodiscard]] SourceLocation keyLocation(const std::string& key) const;
    [[nodiscard]] SourceLocation location() const;
    /// Records the location of every key into `keys` (for later errors),
    /// nested keys under their dotted path ("retries.max").
    void record(KeyLocations& keys) const;

    /// A count, number, duration, ratio or rate, by the key's row: its type,
    /// its unit and its bounds (the table's message, at the value).
    [[nodiscard]] std::optional<double> quantity(const std::string& key) const;
    [[nodiscard]] std::optional<int> count(const std::string& key) const;
    [[nodiscard]] std::optional<std::string> text(const std::string& key) const;
    [[nodiscard]] std::optional<bool> flag(const std::string& key) const;
    /// One of the row's choices, as `options` maps them.
    template <class Enum>
    [[nodiscard]] std::optional<Enum> choice(const std::string& key,
                                             const std::vector<std::pair<std::string, Enum>>& options) const;
    [[nodiscard]] const spec::Field& row(const std::string& key) const;

private:
    const Reader& reader_;
    const spec::FieldTable& table_;
    std::string prefix_;
    YAML::Node node_;
    std::map<std::string, YAML::Node> values_;
    std::map<std::string, YAML::Mark> keyMarks_;
};

class Reader {
public:
    explicit Reader(std::string file, const std::vector<double>* sampled = nullptr)
        : file_(std::move(file)), sampled_(sampled) {}

    [[nodiscard]] SourceLocation at(const YAML::Mark& mark) const {
        if (mark.line < 0) return SourceLocation{file_, 0, 0};
        return SourceLocation{file_, mark.line + 1, mark.column + 1};
    }
    [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
        throw InputError(at(node.Mark()), message);
    }
    [[noreturn]] void fail(const SourceLocation& where, const std::string& message) const {
        throw InputError(where, message);
    }

    std::string scalar(const YAML::Node& node, const std::string& key) const {
        if (!node.IsScalar()) fail(node, "'" + key + "' must be a single value, not a " + kindName(node));
        return node.Scalar();
    }

    static std::string kindName(const YAML::Node& node) {
        switch (node.Type()) {
            case YAML::NodeType::Map: return "mapping";
            case YAML::NodeType::Sequence: return "list";
            case YAML::NodeType::Null: return "empty value";
            default: return "value";
        }
    }

    spec::Architecture architecture(const YAML::Node& root) const;

    // ---- Uncertain values (issue 20) ----
    /// True for a `{low: X, high: Y}` mapping: a range, not a nested mapping of the format.
    static bool isRange(const YAML::Node& node);
    /// The value of `node` for the key `row` (a scalar, `X ± S` or `{low, high}`):
    /// a plain value parsed and bounded by its row; a range recorded (named
    /// `context.label`) and its midpoint (or the sample's value) returned.
    double quantityOf(const YAML::Node& node, const spec::Field& row, const std::string& label,
                      const std::string& scalarName = {}) const;
    /// Names the values read next ("app", "workload"): the prefix of an uncertain value's name.
    class Context {
    public:
        Context(const Reader& reader, std::string name) : reader_(reader), saved_(reader.context_) {
            reader.context_ = std::move(name);
        }
        ~Context() { reader_.context_ = saved_; }
        Context(const Context&) = delete;
        Context& operator=(const Context&) = delete;

    private:
        const Reader& reader_;
        std::string saved_;
    };
    [[nodiscard]] const std::string& context() const { return context_; }
    // ---- end uncertain values ----

private:
    spec::Workload workload(const YAML::Node& node) const;
    spec::Slo slo(const YAML::Node& node) const;
    spec::Growth growth(const YAML::Node& node) const;
    spec::Planning planning(const YAML::Node& node) const;
    int date(const Map& map, const std::string& key) const;
    spec::Host host(const YAML::Node& node) const;
    spec::Component component(const YAML::Node& node) const;
    spec::Failure failure(const YAML::Node& node) const;
    spec::PerClassDuration perClassDuration(const Map& map, const std::string& key) const;
    spec::Distribution distribution(const Map& map) const;
    std::vector<std::string> stringList(const YAML::Node& node, const std::string& key) const;
    template <class T>
    std::vector<T> list(const YAML::Node& node, const std::string& key,
                        const std::function<T(const YAML::Node&)>& item) const;

    std::string file_;
    // ---- Uncertain values (issue 20) ----
    const std::vector<double>* sampled_ = nullptr;      ///< a study's sample: the value of each range, in file order
    mutable std::vector<spec::UncertainValue> uncertain_;
    mutable std::string context_;
    // ---- end uncertain values ----
};

Map::Map(const YAML::Node& node, const Reader& reader, const spec::FieldTable& table, std::string prefix,
         std::string what)
    : reader_(reader), table_(table), prefix_(std::move(prefix)), node_(node) {
    if (what.empty()) what = prefix_.empty() ? table.what : prefix_;
    std::vector<std::string> allowed;
    if (prefix_.empty()) {
        allowed = table.keys();
    } else {
        for (const auto& f : table.fields) {
            if (f.key.size() > prefix_.size() + 1 && f.key.compare(0, prefix_.size() + 1, prefix_ + ".") == 0) {
                allowed.push_back(f.key.substr(prefix_.size() + 1));
            }
        }
    }
    if (!node.IsMap()) reader.fail(node, what + " must be a mapping of keys, not a " + Reader::kindName(node));
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) reader.fail(it->first, "a key in " + what + " must be a plain word");
        const std::string key = it->first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            const std::string near = spec::nearestName(key, allowed);
            // A stray quote can turn half the file into one key: show its start only.
            const std::string shown = key.size() > 60 ? key.substr(0, 57) + "..." : key;
            reader.fail(it->first, "unknown key '" + shown + "' in " + what +
                                       (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
        }
        if (values_.count(key)) reader.fail(it->first, "duplicate key '" + key + "' in " + what);
        values_[key] = it->second;
        keyMarks_[key] = it->first.Mark();
    }
}

SourceLocation Map::keyLocation(const std::string& key) const {
    auto it = keyMarks_.find(key);
    return it == keyMarks_.end() ? location() : reader_.at(it->second);
}

SourceLocation Map::location() const { return reader_.at(node_.Mark()); }

void Map::record(KeyLocations& keys) const {
    for (const auto& [key, mark] : keyMarks_) keys.set(prefix_.empty() ? key : prefix_ + "." + key, reader_.at(mark));
}

const spec::Field& Map::row(const std::string& key) const {
    return spec::field(table_.name, prefix_.empty() ? key : prefix_ + "." + key);
}

std::optional<std::string> Map::text(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    return reader_.scalar(value(key), key);
}

std::optional<double> Map::quantity(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    return reader_.quantityOf(value(key), row(key), prefix_.empty() ? key : prefix_ + "." + key, key);
}

// ---- Uncertain values (issue 20) ----
bool Reader::isRange(const YAML::Node& node) {
    if (!node.IsMap() || node.size() != 2) return false;
    int found = 0;
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) return false;
        const std::string& k = it->first.Scalar();
        if (k == "low") found |= 1;
        else if (k == "high") found |= 2;
    }
    return found == 3;
}

double Reader::quantityOf(const YAML::Node& node, const spec::Field& row, const std::string& label,
                          const std::string& scalarName) const {
    std::string error;
    if (!isRange(node) && !(node.IsScalar() && isPlusMinus(node.Scalar()))) {
        // As before ranges existed: a mapping or list here is named by the key as written.
        auto v = parseFieldValue(row, scalar(node, scalarName.empty() ? label : scalarName), error);
        if (!v) fail(node, error);
        return *v;
    }
    // A count (cores, threads, instances, ...) is a decision, not an estimate: it stays exact.
    if (row.type != spec::ValueType::Number && row.type != spec::ValueType::Duration &&
        row.type != spec::ValueType::PerClassDuration && row.type != spec::ValueType::Ratio &&
        row.type != spec::ValueType::Rate) {
        fail(node, spec::quotedKey(row) + " cannot be uncertain: it is " +
                       (row.type == spec::ValueType::Count ? "a count, a decision rather than an estimate"
                                                           : std::string("not a quantity")) +
                       " (numbers, durations, ratios and rates can be)");
    }
    UncertainRange range;
    if (node.IsScalar()) {
        const auto r = parsePlusMinus(row, node.Scalar(), error);
        if (!r) fail(node, error);
        range = *r;
    } else {
        const YAML::Node lowNode = node["low"];
        const YAML::Node highNode = node["high"];
        const auto low = parseFieldType(row, scalar(lowNode, row.key + ".low"), error);
        if (!low) fail(lowNode, error);
        const auto high = parseFieldType(row, scalar(highNode, row.key + ".high"), error);
        if (!high) fail(highNode, error);
        error = uncertainRangeError(row, *low, *high);
        if (!error.empty()) fail(*low > *high ? lowNode : (spec::boundError(row, *low).empty() ? highNode : lowNode), error);
        range = {*low, *high};
    }
    spec::UncertainValue u;
    u.name = context_.empty() ? label : context_ + "." + label;
    u.where = at(node.Mark());
    u.low = range.low;
    u.high = range.high;
    u.whole = row.type == spec::ValueType::Count;
    const size_t index = uncertain_.size();
    uncertain_.push_back(u);
    if (sampled_ && index < sampled_->size()) {
        // A study's sample: the value it drew for this range (within it by construction).
        return std::clamp((*sampled_)[index], u.low, u.high);
    }
    return u.midpoint();
}
// ---- end uncertain values ----

std::optional<int> Map::count(const std::string& key) const {
    auto v = quantity(key);
    if (!v) return std::nullopt;
    return static_cast<int>(*v);
}

std::optional<bool> Map::flag(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    const std::string s = reader_.scalar(value(key), key);
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
    reader_.fail(value(key), "'" + key + "' must be true or false, got '" + s + "'");
}

template <class Enum>
std::optional<Enum> Map::choice(const std::string& key, const std::vector<std::pair<std::string, Enum>>& options) const {
    if (!has(key)) return std::nullopt;
    const std::string s = reader_.scalar(value(key), key);
    const std::string error = spec::choiceError(row(key), s);
    if (!error.empty()) reader_.fail(value(key), error);
    for (const auto& [name, e] : options) {
        if (name == s) return e;
    }
    reader_.fail(value(key), "'" + key + "': '" + s + "' is not handled");  // the table and `options` disagree
}

template <class T>
std::vector<T> Reader::list(const YAML::Node& node, const std::string& key,
                            const std::function<T(const YAML::Node&)>& item) const {
    if (!node.IsSequence()) fail(node, "'" + key + "' must be a list, not a " + kindName(node));
    std::vector<T> out;
    for (const auto& element : node) out.push_back(item(element));
    return out;
}

std::vector<std::string> Reader::stringList(const YAML::Node& node, const std::string& key) const {
    if (node.IsScalar()) return {node.Scalar()};
    return list<std::string>(node, key, [&](const YAML::Node& n) { return scalar(n, key); });
}

spec::Architecture Reader::architecture(const YAML::Node& root) const {
    if (root.IsNull()) throw InputError(SourceLocation{file_, 1, 1}, "the file is empty: expected an architecture");
    Map map(root, *this, spec::fieldTable("architecture"));
    spec::Architecture a;
    a.where = map.location();
    map.record(a.keys);
    a.name = map.text("name").value_or("");
    a.description = map.text("description").value_or("");
    if (!map.has("workload")) fail(map.location(), "missing 'workload:' (users and think_time, or arrival_rate)");
    a.workload = workload(map.value("workload"));
    if (map.has("slo")) a.slo = slo(map.value("slo"));
    if (map.has("growth") && !map.value("growth").IsNull()) a.growth = growth(map.value("growth"));
    if (map.has("planning") && !map.value("planning").IsNull()) a.planning = planning(map.value("planning"));
    if (map.has("catalogue") && !map.value("catalogue").IsNull()) {
        a.catalogue = detail::readCatalogue(map.value("catalogue"), file_);  // issue 21
    }
    if (map.has("hosts") && !map.value("hosts").IsNull()) {
        a.hosts = list<spec::Host>(map.value("hosts"), "hosts", [&](const YAML::Node& n) { return host(n); });
    }
    if (!map.has("components") || map.value("components").IsNull()) {
        fail(map.keyLocation("components"), "missing 'components:': an architecture needs at least one component");
    }
    a.components = list<spec::Component>(map.value("components"), "components",
                                         [&](const YAML::Node& n) { return component(n); });
    if (a.components.empty()) fail(map.value("components"), "'components' is empty: add at least one component");
    if (map.has("layout") && !map.value("layout").IsNull()) {
        // View state for the desktop app: id: [x, y]. Checked for shape only.
        const YAML::Node layout = map.value("layout");
        if (!layout.IsMap()) fail(layout, "layout must be a mapping of component ids to [x, y], not a " + kindName(layout));
        for (auto it = layout.begin(); it != layout.end(); ++it) {
            if (!it->first.IsScalar()) fail(it->first, "a key in layout must be a component id");
            const YAML::Node p = it->second;
            if (!p.IsSequence() || p.size() != 2) fail(p, "layout." + it->first.Scalar() + " must be [x, y]");
            spec::Position pos;
            double* xy[2] = {&pos.x, &pos.y};
            for (size_t i = 0; i < 2; ++i) {
                const YAML::Node v = p[i];
                char* end = nullptr;
                const std::string s = v.IsScalar() ? v.Scalar() : std::string();
                const double d = s.empty() ? std::nan("") : std::strtod(s.c_str(), &end);
                if (!std::isfinite(d) || (end && *end != '\0') || std::abs(d) > 1e7) {
                    fail(v.IsScalar() ? v : p, "layout." + it->first.Scalar() + " must be [x, y] with numbers within ±10,000,000");
                }
                *xy[i] = d;
            }
            a.layout[it->first.Scalar()] = pos;
        }
    }
    a.uncertain = uncertain_;  // issue 20
    return a;
}

spec::Workload Reader::workload(const YAML::Node& node) const {
    const Context named(*this, "workload");  // issue 20
    Map map(node, *this, spec::fieldTable("workload"));
    spec::Workload w;
    w.where = map.location();
    map.record(w.keys);
    w.users = map.quantity("users");
    if (auto z = map.quantity("think_time")) w.thinkTime = *z;
    w.arrivalRate = map.quantity("arrival_rate");
    w.entry = map.text("entry");
    if (map.has("mix")) {
        w.mix = list<spec::ClassMix>(map.value("mix"), "mix", [&](const YAML::Node& n) {
            Map m(n, *this, spec::fieldTable("mix"));
            spec::ClassMix c;
            c.where = m.location();
            m.record(c.keys);
            auto name = m.text("class");
            if (!name || name->empty()) fail(m.location(), "a mix entry needs 'class:' (its name)");
            c.name = *name;
            const Context mixNamed(*this, "workload.mix." + c.name);  // issue 20
            auto share = m.quantity("share");
            if (!share) fail(m.location(), "mix entry '" + c.name + "' needs 'share:' (0..1 or a percentage)");
            c.share = *share;
            c.write = m.flag("write").value_or(false);
            c.entry = m.text("entry");
            return c;
        });
    }
    if (map.has("profile")) {
        w.profile = list<spec::ProfileStep>(map.value("profile"), "profile", [&](const YAML::Node& n) {
            Map m(n, *this, spec::fieldTable("profile"));
            spec::ProfileStep s;
            s.where = m.location();
            m.record(s.keys);
            auto at = m.quantity("at");
            if (!at) fail(m.location(), "a profile step needs 'at:' (a time such as 300s)");
            s.at = *at;
            s.users = m.quantity("users");
            s.arrivalRate = m.quantity("arrival_rate");
            s.ramp = m.quantity("ramp").value_or(0.0);
            return s;
        });
    }
    return w;
}

spec::Slo Reader::slo(const YAML::Node& node) const {
    const Context named(*this, "slo");  // issue 20
    Map map(node, *this, spec::fieldTable("slo"));
    spec::Slo s;
    s.where = map.location();
    map.record(s.keys);
    if (auto v = map.quantity("p95")) s.p95 = *v;
    if (auto v = map.quantity("p99")) s.p99 = *v;
    if (auto v = map.quantity("error_rate")) s.errorRate = *v;
    if (auto v = map.quantity("utilization")) s.utilization = *v;
    if (auto v = map.quantity("cache_hit_ratio")) s.cacheHitRatio = *v;
    s.budgetMonth = map.quantity("budget_month");
    if (auto v = map.quantity("deploy_wait")) s.deployWait = *v;
    s.costPer1000Users = map.quantity("cost_per_1000_users");
    if (map.has("resilience") && !map.value("resilience").IsNull()) {
        const Context resilienceNamed(*this, "slo.resilience");  // issue 20
        Map m(map.value("resilience"), *this, spec::fieldTable("resilience"));
        spec::Resilience& r = s.resilience;
        r.where = m.location();
        m.record(r.keys);
        if (auto v = m.quantity("from_users")) r.fromUsers = *v;
        if (auto v = m.flag("instance_loss")) r.instanceLoss = *v;
        if (auto v = m.flag("cache_flush")) r.cacheFlush = *v;  // storms (issue 17)
        if (auto v = m.flag("retry_storm")) r.retryStorm = *v;
        if (m.has("spike") && !m.value("spike").IsNull()) {
            const Context spikeNamed(*this, "slo.resilience.spike");  // issue 20
            Map sm(m.value("spike"), *this, spec::fieldTable("spike"));
            spec::SpikeSpec& sp = r.spike;
            sp.where = sm.location();
            sm.record(sp.keys);
            if (auto v = sm.quantity("factor")) sp.factor = *v;
            if (auto v = sm.quantity("ramp")) sp.ramp = *v;
            if (auto v = sm.quantity("hold")) sp.hold = *v;
            if (auto v = sm.quantity("react")) sp.react = *v;
            if (auto v = sm.quantity("per_month")) sp.perMonth = *v;
        }
    }
    return s;
}

int Reader::date(const Map& map, const std::string& key) const {
    std::string error;
    const auto d = io::parseIsoDate(scalar(map.value(key), key), error);
    if (!d) fail(map.value(key), error);
    return *d;
}

spec::Growth Reader::growth(const YAML::Node& node) const {
    const Context named(*this, "growth");  // issue 20
    Map map(node, *this, spec::fieldTable("growth"));
    spec::Growth g;
    g.where = map.location();
    map.record(g.keys);
    if (map.has("today")) g.today = date(map, "today");
    g.perMonth = map.quantity("users_per_month");
    g.rowsPerMonth = map.quantity("rows_per_month").value_or(0.0);
    if (map.has("milestones")) {
        if (g.perMonth) fail(map.keyLocation("milestones"), "growth takes 'users_per_month' or 'milestones', not both");
        g.milestones = list<spec::Milestone>(map.value("milestones"), "milestones", [&](const YAML::Node& n) {
            Map m(n, *this, spec::fieldTable("milestone"));
            spec::Milestone ms;
            ms.where = m.location();
            m.record(ms.keys);
            if (!m.has("date")) fail(m.location(), "a milestone needs 'date:' (YYYY-MM-DD)");
            ms.date = date(m, "date");
            ms.users = m.quantity("users");
            ms.arrivalRate = m.quantity("arrival_rate");
            if (ms.users.has_value() == ms.arrivalRate.has_value()) {
                fail(m.location(), "a milestone needs either 'users:' or 'arrival_rate:' (the load reached by its date)");
            }
            ms.note = m.text("note").value_or("");
            return ms;
        });
        if (g.milestones.empty()) fail(map.value("milestones"), "'milestones' is empty: give at least one dated load");
        for (size_t i = 1; i < g.milestones.size(); ++i) {
            if (g.milestones[i].date <= g.milestones[i - 1].date) {
                fail(g.milestones[i].keys.at("date", g.milestones[i].where),
                     "milestones must be in date order: this one is not after the one before");
            }
        }
    } else if (!g.perMonth) {
        fail(map.location(), "growth needs 'users_per_month:' (15%) or 'milestones:' (dated loads)");
    }
    if (map.has("team") && !map.value("team").IsNull()) {
        const Context teamNamed(*this, "growth.team");  // issue 20
        Map m(map.value("team"), *this, spec::fieldTable("team"));
        spec::Team t;
        t.where = m.location();
        m.record(t.keys);
        auto engineers = m.quantity("engineers");
        if (!engineers) fail(m.location(), "team needs 'engineers:' (how many today)");
        t.engineers = *engineers;
        if (auto v = m.quantity("engineers_per_month")) t.engineersPerMonth = *v;
        if (auto v = m.quantity("changes_per_engineer_day")) t.changesPerEngineerDay = *v;
        if (auto v = m.quantity("pipeline_time")) t.pipelineTime = *v;
        if (auto v = m.count("services")) t.services = *v;
        g.team = t;
    }
    return g;
}

spec::Planning Reader::planning(const YAML::Node& node) const {
    const Context named(*this, "planning");  // issue 20
    Map map(node, *this, spec::fieldTable("planning"));
    spec::Planning p;
    p.where = map.location();
    map.record(p.keys);
    p.minRunway = map.quantity("min_runway");
    if (auto v = map.quantity("project_cost")) p.projectCost = *v;
    if (map.has("lead_time") && !map.value("lead_time").IsNull()) {
        const YAML::Node& lt = map.value("lead_time");
        if (!lt.IsMap()) fail(lt, "'lead_time' must be a mapping of build -> duration (split_database: 14d)");
        for (auto it = lt.begin(); it != lt.end(); ++it) {
            const std::string key = scalar(it->first, "lead_time");
            if (p.leadTime.count(key)) fail(it->first, "duplicate key '" + key + "' in lead_time");
            std::string error;
            const auto v = io::parseDuration(scalar(it->second, key), error);
            if (!v) fail(it->second, error);
            p.leadTime[key] = *v;
            p.keys.set("lead_time." + key, at(it->first.Mark()));
        }
    }
    return p;
}

spec::Failure Reader::failure(const YAML::Node& node) const {
    const Context named(*this, context() + ".failure");  // issue 20
    Map map(node, *this, spec::fieldTable("failure"));
    spec::Failure f;
    f.where = map.location();
    map.record(f.keys);
    auto at = map.quantity("at");
    if (!at) fail(map.location(), "'failure' needs 'at:' (when the instance stops)");
    f.at = *at;
    f.recoverAfter = map.quantity("recover_after");
    f.instance = map.count("instance").value_or(0);
    return f;
}

spec::Host Reader::host(const YAML::Node& node) const {
    Map map(node, *this, spec::fieldTable("host"));
    spec::Host h;
    h.where = map.location();
    map.record(h.keys);
    auto id = map.text("id");
    if (!id || id->empty()) fail(map.location(), "a host needs 'id:'");
    h.id = *id;
    const Context named(*this, h.id);  // issue 20
    h.cores = map.count("cores").value_or(1);
    h.instances = map.count("instances").value_or(1);
    h.costMonth = map.quantity("cost_month").value_or(0.0);
    if (map.has("failure")) h.failure = failure(map.value("failure"));
    return h;
}

spec::PerClassDuration Reader::perClassDuration(const Map& map, const std::string& key) const {
    spec::PerClassDuration d;
    if (!map.has(key)) return d;
    const YAML::Node& node = map.value(key);
    spec::Field row = map.row(key);
    auto parse = [&](const YAML::Node& n, const std::string& what) {
        row.key = what;
        return quantityOf(n, row, what);
    };
    if (node.IsScalar() || isRange(node)) {
        d.fallback = parse(node, key);
        return d;
    }
    if (!node.IsMap()) fail(node, "'" + key + "' must be a duration or a mapping of class: duration");
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string cls = scalar(it->first, key);
        if (d.byClass.count(cls) || (cls == "default" && d.fallback)) {
            fail(it->first, "duplicate class '" + cls + "' in '" + key + "'");
        }
        const double v = parse(it->second, key + "." + cls);
        if (cls == "default") d.fallback = v;
        else d.byClass[cls] = v;
    }
    return d;
}

spec::Distribution Reader::distribution(const Map& map) const {
    spec::Distribution d;
    if (!map.has("distribution")) return d;
    const YAML::Node& node = map.value("distribution");
    d.where = at(node.Mark());
    const std::vector<std::pair<std::string, spec::DistributionKind>> kinds = {
        {"exponential", spec::DistributionKind::Exponential},   {"deterministic", spec::DistributionKind::Deterministic},
        {"lognormal", spec::DistributionKind::Lognormal},       {"erlang", spec::DistributionKind::Erlang},
        {"hyperexponential", spec::DistributionKind::Hyperexponential}, {"uniform", spec::DistributionKind::Uniform}};
    const std::vector<std::string>& names = map.row("distribution").choices;
    auto kindOf = [&](const YAML::Node& n) {
        const std::string s = scalar(n, "distribution");
        for (const auto& [name, kind] : kinds) {
            if (name == s && std::find(names.begin(), names.end(), s) != names.end()) return kind;
        }
        const std::string near = spec::nearestName(s, names);
        fail(n, "unknown distribution '" + s + "'" + (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
    };
    if (node.IsScalar()) {
        d.kind = kindOf(node);
    } else if (node.IsMap() && node.size() == 1) {
        // `lognormal: {cv: 1.5}` or `erlang: {k: 4}`
        auto it = node.begin();
        d.kind = kindOf(it->first);
        if (!it->second.IsNull()) {
            Map params(it->second, *this, spec::fieldTable("component"), "distribution", "distribution parameters");
            if (auto cv = params.quantity("cv")) d.cv = *cv;
            if (auto k = params.count("k")) d.k = *k;
        }
    } else {
        fail(node, "'distribution' must be a name (exponential, ...) or e.g. {lognormal: {cv: 1.5}}");
    }
    switch (d.kind) {
        case spec::DistributionKind::Exponential: d.cv = 1.0; break;
        case spec::DistributionKind::Deterministic: d.cv = 0.0; break;
        case spec::DistributionKind::Erlang: d.cv = 1.0 / std::sqrt(static_cast<double>(d.k)); break;
        default: break;
    }
    if (const std::string error = spec::distributionError(d); !error.empty()) fail(node, error);
    return d;
}

spec::Component Reader::component(const YAML::Node& node) const {
    const spec::FieldTable& table = spec::fieldTable("component");
    Map map(node, *this, table);
    spec::Component c;
    c.where = map.location();
    map.record(c.keys);
    auto id = map.text("id");
    if (!id || id->empty()) fail(map.location(), "a component needs 'id:'");
    c.id = *id;
    const Context named(*this, c.id);  // issue 20: names its uncertain values "app.demand.page"
    c.kind = map.choice<spec::ComponentKind>("kind", {{"service", spec::ComponentKind::Service},
                                                       {"load_balancer", spec::ComponentKind::LoadBalancer},
                                                       {"cache", spec::ComponentKind::Cache},
                                                       {"cdn", spec::ComponentKind::Cdn},
                                                       {"database", spec::ComponentKind::Database},
                                                       {"queue", spec::ComponentKind::Queue},
                                                       {"external", spec::ComponentKind::External}})
                 .value_or(spec::ComponentKind::Service);
    c.host = map.text("host");
    c.cores = map.count("cores").value_or(1);
    c.instances = map.count("instances").value_or(1);
    c.costMonth = map.quantity("cost_month").value_or(0.0);
    if (map.has("failure")) c.failure = failure(map.value("failure"));
    c.threads = map.count("threads");
    c.maxQueue = map.count("max_queue");
    c.connections = map.count("connections");
    c.discipline = map.choice<spec::Discipline>("discipline", {{"ps", spec::Discipline::ProcessorSharing},
                                                               {"fcfs", spec::Discipline::Fcfs}})
                       .value_or(spec::Discipline::ProcessorSharing);
    c.demand = perClassDuration(map, "demand");
    c.distribution = distribution(map);
    c.timeout = map.quantity("timeout");
    if (map.has("retries")) {
        const YAML::Node& r = map.value("retries");
        if (r.IsScalar()) {
            // `retries: 2` is {max: 2}.
            std::string error;
            auto n = parseFieldValue(map.row("retries.max"), r.Scalar(), error);
            if (!n) fail(r, spec::retriesShorthandError());
            c.retries.max = static_cast<int>(*n);
        } else {
            Map rm(r, *this, table, "retries");
            rm.record(c.keys);
            c.retries.max = rm.count("max").value_or(0);
            c.retries.backoff = rm.quantity("backoff").value_or(0.0);
            c.retries.jitter = rm.flag("jitter").value_or(false);  // storms (issue 17)
        }
    }
    if (map.has("calls") && !map.value("calls").IsNull()) {
        c.calls = list<spec::Call>(map.value("calls"), "calls", [&](const YAML::Node& n) {
            spec::Call call;
            if (n.IsScalar()) {  // `calls: [db]` shorthand
                call.to = n.Scalar();
                call.where = at(n.Mark());
                return call;
            }
            Map cm(n, *this, spec::fieldTable("call"));
            call.where = cm.location();
            cm.record(call.keys);
            auto to = cm.text("to");
            if (!to || to->empty()) fail(cm.location(), "a call needs 'to:' (the component called)");
            call.to = *to;
            if (cm.has("classes")) call.classes = stringList(cm.value("classes"), "classes");
            call.visits = cm.quantity("visits").value_or(1.0);
            return call;
        });
    }
    c.policy = map.choice<spec::BalancingPolicy>("policy", {{"round_robin", spec::BalancingPolicy::RoundRobin},
                                                             {"random", spec::BalancingPolicy::Random},
                                                             {"least_connections", spec::BalancingPolicy::LeastConnections},
                                                             {"power_of_two", spec::BalancingPolicy::PowerOfTwoChoices}})
                   .value_or(spec::BalancingPolicy::RoundRobin);
    if (map.has("hit_ratio")) {
        const YAML::Node& h = map.value("hit_ratio");
        if (h.IsScalar() || isRange(h)) {
            c.cache.hitRatio = map.quantity("hit_ratio");
        } else {
            Map hm(h, *this, table, "hit_ratio");
            hm.record(c.keys);
            c.cache.keys = hm.quantity("keys");
            c.cache.capacity = hm.quantity("capacity");
            if (!c.cache.keys || !c.cache.capacity) fail(hm.location(), "a derived hit_ratio needs 'keys:' and 'capacity:'");
            if (auto z = hm.quantity("zipf")) c.cache.zipf = *z;
            c.cache.ttl = hm.quantity("ttl");
            // storms (issue 17)
            if (auto j = hm.quantity("ttl_jitter")) c.cache.ttlJitter = *j;
            c.cache.coalesce = hm.flag("coalesce").value_or(false);
            c.cache.serveStale = hm.flag("serve_stale").value_or(false);
        }
    }
    c.onMiss = map.text("on_miss");
    c.latency = map.quantity("latency").value_or(0.0);
    c.rateLimit = map.quantity("rate_limit");
    c.replicas = map.count("replicas").value_or(0);
    if (auto rc = map.quantity("replica_cost_month")) c.replicaCostMonth = *rc;
    c.shards = map.count("shards").value_or(1);
    if (map.has("skew")) {
        Map sm(map.value("skew"), *this, table, "skew");
        sm.record(c.keys);
        c.skew.hotFraction = sm.quantity("hot_fraction").value_or(0.0);
        c.skew.hotShare = sm.quantity("hot_share").value_or(0.0);
        if (const std::string error = spec::skewError(c.skew); !error.empty()) fail(sm.location(), error);
    }
    if (map.has("data")) {
        Map dm(map.value("data"), *this, table, "data");
        dm.record(c.keys);
        spec::DataGrowth g;
        auto rows = dm.quantity("rows_per_user");
        if (!rows) fail(dm.location(), "'data' needs 'rows_per_user:'");
        g.rowsPerUser = *rows;
        g.index = dm.flag("index").value_or(true);
        if (auto base = dm.quantity("base_rows")) g.baseRows = *base;
        c.data = g;
    }
    if (map.has("autoscale")) {
        Map am(map.value("autoscale"), *this, table, "autoscale");
        am.record(c.keys);
        spec::Autoscale a;
        auto most = am.count("max");
        if (!most) fail(am.location(), "'autoscale' needs 'max:' (the most instances it may order)");
        a.max = *most;
        a.min = am.count("min").value_or(1);
        if (auto u = am.quantity("target_utilization")) a.targetUtilization = *u;
        a.targetInFlight = am.quantity("target_in_flight");
        if (auto d = am.quantity("delay")) a.delay = *d;
        if (auto d = am.quantity("cooldown")) a.cooldown = *d;
        if (auto d = am.quantity("interval")) a.interval = *d;
        a.scaleIn = am.flag("scale_in").value_or(true);
        c.autoscale = a;
    }
    if (map.has("admission")) {
        Map am(map.value("admission"), *this, table, "admission");
        am.record(c.keys);
        auto most = am.count("max_in_flight");
        if (!most) fail(am.location(), "'admission' needs 'max_in_flight:' (visits per instance beyond which one is rejected)");
        c.admission = spec::Admission{*most};
    }
    c.wakeup = map.quantity("wakeup").value_or(0.0);  // issue 19: load-dependent demand
    c.wakeupAfter = map.quantity("wakeup_after").value_or(0.0);
    // --- storms (issue 17) ---
    c.retryBudget = map.quantity("retry_budget");
    if (map.has("circuit_breaker")) {
        Map bm(map.value("circuit_breaker"), *this, table, "circuit_breaker");
        bm.record(c.keys);
        spec::CircuitBreaker b;
        if (auto v = bm.quantity("error_rate")) b.errorRate = *v;
        if (auto v = bm.quantity("open_for")) b.openFor = *v;
        c.circuitBreaker = b;
    }
    // --- end storms ---
    return c;
}

// Where a second YAML document starts (its `---`), if the text holds one:
// yaml-cpp's Load reads the first and silently drops the rest. The events of
// the text are walked without building nodes, and the walk stops at the
// second document's start.
struct SecondDocument {
    YAML::Mark mark;
};
class DocumentCounter : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents_ == 2) throw SecondDocument{mark};
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

private:
    int documents_ = 0;
};

std::optional<YAML::Mark> secondDocument(const std::string& text) {
    // Only a text with a document marker can hold two documents: skip the second parse otherwise.
    if (text.find("---") == std::string::npos && text.find("...") == std::string::npos) return std::nullopt;
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentCounter counter;
    try {
        while (parser.HandleNextDocument(counter)) {
        }
    } catch (const SecondDocument& second) {
        return second.mark;
    }
    return std::nullopt;
}

// Depth and size of the parsed tree, bounded: a document of aliases can
// describe an exponential tree in a few lines, so stop counting early.
void checkShape(const YAML::Node& node, int depth, size_t& nodes, const Reader& reader) {
    if (depth > kMaxNestingDepth) {
        reader.fail(node, "the file is nested deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    }
    if (++nodes > 2'000'000) reader.fail(node, "the file expands to more than 2,000,000 values (aliases?)");
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            checkShape(it->first, depth + 1, nodes, reader);
            checkShape(it->second, depth + 1, nodes, reader);
        }
    } else if (node.IsSequence()) {
        for (const auto& child : node) checkShape(child, depth + 1, nodes, reader);
    }
}

}  // namespace

spec::Architecture loadString(const std::string& text, const std::string& fileName) {
    return loadString(text, fileName, {});
}

spec::Architecture loadString(const std::string& text, const std::string& fileName, const std::vector<double>& sampled) {
    if (text.size() > kMaxFileBytes) {
        throw InputError(SourceLocation{fileName, 1, 1}, "the file is larger than 2 MiB (" +
                                                             std::to_string(text.size()) + " bytes)");
    }
    if (const size_t nul = text.find('\0'); nul != std::string::npos) {
        // Name the NUL's position like any other error (a binary file's first NUL is usually on line 1).
        const size_t lineStart = text.rfind('\n', nul);
        const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
        const int column = 1 + static_cast<int>(lineStart == std::string::npos ? nul : nul - lineStart - 1);
        throw InputError(SourceLocation{fileName, line, column},
                         "the file holds a NUL byte: it is not a YAML text file");
    }
    Reader reader(fileName, sampled.empty() ? nullptr : &sampled);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        // yaml-cpp reports a tab-indented line as e.g. "illegal map value" somewhere after it;
        // name the tab instead when one indents a line up to the error.
        int line = 1;
        for (size_t start = 0; start < text.size() && (e.mark.line < 0 || line <= e.mark.line + 1); ++line) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            const size_t indent = text.find_first_not_of(' ', start);
            if (indent < end && text[indent] == '\t') {
                throw InputError(SourceLocation{fileName, line, static_cast<int>(indent - start) + 1},
                                 "not valid YAML: a tab indents this line (YAML indents with spaces only)");
            }
            start = end + 1;
        }
        throw InputError(reader.at(e.mark), "not valid YAML: " + e.msg);
    }
    try {
        if (const auto second = secondDocument(text)) {
            throw InputError(reader.at(*second), "a second YAML document: a file holds one architecture "
                                                 "(split the documents into files, or remove this '---')");
        }
    } catch (const YAML::Exception& e) {
        throw InputError(reader.at(e.mark), "not valid YAML: " + e.msg);
    }
    try {
        size_t nodes = 0;
        checkShape(root, 1, nodes, reader);
        auto architecture = reader.architecture(root);
        architecture.where.file = fileName;
        return architecture;
    } catch (const YAML::Exception& e) {
        throw InputError(reader.at(e.mark), "not valid YAML: " + e.msg);
    }
}

spec::Architecture loadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(SourceLocation{path, 0, 0}, "cannot open the file");
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) throw InputError(SourceLocation{path, 0, 0}, "cannot read the file");
    if (static_cast<size_t>(size) > kMaxFileBytes) {
        throw InputError(SourceLocation{path, 1, 1},
                         "the file is larger than 2 MiB (" + std::to_string(static_cast<long long>(size)) + " bytes)");
    }
    in.seekg(0);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return loadString(buffer.str(), path);
}

}  // namespace headroom::io
