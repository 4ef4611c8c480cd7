#include "property_schema.h"

#include "architecture_edits.h"
#include "io/units.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace headroom::ui {

namespace {

using Arch = spec::Architecture;

QString number(double v) { return QString::number(v, 'g', 12); }

QString ratioText(double v) { return QString::number(v * 100.0, 'g', 10) + QLatin1Char('%'); }

QString durationText(double v) { return QString::fromStdString(io::formatDuration(v)); }

// Each parser returns "" on success, else the reason.
QString parseDurationInto(const QString& text, double& out) {
    std::string error;
    auto v = io::parseDuration(text.trimmed().toStdString(), error);
    if (!v) return QString::fromStdString(error);
    if (*v < 0) return QObject::tr("must not be negative");
    out = *v;
    return {};
}

QString parseOptionalDuration(const QString& text, std::optional<double>& out, bool positive) {
    if (text.trimmed().isEmpty()) {
        out.reset();
        return {};
    }
    double v = 0;
    if (auto e = parseDurationInto(text, v); !e.isEmpty()) return e;
    if (positive && v <= 0) return QObject::tr("must be greater than zero");
    out = v;
    return {};
}

QString parseRatioInto(const QString& text, double& out) {
    std::string error;
    auto v = io::parseRatio(text.trimmed().toStdString(), error);
    if (!v) return QString::fromStdString(error);
    out = *v;
    return {};
}

QString parseNumberInto(const QString& text, double& out, double minimum) {
    std::string error;
    auto v = io::parseNumber(text.trimmed().toStdString(), error);
    if (!v) return QString::fromStdString(error);
    if (*v < minimum) return QObject::tr("must be at least %1").arg(minimum);
    out = *v;
    return {};
}

QString parseCount(const QString& text, int& out, int minimum) {
    bool ok = false;
    const long long v = text.trimmed().toLongLong(&ok);
    if (!ok) return QObject::tr("must be a whole number");
    if (v < minimum) return QObject::tr("must be at least %1").arg(minimum);
    if (v > 1000000000) return QObject::tr("is too large");
    out = static_cast<int>(v);
    return {};
}

QString parseOptionalCount(const QString& text, std::optional<int>& out, int minimum) {
    const QString t = text.trimmed();
    if (t.isEmpty() || t.compare(QLatin1String("unlimited"), Qt::CaseInsensitive) == 0) {
        out.reset();
        return {};
    }
    int v = 0;
    if (auto e = parseCount(t, v, minimum); !e.isEmpty()) return e;
    out = v;
    return {};
}

QString parseRateInto(const QString& text, std::optional<double>& out) {
    if (text.trimmed().isEmpty()) {
        out.reset();
        return {};
    }
    std::string error;
    auto v = io::parseRate(text.trimmed().toStdString(), error);
    if (!v) return QString::fromStdString(error);
    if (*v <= 0) return QObject::tr("must be greater than zero");
    out = *v;
    return {};
}

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
            if (auto e = parseDurationInto(v, f.at); !e.isEmpty()) return "at: " + e;
            at = true;
        } else if (k == QLatin1String("instance")) {
            if (auto e = parseCount(v, f.instance, 0); !e.isEmpty()) return "instance " + e;
            if (f.instance > 9999) return QObject::tr("instance must be from 0 to 9,999");
        } else {
            double r = 0;
            if (auto e = parseDurationInto(v, r); !e.isEmpty()) return "recover_after: " + e;
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
        if (auto e = parseDurationInto(item.left(colon), s.at); !e.isEmpty()) return where + "at: " + e;
        const QStringList rest = item.mid(colon + 1).trimmed().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (rest.isEmpty()) return where + QObject::tr("needs users (5000) or an arrival rate (240/s)");
        if (rest[0].contains('/')) {
            std::optional<double> rate;
            if (auto e = parseRateInto(rest[0], rate); !e.isEmpty()) return where + "arrival_rate: " + e;
            s.arrivalRate = rate;
        } else {
            double users = 0;
            if (auto e = parseNumberInto(rest[0], users, 0); !e.isEmpty()) return where + "users " + e;
            if (users > 10000000) return where + QObject::tr("users must be from 0 to 10,000,000");
            s.users = users;
        }
        if (rest.size() == 3 && rest[1] == QLatin1String("ramp")) {
            if (auto e = parseDurationInto(rest[2], s.ramp); !e.isEmpty()) return where + "ramp: " + e;
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
            for (K k : {K::Service, K::LoadBalancer, K::Cache, K::Cdn, K::Database, K::Queue, K::External}) {
                if (kindChoice(k) == text) {
                    c.kind = k;
                    return {};
                }
            }
            return QObject::tr("unknown kind");
        }));
    kind.editor = PropertyField::Editor::Choice;
    for (K k : {K::Service, K::LoadBalancer, K::Cache, K::Cdn, K::Database, K::Queue, K::External}) {
        kind.choices << kindChoice(k);
    }
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
        out.push_back(field("cores", QObject::tr("Cores"), QObject::tr("whole number >= 1"), capacity,
                            get([](const spec::Component& c) { return QString::number(c.cores); }),
                            with([](spec::Component& c, const QString& t) { return parseCount(t, c.cores, 1); })));
        out.push_back(field("instances", QObject::tr("Instances"), QObject::tr("identical copies behind it"), capacity,
                            get([](const spec::Component& c) { return QString::number(c.instances); }),
                            with([](spec::Component& c, const QString& t) { return parseCount(t, c.instances, 1); })));
        out.push_back(field("cost_month", QObject::tr("Cost / month"), QObject::tr("per instance"), capacity,
                            get([](const spec::Component& c) { return number(c.costMonth); }),
                            with([](spec::Component& c, const QString& t) { return parseNumberInto(t, c.costMonth, 0); })));
    }
    out.push_back(field("threads", QObject::tr("Threads"), QObject::tr("empty = unlimited"), capacity,
                        get([](const spec::Component& c) { return c.threads ? QString::number(*c.threads) : QString(); }),
                        with([](spec::Component& c, const QString& t) { return parseOptionalCount(t, c.threads, 1); })));
    out.push_back(field("max_queue", QObject::tr("Max queue"), QObject::tr("empty = unlimited, 0 = reject at once"), capacity,
                        get([](const spec::Component& c) { return c.maxQueue ? QString::number(*c.maxQueue) : QString(); }),
                        with([](spec::Component& c, const QString& t) { return parseOptionalCount(t, c.maxQueue, 0); })));
    if (current.kind == K::Database || current.connections) {
        out.push_back(field(
            "connections", QObject::tr("Connections"), QObject::tr("pool size, empty = unlimited"), capacity,
            get([](const spec::Component& c) { return c.connections ? QString::number(*c.connections) : QString(); }),
            with([](spec::Component& c, const QString& t) { return parseOptionalCount(t, c.connections, 1); })));
    }
    PropertyField discipline = field(
        "discipline", QObject::tr("Discipline"), {}, service,
        get([](const spec::Component& c) { return QString::fromLatin1(spec::toString(c.discipline)); }),
        with([](spec::Component& c, const QString& t) -> QString {
            c.discipline = t == QLatin1String("fcfs") ? spec::Discipline::Fcfs : spec::Discipline::ProcessorSharing;
            return {};
        }));
    discipline.editor = PropertyField::Editor::Choice;
    discipline.choices = QStringList{"ps", "fcfs"};
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
            if (!known) return QObject::tr("unknown distribution '%1'").arg(words[0]);
            QList<QPair<QString, QString>> pairs;
            if (auto e = parsePairs(words.mid(1).join(' '), {"cv", "k"}, pairs); !e.isEmpty()) return e;
            for (const auto& [k, v] : pairs) {
                if (k == QLatin1String("k")) {
                    if (auto e = parseCount(v, d.k, 1); !e.isEmpty()) return "k " + e;
                } else if (auto e = parseNumberInto(v, d.cv, 0); !e.isEmpty()) {
                    return "cv " + e;
                }
            }
            if (d.kind == D::Exponential) d.cv = 1.0;
            if (d.kind == D::Deterministic) d.cv = 0.0;
            if (d.kind == D::Erlang) d.cv = 1.0 / std::sqrt(static_cast<double>(d.k));
            if (d.kind == D::Hyperexponential && d.cv < 1.0) return QObject::tr("hyperexponential needs cv >= 1");
            if (d.kind == D::Uniform && d.cv > 0.578) return QObject::tr("uniform needs cv <= 0.577");
            d.where = c.distribution.where;
            c.distribution = d;
            return {};
        })));
    out.push_back(field("timeout", QObject::tr("Timeout"), QObject::tr("e.g. 2s; empty = none"), resilience,
                        get([](const spec::Component& c) { return c.timeout ? durationText(*c.timeout) : QString(); }),
                        with([](spec::Component& c, const QString& t) { return parseOptionalDuration(t, c.timeout, true); })));
    out.push_back(field("retries", QObject::tr("Retries"), QObject::tr("max=2 backoff=100ms"), resilience,
                        get([](const spec::Component& c) {
                            if (c.retries.max == 0 && c.retries.backoff == 0) return QString();
                            QString s = QStringLiteral("max=%1").arg(c.retries.max);
                            if (c.retries.backoff > 0) s += " backoff=" + durationText(c.retries.backoff);
                            return s;
                        }),
                        with([](spec::Component& c, const QString& text) -> QString {
                            spec::Retries r;
                            bool plain = false;
                            const int n = text.trimmed().toInt(&plain);
                            if (plain) {
                                if (n < 0) return QObject::tr("must not be negative");
                                r.max = n;
                            } else {
                                QList<QPair<QString, QString>> pairs;
                                if (auto e = parsePairs(text, {"max", "backoff"}, pairs); !e.isEmpty()) return e;
                                for (const auto& [k, v] : pairs) {
                                    if (k == QLatin1String("max")) {
                                        if (auto e = parseCount(v, r.max, 0); !e.isEmpty()) return "max " + e;
                                    } else if (auto e = parseDurationInto(v, r.backoff); !e.isEmpty()) {
                                        return "backoff: " + e;
                                    }
                                }
                            }
                            c.retries = r;
                            return {};
                        })));
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
                using P = spec::BalancingPolicy;
                for (P p : {P::RoundRobin, P::Random, P::LeastConnections, P::PowerOfTwoChoices}) {
                    if (t == QLatin1String(spec::toString(p))) c.policy = p;
                }
                return {};
            }));
        policy.editor = PropertyField::Editor::Choice;
        policy.choices = QStringList{"round_robin", "random", "least_connections", "power_of_two"};
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
                    if (auto e = parseRatioInto(t, r); !e.isEmpty()) return e;
                    m.hitRatio = r;
                    c.cache = m;
                    return {};
                }
                QList<QPair<QString, QString>> pairs;
                if (auto e = parsePairs(t, {"keys", "capacity", "zipf", "ttl"}, pairs); !e.isEmpty()) return e;
                for (const auto& [k, v] : pairs) {
                    double x = 0;
                    if (k == QLatin1String("ttl")) {
                        if (auto e = parseDurationInto(v, x); !e.isEmpty()) return "ttl: " + e;
                        if (x <= 0) return QObject::tr("ttl must be greater than zero");
                        m.ttl = x;
                        continue;
                    }
                    if (auto e = parseNumberInto(v, x, k == QLatin1String("keys") ? 1 : 0); !e.isEmpty()) return k + " " + e;
                    if (k == QLatin1String("keys")) m.keys = x;
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
    if (current.kind == K::Cdn || current.kind == K::External || current.latency > 0) {
        out.push_back(field("latency", QObject::tr("Latency"), QObject::tr("pure delay per visit, e.g. 20ms"), service,
                            get([](const spec::Component& c) { return durationText(c.latency); }),
                            with([](spec::Component& c, const QString& t) { return parseDurationInto(t, c.latency); })));
    }
    if (current.kind == K::External || current.rateLimit) {
        out.push_back(field("rate_limit", QObject::tr("Rate limit"), QObject::tr("e.g. 500/s; empty = none"), capacity,
                            get([](const spec::Component& c) {
                                return c.rateLimit ? number(*c.rateLimit) + QStringLiteral("/s") : QString();
                            }),
                            with([](spec::Component& c, const QString& t) { return parseRateInto(t, c.rateLimit); })));
    }
    if (current.kind == K::Database) {
        out.push_back(field("replicas", QObject::tr("Read replicas"), QObject::tr("whole number >= 0"), data,
                            get([](const spec::Component& c) { return QString::number(c.replicas); }),
                            with([](spec::Component& c, const QString& t) { return parseCount(t, c.replicas, 0); })));
        out.push_back(field("replica_cost_month", QObject::tr("Replica cost"), QObject::tr("per month; empty = as primary"), data,
                            get([](const spec::Component& c) {
                                return c.replicaCostMonth >= 0 ? number(c.replicaCostMonth) : QString();
                            }),
                            with([](spec::Component& c, const QString& t) -> QString {
                                if (t.trimmed().isEmpty()) {
                                    c.replicaCostMonth = -1.0;
                                    return {};
                                }
                                return parseNumberInto(t, c.replicaCostMonth, 0);
                            })));
        out.push_back(field("shards", QObject::tr("Shards"), QObject::tr("whole number >= 1"), data,
                            get([](const spec::Component& c) { return QString::number(c.shards); }),
                            with([](spec::Component& c, const QString& t) { return parseCount(t, c.shards, 1); })));
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
                                    if (auto e = parseRatioInto(v, target); !e.isEmpty()) return k + ": " + e;
                                }
                                if ((s.hotFraction > 0) != (s.hotShare > 0)) return QObject::tr("needs both hot_fraction and hot_share");
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
                                        if (v != QLatin1String("true") && v != QLatin1String("false")) return QObject::tr("index must be true or false");
                                        g.index = v == QLatin1String("true");
                                    } else if (k == QLatin1String("rows_per_user")) {
                                        if (auto e = parseNumberInto(v, g.rowsPerUser, 0); !e.isEmpty()) return k + " " + e;
                                        rows = true;
                                    } else if (auto e = parseNumberInto(v, g.baseRows, 2); !e.isEmpty()) {
                                        return k + " " + e;
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
                            h->id = to;
                            for (auto& c : a.components) {
                                if (c.host && QString::fromStdString(*c.host) == id) c.host = to;
                            }
                            return {};
                        }));
    out.push_back(field("cores", QObject::tr("Cores"), QObject::tr("whole number >= 1"), group,
                        get([](const spec::Host& h) { return QString::number(h.cores); }),
                        with([](spec::Host& h, const QString& t) { return parseCount(t, h.cores, 1); })));
    out.push_back(field("instances", QObject::tr("Instances"), QObject::tr("identical machines"), group,
                        get([](const spec::Host& h) { return QString::number(h.instances); }),
                        with([](spec::Host& h, const QString& t) { return parseCount(t, h.instances, 1); })));
    out.push_back(field("cost_month", QObject::tr("Cost / month"), QObject::tr("per instance"), group,
                        get([](const spec::Host& h) { return number(h.costMonth); }),
                        with([](spec::Host& h, const QString& t) { return parseNumberInto(t, h.costMonth, 0); })));
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
    out.push_back(field("workload.users", QObject::tr("Users"), QObject::tr("closed population (the slider overrides it)"), workload,
                        [](const Arch& a) { return a.workload.users ? number(*a.workload.users) : QString(); },
                        [](Arch& a, const QString& t) -> QString {
                            if (t.trimmed().isEmpty()) {
                                a.workload.users.reset();
                                return {};
                            }
                            double v = 0;
                            if (auto e = parseNumberInto(t, v, 0); !e.isEmpty()) return e;
                            if (v <= 0) return QObject::tr("must be positive");
                            a.workload.users = v;
                            return {};
                        }));
    out.push_back(field("workload.think_time", QObject::tr("Think time"), QObject::tr("e.g. 8s"), workload,
                        [](const Arch& a) { return durationText(a.workload.thinkTime); },
                        [](Arch& a, const QString& t) { return parseDurationInto(t, a.workload.thinkTime); }));
    out.push_back(field("workload.arrival_rate", QObject::tr("Arrival rate"), QObject::tr("open workload instead, e.g. 240/s"), workload,
                        [](const Arch& a) { return a.workload.arrivalRate ? number(*a.workload.arrivalRate) + "/s" : QString(); },
                        [](Arch& a, const QString& t) { return parseRateInto(t, a.workload.arrivalRate); }));
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
                                if (auto e = parseRatioInto(w[1], m.share); !e.isEmpty()) return w[0] + ": " + e;
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
                            [member](Arch& a, const QString& t) -> QString {
                                double v = 0;
                                if (auto e = parseDurationInto(t, v); !e.isEmpty()) return e;
                                if (v <= 0) return QObject::tr("must be greater than zero");
                                a.slo.*member = v;
                                return {};
                            }));
    };
    auto sloRatio = [&](const QString& key, const QString& label, double spec::Slo::*member, bool positive) {
        out.push_back(field("slo." + key, label, QObject::tr("e.g. 80% or 0.8"), slo,
                            [member](const Arch& a) { return ratioText(a.slo.*member); },
                            [member, positive](Arch& a, const QString& t) -> QString {
                                double v = 0;
                                if (auto e = parseRatioInto(t, v); !e.isEmpty()) return e;
                                if (positive && v <= 0) return QObject::tr("must be greater than zero");
                                a.slo.*member = v;
                                return {};
                            }));
    };
    sloDuration("p95", QObject::tr("p95"), &spec::Slo::p95);
    sloDuration("p99", QObject::tr("p99"), &spec::Slo::p99);
    sloRatio("error_rate", QObject::tr("Error rate"), &spec::Slo::errorRate, false);
    sloRatio("utilization", QObject::tr("Utilisation"), &spec::Slo::utilization, true);
    sloRatio("cache_hit_ratio", QObject::tr("Cache hit ratio"), &spec::Slo::cacheHitRatio, false);
    out.push_back(field("slo.budget_month", QObject::tr("Budget / month"), QObject::tr("empty = none"), slo,
                        [](const Arch& a) { return a.slo.budgetMonth ? number(*a.slo.budgetMonth) : QString(); },
                        [](Arch& a, const QString& t) -> QString {
                            if (t.trimmed().isEmpty()) {
                                a.slo.budgetMonth.reset();
                                return {};
                            }
                            double v = 0;
                            if (auto e = parseNumberInto(t, v, 0); !e.isEmpty()) return e;
                            a.slo.budgetMonth = v;
                            return {};
                        }));
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
        error = parseDurationInto(t, v);
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
        double v = 0;
        error = parseDurationInto(raw.mid(at + 1), v);
        if (!error.isEmpty()) {
            error = cls + ": " + error;
            return false;
        }
        if (cls == QLatin1String("default")) d.fallback = v;
        else d.byClass[cls.toStdString()] = v;
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
            error = parseNumberInto(m.captured(3), call.visits, 0);
            if (!error.isEmpty()) {
                error = QObject::tr("visits of %1: %2").arg(m.captured(1), error);
                return false;
            }
        }
        calls.push_back(call);
    }
    out = calls;
    return true;
}

QString formatSeconds(double seconds) {
    if (!std::isfinite(seconds)) return QStringLiteral("—");
    if (seconds < 1e-3) return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'f', 0);
    if (seconds < 1.0) return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'f', seconds < 0.01 ? 2 : (seconds < 0.1 ? 1 : 0));
    return QStringLiteral("%1 s").arg(seconds, 0, 'f', seconds < 10 ? 2 : 1);
}

QString formatPercent(double ratio) {
    if (!std::isfinite(ratio)) return QStringLiteral("—");
    const double p = ratio * 100.0;
    return QStringLiteral("%1%").arg(p, 0, 'f', p != 0 && std::abs(p) < 1 ? 2 : (std::abs(p) < 10 ? 1 : 0));
}

QString formatUsers(double users) { return QLocale(QLocale::English).toString(std::llround(users)); }

QString formatMoney(double perMonth) {
    return QLocale(QLocale::English).toString(std::llround(perMonth)) + QStringLiteral(" /month");
}

}  // namespace headroom::ui
