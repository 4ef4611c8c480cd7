#include "report.h"

#include "html_report_writer.h"
#include "pdf_report_writer.h"
#include "report_document.h"

#include <QFileInfo>

// A .qrc compiled into a static library must be registered by name from
// outside any namespace before its first use.
static void initReportResources() { Q_INIT_RESOURCE(report); }

namespace headroom::report {

bool writeHtml(const ReportData& data, const QString& path, QString* error) {
    initReportResources();
    return writeHtmlDocument(buildDocument(data), path, error);
}

bool writePdf(const ReportData& data, const QString& path, QString* error) {
    return writePdfDocument(buildDocument(data), path, error);
}

bool write(const ReportData& data, const QString& path, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("pdf")) return writePdf(data, path, error);
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm")) return writeHtml(data, path, error);
    if (error) *error = QStringLiteral("the output must end in .pdf or .html: %1").arg(path);
    return false;
}

}  // namespace headroom::report
