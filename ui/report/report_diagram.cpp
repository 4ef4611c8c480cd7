#include "report_diagram.h"

#include "architecture_document.h"
#include "architecture_scene.h"

#include <QPainter>

namespace headroom::report {

QImage architectureDiagram(const spec::Architecture& architecture, const std::optional<stats::Results>& results,
                           double scale) {
    ui::ArchitectureDocument document;
    document.loadArchitecture(architecture, QString::fromStdString(architecture.name));
    // Built synchronously in the constructor from the document's current
    // architecture; no event loop is needed.
    ui::ArchitectureScene scene(&document);
    if (results) scene.setResults(*results);
    scene.clearSelection();
    const QRectF source = scene.itemsBoundingRect().adjusted(-12, -12, 12, 12);
    if (source.isEmpty()) return {};
    QImage image((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())), source);
    painter.end();
    return image.convertToFormat(QImage::Format_RGB32);
}

}  // namespace headroom::report
