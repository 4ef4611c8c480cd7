#pragma once
// Crash recovery: while a document has unsaved changes its YAML is written
// every few seconds to the application data folder; a clean close or a save
// removes it. At the next start any left-over copy is offered back.

#include <QList>
#include <QString>

namespace headroom::ui {

struct RecoveredDocument {
    QString recoveryFile;  ///< the autosave copy
    QString originalPath;  ///< the file it belongs to (empty: untitled)
    QString text;
};

class RecoveryStore {
public:
    /// `directory` empty = QStandardPaths::AppDataLocation + "/recovery".
    explicit RecoveryStore(QString directory = {});

    /// Writes (replaces) the copy for one window; returns false on failure.
    bool write(const QString& slot, const QString& originalPath, const QString& text);
    void remove(const QString& slot);
    /// Copies left by earlier sessions.
    [[nodiscard]] QList<RecoveredDocument> pending() const;
    void discard(const RecoveredDocument& document);
    [[nodiscard]] const QString& directory() const { return directory_; }

private:
    QString directory_;
};

}  // namespace headroom::ui
