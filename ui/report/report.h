#pragma once
// The audit report's entry points (issue 7), for the CLI's `report` command
// and the desktop app's File -> Export report:
//
//   report::ReportData data = report::compute(graph, options);   // slow: planner + DES
//   report::writePdf(data, "audit.pdf", &error);                  // or writeHtml
//
// compute() may run on a worker thread (it touches no Qt object); the
// writers must run on the GUI thread (or the only thread of a headless
// QApplication): they draw the canvas and the charts with Qt Widgets.

#include "report_data.h"

#include <QString>

namespace headroom::report {

/// One self-contained HTML file (stylesheet inline, images as data: URIs).
bool writeHtml(const ReportData& data, const QString& path, QString* error = nullptr);

/// A paginated A4 PDF with page numbers; tables never cut mid-row.
bool writePdf(const ReportData& data, const QString& path, QString* error = nullptr);

/// writeHtml or writePdf by the file name's suffix (.html/.htm or .pdf);
/// false with an error for any other suffix.
bool write(const ReportData& data, const QString& path, QString* error = nullptr);

}  // namespace headroom::report
