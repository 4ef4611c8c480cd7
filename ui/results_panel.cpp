#include "results_panel.h"

#include "io/metrics.h"

#include "load_colors.h"
#include "property_schema.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace headroom::ui {

ResultsPanel::ResultsPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("resultsPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(6);
    method_ = new QLabel(this);
    method_->setObjectName(QStringLiteral("resultsMethod"));
    method_->setWordWrap(true);
    layout->addWidget(method_);
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(14);
    grid->setVerticalSpacing(2);
    const QList<QPair<QString, QString>> names = {{"throughput", tr("Throughput")}, {"mean", tr("Mean")},
                                                  {"p95", tr("p95")},               {"p99", tr("p99")},
                                                  {"errors", tr("Errors")},         {"cost", tr("Cost")}};
    for (int i = 0; i < names.size(); ++i) {
        auto* caption = new QLabel(names[i].second, this);
        caption->setObjectName(QStringLiteral("headlineCaption"));
        auto* value = new QLabel(QStringLiteral("—"), this);
        value->setObjectName(QStringLiteral("headlineValue"));
        grid->addWidget(caption, (i / 3) * 2, i % 3);
        grid->addWidget(value, (i / 3) * 2 + 1, i % 3);
        headlines_.insert(names[i].first, value);
    }
    layout->addLayout(grid);

    table_ = new QTableWidget(0, 5, this);
    table_->setHorizontalHeaderLabels({tr("Component"), tr("CPU"), tr("Req/s"), tr("Time"), tr("Queue")});
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 5; ++c) table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setShowGrid(false);
    table_->setAlternatingRowColors(true);
    table_->setObjectName(QStringLiteral("componentTable"));
    connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (auto* item = table_->item(row, 0)) emit componentActivated(item->text());
    });
    layout->addWidget(table_, 3);

    checks_ = new QTreeWidget(this);
    checks_->setHeaderLabels({tr("Threshold"), tr("Where"), tr("Value"), tr("Limit")});
    checks_->setRootIsDecorated(false);
    checks_->setObjectName(QStringLiteral("thresholdList"));
    checks_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    checks_->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    connect(checks_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) { emit componentActivated(item->text(1)); });
    layout->addWidget(checks_, 2);
    clear(tr("Open an architecture to see its figures."));
}

QString ResultsPanel::headline(const QString& name) const {
    QLabel* label = headlines_.value(name);
    return label ? label->text() : QString();
}

void ResultsPanel::clear(const QString& message) {
    results_.reset();
    method_->setText(message);
    for (auto* label : std::as_const(headlines_)) label->setText(QStringLiteral("—"));
    table_->setRowCount(0);
    checks_->clear();
}

namespace {
// Through the metric's descriptor (io/metrics.h): a queue's load reads as a load, copies as copies.
QString valueText(const stats::ThresholdCheck& c) { return QString::fromStdString(io::formatMetric(c.metric, c.value)); }
QString limitText(const stats::ThresholdCheck& c) { return QString::fromStdString(io::formatLimit(c.metric, c.limit)); }
}  // namespace

void ResultsPanel::setResults(const stats::Results& r, double sloUtilization) {
    results_ = r;
    QString method;
    if (r.method == stats::Method::Des) {
        method = tr("<b>Simulated</b> · %1 replications · %2 M events · %3 s")
                     .arg(r.replications)
                     .arg(static_cast<double>(r.events) / 1e6, 0, 'f', 1)
                     .arg(r.wallSeconds, 0, 'f', 1);
    } else {
        method = tr("<b>Analytic</b> (queueing network) · simulation follows");
    }
    if (r.users) method = tr("At <b>%1 users</b> — ").arg(formatUsers(*r.users)) + method;
    if (r.saturated) method += tr(" · <span style='color:#d63b3b'><b>saturated</b></span>");
    method_->setText(method);
    headlines_["throughput"]->setText(QString::fromStdString(io::formatRate(r.throughput)));
    headlines_["mean"]->setText(formatSeconds(r.responseTime.mean));
    QString p95 = r.responseTime.p95 ? formatSeconds(*r.responseTime.p95) : QStringLiteral("—");
    QString p99 = r.responseTime.p99 ? formatSeconds(*r.responseTime.p99) : QStringLiteral("—");
    if (r.responseTime.percentilesApproximate) {
        p95 = QStringLiteral("≈ ") + p95;
        p99 = QStringLiteral("≈ ") + p99;
    }
    headlines_["p95"]->setText(p95);
    headlines_["p99"]->setText(p99);
    headlines_["errors"]->setText(formatPercent(r.errorRate));
    headlines_["cost"]->setText(formatMoney(r.costMonth));

    table_->setRowCount(static_cast<int>(r.components.size()));
    for (int i = 0; i < static_cast<int>(r.components.size()); ++i) {
        const auto& c = r.components[static_cast<size_t>(i)];
        auto set = [&](int col, const QString& text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter) {
            auto* item = new QTableWidgetItem(text);
            item->setTextAlignment(align);
            table_->setItem(i, col, item);
            return item;
        };
        set(0, QString::fromStdString(c.name), Qt::AlignLeft | Qt::AlignVCenter);
        auto* cpu = set(1, formatPercent(c.utilization));
        cpu->setForeground(loadColor(loadLevel(c.utilization, sloUtilization)));
        set(2, QString::number(c.throughput, 'f', c.throughput < 10 ? 2 : 0));
        set(3, formatSeconds(c.responseTime));
        set(4, QString::number(c.queueLength, 'f', 1));
    }
    checks_->clear();
    for (const auto& c : r.thresholds) {
        auto* item = new QTreeWidgetItem(checks_);
        item->setText(0, (c.ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + QString::fromStdString(c.metric));
        item->setText(1, QString::fromStdString(c.where));
        item->setText(2, valueText(c));
        item->setText(3, limitText(c));
        item->setForeground(0, loadColor(c.ok ? LoadLevel::Normal : LoadLevel::Over));
        item->setToolTip(0, QString::fromStdString(c.why));
        item->setToolTip(1, QString::fromStdString(c.why));
    }
}

}  // namespace headroom::ui
