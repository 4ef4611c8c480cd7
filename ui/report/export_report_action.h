#pragma once
// File -> Export Report… in the desktop app: asks for a PDF or HTML file,
// computes the report on a worker thread with a progress dialog, writes it
// on the GUI thread. The same report::compute/write as `headroom-cli report`.

#include "report_data.h"

#include <QString>

namespace headroom::ui {
class MainWindow;
}

namespace headroom::report {

/// Adds the Export Report… action to `window`'s File menu.
void installExportReportAction(ui::MainWindow& window);

/// The action's work once the file is chosen: computes the report for the
/// window's current architecture on a worker thread behind a progress
/// dialog, then writes `path` (PDF or HTML by suffix). Returns at once;
/// the status bar says when the file is written.
void startReportExport(ui::MainWindow& window, const QString& path, ReportOptions options = {});

}  // namespace headroom::report
