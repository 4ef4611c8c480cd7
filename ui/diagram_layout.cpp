#include "diagram_layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace headroom::ui::layout {

namespace {

// Graphviz keeps global state (the context, the error hooks): one layout at a
// time, from any thread (the report renders the diagram off the GUI thread).
std::mutex& graphvizMutex() {
    static std::mutex m;
    return m;
}

int quiet(char*) { return 0; }

GVC_t* context() {
    static GVC_t* gvc = [] {
        agseterr(AGMAX);
        agseterrf(&quiet);
        return gvContext();
    }();
    return gvc;
}

void set(void* object, const char* name, const std::string& value) {
    agsafeset(object, const_cast<char*>(name), const_cast<char*>(value.c_str()), const_cast<char*>(""));
}

// Names built with snprintf: GCC 12's -Wrestrict misfires on "n" + std::to_string(i).
std::string nameOf(const char* prefix, size_t i) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%zu", prefix, i);
    return buf;
}

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    return buf;
}

struct Graph {
    Agraph_t* g = nullptr;
    std::vector<Agnode_t*> nodes;
    std::vector<Agedge_t*> edges;
    ~Graph() {
        if (g) agclose(g);
    }
};

void build(Graph& graph, const std::vector<Box>& boxes, const std::vector<Edge>& edges, bool fixed, double labelWidth) {
    char name[] = "diagram";
    graph.g = agopen(name, Agdirected, nullptr);
    Agraph_t* g = graph.g;
    set(g, "rankdir", "LR");
    set(g, "splines", "true");
    set(g, "nodesep", "0.55");
    set(g, "ranksep", labelWidth > 0 ? "0.55" : "1.2");
    set(g, "esep", "+6");
    set(g, "outputorder", "edgesfirst");
    std::vector<std::string> groups;
    for (size_t i = 0; i < boxes.size(); ++i) {
        const Box& b = boxes[i];
        const std::string id = nameOf("n", i);
        Agnode_t* n = agnode(g, const_cast<char*>(id.c_str()), 1);
        set(n, "shape", "box");
        set(n, "fixedsize", "true");
        set(n, "label", "");
        set(n, "width", num(b.width / 72.0));
        set(n, "height", num(b.height / 72.0));
        if (fixed) {
            // Graphviz's y grows upwards: flip, position = the box's centre in points.
            char pos[96];
            std::snprintf(pos, sizeof pos, "%.3f,%.3f!", b.topLeft.x + b.width / 2, -(b.topLeft.y + b.height / 2));
            set(n, "pos", pos);
        }
        graph.nodes.push_back(n);
    }
    if (!fixed) {
        // Groups become clusters (kept together, framed with the canvas's padding).
        for (size_t i = 0; i < boxes.size(); ++i) {
            if (boxes[i].group.empty()) continue;
            const std::string cluster = nameOf("cluster_", i);
            bool seen = false;
            for (const auto& gname : groups) seen = seen || gname == boxes[i].group;
            if (seen) continue;
            groups.push_back(boxes[i].group);
            Agraph_t* sub = agsubg(g, const_cast<char*>(cluster.c_str()), 1);
            set(sub, "margin", num(kGroupSide + 4));
            set(sub, "label", " ");
            set(sub, "fontsize", num(kGroupTop - 6));
            for (size_t j = i; j < boxes.size(); ++j) {
                if (boxes[j].group == boxes[i].group) agsubnode(sub, graph.nodes[j], 1);
            }
        }
    }
    for (const Edge& e : edges) {
        Agnode_t* from = nullptr;
        Agnode_t* to = nullptr;
        for (size_t i = 0; i < boxes.size(); ++i) {
            if (boxes[i].id == e.from) from = graph.nodes[i];
            if (boxes[i].id == e.to) to = graph.nodes[i];
        }
        Agedge_t* edge = nullptr;
        if (from && to && from != to) {
            const std::string key = nameOf("e", graph.edges.size());
            edge = agedge(g, from, to, const_cast<char*>(key.c_str()), 1);
            set(edge, "arrowhead", "none");
            if (labelWidth > 0) {
                // Times estimates ~0.5 em a character: a label of that many points.
                set(edge, "fontsize", "14");
                set(edge, "label", std::string(static_cast<size_t>(std::ceil(labelWidth / 7.0)), 'x'));
            }
        }
        graph.edges.push_back(edge);
    }
    if (!fixed && !graph.nodes.empty()) {
        // The first box (the users) leftmost: an invisible, weightless edge to every box
        // nothing calls. (Not a rank=min subgraph: Graphviz 2.42's dot reads freed
        // memory in mincross after such a subgraph, found by valgrind.)
        for (size_t i = 1; i < graph.nodes.size(); ++i) {
            if (agfstin(g, graph.nodes[i])) continue;
            Agedge_t* edge = agedge(g, graph.nodes[0], graph.nodes[i], const_cast<char*>(nameOf("u", i).c_str()), 1);
            set(edge, "style", "invis");
            set(edge, "weight", "0");
            set(edge, "arrowhead", "none");
        }
    }
}

Result read(const Graph& graph, const std::vector<Box>& boxes, bool fixed) {
    Result r;
    r.ok = true;
    // Map Graphviz points back: flip y; for fixed boxes also undo any translation.
    double top = GD_bb(graph.g).UR.y;
    double dx = 0;
    if (fixed && !boxes.empty()) {
        const pointf c = ND_coord(graph.nodes[0]);
        dx = boxes[0].topLeft.x + boxes[0].width / 2 - c.x;
        top = boxes[0].topLeft.y + boxes[0].height / 2 + c.y;
    }
    auto map = [&](pointf p) { return Point{p.x + dx, top - p.y}; };
    for (size_t i = 0; i < boxes.size(); ++i) {
        const Point c = map(ND_coord(graph.nodes[i]));
        r.topLeft.push_back(fixed ? boxes[i].topLeft : Point{c.x - boxes[i].width / 2, c.y - boxes[i].height / 2});
    }
    for (Agedge_t* e : graph.edges) {
        std::vector<Point> chain;
        std::optional<Point> label;
        if (e && ED_spl(e)) {
            const splines* s = ED_spl(e);
            for (int b = 0; b < s->size; ++b) {
                const bezier& bz = s->list[b];
                for (int k = (chain.empty() ? 0 : 1); k < bz.size; ++k) chain.push_back(map(bz.list[k]));
            }
            if (chain.size() < 4 || (chain.size() - 1) % 3 != 0) chain.clear();
            // Tail to head: a reversed (back) edge may come out head first.
            if (!chain.empty()) {
                const Point tail = map(ND_coord(agtail(e)));
                const Point head = map(ND_coord(aghead(e)));
                auto d2 = [](Point a, Point b) { return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y); };
                if (d2(chain.front(), head) + d2(chain.back(), tail) < d2(chain.front(), tail) + d2(chain.back(), head)) {
                    std::vector<Point> reversed(chain.rbegin(), chain.rend());
                    chain = std::move(reversed);
                }
            }
            if (ED_label(e) && ED_label(e)->set) label = map(ED_label(e)->pos);
        }
        r.routes.push_back(std::move(chain));
        r.labels.push_back(label);
    }
    return r;
}

Result run(const std::vector<Box>& boxes, const std::vector<Edge>& edges, bool fixed, double labelWidth) {
    std::lock_guard lock(graphvizMutex());
    GVC_t* gvc = context();
    Result r;
    if (!gvc || boxes.empty()) return r;
    Graph graph;
    build(graph, boxes, edges, fixed, labelWidth);
    if (gvLayout(gvc, graph.g, fixed ? "nop2" : "dot") != 0) return r;
    r = read(graph, boxes, fixed);
    gvFreeLayout(gvc, graph.g);
    return r;
}

}  // namespace

Result layered(const std::vector<Box>& boxes, const std::vector<Edge>& edges, double labelWidth) {
    return run(boxes, edges, false, labelWidth);
}

Result route(const std::vector<Box>& boxes, const std::vector<Edge>& edges) { return run(boxes, edges, true, 0); }

}  // namespace headroom::ui::layout
