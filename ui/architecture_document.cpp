#include "architecture_document.h"

#include "edit_architecture_command.h"
#include "io/loader.h"
#include "move_components_command.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace headroom::ui {

namespace {

/// The canvas positions as the format's `layout:` key.
std::map<std::string, spec::Position> layoutOf(const QHash<QString, QPointF>& positions) {
    std::map<std::string, spec::Position> out;
    for (auto it = positions.begin(); it != positions.end(); ++it) out[it.key().toStdString()] = {it.value().x(), it.value().y()};
    return out;
}

}  // namespace

ArchitectureDocument::ArchitectureDocument(QObject* parent) : QObject(parent) {
    connect(&undo_, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modifiedChanged(!clean); });
}

ArchitectureDocument::~ArchitectureDocument() { undo_.disconnect(this); }

bool ArchitectureDocument::load(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("%1: error: cannot open the file (%2)").arg(path, file.errorString());
        return false;
    }
    if (file.size() > static_cast<qint64>(io::kMaxFileBytes)) {
        if (error) *error = QStringLiteral("%1: error: the file is larger than 16 MiB").arg(path);
        return false;
    }
    return loadText(QString::fromUtf8(file.readAll()), path, error);
}

bool ArchitectureDocument::loadText(const QString& text, const QString& path, QString* error) {
    const std::string utf8 = text.toStdString();
    const std::string name = path.isEmpty() ? std::string("untitled.yaml") : path.toStdString();
    try {
        spec::Architecture loaded = io::loadString(utf8, name);
        io::YamlDocument baseline(utf8, loaded);
        resetTo(std::move(loaded), std::move(baseline), path);
        return true;
    } catch (const spec::InputError& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

void ArchitectureDocument::loadArchitecture(const spec::Architecture& architecture, const QString& title) {
    resetTo(architecture, io::YamlDocument(), QString());
    title_ = title;
}

void ArchitectureDocument::resetTo(spec::Architecture architecture, io::YamlDocument baseline, const QString& path) {
    undo_.clear();
    architecture_ = std::move(architecture);
    baseline_ = std::move(baseline);
    path_ = path;
    title_.clear();
    positions_.clear();
    // The file's `layout:` is where its cards stand.
    for (const auto& [id, p] : architecture_.layout) positions_.insert(QString::fromStdString(id), QPointF(p.x, p.y));
    graph_.reset();
    rebuild();
    undo_.setClean();
    emit filePathChanged(path_);
    emit reset();
    emit changed();
}

QString ArchitectureDocument::displayName() const {
    if (!path_.isEmpty()) return QFileInfo(path_).fileName();
    if (!title_.isEmpty()) return title_;
    return tr("untitled.yaml");
}

QString ArchitectureDocument::yamlText() const { return QString::fromStdString(baseline_.save(architecture_)); }

bool ArchitectureDocument::save(QString* error) {
    if (path_.isEmpty()) {
        if (error) *error = tr("the document has no file name yet: use Save As");
        return false;
    }
    return saveAs(path_, error);
}

bool ArchitectureDocument::saveAs(const QString& path, QString* error) {
    const std::string text = baseline_.save(architecture_);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = QStringLiteral("%1: error: cannot write (%2)").arg(path, file.errorString());
        return false;
    }
    file.write(text.data(), static_cast<qint64>(text.size()));
    if (!file.commit()) {
        if (error) *error = QStringLiteral("%1: error: cannot write (%2)").arg(path, file.errorString());
        return false;
    }
    // The saved text is the new baseline only when it reads back (an invalid
    // architecture is saved as emitted, so the user loses nothing, but the
    // old baseline keeps matching the identities in the undo history).
    if (baseline_.isNew()) {
        try {
            spec::Architecture reloaded = io::loadString(text, path.toStdString());
            baseline_ = io::YamlDocument(text, std::move(reloaded));
        } catch (const spec::InputError&) {
            // keep emitting in full
        }
    }
    const bool renamed = path != path_;
    path_ = path;
    undo_.setClean();
    if (renamed) emit filePathChanged(path_);
    return true;
}

void ArchitectureDocument::edit(const spec::Architecture& after, const QString& description, const QString& mergeKey) {
    undo_.push(new EditArchitectureCommand(this, architecture_, after, description, mergeKey));
}

void ArchitectureDocument::moveComponents(const QHash<QString, QPointF>& to, const QString& description) {
    QHash<QString, QPointF> before = positions_;
    QHash<QString, QPointF> after = positions_;
    for (auto it = to.begin(); it != to.end(); ++it) after[it.key()] = it.value();
    undo_.push(new MoveComponentsCommand(this, before, after, description));
}

void ArchitectureDocument::assign(const spec::Architecture& architecture) {
    architecture_ = architecture;
    // Positions belong to the move commands: an edit's undo never moves cards.
    architecture_.layout = layoutOf(positions_);
    rebuild();
    emit changed();
}

void ArchitectureDocument::assignPositions(const QHash<QString, QPointF>& positions) {
    positions_ = positions;
    architecture_.layout = layoutOf(positions_);
    emit positionsChanged();
}

QString ArchitectureDocument::validate(const spec::Architecture& candidate) {
    try {
        (void)graph::build(candidate);
        return {};
    } catch (const spec::InputError& e) {
        return QString::fromStdString(e.what());
    }
}

void ArchitectureDocument::rebuild() {
    const bool wasValid = error_.isEmpty();
    const QString oldError = error_;
    try {
        graph_ = std::make_shared<const graph::Graph>(graph::build(architecture_));
        error_.clear();
        if (!wasValid || oldError != error_) emit validityChanged(true, {});
        emit graphChanged();
    } catch (const spec::InputError& e) {
        error_ = QString::fromStdString(e.what());
        // A key the editor added has no place in any file yet: name the
        // document instead of the loader's "<input>".
        const QString anonymous = QStringLiteral("<input>");
        if (error_.startsWith(anonymous)) error_.replace(0, anonymous.size(), path_.isEmpty() ? displayName() : path_);
        emit validityChanged(false, error_);
    }
}

}  // namespace headroom::ui
