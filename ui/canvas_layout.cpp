#include "canvas_layout.h"

#include "diagram_layout.h"
#include "spec/entry.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace headroom::ui {

namespace {

int instancesOf(const spec::Architecture& a, const spec::Component& c) {
    if (c.host) {
        for (const auto& h : a.hosts) {
            if (h.id == *c.host) return h.instances;
        }
    }
    return c.instances;
}

QPainterPath toPath(const std::vector<layout::Point>& chain) {
    QPainterPath path;
    if (chain.size() < 4) return path;
    path.moveTo(chain[0].x, chain[0].y);
    for (size_t i = 1; i + 2 < chain.size(); i += 3) {
        path.cubicTo(QPointF(chain[i].x, chain[i].y), QPointF(chain[i + 1].x, chain[i + 1].y),
                     QPointF(chain[i + 2].x, chain[i + 2].y));
    }
    return path;
}

struct Input {
    QStringList ids;
    std::vector<layout::Box> boxes;
    std::vector<layout::Edge> edges;
};

Input inputOf(const spec::Architecture& a, const QList<DiagramEdge>& edges) {
    Input in;
    auto add = [&](const QString& id, QSizeF size, const std::string& group) {
        in.ids << id;
        in.boxes.push_back({id.toStdString(), size.width(), size.height(), group, {}});
    };
    add(kUsersNode, cardSize(1), {});
    for (const auto& c : a.components) {
        const QString id = QString::fromStdString(c.id);
        if (in.ids.contains(id)) continue;
        add(id, cardSize(instancesOf(a, c)), c.host ? *c.host : std::string());
    }
    for (const auto& e : edges) in.edges.push_back({e.from.toStdString(), e.to.toStdString()});
    return in;
}

}  // namespace

QSizeF cardSize(int instances) {
    const double stack = (std::clamp(instances, 1, 3) - 1) * kStackOffset;
    return {kNodeWidth + stack, kNodeHeight + stack};
}

QList<DiagramEdge> diagramEdges(const spec::Architecture& a) {
    QList<DiagramEdge> out;
    QStringList known;
    for (const auto& c : a.components) known << QString::fromStdString(c.id);
    auto edge = [&](const QString& from, const QString& to, DiagramEdge::Kind kind) {
        if (from == to || !known.contains(to) || (from != kUsersNode && !known.contains(from))) return;
        for (const auto& e : std::as_const(out)) {
            if (e.from == from && e.to == to) return;
        }
        out.append({from, to, kind, {}});
    };
    // Where requests enter: the one rule the solvers route by (spec/entry.h).
    for (const auto& e : spec::entries(a)) edge(kUsersNode, QString::fromStdString(e), DiagramEdge::Kind::Entry);
    for (const auto& c : a.components) {
        const QString from = QString::fromStdString(c.id);
        for (const auto& call : c.calls) edge(from, QString::fromStdString(call.to), DiagramEdge::Kind::Call);
        if (c.onMiss) edge(from, QString::fromStdString(*c.onMiss), DiagramEdge::Kind::Miss);
    }
    return out;
}

Diagram diagramLayout(const spec::Architecture& a, const QHash<QString, QPointF>& placed) {
    Diagram d;
    d.edges = diagramEdges(a);
    Input in = inputOf(a, d.edges);
    const layout::Result automatic = layout::layered(in.boxes, in.edges);
    bool moved = false;
    for (size_t i = 0; i < in.boxes.size(); ++i) {
        const QString& id = in.ids[static_cast<qsizetype>(i)];
        QPointF p = i < automatic.topLeft.size() ? QPointF(automatic.topLeft[i].x, automatic.topLeft[i].y)
                                                  : QPointF(static_cast<double>(i) * (kNodeWidth + 96), 0);
        if (auto it = placed.find(id); it != placed.end()) {
            moved = moved || std::abs(it.value().x() - p.x()) > 0.5 || std::abs(it.value().y() - p.y()) > 0.5;
            p = it.value();
        }
        d.positions.insert(id, p);
        d.sizes.insert(id, QSizeF(in.boxes[i].width, in.boxes[i].height));
        in.boxes[i].topLeft = {p.x(), p.y()};
    }
    // Where the cards stand as dot put them, dot's own routes; else the spline
    // router around the cards where they are.
    const layout::Result routed = moved ? layout::route(in.boxes, in.edges) : automatic;
    for (qsizetype i = 0; i < d.edges.size(); ++i) {
        if (static_cast<size_t>(i) < routed.routes.size()) d.edges[i].route = toPath(routed.routes[static_cast<size_t>(i)]);
    }
    return d;
}

QHash<QString, QPointF> tierLayout(const spec::Architecture& a) { return diagramLayout(a).positions; }

}  // namespace headroom::ui
