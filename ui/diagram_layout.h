#pragma once
// The diagram's geometry from Graphviz (libgvc/libcgraph, Debian's
// libgraphviz-dev): a layered left-to-right `dot` layout of boxes of their
// real size, with every edge routed as dot's splines around the boxes; and,
// for boxes the user has placed by hand, the same spline router on fixed
// positions (Graphviz's `nop2` engine, i.e. `neato -n2 -Gsplines=true`).
// Plain C++ (no Qt): the canvas, the report's Figure 1 (the same canvas
// scene rendered offscreen) and the tests share it.
//
// Coordinates: scene units = Graphviz points, y grows downwards, boxes by
// their top-left corner. An edge route is a cubic Bézier chain in
// Graphviz's form: p0, then (c1, c2, p) triples; it starts on the caller's
// border and ends on the callee's border.

#include <optional>
#include <string>
#include <vector>

namespace headroom::ui::layout {

struct Point {
    double x = 0;
    double y = 0;
};

struct Box {
    std::string id;
    double width = 0;
    double height = 0;
    /// Boxes sharing a group (a shared host) are kept together in a cluster.
    std::string group;
    /// Top-left corner when placed by hand (route() only).
    Point topLeft;
};

struct Edge {
    std::string from;
    std::string to;
};

struct Result {
    /// Top-left corner of every box, in input order.
    std::vector<Point> topLeft;
    /// One Bézier chain per input edge (empty when Graphviz could not route it,
    /// e.g. when hand-placed boxes overlap).
    std::vector<std::vector<Point>> routes;
    /// Where each edge's label goes (dot reserves the room; absent otherwise).
    std::vector<std::optional<Point>> labels;
    bool ok = false;
};

/// Padding a group's frame adds around its boxes (the canvas's host box).
inline constexpr double kGroupSide = 16.0;
inline constexpr double kGroupTop = 36.0;
inline constexpr double kGroupBottom = 14.0;

/// Layered layout (dot, rankdir LR) of `boxes` joined by `edges`; the first
/// box is pinned to the leftmost rank (the users). `labelWidth` > 0 reserves
/// room for an edge label that wide (and 18 high) beside every edge.
[[nodiscard]] Result layered(const std::vector<Box>& boxes, const std::vector<Edge>& edges, double labelWidth = 0);

/// Routes `edges` between boxes at their given `topLeft` (no box moves).
[[nodiscard]] Result route(const std::vector<Box>& boxes, const std::vector<Edge>& edges);

}  // namespace headroom::ui::layout
