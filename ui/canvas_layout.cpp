#include "canvas_layout.h"

#include <QMap>

#include <algorithm>
#include <map>
#include <vector>

namespace headroom::ui {

int kindTier(spec::ComponentKind kind) {
    using K = spec::ComponentKind;
    switch (kind) {
        case K::Cdn: return 1;
        case K::LoadBalancer: return 2;
        case K::Service: return 3;
        case K::Queue: return 4;
        case K::Cache: return 5;
        case K::Database: return 6;
        case K::External: return 7;
    }
    return 3;
}

QHash<QString, QPointF> tierLayout(const spec::Architecture& a) {
    const int n = static_cast<int>(a.components.size());
    std::map<std::string, int> index;
    for (int i = 0; i < n; ++i) index[a.components[static_cast<size_t>(i)].id] = i;
    std::vector<std::vector<int>> callees(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const auto& c = a.components[static_cast<size_t>(i)];
        for (const auto& call : c.calls) {
            if (auto it = index.find(call.to); it != index.end()) callees[static_cast<size_t>(i)].push_back(it->second);
        }
        if (c.onMiss) {
            if (auto it = index.find(*c.onMiss); it != index.end()) callees[static_cast<size_t>(i)].push_back(it->second);
        }
    }
    // Longest path from the entries; relaxation rounds bounded by n so a
    // (still invalid) cycle cannot loop forever.
    std::vector<int> layer(static_cast<size_t>(n), -1);
    auto enter = [&](const std::optional<std::string>& name) {
        if (!name) return;
        if (auto it = index.find(*name); it != index.end()) layer[static_cast<size_t>(it->second)] = 1;
    };
    enter(a.workload.entry);
    for (const auto& m : a.workload.mix) enter(m.entry);
    if (std::none_of(layer.begin(), layer.end(), [](int l) { return l >= 0; }) && n > 0) layer[0] = 1;
    for (int round = 0; round < n; ++round) {
        bool changed = false;
        for (int i = 0; i < n; ++i) {
            if (layer[static_cast<size_t>(i)] < 0) continue;
            for (int j : callees[static_cast<size_t>(i)]) {
                if (layer[static_cast<size_t>(j)] < layer[static_cast<size_t>(i)] + 1) {
                    layer[static_cast<size_t>(j)] = layer[static_cast<size_t>(i)] + 1;
                    changed = true;
                }
            }
        }
        if (!changed) break;
    }
    int maxLayer = 1;
    for (int l : layer) maxLayer = std::max(maxLayer, l);
    for (int i = 0; i < n; ++i) {
        // Nobody calls it: place it by kind, after the reachable columns.
        if (layer[static_cast<size_t>(i)] < 0) layer[static_cast<size_t>(i)] = std::max(1, kindTier(a.components[static_cast<size_t>(i)].kind));
    }
    QMap<int, std::vector<int>> columns;
    for (int i = 0; i < n; ++i) columns[layer[static_cast<size_t>(i)]].push_back(i);
    size_t tallest = 1;
    for (auto& column : columns) {
        std::stable_sort(column.begin(), column.end(), [&](int x, int y) {
            return kindTier(a.components[static_cast<size_t>(x)].kind) < kindTier(a.components[static_cast<size_t>(y)].kind);
        });
        tallest = std::max(tallest, column.size());
    }
    const double pitch = kNodeHeight + kRowGap;
    const double height = static_cast<double>(tallest) * pitch;
    QHash<QString, QPointF> out;
    int x = 0;
    out.insert(kUsersNode, QPointF(0, (height - pitch) / 2.0));
    for (auto it = columns.begin(); it != columns.end(); ++it) {
        ++x;
        const auto& column = it.value();
        const double top = (height - static_cast<double>(column.size()) * pitch) / 2.0;
        for (size_t row = 0; row < column.size(); ++row) {
            const auto& c = a.components[static_cast<size_t>(column[row])];
            out.insert(QString::fromStdString(c.id),
                       QPointF(x * (kNodeWidth + kColumnGap), top + static_cast<double>(row) * pitch));
        }
    }
    return out;
}

}  // namespace headroom::ui
