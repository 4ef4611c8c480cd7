#pragma once
// The palette of component kinds: drag one onto the canvas, or double-click
// to add it in the middle of the view.

#include "spec/architecture.h"

#include <QListWidget>

namespace headroom::ui {

class ComponentPalette : public QListWidget {
    Q_OBJECT

public:
    explicit ComponentPalette(QWidget* parent = nullptr);

signals:
    void addRequested(headroom::spec::ComponentKind kind);

protected:
    [[nodiscard]] QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override;
    [[nodiscard]] QStringList mimeTypes() const override;
    /// Copy only: the entry stays as it is whatever the drop target answers.
    void startDrag(Qt::DropActions supportedActions) override;
};

}  // namespace headroom::ui
