// The desktop app's entry points to the report and teaching modules:
// File -> Export Report… writes a real report of the open architecture, and
// View -> Teaching Mode opens the stages walkthrough.

#include "architecture_document.h"
#include "export_report_action.h"
#include "main_window.h"
#include "teaching_action.h"
#include "teaching_window.h"

#include <QAction>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"

using namespace headroom;
using headroom::test::preset;

namespace {

QAction* findAction(QWidget* root, const QString& text) {
    for (QAction* a : root->findChildren<QAction*>()) {
        if (a->text() == text) return a;
    }
    return nullptr;
}

}  // namespace

class TestGuiExtensions : public QObject {
    Q_OBJECT

private slots:
    void actionsAreInTheMenus() {
        ui::MainWindow window;
        window.setInteractive(false);
        report::installExportReportAction(window);
        teaching::installTeachingAction(window);
        QAction* exportAction = findAction(&window, QStringLiteral("Export &Report…"));
        QAction* teachAction = findAction(&window, QStringLiteral("&Teaching Mode (Stages)…"));
        QVERIFY(exportAction);
        QVERIFY(teachAction);
        // Export sits in File above Quit; Teaching in View.
        QMenu* file = nullptr;
        QMenu* view = nullptr;
        for (QAction* top : window.menuBar()->actions()) {
            if (top->text() == QStringLiteral("&File")) file = top->menu();
            if (top->text() == QStringLiteral("&View")) view = top->menu();
        }
        QVERIFY(file && view);
        const auto fileActions = file->actions();
        const auto exportAt = fileActions.indexOf(exportAction);
        QVERIFY(exportAt >= 0);
        QCOMPARE(fileActions.back()->text(), QStringLiteral("&Quit"));
        QVERIFY(exportAt < fileActions.size() - 1);
        QVERIFY(view->actions().contains(teachAction));
    }

    void teachingWindowOpens() {
        ui::MainWindow window;
        window.setInteractive(false);
        teaching::installTeachingAction(window);
        QVERIFY(window.findChildren<teaching::TeachingWindow*>().isEmpty());
        findAction(&window, QStringLiteral("&Teaching Mode (Stages)…"))->trigger();
        const auto opened = window.findChildren<teaching::TeachingWindow*>();
        QCOMPARE(opened.size(), 1);
        QVERIFY(opened.front()->isVisible());
        QVERIFY(opened.front()->testAttribute(Qt::WA_DeleteOnClose));
        opened.front()->close();
    }

    void exportWritesTheOpenArchitecture() {
        ui::MainWindow window;
        window.setInteractive(false);
        QVERIFY(window.openPreset(preset("01-monolith.yaml")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("audit.html"));
        report::ReportOptions options;
        options.target = 2000;  // a short plan keeps the test quick
        options.scenarios = false;
        options.plannerBudget = {3, 2, 4000, 10.0, 120.0, 0};
        options.confirmationBudget = {3, 2, 4000, 10.0, 120.0, 0};
        report::startReportExport(window, path, options);
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().contains(QStringLiteral("Report written")), 180000);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray html = file.readAll();
        // The report is of the window's architecture, with its charts embedded.
        QVERIFY(html.contains("01 monolith"));
        QVERIFY(html.contains("data:image/png;base64,"));
        QVERIFY(html.size() > 20000);
    }
};

QTEST_MAIN(TestGuiExtensions)
#include "tst_gui_extensions.moc"
