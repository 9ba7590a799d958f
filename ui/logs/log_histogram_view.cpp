#include "ui/logs/log_histogram_view.h"

#include "core/util/time_text.h"
#include "ui/util/text.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace casebook::ui {
namespace {

constexpr int kAxisHeight = 18;
constexpr int kLeftMargin = 44;

} // namespace

QColor severityClassColor(LogLevelClass level) {
    switch (level) {
    case LogLevelClass::Unset:
        return {0x9e, 0x9e, 0x9e};
    case LogLevelClass::Debug:
        return {0x90, 0xa4, 0xae};
    case LogLevelClass::Info:
        return {0x42, 0x85, 0xd4};
    case LogLevelClass::Warn:
        return {0xf0, 0x9a, 0x1c};
    case LogLevelClass::Error:
        return {0xd3, 0x2f, 0x2f};
    case LogLevelClass::Fatal:
        return {0x7b, 0x1f, 0xa2};
    }
    return {};
}

LogHistogramView::LogHistogramView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true); // the crosshair follows the pointer
    setCursor(Qt::CrossCursor);
    setToolTip(tr("Drag across the histogram to narrow every pane to that time window"));
}

void LogHistogramView::setCrosshair(std::optional<std::int64_t> ns) {
    if (ns == crosshair_)
        return;
    crosshair_ = ns;
    update();
}

void LogHistogramView::setHistogram(LogHistogram histogram) {
    histogram_ = std::move(histogram);
    maxStack_ = 0;
    for (const auto& bucket : histogram_.buckets) {
        std::int64_t sum = 0;
        for (auto n : bucket)
            sum += n;
        maxStack_ = std::max(maxStack_, sum);
    }
    update();
}

QRect LogHistogramView::plotRect() const {
    return rect().adjusted(kLeftMargin, 4, -8, -kAxisHeight);
}

std::int64_t LogHistogramView::timeAt(int x) const {
    const QRect plot = plotRect();
    if (histogram_.bucketNs == 0 || plot.width() <= 0)
        return histogram_.fromNs;
    const double f = std::clamp(double(x - plot.left()) / plot.width(), 0.0, 1.0);
    const auto span = histogram_.toNs() - histogram_.fromNs;
    return histogram_.fromNs + static_cast<std::int64_t>(f * double(span));
}

int LogHistogramView::xOf(std::int64_t ns) const {
    const QRect plot = plotRect();
    const auto span = histogram_.toNs() - histogram_.fromNs;
    if (span <= 0)
        return plot.left();
    return plot.left() +
           static_cast<int>(double(ns - histogram_.fromNs) / double(span) * plot.width());
}

void LogHistogramView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.base());
    const QRect plot = plotRect();
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    if (histogram_.buckets.empty() || maxStack_ == 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, tr("No log records in view"));
        return;
    }
    // Stacked bars, most severe on top so that a burst of errors is seen at once.
    const double barWidth = double(plot.width()) / double(histogram_.buckets.size());
    for (std::size_t i = 0; i < histogram_.buckets.size(); ++i) {
        const double x = plot.left() + double(i) * barWidth;
        double y = plot.bottom();
        for (std::size_t level = 0; level < kLogLevelClasses; ++level) {
            const auto n = histogram_.buckets[i][level];
            if (n == 0)
                continue;
            const double h = double(n) / double(maxStack_) * plot.height();
            p.fillRect(QRectF(x, y - h, std::max(1.0, barWidth - 1), h),
                       severityClassColor(static_cast<LogLevelClass>(level)));
            y -= h;
        }
    }
    // Axis: the peak count and a few times.
    p.setPen(pal.color(QPalette::Text));
    const QFontMetrics fm = fontMetrics();
    p.drawText(QRect(0, plot.top(), kLeftMargin - 6, fm.height()), Qt::AlignRight,
               formatCount(maxStack_));
    p.drawText(QRect(0, plot.bottom() - fm.height(), kLeftMargin - 6, fm.height()), Qt::AlignRight,
               QStringLiteral("0"));
    const int ticks = std::max(2, plot.width() / 180);
    for (int t = 0; t <= ticks; ++t) {
        const int x = plot.left() + plot.width() * t / ticks;
        QString label = toQString(formatRfc3339(timeAt(x)));
        label = label.mid(5, 11).replace(u'T', u' '); // "11-20 09:00"
        const int w = fm.horizontalAdvance(label);
        const int left = std::clamp(x - w / 2, plot.left(), plot.right() - w);
        p.drawLine(x, plot.bottom(), x, plot.bottom() + 3);
        p.drawText(left, plot.bottom() + 3 + fm.ascent(), label);
    }
    if (crosshair_ && *crosshair_ >= histogram_.fromNs && *crosshair_ <= histogram_.toNs()) {
        QPen pen(pal.color(QPalette::Text));
        pen.setStyle(Qt::DotLine);
        p.setPen(pen);
        const int x = xOf(*crosshair_);
        p.drawLine(x, plot.top(), x, plot.bottom());
    }
    if (dragFrom_) {
        const int a = std::min(*dragFrom_, dragTo_), b = std::max(*dragFrom_, dragTo_);
        QColor band = pal.color(QPalette::Highlight);
        band.setAlpha(70);
        p.fillRect(QRect(a, plot.top(), b - a, plot.height()), band);
    }
}

void LogHistogramView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || histogram_.bucketNs == 0)
        return;
    dragFrom_ = event->position().toPoint().x();
    dragTo_ = *dragFrom_;
    update();
}

void LogHistogramView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    const QRect plot = plotRect();
    if (histogram_.bucketNs > 0 && pos.x() >= plot.left() && pos.x() <= plot.right())
        emit hovered(timeAt(pos.x()));
    else
        emit hovered(std::nullopt);
    if (!dragFrom_)
        return;
    dragTo_ = pos.x();
    update();
}

void LogHistogramView::leaveEvent(QEvent* event) {
    emit hovered(std::nullopt);
    QWidget::leaveEvent(event);
}

void LogHistogramView::mouseReleaseEvent(QMouseEvent* event) {
    if (!dragFrom_ || event->button() != Qt::LeftButton)
        return;
    dragTo_ = event->position().toPoint().x();
    const int a = std::min(*dragFrom_, dragTo_), b = std::max(*dragFrom_, dragTo_);
    dragFrom_.reset();
    update();
    if (b - a >= 3) // a click is not a range
        emit rangeChosen(timeAt(a), timeAt(b));
}

} // namespace casebook::ui
