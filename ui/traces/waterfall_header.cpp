#include "ui/traces/waterfall_header.h"

#include "core/util/time_text.h"
#include "ui/traces/service_palette.h"
#include "ui/traces/waterfall_view.h"
#include "ui/util/text.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace casebook::ui {

using namespace waterfall;

WaterfallHeader::WaterfallHeader(WaterfallView* view) : QWidget(view), view_(view) {
    setObjectName(QStringLiteral("waterfallHeader"));
    setMouseTracking(false);
    setToolTip(tr("Minimap: click or drag to move the window. Ruler: drag a range to zoom."));
}

QRect WaterfallHeader::minimapRect() const {
    return QRect(view_->labelWidth(), kLegendHeight + 3, width() - view_->labelWidth() - 4,
                 kMinimapHeight - 6);
}

QRect WaterfallHeader::rulerRect() const {
    return QRect(0, kLegendHeight + kMinimapHeight, width(), kRulerHeight);
}

TimeAxis WaterfallHeader::minimapAxis() const {
    const QRect r = minimapRect();
    const double total =
        view_->data() ? double(std::max<std::int64_t>(1, view_->data()->durationNs())) : 1.0;
    return {0, total, double(r.left()), double(std::max(1, r.width()))};
}

void WaterfallHeader::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (!view_->data())
        return;
    paintLegend(p, QRect(0, 0, width(), kLegendHeight));
    paintMinimap(p, QRect(0, kLegendHeight, width(), kMinimapHeight));
    paintRuler(p, rulerRect());
}

void WaterfallHeader::paintLegend(QPainter& p, const QRect& rect) {
    const TraceData& data = *view_->data();
    const QFontMetrics metrics(font());
    int x = rect.left() + 6;
    p.setPen(palette().color(QPalette::WindowText));
    for (const auto& [service, count] : data.services) {
        const QString name = toQString(data.model.strings()[service]);
        const int w = 14 + metrics.horizontalAdvance(name) + 14;
        if (x + w > rect.right()) {
            p.drawText(QRect(x, rect.top(), rect.right() - x, rect.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("…"));
            break;
        }
        p.fillRect(QRect(x, rect.center().y() - 5, 10, 10),
                   serviceColor(data.model.strings()[service]));
        p.drawText(QRect(x + 14, rect.top(), w, rect.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   name);
        x += w;
    }
}

void WaterfallHeader::paintMinimap(QPainter& p, const QRect&) {
    const TraceData& data = *view_->data();
    const QRect r = minimapRect();
    p.fillRect(r, palette().base());
    const auto peak =
        std::max<std::uint32_t>(1, *std::max_element(data.density.begin(), data.density.end()));
    const double binWidth = double(r.width()) / double(data.density.size());
    QColor fill = palette().color(QPalette::Text);
    fill.setAlpha(110);
    const QColor error(0xd3, 0x2f, 0x2f);
    for (std::size_t b = 0; b < data.density.size(); ++b) {
        if (!data.density[b])
            continue;
        const double scale = double(r.height() - 2) / peak;
        const double h = std::max(1.0, data.density[b] * scale);
        const double x = r.left() + b * binWidth, w = std::max(1.0, binWidth);
        p.fillRect(QRectF(x, r.bottom() + 1 - h, w, h), fill);
        // The erroring share of the bin, in red at its foot.
        if (data.errorDensity[b]) {
            const double e = std::max(2.0, data.errorDensity[b] * scale);
            p.fillRect(QRectF(x, r.bottom() + 1 - e, w, e), error);
        }
    }
    // The visible window over the whole trace.
    const TimeAxis axis = minimapAxis();
    const Window w = view_->timeWindow();
    const double x0 = axis.xOf(w.fromNs), x1 = std::max(x0 + 3, axis.xOf(w.toNs));
    QColor highlight = palette().color(QPalette::Highlight);
    QColor translucent = highlight;
    translucent.setAlpha(50);
    p.fillRect(QRectF(x0, r.top(), x1 - x0, r.height()), translucent);
    p.setPen(QPen(highlight, 2));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(x0, r.top() + 1, x1 - x0, r.height() - 2));
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(6, r.top(), view_->labelWidth() - 12, r.height()),
               Qt::AlignLeft | Qt::AlignVCenter, tr("Overview"));
}

void WaterfallHeader::paintRuler(QPainter& p, const QRect& rect) {
    const TimeAxis axis = view_->axis();
    p.fillRect(rect, palette().button());
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(rect.bottomLeft(), rect.bottomRight());
    p.setPen(palette().color(QPalette::ButtonText));
    const Window w = view_->timeWindow();
    const double step = tickStep(axis.spanNs(), axis.width, 90);
    p.drawText(QRect(6, rect.top(), view_->labelWidth() - 12, rect.height()),
               Qt::AlignLeft | Qt::AlignVCenter,
               tr("Span  ·  window %1 – %2")
                   .arg(toQString(formatDuration(std::int64_t(w.fromNs))),
                        toQString(formatDuration(std::int64_t(w.toNs)))));
    const QFontMetrics metrics(font());
    int lastRight = view_->labelWidth();
    for (double t : tickTimes(axis, 90)) {
        const int x = int(axis.xOf(t));
        if (x < view_->labelWidth() || x > rect.right())
            continue;
        p.drawLine(x, rect.bottom() - 6, x, rect.bottom());
        const QString label = toQString(tickLabel(t, step));
        const int lw = metrics.horizontalAdvance(label);
        // Labels sit right of their tick; one that would run into the next is skipped.
        if (x + 3 < lastRight || x + 3 + lw > rect.right())
            continue;
        p.drawText(QRect(x + 3, rect.top(), lw + 2, rect.height() - 4),
                   Qt::AlignLeft | Qt::AlignVCenter, label);
        lastRight = x + 3 + lw + 8;
    }
    if (drag_ == Drag::Ruler && rulerFrom_ != rulerTo_) {
        QColor sel = palette().color(QPalette::Highlight);
        sel.setAlpha(90);
        const int a = std::max(std::min(rulerFrom_, rulerTo_), view_->labelWidth());
        p.fillRect(QRect(a, rect.top(), std::max(rulerFrom_, rulerTo_) - a, rect.height()), sel);
    }
}

void WaterfallHeader::centerWindowAt(int x) {
    const TimeAxis axis = minimapAxis();
    const Window w = view_->timeWindow();
    const double half = (w.toNs - w.fromNs) / 2;
    const double center = axis.timeAt(x);
    view_->setTimeWindow({center - half, center + half});
}

void WaterfallHeader::mousePressEvent(QMouseEvent* event) {
    if (!view_->data() || event->button() != Qt::LeftButton)
        return;
    const QPoint pos = event->position().toPoint();
    if (minimapRect().adjusted(0, -3, 0, 3).contains(pos)) {
        drag_ = Drag::Minimap;
        centerWindowAt(pos.x());
    } else if (rulerRect().contains(pos) && pos.x() >= view_->labelWidth()) {
        drag_ = Drag::Ruler;
        rulerFrom_ = rulerTo_ = pos.x();
    }
}

void WaterfallHeader::mouseMoveEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    if (drag_ == Drag::Minimap) {
        centerWindowAt(pos.x());
    } else if (drag_ == Drag::Ruler) {
        rulerTo_ = std::clamp(pos.x(), view_->labelWidth(), width());
        update();
    }
}

void WaterfallHeader::mouseReleaseEvent(QMouseEvent*) {
    if (drag_ == Drag::Ruler && std::abs(rulerTo_ - rulerFrom_) > 3) {
        const TimeAxis axis = view_->axis();
        const double a = axis.timeAt(std::min(rulerFrom_, rulerTo_));
        const double b = axis.timeAt(std::max(rulerFrom_, rulerTo_));
        view_->setTimeWindow({a, b});
    }
    drag_ = Drag::None;
    update();
}

} // namespace casebook::ui
