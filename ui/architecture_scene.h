#pragma once
// The canvas model: draws the document's architecture (components, shared
// hosts as boxes around them, calls as labelled arrows, the users on the
// left), colours it with the latest results, and turns mouse gestures into
// document edits (move, connect, delete, add from the palette). Rebuilt from
// the spec after every edit, so it can never disagree with the document.

#include "property_schema.h"
#include "spec/architecture.h"
#include "stats/results.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>

#include <optional>

namespace headroom::ui {

class ArchitectureDocument;
class CallItem;
class ComponentItem;
class HostItem;

class ArchitectureScene : public QGraphicsScene {
    Q_OBJECT

public:
    explicit ArchitectureScene(ArchitectureDocument* document, QObject* parent = nullptr);
    /// Quiet teardown: no selection signals while the items go.
    ~ArchitectureScene() override;

    [[nodiscard]] ComponentItem* componentItem(const QString& id) const { return components_.value(id); }
    [[nodiscard]] QList<ComponentItem*> componentItems() const { return components_.values(); }
    [[nodiscard]] const QList<CallItem*>& callItems() const { return calls_; }
    [[nodiscard]] HostItem* hostItem(const QString& id) const { return hosts_.value(id); }
    [[nodiscard]] Selection currentSelection() const;

    /// Colours components and hosts by `results` (the one the slider shows).
    void setResults(const stats::Results& results);
    void clearResults();
    /// Marks one component (the "Breaks first" panel's click), or none.
    void highlight(const QString& id);
    void select(const Selection& selection);

    /// Palette: adds a component of `kind` at `scenePos` (one undo step).
    void addComponent(spec::ComponentKind kind, QPointF scenePos);
    /// Deletes the selected components, calls and shared hosts (one undo step).
    /// A deleted host's components move to hosts of their own; when that would
    /// not build, nothing is deleted and editRefused() says why.
    void deleteSelection();
    /// Puts the selected components on a new shared host (one undo step);
    /// refused (editRefused) when no component is selected.
    void addSharedHost();
    /// Forgets hand-placed positions: automatic layout (one undo step).
    void autoLayout();
    /// Clipboard: the selected components (with the calls among them and to
    /// the rest) as YAML on the system clipboard.
    void copySelection();
    /// Adds the clipboard's components under fresh ids, beside the originals,
    /// calls among them renamed (one undo step); the copies end up selected.
    void paste();
    /// Copy + paste in one step (Ctrl+D).
    void duplicateSelection();
    /// Selects every component.
    void selectAll();
    /// The drawing alone (no scroll bars, no view): SVG or PNG by the suffix.
    bool exportDiagram(const QString& path, QString* error);

signals:
    void selectionMoved(const headroom::ui::Selection& selection);
    /// An edit that was not made, and why (for the status bar).
    void editRefused(const QString& reason);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override;

private:
    void rebuild();
    void applyPositions();
    void relabel();
    void updateHosts();
    void beginConnect(ComponentItem* from, QPointF scenePos);
    void moveConnect(QPointF scenePos);
    void finishConnect(QPointF scenePos);

    ArchitectureDocument* document_;
    QHash<QString, ComponentItem*> components_;
    QHash<QString, HostItem*> hosts_;
    QList<CallItem*> calls_;
    ComponentItem* users_ = nullptr;
    QGraphicsLineItem* rubberBand_ = nullptr;
    ComponentItem* connectFrom_ = nullptr;
    QHash<QString, QPointF> pressPositions_;
    std::optional<stats::Results> results_;
    QString highlighted_;
    std::optional<Selection> pendingSelection_;
    QStringList pendingMultiSelection_;
    bool rebuilding_ = false;
};

}  // namespace headroom::ui
