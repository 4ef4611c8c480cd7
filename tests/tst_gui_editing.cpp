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
#include "io/units.h"
#include "io/yaml_document.h"
#include "main_window.h"
#include "property_panel.h"
#include "property_schema.h"
#include "roadmap/planner.h"
#include "solver_controller.h"

#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "gui_test_support.h"

using namespace headroom;
using namespace headroom::ui;
using headroom::test::preset;
using headroom::test::typeInto;

namespace {

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Every comment line of `original` is in `saved`, in the same order.
bool commentsKept(const QString& original, const QString& saved, QString* lost) {
    int from = 0;
    int count = 0;
    for (const QString& line : original.split('\n')) {
        if (!line.trimmed().startsWith('#')) continue;
        ++count;
        from = saved.indexOf(line, from);
        if (from < 0) {
            *lost = line;
            return false;
        }
    }
    return count > 10;
}

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

    void profileAndHostFailureEditedAndSaved() {
        QTemporaryDir dir;
        const QString path = dir.filePath("monolith.yaml");
        QVERIFY(QFile::copy(preset("01-monolith.yaml"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        const QString originalText = readAll(path);

        MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        QVERIFY(window.openFile(path));
        ArchitectureDocument* doc = window.document();
        QUndoStack* undo = doc->undoStack();
        PropertyPanel* panel = window.propertyPanel();
        window.scene()->clearSelection();
        QTRY_VERIFY(panel->editor("workload.profile"));

        // Refused as you type, the document untouched: not a duration, not a number, stray words.
        const spec::Architecture pristine = doc->architecture();
        for (const char* bad : {"soon: 5000", "0s: lots", "0s: 5000 ramp", "0s 5000", "0s: 5000, 300s: 50000 ramp sixty"}) {
            typeInto(panel, "workload.profile", bad);
            QVERIFY2(!panel->fieldError("workload.profile").isEmpty(), bad);
            QVERIFY(sameArchitecture(doc->architecture(), pristine));
        }
        QCOMPARE(undo->count(), 0);

        // The spike of DESIGN's format example: 5,000 users, then 50,000 reached over 60 s from 300 s.
        typeInto(panel, "workload.profile", "0s: 5000, 300s: 50000 ramp 60s");
        QVERIFY(panel->fieldError("workload.profile").isEmpty());
        const auto& profile = doc->architecture().workload.profile;
        QCOMPARE(profile.size(), size_t(2));
        QCOMPARE(profile[0].at, 0.0);
        QCOMPARE(*profile[0].users, 5000.0);
        QCOMPARE(profile[0].ramp, 0.0);
        QCOMPARE(profile[1].at, 300.0);
        QCOMPARE(*profile[1].users, 50000.0);
        QCOMPARE(profile[1].ramp, 60.0);
        QCOMPARE(undo->count(), 1);
        QVERIFY(doc->isValid());

        // The host's failure.
        QTRY_VERIFY(window.scene()->hostItem("vm1"));
        window.scene()->select({Selection::Kind::Host, "vm1"});
        QTRY_COMPARE(panel->selection().id, QStringLiteral("vm1"));
        QVERIFY(panel->editor("failure"));
        for (const char* bad : {"at=soon", "recover_after=60s", "at=120s when=now", "at=120s instance=-1"}) {
            typeInto(panel, "failure", bad);
            QVERIFY2(!panel->fieldError("failure").isEmpty(), bad);
        }
        QCOMPARE(undo->count(), 1);
        // Parses, but vm1 has one instance: the builder says so, the edit undoes.
        typeInto(panel, "failure", "at=120s instance=1");
        QVERIFY(!doc->isValid());
        QVERIFY2(doc->errorMessage().contains("instance"), qPrintable(doc->errorMessage()));
        undo->undo();
        QVERIFY(doc->isValid());
        QTRY_VERIFY(window.scene()->hostItem("vm1"));  // the canvas is rebuilt on the next turn
        window.scene()->select({Selection::Kind::Host, "vm1"});
        QTRY_COMPARE(panel->selection().id, QStringLiteral("vm1"));
        typeInto(panel, "failure", "at=120s recover_after=60s instance=0");
        QVERIFY(panel->fieldError("failure").isEmpty());
        QVERIFY(doc->isValid());
        const spec::Host* vm1 = findHost(const_cast<spec::Architecture&>(doc->architecture()), "vm1");
        QVERIFY(vm1 && vm1->failure);
        QCOMPARE(vm1->failure->at, 120.0);
        QCOMPARE(*vm1->failure->recoverAfter, 60.0);
        QCOMPARE(vm1->failure->instance, 0);
        // Shown back in the same syntax (durations as the file writer formats them).
        QCOMPARE(qobject_cast<QLineEdit*>(panel->editor("failure"))->text(),
                 QStringLiteral("at=%1 recover_after=%2").arg(QString::fromStdString(io::formatDuration(120)),
                                                              QString::fromStdString(io::formatDuration(60))));

        // Saved: the comments stay, the new keys are there, it reads back the same.
        const spec::Architecture edited = doc->architecture();
        QVERIFY(window.save());
        const QString saved = readAll(path);
        QString lost;
        QVERIFY2(commentsKept(originalText, saved, &lost), qPrintable("lost comment: " + lost));
        QVERIFY(saved.contains("profile:"));
        QVERIFY(saved.contains("recover_after"));
        QVERIFY(sameArchitecture(io::loadFile(path.toStdString()), edited));

        // Reopened and edited again (steps rewritten in place, the failure cleared): same round trip.
        MainWindow again;
        again.setInteractive(false);
        again.solver()->setSimulationEnabled(false);
        QVERIFY(again.openFile(path));
        again.scene()->clearSelection();
        QTRY_VERIFY(again.propertyPanel()->editor("workload.profile"));
        QCOMPARE(qobject_cast<QLineEdit*>(again.propertyPanel()->editor("workload.profile"))->text(),
                 QStringLiteral("%1: 5000, %2: 50000 ramp %3")
                     .arg(QString::fromStdString(io::formatDuration(0)), QString::fromStdString(io::formatDuration(300)),
                          QString::fromStdString(io::formatDuration(60))));
        typeInto(again.propertyPanel(), "workload.profile", "0s: 2000, 120s: 20000 ramp 30s, 600s: 2000");
        QCOMPARE(again.document()->architecture().workload.profile.size(), size_t(3));
        QTRY_VERIFY(again.scene()->hostItem("vm1"));
        again.scene()->select({Selection::Kind::Host, "vm1"});
        QTRY_COMPARE(again.propertyPanel()->selection().id, QStringLiteral("vm1"));
        typeInto(again.propertyPanel(), "failure", "");
        QVERIFY(again.document()->isValid());
        const spec::Architecture edited2 = again.document()->architecture();
        QVERIFY(again.save());
        const QString saved2 = readAll(path);
        QVERIFY2(commentsKept(originalText, saved2, &lost), qPrintable("lost comment: " + lost));
        QVERIFY(!saved2.contains("recover_after"));
        const spec::Architecture reread = io::loadFile(path.toStdString());
        QVERIFY(sameArchitecture(reread, edited2));
        QCOMPARE(reread.workload.profile.size(), size_t(3));
        QCOMPARE(*reread.workload.profile[2].users, 2000.0);
        QVERIFY(!reread.hosts.front().failure);
        // And a profile cleared: steady state again, the key gone from the file.
        again.scene()->clearSelection();
        QTRY_VERIFY(again.propertyPanel()->editor("workload.profile"));
        typeInto(again.propertyPanel(), "workload.profile", "");
        QVERIFY(again.save());
        QVERIFY(!readAll(path).contains("profile:"));
        QVERIFY(io::loadFile(path.toStdString()).workload.profile.empty());
    }
};

QTEST_MAIN(TestEditing)
#include "tst_gui_editing.moc"
