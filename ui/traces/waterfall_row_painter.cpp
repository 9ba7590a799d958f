#include "ui/traces/waterfall_row_painter.h"

#include "core/util/time_text.h"
#include "ui/traces/service_palette.h"
#include "ui/util/text.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPalette>
#include <QPolygonF>

#include <algorithm>

namespace casebook::ui {
namespace {

using waterfall::indentOf;
using waterfall::kTrianglePx;

const QColor kErrorColor(0xd3, 0x2f, 0x2f);
// Search hits: amber, translucent so the row's own colors still show in either palette.
const QColor kMatchTint(0xff, 0xc1, 0x07, 80);

void drawTriangle(QPainter& p, int x, int midY, bool open, const QColor& color) {
    const double s = kTrianglePx;
    QPolygonF shape;
    if (open)
        shape << QPointF(x + 1, midY - s / 4) << QPointF(x + s - 1, midY - s / 4)
              << QPointF(x + s / 2, midY + s / 3);
    else
        shape << QPointF(x + s / 4, midY - s / 2 + 1) << QPointF(x + s / 4, midY + s / 2 - 1)
              << QPointF(x + s - 2, midY);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawPolygon(shape);
}

struct RowGeometry {
    int top;
    int height;
    int barTop;
    int barHeight;
};

class RowPainter {
public:
    RowPainter(QPainter& p, const QRect& area, const QPalette& palette, const RowPaintInput& in)
        : p_(p), area_(area), palette_(palette), in_(in), metrics_(p.font()) {}

    void paint(std::size_t index) {
        const WaterfallRow& row = in_.rows->rows[index];
        const int top = static_cast<int>(index) * in_.rowHeight - in_.scrollPx;
        const RowGeometry g{top, in_.rowHeight, top + 4, in_.rowHeight - 8};
        const bool selected = in_.selectedRow == index;
        paintBackground(index, row, g, selected);
        paintBar(row, g);
        paintLabel(row, g, selected);
    }

private:
    void paintBackground(std::size_t index, const WaterfallRow& row, const RowGeometry& g,
                         bool selected) {
        const QRect rect(area_.left(), g.top, area_.width(), g.height);
        p_.fillRect(rect, index % 2 ? palette_.alternateBase() : palette_.base());
        if (row.flags & (kRowMatch | kRowHiddenMatch))
            p_.fillRect(rect, kMatchTint);
        if (selected) {
            QColor highlight = palette_.color(QPalette::Highlight);
            // The label column carries the strong highlight; the bars keep theirs readable.
            p_.fillRect(QRect(area_.left(), g.top, in_.labelWidth, g.height), highlight);
            highlight.setAlpha(60);
            p_.fillRect(QRect(in_.labelWidth, g.top, area_.right() - in_.labelWidth + 1, g.height),
                        highlight);
        }
    }

    void paintLabel(const WaterfallRow& row, const RowGeometry& g, bool selected) {
        const TraceModel& m = in_.data->model;
        const QColor text = palette_.color(selected ? QPalette::HighlightedText : QPalette::Text);
        const int midY = g.top + g.height / 2;
        int x = indentOf(row.depth);
        p_.save();
        p_.setClipRect(QRect(0, g.top, in_.labelWidth - 4, g.height));
        // A fold opens like a closed subtree, so it gets the same closed triangle.
        if (row.kind != RowKind::Span)
            drawTriangle(p_, x, midY, false, text);
        else if (row.flags & kRowHasChildren)
            drawTriangle(p_, x, midY, !(row.flags & kRowCollapsed), text);
        x += kTrianglePx + 4;
        // A swatch of the service color ties the label to its bar.
        const QColor swatch = serviceColor(m.service(row.span));
        p_.fillRect(QRect(x, midY - 4, 8, 8), swatch);
        x += 12;
        if (row.flags & kRowError) {
            p_.setPen(Qt::NoPen);
            p_.setBrush(kErrorColor);
            p_.drawEllipse(QPoint(x + 3, midY), 4, 4);
            x += 11;
        }
        QString label;
        QFont font = p_.font();
        if (row.kind == RowKind::Span) {
            label = toQString(m.service(row.span)) % u": " % toQString(m.name(row.span));
        } else {
            label = toQString(foldLabel(m, *in_.rows, row, in_.state->folds));
            font.setItalic(true);
        }
        p_.setFont(font);
        p_.setPen(text);
        const int width = in_.labelWidth - 8 - x;
        p_.drawText(QRect(x, g.top, width, g.height), Qt::AlignLeft | Qt::AlignVCenter,
                    QFontMetrics(font).elidedText(label, Qt::ElideRight, width));
        p_.restore();
    }

    void paintBar(const WaterfallRow& row, const RowGeometry& g) {
        const TraceModel& m = in_.data->model;
        const auto& axis = in_.axis;
        std::int64_t start = 0, end = 0;
        const FoldInfo* fold = nullptr;
        if (row.kind == RowKind::Span) {
            start = m.startNs(row.span);
            end = std::max(m.endNs(row.span), start);
        } else {
            fold = &in_.rows->folds[row.fold];
            start = fold->startNs;
            end = fold->endNs;
        }
        const double origin = double(in_.data->startNs);
        const double x0 = axis.xOf(double(start) - origin);
        const double x1 = axis.xOf(double(end) - origin);
        const double left = in_.labelWidth;
        const double right = area_.right() + 1;
        if (x1 < left - 2 || x0 > right)
            return paintOffscreenHint(x0 > right, row, start, end, g);
        p_.save();
        p_.setClipRect(QRectF(left, g.top, right - left, g.height));
        const QRectF bar(x0, g.barTop, std::max(2.0, x1 - x0), g.barHeight);
        const QColor color = serviceColor(m.service(row.span));
        if (fold) {
            // A fold is many bars in one: a lighter band with a hatch, not a solid span.
            QColor band = color;
            band.setAlpha(110);
            p_.fillRect(bar, band);
            p_.fillRect(bar, QBrush(color.darker(130), Qt::BDiagPattern));
        } else {
            p_.fillRect(bar, color);
        }
        if (row.flags & kRowError) {
            p_.setPen(QPen(kErrorColor, 2));
            p_.setBrush(Qt::NoBrush);
            p_.drawRect(bar.adjusted(1, 1, -1, -1));
        }
        if (!fold && in_.showPath)
            paintCriticalSegments(row.span, g);
        paintDurationText(end - start, bar, g);
        p_.restore();
    }

    void paintCriticalSegments(SpanIndex span, const RowGeometry& g) {
        const auto [from, to] = in_.data->segmentsOf(span);
        if (from == to)
            return;
        const double origin = double(in_.data->startNs);
        // Dark on the light service colors; a light rim keeps it visible at bar ends.
        const QColor line(0x21, 0x21, 0x21);
        const double y = g.barTop + g.barHeight / 2.0;
        for (auto it = from; it != to; ++it) {
            const auto& s = in_.data->path.segments[it->second];
            const double a = in_.axis.xOf(double(s.fromNs) - origin);
            const double b = std::max(a + 1, in_.axis.xOf(double(s.toNs) - origin));
            p_.fillRect(QRectF(a, y - 2, b - a, 4), line);
        }
    }

    void paintDurationText(std::int64_t ns, const QRectF& bar, const RowGeometry& g) {
        const QString text = toQString(formatDuration(ns));
        const int w = metrics_.horizontalAdvance(text) + 6;
        const double right = area_.right() + 1;
        QRectF box;
        if (bar.right() + w <= right) {
            box = QRectF(bar.right() + 3, g.top, w, g.height);
            p_.setPen(palette_.color(QPalette::Text));
        } else if (bar.width() > w + 4) {
            box = QRectF(bar.right() - w - 2, g.top, w, g.height);
            p_.setPen(QColor(0x10, 0x10, 0x10)); // on the bar's light service color
        } else {
            return;
        }
        p_.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, text);
    }

    // The span is out of the time window: a small arrow at the edge says where it is.
    void paintOffscreenHint(bool toTheRight, const WaterfallRow&, std::int64_t, std::int64_t,
                            const RowGeometry& g) {
        const int midY = g.top + g.height / 2;
        const int x = toTheRight ? area_.right() - 8 : in_.labelWidth + 3;
        QPolygonF arrow;
        if (toTheRight)
            arrow << QPointF(x, midY - 4) << QPointF(x, midY + 4) << QPointF(x + 6, midY);
        else
            arrow << QPointF(x + 6, midY - 4) << QPointF(x + 6, midY + 4) << QPointF(x, midY);
        p_.setPen(Qt::NoPen);
        p_.setBrush(palette_.color(QPalette::PlaceholderText));
        p_.drawPolygon(arrow);
    }

    QPainter& p_;
    QRect area_;
    const QPalette& palette_;
    const RowPaintInput& in_;
    QFontMetrics metrics_;
};

void paintGrid(QPainter& p, const QRect& area, const QPalette& palette, const RowPaintInput& in) {
    QColor grid = palette.color(QPalette::Text);
    grid.setAlpha(28);
    p.setPen(grid);
    for (double t : waterfall::tickTimes(in.axis, 90)) {
        const double x = in.axis.xOf(t);
        if (x >= in.labelWidth)
            p.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    }
    p.setPen(palette.color(QPalette::Mid));
    p.drawLine(in.labelWidth - 1, area.top(), in.labelWidth - 1, area.bottom());
}

} // namespace

waterfall::RowRange paintRows(QPainter& p, const QRect& area, const QPalette& palette,
                              const RowPaintInput& in) {
    p.fillRect(area, palette.base());
    if (!in.data || !in.rows)
        return {};
    const auto range = waterfall::visibleRows(in.scrollPx + area.top(), area.height(), in.rowHeight,
                                              in.rows->rows.size());
    RowPainter painter(p, area, palette, in);
    for (std::size_t i = range.first; i < range.last; ++i)
        painter.paint(i);
    paintGrid(p, area, palette, in);
    return range;
}

} // namespace casebook::ui
