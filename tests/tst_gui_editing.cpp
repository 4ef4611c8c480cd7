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
};

QTEST_MAIN(TestEditing)
#include "tst_gui_editing.moc"
