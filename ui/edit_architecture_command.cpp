#include "edit_architecture_command.h"

#include "architecture_document.h"

namespace headroom::ui {

namespace {
constexpr int kEditArchitectureId = 0x4844;  // "HD"
}

EditArchitectureCommand::EditArchitectureCommand(ArchitectureDocument* document, spec::Architecture before,
                                                 spec::Architecture after, const QString& description,
                                                 const QString& mergeKey)
    : document_(document), before_(std::move(before)), after_(std::move(after)), mergeKey_(mergeKey) {
    setText(description);
}

void EditArchitectureCommand::undo() { document_->assign(before_); }

void EditArchitectureCommand::redo() { document_->assign(after_); }

int EditArchitectureCommand::id() const { return mergeKey_.isEmpty() ? -1 : kEditArchitectureId; }

bool EditArchitectureCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const EditArchitectureCommand*>(other);
    if (!next || next->mergeKey_ != mergeKey_ || mergeKey_.isEmpty()) return false;
    after_ = next->after_;
    return true;
}

}  // namespace headroom::ui
