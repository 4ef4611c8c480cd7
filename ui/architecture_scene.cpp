#include "architecture_scene.h"

#include "io/loader.h"
#include "io/metrics.h"
#include "io/yaml_document.h"
#include "spec/edits.h"

#include "spec/entry.h"

#include "architecture_document.h"
#include "architecture_edits.h"
#include "call_item.h"
#include "canvas_layout.h"
#include "component_item.h"
#include "host_item.h"
#include "load_colors.h"

#include <QApplication>
#include <QClipboard>
#include <QFileInfo>
#include <QGraphicsSceneContextMenuEvent>
#include <QImage>
#include <QMimeData>
#include <QPainter>
#include <QSvgGenerator>
#include <QGraphicsSceneMouseEvent>
#include <QMenu>
#include <QPen>

#include <algorithm>
#include <cmath>
#include <limits>

namespace headroom::ui {

namespace {

QString kindName(spec::ComponentKind kind) { return QString::fromLatin1(spec::toString(kind)); }

QString subtitleOf(const spec::Component& c) {
    using K = spec::ComponentKind;
    QString kind = kindName(c.kind).replace('_', ' ');
    if (c.host) return kind + QStringLiteral(" · on ") + QString::fromStdString(*c.host);
    QString s = kind + QStringLiteral(" · %1 core%2").arg(c.cores).arg(c.cores == 1 ? "" : "s");
    if (c.kind == K::Database && c.replicas > 0) s += QStringLiteral(" +%1 rep").arg(c.replicas);
    if (c.kind == K::Database && c.shards > 1) s += QStringLiteral(" · %1 shards").arg(c.shards);
    return s;
}

QString shareLabel(double perRequest) {
    if (!std::isfinite(perRequest) || perRequest <= 0) return {};
    if (perRequest <= 1.0001) return formatPercent(perRequest);
    return QStringLiteral("%1×").arg(perRequest, 0, 'f', perRequest < 10 ? 1 : 0);
}

}  // namespace

ArchitectureScene::ArchitectureScene(ArchitectureDocument* document, QObject* parent)
    : QGraphicsScene(parent), document_(document) {
    // Rebuilt on the next event-loop turn: the edit may come from inside an
    // item's own mouse handler, and the rebuild deletes the items.
    connect(document_, &ArchitectureDocument::changed, this, &ArchitectureScene::rebuild, Qt::QueuedConnection);
    connect(document_, &ArchitectureDocument::positionsChanged, this, &ArchitectureScene::applyPositions);
    connect(this, &QGraphicsScene::selectionChanged, this, [this] {
        if (!rebuilding_) emit selectionMoved(currentSelection());
    });
    rebuild();
}

ArchitectureScene::~ArchitectureScene() {
    rebuilding_ = true;
    blockSignals(true);
    clear();
}

void ArchitectureScene::rebuild() {
    const Selection kept = pendingSelection_.value_or(currentSelection());
    pendingSelection_.reset();
    rebuilding_ = true;
    clear();
    components_.clear();
    hosts_.clear();
    calls_.clear();
    users_ = nullptr;
    rubberBand_ = nullptr;
    connectFrom_ = nullptr;

    const spec::Architecture& a = document_->architecture();
    const Diagram diagram = diagramLayout(a, document_->positions());
    auto hook = [this](ComponentItem* item) {
        connect(item, &ComponentItem::moved, this, [this, item] {
            for (auto* call : std::as_const(calls_)) {
                if (call->from() == item || call->to() == item) call->adjust();
            }
            updateHosts();
        });
        connect(item, &ComponentItem::connectStarted, this, &ArchitectureScene::beginConnect);
        connect(item, &ComponentItem::connectMoved, this, &ArchitectureScene::moveConnect);
        connect(item, &ComponentItem::connectFinished, this, &ArchitectureScene::finishConnect);
    };
    users_ = new ComponentItem(kUsersNode, QStringLiteral("users"), true);
    users_->setPos(diagram.positions.value(kUsersNode));
    addItem(users_);
    hook(users_);
    for (const auto& c : a.components) {
        const QString id = QString::fromStdString(c.id);
        if (components_.contains(id)) continue;  // a duplicate id: the document shows the error
        auto* item = new ComponentItem(id, kindName(c.kind));
        item->setSubtitle(subtitleOf(c));
        int instances = c.instances;
        if (c.host) {
            for (const auto& h : a.hosts) {
                if (h.id == *c.host) instances = h.instances;
            }
        }
        item->setInstances(instances);
        item->setPos(diagram.positions.value(id));
        addItem(item);
        components_.insert(id, item);
        hook(item);
    }
    auto node = [this](const QString& id) { return id == kUsersNode ? users_ : components_.value(id); };
    for (const DiagramEdge& e : diagram.edges) {
        ComponentItem* from = node(e.from);
        ComponentItem* to = node(e.to);
        if (!from || !to) continue;
        CallItem::Style style = CallItem::Style::Call;
        if (e.kind == DiagramEdge::Kind::Entry) style = CallItem::Style::Entry;
        else if (e.kind == DiagramEdge::Kind::Miss) style = CallItem::Style::Miss;
        else if (to->kind() == QLatin1String("queue")) style = CallItem::Style::Async;
        auto* call = new CallItem(from, to, style);
        call->setRoute(e.route);
        addItem(call);
        calls_.append(call);
    }
    for (const auto& h : a.hosts) {
        const QString id = QString::fromStdString(h.id);
        QList<ComponentItem*> members;
        for (const auto& c : a.components) {
            if (c.host && *c.host == h.id) {
                if (auto* item = components_.value(QString::fromStdString(c.id))) members << item;
            }
        }
        auto* host = new HostItem(id);
        host->setTitle(QStringLiteral("%1 · %2 cores%3").arg(id).arg(h.cores).arg(h.instances > 1 ? QStringLiteral(" ×%1").arg(h.instances) : QString()));
        addItem(host);
        host->setMembers(members);
        hosts_.insert(id, host);
    }
    relabel();
    if (results_) setResults(*results_);
    highlight(highlighted_);
    rebuilding_ = false;
    select(kept);
    if (!pendingMultiSelection_.isEmpty()) {
        for (const QString& id : std::as_const(pendingMultiSelection_)) {
            if (auto* item = components_.value(id)) item->setSelected(true);
        }
        pendingMultiSelection_.clear();
    }
    setSceneRect(itemsBoundingRect().adjusted(-200, -150, 200, 150));
}

void ArchitectureScene::relabel() {
    const auto graph = document_->graph();
    if (!graph || !document_->isValid()) {
        for (auto* call : std::as_const(calls_)) call->setLabel({});
        return;
    }
    const graph::Graph& g = *graph;
    for (auto* call : std::as_const(calls_)) {
        double perRequest = 0;
        if (call->style() == CallItem::Style::Entry) {
            for (const auto& cls : g.classes()) {
                if (QString::fromStdString(g.component(cls.entry).name) == call->to()->id()) perRequest += cls.share;
            }
        } else {
            const auto from = g.componentId(call->from()->id().toStdString());
            const auto to = g.componentId(call->to()->id().toStdString());
            if (!from || !to) continue;
            const graph::Component& caller = g.component(*from);
            for (const auto& cls : g.classes()) {
                const double visits = g.visits(cls.id, *from) + g.asyncVisits(cls.id, *from);
                for (const auto& c : caller.calls) {
                    if (c.to == *to && c.forClass.at(static_cast<size_t>(cls.id))) perRequest += cls.share * visits * c.visits;
                }
                if (caller.onMiss && *caller.onMiss == *to) perRequest += cls.share * visits * (1.0 - caller.hitRatio);
            }
        }
        call->setLabel(shareLabel(perRequest));
    }
}

void ArchitectureScene::setResults(const stats::Results& results) {
    results_ = results;
    const auto graph = document_->graph();
    const double limit = document_->architecture().slo.utilization;
    if (!graph) return;
    const graph::Graph& g = *graph;
    for (auto it = components_.begin(); it != components_.end(); ++it) {
        const auto id = g.componentId(it.key().toStdString());
        double u = std::numeric_limits<double>::quiet_NaN();
        if (id) {
            const size_t host = static_cast<size_t>(g.component(*id).host);
            if (host < results.hosts.size()) u = results.hosts[host].utilization;
            // A database with replicas or shards: its own copies are stations of their own.
            for (const auto& h : results.hosts) {
                if (h.name.rfind(g.component(*id).name + "/", 0) == 0) u = std::max(u, h.utilization);
            }
        }
        it.value()->setLoad(u, loadLevel(u, limit), formatPercent(u));
    }
    for (auto it = hosts_.begin(); it != hosts_.end(); ++it) {
        const auto id = g.hostId(it.key().toStdString());
        double u = std::numeric_limits<double>::quiet_NaN();
        if (id && static_cast<size_t>(*id) < results.hosts.size()) u = results.hosts[static_cast<size_t>(*id)].utilization;
        it.value()->setLoad(u, loadLevel(u, limit));
    }
    if (users_) {
        QString detail = results.users ? formatUsers(*results.users) + tr(" users") : QString();
        if (results.arrivalRate) detail = QString::fromStdString(io::formatRate(*results.arrivalRate));
        users_->setLoad(std::numeric_limits<double>::quiet_NaN(), LoadLevel::Unknown, detail);
    }
}

void ArchitectureScene::clearResults() {
    results_.reset();
    for (auto* item : std::as_const(components_)) item->setLoad(std::numeric_limits<double>::quiet_NaN(), LoadLevel::Unknown, {});
}

void ArchitectureScene::highlight(const QString& id) {
    highlighted_ = id;
    for (auto it = components_.begin(); it != components_.end(); ++it) it.value()->setHighlighted(it.key() == id);
}

Selection ArchitectureScene::currentSelection() const {
    const QList<QGraphicsItem*> items = selectedItems();
    QStringList components;
    for (QGraphicsItem* item : items) {
        if (auto* c = dynamic_cast<ComponentItem*>(item); c && !c->isUsers()) components << c->id();
    }
    if (components.size() > 1) {
        components.sort();
        Selection several{Selection::Kind::Components, {}, components, {}};
        return several;
    }
    for (QGraphicsItem* item : items) {
        if (auto* c = dynamic_cast<ComponentItem*>(item); c && !c->isUsers()) return {Selection::Kind::Component, c->id()};
        if (auto* h = dynamic_cast<HostItem*>(item)) return {Selection::Kind::Host, h->id()};
    }
    // A call alone: its keys (the users' arrow is the workload's entry: the architecture's fields).
    for (QGraphicsItem* item : items) {
        if (auto* call = dynamic_cast<CallItem*>(item); call && call->style() != CallItem::Style::Entry) {
            return {Selection::Kind::Call, call->from()->id(), {}, call->to()->id()};
        }
    }
    return {};
}

void ArchitectureScene::select(const Selection& selection) {
    const bool was = rebuilding_;
    rebuilding_ = true;
    clearSelection();
    if (selection.kind == Selection::Kind::Component) {
        if (auto* item = components_.value(selection.id)) item->setSelected(true);
        else pendingSelection_ = selection;  // added by an edit: exists after the rebuild
    } else if (selection.kind == Selection::Kind::Host) {
        if (auto* item = hosts_.value(selection.id)) item->setSelected(true);
    } else if (selection.kind == Selection::Kind::Components) {
        for (const QString& id : selection.ids) {
            if (auto* item = components_.value(id)) item->setSelected(true);
        }
    } else if (selection.kind == Selection::Kind::Call) {
        for (auto* call : std::as_const(calls_)) {
            if (call->from()->id() == selection.id && call->to()->id() == selection.to) call->setSelected(true);
        }
    }
    rebuilding_ = was;
    if (!was) emit selectionMoved(currentSelection());
}

void ArchitectureScene::applyPositions() {
    const Diagram diagram = diagramLayout(document_->architecture(), document_->positions());
    rebuilding_ = true;
    for (auto it = components_.begin(); it != components_.end(); ++it) it.value()->setPos(diagram.positions.value(it.key()));
    if (users_) users_->setPos(diagram.positions.value(kUsersNode));
    for (auto* call : std::as_const(calls_)) {
        for (const DiagramEdge& e : diagram.edges) {
            if (e.from == call->from()->id() && e.to == call->to()->id()) call->setRoute(e.route);
        }
    }
    rebuilding_ = false;
    updateHosts();
}

void ArchitectureScene::updateHosts() {
    for (auto* host : std::as_const(hosts_)) host->adjust();
}

void ArchitectureScene::addComponent(spec::ComponentKind kind, QPointF scenePos) {
    spec::Architecture after = document_->architecture();
    spec::Component c = makeComponent(after, kind);
    const QString id = QString::fromStdString(c.id);
    after.components.push_back(c);
    // The position is view state: placed first, so the rebuild puts it there.
    // Every card keeps where it stands (the new one would change the automatic
    // layout of the rest), and the new card goes to the nearest free spot
    // below the point asked for: never on top of a card or inside a host box.
    QHash<QString, QPointF> positions;
    QList<QRectF> taken;
    // A card added a moment ago may not be drawn yet (the rebuild waits for
    // the event loop): the document already knows where it goes.
    for (auto it = document_->positions().begin(); it != document_->positions().end(); ++it) {
        if (components_.contains(it.key()) || it.key() == kUsersNode) continue;
        if (!findComponent(document_->architecture(), it.key())) continue;
        positions.insert(it.key(), it.value());
        taken << QRectF(it.value(), cardSize(1));
    }
    for (auto it = components_.begin(); it != components_.end(); ++it) {
        positions.insert(it.key(), it.value()->pos());
        taken << it.value()->mapRectToScene(it.value()->boundingRect());
    }
    if (users_) {
        positions.insert(kUsersNode, users_->pos());
        taken << users_->mapRectToScene(users_->boundingRect());
    }
    for (auto* host : std::as_const(hosts_)) taken << host->mapRectToScene(host->boundingRect());
    QPointF spot = scenePos - QPointF(kNodeWidth / 2, kNodeHeight / 2);
    auto freeAt = [&](QPointF p) {
        const QRectF card = QRectF(p, cardSize(1)).adjusted(-24, -24, 24, 24);
        return std::none_of(taken.begin(), taken.end(), [&](const QRectF& r) { return r.intersects(card); });
    };
    for (int step = 0; step < 400 && !freeAt(spot); ++step) spot.ry() += 12;
    positions.insert(id, spot);
    document_->assignPositions(positions);
    document_->edit(after, tr("Add %1 '%2'").arg(kindName(kind), id));
    select({Selection::Kind::Component, id});
}

void ArchitectureScene::deleteSelection() {
    spec::Architecture after = document_->architecture();
    QStringList removed;
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* call = dynamic_cast<CallItem*>(item)) {
            if (call->style() == CallItem::Style::Entry) continue;
            after = removeCall(std::move(after), call->from()->id(), call->to()->id());
            removed << call->from()->id() + QStringLiteral("→") + call->to()->id();
        }
    }
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* h = dynamic_cast<HostItem*>(item)) {
            QString error;
            after = removeHost(std::move(after), h->id(), &error);
            if (!error.isEmpty()) {
                emit editRefused(error);
                return;
            }
            removed << tr("host %1").arg(h->id());
        }
    }
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* c = dynamic_cast<ComponentItem*>(item); c && !c->isUsers()) {
            after = removeComponent(std::move(after), c->id());
            removed << c->id();
        }
    }
    if (removed.isEmpty()) return;
    document_->edit(after, tr("Delete %1").arg(removed.join(QStringLiteral(", "))));
}

void ArchitectureScene::addSharedHost() {
    QStringList members;
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* c = dynamic_cast<ComponentItem*>(item); c && !c->isUsers()) members << c->id();
    }
    if (members.isEmpty()) {
        emit editRefused(tr("Select the components to put on the new shared host first"));
        return;
    }
    members.sort();
    const spec::Architecture& before = document_->architecture();
    const QString id = uniqueHostId(before);
    document_->edit(ui::addSharedHost(before, id, members), tr("Add shared host '%1' (%2)").arg(id, members.join(QStringLiteral(", "))));
    select({Selection::Kind::Host, id});
}

void ArchitectureScene::contextMenuEvent(QGraphicsSceneContextMenuEvent* event) {
    QGraphicsItem* under = itemAt(event->scenePos(), QTransform());
    while (under && !dynamic_cast<ComponentItem*>(under) && !dynamic_cast<HostItem*>(under)) under = under->parentItem();
    if (under && !under->isSelected()) {
        clearSelection();
        under->setSelected(true);
    }
    QMenu menu;
    QAction* share = menu.addAction(tr("Put on a New Shared &Host"), this, &ArchitectureScene::addSharedHost);
    QAction* remove = menu.addAction(dynamic_cast<HostItem*>(under) ? tr("&Delete Host") : tr("&Delete"), this,
                                     &ArchitectureScene::deleteSelection);
    bool components = false;
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* c = dynamic_cast<ComponentItem*>(item); c && !c->isUsers()) components = true;
    }
    share->setEnabled(components);
    remove->setEnabled(!selectedItems().isEmpty());
    menu.exec(event->screenPos());
    event->accept();
}

void ArchitectureScene::autoLayout() {
    const QHash<QString, QPointF> layout = tierLayout(document_->architecture());
    QHash<QString, QPointF> before = document_->positions();
    if (before.isEmpty()) return;
    document_->moveComponents(layout, tr("Automatic layout"));
}

void ArchitectureScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    pressPositions_.clear();
    for (auto it = components_.begin(); it != components_.end(); ++it) pressPositions_.insert(it.key(), it.value()->pos());
    if (users_) pressPositions_.insert(kUsersNode, users_->pos());
    QGraphicsScene::mousePressEvent(event);
}

void ArchitectureScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    QGraphicsScene::mouseReleaseEvent(event);
    QHash<QString, QPointF> moved;
    auto check = [&](const QString& id, ComponentItem* item) {
        if (item && pressPositions_.contains(id) && pressPositions_.value(id) != item->pos()) moved.insert(id, item->pos());
    };
    for (auto it = components_.begin(); it != components_.end(); ++it) check(it.key(), it.value());
    check(kUsersNode, users_);
    pressPositions_.clear();
    if (moved.isEmpty()) return;
    // Record every node's position so the layout of the rest stays put.
    QHash<QString, QPointF> all;
    for (auto it = components_.begin(); it != components_.end(); ++it) all.insert(it.key(), it.value()->pos());
    if (users_) all.insert(kUsersNode, users_->pos());
    document_->moveComponents(all, moved.size() == 1 ? tr("Move %1").arg(moved.begin().key() == kUsersNode ? tr("users") : moved.begin().key())
                                                     : tr("Move %1 components").arg(moved.size()));
}

void ArchitectureScene::beginConnect(ComponentItem* from, QPointF scenePos) {
    connectFrom_ = from;
    rubberBand_ = addLine(QLineF(from->outPort(), scenePos), QPen(QColor(0x00, 0x72, 0xb2), 1.5, Qt::DashLine));
    rubberBand_->setZValue(5);
}

void ArchitectureScene::moveConnect(QPointF scenePos) {
    if (rubberBand_ && connectFrom_) rubberBand_->setLine(QLineF(connectFrom_->outPort(), scenePos));
}

void ArchitectureScene::finishConnect(QPointF scenePos) {
    ComponentItem* from = connectFrom_;
    connectFrom_ = nullptr;
    if (rubberBand_) {
        removeItem(rubberBand_);
        delete rubberBand_;
        rubberBand_ = nullptr;
    }
    if (!from) return;
    ComponentItem* to = nullptr;
    for (QGraphicsItem* item : items(scenePos)) {
        if (auto* c = dynamic_cast<ComponentItem*>(item); c && c != from && !c->isUsers()) {
            to = c;
            break;
        }
    }
    if (!to) return;
    spec::Architecture after = document_->architecture();
    if (from->isUsers()) {
        after.workload.entry = to->id().toStdString();
        document_->edit(after, tr("Users enter at %1").arg(to->id()));
        return;
    }
    // A cache or CDN in front of something: the connection is its miss path
    // (`on_miss`), not a call made on every visit, as long as it has none yet.
    for (auto& c : after.components) {
        const bool cacheLike = c.kind == spec::ComponentKind::Cache || c.kind == spec::ComponentKind::Cdn;
        if (c.id == from->id().toStdString() && cacheLike && !c.onMiss) {
            c.onMiss = to->id().toStdString();
            document_->edit(after, tr("%1 misses go to %2 (on_miss)").arg(from->id(), to->id()));
            return;
        }
    }
    after = addCall(std::move(after), from->id(), to->id());
    document_->edit(after, tr("Connect %1 → %2").arg(from->id(), to->id()));
}

namespace {
constexpr char kComponentsMime[] = "application/x-headroom-components+yaml";
}  // namespace

void ArchitectureScene::copySelection() {
    QStringList ids;
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* c = dynamic_cast<ComponentItem*>(item); c && !c->isUsers()) ids << c->id();
    }
    if (ids.isEmpty()) return;
    // A small architecture holding just the copies: the format is the clipboard's format.
    spec::Architecture clip;
    clip.name = "clipboard";
    clip.workload.users = 1;
    for (const auto& c : document_->architecture().components) {
        if (!ids.contains(QString::fromStdString(c.id))) continue;
        clip.components.push_back(c);
        if (auto* item = components_.value(QString::fromStdString(c.id))) {
            clip.layout[c.id] = {item->pos().x(), item->pos().y()};
        }
    }
    const QByteArray yaml = QByteArray::fromStdString(io::toYaml(clip));
    auto* data = new QMimeData;
    data->setData(QString::fromLatin1(kComponentsMime), yaml);
    data->setText(QString::fromUtf8(yaml));
    QApplication::clipboard()->setMimeData(data);
}

void ArchitectureScene::paste() {
    const QMimeData* data = QApplication::clipboard()->mimeData();
    if (!data || !data->hasFormat(QString::fromLatin1(kComponentsMime))) return;
    spec::Architecture clip;
    try {
        clip = io::loadString(data->data(QString::fromLatin1(kComponentsMime)).toStdString(), "clipboard");
    } catch (const std::exception&) {
        emit editRefused(tr("The clipboard holds no components to paste"));
        return;
    }
    spec::Architecture after = document_->architecture();
    std::map<std::string, std::string> renamed;
    for (const auto& c : clip.components) {
        std::string id = spec::uniqueId(after, c.id);
        renamed[c.id] = id;
        spec::Component copy = c;
        copy.id = id;
        copy.host.reset();  // a copy runs on a host of its own
        copy.where = {};
        copy.keys = {};
        after.components.push_back(copy);
    }
    // Calls among the copies go to the copies; calls to the rest stay.
    for (auto& c : after.components) {
        bool pasted = false;
        for (const auto& [from, to] : renamed) pasted = pasted || to == c.id;
        if (!pasted) continue;
        for (auto& call : c.calls) {
            if (auto it = renamed.find(call.to); it != renamed.end()) call.to = it->second;
            call.where = {};
            call.keys = {};
        }
        if (c.onMiss) {
            if (auto it = renamed.find(*c.onMiss); it != renamed.end()) c.onMiss = it->second;
        }
    }
    // Beside the originals (down-right), every card kept where it stands.
    QHash<QString, QPointF> positions;
    for (auto it = components_.begin(); it != components_.end(); ++it) positions.insert(it.key(), it.value()->pos());
    if (users_) positions.insert(kUsersNode, users_->pos());
    QList<QRectF> taken;
    for (auto* item : std::as_const(components_)) taken << item->mapRectToScene(item->boundingRect());
    if (users_) taken << users_->mapRectToScene(users_->boundingRect());
    QStringList ids;
    for (const auto& [from, to] : renamed) {
        const QString id = QString::fromStdString(to);
        ids << id;
        QPointF p(0, 0);
        if (auto it = clip.layout.find(from); it != clip.layout.end()) p = QPointF(it->second.x, it->second.y);
        p += QPointF(32, 32);
        auto freeAt = [&](QPointF q) {
            const QRectF card = QRectF(q, cardSize(1)).adjusted(-16, -16, 16, 16);
            return std::none_of(taken.begin(), taken.end(), [&](const QRectF& r) { return r.intersects(card); });
        };
        for (int step = 0; step < 400 && !freeAt(p); ++step) p.ry() += 12;
        taken << QRectF(p, cardSize(1));
        positions.insert(id, p);
    }
    document_->assignPositions(positions);
    ids.sort();
    document_->edit(after, tr("Paste %1").arg(ids.join(QStringLiteral(", "))));
    pendingMultiSelection_ = ids;
}

void ArchitectureScene::duplicateSelection() {
    copySelection();
    paste();
}

void ArchitectureScene::selectAll() {
    for (auto* item : std::as_const(components_)) item->setSelected(true);
}

bool ArchitectureScene::exportDiagram(const QString& path, QString* error) {
    const bool wasSelected = !selectedItems().isEmpty();
    const QList<QGraphicsItem*> selected = selectedItems();
    const bool was = rebuilding_;
    rebuilding_ = true;
    clearSelection();
    const QRectF source = itemsBoundingRect().adjusted(-12, -12, 12, 12);
    bool ok = true;
    if (QFileInfo(path).suffix().compare(QStringLiteral("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(QString::fromStdString(document_->architecture().name));
        QPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            painter.setRenderHint(QPainter::Antialiasing);
            render(&painter, QRectF(QPointF(0, 0), source.size()), source);
            painter.end();
        }
    } else {
        QImage image((source.size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
        render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())), source);
        painter.end();
        ok = image.save(path);
    }
    for (QGraphicsItem* item : selected) item->setSelected(true);
    rebuilding_ = was;
    Q_UNUSED(wasSelected);
    if (!ok && error) *error = tr("%1: error: cannot write the diagram").arg(path);
    return ok;
}

}  // namespace headroom::ui
