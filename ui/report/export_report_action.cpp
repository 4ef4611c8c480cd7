#include "export_report_action.h"

#include "architecture_document.h"
#include "main_window.h"
#include "report.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QStatusBar>
#include <QtConcurrent>

#include <memory>

namespace headroom::report {
namespace {

// What the worker hands back: the data, or why there is none.
struct ComputeOutcome {
    std::shared_ptr<ReportData> data;
    QString error;
};

void exportReport(ui::MainWindow& window) {
    auto graph = window.document()->graph();
    if (!graph || !window.document()->isValid()) {
        QMessageBox::warning(&window, QObject::tr("Export Report"),
                             QObject::tr("The architecture has an error; fix it before exporting a report."));
        return;
    }
    const QString source = window.document()->filePath();
    const QString suggested = (source.isEmpty() ? QStringLiteral("audit") : QFileInfo(source).completeBaseName()) +
                              QStringLiteral("-report.pdf");
    const QString path = QFileDialog::getSaveFileName(&window, QObject::tr("Export Report"), suggested,
                                                      QObject::tr("PDF report (*.pdf);;HTML report (*.html)"));
    if (path.isEmpty()) return;
    startReportExport(window, path);
}

}  // namespace

void startReportExport(ui::MainWindow& window, const QString& path, ReportOptions options) {
    auto graph = window.document()->graph();
    if (!graph || !window.document()->isValid()) return;
    const QString source = window.document()->filePath();
    auto* dialog = new QProgressDialog(QObject::tr("Planning the roadmap…"), QObject::tr("Cancel"), 0, 0, &window);
    dialog->setWindowTitle(QObject::tr("Export Report"));
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(0);
    dialog->setAttribute(Qt::WA_DeleteOnClose);

    if (options.sourceFile.empty()) options.sourceFile = source.toStdString();
    options.sourceText = window.document()->yamlText().toStdString();  // its ranges: the Uncertainty section
    QPointer<QProgressDialog> label(dialog);
    options.progress = [label](const std::string& step) {
        // From the worker: hop to the GUI thread; the dialog may be gone.
        QMetaObject::invokeMethod(qApp, [label, text = QString::fromStdString(step)] {
            if (label) label->setLabelText(text);
        }, Qt::QueuedConnection);
    };

    auto* watcher = new QFutureWatcher<ComputeOutcome>(&window);
    QPointer<ui::MainWindow> owner(&window);
    QObject::connect(watcher, &QFutureWatcher<ComputeOutcome>::finished, &window, [watcher, dialog = label, owner, path] {
        watcher->deleteLater();
        // Cancelled: the computation could not be interrupted, its result is dropped.
        if (!dialog || dialog->wasCanceled() || !owner) return;
        dialog->close();
        const ComputeOutcome outcome = watcher->result();
        QString error = outcome.error;
        if (outcome.data && write(*outcome.data, path, &error)) {
            owner->statusBar()->showMessage(QObject::tr("Report written to %1").arg(path), 8000);
            return;
        }
        QMessageBox::warning(owner, QObject::tr("Export Report"), QObject::tr("The report was not written: %1").arg(error));
    });
    watcher->setFuture(QtConcurrent::run([graph, options]() -> ComputeOutcome {
        try {
            return {std::make_shared<ReportData>(compute(*graph, options)), {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what())};
        }
    }));
    dialog->show();
}

void installExportReportAction(ui::MainWindow& window) {
    auto* action = new QAction(QObject::tr("Export &Report…"), &window);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    action->setStatusTip(QObject::tr("Write the audit report (PDF or HTML) for this architecture"));
    QObject::connect(action, &QAction::triggered, &window, [&window] { exportReport(window); });
    window.addFileAction(action);
}

}  // namespace headroom::report
