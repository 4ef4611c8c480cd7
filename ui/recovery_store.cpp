#include "recovery_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace headroom::ui {

namespace {
const QString kPathSuffix = QStringLiteral(".path");
}

RecoveryStore::RecoveryStore(QString directory) : directory_(std::move(directory)) {
    if (directory_.isEmpty()) {
        directory_ = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");
    }
}

bool RecoveryStore::write(const QString& slot, const QString& originalPath, const QString& text) {
    if (!QDir().mkpath(directory_)) return false;
    const QString base = directory_ + QLatin1Char('/') + slot;
    // The file's path first, then the copy: pending() lists the copies, so a
    // copy is never seen (or left by a crash between the two) without the
    // path it belongs to. The other order let a kill between the two commits
    // leave a copy that came back as untitled.
    QSaveFile path(base + kPathSuffix);
    if (!path.open(QIODevice::WriteOnly)) return false;
    path.write(originalPath.toUtf8());
    if (!path.commit()) return false;
    QSaveFile yaml(base + QStringLiteral(".yaml"));
    if (!yaml.open(QIODevice::WriteOnly)) return false;
    yaml.write(text.toUtf8());
    return yaml.commit();
}

void RecoveryStore::remove(const QString& slot) {
    const QString base = directory_ + QLatin1Char('/') + slot;
    QFile::remove(base + QStringLiteral(".yaml"));
    QFile::remove(base + kPathSuffix);
}

QList<RecoveredDocument> RecoveryStore::pending() const {
    QList<RecoveredDocument> out;
    const QDir dir(directory_);
    for (const QString& name : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Time)) {
        RecoveredDocument d;
        d.recoveryFile = dir.filePath(name);
        QFile yaml(d.recoveryFile);
        if (!yaml.open(QIODevice::ReadOnly)) continue;
        d.text = QString::fromUtf8(yaml.readAll());
        QFile path(dir.filePath(QFileInfo(name).completeBaseName() + kPathSuffix));
        if (path.open(QIODevice::ReadOnly)) d.originalPath = QString::fromUtf8(path.readAll());
        out << d;
    }
    return out;
}

void RecoveryStore::discard(const RecoveredDocument& document) {
    QFile::remove(document.recoveryFile);
    const QFileInfo info(document.recoveryFile);
    QFile::remove(info.dir().filePath(info.completeBaseName() + kPathSuffix));
}

}  // namespace headroom::ui
