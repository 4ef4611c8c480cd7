#pragma once
// What the property panel shows for a selection: one field per YAML key,
// each with a getter that writes the value the way the YAML format does
// ("12ms", "80%", "page: 20ms, write: 15ms") and a setter that parses it with
// the same rules as the loader: each value by its row of spec/field_table.h
// (io::parseFieldValue: type, unit, bounds), so the setter refuses exactly what
// the loader refuses, with the loader's message (tests/tst_gui_field_table).
// The setter returns the error for validation as you type; nothing here
// knows about widgets.

#include "spec/architecture.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <utility>
#include <vector>

namespace headroom::ui {

/// What is selected on the canvas (or nothing: the architecture itself).
/// Components: several components at once (`ids`, sorted), edited together.
/// Call: the calls `id` -> `to` drawn as one arrow (a cache's miss path when
/// `to` is its on_miss and no call entry names it).
struct Selection {
    enum class Kind { Architecture, Component, Host, Components, Call };
    Selection() = default;
    Selection(Kind k, QString i, QStringList several = {}, QString callee = {})
        : kind(k), id(std::move(i)), ids(std::move(several)), to(std::move(callee)) {}
    Kind kind = Kind::Architecture;
    QString id;
    QStringList ids;
    QString to;
    bool operator==(const Selection& other) const {
        return kind == other.kind && id == other.id && ids == other.ids && to == other.to;
    }
};

struct PropertyField {
    enum class Editor { Line, Choice };
    QString key;    ///< the YAML key ("threads", "slo.p95")
    QString label;  ///< shown in the form
    QString hint;   ///< placeholder and tooltip: the accepted forms
    QString group;  ///< section heading in the panel
    Editor editor = Editor::Line;
    QStringList choices;
    std::function<QString(const spec::Architecture&)> get;
    /// Applies `text`; returns "" or a short reason it is not valid.
    std::function<QString(spec::Architecture&, const QString&)> set;
    /// Several components selected: true when they hold different values
    /// (get() then says ""; the panel shows "mixed" and an edit sets them all).
    std::function<bool(const spec::Architecture&)> mixed;
};

/// The fields of `selection` in `architecture` (empty when it no longer exists).
[[nodiscard]] std::vector<PropertyField> propertyFields(const spec::Architecture& architecture, const Selection& selection);

/// "12ms" or "page: 20ms, write: 15ms, default: 5ms".
[[nodiscard]] QString formatPerClassDuration(const spec::PerClassDuration& value);
[[nodiscard]] bool parsePerClassDuration(const QString& text, spec::PerClassDuration& out, QString& error);
/// "cache, db[write]*2" : calls in order, with class filters and visits.
[[nodiscard]] QString formatCalls(const std::vector<spec::Call>& calls);
[[nodiscard]] bool parseCalls(const QString& text, std::vector<spec::Call>& out, QString& error);

/// Display helpers shared by panels and charts.
[[nodiscard]] QString formatSeconds(double seconds);
[[nodiscard]] QString formatPercent(double ratio);
[[nodiscard]] QString formatUsers(double users);
[[nodiscard]] QString formatMoney(double perMonth);

}  // namespace headroom::ui
