#pragma once
// The diagram's layout for the canvas (and so for the report's Figure 1,
// which renders the same scene): Graphviz's layered `dot` layout of the real
// card sizes, users at the left, calls routed as splines around the cards
// (diagram_layout.h). Hand-placed positions win over the automatic ones; the
// calls are then routed around the cards where they stand.

#include "spec/architecture.h"

#include <QHash>
#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QSizeF>
#include <QString>

namespace headroom::ui {

/// The node that stands for the users on the canvas (not a component).
inline const QString kUsersNode = QStringLiteral("@users");

inline constexpr double kNodeWidth = 168.0;
inline constexpr double kNodeHeight = 70.0;
/// Several instances are drawn as a stack of up to three cards, each offset this much.
inline constexpr double kStackOffset = 5.0;

/// The card's footprint with its stack of instances.
[[nodiscard]] QSizeF cardSize(int instances);

/// One arrow of the diagram: users → entry, a call, or a cache's miss path.
struct DiagramEdge {
    QString from;
    QString to;
    enum class Kind { Entry, Call, Miss } kind = Kind::Call;
    /// Routed around the cards (empty: Graphviz could not route it).
    QPainterPath route;
};

struct Diagram {
    /// Top-left scene position of every component and of kUsersNode.
    QHash<QString, QPointF> positions;
    /// Footprint of every node (stack included).
    QHash<QString, QSizeF> sizes;
    QList<DiagramEdge> edges;
};

/// The edges the canvas draws, in drawing order, without duplicates.
[[nodiscard]] QList<DiagramEdge> diagramEdges(const spec::Architecture& architecture);

/// Positions (`placed` first, the automatic layout for the rest) and routes.
[[nodiscard]] Diagram diagramLayout(const spec::Architecture& architecture, const QHash<QString, QPointF>& placed = {});

/// The automatic layout's top-left positions (every component and kUsersNode).
[[nodiscard]] QHash<QString, QPointF> tierLayout(const spec::Architecture& architecture);

}  // namespace headroom::ui
