#pragma once
// The property panel: every key of the selected component, host, or (with
// nothing selected) the architecture's workload and SLO, as a form. Each
// value is checked as it is typed, with the loader's own parsers and the
// bounds of the format's field table (spec/field_table.h), and the loader's
// reason is shown under the field; leaving the field commits it as one undo
// step. The document's current error (an edit that left the architecture
// invalid) is shown at the top.

#include "property_schema.h"

#include <QHash>
#include <QWidget>

#include <vector>

class QFormLayout;
class QLabel;
class QVBoxLayout;

namespace headroom::ui {

class ArchitectureDocument;

class PropertyPanel : public QWidget {
    Q_OBJECT

public:
    explicit PropertyPanel(ArchitectureDocument* document, QWidget* parent = nullptr);

    void setSelection(const Selection& selection);
    [[nodiscard]] const Selection& selection() const { return selection_; }
    /// The editor of `key` (a QLineEdit or QComboBox), for tests and focus.
    [[nodiscard]] QWidget* editor(const QString& key) const { return editors_.value(key); }
    [[nodiscard]] QString fieldError(const QString& key) const;
    [[nodiscard]] QString documentError() const;

private:
    void rebuild();
    void refresh();
    void check(const QString& key, const QString& text);
    void commit(const QString& key, const QString& text);
    [[nodiscard]] const PropertyField* field(const QString& key) const;

    ArchitectureDocument* document_;
    Selection selection_;
    std::vector<PropertyField> fields_;
    QStringList keys_;
    QHash<QString, QWidget*> editors_;
    QHash<QString, QLabel*> errors_;
    QLabel* title_ = nullptr;
    QLabel* subtitle_ = nullptr;
    QLabel* documentError_ = nullptr;
    QWidget* form_ = nullptr;
    QVBoxLayout* formLayout_ = nullptr;
};

}  // namespace headroom::ui
