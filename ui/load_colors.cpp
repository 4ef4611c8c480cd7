#include "load_colors.h"

#include <cmath>

namespace headroom::ui {

LoadLevel loadLevel(double utilization, double sloLimit) {
    if (!std::isfinite(utilization)) return LoadLevel::Unknown;
    if (utilization > sloLimit) return LoadLevel::Over;
    if (utilization > kElevatedUtilization) return LoadLevel::Elevated;
    return LoadLevel::Normal;
}

QColor loadColor(LoadLevel level) {
    switch (level) {
        case LoadLevel::Normal: return QColor(0x2e, 0x9d, 0x5b);
        case LoadLevel::Elevated: return QColor(0xe0, 0x9a, 0x16);
        case LoadLevel::Over: return QColor(0xd6, 0x3b, 0x3b);
        case LoadLevel::Unknown: break;
    }
    return QColor(0x8a, 0x93, 0x9e);
}

QString loadName(LoadLevel level) {
    switch (level) {
        case LoadLevel::Normal: return QStringLiteral("normal");
        case LoadLevel::Elevated: return QStringLiteral("elevated");
        case LoadLevel::Over: return QStringLiteral("over the limit");
        case LoadLevel::Unknown: break;
    }
    return QStringLiteral("unknown");
}

QColor seriesColor(int index) {
    // Okabe-Ito palette, reordered so the first three are the most distinct.
    static const QColor colors[] = {QColor(0x00, 0x72, 0xb2), QColor(0xd5, 0x5e, 0x00), QColor(0x00, 0x9e, 0x73),
                                    QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9), QColor(0xe6, 0x9f, 0x00),
                                    QColor(0x60, 0x60, 0x60), QColor(0xf0, 0xe4, 0x42)};
    return colors[static_cast<size_t>(index) % (sizeof colors / sizeof colors[0])];
}

}  // namespace headroom::ui
