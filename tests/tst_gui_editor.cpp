// The editor an architect expects (issue 18), driven as a user drives it:
// mouse clicks, double-clicks, drags and keys on the real widgets only.
// From a new document: users → app → cache → db built from the palette and
// by dragging connections (the cache's drag to the database sets its miss
// path), a component copied and pasted, a card moved, the file saved with
// Ctrl+Shift+S, reopened with Ctrl+O at the same card positions, and the
// diagram exported as SVG with Ctrl+E. File dialogs are answered by typing
// the name into their file-name field and pressing Enter.

#include "architecture_document.h"
#include "architecture_scene.h"
#include "architecture_view.h"
#include "build_next_panel.h"
#include "call_item.h"
#include "chart_widget.h"
#include "cost_chart.h"
#include "response_time_chart.h"
#include "throughput_chart.h"
#include "utilization_chart.h"
#include "component_item.h"
#include "component_palette.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "property_panel.h"
#include "solver_controller.h"
#include "users_control.h"

#include <QSpinBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QScrollBar>
#include <QStyle>
#include <QTableWidget>
#include <QTabWidget>

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPointer>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

using namespace headroom;

namespace {

/// Types `path` into the file dialog's name box (again, if the dialog has
/// changed it meanwhile) and presses Enter, until the dialog closes. Under the
/// sanitizers the dialog can still be filling its name box from the directory
/// it reads on its own thread when the first keys arrive, and its completer's
/// popup can take an Enter; a user would look, and type or press Enter again.
void typeUntilClosed(QPointer<QFileDialog> dialog, const QString& path, int tries) {
    if (!dialog || !dialog->isVisible()) return;
    if (tries <= 0) {
        dialog->reject();  // the test goes on and fails on the file it expected, instead of hanging
        QFAIL(qPrintable("the file dialog did not take " + path));
    }
    auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
    QVERIFY(name);
    if (name->text() != path) {
        name->selectAll();
        QTest::keyClicks(name, path);
    }
    QTest::keyClick(name, Qt::Key_Return);
    QTimer::singleShot(500, [dialog, path, tries] { typeUntilClosed(dialog, path, tries - 1); });
}

/// Types `path` into the next file dialog that opens, then Enter.
void answerNextFileDialog(const QString& path) {
    QTimer::singleShot(200, [path] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            answerNextFileDialog(path);  // not up yet
            return;
        }
        typeUntilClosed(dialog, path, 20);
    });
}

QPoint onView(ui::ArchitectureView* view, QPointF scenePos) { return view->mapFromScene(scenePos); }

/// A left-button drag on the canvas: press, moves with the button held, release.
void drag(ui::ArchitectureView* view, QPointF fromScene, QPointF toScene) {
    QWidget* vp = view->viewport();
    const QPoint a = onView(view, fromScene);
    const QPoint b = onView(view, toScene);
    QTest::mousePress(vp, Qt::LeftButton, {}, a);
    for (int i = 1; i <= 8; ++i) {
        const QPoint p = a + (b - a) * i / 8;
        QMouseEvent move(QEvent::MouseMove, p, vp->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(vp, &move);
    }
    QTest::mouseRelease(vp, Qt::LeftButton, {}, b);
    QApplication::processEvents();
}

QListWidgetItem* paletteEntry(QListWidget* palette, const QString& label) {
    for (int i = 0; i < palette->count(); ++i) {
        if (palette->item(i)->text() == label) return palette->item(i);
    }
    return nullptr;
}

const spec::Component* component(const spec::Architecture& a, const std::string& id) {
    for (const auto& c : a.components) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

}  // namespace

class TestEditor : public QObject {
    Q_OBJECT

private slots:
    void init() { QApplication::clipboard()->clear(); }

    void paletteLabelsSurviveClicksAndDoubleClicks() {
        ui::MainWindow window;
        window.setInteractive(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* palette = window.findChild<QListWidget*>(QStringLiteral("palette"));
        QVERIFY(palette);
        QStringList before;
        for (int i = 0; i < palette->count(); ++i) before << palette->item(i)->text();
        for (int i = 0; i < palette->count(); ++i) {
            const QPoint at = palette->visualItemRect(palette->item(i)).center();
            QTest::mouseClick(palette->viewport(), Qt::LeftButton, {}, at);
            QTest::mouseDClick(palette->viewport(), Qt::LeftButton, {}, at);
            QApplication::processEvents();
        }
        QStringList after;
        for (int i = 0; i < palette->count(); ++i) after << palette->item(i)->text();
        QCOMPARE(after, before);
        // Each double-click added a card, and no card sits on another.
        QTRY_COMPARE(window.scene()->componentItems().size(), 1 + palette->count());
        const auto cards = window.scene()->componentItems();
        for (qsizetype i = 0; i < cards.size(); ++i) {
            for (qsizetype j = i + 1; j < cards.size(); ++j) {
                QVERIFY2(!cards[i]->mapRectToScene(cards[i]->cardRect()).intersects(cards[j]->mapRectToScene(cards[j]->cardRect())),
                         qPrintable(cards[i]->id() + " on " + cards[j]->id()));
            }
        }
    }

    void buildCopySaveReopenExport() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ui::MainWindow window;
        window.setInteractive(false);
        window.resize(1400, 900);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        ui::ArchitectureScene* scene = window.scene();
        ui::ArchitectureView* view = window.view();
        ui::ArchitectureDocument* document = window.document();
        // A new document holds one service, "app", entered by the users.
        QCOMPARE(document->architecture().components.size(), size_t(1));
        QVERIFY(scene->componentItem(QStringLiteral("app")));

        // Cache and database from the palette, by double-click.
        auto* palette = window.findChild<QListWidget*>(QStringLiteral("palette"));
        for (const QString& label : {QStringLiteral("Cache"), QStringLiteral("Database")}) {
            QListWidgetItem* entry = paletteEntry(palette, label);
            QVERIFY(entry);
            // A double-click is a click, then a second press that Qt reports as a double-click.
            QTest::mouseClick(palette->viewport(), Qt::LeftButton, {}, palette->visualItemRect(entry).center());
            QTest::mouseDClick(palette->viewport(), Qt::LeftButton, {}, palette->visualItemRect(entry).center());
            QCOMPARE(entry->text(), label);  // the label stays
        }
        QTRY_VERIFY(scene->componentItem(QStringLiteral("cache")) && scene->componentItem(QStringLiteral("db")));
        view->fitAll();
        QApplication::processEvents();
        // Two cards added in quick succession never overlap (the second is
        // placed before the first is drawn: the document's positions count).
        QVERIFY(!scene->componentItem(QStringLiteral("cache"))->sceneBoundingRect().intersects(
            scene->componentItem(QStringLiteral("db"))->sceneBoundingRect()));

        // app → cache, then cache → db: dragged from each card's port.
        auto* app = scene->componentItem(QStringLiteral("app"));
        drag(view, app->outPort() - QPointF(2, 0), scene->componentItem(QStringLiteral("cache"))->mapToScene(40, 35));
        QTRY_COMPARE(component(document->architecture(), "app")->calls.size(), size_t(1));
        auto* cache = scene->componentItem(QStringLiteral("cache"));
        drag(view, cache->outPort() - QPointF(2, 0), scene->componentItem(QStringLiteral("db"))->mapToScene(40, 35));
        QTRY_VERIFY(component(document->architecture(), "cache")->onMiss.has_value());
        QCOMPARE(*component(document->architecture(), "cache")->onMiss, std::string("db"));
        QVERIFY(component(document->architecture(), "cache")->calls.empty());  // a miss path, not a call
        QCOMPARE(component(document->architecture(), "app")->calls.size(), size_t(1));
        QCOMPARE(component(document->architecture(), "app")->calls[0].to, std::string("cache"));
        QTRY_VERIFY2(document->isValid(), qPrintable(document->errorMessage()));
        // The canvas shows users → app → cache ⇢ db.
        QTRY_COMPARE(scene->callItems().size(), qsizetype(3));

        // Copy and paste the database with the keyboard.
        view->setFocus();
        auto* db = scene->componentItem(QStringLiteral("db"));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onView(view, db->mapToScene(60, 20)));
        QTRY_VERIFY(db->isSelected());
        QTest::keyClick(view->viewport(), Qt::Key_C, Qt::ControlModifier);
        QTest::keyClick(view->viewport(), Qt::Key_V, Qt::ControlModifier);
        QTRY_VERIFY(scene->componentItem(QStringLiteral("db-2")));
        QCOMPARE(component(document->architecture(), "db-2")->kind, spec::ComponentKind::Database);
        db = scene->componentItem(QStringLiteral("db"));  // the canvas was rebuilt by the edit
        QVERIFY(!scene->componentItem(QStringLiteral("db-2"))->sceneBoundingRect().intersects(db->mapRectToScene(db->cardRect())));

        // Move the cache card by mouse: the document is modified.
        document->undoStack()->setClean();
        QVERIFY(!document->isModified());
        cache = scene->componentItem(QStringLiteral("cache"));
        const QPointF cacheBefore = cache->pos();
        drag(view, cache->mapToScene(60, 20), cache->mapToScene(60, 20) + QPointF(0, 140));
        QTRY_VERIFY(document->isModified());
        QVERIFY(scene->componentItem(QStringLiteral("cache"))->pos() != cacheBefore);

        // Save As with Ctrl+Shift+S, answering the dialog with the keyboard.
        const QString path = dir.filePath(QStringLiteral("built.yaml"));
        answerNextFileDialog(path);
        QTest::keyClick(view->viewport(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(QFileInfo::exists(path));
        QTRY_VERIFY(!document->isModified());
        QHash<QString, QPointF> saved;
        for (auto* card : scene->componentItems()) saved.insert(card->id(), card->pos());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY2(text.contains(QStringLiteral("\nlayout:")), qPrintable(text));

        // Reopen in a second window with Ctrl+O: the same positions.
        ui::MainWindow second;
        second.setInteractive(false);
        second.resize(1400, 900);
        second.show();
        QApplication::setActiveWindow(&second);
        QVERIFY(QTest::qWaitForWindowActive(&second));
        answerNextFileDialog(path);
        QTest::keyClick(&second, Qt::Key_O, Qt::ControlModifier);
        QTRY_COMPARE(second.document()->filePath(), path);
        QTRY_COMPARE(second.scene()->componentItems().size(), saved.size());
        for (auto it = saved.begin(); it != saved.end(); ++it) {
            auto* card = second.scene()->componentItem(it.key());
            QVERIFY2(card, qPrintable(it.key()));
            // Saved to a tenth of a unit (docs/format.md, layout).
            QVERIFY2(std::abs(card->pos().x() - it.value().x()) <= 0.05 && std::abs(card->pos().y() - it.value().y()) <= 0.05,
                     qPrintable(QStringLiteral("%1 at %2,%3 was %4,%5").arg(it.key()).arg(card->pos().x()).arg(card->pos().y())
                                    .arg(it.value().x()).arg(it.value().y())));
        }
        QCOMPARE(*component(second.document()->architecture(), "cache")->onMiss, std::string("db"));

        // Export the diagram as SVG with Ctrl+E.
        const QString svg = dir.filePath(QStringLiteral("diagram.svg"));
        answerNextFileDialog(svg);
        QApplication::setActiveWindow(&second);
        QVERIFY(QTest::qWaitForWindowActive(&second));
        second.view()->setFocus();
        QTest::keyClick(&second, Qt::Key_E, Qt::ControlModifier);
        QTRY_VERIFY(QFileInfo::exists(svg));
        QFile out(svg);
        QVERIFY(out.open(QIODevice::ReadOnly));
        const QByteArray bytes = out.readAll();
        QVERIFY(bytes.contains("<svg"));
        QVERIFY(bytes.contains("</svg>"));
        QVERIFY2(bytes.contains(">cache<") || bytes.contains("cache"), "the card titles are in the drawing");
        QVERIFY(bytes.size() > 4000);
    }

    // Typing 250000 users gives 250,000 (the spin box's maximum is the
    // format's bound for workload.users), not a silent 25,000.
    void typedUsersAreNotTruncated() {
        ui::MainWindow window;
        window.setInteractive(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* spin = window.findChild<QSpinBox*>(QStringLiteral("usersSpinBox"));
        QVERIFY(spin);
        QCOMPARE(spin->maximum(), ui::UsersControl::maxTypedUsers());
        QCOMPARE(spin->maximum(), 10000000);  // docs/format.md, workload.users: at most 10,000,000
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, QStringLiteral("250000"));
        QTest::keyClick(spin, Qt::Key_Return);
        QCOMPARE(spin->value(), 250000);
        QCOMPARE(window.usersControl()->users(), 250000);
    }

    // Several cards selected (click, Ctrl+click): the panel shows the keys
    // they share, "mixed" where they differ; one typed value sets them all
    // in one undo step.
    void multiSelectionEditsSharedKeysInOneStep() {
        ui::MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openPreset(test::preset("04-cache.yaml")));
        ui::ArchitectureScene* scene = window.scene();
        ui::ArchitectureView* view = window.view();
        QTRY_VERIFY(scene->componentItem(QStringLiteral("db")));
        view->fitAll();
        QApplication::processEvents();
        const auto& before = window.document()->architecture();
        QCOMPARE(*component(before, "app")->threads, 32);  // 04: app threads 32, the db none (unlimited)
        QVERIFY(!component(before, "db")->threads.has_value());
        const std::string dbDemand = ui::formatPerClassDuration(component(before, "db")->demand).toStdString();

        auto* app = scene->componentItem(QStringLiteral("app"));
        auto* db = scene->componentItem(QStringLiteral("db"));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onView(view, app->mapToScene(60, 20)));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier, onView(view, db->mapToScene(60, 20)));
        ui::PropertyPanel* panel = window.propertyPanel();
        QTRY_COMPARE(panel->selection().kind, ui::Selection::Kind::Components);
        QCOMPARE(panel->selection().ids, QStringList({QStringLiteral("app"), QStringLiteral("db")}));
        QVERIFY(!panel->editor(QStringLiteral("id")));           // ids are not shared
        QVERIFY(!panel->editor(QStringLiteral("connections")));  // the db's alone
        auto* threads = qobject_cast<QLineEdit*>(panel->editor(QStringLiteral("threads")));
        QVERIFY(threads);
        QCOMPARE(threads->text(), QString());  // 32 and unlimited: mixed
        QCOMPARE(threads->placeholderText(), QStringLiteral("mixed values"));

        QUndoStack* undo = window.document()->undoStack();
        const int steps = undo->count();
        test::typeInto(panel, QStringLiteral("threads"), QStringLiteral("48"));
        const auto& after = window.document()->architecture();
        QCOMPARE(*component(after, "app")->threads, 48);
        QCOMPARE(*component(after, "db")->threads, 48);
        QCOMPARE(ui::formatPerClassDuration(component(after, "db")->demand).toStdString(), dbDemand);  // nothing else moved
        QCOMPARE(undo->count(), steps + 1);
        QCOMPARE(threads->text(), QStringLiteral("48"));  // now shared
        // A value one of them refuses is refused for all, naming it.
        test::typeInto(panel, QStringLiteral("threads"), QStringLiteral("-3"));
        QVERIFY2(panel->fieldError(QStringLiteral("threads")).startsWith(QStringLiteral("app: ")), qPrintable(panel->fieldError(QStringLiteral("threads"))));
        QCOMPARE(undo->count(), steps + 1);
        undo->undo();
        QCOMPARE(*component(window.document()->architecture(), "app")->threads, 32);
        QVERIFY(!component(window.document()->architecture(), "db")->threads.has_value());
    }

    // A call is selected by clicking its arrow (or its label) and edited in
    // the panel: each call entry behind the arrow with the format's call keys
    // (to, classes, visits), each edit one undo step; a cache's dashed arrow
    // is its miss path.
    void callsAreSelectedAndEdited() {
        ui::MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openPreset(test::preset("04-cache.yaml")));
        ui::ArchitectureScene* scene = window.scene();
        ui::ArchitectureView* view = window.view();
        QTRY_VERIFY(scene->componentItem(QStringLiteral("db")));
        view->fitAll();
        QApplication::processEvents();
        auto arrow = [&](const QString& from, const QString& to) -> ui::CallItem* {
            for (auto* call : scene->callItems()) {
                if (call->from()->id() == from && call->to()->id() == to) return call;
            }
            return nullptr;
        };
        ui::CallItem* appCache = arrow(QStringLiteral("app"), QStringLiteral("cache"));
        QVERIFY(appCache);
        QVERIFY(!appCache->label().isEmpty());
        // Its label, at the middle of the path.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onView(view, appCache->path().pointAtPercent(0.5)));
        ui::PropertyPanel* panel = window.propertyPanel();
        QTRY_COMPARE(panel->selection().kind, ui::Selection::Kind::Call);
        QCOMPARE(panel->selection().id, QStringLiteral("app"));
        QCOMPARE(panel->selection().to, QStringLiteral("cache"));
        // 04's app calls the cache twice: page (4 visits) and api (2 visits), entries 0 and 1.
        auto* visits = qobject_cast<QLineEdit*>(panel->editor(QStringLiteral("calls[1].visits")));
        QVERIFY(visits);
        QCOMPARE(visits->text(), QStringLiteral("2"));
        QCOMPARE(qobject_cast<QLineEdit*>(panel->editor(QStringLiteral("calls[0].classes")))->text(), QStringLiteral("page"));
        QVERIFY(!panel->editor(QStringLiteral("calls[2].visits")));  // app -> db is another arrow

        QUndoStack* undo = window.document()->undoStack();
        const int steps = undo->count();
        test::typeInto(panel, QStringLiteral("calls[1].visits"), QStringLiteral("3"));
        QCOMPARE(component(window.document()->architecture(), "app")->calls[1].visits, 3.0);
        QCOMPARE(undo->count(), steps + 1);
        test::typeInto(panel, QStringLiteral("calls[1].visits"), QStringLiteral("-1"));  // the format's bound for visits
        QVERIFY(!panel->fieldError(QStringLiteral("calls[1].visits")).isEmpty());
        QCOMPARE(undo->count(), steps + 1);
        test::typeInto(panel, QStringLiteral("calls[0].classes"), QStringLiteral("page, api"));
        QCOMPARE(component(window.document()->architecture(), "app")->calls[0].classes,
                 std::vector<std::string>({"page", "api"}));
        QVERIFY(window.document()->isValid());
        undo->undo();
        undo->undo();
        QCOMPARE(component(window.document()->architecture(), "app")->calls[1].visits, 2.0);
        QCOMPARE(component(window.document()->architecture(), "app")->calls[0].classes, std::vector<std::string>({"page"}));

        // The cache's dashed arrow to the database: its miss path.
        QTRY_VERIFY(arrow(QStringLiteral("cache"), QStringLiteral("db")));
        ui::CallItem* miss = arrow(QStringLiteral("cache"), QStringLiteral("db"));
        QCOMPARE(miss->style(), ui::CallItem::Style::Miss);
        view->scene()->clearSelection();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onView(view, miss->path().pointAtPercent(0.25)));
        QTRY_COMPARE(panel->selection().kind, ui::Selection::Kind::Call);
        QCOMPARE(panel->selection().id, QStringLiteral("cache"));
        QVERIFY(panel->editor(QStringLiteral("on_miss")));
        QVERIFY(panel->editor(QStringLiteral("hit_ratio")));
        QVERIFY(!panel->editor(QStringLiteral("demand")));
    }

    // Fit (Ctrl+9) shows every item whole: cards, host boxes with their
    // titles, arrows with their labels, on every preset, after the window is
    // resized, and after an edit adds a card.
    void fitNeverClips() {
        ui::MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        window.resize(1400, 900);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        ui::ArchitectureView* view = window.view();
        const QStringList presets = QDir(QStringLiteral(HEADROOM_SOURCE_DIR "/architectures")).entryList({QStringLiteral("*.yaml")});
        QVERIFY(presets.size() >= 8);
        for (const QString& file : presets) {
            QVERIFY(window.openPreset(test::preset(qPrintable(file))));
            QTest::qWait(0);
            QApplication::processEvents();
            QTest::keyClick(&window, Qt::Key_9, Qt::ControlModifier);
            QApplication::processEvents();
            QVERIFY2(view->showsWholeScene(), qPrintable(file + " after Ctrl+9"));
            for (const QSize size : {QSize(1000, 700), QSize(1600, 1000), QSize(1200, 760)}) {
                window.resize(size);
                QTest::qWait(20);  // the window's own minimum may round it up: whatever it gets, the view fits
                QApplication::processEvents();
                QVERIFY2(view->showsWholeScene(), qPrintable(QStringLiteral("%1 at %2x%3").arg(file).arg(size.width()).arg(size.height())));
            }
        }
        // A card added by double-click on the palette stays in view.
        auto* palette = window.findChild<QListWidget*>(QStringLiteral("palette"));
        QListWidgetItem* entry = paletteEntry(palette, QStringLiteral("Database"));
        QVERIFY(entry);
        const int before = static_cast<int>(window.document()->architecture().components.size());
        QTest::mouseClick(palette->viewport(), Qt::LeftButton, {}, palette->visualItemRect(entry).center());
        QTest::mouseDClick(palette->viewport(), Qt::LeftButton, {}, palette->visualItemRect(entry).center());
        QTRY_COMPARE(static_cast<int>(window.document()->architecture().components.size()), before + 1);
        QTRY_VERIFY(view->showsWholeScene());
        // A zoom by the user is kept (no refit behind their back); Ctrl+9 fits again.
        QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
        QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
        QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
        QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
        QApplication::processEvents();
        QVERIFY(!view->showsWholeScene());
        QTest::keyClick(&window, Qt::Key_9, Qt::ControlModifier);
        QVERIFY(view->showsWholeScene());
    }

    // Every chart's legend lies outside its data area (so on no curve, limit
    // line or marker) and inside the widget, whole.
    void legendsStayOffTheCurves() {
        ui::MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (const char* file : {"01-monolith.yaml", "04-cache.yaml", "08-queue-workers.yaml"}) {
            QVERIFY(window.openPreset(test::preset(file)));
            QTRY_VERIFY_WITH_TIMEOUT(!window.responseTimeChart()->series(QStringLiteral("p95")).isEmpty(), 60000);
            QTRY_VERIFY_WITH_TIMEOUT(!window.utilizationChart()->seriesNames().isEmpty(), 60000);
            for (ui::ChartWidget* chart : {static_cast<ui::ChartWidget*>(window.responseTimeChart()),
                                           static_cast<ui::ChartWidget*>(window.utilizationChart()),
                                           static_cast<ui::ChartWidget*>(window.throughputChart()),
                                           static_cast<ui::ChartWidget*>(window.costChart())}) {
                // Shown as the user sees it: the tab raised, the chart replotted.
                window.findChild<QTabWidget*>(QStringLiteral("charts"))->setCurrentWidget(chart);
                QTest::qWait(60);
                const QRect legend = chart->legendRect();
                const QRect data = chart->dataRect();
                const QString where = QStringLiteral("%1 / %2: legend %3,%4 %5x%6, data %7,%8 %9x%10")
                                          .arg(QString::fromLatin1(file), chart->title())
                                          .arg(legend.x()).arg(legend.y()).arg(legend.width()).arg(legend.height())
                                          .arg(data.x()).arg(data.y()).arg(data.width()).arg(data.height());
                QVERIFY2(legend.height() > 0 && legend.width() > 0, qPrintable(where));
                QVERIFY2(!legend.intersects(data), qPrintable(where));
                QVERIFY2(QRect(QPoint(0, 0), QSize(chart->width(), chart->height())).contains(legend), qPrintable(where));
            }
        }
    }

    // The Build next table, as laid out in the 1600x1000 window of the
    // screenshots: every cell's text shown whole (figures on one line, the
    // alternative and its "why not" wrapped inside their column and row),
    // every header whole, no horizontal scrolling.
    void buildNextColumnsAreReadable() {
        ui::MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openPreset(test::preset("01-monolith.yaml")));
        window.findChild<QDockWidget*>(QStringLiteral("buildNextDock"))->raise();
        QTableWidget* table = window.buildNextPanel()->alternativesTable();
        QTRY_VERIFY_WITH_TIMEOUT(table->rowCount() >= 3, 180000);  // 01: the planner ranks several alternatives
        QTest::qWait(50);
        QApplication::processEvents();
        QVERIFY(table->isVisible());
        const QFontMetrics fm(table->font());
        // A cell's text starts after the style's frame margin on each side (QCommonStyle's item view text margin).
        const int margin = 2 * (table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1);
        for (int column = 0; column < 5; ++column) {
            const QString header = table->horizontalHeaderItem(column)->text();
            QVERIFY2(table->horizontalHeader()->fontMetrics().horizontalAdvance(header) + margin <= table->columnWidth(column),
                     qPrintable(QStringLiteral("header '%1' cut: %2 px").arg(header).arg(table->columnWidth(column))));
        }
        for (int row = 0; row < table->rowCount(); ++row) {
            for (int column = 0; column < 5; ++column) {
                const QString text = table->item(row, column)->text();
                const int width = table->columnWidth(column) - margin;
                const bool wraps = column == 0 || column == 4;
                const QString where = QStringLiteral("row %1 column %2 '%3' in %4x%5")
                                          .arg(row).arg(column).arg(text).arg(width).arg(table->rowHeight(row));
                if (wraps) {
                    const QRect needed = fm.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, text);
                    QVERIFY2(needed.width() <= width && needed.height() <= table->rowHeight(row), qPrintable(where));
                } else {
                    QVERIFY2(fm.horizontalAdvance(text) <= width, qPrintable(where));
                }
            }
        }
        QVERIFY(!table->horizontalScrollBar()->isVisible());
    }

    // An error about a component the editor added names the document, not "<input>".
    void errorsNameTheDocument() {
        ui::MainWindow window;
        window.setInteractive(false);
        spec::Architecture a = window.document()->architecture();
        a.components[0].calls.push_back({"nowhere", {}, 1.0, {}, {}});
        window.document()->edit(a, QStringLiteral("bad call"));
        QVERIFY(!window.document()->isValid());
        QVERIFY2(!window.document()->errorMessage().contains(QStringLiteral("<input>")), qPrintable(window.document()->errorMessage()));
        QVERIFY2(window.document()->errorMessage().startsWith(window.document()->displayName()), qPrintable(window.document()->errorMessage()));
    }
};

QTEST_MAIN(TestEditor)
#include "tst_gui_editor.moc"
