#pragma once
// The scaling stages of teaching mode: the presets architectures/NN-*.yaml,
// loaded and built in file-name order (01 monolith ... 08 queue + workers).
// The folder is looked up the way a class would run the app: the
// HEADROOM_SOURCE_DIR environment variable, then next to the executable,
// then the source tree the build came from (headroom::kSourceDir).

#include "graph/graph.h"
#include "spec/architecture.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace headroom::teaching {

struct Stage {
    int number = 0;        ///< 1-based position in the walkthrough
    QString path;          ///< the preset file
    QString title;         ///< the preset's `name:`
    spec::Architecture architecture;
    std::shared_ptr<const graph::Graph> graph;
};

/// The first folder holding NN-*.yaml presets among the candidates above, or
/// "" (then `searched`, if given, lists the folders tried).
[[nodiscard]] QString findPresetDirectory(QStringList* searched = nullptr);

/// Loads every NN-*.yaml in `directory` in name order. Returns false with a
/// one-line `FILE:LINE:COL: error: ...` message on the first bad preset.
bool loadStages(const QString& directory, std::vector<Stage>* stages, QString* error);

}  // namespace headroom::teaching
