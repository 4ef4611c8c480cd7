#pragma once
// The architecture format, key by key: one table per struct of
// spec/architecture.h (the key as written in YAML, its type and unit, its
// default, its bounds, the component kinds it applies to, its enum names and
// one line of documentation). It is the one owner of the format's rules:
// spec::validate checks every bound from it, the loader takes its bounds and
// enum names from it, the YAML writer formats by its types, the editor's
// property panel checks what is typed against it, and docs/headroom.schema.json
// is tested against it (tests/tst_field_table.cpp). Add a key here first.

#include "spec/architecture.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headroom::spec {

/// How a value is written in YAML.
enum class ValueType {
    Text,              ///< a plain string (ids, names)
    Count,             ///< a whole number
    Number,            ///< a plain number ("1e6", "2000")
    Duration,          ///< with a time unit ("250us", "4ms", "1.5s"): seconds
    Ratio,             ///< "0.8" or "80%", in [0, 1]
    Rate,              ///< "240/s", "1200/min": per second
    Flag,              ///< true | false
    Choice,            ///< one of `Field::choices`
    PerClassDuration,  ///< a duration, or {class: duration, default: duration}
    Structure,         ///< a nested mapping or list, whose keys have their own rows or table
};

/// The JSON Schema / docs name of a value type ("duration", "count", ...).
[[nodiscard]] const char* toString(ValueType type);

/// Allowed range of a numeric value (a count, number, duration, ratio, rate).
struct Bounds {
    std::optional<double> minimum;
    bool minimumExclusive = false;  ///< `> minimum` (e.g. a timeout > 0) instead of `>= minimum`
    std::optional<double> maximum;  ///< inclusive
};

/// The component kinds a key applies to (every kind unless restricted).
class KindSet {
public:
    constexpr KindSet() = default;
    constexpr KindSet(std::initializer_list<ComponentKind> kinds) : bits_(0) {
        for (ComponentKind k : kinds) bits_ = static_cast<std::uint8_t>(bits_ | bit(k));
    }
    [[nodiscard]] static constexpr KindSet all() {
        KindSet s;
        s.bits_ = 0x7f;
        return s;
    }
    [[nodiscard]] constexpr bool contains(ComponentKind k) const { return (bits_ & bit(k)) != 0; }
    [[nodiscard]] constexpr bool isAll() const { return bits_ == 0x7f; }
    [[nodiscard]] std::vector<ComponentKind> kinds() const;
    /// "load_balancer", "cache and cdn", "cdn and external".
    [[nodiscard]] std::string names() const;

private:
    static constexpr std::uint8_t bit(ComponentKind k) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(k)); }
    std::uint8_t bits_ = 0x7f;
};

/// One key of the format.
struct Field {
    std::string key;                   ///< as written in YAML; a nested key is dotted ("retries.max")
    ValueType type = ValueType::Text;
    std::string unit;                  ///< "s", "1/s", "ratio", "cores", "users", "currency/month", ... ("" = none)
    std::string defaultValue;          ///< as it would be written in YAML; "" = absent by default
    Bounds bounds;
    KindSet kinds = KindSet::all();    ///< component keys only
    std::vector<std::string> choices;  ///< Choice: the names, in the order they are documented
    std::string doc;                   ///< one line

    [[nodiscard]] bool bounded() const { return bounds.minimum.has_value() || bounds.maximum.has_value(); }
    [[nodiscard]] bool numeric() const;
};

/// The keys of one YAML mapping of the format.
struct FieldTable {
    std::string name;  ///< "architecture", "workload", "mix", "profile", "slo", "host", "failure", "component", "call"
    std::string what;  ///< how errors name the mapping ("a component", "workload")
    std::vector<Field> fields;

    /// The row of `key`, or nullptr.
    [[nodiscard]] const Field* find(std::string_view key) const;
    /// The top-level keys (no dot), in table order: what the loader accepts.
    [[nodiscard]] std::vector<std::string> keys() const;
};

/// Every table, in the order the format documents them.
[[nodiscard]] const std::vector<FieldTable>& fieldTables();
/// The table `name` (throws std::out_of_range for an unknown name).
[[nodiscard]] const FieldTable& fieldTable(std::string_view name);
/// The row `key` of table `table` (throws std::out_of_range when missing).
[[nodiscard]] const Field& field(std::string_view table, std::string_view key);

/// The name a key goes by in errors: the key itself ("cores", "retries.max").
[[nodiscard]] std::string quotedKey(const Field& field);

/// "" when `value` lies within the field's bounds (and is whole, for a
/// count); otherwise the reason, the same for every front end, e.g.
/// "'cores' must be at most 1024, got 2000". `written` is how the value was
/// written (the YAML scalar, the typed text); empty = formatted from `value`.
[[nodiscard]] std::string boundError(const Field& field, double value, std::string_view written = {});

/// "'kind' must be one of service | load_balancer | ..., got 'x' (did you mean ...?)",
/// or "" when `written` is one of the field's choices.
[[nodiscard]] std::string choiceError(const Field& field, std::string_view written);

/// "'policy' applies to load_balancer components, not to service", or "".
[[nodiscard]] std::string kindError(const Field& field, ComponentKind kind);

/// The range in words for hints and docs: "1 to 1,024", "> 0", ">= 0", "" when unbounded.
[[nodiscard]] std::string boundsText(const Field& field);

/// A bound as written in messages: thousands separators from 10,000 on ("10,000,000", "1024", "0.5").
[[nodiscard]] std::string formatLimit(double value);

/// Rules tying two keys of one value together (also owned here, used by the
/// loader, the editor and spec::validate): "" or the reason.
/// A distribution's cv against its kind (hyperexponential cv >= 1, uniform cv <= 1/sqrt 3).
[[nodiscard]] std::string distributionError(const Distribution& distribution);
/// Shard skew needs both of its keys or neither.
[[nodiscard]] std::string skewError(const ShardSkew& skew);
/// An autoscaled component: max >= min, and its `instances` (the starting
/// count) within [min, max]. "" or the reason.
[[nodiscard]] std::string autoscaleError(const Component& component);
/// "'autoscale' needs a component with its own host ...": autoscaling adds and removes a component's own instances.
[[nodiscard]] std::string autoscaleHostError();
/// The `retries: N` shorthand: "'retries' must be a whole number from 0 to 20, or {max: N, backoff: T}".
[[nodiscard]] std::string retriesShorthandError();

}  // namespace headroom::spec
