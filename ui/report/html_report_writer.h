#pragma once
// Writes a ReportDocument as ONE self-contained HTML file: the stylesheet
// inline (from the report's resources), every image embedded as a
// data:image/png;base64 URI, no script and no external reference, so it can
// be mailed or archived as it is and printed from a browser.

#include "report_document.h"

#include <QString>

namespace headroom::report {

[[nodiscard]] QString toHtml(const ReportDocument& document);

/// Writes toHtml(document) to `path` (UTF-8). False with `error` on failure.
bool writeHtmlDocument(const ReportDocument& document, const QString& path, QString* error);

}  // namespace headroom::report
