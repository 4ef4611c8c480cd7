#include "preset_catalogue.h"

#include "io/loader.h"
#include "version.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace headroom::ui {

QString presetDirectory() {
    QStringList candidates;
    const QString env = qEnvironmentVariable("HEADROOM_SOURCE_DIR");
    if (!env.isEmpty()) candidates << env + QStringLiteral("/architectures");
    const QString app = QCoreApplication::applicationDirPath();
    candidates << app + QStringLiteral("/architectures") << app + QStringLiteral("/../architectures")
               << app + QStringLiteral("/../../architectures") << app + QStringLiteral("/../share/headroom/architectures");
    candidates << QString::fromUtf8(kSourceDir) + QStringLiteral("/architectures");
    for (const QString& dir : candidates) {
        if (QDir(dir).exists() && !QDir(dir).entryList({QStringLiteral("*.yaml")}, QDir::Files).isEmpty()) {
            return QDir(dir).canonicalPath();
        }
    }
    return {};
}

QList<Preset> presets() {
    QList<Preset> out;
    const QString dir = presetDirectory();
    if (dir.isEmpty()) return out;
    const QFileInfoList files = QDir(dir).entryInfoList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files, QDir::Name);
    for (const QFileInfo& file : files) {
        Preset p;
        p.path = file.absoluteFilePath();
        p.stage = file.baseName().section('-', 0, 0);
        p.name = file.baseName();
        try {
            const auto a = io::loadFile(p.path.toStdString());
            if (!a.name.empty()) p.name = QString::fromStdString(a.name);
        } catch (const std::exception&) {
            // listed under its file name; opening it will show the error
        }
        out << p;
    }
    return out;
}

}  // namespace headroom::ui
