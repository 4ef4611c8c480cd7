#include "html_report_writer.h"

#include <QBuffer>
#include <QFile>
#include <QSaveFile>

namespace headroom::report {

namespace {

QString toneClass(KeyFigure::Tone tone) {
    switch (tone) {
        case KeyFigure::Tone::Good: return QStringLiteral("good");
        case KeyFigure::Tone::Warning: return QStringLiteral("warning");
        case KeyFigure::Tone::Bad: return QStringLiteral("bad");
        case KeyFigure::Tone::Neutral: break;
    }
    return QStringLiteral("neutral");
}

QString dataUri(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(bytes.toBase64());
}

QString styleSheet() {
    QFile css(QStringLiteral(":/report/report.css"));
    if (!css.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(css.readAll());
}

void writeTable(QString& o, const ReportTable& t) {
    o += QStringLiteral("<table>");
    if (!t.caption.isEmpty()) o += QStringLiteral("<caption>%1</caption>").arg(t.caption);
    auto numeric = [&](size_t c) { return c < t.numeric.size() && t.numeric[c]; };
    o += QStringLiteral("<thead><tr>");
    for (qsizetype c = 0; c < t.headers.size(); ++c) {
        o += numeric(static_cast<size_t>(c)) ? QStringLiteral("<th class=\"num\">") : QStringLiteral("<th>");
        o += t.headers[c] + QStringLiteral("</th>");
    }
    o += QStringLiteral("</tr></thead><tbody>");
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const int tone = r < t.rowTone.size() ? t.rowTone[r] : 0;
        static const char* classes[] = {"", " class=\"good\"", " class=\"warning\"", " class=\"bad\""};
        o += QStringLiteral("<tr%1>").arg(QString::fromLatin1(classes[std::clamp(tone, 0, 3)]));
        for (qsizetype c = 0; c < t.rows[r].size(); ++c) {
            o += numeric(static_cast<size_t>(c)) ? QStringLiteral("<td class=\"num\">") : QStringLiteral("<td>");
            o += t.rows[r][c] + QStringLiteral("</td>");
        }
        o += QStringLiteral("</tr>");
    }
    o += QStringLiteral("</tbody></table>\n");
    if (!t.note.isEmpty()) o += QStringLiteral("<p class=\"table-note\">%1</p>\n").arg(t.note);
}

}  // namespace

QString toHtml(const ReportDocument& d) {
    QString o;
    const TitlePage& t = d.titlePage;
    o += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"%1\">\n<title>%2</title>\n<style>\n%3</style>\n</head>\n<body>\n<main>\n")
             .arg(t.version.toHtmlEscaped(), t.title.toHtmlEscaped(), styleSheet());
    o += QStringLiteral("<section class=\"title-page\">\n<div class=\"kicker\">Scalability audit</div>\n<h1>%1</h1>\n"
                        "<div class=\"subtitle\">%2</div>\n<div class=\"verdict %3\">%4</div>\n<div class=\"meta\">")
             .arg(t.title.toHtmlEscaped(), t.subtitle.toHtmlEscaped(), toneClass(t.verdictTone), t.verdict.toHtmlEscaped());
    QStringList meta;
    if (!t.author.isEmpty()) meta << QStringLiteral("Prepared by %1").arg(t.author.toHtmlEscaped());
    meta << t.date.toHtmlEscaped();
    if (!t.sourceFile.isEmpty()) meta << QStringLiteral("Input: %1").arg(t.sourceFile.toHtmlEscaped());
    meta << t.version.toHtmlEscaped();
    o += meta.join(QStringLiteral(" · ")) + QStringLiteral("</div>\n<nav class=\"toc\"><b>Contents</b><ul style=\"list-style:none;padding-left:0\">");
    for (const auto& b : d.blocks) {
        if (b.kind == Block::Kind::Heading) {
            o += QStringLiteral("<li><a href=\"#%1\">%2</a></li>").arg(b.anchor, b.text.toHtmlEscaped());
        }
    }
    o += QStringLiteral("</ul></nav>\n</section>\n");

    for (const auto& b : d.blocks) {
        switch (b.kind) {
            case Block::Kind::Heading:
                o += QStringLiteral("<h2 id=\"%1\">%2</h2>\n").arg(b.anchor, b.text.toHtmlEscaped());
                break;
            case Block::Kind::Subheading: o += QStringLiteral("<h3>%1</h3>\n").arg(b.text.toHtmlEscaped()); break;
            case Block::Kind::Paragraph: o += QStringLiteral("<p>%1</p>\n").arg(b.text); break;
            case Block::Kind::Bullets:
                o += QStringLiteral("<ul>");
                for (const auto& item : b.items) o += QStringLiteral("<li>%1</li>").arg(item);
                o += QStringLiteral("</ul>\n");
                break;
            case Block::Kind::KeyFigures:
                o += QStringLiteral("<div class=\"figures\">");
                for (const auto& f : b.figures) {
                    o += QStringLiteral("<div class=\"figure-box %1\"><div class=\"label\">%2</div><div class=\"value\">%3</div>"
                                        "<div class=\"note\">%4</div></div>")
                             .arg(toneClass(f.tone), f.label.toHtmlEscaped(), f.value, f.note);
                }
                o += QStringLiteral("</div>\n");
                break;
            case Block::Kind::Callout:
                o += QStringLiteral("<div class=\"callout %1\">%2</div>\n").arg(toneClass(b.tone), b.text);
                break;
            case Block::Kind::Table: writeTable(o, b.table); break;
            case Block::Kind::Figure:
                if (b.figure.image.isNull()) break;
                o += QStringLiteral("<figure><img alt=\"%1\" width=\"%2\" src=\"%3\"><figcaption>%1</figcaption></figure>\n")
                         .arg(b.figure.caption.toHtmlEscaped())
                         .arg(static_cast<int>(840 * b.figure.widthFraction))
                         .arg(dataUri(b.figure.image));
                break;
            case Block::Kind::PageBreak: o += QStringLiteral("<div style=\"break-after: page\"></div>\n"); break;
        }
    }
    o += QStringLiteral("<footer>%1 · %2 · %3</footer>\n</main>\n</body>\n</html>\n")
             .arg(t.title.toHtmlEscaped(), t.date.toHtmlEscaped(), t.version.toHtmlEscaped());
    return o;
}

bool writeHtmlDocument(const ReportDocument& document, const QString& path, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = file.errorString();
        return false;
    }
    file.write(toHtml(document).toUtf8());
    if (!file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

}  // namespace headroom::report
