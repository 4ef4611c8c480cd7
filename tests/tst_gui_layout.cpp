// The diagram never lies (issue 18): no call is drawn under a card. Every
// preset and 200 seeded random architectures are laid out by the canvas
// (ArchitectureScene over ArchitectureDocument, exactly as the report's
// Figure 1 builds it in ui/report/report_diagram.cpp) and every call's drawn
// path, flattened to segments, is checked against every card but its two ends.

#include "architecture_document.h"
#include "architecture_scene.h"
#include "call_item.h"
#include "canvas_layout.h"
#include "component_item.h"
#include "io/loader.h"

#include <QDir>
#include <QtTest>

#include <random>

using namespace headroom;

namespace {

// Cohen–Sutherland-free exact test: a segment meets an open rectangle iff it
// has a point strictly inside; checked by clipping (Liang–Barsky).
bool segmentEntersRect(QPointF p, QPointF q, const QRectF& r) {
    double t0 = 0, t1 = 1;
    const double dx = q.x() - p.x(), dy = q.y() - p.y();
    const double pp[4] = {-dx, dx, -dy, dy};
    const double qq[4] = {p.x() - r.left(), r.right() - p.x(), p.y() - r.top(), r.bottom() - p.y()};
    for (int i = 0; i < 4; ++i) {
        if (pp[i] == 0) {
            if (qq[i] <= 0) return false;
            continue;
        }
        const double t = qq[i] / pp[i];
        if (pp[i] < 0) t0 = std::max(t0, t);
        else t1 = std::min(t1, t);
        if (t0 >= t1) return false;
    }
    return t1 - t0 > 1e-9;
}

/// The first "call X→Y crosses card Z" found in the scene, or "".
QString firstCrossing(const ui::ArchitectureScene& scene) {
    QList<ui::ComponentItem*> cards = scene.componentItems();
    for (auto* item : scene.items()) {
        if (auto* c = dynamic_cast<ui::ComponentItem*>(item); c && c->isUsers()) cards << c;
    }
    for (const ui::CallItem* call : scene.callItems()) {
        const QPainterPath path = call->path();
        if (path.isEmpty()) return QStringLiteral("%1→%2 has no path").arg(call->from()->id(), call->to()->id());
        for (const QPolygonF& poly : path.toSubpathPolygons()) {
            for (qsizetype i = 0; i + 1 < poly.size(); ++i) {
                for (const ui::ComponentItem* card : cards) {
                    if (card == call->from() || card == call->to()) continue;
                    // The card's face with its stack; shrunk by 1 unit: touching a border is not crossing.
                    const QSizeF size = ui::cardSize(card->isUsers() ? 1 : 3);
                    const QRectF face = QRectF(card->pos(), size).adjusted(1, 1, -1, -1);
                    if (segmentEntersRect(poly[i], poly[i + 1], face)) {
                        return QStringLiteral("%1→%2 crosses %3").arg(call->from()->id(), call->to()->id(), card->id());
                    }
                }
            }
        }
    }
    return {};
}

/// Every card apart from every other (the layout never stacks cards).
QString firstOverlap(const ui::ArchitectureScene& scene) {
    const QList<ui::ComponentItem*> cards = scene.componentItems();
    for (qsizetype i = 0; i < cards.size(); ++i) {
        for (qsizetype j = i + 1; j < cards.size(); ++j) {
            const QRectF a(cards[i]->pos(), ui::cardSize(1));
            const QRectF b(cards[j]->pos(), ui::cardSize(1));
            if (a.intersects(b)) return cards[i]->id() + QStringLiteral(" overlaps ") + cards[j]->id();
        }
    }
    return {};
}

/// A seeded random architecture: a layered DAG of 2–16 components of every
/// kind, calls forward only, caches/CDNs with a miss path, some shared hosts,
/// 1–4 instances, sometimes a second class entering elsewhere.
spec::Architecture randomArchitecture(std::mt19937& rng) {
    using K = spec::ComponentKind;
    const K kinds[] = {K::Service, K::LoadBalancer, K::Cache, K::Cdn, K::Database, K::Queue, K::External};
    std::uniform_int_distribution<int> count(2, 16), kind(0, 6), inst(1, 4), coin(0, 3);
    spec::Architecture a;
    a.name = "random";
    const int n = count(rng);
    for (int i = 0; i < n; ++i) {
        spec::Component c;
        char id[16];
        std::snprintf(id, sizeof id, "c%d", i);  // not "c" + to_string: GCC 12's -Wrestrict misfires
        c.id = id;
        c.kind = kinds[kind(rng)];
        c.instances = inst(rng);
        a.components.push_back(c);
    }
    for (int i = 0; i < n; ++i) {
        auto& c = a.components[static_cast<size_t>(i)];
        for (int j = i + 1; j < n; ++j) {
            if (coin(rng) == 0 || (j == i + 1 && coin(rng) < 2)) {
                if ((c.kind == K::Cache || c.kind == K::Cdn) && !c.onMiss) c.onMiss = a.components[static_cast<size_t>(j)].id;
                else c.calls.push_back({a.components[static_cast<size_t>(j)].id, {}, 1.0, {}, {}});
            }
        }
    }
    a.workload.users = 100;
    a.workload.entry = "c0";
    if (n > 3 && coin(rng) == 0) {
        a.workload.mix.push_back({"read", 0.8, false, std::nullopt, {}, {}});
        a.workload.mix.push_back({"write", 0.2, true, a.components[static_cast<size_t>(n / 2)].id, {}, {}});
    }
    if (n > 4 && coin(rng) == 0) {
        spec::Host h;
        h.id = "shared";
        h.cores = 4;
        a.hosts.push_back(h);
        a.components[1].host = "shared";
        a.components[2].host = "shared";
    }
    return a;
}

}  // namespace

class TestLayout : public QObject {
    Q_OBJECT

private slots:
    // The checker itself can fail: a straight line through a card is caught,
    // a line along its border or beside it is not.
    void crossingCheckCatchesACrossing() {
        const QRectF card(100, 100, 168, 70);
        QVERIFY(segmentEntersRect({0, 135}, {400, 135}, card));
        QVERIFY(segmentEntersRect({150, 0}, {150, 120}, card));
        QVERIFY(!segmentEntersRect({0, 100}, {400, 100}, card));
        QVERIFY(!segmentEntersRect({0, 90}, {400, 60}, card));
        ui::ArchitectureDocument document;
        QString error;
        QVERIFY2(document.load(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures/04-cache.yaml"), &error), qPrintable(error));
        ui::ArchitectureScene scene(&document);
        QCOMPARE(firstCrossing(scene), QString());
        // The old fault: the call drawn straight from the users' card to the
        // card furthest right passes under the cards between them.
        ui::CallItem* entry = nullptr;
        for (ui::CallItem* call : scene.callItems()) {
            if (call->from()->isUsers()) entry = call;
        }
        QVERIFY(entry);
        ui::ComponentItem* far = nullptr;
        for (auto* card : scene.componentItems()) {
            if (!far || card->pos().x() > far->pos().x()) far = card;
        }
        QPainterPath straight(entry->from()->pos() + QPointF(ui::kNodeWidth, ui::kNodeHeight / 2));
        straight.lineTo(far->pos() + QPointF(0, ui::kNodeHeight / 2));
        entry->setRoute(straight);
        QVERIFY(!firstCrossing(scene).isEmpty());
    }

    void presetsNeverHideACall_data() {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures"));
        for (const QString& f : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
        }
        const QDir examples(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures/examples"));
        for (const QString& f : examples.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
            QTest::newRow(qPrintable(QStringLiteral("examples/") + f)) << examples.filePath(f);
        }
    }
    void presetsNeverHideACall() {
        QFETCH(QString, file);
        // The canvas: the file opened as the app opens it.
        ui::ArchitectureDocument document;
        QString error;
        QVERIFY2(document.load(file, &error), qPrintable(error));
        ui::ArchitectureScene scene(&document);
        QVERIFY(!scene.callItems().isEmpty());
        QCOMPARE(firstCrossing(scene), QString());
        QCOMPARE(firstOverlap(scene), QString());
        // The report's Figure 1: the spec handed to report::architectureDiagram.
        ui::ArchitectureDocument reportDocument;
        reportDocument.loadArchitecture(io::loadFile(file.toStdString()), QStringLiteral("report"));
        ui::ArchitectureScene reportScene(&reportDocument);
        QCOMPARE(firstCrossing(reportScene), QString());
        // Same picture: every card where the canvas put it.
        for (auto* card : scene.componentItems()) QCOMPARE(reportScene.componentItem(card->id())->pos(), card->pos());
    }

    void randomArchitecturesNeverHideACall() {
        std::mt19937 rng(20261130);
        int calls = 0;
        for (int k = 0; k < 200; ++k) {
            const spec::Architecture a = randomArchitecture(rng);
            ui::ArchitectureDocument document;
            document.loadArchitecture(a, QStringLiteral("random %1").arg(k));
            ui::ArchitectureScene scene(&document);
            calls += static_cast<int>(scene.callItems().size());
            const QString crossing = firstCrossing(scene);
            QVERIFY2(crossing.isEmpty(), qPrintable(QStringLiteral("architecture %1: %2").arg(k).arg(crossing)));
            QVERIFY2(firstOverlap(scene).isEmpty(), qPrintable(QStringLiteral("architecture %1: %2").arg(k).arg(firstOverlap(scene))));
        }
        QVERIFY(calls > 400);  // the generator makes real graphs (~5 calls each), not empty ones
    }
};

QTEST_MAIN(TestLayout)
#include "tst_gui_layout.moc"
