#include "component_palette.h"

#include "architecture_view.h"

#include <QDrag>
#include <QIcon>
#include <QMimeData>

namespace headroom::ui {

ComponentPalette::ComponentPalette(QWidget* parent) : QListWidget(parent) {
    using K = spec::ComponentKind;
    const QList<QPair<K, QString>> kinds = {{K::Service, tr("Service")},   {K::LoadBalancer, tr("Load balancer")},
                                            {K::Cache, tr("Cache")},       {K::Cdn, tr("CDN")},
                                            {K::Database, tr("Database")}, {K::Queue, tr("Queue")},
                                            {K::External, tr("External API")}};
    for (const auto& [kind, label] : kinds) {
        auto* item = new QListWidgetItem(QIcon(QStringLiteral(":/icons/%1.svg").arg(spec::toString(kind))), label, this);
        item->setData(Qt::UserRole, static_cast<int>(kind));
        // A source of copies only: never edited, never moved out of the list.
        item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsDragEnabled);
        item->setToolTip(tr("Drag onto the canvas, or double-click to add a %1").arg(label.toLower()));
    }
    setIconSize(QSize(20, 20));
    setViewMode(QListView::ListMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setGridSize(QSize(118, 28));
    setMinimumHeight(4 * 28 + 8);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    // A drag copies a kind onto the canvas. The default (move) made the view
    // clear the dragged entry's text after the drop: the label was gone.
    setDefaultDropAction(Qt::CopyAction);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setObjectName(QStringLiteral("palette"));
    connect(this, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
        emit addRequested(static_cast<spec::ComponentKind>(item->data(Qt::UserRole).toInt()));
    });
}

void ComponentPalette::startDrag(Qt::DropActions) {
    QListWidgetItem* item = currentItem();
    if (!item) return;
    auto* drag = new QDrag(this);
    drag->setMimeData(mimeData({item}));
    drag->setPixmap(item->icon().pixmap(iconSize()));
    drag->exec(Qt::CopyAction, Qt::CopyAction);
}

QStringList ComponentPalette::mimeTypes() const { return {QString::fromLatin1(kComponentKindMime)}; }

QMimeData* ComponentPalette::mimeData(const QList<QListWidgetItem*>& items) const {
    auto* data = new QMimeData;
    if (!items.isEmpty()) {
        const auto kind = static_cast<spec::ComponentKind>(items.first()->data(Qt::UserRole).toInt());
        data->setData(kComponentKindMime, QByteArray(spec::toString(kind)));
    }
    return data;
}

}  // namespace headroom::ui
