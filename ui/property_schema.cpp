#include "property_schema.h"

#include "io/metrics.h"

#include "architecture_edits.h"
#include "io/field_value.h"
#include "io/units.h"
#include "spec/edits.h"
#include "spec/field_table.h"
#include "spec/nearest_name.h"

#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace headroom::ui {

namespace {

using Arch = spec::Architecture;

QString number(double v) { return QString::number(v, 'g', 12); }

QString ratioText(double v) { return QString::number(v * 100.0, 'g', 10) + QLatin1Char('%'); }

QString durationText(double v) { return QString::fromStdString(io::formatDuration(v)); }

// "a=1 b=2" or "a: 1, b: 2" -> pairs (for the small nested mappings).
QString parsePairs(const QString& text, const QStringList& allowed, QList<QPair<QString, QString>>& out) {
    out.clear();
    const auto parts = text.split(QRegularExpression(QStringLiteral("[,;]|\\s+(?=\\w+\\s*[=:])")), Qt::SkipEmptyParts);
    for (const QString& raw : parts) {
        const QString part = raw.trimmed();
        if (part.isEmpty()) continue;
        const auto at = part.indexOf(QRegularExpression(QStringLiteral("[=:]")));
        if (at <= 0) return QObject::tr("expected key=value, got '%1'").arg(part);
        const QString key = part.left(at).trimmed();
        if (!allowed.contains(key)) return QObject::tr("unknown key '%1' (expected %2)").arg(key, allowed.join(", "));
        out.append({key, part.mid(at + 1).trimmed()});
    }
    return {};
}

// A value of the format's row `table`.`key` (spec/field_table.h) from typed
// text: the loader's own parser, bounds and message (io::parseFieldValue), so
// the panel refuses exactly what the loader refuses, in the same words.
QString parseField(const char* table, const char* key, const QString& text, double& out) {
    std::string error;
    auto v = io::parseFieldValue(spec::field(table, key), text.trimmed().toStdString(), error);
    if (!v) return QString::fromStdString(error);
    out = *v;
    return {};
}

QString parseField(const char* table, const char* key, const QString& text, int& out) {
    double v = 0;
    if (auto e = parseField(table, key, text, v); !e.isEmpty()) return e;
    out = static_cast<int>(v);
    return {};
}

// Empty (or "unlimited", for a count) leaves the key out.
QString parseOptionalField(const char* table, const char* key, const QString& text, std::optional<double>& out) {
    if (text.trimmed().isEmpty()) {
        out.reset();
        return {};
    }
    double v = 0;
    if (auto e = parseField(table, key, text, v); !e.isEmpty()) return e;
    out = v;
    return {};
}

QString parseOptionalField(const char* table, const char* key, const QString& text, std::optional<int>& out) {
    const QString t = text.trimmed();
    if (t.isEmpty() || t.compare(QLatin1String("unlimited"), Qt::CaseInsensitive) == 0) {
        out.reset();
        return {};
    }
    int v = 0;
    if (auto e = parseField(table, key, t, v); !e.isEmpty()) return e;
    out = v;
    return {};
}

/// A yes/no pair value (`coalesce=true`), as the YAML writes it.
QString parseFlag(const QString& key, const QString& text, bool& out) {
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on")) {
        out = true;
        return {};
    }
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("off")) {
        out = false;
        return {};
    }
    return QObject::tr("%1 is true or false, not '%2'").arg(key, text.trimmed());
}

// One of the row's choices, or the loader's message.
QString choiceField(const char* table, const char* key, const QString& text) {
    return QString::fromStdString(spec::choiceError(spec::field(table, key), text.trimmed().toStdString()));
}

// The hint of a field: what it accepts, with the row's range.
QString rangeHint(const char* table, const char* key, const QString& hint) {
    const std::string range = spec::boundsText(spec::field(table, key));
    if (range.empty()) return hint;
    return hint.isEmpty() ? QString::fromStdString(range) : hint + QStringLiteral(" (") + QString::fromStdString(range) + ')';
}

QString flagField(const QString& key, const QString& text, bool& out) {
    const QString t = text.trimmed();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on")) out = true;
    else if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("off")) out = false;
    else return QStringLiteral("'%1' must be true or false, got '%2'").arg(key, t);
    return {};
}

QString kindChoice(spec::ComponentKind k) { return QString::fromLatin1(spec::toString(k)); }

template <class Get, class Set>
PropertyField field(QString key, QString label, QString hint, QString group, Get get, Set set) {
    PropertyField f;
    f.key = std::move(key);
    f.label = std::move(label);
    f.hint = std::move(hint);
    f.group = std::move(group);
    f.get = get;
    f.set = set;
    return f;
}

// failure: "at=120s recover_after=60s instance=0" (empty = none).
QString formatFailure(const std::optional<spec::Failure>& failure) {
    if (!failure) return QString();
    QString s = "at=" + durationText(failure->at);
    if (failure->recoverAfter) s += " recover_after=" + durationText(*failure->recoverAfter);
    if (failure->instance) s += QStringLiteral(" instance=%1").arg(failure->instance);
    return s;
}

// Parses a failure as the loader would read the mapping; an edit of an existing
// one keeps its source location, so Save rewrites it in place.
QString parseFailure(const QString& text, std::optional<spec::Failure>& out, spec::KeyLocations& ownerKeys) {
    if (text.trimmed().isEmpty()) {
        out.reset();
        ownerKeys.erase("failure");
        return {};
    }
    spec::Failure f;
    bool at = false;
    QList<QPair<QString, QString>> pairs;
    if (auto e = parsePairs(text, {"at", "recover_after", "instance"}, pairs); !e.isEmpty()) return e;
    for (const auto& [k, v] : pairs) {
        if (k == QLatin1String("at")) {
            if (auto e = parseField("failure", "at", v, f.at); !e.isEmpty()) return e;
            at = true;
        } else if (k == QLatin1String("instance")) {
            if (auto e = parseField("failure", "instance", v, f.instance); !e.isEmpty()) return e;
        } else {
            double r = 0;
            if (auto e = parseField("failure", "recover_after", v, r); !e.isEmpty()) return e;
            f.recoverAfter = r;
        }
    }
    if (!at) return QObject::tr("needs at= (when the instance stops)");
    if (out) {
        f.where = out->where;
        f.keys = out->keys;
    }
    out = f;
    return {};
}

// profile: "0s: 5000, 300s: 50000 ramp 60s" (users) or "0s: 240/s" (arrival rate).
QString formatProfile(const std::vector<spec::ProfileStep>& profile) {
    QStringList parts;
    for (const auto& step : profile) {
        QString s = durationText(step.at) + QStringLiteral(": ");
        if (step.users) s += number(*step.users);
        else if (step.arrivalRate) s += number(*step.arrivalRate) + QStringLiteral("/s");
        if (step.ramp != 0.0) s += QStringLiteral(" ramp ") + durationText(step.ramp);
        parts << s;
    }
    return parts.join(QStringLiteral(", "));
}

QString parseProfile(const QString& text, spec::Workload& w) {
    std::vector<spec::ProfileStep> steps;
    const QStringList items = text.split(',', Qt::SkipEmptyParts);
    for (int i = 0; i < items.size(); ++i) {
        const QString item = items[i].trimmed();
        if (item.isEmpty()) continue;
        const QString where = QObject::tr("step %1: ").arg(i + 1);
        const auto colon = item.indexOf(':');
        if (colon <= 0) return where + QObject::tr("expected 'AT: USERS [ramp DURATION]', e.g. '300s: 50000 ramp 60s'");
        spec::ProfileStep s;
        if (auto e = parseField("profile", "at", item.left(colon), s.at); !e.isEmpty()) return where + e;
        const QStringList rest = item.mid(colon + 1).trimmed().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (rest.isEmpty()) return where + QObject::tr("needs users (5000) or an arrival rate (240/s)");
        if (rest[0].contains('/')) {
            if (auto e = parseOptionalField("profile", "arrival_rate", rest[0], s.arrivalRate); !e.isEmpty()) return where + e;
        } else {
            if (auto e = parseOptionalField("profile", "users", rest[0], s.users); !e.isEmpty()) return where + e;
        }
        if (rest.size() == 3 && rest[1] == QLatin1String("ramp")) {
            if (auto e = parseField("profile", "ramp", rest[2], s.ramp); !e.isEmpty()) return where + e;
        } else if (rest.size() != 1) {
            return where + QObject::tr("unexpected '%1' (expected 'ramp DURATION')").arg(rest.mid(1).join(' '));
        }
        // The step at the same position keeps its place in the file.
        const size_t n = steps.size();
        if (n < w.profile.size()) {
            s.where = w.profile[n].where;
            s.keys = w.profile[n].keys;
            // A key this step no longer has must not be written back.
            if (!s.users) s.keys.erase("users");
            if (!s.arrivalRate) s.keys.erase("arrival_rate");
        }
        steps.push_back(s);
    }
    if (steps.empty()) w.keys.erase("profile");
    w.profile = steps;
    return {};
}

void componentFields(std::vector<PropertyField>& out, const spec::Component& current) {
    using K = spec::ComponentKind;
    const QString id = QString::fromStdString(current.id);
    // Every accessor looks the component up by the id it had when the panel
    // was built; a rename goes through renameComponent, so references follow.
    auto with = [id](auto fn) {
        return [id, fn](Arch& a, const QString& text) -> QString {
            spec::Component* c = findComponent(a, id);
            if (!c) return QObject::tr("the component no longer exists");
            return fn(*c, text);
        };
    };
    auto get = [id](auto fn) {
        return [id, fn](const Arch& a) -> QString {
            const spec::Component* c = findComponent(a, id);
            return c ? fn(*c) : QString();
        };
    };
    const QString general = QObject::tr("Component");
    const QString capacity = QObject::tr("Capacity");
    const QString service = QObject::tr("Service time");
    const QString resilience = QObject::tr("Timeouts");
    const QString routing = QObject::tr("Routing");
    const QString data = QObject::tr("Data");

    out.push_back(field(
        "id", QObject::tr("Id"), QObject::tr("a unique name"), general,
        get([](const spec::Component& c) { return QString::fromStdString(c.id); }),
        [id](Arch& a, const QString& text) -> QString {
            const QString t = text.trimmed();
            if (t.isEmpty()) return QObject::tr("needs a name");
            if (t.contains(QRegularExpression(QStringLiteral("[\\s,:\\[\\]{}#]")))) {
                return QObject::tr("no spaces or , : [ ] { } #");
            }
            if (t != id && findComponent(a, t)) return QObject::tr("'%1' is already taken").arg(t);
            a = renameComponent(std::move(a), id, t);
            return {};
        }));
    PropertyField kind = field(
        "kind", QObject::tr("Kind"), {}, general, get([](const spec::Component& c) { return kindChoice(c.kind); }),
        with([](spec::Component& c, const QString& text) -> QString {
            if (auto e = choiceField("component", "kind", text); !e.isEmpty()) return e;
            for (K k : {K::Service, K::LoadBalancer, K::Cache, K::Cdn, K::Database, K::Queue, K::External}) {
                if (kindChoice(k) == text.trimmed()) c.kind = k;
            }
            return {};
        }));
    kind.editor = PropertyField::Editor::Choice;
    for (const auto& name : spec::field("component", "kind").choices) kind.choices << QString::fromStdString(name);
    out.push_back(kind);
    out.push_back(field("host", QObject::tr("Host"), QObject::tr("a host under hosts:, or empty for its own"), general,
                        get([](const spec::Component& c) { return c.host ? QString::fromStdString(*c.host) : QString(); }),
                        with([](spec::Component& c, const QString& text) -> QString {
                            if (text.trimmed().isEmpty()) c.host.reset();
                            else c.host = text.trimmed().toStdString();
                            return {};
                        })));
    const bool ownHost = !current.host.has_value();
    if (ownHost) {
        out.push_back(field("cores", QObject::tr("Cores"), rangeHint("component", "cores", QObject::tr("whole number")), capacity,
                            get([](const spec::Component& c) { return QString::number(c.cores); }),
                            with([](spec::Component& c, const QString& t) { return parseField("component", "cores", t, c.cores); })));
        out.push_back(field("instances", QObject::tr("Instances"), rangeHint("component", "instances", QObject::tr("identical copies behind it")), capacity,
                            get([](const spec::Component& c) { return QString::number(c.instances); }),
                            with([](spec::Component& c, const QString& t) { return parseField("component", "instances", t, c.instances); })));
        out.push_back(field("cost_month", QObject::tr("Cost / month"), QObject::tr("per instance"), capacity,
                            get([](const spec::Component& c) { return number(c.costMonth); }),
                            with([](spec::Component& c, const QString& t) { return parseField("component", "cost_month", t, c.costMonth); })));
    }
    out.push_back(field("threads", QObject::tr("Threads"), rangeHint("component", "threads", QObject::tr("empty = unlimited")), capacity,
                        get([](const spec::Component& c) { return c.threads ? QString::number(*c.threads) : QString(); }),
                        with([](spec::Component& c, const QString& t) { return parseOptionalField("component", "threads", t, c.threads); })));
    out.push_back(field("max_queue", QObject::tr("Max queue"), rangeHint("component", "max_queue", QObject::tr("empty = unlimited, 0 = reject at once")), capacity,
                        get([](const spec::Component& c) { return c.maxQueue ? QString::number(*c.maxQueue) : QString(); }),
                        with([](spec::Component& c, const QString& t) { return parseOptionalField("component", "max_queue", t, c.maxQueue); })));
    if (current.kind == K::Database || current.connections) {
        out.push_back(field(
            "connections", QObject::tr("Connections"), rangeHint("component", "connections", QObject::tr("pool size, empty = unlimited")), capacity,
            get([](const spec::Component& c) { return c.connections ? QString::number(*c.connections) : QString(); }),
            with([](spec::Component& c, const QString& t) { return parseOptionalField("component", "connections", t, c.connections); })));
    }
    PropertyField discipline = field(
        "discipline", QObject::tr("Discipline"), {}, service,
        get([](const spec::Component& c) { return QString::fromLatin1(spec::toString(c.discipline)); }),
        with([](spec::Component& c, const QString& t) -> QString {
            if (auto e = choiceField("component", "discipline", t); !e.isEmpty()) return e;
            c.discipline = t.trimmed() == QLatin1String("fcfs") ? spec::Discipline::Fcfs : spec::Discipline::ProcessorSharing;
            return {};
        }));
    discipline.editor = PropertyField::Editor::Choice;
    for (const auto& name : spec::field("component", "discipline").choices) discipline.choices << QString::fromStdString(name);
    out.push_back(discipline);
    out.push_back(field("demand", QObject::tr("Demand"), QObject::tr("12ms, or page: 20ms, write: 15ms"), service,
                        get([](const spec::Component& c) { return formatPerClassDuration(c.demand); }),
                        with([](spec::Component& c, const QString& t) -> QString {
                            QString error;
                            if (!parsePerClassDuration(t, c.demand, error)) return error;
                            return {};
                        })));
    out.push_back(field(
        "distribution", QObject::tr("Distribution"),
        QObject::tr("exponential, deterministic, lognormal cv=1.5, erlang k=4, hyperexponential cv=2, uniform cv=0.5"),
        service,
        get([](const spec::Component& c) {
            QString s = QString::fromLatin1(spec::toString(c.distribution.kind));
            using D = spec::DistributionKind;
            if (c.distribution.kind == D::Erlang) s += QStringLiteral(" k=%1").arg(c.distribution.k);
            else if (c.distribution.kind != D::Exponential && c.distribution.kind != D::Deterministic) {
                s += QStringLiteral(" cv=%1").arg(number(c.distribution.cv));
            }
            return s;
        }),
        with([](spec::Component& c, const QString& text) -> QString {
            using D = spec::DistributionKind;
            const QStringList words = text.trimmed().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            if (words.isEmpty()) return QObject::tr("needs a distribution name");
            spec::Distribution d;
            bool known = false;
            for (D k : {D::Exponential, D::Deterministic, D::Lognormal, D::Erlang, D::Hyperexponential, D::Uniform}) {
                if (words[0] == QLatin1String(spec::toString(k))) {
                    d.kind = k;
                    known = true;
                }
            }
            if (!known) {
                // The loader's words, with its suggestion.
                std::vector<std::string> names;
                for (const auto& n : spec::field("component", "distribution").choices) names.push_back(n);
                return QStringLiteral("unknown distribution '%1'").arg(words[0]) +
                       QString::fromStdString(spec::didYouMean(words[0].toStdString(), names));
            }
            QList<QPair<QString, QString>> pairs;
            if (auto e = parsePairs(words.mid(1).join(' '), {"cv", "k"}, pairs); !e.isEmpty()) return e;
            for (const auto& [k, v] : pairs) {
                if (k == QLatin1String("k")) {
                    if (auto e = parseField("component", "distribution.k", v, d.k); !e.isEmpty()) return e;
                } else if (auto e = parseField("component", "distribution.cv", v, d.cv); !e.isEmpty()) {
                    return e;
                }
            }
            if (d.kind == D::Exponential) d.cv = 1.0;
            if (d.kind == D::Deterministic) d.cv = 0.0;
            if (d.kind == D::Erlang) d.cv = 1.0 / std::sqrt(static_cast<double>(d.k));
            if (const std::string e = spec::distributionError(d); !e.empty()) return QString::fromStdString(e);
            d.where = c.distribution.where;
            c.distribution = d;
            return {};
        })));
    out.push_back(field("timeout", QObject::tr("Timeout"), QObject::tr("e.g. 2s; empty = none"), resilience,
                        get([](const spec::Component& c) { return c.timeout ? durationText(*c.timeout) : QString(); }),
                        with([](spec::Component& c, const QString& t) { return parseOptionalField("component", "timeout", t, c.timeout); })));
    out.push_back(field("retries", QObject::tr("Retries"), QObject::tr("max=2 backoff=100ms"), resilience,
                        get([](const spec::Component& c) {
                            if (c.retries.max == 0 && c.retries.backoff == 0) return QString();
                            QString s = QStringLiteral("max=%1").arg(c.retries.max);
                            if (c.retries.backoff > 0) s += " backoff=" + durationText(c.retries.backoff);
                            if (c.retries.jitter) s += QStringLiteral(" jitter=true");
                            return s;
                        }),
                        with([](spec::Component& c, const QString& text) -> QString {
                            spec::Retries r;
                            const QString t = text.trimmed();
                            if (!t.isEmpty() && !t.contains(QRegularExpression(QStringLiteral("[=:]")))) {
                                // `retries: 2`, the loader's shorthand for {max: 2}, with its message.
                                if (!parseField("component", "retries.max", t, r.max).isEmpty()) {
                                    return QString::fromStdString(spec::retriesShorthandError());
                                }
                            } else {
                                QList<QPair<QString, QString>> pairs;
                                if (auto e = parsePairs(text, {"max", "backoff", "jitter"}, pairs); !e.isEmpty()) return e;
                                for (const auto& [k, v] : pairs) {
                                    if (k == QLatin1String("jitter")) {
                                        if (auto e = parseFlag(k, v, r.jitter); !e.isEmpty()) return e;
                                    } else if (k == QLatin1String("max")) {
                                        if (auto e = parseField("component", "retries.max", v, r.max); !e.isEmpty()) return e;
                                    } else if (auto e = parseField("component", "retries.backoff", v, r.backoff); !e.isEmpty()) {
                                        return e;
                                    }
                                }
                            }
                            c.retries = r;
                            return {};
                        })));
    out.push_back(field("retry_budget", QObject::tr("Retry budget"), QObject::tr("retries at most this share, e.g. 10%; empty = none"),
                        resilience,
                        get([](const spec::Component& c) { return c.retryBudget ? ratioText(*c.retryBudget) : QString(); }),
                        with([](spec::Component& c, const QString& t) {
                            return parseOptionalField("component", "retry_budget", t, c.retryBudget);
                        })));
    out.push_back(field("circuit_breaker", QObject::tr("Circuit breaker"), QObject::tr("error_rate=50% open_for=30s; empty = none"),
                        resilience,
                        get([](const spec::Component& c) {
                            if (!c.circuitBreaker) return QString();
                            return QStringLiteral("error_rate=%1 open_for=%2")
                                .arg(ratioText(c.circuitBreaker->errorRate), durationText(c.circuitBreaker->openFor));
                        }),
                        with([](spec::Component& c, const QString& text) -> QString {
                            if (text.trimmed().isEmpty()) {
                                c.circuitBreaker.reset();
                                return {};
                            }
                            spec::CircuitBreaker b;
                            QList<QPair<QString, QString>> pairs;
                            if (auto e = parsePairs(text, {"error_rate", "open_for"}, pairs); !e.isEmpty()) return e;
                            for (const auto& [k, v] : pairs) {
                                const std::string row = "circuit_breaker." + k.toStdString();
                                double& target = k == QLatin1String("error_rate") ? b.errorRate : b.openFor;
                                if (auto e = parseField("component", row.c_str(), v, target); !e.isEmpty()) return e;
                            }
                            c.circuitBreaker = b;
                            return {};
                        })));
    // Autoscaling and load shedding (issue 16), for the kinds the format allows them on.
    if (spec::field("component", "autoscale").kinds.contains(current.kind)) {
        out.push_back(field(
            "autoscale", QObject::tr("Autoscale"),
            QObject::tr("min=2 max=10 target_utilization=60% delay=90s cooldown=5min; empty = fixed count"), capacity,
            get([](const spec::Component& c) {
                if (!c.autoscale) return QString();
                const spec::Autoscale& a = *c.autoscale;
                QString t = QStringLiteral("min=%1 max=%2").arg(a.min).arg(a.max);
                t += a.targetInFlight ? QStringLiteral(" target_in_flight=%1").arg(*a.targetInFlight)
                                      : QStringLiteral(" target_utilization=%1").arg(ratioText(a.targetUtilization));
                t += QStringLiteral(" delay=%1 cooldown=%2 interval=%3")
                         .arg(durationText(a.delay), durationText(a.cooldown), durationText(a.interval));
                if (!a.scaleIn) t += QStringLiteral(" scale_in=false");
                return t;
            }),
            with([](spec::Component& c, const QString& text) -> QString {
                if (text.trimmed().isEmpty()) {
                    c.autoscale.reset();
                    return {};
                }
                if (c.host) return QString::fromStdString(spec::autoscaleHostError());
                spec::Autoscale a;
                QList<QPair<QString, QString>> pairs;
                const QStringList keys{"min", "max", "target_utilization", "target_in_flight", "delay", "cooldown",
                                       "interval", "scale_in"};
                if (auto e = parsePairs(text, keys, pairs); !e.isEmpty()) return e;
                bool maxGiven = false;
                for (const auto& [k, v] : pairs) {
                    const std::string row = "autoscale." + k.toStdString();
                    QString e;
                    if (k == QLatin1String("min")) e = parseField("component", row.c_str(), v, a.min);
                    else if (k == QLatin1String("max")) {
                        e = parseField("component", row.c_str(), v, a.max);
                        maxGiven = true;
                    }
                    else if (k == QLatin1String("target_utilization")) e = parseField("component", row.c_str(), v, a.targetUtilization);
                    else if (k == QLatin1String("target_in_flight")) e = parseOptionalField("component", row.c_str(), v, a.targetInFlight);
                    else if (k == QLatin1String("delay")) e = parseField("component", row.c_str(), v, a.delay);
                    else if (k == QLatin1String("cooldown")) e = parseField("component", row.c_str(), v, a.cooldown);
                    else if (k == QLatin1String("interval")) e = parseField("component", row.c_str(), v, a.interval);
                    else e = parseFlag(k, v, a.scaleIn);
                    if (!e.isEmpty()) return e;
                }
                if (!maxGiven) return QObject::tr("autoscale needs max (the most instances it may order)");
                spec::Component trial = c;
                trial.autoscale = a;
                if (auto e = spec::autoscaleError(trial); !e.empty()) return QString::fromStdString(e);
                c.autoscale = a;
                return {};
            })));
    }
    if (spec::field("component", "admission").kinds.contains(current.kind)) {
        out.push_back(field(
            "admission", QObject::tr("Load shedding"),
            QObject::tr("most requests in flight per instance before new ones are rejected; empty = none"), capacity,
            get([](const spec::Component& c) { return c.admission ? QString::number(c.admission->maxInFlight) : QString(); }),
            with([](spec::Component& c, const QString& text) -> QString {
                std::optional<int> limit;
                if (auto e = parseOptionalField("component", "admission.max_in_flight", text, limit); !e.isEmpty()) return e;
                if (limit) c.admission = spec::Admission{*limit};
                else c.admission.reset();
                return {};
            })));
    }
    out.push_back(field("calls", QObject::tr("Calls"), QObject::tr("in order: cache, db[write]*2"), routing,
                        get([](const spec::Component& c) { return formatCalls(c.calls); }),
                        with([](spec::Component& c, const QString& t) -> QString {
                            QString error;
                            std::vector<spec::Call> calls;
                            if (!parseCalls(t, calls, error)) return error;
                            // Keep the loaded identity of calls that stay (comment-preserving save).
                            for (size_t i = 0; i < calls.size() && i < c.calls.size(); ++i) {
                                if (calls[i].to == c.calls[i].to) {
                                    calls[i].where = c.calls[i].where;
                                    calls[i].keys = c.calls[i].keys;
                                }
                            }
                            c.calls = calls;
                            return {};
                        })));
    if (current.kind == K::LoadBalancer) {
        PropertyField policy = field(
            "policy", QObject::tr("Policy"), {}, routing,
            get([](const spec::Component& c) { return QString::fromLatin1(spec::toString(c.policy)); }),
            with([](spec::Component& c, const QString& t) -> QString {
                if (auto e = choiceField("component", "policy", t); !e.isEmpty()) return e;
                using P = spec::BalancingPolicy;
                for (P p : {P::RoundRobin, P::Random, P::LeastConnections, P::PowerOfTwoChoices}) {
                    if (t.trimmed() == QLatin1String(spec::toString(p))) c.policy = p;
                }
                return {};
            }));
        policy.editor = PropertyField::Editor::Choice;
        for (const auto& name : spec::field("component", "policy").choices) policy.choices << QString::fromStdString(name);
        out.push_back(policy);
    }
    if (current.kind == K::Cache || current.kind == K::Cdn || current.cache.hitRatio || current.cache.keys) {
        out.push_back(field(
            "hit_ratio", QObject::tr("Hit ratio"), QObject::tr("90%, or keys=1e6 capacity=2e5 zipf=0.9 ttl=10min"), routing,
            get([](const spec::Component& c) {
                if (c.cache.keys) {
                    QString s = QStringLiteral("keys=%1 capacity=%2 zipf=%3")
                                    .arg(number(*c.cache.keys), number(c.cache.capacity.value_or(0)), number(c.cache.zipf));
                    if (c.cache.ttl) s += " ttl=" + durationText(*c.cache.ttl);
                    if (c.cache.ttlJitter > 0) s += " ttl_jitter=" + ratioText(c.cache.ttlJitter);
                    if (c.cache.coalesce) s += QStringLiteral(" coalesce=true");
                    if (c.cache.serveStale) s += QStringLiteral(" serve_stale=true");
                    return s;
                }
                return c.cache.hitRatio ? ratioText(*c.cache.hitRatio) : QString();
            }),
            with([](spec::Component& c, const QString& text) -> QString {
                spec::CacheModel m;
                const QString t = text.trimmed();
                if (t.isEmpty()) {
                    c.cache = m;
                    return {};
                }
                if (!t.contains('=') && !t.contains(QRegularExpression(QStringLiteral("[a-z]\\s*:")))) {
                    double r = 0;
                    if (auto e = parseField("component", "hit_ratio", t, r); !e.isEmpty()) return e;
                    m.hitRatio = r;
                    c.cache = m;
                    return {};
                }
                QList<QPair<QString, QString>> pairs;
                if (auto e = parsePairs(t, {"keys", "capacity", "zipf", "ttl", "ttl_jitter", "coalesce", "serve_stale"}, pairs);
                    !e.isEmpty()) {
                    return e;
                }
                for (const auto& [k, v] : pairs) {
                    if (k == QLatin1String("coalesce") || k == QLatin1String("serve_stale")) {
                        if (auto e = parseFlag(k, v, k == QLatin1String("coalesce") ? m.coalesce : m.serveStale); !e.isEmpty()) {
                            return e;
                        }
                        continue;
                    }
                    double x = 0;
                    const std::string row = "hit_ratio." + k.toStdString();
                    if (auto e = parseField("component", row.c_str(), v, x); !e.isEmpty()) return e;
                    if (k == QLatin1String("ttl")) m.ttl = x;
                    else if (k == QLatin1String("ttl_jitter")) m.ttlJitter = x;
                    else if (k == QLatin1String("keys")) m.keys = x;
                    else if (k == QLatin1String("capacity")) m.capacity = x;
                    else m.zipf = x;
                }
                if (!m.keys || !m.capacity) return QObject::tr("a derived hit ratio needs keys= and capacity=");
                c.cache = m;
                return {};
            })));
        out.push_back(field("on_miss", QObject::tr("On miss"), QObject::tr("component called on a miss"), routing,
                            get([](const spec::Component& c) { return c.onMiss ? QString::fromStdString(*c.onMiss) : QString(); }),
                            with([](spec::Component& c, const QString& t) -> QString {
                                if (t.trimmed().isEmpty()) c.onMiss.reset();
                                else c.onMiss = t.trimmed().toStdString();
                                return {};
                            })));
    }
    // Every kind may carry a pure delay (calibration writes the measured non-CPU time there).
    out.push_back(field("latency", QObject::tr("Latency"), QObject::tr("pure delay per visit, e.g. 20ms"), service,
                        get([](const spec::Component& c) { return durationText(c.latency); }),
                        with([](spec::Component& c, const QString& t) { return parseField("component", "latency", t, c.latency); })));
    out.push_back(field("wakeup", QObject::tr("Wake-up cost"), QObject::tr("CPU per visit at an idle host, e.g. 120us"), service,
                        get([](const spec::Component& c) { return durationText(c.wakeup); }),
                        with([](spec::Component& c, const QString& t) { return parseField("component", "wakeup", t, c.wakeup); })));
    out.push_back(field("wakeup_after", QObject::tr("Wake-up after"), QObject::tr("quiet spell before a visit pays it, e.g. 1.6ms"),
                        service, get([](const spec::Component& c) { return durationText(c.wakeupAfter); }),
                        with([](spec::Component& c, const QString& t) {
                            return parseField("component", "wakeup_after", t, c.wakeupAfter);
                        })));
    if (current.kind == K::External || current.rateLimit) {
        out.push_back(field("rate_limit", QObject::tr("Rate limit"), QObject::tr("e.g. 500/s; empty = none"), capacity,
                            get([](const spec::Component& c) {
                                return c.rateLimit ? number(*c.rateLimit) + QStringLiteral("/s") : QString();
                            }),
                            with([](spec::Component& c, const QString& t) { return parseOptionalField("component", "rate_limit", t, c.rateLimit); })));
    }
    if (current.kind == K::Database) {
        out.push_back(field("replicas", QObject::tr("Read replicas"), rangeHint("component", "replicas", QObject::tr("whole number")), data,
                            get([](const spec::Component& c) { return QString::number(c.replicas); }),
                            with([](spec::Component& c, const QString& t) { return parseField("component", "replicas", t, c.replicas); })));
        out.push_back(field("replica_cost_month", QObject::tr("Replica cost"), QObject::tr("per month; empty = as primary"), data,
                            get([](const spec::Component& c) {
                                return c.replicaCostMonth >= 0 ? number(c.replicaCostMonth) : QString();
                            }),
                            with([](spec::Component& c, const QString& t) -> QString {
                                if (t.trimmed().isEmpty()) {
                                    c.replicaCostMonth = -1.0;  // as the primary: the key goes
                                    c.keys.erase("replica_cost_month");
                                    return {};
                                }
                                return parseField("component", "replica_cost_month", t, c.replicaCostMonth);
                            })));
        out.push_back(field("shards", QObject::tr("Shards"), rangeHint("component", "shards", QObject::tr("whole number")), data,
                            get([](const spec::Component& c) { return QString::number(c.shards); }),
                            with([](spec::Component& c, const QString& t) { return parseField("component", "shards", t, c.shards); })));
        out.push_back(field("skew", QObject::tr("Shard skew"), QObject::tr("hot_fraction=20% hot_share=50%"), data,
                            get([](const spec::Component& c) {
                                if (c.skew.hotFraction == 0 && c.skew.hotShare == 0) return QString();
                                return QStringLiteral("hot_fraction=%1 hot_share=%2")
                                    .arg(ratioText(c.skew.hotFraction), ratioText(c.skew.hotShare));
                            }),
                            with([](spec::Component& c, const QString& text) -> QString {
                                spec::ShardSkew s;
                                QList<QPair<QString, QString>> pairs;
                                if (auto e = parsePairs(text, {"hot_fraction", "hot_share"}, pairs); !e.isEmpty()) return e;
                                for (const auto& [k, v] : pairs) {
                                    double& target = k == QLatin1String("hot_fraction") ? s.hotFraction : s.hotShare;
                                    const std::string row = "skew." + k.toStdString();
                                    if (auto e = parseField("component", row.c_str(), v, target); !e.isEmpty()) return e;
                                }
                                if (const std::string e = spec::skewError(s); !e.empty()) return QString::fromStdString(e);
                                c.skew = s;
                                return {};
                            })));
        out.push_back(field("data", QObject::tr("Data growth"), QObject::tr("rows_per_user=200 index=true base_rows=1e6"), data,
                            get([](const spec::Component& c) {
                                if (!c.data) return QString();
                                return QStringLiteral("rows_per_user=%1 index=%2 base_rows=%3")
                                    .arg(number(c.data->rowsPerUser), c.data->index ? "true" : "false", number(c.data->baseRows));
                            }),
                            with([](spec::Component& c, const QString& text) -> QString {
                                if (text.trimmed().isEmpty()) {
                                    c.data.reset();
                                    return {};
                                }
                                spec::DataGrowth g;
                                bool rows = false;
                                QList<QPair<QString, QString>> pairs;
                                if (auto e = parsePairs(text, {"rows_per_user", "index", "base_rows"}, pairs); !e.isEmpty()) return e;
                                for (const auto& [k, v] : pairs) {
                                    if (k == QLatin1String("index")) {
                                        if (auto e = flagField(k, v, g.index); !e.isEmpty()) return e;
                                    } else if (k == QLatin1String("rows_per_user")) {
                                        if (auto e = parseField("component", "data.rows_per_user", v, g.rowsPerUser); !e.isEmpty()) return e;
                                        rows = true;
                                    } else if (auto e = parseField("component", "data.base_rows", v, g.baseRows); !e.isEmpty()) {
                                        return e;
                                    }
                                }
                                if (!rows) return QObject::tr("needs rows_per_user=");
                                c.data = g;
                                return {};
                            })));
    }
    out.push_back(field("failure", QObject::tr("Failure"), QObject::tr("at=300s recover_after=60s instance=0"), resilience,
                        get([](const spec::Component& c) { return formatFailure(c.failure); }),
                        with([](spec::Component& c, const QString& text) { return parseFailure(text, c.failure, c.keys); })));
}

void hostFields(std::vector<PropertyField>& out, const QString& id) {
    auto with = [id](auto fn) {
        return [id, fn](Arch& a, const QString& text) -> QString {
            spec::Host* h = findHost(a, id);
            if (!h) return QObject::tr("the host no longer exists");
            return fn(*h, text);
        };
    };
    auto get = [id](auto fn) {
        return [id, fn](const Arch& a) -> QString {
            for (const auto& h : a.hosts) {
                if (QString::fromStdString(h.id) == id) return fn(h);
            }
            return QString();
        };
    };
    const QString group = QObject::tr("Host");
    out.push_back(field("id", QObject::tr("Id"), QObject::tr("a unique name"), group,
                        get([](const spec::Host& h) { return QString::fromStdString(h.id); }),
                        [id](Arch& a, const QString& text) -> QString {
                            const std::string to = text.trimmed().toStdString();
                            if (to.empty()) return QObject::tr("needs a name");
                            spec::Host* h = findHost(a, id);
                            if (!h) return QObject::tr("the host no longer exists");
                            if (text.trimmed() != id && findHost(a, text.trimmed())) return QObject::tr("'%1' is already taken").arg(text.trimmed());
                            spec::renameHost(a, h->id, to);
                            return {};
                        }));
    out.push_back(field("cores", QObject::tr("Cores"), rangeHint("host", "cores", QObject::tr("whole number")), group,
                        get([](const spec::Host& h) { return QString::number(h.cores); }),
                        with([](spec::Host& h, const QString& t) { return parseField("host", "cores", t, h.cores); })));
    out.push_back(field("instances", QObject::tr("Instances"), rangeHint("host", "instances", QObject::tr("identical machines")), group,
                        get([](const spec::Host& h) { return QString::number(h.instances); }),
                        with([](spec::Host& h, const QString& t) { return parseField("host", "instances", t, h.instances); })));
    out.push_back(field("cost_month", QObject::tr("Cost / month"), QObject::tr("per instance"), group,
                        get([](const spec::Host& h) { return number(h.costMonth); }),
                        with([](spec::Host& h, const QString& t) { return parseField("host", "cost_month", t, h.costMonth); })));
    out.push_back(field("failure", QObject::tr("Failure"), QObject::tr("at=300s recover_after=60s instance=0, empty = none"),
                        QObject::tr("Resilience"), get([](const spec::Host& h) { return formatFailure(h.failure); }),
                        with([](spec::Host& h, const QString& t) { return parseFailure(t, h.failure, h.keys); })));
}

void architectureFields(std::vector<PropertyField>& out) {
    const QString general = QObject::tr("Architecture");
    const QString workload = QObject::tr("Workload");
    const QString slo = QObject::tr("Service level objective");
    out.push_back(field("name", QObject::tr("Name"), {}, general,
                        [](const Arch& a) { return QString::fromStdString(a.name); },
                        [](Arch& a, const QString& t) -> QString {
                            a.name = t.toStdString();
                            return {};
                        }));
    out.push_back(field("description", QObject::tr("Description"), {}, general,
                        [](const Arch& a) { return QString::fromStdString(a.description); },
                        [](Arch& a, const QString& t) -> QString {
                            a.description = t.toStdString();
                            return {};
                        }));
    out.push_back(field("workload.users", QObject::tr("Users"), rangeHint("workload", "users", QObject::tr("closed population (the slider overrides it)")), workload,
                        [](const Arch& a) { return a.workload.users ? number(*a.workload.users) : QString(); },
                        [](Arch& a, const QString& t) { return parseOptionalField("workload", "users", t, a.workload.users); }));
    out.push_back(field("workload.think_time", QObject::tr("Think time"), QObject::tr("e.g. 8s"), workload,
                        [](const Arch& a) { return durationText(a.workload.thinkTime); },
                        [](Arch& a, const QString& t) { return parseField("workload", "think_time", t, a.workload.thinkTime); }));
    out.push_back(field("workload.arrival_rate", QObject::tr("Arrival rate"), QObject::tr("open workload instead, e.g. 240/s"), workload,
                        [](const Arch& a) { return a.workload.arrivalRate ? number(*a.workload.arrivalRate) + "/s" : QString(); },
                        [](Arch& a, const QString& t) { return parseOptionalField("workload", "arrival_rate", t, a.workload.arrivalRate); }));
    out.push_back(field("workload.entry", QObject::tr("Entry"), QObject::tr("component requests enter at"), workload,
                        [](const Arch& a) { return a.workload.entry ? QString::fromStdString(*a.workload.entry) : QString(); },
                        [](Arch& a, const QString& t) -> QString {
                            if (t.trimmed().isEmpty()) a.workload.entry.reset();
                            else a.workload.entry = t.trimmed().toStdString();
                            return {};
                        }));
    out.push_back(field("workload.mix", QObject::tr("Mix"), QObject::tr("page 45%, api 25%, write 10% write"), workload,
                        [](const Arch& a) {
                            QStringList parts;
                            for (const auto& m : a.workload.mix) {
                                QString s = QString::fromStdString(m.name) + ' ' + ratioText(m.share);
                                if (m.write) s += QStringLiteral(" write");
                                if (m.entry) s += " @" + QString::fromStdString(*m.entry);
                                parts << s;
                            }
                            return parts.join(QStringLiteral(", "));
                        },
                        [](Arch& a, const QString& text) -> QString {
                            std::vector<spec::ClassMix> mix;
                            for (const QString& raw : text.split(',', Qt::SkipEmptyParts)) {
                                const QStringList w = raw.trimmed().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
                                if (w.size() < 2) return QObject::tr("each class needs a name and a share: 'page 45%'");
                                spec::ClassMix m;
                                m.name = w[0].toStdString();
                                if (auto e = parseField("mix", "share", w[1], m.share); !e.isEmpty()) return e;
                                for (int i = 2; i < w.size(); ++i) {
                                    if (w[i] == QLatin1String("write")) m.write = true;
                                    else if (w[i].startsWith('@')) m.entry = w[i].mid(1).toStdString();
                                    else return QObject::tr("unexpected '%1' (write or @entry)").arg(w[i]);
                                }
                                for (const auto& old : a.workload.mix) {
                                    if (old.name == m.name) {
                                        m.where = old.where;
                                        m.keys = old.keys;
                                    }
                                }
                                mix.push_back(m);
                            }
                            a.workload.mix = mix;
                            return {};
                        }));
    out.push_back(field("workload.profile", QObject::tr("Profile"),
                        QObject::tr("load over time: 0s: 5000, 300s: 50000 ramp 60s (or 240/s); empty = steady"), workload,
                        [](const Arch& a) { return formatProfile(a.workload.profile); },
                        [](Arch& a, const QString& t) { return parseProfile(t, a.workload); }));
    auto sloDuration = [&](const QString& key, const QString& label, double spec::Slo::*member) {
        out.push_back(field("slo." + key, label, QObject::tr("e.g. 300ms"), slo,
                            [member](const Arch& a) { return durationText(a.slo.*member); },
                            [key, member](Arch& a, const QString& t) -> QString {
                                double v = 0;
                                if (auto e = parseField("slo", key.toLatin1().constData(), t, v); !e.isEmpty()) return e;
                                a.slo.*member = v;
                                return {};
                            }));
    };
    auto sloRatio = [&](const QString& key, const QString& label, double spec::Slo::*member) {
        out.push_back(field("slo." + key, label, QObject::tr("e.g. 80% or 0.8"), slo,
                            [member](const Arch& a) { return ratioText(a.slo.*member); },
                            [key, member](Arch& a, const QString& t) -> QString {
                                double v = 0;
                                if (auto e = parseField("slo", key.toLatin1().constData(), t, v); !e.isEmpty()) return e;
                                a.slo.*member = v;
                                return {};
                            }));
    };
    sloDuration("p95", QObject::tr("p95"), &spec::Slo::p95);
    sloDuration("p99", QObject::tr("p99"), &spec::Slo::p99);
    sloRatio("error_rate", QObject::tr("Error rate"), &spec::Slo::errorRate);
    sloRatio("utilization", QObject::tr("Utilisation"), &spec::Slo::utilization);
    sloRatio("cache_hit_ratio", QObject::tr("Cache hit ratio"), &spec::Slo::cacheHitRatio);
    sloDuration("deploy_wait", QObject::tr("Deploy wait"), &spec::Slo::deployWait);
    out.push_back(field("slo.budget_month", QObject::tr("Budget / month"), QObject::tr("empty = none"), slo,
                        [](const Arch& a) { return a.slo.budgetMonth ? number(*a.slo.budgetMonth) : QString(); },
                        [](Arch& a, const QString& t) { return parseOptionalField("slo", "budget_month", t, a.slo.budgetMonth); }));
    out.push_back(field("slo.cost_per_1000_users", QObject::tr("Cost / 1,000 users"), QObject::tr("empty = no bound"), slo,
                        [](const Arch& a) { return a.slo.costPer1000Users ? number(*a.slo.costPer1000Users) : QString(); },
                        [](Arch& a, const QString& t) {
                            return parseOptionalField("slo", "cost_per_1000_users", t, a.slo.costPer1000Users);
                        }));
    // slo.resilience: the scenarios a phase must survive (the roadmap's default; --no-resilience turns it off).
    out.push_back(field("slo.resilience.from_users", QObject::tr("Resilience from"), QObject::tr("users; e.g. 5000"), slo,
                        [](const Arch& a) { return number(a.slo.resilience.fromUsers); },
                        [](Arch& a, const QString& t) -> QString {
                            double v = 0;
                            if (auto e = parseField("resilience", "from_users", t, v); !e.isEmpty()) return e;
                            a.slo.resilience.fromUsers = v;
                            return {};
                        }));
    out.push_back(field("slo.resilience.spike.factor", QObject::tr("Spike factor"), QObject::tr("peak over base, e.g. 10"), slo,
                        [](const Arch& a) { return number(a.slo.resilience.spike.factor); },
                        [](Arch& a, const QString& t) -> QString {
                            double v = 0;
                            if (auto e = parseField("spike", "factor", t, v); !e.isEmpty()) return e;
                            a.slo.resilience.spike.factor = v;
                            return {};
                        }));
    auto spikeDuration = [&](const QString& key, const QString& label, double spec::SpikeSpec::*member) {
        out.push_back(field("slo.resilience.spike." + key, label, QObject::tr("e.g. 60s"), slo,
                            [member](const Arch& a) { return durationText(a.slo.resilience.spike.*member); },
                            [key, member](Arch& a, const QString& t) -> QString {
                                double v = 0;
                                if (auto e = parseField("spike", key.toLatin1().constData(), t, v); !e.isEmpty()) return e;
                                a.slo.resilience.spike.*member = v;
                                return {};
                            }));
    };
    spikeDuration("ramp", QObject::tr("Spike ramp"), &spec::SpikeSpec::ramp);
    spikeDuration("hold", QObject::tr("Spike hold"), &spec::SpikeSpec::hold);
    spikeDuration("react", QObject::tr("Spike reaction"), &spec::SpikeSpec::react);
    out.push_back(field("slo.resilience.spike.per_month", QObject::tr("Spikes a month"),
                        QObject::tr("how often it comes, e.g. 4"), slo,
                        [](const Arch& a) { return number(a.slo.resilience.spike.perMonth); },
                        [](Arch& a, const QString& t) -> QString {
                            double v = 0;
                            if (auto e = parseField("spike", "per_month", t, v); !e.isEmpty()) return e;
                            a.slo.resilience.spike.perMonth = v;
                            return {};
                        }));
}

// Several components edited together: the keys every one of them has
// (not the id), each showing the shared value or "mixed"; setting one sets
// it on each, in order, and the first refusal names the component.
void multiComponentFields(std::vector<PropertyField>& out, const Arch& a, const QStringList& ids) {
    std::vector<std::vector<PropertyField>> each;
    for (const QString& id : ids) {
        const spec::Component* c = findComponent(a, id);
        if (!c) return;
        each.emplace_back();
        componentFields(each.back(), *c);
    }
    if (each.size() < 2) return;
    for (const PropertyField& first : each.front()) {
        if (first.key == QLatin1String("id")) continue;
        std::vector<PropertyField> same;
        for (const auto& list : each) {
            auto it = std::find_if(list.begin(), list.end(), [&](const PropertyField& f) { return f.key == first.key; });
            if (it == list.end() || it->editor != first.editor || it->choices != first.choices) break;
            same.push_back(*it);
        }
        if (same.size() != each.size()) continue;
        PropertyField f = first;
        f.mixed = [same](const Arch& arch) {
            const QString v = same.front().get(arch);
            return std::any_of(same.begin(), same.end(), [&](const PropertyField& g) { return g.get(arch) != v; });
        };
        f.get = [same, mixed = f.mixed](const Arch& arch) { return mixed(arch) ? QString() : same.front().get(arch); };
        f.set = [same, ids](Arch& arch, const QString& text) -> QString {
            for (size_t i = 0; i < same.size(); ++i) {
                if (auto e = same[i].set(arch, text); !e.isEmpty()) return ids[static_cast<int>(i)] + QStringLiteral(": ") + e;
            }
            return {};
        };
        out.push_back(std::move(f));
    }
}

// The arrow `from` -> `to`: each call entry of `from` naming `to`, with the
// call's keys (to, classes, visits: the format's "call" rows), keyed by its
// place in the caller's list ("calls[1].visits"); a cache's miss path (no
// entry names `to`): its on_miss and hit_ratio.
void callFields(std::vector<PropertyField>& out, const Arch& a, const QString& from, const QString& to) {
    const spec::Component* caller = findComponent(a, from);
    if (!caller) return;
    const std::string target = to.toStdString();
    std::vector<size_t> entries;
    for (size_t i = 0; i < caller->calls.size(); ++i) {
        if (caller->calls[i].to == target) entries.push_back(i);
    }
    if (entries.empty()) {
        if (!caller->onMiss || *caller->onMiss != target) return;
        std::vector<PropertyField> own;
        componentFields(own, *caller);
        for (auto& f : own) {
            if (f.key == QLatin1String("on_miss") || f.key == QLatin1String("hit_ratio")) {
                f.group = QObject::tr("Miss path %1 → %2").arg(from, to);
                out.push_back(std::move(f));
            }
        }
        return;
    }
    int n = 0;
    for (size_t i : entries) {
        ++n;
        const QString group = entries.size() == 1 ? QObject::tr("Call %1 → %2").arg(from, to)
                                                  : QObject::tr("Call %1 → %2 (%3 of %4)").arg(from, to).arg(n).arg(entries.size());
        const QString prefix = QStringLiteral("calls[%1].").arg(i);
        auto with = [from, to, i](auto fn) {
            return [from, to, i, fn](Arch& arch, const QString& text) -> QString {
                spec::Component* c = findComponent(arch, from);
                if (!c || i >= c->calls.size() || c->calls[i].to != to.toStdString()) return QObject::tr("the call no longer exists");
                return fn(c->calls[i], text);
            };
        };
        auto get = [from, to, i](auto fn) {
            return [from, to, i, fn](const Arch& arch) -> QString {
                const spec::Component* c = findComponent(arch, from);
                if (!c || i >= c->calls.size() || c->calls[i].to != to.toStdString()) return QString();
                return fn(c->calls[i]);
            };
        };
        out.push_back(field(prefix + "to", QObject::tr("To"), QObject::tr("the component called"), group,
                            get([](const spec::Call& c) { return QString::fromStdString(c.to); }),
                            with([](spec::Call& c, const QString& t) -> QString {
                                const QString name = t.trimmed();
                                if (name.isEmpty()) return QObject::tr("a call needs 'to:' (the component called)");
                                if (name.contains(QRegularExpression(QStringLiteral("[\\s,:\\[\\]{}#]")))) {
                                    return QObject::tr("no spaces or , : [ ] { } #");
                                }
                                c.to = name.toStdString();
                                return {};
                            })));
        out.push_back(field(prefix + "classes", QObject::tr("Classes"), QObject::tr("e.g. write, or empty for every class"), group,
                            get([](const spec::Call& c) {
                                QStringList names;
                                for (const auto& cls : c.classes) names << QString::fromStdString(cls);
                                return names.join(QStringLiteral(", "));
                            }),
                            with([](spec::Call& c, const QString& t) -> QString {
                                c.classes.clear();
                                for (const QString& cls : t.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts)) {
                                    c.classes.push_back(cls.toStdString());
                                }
                                return {};
                            })));
        out.push_back(field(prefix + "visits", QObject::tr("Visits"), rangeHint("call", "visits", QObject::tr("mean calls per visit of the caller")),
                            group, get([](const spec::Call& c) { return number(c.visits); }),
                            with([](spec::Call& c, const QString& t) { return parseField("call", "visits", t, c.visits); })));
    }
}

}  // namespace

std::vector<PropertyField> propertyFields(const spec::Architecture& architecture, const Selection& selection) {
    std::vector<PropertyField> out;
    switch (selection.kind) {
        case Selection::Kind::Architecture: architectureFields(out); break;
        case Selection::Kind::Component:
            if (const auto* c = findComponent(architecture, selection.id)) componentFields(out, *c);
            break;
        case Selection::Kind::Host: {
            spec::Architecture copy = architecture;
            if (findHost(copy, selection.id)) hostFields(out, selection.id);
            break;
        }
        case Selection::Kind::Components: multiComponentFields(out, architecture, selection.ids); break;
        case Selection::Kind::Call: callFields(out, architecture, selection.id, selection.to); break;
    }
    return out;
}

QString formatPerClassDuration(const spec::PerClassDuration& value) {
    if (value.byClass.empty()) return value.fallback ? durationText(*value.fallback) : QString();
    QStringList parts;
    for (const auto& [cls, v] : value.byClass) parts << QString::fromStdString(cls) + ": " + durationText(v);
    if (value.fallback) parts << "default: " + durationText(*value.fallback);
    return parts.join(QStringLiteral(", "));
}

bool parsePerClassDuration(const QString& text, spec::PerClassDuration& out, QString& error) {
    spec::PerClassDuration d;
    const QString t = text.trimmed();
    if (t.isEmpty()) {
        out = d;
        return true;
    }
    if (!t.contains(':')) {
        double v = 0;
        error = parseField("component", "demand", t, v);
        if (!error.isEmpty()) return false;
        d.fallback = v;
        out = d;
        return true;
    }
    for (const QString& raw : t.split(',', Qt::SkipEmptyParts)) {
        const auto at = raw.indexOf(':');
        if (at <= 0) {
            error = QObject::tr("expected class: duration, got '%1'").arg(raw.trimmed());
            return false;
        }
        const QString cls = raw.left(at).trimmed();
        // The loader names a class's value "demand.CLASS".
        spec::Field row = spec::field("component", "demand");
        row.key.append(1, '.').append(cls.toStdString());
        std::string reason;
        auto v = io::parseFieldValue(row, raw.mid(at + 1).trimmed().toStdString(), reason);
        if (!v) {
            error = QString::fromStdString(reason);
            return false;
        }
        if (cls == QLatin1String("default")) d.fallback = *v;
        else d.byClass[cls.toStdString()] = *v;
    }
    out = d;
    return true;
}

QString formatCalls(const std::vector<spec::Call>& calls) {
    QStringList parts;
    for (const auto& c : calls) {
        QString s = QString::fromStdString(c.to);
        if (!c.classes.empty()) {
            QStringList cls;
            for (const auto& name : c.classes) cls << QString::fromStdString(name);
            s += '[' + cls.join(' ') + ']';
        }
        if (c.visits != 1.0) s += '*' + number(c.visits);
        parts << s;
    }
    return parts.join(QStringLiteral(", "));
}

bool parseCalls(const QString& text, std::vector<spec::Call>& out, QString& error) {
    static const QRegularExpression entry(QStringLiteral("^([A-Za-z0-9_.\\-/]+)\\s*(?:\\[([^\\]]*)\\])?\\s*(?:\\*\\s*(\\S+))?$"));
    std::vector<spec::Call> calls;
    for (const QString& raw : text.split(',', Qt::SkipEmptyParts)) {
        const auto m = entry.match(raw.trimmed());
        if (!m.hasMatch()) {
            error = QObject::tr("expected name[classes]*visits, got '%1'").arg(raw.trimmed());
            return false;
        }
        spec::Call call;
        call.to = m.captured(1).toStdString();
        for (const QString& cls : m.captured(2).split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts)) {
            call.classes.push_back(cls.toStdString());
        }
        if (!m.captured(3).isEmpty()) {
            error = parseField("call", "visits", m.captured(3), call.visits);
            if (!error.isEmpty()) return false;
        }
        calls.push_back(call);
    }
    out = calls;
    return true;
}

// The GUI's figures go through the model's formatters (io/metrics.h): the
// panels print what the CLI and the report print.
QString formatSeconds(double seconds) { return QString::fromStdString(io::formatDurationText(seconds)); }

QString formatPercent(double ratio) { return QString::fromStdString(io::formatPercent(ratio)); }

QString formatUsers(double users) { return QString::fromStdString(io::formatUsers(users)); }

QString formatMoney(double perMonth) { return QString::fromStdString(io::formatMoney(perMonth)) + QStringLiteral(" /month"); }

}  // namespace headroom::ui
