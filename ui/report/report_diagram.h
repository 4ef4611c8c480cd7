#pragma once
// The architecture diagram exactly as the desktop canvas draws it: the
// GUI's ArchitectureDocument + ArchitectureScene rendered offscreen into an
// image, coloured by a solver's results when given (same layout, icons,
// load colours and call labels as on screen).

#include "spec/architecture.h"
#include "stats/results.h"

#include <QImage>

#include <optional>

namespace headroom::report {

/// `scale` = device pixels per scene unit (2 prints crisply at ~170 mm wide).
[[nodiscard]] QImage architectureDiagram(const spec::Architecture& architecture,
                                         const std::optional<stats::Results>& results, double scale = 2.0);

}  // namespace headroom::report
