#include "stage_catalogue.h"

#include "version.h"
#include "io/loader.h"
#include "spec/source_location.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>

namespace headroom::teaching {

namespace {

QStringList presetFiles(const QString& directory) {
    static const QRegularExpression pattern(QStringLiteral("^\\d\\d-.*\\.yaml$"));
    QStringList out;
    const QDir dir(directory);
    for (const QString& name : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
        if (pattern.match(name).hasMatch()) out << dir.filePath(name);
    }
    return out;
}

}  // namespace

QString findPresetDirectory(QStringList* searched) {
    QStringList candidates;
    const QString env = qEnvironmentVariable("HEADROOM_SOURCE_DIR");
    if (!env.isEmpty()) candidates << QDir(env).filePath(QStringLiteral("architectures"));
    if (QCoreApplication::instance()) {
        const QDir exe(QCoreApplication::applicationDirPath());
        candidates << exe.filePath(QStringLiteral("architectures"))
                   << exe.filePath(QStringLiteral("../share/headroom/architectures"));
    }
    candidates << QDir(QString::fromUtf8(headroom::kSourceDir)).filePath(QStringLiteral("architectures"));
    for (const QString& c : candidates) {
        if (!presetFiles(c).isEmpty()) return QDir(c).absolutePath();
    }
    if (searched) *searched = candidates;
    return {};
}

bool loadStages(const QString& directory, std::vector<Stage>* stages, QString* error) {
    std::vector<Stage> out;
    const QStringList files = presetFiles(directory);
    if (files.isEmpty()) {
        if (error) *error = QStringLiteral("%1: error: no NN-*.yaml presets in this folder").arg(directory);
        return false;
    }
    for (const QString& file : files) {
        try {
            Stage s;
            s.number = static_cast<int>(out.size()) + 1;
            s.path = file;
            s.architecture = io::loadFile(file.toStdString());
            s.graph = std::make_shared<const graph::Graph>(graph::build(s.architecture));
            s.title = QString::fromStdString(s.architecture.name);
            out.push_back(std::move(s));
        } catch (const spec::InputError& e) {
            if (error) *error = QString::fromStdString(e.what());
            return false;
        }
    }
    *stages = std::move(out);
    return true;
}

}  // namespace headroom::teaching
