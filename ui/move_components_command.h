#pragma once
// Undo command for moving components on the canvas (view state only: the
// positions are not part of the YAML).

#include <QHash>
#include <QPointF>
#include <QString>
#include <QUndoCommand>

namespace headroom::ui {

class ArchitectureDocument;

class MoveComponentsCommand : public QUndoCommand {
public:
    MoveComponentsCommand(ArchitectureDocument* document, QHash<QString, QPointF> before,
                          QHash<QString, QPointF> after, const QString& description);
    void undo() override;
    void redo() override;

private:
    ArchitectureDocument* document_;
    QHash<QString, QPointF> before_;
    QHash<QString, QPointF> after_;
};

}  // namespace headroom::ui
