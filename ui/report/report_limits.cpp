#include "report_limits.h"

#include "report_data.h"
#include "report_format.h"

#include "io/metrics.h"
#include "roadmap/felt_limits.h"
#include "roadmap/planner.h"
#include "roadmap/roadmap_writer.h"
#include "roadmap/transformations.h"

namespace headroom::report {

namespace {

using Tone = KeyFigure::Tone;

QString q(const std::string& s) { return QString::fromStdString(s); }

QString placedBy(bool confirmed) {
    return confirmed ? QStringLiteral("confirmed by simulation") : QStringLiteral("placed by the analytic solver");
}

QString what(const stats::ThresholdCheck& c) {
    return metricName(q(c.metric)) + (c.where.empty() || c.where == "system" ? QString() : QStringLiteral(" at ") + escaped(c.where));
}

Block subheading(const QString& text) {
    Block b;
    b.kind = Block::Kind::Subheading;
    b.text = text;
    return b;
}

Block paragraph(const QString& text) {
    Block b;
    b.kind = Block::Kind::Paragraph;
    b.text = text;
    return b;
}

QString title(const roadmap::Build& b) {
    if (!b.title.empty()) return escaped(b.title);
    if (const auto* t = roadmap::findTransformation(b.transformation)) return escaped(t->title);
    return escaped(b.transformation);
}

QString altTitle(const std::string& id) {
    QStringList parts;
    for (const auto& part : QString::fromStdString(id).split(QLatin1Char('+'))) {
        const auto* t = roadmap::findTransformation(part.toStdString());
        parts << (t ? escaped(t->title) : escaped(part));
    }
    return parts.join(QStringLiteral(", then "));
}

}  // namespace

QString natureName(const roadmap::BreakingPoint& point) {
    const std::string n = roadmap::breakNature(point);
    if (n == "user_felt") return QStringLiteral("user-felt");
    return QString::fromStdString(n);
}

QString natureNote(const roadmap::BreakingPoint& point) {
    QString s = QStringLiteral("<br><span class=\"muted\">") + natureName(point);
    if (point.feltAtUsers > 0 && natureName(point) == QLatin1String("margin")) {
        s += point.feltAtUsers > point.users * 1.0001
                 ? QStringLiteral(" · users feel it at %1").arg(formatUsers(point.feltAtUsers))
                 : QStringLiteral(" · users feel it already");
    }
    return s + QStringLiteral("</span>");
}

QString rulesText(const ReportData& d) {
    QStringList rules;
    const double from = roadmap::PlannerOptions{}.redundancyFrom;
    if (from > 0) {
        rules << QStringLiteral("<b>availability</b>: from %1 users no tier a request waits for may run on a single machine "
                                "(a database needs a replica to fail over to)")
                     .arg(formatUsers(from));
    }
    const auto budget = d.options.budgetMonth ? d.options.budgetMonth : d.architecture.slo.budgetMonth;
    if (budget) rules << QStringLiteral("<b>budget</b>: at most %1 per month").arg(formatMoney(*budget));
    if (rules.isEmpty()) return {};
    return QStringLiteral("Rules of the plan (not felt by users, required by policy): ") + rules.join(QStringLiteral("; ")) +
           QStringLiteral(".");
}

Block limitsLead(const ReportData& d) {
    const auto& phases = d.roadmap.phases;
    Block b;
    b.kind = Block::Kind::Callout;
    if (phases.empty()) {
        b.text = QStringLiteral("<b>No limit breaks below %1 users</b>: users feel nothing and no margin is crossed.")
                     .arg(formatUsers(d.roadmap.target));
        b.tone = Tone::Good;
        return b;
    }
    const auto& first = phases.front().breaks;
    // The first user-felt break: a phase's own, or the load where the first margin would be felt.
    const roadmap::BreakingPoint* felt = nullptr;
    for (const auto& p : phases) {
        if (natureName(p.breaks) == QLatin1String("user-felt")) {
            felt = &p.breaks;
            break;
        }
        if (natureName(p.breaks) == QLatin1String("margin")) break;
    }
    QString text;
    if (felt) {
        text = QStringLiteral("<b>Users first feel it at %1 users</b>: %2 (%3, %4).")
                   .arg(formatUsers(felt->users), what(felt->check), escaped(io::formatComparison(felt->check)), placedBy(felt->confirmed));
    } else if (natureName(first) == QLatin1String("margin") && first.feltAtUsers > 0) {
        text = QStringLiteral("<b>Users first feel it at %1 users</b>: %2 breaks there on today's architecture (%3).")
                   .arg(formatUsers(first.feltAtUsers), metricName(q(first.feltMetric)), placedBy(first.feltConfirmed));
    } else {
        text = QStringLiteral("<b>Users feel nothing below %1 users</b> on today's architecture.").arg(formatUsers(first.users));
    }
    if (natureName(first) == QLatin1String("margin")) {
        text += QStringLiteral(" <b>The safety margin comes first, at %1 users</b>: %2 over its %3 line (%4, %5) — a policy "
                               "line before users notice, not an outage; the plan builds before it.")
                    .arg(formatUsers(first.users), what(first.check), escaped(io::formatLimit(first.check.metric, first.check.limit)),
                         escaped(io::formatMetric(first.check.metric, first.check.value)), placedBy(first.confirmed));
    } else if (natureName(first) == QLatin1String("rule")) {
        text += QStringLiteral(" The first limit, at %1 users, is a rule of the plan: %2.").arg(formatUsers(first.users), what(first.check));
    }
    b.text = text;
    b.tone = Tone::Warning;
    return b;
}

void buildWorkSections(const ReportData& d, ReportDocument& doc) {
    const auto& plan = d.roadmap;
    if (plan.phases.empty()) return;
    doc.blocks.push_back(subheading(QStringLiteral("What each build takes")));
    doc.blocks.push_back(paragraph(QStringLiteral(
        "From the technology catalogue%1: for each build, the calendar days from decision to carrying load, the downtime "
        "it needs, what must be true first, and what can go wrong.")
                                       .arg(plan.phases.front().build.kind.empty() ? QString()
                                                                                   : QStringLiteral(" (resources/catalogue.yaml, "
                                                                                                    "overridable per architecture)"))));
    ReportTable t;
    t.headers = {QStringLiteral("Phase"), QStringLiteral("Build"), QStringLiteral("Lead time"), QStringLiteral("Downtime"),
                 QStringLiteral("Prerequisites"), QStringLiteral("Risks")};
    t.numeric = {true, false, true, false, false, false};
    t.weights = {0.08, 0.25, 0.09, 0.17, 0.20, 0.21};
    for (size_t i = 0; i < plan.phases.size(); ++i) {
        for (const auto& b : plan.phases[i].allBuilds()) {
            if (b.transformation.empty()) continue;
            QStringList prerequisites;
            for (const auto& p : b.prerequisites) prerequisites << escaped(p);
            t.rows.push_back({QString::number(i + 1),
                              QStringLiteral("<b>%1</b>%2<br><span class=\"muted\">%3</span>")
                                  .arg(title(b), b.params.target.empty() ? QString() : QStringLiteral(" (") + escaped(b.params.target) + QStringLiteral(")"),
                                       escaped(b.work)),
                              QStringLiteral("%1 d").arg(b.leadTimeDays, 0, 'f', 0), escaped(b.downtime),
                              prerequisites.isEmpty() ? QStringLiteral("—") : prerequisites.join(QStringLiteral("; ")),
                              escaped(b.risks)});
        }
    }
    Block table;
    table.kind = Block::Kind::Table;
    table.table = t;
    doc.blocks.push_back(table);

    doc.blocks.push_back(subheading(QStringLiteral("Alternatives evaluated at each phase")));
    doc.blocks.push_back(paragraph(QStringLiteral(
        "Every other change the planner evaluated against each phase's limit, cheapest first, and why it is not needed yet. "
        "Each was scored by the users it gains before the next limit per unit of added monthly cost.")));
    ReportTable a;
    a.headers = {QStringLiteral("Phase"), QStringLiteral("Alternative"), QStringLiteral("Added cost / month"),
                 QStringLiteral("Why not needed yet")};
    a.numeric = {true, false, true, false};
    a.weights = {0.07, 0.30, 0.13, 0.50};
    for (size_t i = 0; i < plan.phases.size(); ++i) {
        const auto& p = plan.phases[i];
        for (const auto* alt : roadmap::deferredAlternatives(p)) {
            a.rows.push_back({QString::number(i + 1),
                              altTitle(alt->transformation) +
                                  (alt->params.target.empty() ? QString() : QStringLiteral(" (") + escaped(alt->params.target) + QStringLiteral(")")),
                              QStringLiteral("+") + formatMoney(alt->costMonthAfter - p.build.costMonthBefore), escaped(alt->why)});
        }
    }
    if (a.rows.empty()) a.rows.push_back({QString(), QStringLiteral("none"), QString(), QStringLiteral("each phase had one change that fits")});
    Block alternatives;
    alternatives.kind = Block::Kind::Table;
    alternatives.table = a;
    doc.blocks.push_back(alternatives);
}

}  // namespace headroom::report
