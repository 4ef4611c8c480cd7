// The desktop app, driven offscreen: a preset is opened, the users slider
// moved, the simulation awaited; panels, canvas colours and chart data are
// checked against queueing laws; edits go through the property panel and
// are undone/redone; an invalid value is refused with its reason; the
// planner's recommendation is applied and undone; a file is saved and
// reloaded with its comments. The responsiveness test lives in
// tst_gui_responsiveness.cpp.
#include "analysis_controller.h"
#include "architecture_document.h"
#include "architecture_edits.h"
#include "architecture_scene.h"
#include "build_next_panel.h"
#include "breaks_first_panel.h"
#include "call_item.h"
#include "component_item.h"
#include "io/loader.h"
#include "io/yaml_document.h"
#include "load_colors.h"
#include "main_window.h"
#include "property_panel.h"
#include "response_time_chart.h"
#include "results_panel.h"
#include "solver_controller.h"
#include "throughput_chart.h"
#include "users_control.h"
#include "utilization_chart.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include "gui_test_support.h"

using namespace headroom;
using namespace headroom::ui;
using headroom::test::preset;
using headroom::test::typeInto;

namespace {

bool sameArchitecture(const spec::Architecture& a, const spec::Architecture& b) {
    return io::toYamlValue(a) == io::toYamlValue(b);
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void presetSliderAndSimulation() {
        MainWindow window;
        window.setInteractive(false);
        window.resize(1400, 900);
        window.show();
        window.solver()->setRunSize(20000, 3);  // small runs: the test checks laws, not precision
        QString error;
        QVERIFY2(window.openPreset(preset("01-monolith.yaml"), &error), qPrintable(error));
        QCOMPARE(window.usersControl()->users(), 1000);  // the file's workload

        window.setUsers(2000);
        QCOMPARE(window.usersControl()->slider()->value(), UsersControl::positionOf(2000));
        // The analytic answer comes first, well before the simulation.
        QTRY_VERIFY_WITH_TIMEOUT(window.solver()->analytic() && *window.solver()->analytic()->users == 2000.0, 5000);
        QVERIFY(!window.solver()->simulated().has_value());
        QTRY_VERIFY_WITH_TIMEOUT(window.solver()->simulated().has_value(), 90000);
        const stats::Results& des = *window.solver()->simulated();
        QCOMPARE(des.method, stats::Method::Des);
        QCOMPARE(*des.users, 2000.0);

        // Response time law on the closed loop (Little's law, Z = 8 s):
        // X = N / (Z + R). Holds for any completed-request system; 3% allows
        // for the finite horizon and the warm-up cut.
        const double expected = 2000.0 / (8.0 + des.responseTime.mean);
        QVERIFY2(std::abs(des.throughput - expected) / expected < 0.03,
                 qPrintable(QString("X=%1, N/(Z+R)=%2").arg(des.throughput).arg(expected)));

        // The results panel shows the simulation, every component a row.
        ResultsPanel* results = window.resultsPanel();
        QVERIFY(results->results() && results->results()->method == stats::Method::Des);
        QCOMPARE(results->componentTable()->rowCount(), static_cast<int>(des.components.size()));
        QVERIFY(results->headline("throughput").endsWith("req/s"));
        QVERIFY(results->thresholdList()->topLevelItemCount() > 0);

        // Canvas: one card per component, coloured by its host's utilisation.
        ArchitectureScene* scene = window.scene();
        QTRY_COMPARE(scene->componentItems().size(), static_cast<int>(window.document()->architecture().components.size()));
        ComponentItem* app = scene->componentItem("app");
        QVERIFY(app);
        QCOMPARE(app->utilization(), des.hosts.at(0).utilization);  // app is on vm1, host 0
        QCOMPARE(app->level(), loadLevel(des.hosts.at(0).utilization, 0.8));
        // The users enter at app: 100% of the traffic on that arrow.
        bool entry = false;
        for (CallItem* call : scene->callItems()) {
            if (call->style() == CallItem::Style::Entry) {
                QCOMPARE(call->label(), QStringLiteral("100%"));
                entry = true;
            }
        }
        QVERIFY(entry);

        // Charts from the analytic sweep.
        QTRY_VERIFY_WITH_TIMEOUT(!window.analysis()->sweep().empty(), 60000);
        const auto mean = window.responseTimeChart()->series("mean");
        QCOMPARE(mean.size(), 31);
        QCOMPARE(mean.front().x(), 100.0);
        QCOMPARE(mean.back().x(), 100000.0);
        for (const QPointF& p : mean) QCOMPARE(p.x(), std::round(p.x()));  // whole users, as solved
        // Exact MVA: the response time never falls as users are added.
        for (int i = 1; i < mean.size(); ++i) QVERIFY(mean[i].y() >= mean[i - 1].y() * (1 - 1e-9));
        // Throughput bound X(N) <= N / Z (the users can ask no faster than they think).
        for (const QPointF& p : window.throughputChart()->series("throughput")) {
            QVERIFY2(p.y() <= p.x() / 8.0 * (1 + 1e-9), qPrintable(QString("X(%1) = %2").arg(p.x()).arg(p.y())));
        }
        // Utilisation in [0, 1], one series per host.
        const auto vm1 = window.utilizationChart()->series("vm1");
        QCOMPARE(vm1.size(), 31);
        for (const QPointF& p : vm1) QVERIFY(p.y() >= 0 && p.y() <= 1.0 + 1e-9);
        QCOMPARE(window.responseTimeChart()->usersMarker(), 2000.0);
        // The simulated point is drawn with its interval.
        QTRY_COMPARE(window.responseTimeChart()->series("simulated mean").size(), 1);
        QTemporaryDir dir;
        for (const char* suffix : {"png", "svg", "pdf"}) {
            const QString path = dir.filePath(QStringLiteral("chart.") + suffix);
            QVERIFY(window.responseTimeChart()->exportTo(path));
            QVERIFY(QFileInfo(path).size() > 500);
        }

        // Breaking points: vm1 saturates first (the hand estimate in the preset: ~ 4 cores x 80% / 18.8 ms x 8 s).
        QTRY_VERIFY_WITH_TIMEOUT(!window.breaksFirstPanel()->points().empty(), 60000);
        QVERIFY(window.breaksFirstPanel()->list()->topLevelItemCount() > 0);
        QVERIFY(!window.responseTimeChart()->breakingPoints().isEmpty());
    }

    void propertyEditsUndoRedo() {
        MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        QVERIFY(window.openPreset(preset("01-monolith.yaml")));
        QUndoStack* undo = window.document()->undoStack();
        window.scene()->select({Selection::Kind::Component, "app"});
        PropertyPanel* panel = window.propertyPanel();
        QTRY_COMPARE(panel->selection().id, QStringLiteral("app"));  // the canvas is rebuilt on the next event-loop turn
        QCOMPARE(*findComponent(window.document()->architecture(), "app")->threads, 32);

        typeInto(panel, "threads", "64");
        QCOMPARE(*findComponent(window.document()->architecture(), "app")->threads, 64);
        QVERIFY(window.document()->isModified());
        undo->undo();
        QCOMPARE(*findComponent(window.document()->architecture(), "app")->threads, 32);
        QVERIFY(!window.document()->isModified());
        undo->redo();
        QCOMPARE(*findComponent(window.document()->architecture(), "app")->threads, 64);

        // A value with a unit the loader does not know: refused, with the reason.
        const spec::Architecture before = window.document()->architecture();
        typeInto(panel, "demand", "12 parsecs");
        QVERIFY2(!panel->fieldError("demand").isEmpty(), "no error shown for a bad duration");
        QVERIFY(sameArchitecture(window.document()->architecture(), before));
        QCOMPARE(undo->count(), 1);

        // A value that parses but breaks the architecture (a call to nothing):
        // committed, the document turns invalid and says why, the last results stay.
        QTRY_VERIFY_WITH_TIMEOUT(window.resultsPanel()->results().has_value(), 10000);
        typeInto(panel, "calls", "nosuch");
        QVERIFY(!window.document()->isValid());
        QVERIFY(window.document()->errorMessage().contains("nosuch"));
        QVERIFY(window.statusText().contains("nosuch"));
        QVERIFY(panel->documentError().contains("nosuch"));
        QVERIFY(window.resultsPanel()->results().has_value());
        undo->undo();
        QVERIFY(window.document()->isValid());
        QVERIFY(window.document()->errorMessage().isEmpty());

        // Canvas edits: add from the palette, connect, delete; each one undo step.
        const int components = static_cast<int>(window.document()->architecture().components.size());
        window.scene()->addComponent(spec::ComponentKind::Cache, QPointF(400, 300));
        QCOMPARE(static_cast<int>(window.document()->architecture().components.size()), components + 1);
        spec::Architecture connected = addCall(window.document()->architecture(), "app", "cache");
        window.document()->edit(connected, "connect");
        QTRY_VERIFY(window.scene()->componentItem("cache"));
        window.scene()->select({Selection::Kind::Component, "cache"});
        window.scene()->deleteSelection();
        QVERIFY(!findComponent(window.document()->architecture(), "cache"));
        QVERIFY(window.document()->isValid());  // the call to it went with it
        undo->undo();
        QVERIFY(findComponent(window.document()->architecture(), "cache"));
    }

    void applyRecommendationAndUndo() {
        MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        QVERIFY(window.openPreset(preset("01-monolith.yaml")));
        const spec::Architecture before = window.document()->architecture();
        QPushButton* apply = window.buildNextPanel()->applyButton();
        QTRY_VERIFY_WITH_TIMEOUT(apply->isEnabled(), 180000);
        const auto& plan = *window.buildNextPanel()->roadmap();
        QVERIFY(!plan.phases.empty());
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(sameArchitecture(window.document()->architecture(), plan.phases.front().after));
        QVERIFY(!sameArchitecture(window.document()->architecture(), before));
        QCOMPARE(window.document()->undoStack()->count(), 1);  // one undoable edit
        window.document()->undoStack()->undo();
        QVERIFY(sameArchitecture(window.document()->architecture(), before));
    }

    void saveAndReloadKeepsComments() {
        QTemporaryDir dir;
        const QString path = dir.filePath("monolith.yaml");
        QVERIFY(QFile::copy(preset("01-monolith.yaml"), path));
        QFile original(path);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QString originalText = QString::fromUtf8(original.readAll());
        original.close();

        MainWindow window;
        window.setInteractive(false);
        window.solver()->setSimulationEnabled(false);
        QVERIFY(window.openFile(path));
        window.scene()->select({Selection::Kind::Component, "app"});
        QTRY_COMPARE(window.propertyPanel()->selection().id, QStringLiteral("app"));
        typeInto(window.propertyPanel(), "threads", "48");
        typeInto(window.propertyPanel(), "timeout", "3s");
        const spec::Architecture edited = window.document()->architecture();
        QVERIFY(window.save());
        QVERIFY(!window.document()->isModified());

        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QString savedText = QString::fromUtf8(saved.readAll());
        // Every comment line of the original survives, in order.
        QStringList comments;
        for (const QString& line : originalText.split('\n')) {
            if (line.trimmed().startsWith('#')) comments << line;
        }
        QVERIFY(comments.size() > 10);
        int from = 0;
        for (const QString& c : comments) {
            from = savedText.indexOf(c, from);
            QVERIFY2(from >= 0, qPrintable("lost comment: " + c));
        }
        QVERIFY(savedText.contains("threads: 48"));
        // Reloaded, it is the edited architecture.
        QVERIFY(sameArchitecture(io::loadFile(path.toStdString()), edited));
        ArchitectureDocument reopened;
        QString error;
        QVERIFY2(reopened.load(path, &error), qPrintable(error));
        QVERIFY(sameArchitecture(reopened.architecture(), edited));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_gui_main_window.moc"
