#pragma once
// The figures at the slider's load: the headline numbers (throughput,
// response time percentiles, errors, cost), each component's utilisation,
// throughput and response time, and every threshold check with its verdict.
// Shows the analytic answer at once and replaces it with the simulation's
// when that finishes (the header says which one is shown).

#include "stats/results.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTableWidget;
class QTreeWidget;

namespace headroom::ui {

class ResultsPanel : public QWidget {
    Q_OBJECT

public:
    explicit ResultsPanel(QWidget* parent = nullptr);

    void setResults(const stats::Results& results, double sloUtilization);
    void clear(const QString& message);
    [[nodiscard]] const std::optional<stats::Results>& results() const { return results_; }
    /// Headline value by name ("throughput", "p95", ...) as displayed.
    [[nodiscard]] QString headline(const QString& name) const;
    [[nodiscard]] QTableWidget* componentTable() const { return table_; }
    [[nodiscard]] QTreeWidget* thresholdList() const { return checks_; }

signals:
    void componentActivated(const QString& id);

private:
    std::optional<stats::Results> results_;
    QLabel* method_;
    QHash<QString, QLabel*> headlines_;
    QTableWidget* table_;
    QTreeWidget* checks_;
};

}  // namespace headroom::ui
