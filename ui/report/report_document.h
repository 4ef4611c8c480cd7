#pragma once
// The report as a flat list of blocks (headings, paragraphs, tables,
// figures, key figures), built once from ReportData and rendered twice: as
// one self-contained HTML file (html_report_writer) and as a paginated PDF
// (pdf_report_writer). One content model, so the two formats cannot say
// different things. Rich text in blocks is a small HTML subset (<b>, <i>,
// <br>, <span class="muted">) that both QTextDocument and browsers render.

#include <QImage>
#include <QString>
#include <QStringList>

#include <vector>

namespace headroom::report {

struct ReportData;

struct KeyFigure {
    QString label;  ///< "Capacity today"
    QString value;  ///< "1,382 users"
    QString note;   ///< rich text under the value
    enum class Tone { Neutral, Good, Warning, Bad } tone = Tone::Neutral;
};

struct ReportTable {
    QStringList headers;
    std::vector<QStringList> rows;  ///< rich text cells
    std::vector<bool> numeric;      ///< per column: right-aligned
    std::vector<double> weights;    ///< per column: share of the width (empty = from content)
    std::vector<int> rowTone;       ///< per row: 0 normal, 1 good, 2 warning, 3 bad (may be empty)
    QString caption;                ///< above the table
    QString note;                   ///< small print below
};

struct ReportFigure {
    QImage image;
    QString caption;
    double widthFraction = 1.0;  ///< of the text width
};

struct Block {
    enum class Kind { Heading, Subheading, Paragraph, Bullets, KeyFigures, Table, Figure, Callout, PageBreak };
    Kind kind = Kind::Paragraph;
    QString text;                    ///< heading text, paragraph or callout rich text
    QString anchor;                  ///< headings: id for the HTML table of contents
    QStringList items;               ///< bullets (rich text)
    std::vector<KeyFigure> figures;  ///< key figures
    ReportTable table;
    ReportFigure figure;
    KeyFigure::Tone tone = KeyFigure::Tone::Neutral;  ///< callouts
    bool newPage = false;            ///< headings: start a new PDF page
};

struct TitlePage {
    QString title;
    QString subtitle;    ///< the architecture's name
    QString author;
    QString date;
    QString version;     ///< "Headroom 0.1.0"
    QString sourceFile;
    QString verdict;     ///< one line: "Target 100,000 users: met at 11,910 per month"
    KeyFigure::Tone verdictTone = KeyFigure::Tone::Neutral;
};

struct ReportDocument {
    TitlePage titlePage;
    std::vector<Block> blocks;
    QString footer;  ///< left side of each PDF page's footer ("Scalability audit · 01 monolith")
};

/// Builds the blocks, rendering the diagram and the charts to images.
/// Needs a QApplication (fonts, the canvas's widgets classes).
[[nodiscard]] ReportDocument buildDocument(const ReportData& data);

}  // namespace headroom::report
