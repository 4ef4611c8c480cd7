#pragma once
// Finds the bundled architecture presets (architectures/*.yaml, one per
// scaling stage): HEADROOM_SOURCE_DIR from the environment, then folders
// relative to the executable (build tree, installed share/), then the source
// directory compiled in.

#include <QList>
#include <QString>

namespace headroom::ui {

struct Preset {
    QString path;
    QString stage;  ///< "01" from "01-monolith.yaml"
    QString name;   ///< the file's `name:`, or its file name
};

/// The presets directory, or empty when none is found.
[[nodiscard]] QString presetDirectory();

/// The presets in stage order.
[[nodiscard]] QList<Preset> presets();

}  // namespace headroom::ui
