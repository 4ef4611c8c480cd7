#include "report_uncertainty.h"

#include <qcustomplot.h>

#include <cmath>

#include "report_data.h"
#include "report_document.h"
#include "report_format.h"
#include "study_band_chart.h"
#include "tornado_chart.h"

namespace headroom::report {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

/// A percentile in users, or "above the target".
QString usersOrAbove(double users) {
    return std::isfinite(users) ? formatUsers(users) : QStringLiteral("above the target");
}

Block block(Block::Kind kind, const QString& text) {
    Block b;
    b.kind = kind;
    b.text = text;
    return b;
}

Block figure(QImage image, const QString& caption) {
    Block b;
    b.kind = Block::Kind::Figure;
    b.figure.image = std::move(image);
    b.figure.caption = caption;
    return b;
}

ui::StudyChartStyle printStyle() {
    ui::StudyChartStyle style;
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(7.5);
    style.font = f;
    style.muted = QColor(0x9a, 0xa3, 0xad).darker(130);  // the report's axis grey (report_charts.cpp)
    return style;
}

/// Draws with `draw` on an offscreen plot of the report's chart size (report_charts.h) at print resolution.
template <class Draw>
QImage render(int height, Draw draw) {
    constexpr int kWidth = 760;
    constexpr double kScale = 2.5;
    QCustomPlot plot;
    plot.resize(kWidth, height);
    plot.setAntialiasedElements(QCP::aeAll);
    draw(plot);
    plot.replot(QCustomPlot::rpImmediateRefresh);
    return plot.toPixmap(kWidth, height, kScale).toImage();
}

}  // namespace

std::optional<UncertaintyData> computeUncertainty(const spec::Architecture& architecture,
                                                  const ReportOptions& options) {
    if (architecture.uncertain.empty() || options.sourceText.empty()) return std::nullopt;
    if (options.progress) {
        options.progress("studying the " + std::to_string(architecture.uncertain.size()) + " uncertain inputs (" +
                         std::to_string(roadmap::UncertaintyStudyOptions{}.samples) + " samples)");
    }
    roadmap::UncertaintyStudyOptions study;  // the model's sample count
    study.seed = options.plannerBudget.seed;
    study.study.planner.search.from = options.from;
    study.study.planner.search.to = options.target;
    study.study.confirm = options.confirm;
    study.study.budget = options.plannerBudget;
    study.study.checkBudget = options.confirmationBudget;
    study.cancelled = options.cancelled;  // the report's wall budget
    UncertaintyData out;
    out.study = roadmap::runUncertaintyStudy(options.sourceText, options.sourceFile, study);
    out.summary = roadmap::summarise(out.study);
    return out;
}

void appendUncertaintySection(const ReportData& data, std::vector<Block>& blocks, int number) {
    if (!data.uncertainty) return;
    const auto& study = data.uncertainty->study;
    const auto& s = data.uncertainty->summary;
    const auto& setup = study.setup;

    Block h = block(Block::Kind::Heading, QStringLiteral("%1  Uncertainty").arg(number));
    h.anchor = QStringLiteral("uncertainty");
    h.newPage = true;
    blocks.push_back(h);

    QStringList inputs;
    for (const auto& in : setup.inputs) inputs << QStringLiteral("<i>%1</i>").arg(escaped(in.name));
    const QString midpoint = setup.midpointBreak ? formatUsers(*setup.midpointBreak) + QStringLiteral(" users")
                                                 : QStringLiteral("no break up to the target");
    blocks.push_back(block(
        Block::Kind::Paragraph,
        QStringLiteral("The file gives %1 value%2 as ranges (%3). Every other figure of this report uses their "
                       "midpoints (first break: %4). Here the whole study was repeated for %5 architectures drawn "
                       "from the ranges (a Latin hypercube; each first break placed by the %6), "
                       "to show how far the answer can move.")
            .arg(setup.inputs.size())
            .arg(setup.inputs.size() == 1 ? "" : "s")
            .arg(inputs.join(QStringLiteral(", ")), midpoint)
            .arg(setup.samples)
            .arg(setup.method == "des" ? QStringLiteral("simulation") : QStringLiteral("analytic solver"))));

    Block figures;
    figures.kind = Block::Kind::KeyFigures;
    figures.figures.push_back({QStringLiteral("Breaks as early as (P5)"), usersOrAbove(s.p5) + QStringLiteral(" users"),
                               QStringLiteral("1 sample in 20 breaks earlier"), KeyFigure::Tone::Warning});
    figures.figures.push_back({QStringLiteral("Median first break (P50)"),
                               usersOrAbove(s.p50) + QStringLiteral(" users"),
                               QStringLiteral("midpoint file: %1").arg(midpoint), KeyFigure::Tone::Neutral});
    figures.figures.push_back({QStringLiteral("Breaks as late as (P95)"),
                               usersOrAbove(s.p95) + QStringLiteral(" users"),
                               QStringLiteral("1 sample in 20 holds longer"), KeyFigure::Tone::Neutral});
    blocks.push_back(figures);

    blocks.push_back(
        block(Block::Kind::Paragraph,
              QStringLiteral("<b>Plan for the early end.</b> In 90% of the samples the first break lies "
                             "between %1 and %2 users (80%: %3 to %4). Start the first phase's work before "
                             "the load reaches %1 users, not the midpoint's %5.")
                  .arg(usersOrAbove(s.p5), usersOrAbove(s.p95), usersOrAbove(s.p10), usersOrAbove(s.p90), midpoint)));

    const auto style = printStyle();
    const auto band = ui::studyBandSeriesOf(study, s);
    blocks.push_back(
        figure(render(300, [&](QCustomPlot& plot) { ui::drawStudyBand(plot, band, style); }),
               QStringLiteral("The first break over the ranges: the share of the %1 samples broken by each "
                              "load, the P5–P95 band (light) and P10–P90 (darker), the median and the "
                              "midpoint file's answer.")
                   .arg(setup.samples)));

    const auto tornado = ui::tornadoSeriesOf(s);
    if (!tornado.bars.isEmpty()) {
        blocks.push_back(block(Block::Kind::Subheading, QStringLiteral("What moves the first break most")));
        const auto& top = s.sensitivity.front();
        blocks.push_back(
            block(Block::Kind::Paragraph,
                  QStringLiteral(
                      "<b>%1</b> moves it most (Spearman's rank correlation %2): the samples with it in the lowest "
                      "fifth of its range break at a median of %3 users, those in the highest fifth at %4. "
                      "Measuring the top inputs of the chart more precisely narrows the band most.")
                      .arg(escaped(top.name))
                      .arg(top.rankCorrelation, 0, 'f', 2)
                      .arg(std::isnan(top.breakWhenLow) ? QStringLiteral("—") : usersOrAbove(top.breakWhenLow),
                           std::isnan(top.breakWhenHigh) ? QStringLiteral("—") : usersOrAbove(top.breakWhenHigh))));
        const int rows = static_cast<int>(tornado.bars.size());
        blocks.push_back(
            figure(render(70 + 34 * rows, [&](QCustomPlot& plot) { ui::drawTornado(plot, tornado, style); }),
                   QStringLiteral("Tornado chart: each input's effect on the first break, the largest on "
                                  "top (ρ: rank correlation with the break).")));
    }

    if (!s.phases.empty()) {
        blocks.push_back(block(Block::Kind::Subheading, QStringLiteral("How likely each phase holds its band")));
        ReportTable t;
        t.headers = {QStringLiteral("Phase"), QStringLiteral("Band (users)"), QStringLiteral("Breaks on"),
                     QStringLiteral("Holds its band")};
        t.numeric = {true, false, false, true};
        t.weights = {0.1, 0.3, 0.4, 0.2};
        for (const auto& p : s.phases) {
            t.rows.push_back({QString::number(p.phase),
                              QStringLiteral("%1 – %2").arg(formatUsers(p.usersFrom), formatUsers(p.usersTo)),
                              escaped(p.breaks), formatPercent(p.probability)});
            t.rowTone.push_back(p.probability >= 0.9 ? 1 : p.probability >= 0.5 ? 2 : 3);
        }
        t.note = QStringLiteral(
            "The share of the samples whose architecture, with the plan's earlier builds applied, holds the phase's "
            "band (phase 1 by the sample's simulated first break, later phases by the analytic screen). A plan "
            "sized on midpoints holds each band about half the time by construction: the P5 above says when to start.");
        blocks.push_back(block(Block::Kind::Table, {}));
        blocks.back().table = t;
    }
    if (s.breaksFirst.size() > 1) {
        Block b;
        b.kind = Block::Kind::Bullets;
        for (const auto& f : s.breaksFirst) {
            b.items << QStringLiteral("%1 of the samples break first on <b>%2</b> at %3")
                           .arg(formatPercent(f.share), escaped(metricName(q(f.metric))), escaped(f.where));
        }
        if (s.holdsToTarget > 0) b.items << QStringLiteral("%1 hold to the target").arg(formatPercent(s.holdsToTarget));
        blocks.push_back(block(Block::Kind::Subheading, QStringLiteral("What breaks first")));
        blocks.push_back(b);
    }
}

}  // namespace headroom::report
