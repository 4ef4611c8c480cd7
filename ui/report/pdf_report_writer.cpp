#include "pdf_report_writer.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

#include <algorithm>
#include <functional>
#include <memory>

namespace headroom::report {

namespace {

constexpr int kDpi = 300;
double mm(double millimetres) { return millimetres * kDpi / 25.4; }

const QColor kInk(0x22, 0x2b, 0x36);
const QColor kMuted(0x6b, 0x77, 0x85);
const QColor kRule(0xd9, 0xde, 0xe4);
const QColor kAccent(0x1f, 0x4e, 0x79);
const QColor kBand(0xf3, 0xf5, 0xf8);
const QColor kZebra(0xfa, 0xfb, 0xfc);

QColor toneColor(KeyFigure::Tone tone) {
    switch (tone) {
        case KeyFigure::Tone::Good: return QColor(0x2e, 0x9d, 0x5b);
        case KeyFigure::Tone::Warning: return QColor(0xe0, 0x9a, 0x16);
        case KeyFigure::Tone::Bad: return QColor(0xd6, 0x3b, 0x3b);
        case KeyFigure::Tone::Neutral: break;
    }
    return kAccent;
}

QColor toneTint(int tone) {
    switch (tone) {
        case 1: return QColor(0xee, 0xf8, 0xf2);
        case 2: return QColor(0xfd, 0xf6, 0xe8);
        case 3: return QColor(0xfc, 0xef, 0xef);
        default: break;
    }
    return Qt::white;
}

QFont font(double points, bool bold = false, bool italic = false) {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(points);
    f.setBold(bold);
    f.setItalic(italic);
    f.setKerning(true);
    return f;
}

/// Rich text laid out at the PDF's resolution (QTextDocument measures with
/// the paint device it is given; without one it would assume the screen's).
class Text {
public:
    Text(const QString& html, const QFont& f, double width, QPaintDevice* device, Qt::Alignment align = Qt::AlignLeft,
         QColor color = kInk)
        : color_(color) {
        doc_.documentLayout()->setPaintDevice(device);
        doc_.setDocumentMargin(0);
        doc_.setDefaultFont(f);
        doc_.setDefaultStyleSheet(QStringLiteral("span.muted { color: #6b7785; } b { font-weight: bold; }"));
        QTextOption option(align);
        // Words wrap whole; only a word wider than its cell is broken.
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        doc_.setDefaultTextOption(option);
        doc_.setHtml(html);
        doc_.setTextWidth(width);
    }
    [[nodiscard]] double height() const { return doc_.size().height(); }
    void draw(QPainter& p, QPointF at) const {
        p.save();
        p.translate(at);
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette.setColor(QPalette::Text, color_);
        doc_.documentLayout()->draw(&p, context);
        p.restore();
    }

private:
    QTextDocument doc_;
    QColor color_;
};

struct Placed {
    int page = 0;
    std::function<void(QPainter&)> paint;
};

struct TocEntry {
    QString text;
    int page = 0;
};

class Layout {
public:
    Layout(QPdfWriter& writer, const ReportDocument& doc) : writer_(writer), doc_(doc) {
        const QRect full = writer.pageLayout().fullRectPixels(kDpi);
        pageWidth_ = full.width();
        pageHeight_ = full.height();
        left_ = mm(22);
        width_ = pageWidth_ - 2 * left_;
        top_ = mm(20);
        bottom_ = pageHeight_ - mm(22);
    }

    void run() {
        page_ = 0;  // the title page; drawn in paint()
        newPage();
        for (size_t i = 0; i < doc_.blocks.size(); ++i) place(doc_.blocks[i], i + 1 < doc_.blocks.size() ? &doc_.blocks[i + 1] : nullptr);
    }

    void paint(QPainter& p) {
        const int pages = page_ + 1;
        for (int page = 0; page < pages; ++page) {
            if (page > 0) writer_.newPage();
            if (page == 0) paintTitlePage(p);
            for (const auto& item : items_) {
                if (item.page == page) item.paint(p);
            }
            if (page > 0) paintFooter(p, page + 1, pages);
        }
    }

    [[nodiscard]] int pages() const { return page_ + 1; }

private:
    void newPage() {
        ++page_;
        y_ = top_;
    }
    [[nodiscard]] double room() const { return bottom_ - y_; }
    [[nodiscard]] bool atTop() const { return y_ <= top_ + 1; }
    void need(double height) {
        if (height > room() && !atTop()) newPage();
    }
    void add(std::function<void(QPainter&)> paint) { items_.push_back({page_, std::move(paint)}); }

    /// Height of the first piece of `next`, so a heading is never left alone at a page's foot.
    double leadHeight(const Block* next) {
        if (!next) return 0;
        switch (next->kind) {
            case Block::Kind::Table: return std::min(mm(40), tableHeight(next->table, 3));
            case Block::Kind::Figure: return figureHeight(next->figure);
            case Block::Kind::KeyFigures: return mm(32);
            default: return mm(18);
        }
    }

    void place(const Block& b, const Block* next) {
        switch (b.kind) {
            case Block::Kind::Heading: {
                // A section starts a new page unless most of this one is still free.
                if (b.newPage && !atTop() && room() < 0.6 * (bottom_ - top_)) newPage();
                auto t = std::make_shared<Text>(b.text, font(17, true), width_, &writer_, Qt::AlignLeft, kAccent);
                const double h = t->height();
                need(h + mm(6) + leadHeight(next));
                if (!atTop()) y_ += mm(6);
                toc_.push_back({b.text, page_ + 1});
                const double y = y_, l = left_, w = width_;
                add([t, y, l, w, h](QPainter& p) {
                    t->draw(p, QPointF(l, y));
                    p.fillRect(QRectF(l, y + h + mm(1.6), w, mm(0.6)), kAccent);
                });
                y_ += h + mm(5.5);
                break;
            }
            case Block::Kind::Subheading: {
                auto t = std::make_shared<Text>(b.text, font(11.5, true), width_, &writer_, Qt::AlignLeft, kInk);
                need(t->height() + mm(4) + leadHeight(next));
                if (!atTop()) y_ += mm(4);
                const QPointF at(left_, y_);
                add([t, at](QPainter& p) { t->draw(p, at); });
                y_ += t->height() + mm(2);
                break;
            }
            case Block::Kind::Paragraph: {
                auto t = std::make_shared<Text>(b.text, font(9.5), width_, &writer_);
                need(t->height());
                const QPointF at(left_, y_);
                add([t, at](QPainter& p) { t->draw(p, at); });
                y_ += t->height() + mm(3);
                break;
            }
            case Block::Kind::Bullets: {
                const double indent = mm(5);
                for (const auto& item : b.items) {
                    auto t = std::make_shared<Text>(item, font(9.5), width_ - indent, &writer_);
                    need(t->height());
                    const QPointF at(left_ + indent, y_);
                    const double dotY = y_ + mm(1.9);
                    const double l = left_;
                    add([t, at, dotY, l](QPainter& p) {
                        p.setPen(Qt::NoPen);
                        p.setBrush(kAccent);
                        p.drawEllipse(QPointF(l + mm(1.6), dotY), mm(0.7), mm(0.7));
                        t->draw(p, at);
                    });
                    y_ += t->height() + mm(1.5);
                }
                y_ += mm(1.5);
                break;
            }
            case Block::Kind::KeyFigures: placeKeyFigures(b); break;
            case Block::Kind::Callout: {
                const double pad = mm(3);
                auto t = std::make_shared<Text>(b.text, font(9.5), width_ - 2 * pad - mm(1.5), &writer_);
                const double h = t->height() + 2 * pad;
                need(h);
                const QRectF box(left_, y_, width_, h);
                const KeyFigure::Tone tone = b.tone;
                add([t, box, pad, tone](QPainter& p) {
                    p.fillRect(box, toneTint(tone == KeyFigure::Tone::Good ? 1 : tone == KeyFigure::Tone::Bad ? 3 : 2));
                    p.fillRect(QRectF(box.left(), box.top(), mm(1.5), box.height()), toneColor(tone));
                    t->draw(p, QPointF(box.left() + mm(1.5) + pad, box.top() + pad));
                });
                y_ += h + mm(4);
                break;
            }
            case Block::Kind::Table: placeTable(b.table); break;
            case Block::Kind::Figure: placeFigure(b.figure); break;
            case Block::Kind::PageBreak:
                if (!atTop()) newPage();  // never a blank page
                break;
        }
    }

    void placeKeyFigures(const Block& b) {
        const int n = std::max<int>(1, static_cast<int>(b.figures.size()));
        const double gap = mm(3), pad = mm(2.6);
        const double w = (width_ - gap * (n - 1)) / n;
        struct Box {
            std::shared_ptr<Text> label, value, note;
            KeyFigure::Tone tone;
        };
        std::vector<Box> boxes;
        double h = 0;
        for (const auto& f : b.figures) {
            Box box{std::make_shared<Text>(f.label.toUpper().toHtmlEscaped(), font(7, true), w - 2 * pad, &writer_, Qt::AlignLeft, kMuted),
                    std::make_shared<Text>(f.value, font(12, true), w - 2 * pad, &writer_),
                    std::make_shared<Text>(f.note, font(7.8), w - 2 * pad, &writer_, Qt::AlignLeft, kMuted), f.tone};
            h = std::max(h, box.label->height() + box.value->height() + box.note->height() + mm(2.5));
            boxes.push_back(box);
        }
        h += 2 * pad + mm(1.2);
        need(h);
        const double top = y_, l = left_;
        add([boxes, top, l, w, gap, pad, h](QPainter& p) {
            for (size_t i = 0; i < boxes.size(); ++i) {
                const QRectF r(l + static_cast<double>(i) * (w + gap), top, w, h);
                p.fillRect(r, kBand);
                p.fillRect(QRectF(r.left(), r.top(), r.width(), mm(1.2)), toneColor(boxes[i].tone));
                double y = r.top() + mm(1.2) + pad;
                boxes[i].label->draw(p, QPointF(r.left() + pad, y));
                y += boxes[i].label->height() + mm(1);
                boxes[i].value->draw(p, QPointF(r.left() + pad, y));
                y += boxes[i].value->height() + mm(1.5);
                boxes[i].note->draw(p, QPointF(r.left() + pad, y));
            }
        });
        y_ += h + mm(5);
    }

    // ------------------------------------------------------------ tables

    struct TableLayout {
        std::vector<double> widths;
        std::shared_ptr<Text> caption, note;
        std::vector<std::shared_ptr<Text>> header;
        double headerHeight = 0;
        std::vector<std::vector<std::shared_ptr<Text>>> cells;
        std::vector<double> rowHeights;
    };

    static constexpr double kCellPadX = 1.6;
    static constexpr double kCellPadY = 1.25;

    TableLayout layoutTable(const ReportTable& t) {
        TableLayout l;
        const size_t columns = static_cast<size_t>(t.headers.size());
        std::vector<double> weights = t.weights;
        if (weights.size() != columns) weights.assign(columns, 1.0);
        double sum = 0;
        for (double w : weights) sum += w;
        for (double w : weights) l.widths.push_back(width_ * w / sum);
        auto align = [&](size_t c) { return c < t.numeric.size() && t.numeric[c] ? Qt::AlignRight : Qt::AlignLeft; };
        const double padX = mm(kCellPadX), padY = mm(kCellPadY);
        if (!t.caption.isEmpty()) l.caption = std::make_shared<Text>(t.caption, font(9, true), width_, &writer_);
        if (!t.note.isEmpty()) l.note = std::make_shared<Text>(t.note, font(7.5), width_, &writer_, Qt::AlignLeft, kMuted);
        for (size_t c = 0; c < columns; ++c) {
            auto text = std::make_shared<Text>(t.headers[static_cast<qsizetype>(c)], font(7.6, true), l.widths[c] - 2 * padX, &writer_,
                                               align(c), kInk);
            l.headerHeight = std::max(l.headerHeight, text->height() + 2 * padY);
            l.header.push_back(text);
        }
        for (const auto& row : t.rows) {
            std::vector<std::shared_ptr<Text>> cells;
            double h = 0;
            for (size_t c = 0; c < columns; ++c) {
                const QString html = c < static_cast<size_t>(row.size()) ? row[static_cast<qsizetype>(c)] : QString();
                auto text = std::make_shared<Text>(html, font(8), l.widths[c] - 2 * padX, &writer_, align(c));
                h = std::max(h, text->height() + 2 * padY);
                cells.push_back(text);
            }
            l.cells.push_back(std::move(cells));
            l.rowHeights.push_back(h);
        }
        return l;
    }

    double tableHeight(const ReportTable& t, size_t maxRows) {
        TableLayout l = layoutTable(t);
        double h = l.headerHeight + (l.caption ? l.caption->height() + mm(1.5) : 0);
        for (size_t r = 0; r < l.rowHeights.size() && r < maxRows; ++r) h += l.rowHeights[r];
        return h;
    }

    void placeTable(const ReportTable& t) {
        auto l = std::make_shared<TableLayout>(layoutTable(t));
        const double captionHeight = l->caption ? l->caption->height() + mm(1.5) : 0;
        double total = captionHeight + l->headerHeight;
        for (double h : l->rowHeights) total += h;
        const double noteHeight = l->note ? l->note->height() + mm(1.5) : 0;
        const double full = bottom_ - top_;
        // Whole on this page, or whole on the next when it fits on one page;
        // otherwise rows flow over pages with the header repeated.
        if (total + noteHeight <= full) need(total + noteHeight);
        else need(captionHeight + l->headerHeight + (l->rowHeights.empty() ? 0 : l->rowHeights.front()));
        if (l->caption) {
            const QPointF at(left_, y_);
            add([l, at](QPainter& p) { l->caption->draw(p, at); });
            y_ += captionHeight;
        }
        size_t row = 0;
        bool continued = false;
        const std::vector<int> tones = t.rowTone;
        while (true) {
            const double headerTop = y_;
            const double l0 = left_;
            const bool cont = continued;
            add([l, headerTop, l0, cont](QPainter& p) { paintHeader(p, *l, l0, headerTop, cont); });
            y_ += l->headerHeight;
            size_t first = row;
            // At least one row per page, so an over-tall row cannot loop forever.
            while (row < l->rowHeights.size() && (row == first || l->rowHeights[row] <= room())) {
                y_ += l->rowHeights[row];
                ++row;
            }
            const double bodyTop = headerTop + l->headerHeight;
            add([l, bodyTop, l0, first, row, tones, w = width_](QPainter& p) {
                double y = bodyTop;
                for (size_t r = first; r < row; ++r) {
                    const int tone = r < tones.size() ? tones[r] : 0;
                    const QRectF band(l0, y, w, l->rowHeights[r]);
                    p.fillRect(band, tone ? toneTint(tone) : (r % 2 ? kZebra : QColor(Qt::white)));
                    double x = l0;
                    for (size_t c = 0; c < l->cells[r].size(); ++c) {
                        l->cells[r][c]->draw(p, QPointF(x + mm(kCellPadX), y + mm(kCellPadY)));
                        x += l->widths[c];
                    }
                    p.fillRect(QRectF(l0, y + l->rowHeights[r] - mm(0.12), w, mm(0.12)), kRule);
                    y += l->rowHeights[r];
                }
            });
            if (row >= l->rowHeights.size()) break;
            newPage();
            continued = true;
        }
        if (l->note) {
            need(noteHeight);
            const QPointF at(left_, y_ + mm(1));
            add([l, at](QPainter& p) { l->note->draw(p, at); });
            y_ += noteHeight;
        }
        y_ += mm(4);
    }

    static void paintHeader(QPainter& p, const TableLayout& l, double left, double top, bool continued) {
        double width = 0;
        for (double w : l.widths) width += w;
        p.fillRect(QRectF(left, top, width, l.headerHeight), kBand);
        p.fillRect(QRectF(left, top + l.headerHeight - mm(0.45), width, mm(0.45)), kAccent);
        double x = left;
        for (size_t c = 0; c < l.header.size(); ++c) {
            l.header[c]->draw(p, QPointF(x + mm(kCellPadX), top + mm(kCellPadY)));
            x += l.widths[c];
        }
        if (continued) {
            p.setFont(font(6.5, false, true));
            p.setPen(kMuted);
            p.drawText(QRectF(left, top - mm(4), width, mm(3.6)), Qt::AlignRight | Qt::AlignBottom, QStringLiteral("(continued)"));
        }
    }

    // ------------------------------------------------------------ figures

    double figureHeight(const ReportFigure& f) {
        if (f.image.isNull()) return 0;
        const double w = width_ * f.widthFraction;
        double h = w * f.image.height() / f.image.width();
        const double maxImage = (bottom_ - top_) * 0.62;
        h = std::min(h, maxImage);
        Text caption(f.caption, font(8, false, true), width_, &writer_, Qt::AlignCenter, kMuted);
        return h + mm(2) + caption.height();
    }

    void placeFigure(const ReportFigure& f) {
        if (f.image.isNull()) return;
        double w = width_ * f.widthFraction;
        double h = w * f.image.height() / f.image.width();
        const double maxImage = (bottom_ - top_) * 0.62;
        if (h > maxImage) {  // a very tall diagram: shrink to fit, keep the aspect
            w *= maxImage / h;
            h = maxImage;
        }
        auto caption = std::make_shared<Text>(f.caption, font(8, false, true), width_, &writer_, Qt::AlignCenter, kMuted);
        need(h + mm(2) + caption->height());
        y_ += mm(1);
        const QRectF target(left_ + (width_ - w) / 2, y_, w, h);
        const QImage image = f.image;
        const QPointF captionAt(left_, y_ + h + mm(2));
        add([image, target, caption, captionAt](QPainter& p) {
            p.setRenderHint(QPainter::SmoothPixmapTransform);
            p.drawImage(target, image);
            p.setPen(QPen(kRule, mm(0.15)));
            p.setBrush(Qt::NoBrush);
            p.drawRect(target);
            caption->draw(p, captionAt);
        });
        y_ += h + mm(2) + caption->height() + mm(5);
    }

    // ------------------------------------------------------------ title and footer

    void paintTitlePage(QPainter& p) {
        const TitlePage& t = doc_.titlePage;
        const double bandHeight = pageHeight_ * 0.42;
        p.fillRect(QRectF(0, 0, pageWidth_, bandHeight), kAccent);
        p.fillRect(QRectF(0, bandHeight, pageWidth_, mm(1.6)), toneColor(t.verdictTone));
        Text kicker(QStringLiteral("SCALABILITY AUDIT"), font(10, true), width_, &writer_, Qt::AlignLeft, QColor(0xc9, 0xd8, 0xe8));
        Text title(t.title.toHtmlEscaped(), font(26, true), width_, &writer_, Qt::AlignLeft, Qt::white);
        Text subtitle(t.subtitle.toHtmlEscaped(), font(13), width_, &writer_, Qt::AlignLeft, QColor(0xdf, 0xe8, 0xf1));
        double y = bandHeight - mm(18) - subtitle.height() - title.height() - kicker.height() - mm(10);
        kicker.draw(p, QPointF(left_, y));
        y += kicker.height() + mm(5);
        title.draw(p, QPointF(left_, y));
        y += title.height() + mm(5);
        subtitle.draw(p, QPointF(left_, y));

        y = bandHeight + mm(14);
        Text verdict(QStringLiteral("<b>%1</b>").arg(t.verdict.toHtmlEscaped()), font(12.5), width_ - mm(8), &writer_);
        p.fillRect(QRectF(left_, y, width_, verdict.height() + mm(8)), kBand);
        p.fillRect(QRectF(left_, y, mm(1.6), verdict.height() + mm(8)), toneColor(t.verdictTone));
        verdict.draw(p, QPointF(left_ + mm(6), y + mm(4)));
        y += verdict.height() + mm(16);

        Text contentsTitle(QStringLiteral("Contents"), font(11, true), width_, &writer_, Qt::AlignLeft, kAccent);
        contentsTitle.draw(p, QPointF(left_, y));
        y += contentsTitle.height() + mm(3);
        p.setFont(font(10));
        const QFontMetricsF metrics(font(10), &writer_);
        for (const auto& entry : toc_) {
            const QRectF line(left_, y, width_ * 0.75, metrics.height());
            p.setPen(kInk);
            p.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, entry.text);
            p.drawText(line, Qt::AlignRight | Qt::AlignVCenter, QString::number(entry.page));
            p.setPen(QPen(kRule, mm(0.15), Qt::DotLine));
            const double textEnd = left_ + metrics.horizontalAdvance(entry.text) + mm(2);
            const double numberStart = line.right() - metrics.horizontalAdvance(QString::number(entry.page)) - mm(2);
            p.drawLine(QPointF(textEnd, y + metrics.ascent()), QPointF(numberStart, y + metrics.ascent()));
            y += metrics.height() + mm(2.2);
        }

        QStringList meta;
        if (!t.author.isEmpty()) meta << QStringLiteral("Prepared by <b>%1</b>").arg(t.author.toHtmlEscaped());
        meta << QStringLiteral("Date: %1").arg(t.date.toHtmlEscaped());
        if (!t.sourceFile.isEmpty()) meta << QStringLiteral("Input: %1").arg(t.sourceFile.toHtmlEscaped());
        meta << QStringLiteral("Produced with %1").arg(t.version.toHtmlEscaped());
        Text info(meta.join(QStringLiteral("<br>")), font(9), width_, &writer_, Qt::AlignLeft, kMuted);
        const double infoTop = pageHeight_ - mm(20) - info.height();
        p.fillRect(QRectF(left_, infoTop - mm(4), width_, mm(0.3)), kRule);
        info.draw(p, QPointF(left_, infoTop));
    }

    void paintFooter(QPainter& p, int page, int pages) {
        const double y = pageHeight_ - mm(14);
        p.fillRect(QRectF(left_, y - mm(2.5), width_, mm(0.2)), kRule);
        p.setFont(font(7.5));
        p.setPen(kMuted);
        const QRectF line(left_, y, width_, mm(4));
        p.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, doc_.footer);
        p.drawText(line, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("Page %1 of %2").arg(page).arg(pages));
    }

    QPdfWriter& writer_;
    const ReportDocument& doc_;
    double pageWidth_ = 0, pageHeight_ = 0, left_ = 0, width_ = 0, top_ = 0, bottom_ = 0;
    int page_ = 0;
    double y_ = 0;
    std::vector<Placed> items_;
    std::vector<TocEntry> toc_;
};

}  // namespace

bool writePdfDocument(const ReportDocument& document, const QString& path, QString* error) {
    {
        QFile probe(path);  // QPdfWriter reports no error of its own: check the path first
        if (!probe.open(QIODevice::WriteOnly)) {
            if (error) *error = probe.errorString();
            return false;
        }
    }
    QPdfWriter writer(path);
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    writer.setTitle(document.titlePage.title);
    writer.setCreator(document.titlePage.version);
    Layout layout(writer, document);
    layout.run();
    QPainter painter;
    if (!painter.begin(&writer)) {
        if (error) *error = QStringLiteral("cannot start the PDF");
        return false;
    }
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    layout.paint(painter);
    painter.end();
    return true;
}

}  // namespace headroom::report
