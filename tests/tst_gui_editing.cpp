// Editing in the desktop app beyond the basics (issue 6 follow-up): the
// "Build next" alternatives (the planner's own ranking, each applicable as
// one undoable edit), shared hosts added and deleted on the canvas, and the
// workload profile and a host's failure edited in the property panel and
// saved with the file's comments.
#include "analysis_controller.h"
#include "analytic/solver.h"
#include "architecture_document.h"
#include "architecture_edits.h"
#include "architecture_scene.h"
#include "build_next_panel.h"
#include "graph/graph.h"
#include "component_item.h"
#include "host_item.h"
#include "io/loader.h"
#include "io/yaml_document.h"
#include "main_window.h"
#include "property_panel.h"
#include "roadmap/planner.h"
#include "solver_controller.h"

#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace headroom;
using namespace headroom::ui;

namespace {

QString preset(const char* file) { return QStringLiteral(HEADROOM_SOURCE_DIR "/architectures/") + file; }

bool sameArchitecture(const spec::Architecture& a, const spec::Architecture& b) {
    return io::toYamlValue(a) == io::toYamlValue(b);
}

}  // namespace

class TestEditing : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void buildNextListsRankedAlternatives() {
        MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        QVERIFY(window.openPreset(preset("01-monolith.yaml")));
        const spec::Architecture before = window.document()->architecture();
        BuildNextPanel* panel = window.buildNextPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->applyButton()->isEnabled(), 180000);

        // The planner run here, as the app runs it (analytic screen, no scenarios).
        roadmap::PlannerOptions options;
        options.scenarios = false;
        roadmap::Solvers solvers;
        solvers.screen = [](const graph::Graph& g, double users) { return analytic::solve(g, users); };
        const roadmap::Roadmap plan = roadmap::plan(before, options, solvers);
        QVERIFY(!plan.phases.empty());
        const auto& ranked = plan.phases.front().alternatives;
        QVERIFY2(ranked.size() >= 3, "preset 01's first break should have several candidate changes");
        QVERIFY(ranked.front().chosen);  // the planner's choice ranks first ...
        QCOMPARE(ranked.front().transformation, plan.phases.front().build.transformation);  // ... and is the build
        QVERIFY(sameArchitecture(ranked.front().after, plan.phases.front().after));
        for (size_t i = 1; i < ranked.size(); ++i) {
            QVERIFY(!ranked[i].chosen);
            QVERIFY2(!ranked[i].why.empty(), "every alternative says why it lost");
        }

        // The panel lists exactly the rest, in the planner's order.
        const auto& shown = panel->alternatives();
        QCOMPARE(shown.size(), ranked.size() - 1);
        QTableWidget* table = panel->alternativesTable();
        QCOMPARE(table->rowCount(), static_cast<int>(ranked.size() - 1));
        for (size_t i = 0; i < shown.size(); ++i) {
            QCOMPARE(shown[i].transformation, ranked[i + 1].transformation);
            QCOMPARE(shown[i].params.target, ranked[i + 1].params.target);
            QCOMPARE(shown[i].costMonthAfter, ranked[i + 1].costMonthAfter);
            QCOMPARE(shown[i].headroomUsers, ranked[i + 1].headroomUsers);
            const int row = static_cast<int>(i);
            QVERIFY(table->item(row, 0)->text().startsWith(QStringLiteral("%1. ").arg(i + 2)));
            QCOMPARE(table->item(row, 4)->text(), QString::fromStdString(ranked[i + 1].why));
            QVERIFY(panel->alternativeApplyButton(row));
        }
        // Headroom per currency unit is the headroom over max(added cost, the floor).
        const double costBefore = plan.phases.front().build.costMonthBefore;
        for (const auto& a : ranked) {
            QVERIFY(std::abs(a.headroomPerCost - a.headroomUsers / std::max(a.costMonthAfter - costBefore, options.costFloor)) <=
                    1e-9 * (1 + a.headroomPerCost));
        }

        // Apply the first alternative that is a single change: the document becomes
        // what that transformation makes of it; one undo step; undo restores it.
        int row = -1;
        for (size_t i = 0; i < shown.size() && row < 0; ++i) {
            if (shown[i].transformation.find('+') == std::string::npos) row = static_cast<int>(i);
        }
        QVERIFY(row >= 0);
        const auto& alt = shown[static_cast<size_t>(row)];
        const auto* t = roadmap::findTransformation(alt.transformation);
        QVERIFY(t);
        const spec::Architecture expected = t->apply(before, alt.params, options.catalogue);
        QVERIFY(!sameArchitecture(expected, before));
        QTest::mouseClick(panel->alternativeApplyButton(row), Qt::LeftButton);
        QVERIFY(sameArchitecture(window.document()->architecture(), expected));
        QCOMPARE(window.document()->undoStack()->count(), 1);
        window.document()->undoStack()->undo();
        QVERIFY(sameArchitecture(window.document()->architecture(), before));
    }

    void sharedHostsAddAndDelete() {
        MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        QVERIFY(window.openPreset(preset("01-monolith.yaml")));
        ArchitectureDocument* doc = window.document();
        QUndoStack* undo = doc->undoStack();
        const spec::Architecture original = doc->architecture();
        const double originalCost = graph::build(original).costMonth();
        QTRY_VERIFY(window.scene()->hostItem("vm1"));

        // Delete vm1 (4 cores, 150/month): app and db each get a machine like it.
        window.scene()->select({Selection::Kind::Host, "vm1"});
        window.scene()->deleteSelection();
        QCOMPARE(undo->count(), 1);
        QVERIFY(doc->isValid());
        QVERIFY(doc->architecture().hosts.empty());
        for (const char* id : {"app", "db"}) {
            const spec::Component* c = findComponent(doc->architecture(), id);
            QVERIFY(c && !c->host);
            QCOMPARE(c->cores, 4);
            QCOMPARE(c->instances, 1);
            QCOMPARE(c->costMonth, 150.0);
        }
        // Two machines at the host's price: 2 x 150 where one was (the rest unchanged).
        QCOMPARE(graph::build(doc->architecture()).costMonth(), originalCost + 150.0);
        QTRY_VERIFY(!window.scene()->hostItem("vm1"));
        undo->undo();
        QVERIFY(sameArchitecture(doc->architecture(), original));
        undo->redo();

        // Put both back on one new shared host: its cores and cost are theirs added up.
        QTRY_VERIFY(window.scene()->componentItem("db"));
        window.scene()->clearSelection();
        window.scene()->componentItem("app")->setSelected(true);
        window.scene()->componentItem("db")->setSelected(true);
        const spec::Architecture split = doc->architecture();
        window.scene()->addSharedHost();
        QCOMPARE(undo->count(), 2);
        QVERIFY2(doc->isValid(), qPrintable(doc->errorMessage()));
        QCOMPARE(doc->architecture().hosts.size(), size_t(1));
        const spec::Host& host = doc->architecture().hosts.front();
        QCOMPARE(QString::fromStdString(host.id), QStringLiteral("host"));
        QCOMPARE(host.cores, 8);
        QCOMPARE(host.costMonth, 300.0);
        for (const char* id : {"app", "db"}) QCOMPARE(*findComponent(doc->architecture(), id)->host, std::string("host"));
        QCOMPARE(graph::build(doc->architecture()).costMonth(), graph::build(split).costMonth());  // same machines, same bill
        QTRY_VERIFY(window.scene()->hostItem("host"));
        // Saved and read back, it is the same architecture.
        QVERIFY(sameArchitecture(io::loadString(doc->yamlText().toStdString(), "saved.yaml"), doc->architecture()));
        undo->undo();
        QVERIFY(sameArchitecture(doc->architecture(), split));

        // Nothing selected: refused, with the reason in the status bar, no undo step.
        window.scene()->clearSelection();
        window.scene()->addSharedHost();
        QCOMPARE(undo->index(), 1);
        QVERIFY(window.statusText().contains("Select the components"));
    }

    void deletingAHostThatCannotSplitIsRefused() {
        // 'worker' runs on host 'box'; a shared host is named 'worker' too (for
        // another component). On a host of its own 'worker' would clash with it.
        const char* yaml = R"(name: clash
workload: {users: 100, think_time: 5s, entry: web}
hosts:
  - {id: box, cores: 4, cost_month: 100}
  - {id: worker, cores: 2, cost_month: 50}
components:
  - {id: web, host: box, demand: 5ms, calls: [worker, jobs]}
  - {id: worker, host: box, demand: 2ms}
  - {id: jobs, host: worker, demand: 1ms}
)";
        QTemporaryDir dir;
        const QString path = dir.filePath("clash.yaml");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(yaml);
        f.close();
        MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        QString error;
        QVERIFY2(window.openFile(path, &error), qPrintable(error));
        QVERIFY2(window.document()->isValid(), qPrintable(window.document()->errorMessage()));
        const spec::Architecture before = window.document()->architecture();
        QTRY_VERIFY(window.scene()->hostItem("box"));
        window.scene()->select({Selection::Kind::Host, "box"});
        window.scene()->deleteSelection();
        QVERIFY(sameArchitecture(window.document()->architecture(), before));
        QCOMPARE(window.document()->undoStack()->count(), 0);
        QVERIFY2(window.statusText().contains("Cannot delete host 'box'") && window.statusText().contains("worker"),
                 qPrintable(window.statusText()));
        // The host without the clash ('worker', holding jobs) goes.
        window.scene()->select({Selection::Kind::Host, "worker"});
        window.scene()->deleteSelection();
        QCOMPARE(window.document()->undoStack()->count(), 1);
        QVERIFY(window.document()->isValid());
        QVERIFY(!findComponent(window.document()->architecture(), "jobs")->host);
    }
};

QTEST_MAIN(TestEditing)
#include "tst_gui_editing.moc"
