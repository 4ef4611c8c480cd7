#include "report_document.h"

#include "timeline_chart.h"

#include "io/metrics.h"
#include "roadmap/planner.h"
#include "spec/entry.h"

#include "report_calibration.h"
#include "report_charts.h"
#include "report_data.h"
#include "report_diagram.h"
#include "report_format.h"
#include "report_limits.h"
#include "io/units.h"
#include "roadmap/roadmap_writer.h"
#include "roadmap/timeline.h"
#include "roadmap/transformations.h"
#include "version.h"

#include <algorithm>
#include <cmath>

namespace headroom::report {

namespace {

using Tone = KeyFigure::Tone;

QString q(const std::string& s) { return QString::fromStdString(s); }

QString transformationTitle(const std::string& id) {
    if (const auto* t = roadmap::findTransformation(id)) return q(t->title);
    return q(id);
}

/// "Scale up the host" + the planner's own id and parameters in small print.
QString buildText(const roadmap::Build& build) {
    if (build.transformation.empty()) return QStringLiteral("—");
    QString detail = escaped(build.transformation);
    if (!build.params.target.empty()) detail += QStringLiteral(" · ") + escaped(build.params.target);
    if (build.params.count > 0) detail += QStringLiteral(" → %1").arg(build.params.count);
    if (build.params.hitRatio > 0) detail += QStringLiteral(" · hit ") + formatPercent(build.params.hitRatio);
    return QStringLiteral("<b>%1</b><br><span class=\"muted\">%2</span>")
        .arg(escaped(transformationTitle(build.transformation)), detail);
}

/// Every build of a phase (the planner's order), one per line.
QString buildsText(const roadmap::Phase& p) {
    if (p.builds.empty()) return buildText(p.build);
    QStringList lines;
    for (const auto& b : p.builds) lines << buildText(b);
    return lines.join(QStringLiteral("<br>"));
}

/// "Split the database + Add read replicas".
QString buildsTitle(const roadmap::Phase& p) {
    if (p.builds.empty()) return escaped(transformationTitle(p.build.transformation));
    QStringList titles;
    for (const auto& b : p.builds) titles << escaped(transformationTitle(b.transformation));
    return ui::joinCounted(titles);
}

QString dateText(std::optional<int> days) { return days ? q(io::formatIsoDate(*days)) : QStringLiteral("—"); }

/// The plan is dated (a growth forecast was given): the quarter page and the timeline exist.
bool dated(const ReportData& d) { return d.roadmap.today.has_value(); }

/// The sections in order; the two dated ones only with a growth forecast.
enum class Section { Summary, Quarter, Assumptions, Architecture, BreakingPoints, Roadmap, Timeline, Charts, Scenarios };

int sectionNumber(const ReportData& d, Section section) {
    int n = 0;
    for (Section s : {Section::Summary, Section::Quarter, Section::Assumptions, Section::Architecture, Section::BreakingPoints,
                      Section::Roadmap, Section::Timeline, Section::Charts, Section::Scenarios}) {
        if (dated(d) || (s != Section::Quarter && s != Section::Timeline)) ++n;
        if (s == section) break;
    }
    return n;
}

QString sectionTitle(const ReportData& d, Section section, const QString& title) {
    return QStringLiteral("%1  %2").arg(sectionNumber(d, section)).arg(title);
}

/// The figures after the timeline (figure 3 when dated) move up by one.
int figureOffset(const ReportData& d) { return dated(d) ? 1 : 0; }

QString checkText(const stats::ThresholdCheck& c) {
    const QString metric = q(c.metric);
    return QStringLiteral("%1 at <b>%2</b>").arg(metricName(metric), escaped(c.where));
}

/// Limits are round numbers: no decimals for them.
QString formatPercentOrValue(const QString& metric, double limit) {
    return QString::fromStdString(io::formatLimit(metric.toStdString(), limit));
}

QString checkFigures(const stats::ThresholdCheck& c) {
    const QString metric = q(c.metric);
    return formatCheckValue(metric, c.value) + QStringLiteral(" (limit ") + formatPercentOrValue(metric, c.limit) + QLatin1Char(')');
}

QString distributionText(const spec::Distribution& d) {
    QString s = QString::fromLatin1(spec::toString(d.kind));
    if (d.kind == spec::DistributionKind::Erlang) s += QStringLiteral(" k=%1").arg(d.k);
    else if (d.kind != spec::DistributionKind::Exponential && d.kind != spec::DistributionKind::Deterministic)
        s += QStringLiteral(" cv=%1").arg(d.cv, 0, 'g', 3);
    return s;
}

QString optionalCount(const std::optional<int>& value) { return value ? formatUsers(*value) : QStringLiteral("unlimited"); }

QString ciText(const stats::ResponseTime& r) {
    if (!r.ci95) return formatDuration(r.mean);
    return formatDuration(r.mean) + QStringLiteral("<br><span class=\"muted\">[") + formatDuration(r.ci95->low) +
           QStringLiteral(", ") + formatDuration(r.ci95->high) + QStringLiteral("]</span>");
}

double maxHostUtilization(const stats::Results& r, std::string* name = nullptr) {
    double best = 0.0;
    for (const auto& h : r.hosts) {
        if (h.utilization > best) {
            best = h.utilization;
            if (name) *name = h.name;
        }
    }
    return best;
}

Block heading(const QString& text, const QString& anchor, bool newPage = true) {
    Block b;
    b.kind = Block::Kind::Heading;
    b.text = text;
    b.anchor = anchor;
    b.newPage = newPage;
    return b;
}

Block subheading(const QString& text) {
    Block b;
    b.kind = Block::Kind::Subheading;
    b.text = text;
    return b;
}

Block paragraph(const QString& html) {
    Block b;
    b.kind = Block::Kind::Paragraph;
    b.text = html;
    return b;
}

Block bullets(const QStringList& items) {
    Block b;
    b.kind = Block::Kind::Bullets;
    b.items = items;
    return b;
}

Block callout(const QString& html, Tone tone) {
    Block b;
    b.kind = Block::Kind::Callout;
    b.text = html;
    b.tone = tone;
    return b;
}

Block tableBlock(ReportTable table) {
    Block b;
    b.kind = Block::Kind::Table;
    b.table = std::move(table);
    return b;
}

Block figureBlock(QImage image, const QString& caption, double widthFraction = 1.0) {
    Block b;
    b.kind = Block::Kind::Figure;
    b.figure.image = std::move(image);
    b.figure.caption = caption;
    b.figure.widthFraction = widthFraction;
    return b;
}

const stats::Results* desAt(const ReportData& data, const std::string& label) {
    for (const auto& c : data.desChecks) {
        if (c.label == label) return &c.des;
    }
    return nullptr;
}

// ---------------------------------------------------------------- sections

void executiveSummary(const ReportData& d, ReportDocument& doc) {
    const auto& plan = d.roadmap;
    const auto& slo = d.architecture.slo;
    const double today = d.architecture.workload.users.value_or(d.options.from);
    const double costToday = plan.phases.empty() ? plan.costMonthFinal : plan.phases.front().build.costMonthBefore;
    doc.blocks.push_back(heading(sectionTitle(d, Section::Summary, QStringLiteral("Executive summary")), QStringLiteral("summary")));
    doc.blocks.push_back(limitsLead(d));  // issue 21: the first user-felt break leads, the margin beside it

    Block figures;
    figures.kind = Block::Kind::KeyFigures;
    if (plan.phases.empty()) {
        figures.figures.push_back({QStringLiteral("Capacity today"), QStringLiteral("≥ ") + formatUsers(plan.target) + QStringLiteral(" users"),
                                   QStringLiteral("every threshold holds up to the target"), Tone::Good});
        figures.figures.push_back({QStringLiteral("Breaks first"), QStringLiteral("nothing"),
                                   QStringLiteral("below ") + formatUsers(plan.target) + QStringLiteral(" users"), Tone::Good});
        figures.figures.push_back({QStringLiteral("Build first"), QStringLiteral("nothing yet"), QString(), Tone::Neutral});
    } else {
        const auto& first = plan.phases.front();
        // One number for the break, as every other view shows it: the load at
        // which the first threshold fails (placed within 2%).
        const double capacity = first.breaks.users;
        const Tone capacityTone = capacity < today ? Tone::Bad : capacity < 2 * today ? Tone::Warning : Tone::Good;
        figures.figures.push_back({QStringLiteral("Capacity today"), formatUsers(capacity) + QStringLiteral(" users"),
                                   QStringLiteral("today's load: %1 users (%2 of capacity)")
                                       .arg(formatUsers(today), formatPercent(capacity > 0 ? today / capacity : 0.0)),
                                   capacityTone});
        figures.figures.push_back({QStringLiteral("Breaks first"), QStringLiteral("at ") + formatUsers(first.breaks.users) + QStringLiteral(" users"),
                                   checkText(first.breaks.check) + QStringLiteral(": ") + checkFigures(first.breaks.check) +
                                       QStringLiteral(" — a ") + natureName(first.breaks),
                                   Tone::Warning});
        figures.figures.push_back({QStringLiteral("Build first"), escaped(transformationTitle(first.build.transformation)),
                                   QStringLiteral("cost %1 → %2 per month")
                                       .arg(formatMoney(first.build.costMonthBefore), formatMoney(first.build.costMonthAfter)),
                                   Tone::Neutral});
    }
    figures.figures.push_back({QStringLiteral("Cost at ") + formatUsers(plan.target) + QStringLiteral(" users"),
                               formatMoney(plan.costMonthFinal) + QStringLiteral("/month"),
                               QStringLiteral("today: %1 / month").arg(formatMoney(costToday)),
                               plan.targetMet ? Tone::Good : Tone::Bad});
    doc.blocks.push_back(figures);

    if (plan.targetMet) {
        doc.blocks.push_back(callout(QStringLiteral("<b>The target of %1 users is reachable</b> in %2 phase%3, at %4 per month%5.")
                                         .arg(formatUsers(plan.target))
                                         .arg(plan.phases.size())
                                         .arg(plan.phases.size() == 1 ? "" : "s")
                                         .arg(formatMoney(plan.costMonthFinal))
                                         .arg(plan.finalVerified ? QStringLiteral("; the final architecture was verified by simulation at the target")
                                                                 : QString()),
                                     Tone::Good));
    } else {
        doc.blocks.push_back(callout(QStringLiteral("<b>The target of %1 users is not reached:</b> %2")
                                         .arg(formatUsers(plan.target), escaped(plan.reason)),
                                     Tone::Bad));
    }

    QString text = QStringLiteral("This audit models <b>%1</b> under a closed population of users who each wait %2 on average "
                                  "between requests, against a service-level objective of p95 ≤ %3, p99 ≤ %4, errors ≤ %5 "
                                  "and CPU ≤ %6 on every machine. ")
                       .arg(escaped(d.architecture.name), formatDuration(d.architecture.workload.thinkTime),
                            formatDuration(slo.p95), formatDuration(slo.p99), formatPercent(slo.errorRate),
                            formatPercent(slo.utilization));
    if (const QString rules = rulesText(d); !rules.isEmpty()) text += rules + QLatin1Char(' ');
    if (!plan.phases.empty()) {
        const auto& b = plan.phases.front().breaks;
        text += QStringLiteral("Today's architecture holds every threshold until <b>%1 users</b> (placed within 2%2), where "
                               "the first one fails: %3, %4 — %5")
                    .arg(formatUsers(b.users), QStringLiteral("%"), checkText(b.check), checkFigures(b.check),
                         escaped(b.check.why));
        if (!text.endsWith(QLatin1Char('.'))) text += QLatin1Char('.');
        text += b.confirmed ? QStringLiteral(" The simulation confirms the load on both sides of this point.")
                            : QStringLiteral(" (Placed by the analytic solver; the simulation did not confirm the crossing.)");
    }
    doc.blocks.push_back(paragraph(text));

    if (!plan.phases.empty()) {
        doc.blocks.push_back(subheading(QStringLiteral("The plan in brief")));
        QStringList items;
        const size_t shown = std::min<size_t>(plan.phases.size(), 6);
        for (size_t i = 0; i < shown; ++i) {
            const auto& p = plan.phases[i];
            const QString when = p.neededBy ? QStringLiteral(", needed by %1").arg(dateText(p.neededBy)) : QString();
            items << QStringLiteral("<b>At %1 users</b>%7 (%2 at %3): %4 — %5 → %6 per month.")
                         .arg(formatUsers(p.usersTo), metricName(q(p.breaks.check.metric)), escaped(p.breaks.check.where),
                              buildsTitle(p), formatMoney(p.build.costMonthBefore), formatMoney(p.costMonthAfter()), when);
        }
        if (plan.phases.size() > shown) {
            items << QStringLiteral("… and %1 further phase%2, listed in section %3.")
                         .arg(plan.phases.size() - shown)
                         .arg(plan.phases.size() - shown == 1 ? "" : "s")
                         .arg(sectionNumber(d, Section::Roadmap));
        }
        doc.blocks.push_back(bullets(items));
    }
    if (!plan.scenarios.empty()) {
        int spikes = 0, spikesSurvived = 0, losses = 0, lossesSurvived = 0;
        for (const auto& s : plan.scenarios) {
            const bool spike = s.name.find("spike") != std::string::npos;
            (spike ? spikes : losses) += 1;
            if (s.survives) (spike ? spikesSurvived : lossesSurvived) += 1;
        }
        QString s = QStringLiteral("<b>Resilience.</b> ");
        if (spikes > 0) s += QStringLiteral("A sudden ×10 spike is absorbed in %1 of %2 checks. ").arg(spikesSurvived).arg(spikes);
        if (losses > 0) s += QStringLiteral("Losing one instance of a replicated tier is survived in %1 of %2 checks. ").arg(lossesSurvived).arg(losses);
        else s += QStringLiteral("No phase has a replicated tier, so the loss of any machine is an outage. ");
        s += QStringLiteral("Section %1 lists each check.").arg(sectionNumber(d, Section::Scenarios));
        // What resilience costs by the last phase: its protection builds and
        // the spike-hours of its autoscaled copies (roadmap/spike_cost.h).
        if (!plan.phases.empty()) {
            const size_t last = plan.phases.size() - 1;
            const double total = roadmap::resilienceCostMonth(plan, last);
            const double spikes = plan.phases[last].spikeCostMonth;
            if (total > 0.005) {
                s += QStringLiteral(" Resilience costs %1 per month by the last phase (protection builds %2; autoscaled "
                                    "copies during the spikes %3).")
                         .arg(formatMoney(total), formatMoney(total - spikes), QString::number(spikes, 'f', 2));
            }
        }
        doc.blocks.push_back(paragraph(s));
    }
}

void assumptions(const ReportData& d, ReportDocument& doc) {
    const auto& a = d.architecture;
    doc.blocks.push_back(heading(sectionTitle(d, Section::Assumptions, QStringLiteral("Assumptions")), QStringLiteral("assumptions")));
    QString intro = QStringLiteral("Every figure in this report follows from the architecture file");
    if (!d.options.sourceFile.empty()) intro += QStringLiteral(" <b>%1</b>").arg(escaped(d.options.sourceFile));
    intro += QStringLiteral(". The demands, pool sizes and prices below are its numbers; where they came from "
                            "(measurements, vendor figures, estimates) is recorded in that file's comments, "
                            "which travel with it.");
    if (!a.description.empty()) intro += QStringLiteral(" The file describes the system as: <i>%1</i>").arg(escaped(a.description));
    doc.blocks.push_back(paragraph(intro));

    doc.blocks.push_back(subheading(QStringLiteral("Workload and service-level objective")));
    ReportTable w;
    w.headers = {QStringLiteral("Parameter"), QStringLiteral("Value"), QStringLiteral("Meaning")};
    w.weights = {0.24, 0.2, 0.56};
    w.numeric = {false, true, false};
    w.rows.push_back({QStringLiteral("Users today"), formatUsers(a.workload.users.value_or(d.options.from)),
                      QStringLiteral("closed population: each user waits, sends a request, waits for the answer")});
    w.rows.push_back({QStringLiteral("Think time"), formatDuration(a.workload.thinkTime),
                      QStringLiteral("mean pause between a response and the next request (exponential)")});
    w.rows.push_back({QStringLiteral("Range studied"), formatUsers(d.options.from) + QStringLiteral(" – ") + formatUsers(d.options.target),
                      QStringLiteral("the target is the load the roadmap must carry")});
    w.rows.push_back({QStringLiteral("SLO p95"), formatDuration(a.slo.p95), QStringLiteral("95% of requests answered within this")});
    w.rows.push_back({QStringLiteral("SLO p99"), formatDuration(a.slo.p99), QStringLiteral("99% of requests answered within this")});
    w.rows.push_back({QStringLiteral("SLO error rate"), formatPercent(a.slo.errorRate), QStringLiteral("rejected or timed-out requests")});
    w.rows.push_back({QStringLiteral("CPU limit"), formatPercent(a.slo.utilization),
                      QStringLiteral("busiest machine's cores; past it queues grow quickly")});
    w.rows.push_back({QStringLiteral("Cache hit ratio"), formatPercent(a.slo.cacheHitRatio), QStringLiteral("lowest acceptable, where there is a cache")});
    w.rows.push_back({QStringLiteral("Budget"), a.slo.budgetMonth ? formatMoney(*a.slo.budgetMonth) + QStringLiteral(" / month") : QStringLiteral("none set"),
                      QStringLiteral("the planner builds nothing that exceeds it")});
    doc.blocks.push_back(tableBlock(w));

    ReportTable mix;
    mix.caption = QStringLiteral("Request mix");
    mix.headers = {QStringLiteral("Class"), QStringLiteral("Share"), QStringLiteral("Kind"), QStringLiteral("Enters at")};
    mix.numeric = {false, true, false, false};
    mix.weights = {0.25, 0.15, 0.3, 0.3};
    if (a.workload.mix.empty()) {
        mix.rows.push_back({QStringLiteral("request"), QStringLiteral("100%"), QStringLiteral("read"),
                            escaped(spec::defaultEntry(a))});
    }
    for (const auto& m : a.workload.mix) {
        mix.rows.push_back({escaped(m.name), formatPercent(m.share), m.write ? QStringLiteral("write (primary only)") : QStringLiteral("read"),
                            escaped(spec::entryOf(a, m))});
    }
    doc.blocks.push_back(tableBlock(mix));

    doc.blocks.push_back(subheading(QStringLiteral("Machines and components")));
    ReportTable c;
    c.headers = {QStringLiteral("Component"), QStringLiteral("Kind"), QStringLiteral("Runs on"), QStringLiteral("Threads"),
                 QStringLiteral("Connections"), QStringLiteral("Timeout"), QStringLiteral("Service time"), QStringLiteral("Cost / month")};
    c.numeric = {false, false, false, true, true, true, false, true};
    c.weights = {0.13, 0.12, 0.17, 0.1, 0.12, 0.1, 0.15, 0.11};
    for (const auto& comp : a.components) {
        QString runsOn;
        double cost = 0;
        if (comp.host) {
            runsOn = escaped(*comp.host);
            for (const auto& h : a.hosts) {
                if (h.id == *comp.host) {
                    runsOn += QStringLiteral("<br><span class=\"muted\">%1 cores × %2, shared</span>").arg(h.cores).arg(h.instances);
                }
            }
        } else {
            runsOn = QStringLiteral("own machine<br><span class=\"muted\">%1 cores × %2</span>").arg(comp.cores).arg(comp.instances);
            cost = comp.costMonth * comp.instances;
        }
        c.rows.push_back({QStringLiteral("<b>%1</b>").arg(escaped(comp.id)), QString::fromLatin1(spec::toString(comp.kind)).replace('_', ' '),
                          runsOn, optionalCount(comp.threads), optionalCount(comp.connections),
                          comp.timeout ? formatDuration(*comp.timeout) : QStringLiteral("none"), distributionText(comp.distribution),
                          comp.host ? QStringLiteral("(host)") : formatMoney(cost)});
    }
    for (const auto& h : a.hosts) {
        c.rows.push_back({QStringLiteral("<b>%1</b>").arg(escaped(h.id)), QStringLiteral("machine"),
                          QStringLiteral("%1 cores × %2").arg(h.cores).arg(h.instances), QString(), QString(), QString(), QString(),
                          formatMoney(h.costMonth * h.instances)});
    }
    doc.blocks.push_back(tableBlock(c));

    ReportTable dem;
    dem.caption = QStringLiteral("CPU demand per visit, and visits per user request, by request class");
    dem.headers << QStringLiteral("Component");
    dem.numeric.push_back(false);
    for (const auto& cls : d.classNames) {
        dem.headers << escaped(cls);
        dem.numeric.push_back(true);
    }
    for (size_t ci = 0; ci < a.components.size() && ci < d.componentNames.size(); ++ci) {
        const auto& comp = a.components[ci];
        QStringList row{QStringLiteral("<b>%1</b>").arg(escaped(comp.id))};
        for (size_t k = 0; k < d.classNames.size(); ++k) {
            const double visits = k < d.visits.size() && ci < d.visits[k].size() ? d.visits[k][ci] : 0.0;
            const auto demand = comp.demand.forClass(d.classNames[k]);
            if (visits <= 0) row << QStringLiteral("<span class=\"muted\">—</span>");
            else if (!demand) row << QStringLiteral("delay × %1").arg(visits, 0, 'g', 3);
            else row << formatDuration(*demand) + QStringLiteral(" × %1").arg(visits, 0, 'g', 3);
        }
        dem.rows.push_back(row);
    }
    dem.note = QStringLiteral("“12 ms × 4” = 12 ms of CPU each time, 4 times per user request of that class (from the call "
                              "structure, cache hit ratios and replicas). Demands of databases with data growth rise with the "
                              "table size (log₂ when indexed).");
    doc.blocks.push_back(tableBlock(dem));

    doc.blocks.push_back(subheading(QStringLiteral("What the model leaves out")));
    doc.blocks.push_back(bullets({
        QStringLiteral("Network latency and bandwidth between tiers, except where the file models them as delays (CDN edge, external calls)."),
        QStringLiteral("Memory, garbage collection, disk and lock contention are folded into the CPU demands; a memory or I/O "
                       "bottleneck shows up only if those demands were measured under it."),
        QStringLiteral("Warm-up effects: cold caches, JIT compilation, connection set-up after a deploy."),
        QStringLiteral("Autoscaling delays, deploys, batch jobs, cron and back-office traffic not in the request mix."),
        QStringLiteral("Prices are list prices of comparable instances (see the appendix); discounts, egress and licences are not included."),
    }));
}

void architectureSection(const ReportData& d, ReportDocument& doc) {
    doc.blocks.push_back(heading(sectionTitle(d, Section::Architecture, QStringLiteral("Architecture")), QStringLiteral("architecture")));
    const stats::Results* today = desAt(d, "today's load");
    const double users = d.architecture.workload.users.value_or(d.options.from);
    doc.blocks.push_back(paragraph(
        QStringLiteral("The diagram is drawn by Headroom's editor canvas. Requests flow from the users on the left; arrows are "
                       "synchronous calls labelled with their share of user requests (or visits per request); dashed arrows are "
                       "cache misses. Each card's bar is its machine's CPU utilisation at today's load of %1 users, simulated: "
                       "green below 60%, amber up to the %2 limit, red above.")
            .arg(formatUsers(users), formatPercent(d.architecture.slo.utilization))));
    QImage diagram = architectureDiagram(d.roadmap.initial, today ? std::optional<stats::Results>(*today) : std::nullopt);
    doc.blocks.push_back(figureBlock(diagram, QStringLiteral("Figure 1. Today's architecture at %1 users.").arg(formatUsers(users)),
                                     std::min(1.0, diagram.width() / 2.0 / 640.0)));
    if (!d.roadmap.phases.empty()) {
        const stats::Results* final = desAt(d, "final architecture at the target");
        QImage after = architectureDiagram(d.roadmap.final, final ? std::optional<stats::Results>(*final) : std::nullopt);
        doc.blocks.push_back(figureBlock(after,
                                         QStringLiteral("Figure 2. The architecture after the last phase, at the target of %1 users%2.")
                                             .arg(formatUsers(d.roadmap.target),
                                                  final ? QStringLiteral(" (simulated)") : QString()),
                                         std::min(1.0, after.width() / 2.0 / 640.0)));
    }
}

void breakingPoints(const ReportData& d, ReportDocument& doc) {
    doc.blocks.push_back(heading(sectionTitle(d, Section::BreakingPoints, QStringLiteral("Breaking points")), QStringLiteral("breaking-points")));
    doc.blocks.push_back(paragraph(
        QStringLiteral("If nothing is built, today's architecture crosses these limits as users grow, in this order. The "
                       "first is the break the roadmap starts from, placed within 2% and checked by simulation on both "
                       "sides; the others are placed within 2% by the analytic solver, none below the first.")));
    ReportTable t;
    t.headers = {QStringLiteral("#"), QStringLiteral("At users"), QStringLiteral("Threshold"), QStringLiteral("Value vs limit"),
                 QStringLiteral("Why it matters")};
    t.numeric = {true, true, false, true, false};
    t.weights = {0.05, 0.12, 0.25, 0.18, 0.40};
    int n = 0;
    for (const auto& b : d.crossings) {
        t.rows.push_back({QString::number(++n), formatUsers(b.users), checkText(b.check), checkFigures(b.check), escaped(b.check.why)});
        t.rowTone.push_back(n == 1 ? 2 : 0);
    }
    if (t.rows.empty()) {
        t.rows.push_back({QString(), QString(), QStringLiteral("none"), QString(),
                          QStringLiteral("every threshold holds up to %1 users").arg(formatUsers(d.options.target))});
    }
    doc.blocks.push_back(tableBlock(t));

    if (!d.roadmap.phases.empty()) {
        doc.blocks.push_back(subheading(QStringLiteral("Where each phase's architecture breaks")));
        ReportTable p;
        p.headers = {QStringLiteral("Phase"), QStringLiteral("Holds up to"), QStringLiteral("Breaks at"), QStringLiteral("Threshold"),
                     QStringLiteral("Value vs limit"), QStringLiteral("Placed by")};
        p.numeric = {true, true, true, false, true, false};
        p.weights = {0.08, 0.13, 0.13, 0.3, 0.18, 0.18};
        for (size_t i = 0; i < d.roadmap.phases.size(); ++i) {
            const auto& b = d.roadmap.phases[i].breaks;
            p.rows.push_back({QString::number(i + 1), formatUsers(b.lastGoodUsers), formatUsers(b.users), checkText(b.check) + natureNote(b),
                              checkFigures(b.check),
                              b.confirmed ? QStringLiteral("simulation (confirmed)") : QStringLiteral("analytic")});
        }
        doc.blocks.push_back(tableBlock(p));
    }
}

void roadmapSection(const ReportData& d, ReportDocument& doc) {
    const auto& plan = d.roadmap;
    doc.blocks.push_back(heading(sectionTitle(d, Section::Roadmap, QStringLiteral("Roadmap")), QStringLiteral("roadmap")));
    doc.blocks.push_back(paragraph(
        QStringLiteral("Each phase starts where the previous architecture breaks. Of every change that addresses the limit, the "
                       "planner builds the one that buys the most users per unit of added monthly cost (the simpler one when "
                       "two are within 10%). The gain is the number of users won before the next limit.")));
    if (dated(d)) {
        doc.blocks.push_back(paragraph(escaped(roadmap::timelineSummary(plan)) +
                                       QStringLiteral(" A phase is a project: the builds done together so that they carry "
                                                      "the load before its break is reached (<i>needed by</i>); work starts "
                                                      "by <i>start by</i>, the needed-by date minus the longest lead time.")));
    } else {
        doc.blocks.push_back(paragraph(QStringLiteral(
            "<span class=\"muted\">No growth forecast given (<i>growth:</i> in the file, or <i>--growth</i>): the phases are "
            "ordered by load, not dated.</span>")));
    }
    ReportTable t;
    if (dated(d)) {
        t.headers = {QStringLiteral("Phase"), QStringLiteral("Users"), QStringLiteral("What breaks"), QStringLiteral("Needed by"),
                     QStringLiteral("Start by"), QStringLiteral("Builds"), QStringLiteral("Cost / month<br>before → after")};
        t.numeric = {true, true, false, true, true, false, true};
        t.weights = {0.07, 0.12, 0.22, 0.11, 0.11, 0.24, 0.13};
    } else {
        t.headers = {QStringLiteral("Phase"), QStringLiteral("Users"), QStringLiteral("What breaks"), QStringLiteral("Builds"),
                     QStringLiteral("Cost / month<br>before → after"), QStringLiteral("Gain<br>(users)")};
        t.numeric = {true, true, false, false, true, true};
        t.weights = {0.09, 0.14, 0.25, 0.27, 0.14, 0.11};
    }
    for (size_t i = 0; i < plan.phases.size(); ++i) {
        const auto& p = plan.phases[i];
        QStringList row{QString::number(i + 1), formatUsers(p.usersFrom) + QStringLiteral(" –<br>") + formatUsers(p.usersTo),
                        checkText(p.breaks.check) + QStringLiteral("<br><span class=\"muted\">") + checkFigures(p.breaks.check) +
                            QStringLiteral("</span>")};
        if (dated(d)) {
            row << dateText(p.neededBy)
                << (p.late ? dateText(p.startBy) + QStringLiteral("<br><b>late: start now</b>") : dateText(p.startBy));
        }
        row << buildsText(p) << formatMoney(p.build.costMonthBefore) + QStringLiteral(" →<br>") + formatMoney(p.costMonthAfter());
        if (!dated(d)) {
            double gain = 0;
            for (const auto& b : p.allBuilds()) gain = std::max(gain, b.headroomUsers);
            row << QStringLiteral("+") + formatUsers(gain);
        }
        t.rows.push_back(row);
        t.rowTone.push_back(p.late ? 3 : 0);
    }
    if (t.rows.empty()) {
        QStringList row{QString(), QString(), QStringLiteral("nothing below the target")};
        if (dated(d)) row << QString() << QString();
        row << QStringLiteral("nothing to build") << formatMoney(plan.costMonthFinal);
        if (!dated(d)) row << QString();
        t.rows.push_back(row);
    }
    t.note = QStringLiteral("Final cost %1 per month%2.")
                 .arg(formatMoney(plan.costMonthFinal),
                      plan.targetMet ? QStringLiteral(", target met") : QStringLiteral(", target not met: ") + escaped(plan.reason));
    doc.blocks.push_back(tableBlock(t));

    if (!plan.phases.empty()) {
        doc.blocks.push_back(subheading(QStringLiteral("Why each build")));
        QStringList items;
        for (size_t i = 0; i < plan.phases.size(); ++i) {
            const auto& p = plan.phases[i];
            for (const auto& b : p.allBuilds()) {
                if (b.transformation.empty()) continue;
                QString why = escaped(b.rationale);
                if (!why.endsWith(QLatin1Char('.'))) why += QLatin1Char('.');
                const QString lead = dated(d) ? QStringLiteral(" <span class=\"muted\">(lead time %1 days)</span>").arg(b.leadTimeDays, 0, 'f', 0)
                                              : QString();
                items << QStringLiteral("<b>Phase %1 — %2.</b> %3%4").arg(i + 1).arg(escaped(transformationTitle(b.transformation)), why, lead);
            }
        }
        doc.blocks.push_back(bullets(items));
    }
    if (!plan.deferred.empty()) {
        doc.blocks.push_back(subheading(QStringLiteral("Considered and deferred")));
        ReportTable t2;
        t2.headers = {QStringLiteral("Change"), QStringLiteral("Needed at users"), QStringLiteral("Why not now")};
        t2.numeric = {false, true, false};
        t2.weights = {0.28, 0.14, 0.58};
        for (const auto& df : plan.deferred) {
            t2.rows.push_back({QStringLiteral("<b>%1</b><br><span class=\"muted\">%2</span>")
                                   .arg(escaped(transformationTitle(df.transformation)), escaped(df.transformation)),
                               formatUsers(df.neededAtUsers), escaped(df.why)});
        }
        doc.blocks.push_back(tableBlock(t2));
    }
}

void chartsSection(const ReportData& d, ReportDocument& doc) {
    doc.blocks.push_back(heading(sectionTitle(d, Section::Charts, QStringLiteral("Charts")), QStringLiteral("charts")));
    doc.blocks.push_back(paragraph(
        QStringLiteral("Lines are the analytic solver on a logarithmic grid of loads (its percentiles are approximations from "
                       "a fitted distribution); markers are the simulation's estimates at the key loads, the mean with its 95% "
                       "confidence interval. Dashed red lines are the SLO.")));
    doc.blocks.push_back(figureBlock(responseTimeChart(d),
                                     QStringLiteral("Figure %1. Today's architecture: response time vs users.").arg(3 + figureOffset(d))));
    doc.blocks.push_back(figureBlock(utilizationChart(d),
                                     QStringLiteral("Figure %1. Today's architecture: CPU utilisation of each machine vs users.").arg(4 + figureOffset(d))));
    if (!d.roadmap.phases.empty()) {
        doc.blocks.push_back(figureBlock(planResponseTimeChart(d),
                                         QStringLiteral("Figure %1. Following the roadmap: response time of the architecture in "
                                                        "force at each load (dotted lines: the builds).").arg(5 + figureOffset(d))));
    }
    doc.blocks.push_back(figureBlock(costChart(d),
                                     QStringLiteral("Figure %1. Following the roadmap: cost per month vs users.")
                                         .arg((d.roadmap.phases.empty() ? 5 : 6) + figureOffset(d))));
}

/// One page: the phases whose work starts within 91 days of today (roadmap::startThisQuarter).
void quarterSection(const ReportData& d, ReportDocument& doc) {
    const auto& plan = d.roadmap;
    const int today = *plan.today;
    Block pageBreak;
    pageBreak.kind = Block::Kind::PageBreak;
    doc.blocks.push_back(pageBreak);
    doc.blocks.push_back(heading(sectionTitle(d, Section::Quarter, QStringLiteral("What to start this quarter")),
                                 QStringLiteral("start-this-quarter")));
    QString growth = QStringLiteral("the stated growth");
    if (d.architecture.growth && d.architecture.growth->perMonth) {
        growth = QStringLiteral("%1 growth per month").arg(formatPercent(*d.architecture.growth->perMonth));
    } else if (d.architecture.growth && !d.architecture.growth->milestones.empty()) {
        growth = QStringLiteral("the growth of the dated milestones");
    }
    doc.blocks.push_back(paragraph(
        QStringLiteral("Today is <b>%1</b>. At %2, these phases must start within the next quarter (by %3) so that their builds "
                       "carry the load before the break is reached. <i>Start by</i> is the needed-by date minus the longest "
                       "lead time of the phase's builds.")
            .arg(dateText(today), growth, dateText(today + 91))));
    const auto now = roadmap::startThisQuarter(plan);
    if (now.empty()) {
        QString text = QStringLiteral("<b>Nothing needs to start this quarter.</b>");
        for (size_t i = 0; i < plan.phases.size(); ++i) {
            const auto& p = plan.phases[i];
            if (p.build.transformation.empty() || !p.startBy) continue;
            text += QStringLiteral(" The first phase, %1, starts by %2 (needed by %3).")
                        .arg(buildsTitle(p), dateText(p.startBy), dateText(p.neededBy));
            break;
        }
        doc.blocks.push_back(callout(text, Tone::Good));
    } else {
        ReportTable t;
        t.headers = {QStringLiteral("Phase"), QStringLiteral("Builds"), QStringLiteral("Why"), QStringLiteral("Start by"),
                     QStringLiteral("Needed by"), QStringLiteral("Lead time"), QStringLiteral("Cost / month<br>before → after")};
        t.numeric = {true, false, false, true, true, true, true};
        t.weights = {0.08, 0.2, 0.29, 0.12, 0.1, 0.08, 0.13};
        for (size_t i : now) {
            const auto& p = plan.phases[i];
            QStringList why;
            for (const auto& b : p.allBuilds()) why << escaped(b.rationale);
            t.rows.push_back({QString::number(i + 1), buildsText(p), why.join(QStringLiteral("<br>")),
                              p.late ? QStringLiteral("<b>late: start now</b><br><span class=\"muted\">was %1</span>").arg(dateText(p.startBy))
                                     : QStringLiteral("<b>%1</b>").arg(dateText(p.startBy)),
                              dateText(p.neededBy), QStringLiteral("%1 days").arg(p.leadTimeDays, 0, 'f', 0),
                              formatMoney(p.build.costMonthBefore) + QStringLiteral(" →<br>") + formatMoney(p.costMonthAfter())});
            t.rowTone.push_back(p.late ? 3 : 2);
        }
        doc.blocks.push_back(tableBlock(t));
        if (std::any_of(now.begin(), now.end(), [&](size_t i) { return plan.phases[i].late; })) {
            doc.blocks.push_back(callout(QStringLiteral("<b>Late: start now.</b> A phase's lead time is longer than the time left "
                                                        "before its break: it is already an emergency. Start it today, or find a "
                                                        "quicker stop-gap."),
                                         Tone::Bad));
        }
    }
    doc.blocks.push_back(paragraph(escaped(roadmap::timelineSummary(plan))));
    QStringList later;
    for (size_t i = 0; i < plan.phases.size() && later.size() < 4; ++i) {
        const auto& p = plan.phases[i];
        if (p.build.transformation.empty() || !p.startBy || std::find(now.begin(), now.end(), i) != now.end()) continue;
        later << QStringLiteral("<b>Phase %1</b>: %2 — start by %3, needed by %4.")
                     .arg(i + 1)
                     .arg(buildsTitle(p), dateText(p.startBy), dateText(p.neededBy));
    }
    if (!later.isEmpty()) {
        doc.blocks.push_back(subheading(QStringLiteral("After this quarter")));
        doc.blocks.push_back(bullets(later));
    }
    doc.blocks.push_back(pageBreak);
}

/// The phases on a calendar with the running cost (the chart the desktop's roadmap panel shows).
void timelineSection(const ReportData& d, ReportDocument& doc) {
    const auto& plan = d.roadmap;
    doc.blocks.push_back(heading(sectionTitle(d, Section::Timeline, QStringLiteral("Timeline")), QStringLiteral("timeline")));
    doc.blocks.push_back(paragraph(escaped(roadmap::timelineSummary(plan))));
    doc.blocks.push_back(figureBlock(timelineChart(d),
                                     QStringLiteral("Figure 3. The plan on a calendar: each phase from its start-by date (work "
                                                    "starts) to its needed-by date (its break is reached), labelled with its "
                                                    "builds; the line is the running cost per month (right axis).")));
    ReportTable t;
    t.headers = {QStringLiteral("Phase"), QStringLiteral("Builds"), QStringLiteral("Start by"), QStringLiteral("Needed by"),
                 QStringLiteral("Lead time"), QStringLiteral("Runway<br>(at least)"), QStringLiteral("Over-provisioning<br>per month")};
    t.numeric = {true, false, true, true, true, true, true};
    t.weights = {0.08, 0.32, 0.12, 0.12, 0.1, 0.12, 0.14};
    for (size_t i = 0; i < plan.phases.size(); ++i) {
        const auto& p = plan.phases[i];
        t.rows.push_back({QString::number(i + 1), buildsTitle(p),
                          p.late ? dateText(p.startBy) + QStringLiteral("<br><b>late: start now</b>") : dateText(p.startBy),
                          dateText(p.neededBy), QStringLiteral("%1 days").arg(p.leadTimeDays, 0, 'f', 0),
                          QStringLiteral("%1 days<br><span class=\"muted\">(%2)</span>").arg(p.runwayDays, 0, 'f', 0).arg(p.minRunwayDays, 0, 'f', 0),
                          formatMoney(p.overProvisioningMonth)});
        t.rowTone.push_back(p.late ? 3 : 0);
    }
    t.note = QStringLiteral("Runway: how long the phase's band of load lasts at the stated growth (at least: what it had to last). "
                            "Over-provisioning: what the phase pays per month, against the cheapest architecture that holds its "
                            "first day's load, for capacity needed only later in its band.");
    if (!t.rows.empty()) doc.blocks.push_back(tableBlock(t));
}

void scenariosSection(const ReportData& d, ReportDocument& doc) {
    doc.blocks.push_back(heading(sectionTitle(d, Section::Scenarios, QStringLiteral("Scenario checks")), QStringLiteral("scenarios")));
    const auto& resilience = d.architecture.slo.resilience;
    const auto& spike = resilience.spike;
    doc.blocks.push_back(paragraph(
        QStringLiteral("Each phase's architecture, at the load where the next phase begins, is checked against two events: a "
                       "spike to %1 times the users within %2, held %3 (the error rate and p99 must be within the SLO for the "
                       "requests issued from %4 after the spike's start: the stated reaction time), and the loss of one "
                       "instance of each replicated tier (only tiers with two or more instances can lose one and keep "
                       "serving). From %5 users on (slo.resilience.from_users) the checks are required of a phase; %6")
            .arg(spike.factor, 0, 'g', 4)
            .arg(formatDuration(spike.ramp), formatDuration(spike.hold), formatDuration(spike.react),
                 formatUsers(resilience.fromUsers),
                 // The report's study plans with the model's default: as the file says.
                 roadmap::plansResilience(roadmap::PlannerOptions{}, d.architecture)
                     ? QStringLiteral("the file states slo.resilience, so this plan holds them: a phase that would not "
                                      "survive one is cut there and gets the cheapest protection, at its cost; from a load where no "
                                      "build in the library makes it survive, the plan goes on for the load alone and its "
                                      "notes say from where.")
                     : QStringLiteral("the file states no slo.resilience, so this plan is made for the load alone and "
                                      "reports them; with the block (or `headroom-cli roadmap --resilience`) the plan "
                                      "buys the protections that make each phase survive them, at their cost."))));
    ReportTable t;
    t.headers = {QStringLiteral("Phase"), QStringLiteral("Scenario"), QStringLiteral("Users"), QStringLiteral("Result"),
                 QStringLiteral("Why")};
    t.numeric = {true, false, true, false, false};
    t.weights = {0.09, 0.22, 0.1, 0.1, 0.49};
    for (const auto& s : d.roadmap.scenarios) {
        t.rows.push_back({QString::number(s.phase), escaped(s.name), formatUsers(s.users),
                          s.survives ? QStringLiteral("<b>survives</b>") : QStringLiteral("<b>fails</b>"), escaped(s.why)});
        t.rowTone.push_back(s.survives ? 1 : 3);
    }
    if (t.rows.empty()) {
        t.rows.push_back({QString(), QStringLiteral("not run"), QString(), QString(), QStringLiteral("scenario checks were turned off")});
    }
    doc.blocks.push_back(tableBlock(t));

    // The spikes over time: the first one the plan must survive (or the first
    // checked), the first that fails, and the last phase's, each once.
    std::vector<const roadmap::Scenario*> shown;
    const auto add = [&shown](const roadmap::Scenario* s) {
        if (s && std::find(shown.begin(), shown.end(), s) == shown.end()) shown.push_back(s);
    };
    // The storms (a cache flush, a retry burst) each once: their first check.
    const roadmap::Scenario *firstSpike = nullptr, *firstRequired = nullptr, *firstFailing = nullptr, *lastSpike = nullptr;
    const roadmap::Scenario *firstFlush = nullptr, *firstRetryStorm = nullptr;
    for (const auto& s : d.roadmap.scenarios) {
        if (!s.spike || s.spike->series.empty()) continue;
        if (s.kind == "cache_flush") {
            if (!firstFlush) firstFlush = &s;
            continue;
        }
        if (s.kind == "retry_storm") {
            if (!firstRetryStorm) firstRetryStorm = &s;
            continue;
        }
        if (!firstSpike) firstSpike = &s;
        if (!firstRequired && s.required) firstRequired = &s;
        if (!firstFailing && !s.survives) firstFailing = &s;
        lastSpike = &s;
    }
    add(firstRequired ? firstRequired : firstSpike);
    add(firstFailing);
    add(lastSpike);
    add(firstFlush);
    add(firstRetryStorm);
    int figure = (d.roadmap.phases.empty() ? 5 : 6) + figureOffset(d);
    for (const auto* s : shown) {
        const auto& o = *s->spike;
        const QString where = s->phase > 0 ? QStringLiteral("Phase %1").arg(s->phase) : QStringLiteral("Today's architecture");
        // The top panel shows what the scenario is about (ui/scenario_chart): the users and machines of a
        // spike, the caches' hit ratio and the tier behind them after a flush, the goodput around a burst.
        const QString top = s->kind == "cache_flush"   ? QStringLiteral("Cache hit ratio and the busiest machine behind the cache (top)")
                            : s->kind == "retry_storm" ? QStringLiteral("Users and goodput, the requests answered per second (top)")
                                                       : QStringLiteral("Users and machines running (top)");
        QString caption = QStringLiteral("Figure %1. %2 at %3 users: %4 — %5. %7; error rate and requests in the system "
                                         "(bottom)%6.")
                              .arg(++figure)
                              .arg(where, formatUsers(s->users), escaped(s->name),
                                   s->survives ? QStringLiteral("survives") : QStringLiteral("fails"),
                                   o.react > 0.0 ? QStringLiteral("; the verdict covers requests issued after the first dashed line")
                                                 : QString(),
                                   top);
        if (s->kind == "spike" && o.simulatedHold + 1e-9 < spike.hold) {
            caption += QStringLiteral(" %1 of the %2 hold are simulated; the rest is judged at the peak's steady state.")
                           .arg(formatDuration(o.simulatedHold), formatDuration(spike.hold));
        }
        doc.blocks.push_back(figureBlock(scenarioChart(d, *s), caption));
    }
}

/// The growth options of the command line, when they replaced the file's forecast.
QString reproduceGrowth(const ReportData& d) {
    QString s;
    if (d.options.growth && d.options.growth->perMonth) {
        s += QStringLiteral(" --growth %1").arg(*d.options.growth->perMonth * 100.0, 0, 'g', 6) + QLatin1Char('%');
    }
    if (d.options.growth && d.options.growth->today) s += QStringLiteral(" --today ") + dateText(d.options.growth->today);
    return s;
}

void appendix(const ReportData& d, ReportDocument& doc) {
    const auto& pb = d.options.plannerBudget;
    const auto& cb = d.options.confirmationBudget;
    doc.blocks.push_back(heading(QStringLiteral("Appendix A  Method"), QStringLiteral("method")));
    doc.blocks.push_back(paragraph(
        QStringLiteral("<b>Model.</b> The architecture is a closed queueing network: %1 users cycle between thinking (mean %2, "
                       "exponential) and a request that visits the components in the file's call order. Each machine is a queue "
                       "with as many servers as cores (processor sharing unless the file says FCFS); thread and connection pools "
                       "are held while calls run, so a slow database can exhaust the application's threads.")
            .arg(formatUsers(d.architecture.workload.users.value_or(d.options.from)), formatDuration(d.architecture.workload.thinkTime))));
    doc.blocks.push_back(paragraph(
        QStringLiteral("<b>Analytic solver.</b> Exact solution of the closed product-form network (numerically stable convolution, "
                       "valid to 100,000 users), with percentiles from a fitted distribution; used for the sweeps, the charts' "
                       "lines and to screen the roadmap. Pools use Erlang C with the component's holding time.")));
    doc.blocks.push_back(paragraph(
        QStringLiteral("<b>Simulation.</b> A discrete-event simulation of every request (service-time distributions, pools, "
                       "timeouts, retries, queues) in independent replications, each with its own random streams keyed by "
                       "(seed, stream, replication); the warm-up is removed with MSER-5; means carry 95% confidence intervals "
                       "(Student t across replications). The horizon of each run is sized for a number of completed requests, "
                       "so precision does not depend on the load.")));
    doc.blocks.push_back(paragraph(
        QStringLiteral("<b>Planner.</b> Loads from %1 to %2 users on a 13-point logarithmic grid; each crossing bisected to within "
                       "2% and re-checked by simulation on both sides; candidates ranked by users gained per currency unit of "
                       "added monthly cost, ties within 10% going to the simpler change.")
            .arg(formatUsers(d.options.from), formatUsers(d.options.target))));

    doc.blocks.push_back(subheading(QStringLiteral("Simulation runs and confidence intervals")));
    ReportTable t;
    t.headers = {QStringLiteral("Point"), QStringLiteral("Users"), QStringLiteral("Mean response<br>[95% CI]"),
                 QStringLiteral("p95 / p99"), QStringLiteral("Analytic mean"), QStringLiteral("Requests/s"),
                 QStringLiteral("Busiest machine"), QStringLiteral("Runs")};
    t.numeric = {false, true, true, true, true, true, true, true};
    t.weights = {0.14, 0.1, 0.15, 0.12, 0.1, 0.11, 0.12, 0.16};
    for (const auto& c : d.desChecks) {
        std::string busiest;
        const double u = maxHostUtilization(c.des, &busiest);
        const auto& r = c.des.responseTime;
        t.rows.push_back({escaped(c.label),
                          formatUsers(c.users), ciText(r),
                          formatDuration(r.p95.value_or(std::nan(""))) + QStringLiteral(" /<br>") + formatDuration(r.p99.value_or(std::nan(""))),
                          formatDuration(c.analytic.responseTime.mean),
                          QString::fromStdString(io::formatRate(c.des.throughput)),
                          formatPercent(u) + QStringLiteral("<br><span class=\"muted\">") + escaped(busiest) + QStringLiteral("</span>"),
                          QStringLiteral("%1 × %2 s<br><span class=\"muted\">warm-up %3</span>")
                              .arg(c.des.replications)
                              .arg(c.des.horizon, 0, 'f', 0)
                              .arg(c.des.warmup > 0 ? formatDuration(c.des.warmup) : QStringLiteral("MSER-5"))});
        t.rowTone.push_back(c.holds ? 0 : 2);
    }
    t.note = QStringLiteral("Seed %1. Report runs: %2 replications of ~%3 completed requests each; roadmap confirmations: %4 "
                            "replications of ~%5. Same seed, same report.")
                 .arg(cb.seed)
                 .arg(cb.replications)
                 .arg(formatUsers(cb.requestsPerReplication))
                 .arg(pb.replications)
                 .arg(formatUsers(pb.requestsPerReplication));
    doc.blocks.push_back(tableBlock(t));

    if (!d.roadmap.notes.empty()) {
        doc.blocks.push_back(subheading(QStringLiteral("Planner notes")));
        QStringList items;
        for (const auto& n : d.roadmap.notes) items << escaped(n);
        doc.blocks.push_back(bullets(items));
    }

    doc.blocks.push_back(subheading(QStringLiteral("About this report")));
    ReportTable about;
    about.headers = {QStringLiteral("Item"), QStringLiteral("Value")};
    about.weights = {0.3, 0.7};
    about.numeric = {false, false};
    about.rows.push_back({QStringLiteral("Tool"), QStringLiteral("Headroom %1").arg(QString::fromLatin1(kVersion))});
    about.rows.push_back({QStringLiteral("Input"), d.options.sourceFile.empty() ? escaped(d.architecture.name) : escaped(d.options.sourceFile)});
    about.rows.push_back({QStringLiteral("Generated"), escaped(d.generatedOn)});
    about.rows.push_back({QStringLiteral("Seed"), QString::number(cb.seed)});
    about.rows.push_back({QStringLiteral("Computation"), QStringLiteral("%1 s").arg(d.wallSeconds, 0, 'f', 1)});
    about.rows.push_back({QStringLiteral("Reproduce"),
                          QStringLiteral("headroom-cli report %1 -o report.pdf --target %2 --seed %3%4")
                              .arg(d.options.sourceFile.empty() ? QStringLiteral("FILE") : escaped(d.options.sourceFile))
                              .arg(static_cast<long long>(d.options.target))
                              .arg(cb.seed)
                              .arg(reproduceGrowth(d))});
    doc.blocks.push_back(tableBlock(about));
}

}  // namespace

ReportDocument buildDocument(const ReportData& data) {
    ReportDocument doc;
    const auto& plan = data.roadmap;
    TitlePage& t = doc.titlePage;
    t.title = q(data.title);
    // The default title already names the architecture: then the file's own description is the subtitle.
    const bool titleNamesIt = t.title.contains(q(data.architecture.name));
    t.subtitle = titleNamesIt ? q(data.architecture.description) : q(data.architecture.name);
    t.author = q(data.options.author);
    t.date = q(data.generatedOn);
    t.version = QStringLiteral("Headroom %1").arg(QString::fromLatin1(kVersion));
    t.sourceFile = q(data.options.sourceFile);
    if (plan.targetMet) {
        t.verdict = QStringLiteral("%1 users reachable in %2 phase%3 at %4 per month")
                        .arg(formatUsers(plan.target))
                        .arg(plan.phases.size())
                        .arg(plan.phases.size() == 1 ? "" : "s")
                        .arg(formatMoney(plan.costMonthFinal));
        t.verdictTone = Tone::Good;
    } else {
        t.verdict = QStringLiteral("%1 users not reached: %2").arg(formatUsers(plan.target), q(plan.reason));
        t.verdictTone = Tone::Bad;
    }
    doc.footer = q(data.title);

    executiveSummary(data, doc);
    if (dated(data)) quarterSection(data, doc);
    assumptions(data, doc);
    architectureSection(data, doc);
    breakingPoints(data, doc);
    roadmapSection(data, doc);
    buildWorkSections(data, doc);  // issue 21: each build's work, the alternatives at each phase
    if (dated(data)) timelineSection(data, doc);
    chartsSection(data, doc);
    scenariosSection(data, doc);
    appendUncertaintySection(data, doc.blocks, sectionNumber(data, Section::Scenarios) + 1);
    calibrationSection(data, doc, sectionNumber(data, Section::Scenarios) + 1 + (data.uncertainty ? 1 : 0));  // issue 19: report_calibration.h
    appendix(data, doc);
    return doc;
}

}  // namespace headroom::report
