#pragma once
// The utilisation colour code used on the canvas, in tables and charts:
// green below 60%, amber from 60% up to the SLO's utilisation limit, red
// over it. Colours chosen to read on light and dark palettes alike.

#include <QColor>
#include <QString>

namespace headroom::ui {

enum class LoadLevel { Unknown, Normal, Elevated, Over };

inline constexpr double kElevatedUtilization = 0.60;

[[nodiscard]] LoadLevel loadLevel(double utilization, double sloLimit);
[[nodiscard]] QColor loadColor(LoadLevel level);
[[nodiscard]] QString loadName(LoadLevel level);

/// Accent colours for chart series (a colour-blind-safe set).
[[nodiscard]] QColor seriesColor(int index);

}  // namespace headroom::ui
