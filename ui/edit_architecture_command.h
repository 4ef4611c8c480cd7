#pragma once
// The one undo command for architecture edits: the whole spec before and
// after. Specs are small (a few dozen components), so a copy per step is
// cheaper to get right than one command class per key, and "Apply the
// recommendation" is one undo step however much it changes.

#include "spec/architecture.h"

#include <QString>
#include <QUndoCommand>

namespace headroom::ui {

class ArchitectureDocument;

class EditArchitectureCommand : public QUndoCommand {
public:
    EditArchitectureCommand(ArchitectureDocument* document, spec::Architecture before, spec::Architecture after,
                            const QString& description, const QString& mergeKey);

    void undo() override;
    void redo() override;
    [[nodiscard]] int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    ArchitectureDocument* document_;
    spec::Architecture before_;
    spec::Architecture after_;
    QString mergeKey_;
};

}  // namespace headroom::ui
