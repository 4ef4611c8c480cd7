#pragma once
// The open architecture, as the desktop app edits it (Tiled's MapDocument):
// a plain spec::Architecture wrapped in a QObject that owns the undo stack.
// Every change goes through an undo command, and after each one the document
// rebuilds the validated graph. When the edit leaves the architecture invalid
// (graph::build or the loader throws spec::InputError) the document says so
// with the one-line error and keeps the last valid graph, so the canvas,
// results and charts keep showing something sensible while the user types.

#include "graph/graph.h"
#include "io/yaml_document.h"
#include "spec/architecture.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QUndoStack>

#include <memory>

namespace headroom::ui {

class ArchitectureDocument : public QObject {
    Q_OBJECT

public:
    explicit ArchitectureDocument(QObject* parent = nullptr);
    /// Destroying the undo stack of a modified document emits cleanChanged:
    /// the destructor cuts that link first, so no modifiedChanged reaches a
    /// receiver (the window) that is itself being destroyed.
    ~ArchitectureDocument() override;

    /// Reads `path`. On bad input returns false with the one-line error; the
    /// document is unchanged then.
    bool load(const QString& path, QString* error);
    /// Takes YAML text (a preset, a recovered autosave). `path` may be empty
    /// (untitled); the text is the baseline that save() patches.
    bool loadText(const QString& text, const QString& path, QString* error);
    /// An untitled architecture from a spec (a roadmap phase, a new file).
    void loadArchitecture(const spec::Architecture& architecture, const QString& title);

    /// Writes to filePath() (Save) or `path` (Save As) through QSaveFile,
    /// keeping the file's comments and key order (io::YamlDocument).
    bool save(QString* error);
    bool saveAs(const QString& path, QString* error);
    /// The text save() would write now.
    [[nodiscard]] QString yamlText() const;

    [[nodiscard]] const QString& filePath() const { return path_; }
    [[nodiscard]] QString displayName() const;
    /// The name shown for an untitled document (a preset's file name).
    void setTitle(const QString& title) { title_ = title; }
    [[nodiscard]] bool isModified() const { return !undo_.isClean(); }
    [[nodiscard]] QUndoStack* undoStack() { return &undo_; }

    [[nodiscard]] const spec::Architecture& architecture() const { return architecture_; }
    /// The last valid graph (null before the first valid architecture).
    [[nodiscard]] std::shared_ptr<const graph::Graph> graph() const { return graph_; }
    [[nodiscard]] bool isValid() const { return error_.isEmpty(); }
    [[nodiscard]] const QString& errorMessage() const { return error_; }

    /// One undoable edit: the whole architecture before and after. Consecutive
    /// edits with the same non-empty `mergeKey` merge into one undo step
    /// (typing into one field).
    void edit(const spec::Architecture& after, const QString& description, const QString& mergeKey = {});

    /// Canvas positions (view state, saved as the format's `layout:` key). Missing = auto layout.
    [[nodiscard]] const QHash<QString, QPointF>& positions() const { return positions_; }
    /// Undoable move of components on the canvas.
    void moveComponents(const QHash<QString, QPointF>& to, const QString& description);

    /// Used by the undo commands only.
    void assign(const spec::Architecture& architecture);
    void assignPositions(const QHash<QString, QPointF>& positions);

    /// Validation without committing: the error `candidate` would have ("" = fine).
    [[nodiscard]] static QString validate(const spec::Architecture& candidate);

signals:
    /// The architecture changed (edit, undo, redo, load). Valid or not.
    void changed();
    /// A new valid graph is available.
    void graphChanged();
    void validityChanged(bool valid, const QString& error);
    void positionsChanged();
    void filePathChanged(const QString& path);
    void modifiedChanged(bool modified);
    /// A different file or architecture was loaded (not an edit).
    void reset();

private:
    void rebuild();
    void resetTo(spec::Architecture architecture, io::YamlDocument baseline, const QString& path);

    spec::Architecture architecture_;
    io::YamlDocument baseline_;
    std::shared_ptr<const graph::Graph> graph_;
    QString error_;
    QString path_;
    QString title_;
    QHash<QString, QPointF> positions_;
    QUndoStack undo_;
};

}  // namespace headroom::ui
