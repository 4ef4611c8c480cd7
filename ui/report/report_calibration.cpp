#include "report_calibration.h"

#include "io/measurements_csv.h"
#include "report_charts.h"
#include "report_data.h"
#include "report_document.h"
#include "report_format.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace headroom::report {

namespace {

using Tone = KeyFigure::Tone;

const QColor kGrid(0xe3, 0xe7, 0xec);
const QColor kMeasured(0x22, 0x2b, 0x36);
const QColor kAnalytic(0x2e, 0x86, 0xc1);
const QColor kDes(0xd3, 0x54, 0x00);


QFont chartFont(double points) {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(points);
    return f;
}

std::optional<double> errorOf(double measured, std::optional<double> predicted) {
    if (!predicted) return std::nullopt;
    return calibrate::relativeError(measured, *predicted);
}

QString signedPercent(std::optional<double> e) {
    if (!e) return QStringLiteral("—");
    const double p = *e * 100.0;
    if (std::fabs(p) < 0.05) return QStringLiteral("0.0%");  // no "−0.0%"
    return QStringLiteral("%1%2%").arg(p >= 0.0 ? QStringLiteral("+") : QStringLiteral("−")).arg(std::fabs(p), 0, 'f', 1);
}

QString loadText(const calibrate::LevelComparison& c) {
    return c.open ? QStringLiteral("%1/s").arg(formatUsers(c.load)) : formatUsers(c.load);
}

QString rate(double perSecond) {
    return perSecond >= 100.0 ? QStringLiteral("%1/s").arg(formatUsers(perSecond)) : QStringLiteral("%1/s").arg(perSecond, 0, 'g', 3);
}

/// A duration with three significant figures, down to microseconds (demands are often tens of µs).
QString shortDuration(double seconds) {
    if (seconds > 0.0 && seconds < 1e-3) return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'g', 3);
    return formatDuration(seconds);
}

const calibrate::LevelComparison::Figure* figure(const calibrate::LevelComparison& c, const std::string& metric,
                                                 const std::string& where = "system") {
    for (const auto& f : c.figures)
        if (f.metric == metric && f.where == where) return &f;
    return nullptr;
}

Block block(Block::Kind kind) {
    Block b;
    b.kind = kind;
    return b;
}

Block paragraph(const QString& html) {
    Block b = block(Block::Kind::Paragraph);
    b.text = html;
    return b;
}

Block tableBlock(ReportTable table) {
    Block b = block(Block::Kind::Table);
    b.table = std::move(table);
    return b;
}

int figuresSoFar(const ReportDocument& doc) {
    return static_cast<int>(std::count_if(doc.blocks.begin(), doc.blocks.end(), [](const Block& b) { return b.kind == Block::Kind::Figure; }));
}

}  // namespace

std::shared_ptr<const CalibrationReport> computeCalibration(const spec::Architecture& planned, const std::string& measurementsFile) {
    if (measurementsFile.empty()) return nullptr;
    auto out = std::make_shared<CalibrationReport>();
    out->measurementsFile = measurementsFile;
    out->planned = planned;
    const spec::Measurements measurements = io::loadMeasurements(measurementsFile);
    out->fit = calibrate::calibrate(planned, measurements);
    out->levels = calibrate::predict(planned, measurements);
    return out;
}

QImage calibrationChart(const CalibrationReport& cal) {
    const int width = 760, height = 300;
    const double scale = 2.5;
    QCustomPlot plot;
    plot.resize(width, height);
    plot.setAntialiasedElements(QCP::aeAll);
    plot.setBackground(Qt::white);
    plot.plotLayout()->clear();
    plot.setAutoAddPlottableToLegend(false);
    auto* left = new QCPAxisRect(&plot);
    auto* right = new QCPAxisRect(&plot);
    plot.plotLayout()->addElement(0, 0, left);
    plot.plotLayout()->addElement(0, 1, right);
    const bool open = !cal.levels.empty() && cal.levels.front().open;
    double lo = 1e300, hi = 0.0;
    for (const auto& c : cal.levels) {
        lo = std::min(lo, c.load);
        hi = std::max(hi, c.load);
    }
    if (!(lo > 0.0)) lo = 1.0;
    if (!(hi > lo)) hi = lo * 10.0;
    struct Panel {
        QCPAxisRect* rect;
        std::string metric;
        QString label;
        double unit;
    };
    for (const Panel& p : {Panel{left, "throughput", QStringLiteral("throughput (requests/s)"), 1.0},
                           Panel{right, "response_time_mean", QStringLiteral("mean response time (ms)"), 1e3}}) {
        QCPAxis* x = p.rect->axis(QCPAxis::atBottom);
        QCPAxis* y = p.rect->axis(QCPAxis::atLeft);
        for (QCPAxis* axis : {x, y}) stylePrintAxis(axis);
        x->setScaleType(QCPAxis::stLogarithmic);
        x->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        x->setRange(lo / 1.3, hi * 1.3);
        x->setLabel(open ? QStringLiteral("arrival rate (log scale)") : QStringLiteral("users (log scale)"));
        y->setLabel(p.label);
        QVector<double> lx, measured, analytic, dx, des;
        for (const auto& c : cal.levels) {
            const auto* f = figure(c, p.metric);
            if (!f) continue;
            lx << c.load;
            measured << f->measured * p.unit;
            analytic << f->analytic * p.unit;
            if (f->des) {
                dx << c.load;
                des << *f->des * p.unit;
            }
        }
        double top = 0.0;
        for (const auto* v : {&measured, &analytic, &des})
            for (double e : *v)
                if (std::isfinite(e)) top = std::max(top, e);
        y->setRange(0.0, top > 0.0 ? top * 1.12 : 1.0);
        auto* a = plot.addGraph(x, y);
        a->setName(QStringLiteral("predicted (analytic)"));
        a->setData(lx, analytic, true);
        a->setPen(QPen(kAnalytic, 2.0));
        auto* d = plot.addGraph(x, y);
        d->setName(QStringLiteral("predicted (simulation)"));
        d->setData(dx, des, true);
        d->setLineStyle(QCPGraph::lsNone);
        d->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, kDes, kDes, 6));
        auto* m = plot.addGraph(x, y);
        m->setName(QStringLiteral("measured"));
        m->setData(lx, measured, true);
        m->setLineStyle(QCPGraph::lsNone);
        m->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kMeasured, 1.5), Qt::white, 7));
        if (p.rect == left) {
            auto* legend = new QCPLegend;
            p.rect->insetLayout()->addElement(legend, Qt::AlignBottom | Qt::AlignRight);
            legend->setLayer(QStringLiteral("legend"));
            legend->setFont(chartFont(7.5));
            legend->setBorderPen(QPen(kGrid));
            legend->setBrush(QColor(255, 255, 255, 235));
            for (auto* g : {m, a, d}) legend->addItem(new QCPPlottableLegendItem(legend, g));
        }
    }
    return plot.toPixmap(width, height, scale).toImage();
}

void calibrationSection(const ReportData& data, ReportDocument& doc, int number) {
    if (!data.calibration) return;
    const CalibrationReport& cal = *data.calibration;
    Block h = block(Block::Kind::Heading);
    h.text = QStringLiteral("%1  Calibration").arg(number);
    h.anchor = QStringLiteral("calibration");
    h.newPage = true;
    doc.blocks.push_back(h);
    doc.blocks.push_back(paragraph(
        QStringLiteral("The architecture this report plans with, solved at each load level measured in <b>%1</b> (%2 levels), "
                       "against what was measured there. Predictions are the analytic solver and a short simulation (three "
                       "replications); an error is predicted ÷ measured − 1.")
            .arg(escaped(cal.measurementsFile))
            .arg(cal.levels.size())));

    ReportTable t;
    t.caption = QStringLiteral("Measured against predicted at each level");
    t.headers = {QStringLiteral("Level"), QStringLiteral("Load"), QStringLiteral("Throughput measured"), QStringLiteral("predicted"),
                 QStringLiteral("error"), QStringLiteral("Mean response measured"), QStringLiteral("predicted"), QStringLiteral("error"),
                 QStringLiteral("simulated")};
    t.numeric = {false, true, true, true, true, true, true, true, true};
    t.weights = {0.8, 0.8, 1.3, 1.1, 0.8, 1.3, 1.1, 0.8, 1.1};
    double worst = 0.0;
    for (const auto& c : cal.levels) {
        QStringList row{escaped(c.level), loadText(c)};
        const auto* x = figure(c, "throughput");
        const auto* r = figure(c, "response_time_mean");
        const auto ex = x ? calibrate::relativeError(x->measured, x->analytic) : std::nullopt;
        if (ex) worst = std::max(worst, std::fabs(*ex));
        row << (x ? rate(x->measured) : QStringLiteral("—")) << (x ? rate(x->analytic) : QStringLiteral("—")) << signedPercent(ex);
        row << (r ? shortDuration(r->measured) : QStringLiteral("—")) << (r ? shortDuration(r->analytic) : QStringLiteral("—"))
            << (r ? signedPercent(calibrate::relativeError(r->measured, r->analytic)) : QStringLiteral("—"))
            << (r && r->des ? shortDuration(*r->des) : QStringLiteral("—"));
        t.rows.push_back(row);
        t.rowTone.push_back(ex && std::fabs(*ex) > 0.15 ? 3 : ex && std::fabs(*ex) > 0.05 ? 2 : 0);
    }
    t.note = QStringLiteral("Rows in amber: throughput off by more than 5%; red: more than 15%.");
    doc.blocks.push_back(tableBlock(t));
    Block fig = block(Block::Kind::Figure);
    fig.figure.image = calibrationChart(cal);
    fig.figure.caption = QStringLiteral("Figure %1. Measured (circles) against predicted (line: analytic; diamonds: simulation) "
                                        "throughput and mean response time at each measured level.")
                             .arg(figuresSoFar(doc) + 1);
    doc.blocks.push_back(fig);

    ReportTable u;
    u.caption = QStringLiteral("Measured against predicted utilisation");
    u.headers = {QStringLiteral("Level"), QStringLiteral("Where"), QStringLiteral("Measured"), QStringLiteral("Analytic"),
                 QStringLiteral("Simulated"), QStringLiteral("Error (analytic)")};
    u.numeric = {false, false, true, true, true, true};
    for (const auto& c : cal.levels)
        for (const auto& f : c.figures) {
            if (f.metric != "utilization") continue;
            u.rows.push_back({escaped(c.level), escaped(f.where), formatPercent(f.measured), formatPercent(f.analytic),
                              f.des ? formatPercent(*f.des) : QStringLiteral("—"), signedPercent(errorOf(f.measured, f.analytic))});
        }
    if (!u.rows.empty()) doc.blocks.push_back(tableBlock(u));

    ReportTable d;
    d.caption = QStringLiteral("Demands fitted from the measurements (utilisation law, non-negative least squares)");
    d.headers = {QStringLiteral("Component"), QStringLiteral("Class"), QStringLiteral("Host"), QStringLiteral("In this file"),
                 QStringLiteral("Fitted"), QStringLiteral("95% interval")};
    d.numeric = {false, false, false, true, true, true};
    int outside = 0;
    for (const auto& e : cal.fit.demands) {
        std::optional<double> inFile;
        for (const auto& c : cal.planned.components) {
            if (c.id != e.component) continue;
            inFile = e.wakeup ? std::optional<double>(c.wakeup) : c.demand.forClass(e.cls);
        }
        // Outside the interval, and not merely by the 4 significant digits calibrate writes.
        const bool out = inFile && e.estimate.ci95 && (*inFile < e.estimate.ci95->low || *inFile > e.estimate.ci95->high) &&
                         std::fabs(*inFile - e.estimate.value) > 5e-4 * std::fabs(e.estimate.value);
        outside += out ? 1 : 0;
        d.rows.push_back({escaped(e.component) + (e.wakeup ? QStringLiteral(" (wake-up)") : QString()),
                          e.cls.empty() ? QStringLiteral("all") : escaped(e.cls), escaped(e.host),
                          inFile ? shortDuration(*inFile) : QStringLiteral("—"), shortDuration(e.estimate.value),
                          e.estimate.ci95 ? QStringLiteral("%1 – %2").arg(shortDuration(e.estimate.ci95->low), shortDuration(e.estimate.ci95->high))
                                          : QStringLiteral("none (as many rows as unknowns)")});
        d.rowTone.push_back(out ? 2 : 0);
    }
    if (cal.fit.delay) {
        const auto& e = *cal.fit.delay;
        double inFile = 0.0;
        for (const auto& c : cal.planned.components)
            if (c.id == cal.fit.delayComponent) inFile = c.latency;
        d.rows.push_back({escaped(cal.fit.delayComponent) + QStringLiteral(" (non-CPU delay)"), QStringLiteral("all"), QStringLiteral("—"),
                          shortDuration(inFile), shortDuration(e.value),
                          e.ci95 ? QStringLiteral("%1 – %2").arg(shortDuration(e.ci95->low), shortDuration(e.ci95->high)) : QStringLiteral("—")});
        d.rowTone.push_back(0);
    }
    d.note = QStringLiteral("Amber: the file's value lies outside the fitted interval. The non-CPU delay (network, I/O waits) is the "
                            "measured mean response time less the model's at the fitted demands, averaged over %1 levels.")
                 .arg(cal.fit.delayLevels);
    doc.blocks.push_back(tableBlock(d));

    ReportTable r;
    r.caption = QStringLiteral("Residuals per host");
    r.headers = {QStringLiteral("Host"), QStringLiteral("Rows"), QStringLiteral("Unknowns"), QStringLiteral("RMS residual"),
                 QStringLiteral("of the mean"), QStringLiteral("Form and why")};
    r.numeric = {false, true, true, true, true, false};
    r.weights = {0.9, 0.6, 0.8, 0.9, 0.8, 4.0};
    for (const auto& hf : cal.fit.hosts) {
        r.rows.push_back({escaped(hf.host), QString::number(hf.equations), QString::number(hf.unknowns),
                          hf.calibrated ? QStringLiteral("%1 points").arg(hf.rmsResidual * 100.0, 0, 'f', 2) : QStringLiteral("—"),
                          hf.calibrated ? formatPercent(hf.relativeResidual) : QStringLiteral("—"), escaped(hf.why)});
    }
    doc.blocks.push_back(tableBlock(r));

    Block verdict = block(Block::Kind::Callout);
    verdict.tone = worst <= 0.05 && outside == 0 ? Tone::Good : worst <= 0.15 ? Tone::Warning : Tone::Bad;
    verdict.text = QStringLiteral("Largest throughput error over the measured levels: <b>%1</b>. %2")
                       .arg(formatPercent(worst))
                       .arg(outside == 0 ? QStringLiteral("Every demand in the file lies inside its fitted interval.")
                                         : QStringLiteral("%1 demand%2 in the file lie%3 outside the fitted interval: "
                                                          "<i>headroom-cli calibrate</i> writes the fitted values.")
                                               .arg(outside)
                                               .arg(outside == 1 ? "" : "s")
                                               .arg(outside == 1 ? "s" : ""));
    doc.blocks.push_back(verdict);
    for (const auto& note : cal.fit.notes) doc.blocks.push_back(paragraph(QStringLiteral("<span class=\"muted\">%1</span>").arg(escaped(note))));
}

}  // namespace headroom::report
