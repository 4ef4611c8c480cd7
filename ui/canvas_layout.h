#pragma once
// Automatic left-to-right layout of an architecture for the canvas: the
// users on the left, then each component one column right of its furthest
// caller (so requests flow left to right: CDN, load balancer, services,
// caches, databases, queues), and within a column by kind, then file order.

#include "spec/architecture.h"

#include <QHash>
#include <QPointF>
#include <QString>

namespace headroom::ui {

/// The node that stands for the users on the canvas (not a component).
inline const QString kUsersNode = QStringLiteral("@users");

inline constexpr double kNodeWidth = 168.0;
inline constexpr double kNodeHeight = 70.0;
inline constexpr double kColumnGap = 96.0;
inline constexpr double kRowGap = 46.0;

/// Top-left scene position of every component and of kUsersNode.
[[nodiscard]] QHash<QString, QPointF> tierLayout(const spec::Architecture& architecture);

/// Column order of a kind when nothing else decides (unreachable components).
[[nodiscard]] int kindTier(spec::ComponentKind kind);

}  // namespace headroom::ui
