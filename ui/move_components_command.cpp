#include "move_components_command.h"

#include "architecture_document.h"

namespace headroom::ui {

MoveComponentsCommand::MoveComponentsCommand(ArchitectureDocument* document, QHash<QString, QPointF> before,
                                             QHash<QString, QPointF> after, const QString& description)
    : document_(document), before_(std::move(before)), after_(std::move(after)) {
    setText(description);
}

void MoveComponentsCommand::undo() { document_->assignPositions(before_); }

void MoveComponentsCommand::redo() { document_->assignPositions(after_); }

}  // namespace headroom::ui
