#pragma once
// Lays a ReportDocument out on A4 pages and writes it as a PDF (QPdfWriter
// + QPainter; no printer or display needed). Layout is a first pass that
// places every block, so the title page's contents list and each footer's
// "page N of M" know the final page numbers; painting is the second pass.
// Tables move whole to the next page when they fit on one; longer tables
// break between rows only, repeating the header row. Headings stay with
// what follows them; figures are never split.

#include "report_document.h"

#include <QString>

namespace headroom::report {

/// Writes `document` to `path`. Returns false with `error` set when the file
/// cannot be written.
bool writePdfDocument(const ReportDocument& document, const QString& path, QString* error);

}  // namespace headroom::report
