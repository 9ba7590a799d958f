#include "ui/metrics/metric_chart_view.h"

#include "core/util/time_text.h"
#include "ui/metrics/change_marker_style.h"
#include "ui/util/text.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QLineSeries>
#include <QMenu>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace casebook::ui {
namespace {

constexpr int kHeader = 34; // title and subtitle above the plot
constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
constexpr std::int64_t kDayNs = 24 * 60 * kMinuteNs;
constexpr int kPixelsPerTimeLabel = 110;
// Ticks a day or more apart fall on midnights and are labelled with the date alone
// ("11-19"), so they may sit closer.
constexpr int kPixelsPerDateLabel = 64;
constexpr int kTimeAxis = 18;   // UTC labels below it
constexpr int kMarkerSlack = 4; // pixels around a marker that still hit it
constexpr double kNsPerMs = 1e6;

// "11-20 09:00" (UTC), as the log histogram labels its axis.
QString timeLabel(std::int64_t ns) {
    return toQString(formatRfc3339(ns)).mid(5, 11).replace(u'T', u' ');
}

// A tick under the plot: the date at midnight (and on the first tick), else the time.
QString tickLabel(std::int64_t ns, bool first) {
    const QString full = timeLabel(ns);
    if (ns % kDayNs == 0)
        return full.left(5);
    return first ? full : full.mid(6);
}

// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
double niceStep(double raw) {
    if (!(raw > 0) || !std::isfinite(raw))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / power;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

// Round steps of time, from a minute to a week.
std::int64_t timeStep(std::int64_t rangeNs, int maxTicks) {
    static constexpr std::int64_t minutes[] = {1,   2,   5,   10,  15,   30,   60,
                                               120, 180, 360, 720, 1440, 2880, 10080};
    for (const std::int64_t m : minutes)
        if (rangeNs / (m * kMinuteNs) <= maxTicks)
            return m * kMinuteNs;
    return minutes[std::size(minutes) - 1] * kMinuteNs;
}

QString valueText(double v, bool percent) {
    if (percent)
        return QString::number(v, 'f', v > 99 ? 2 : 1) + u'%';
    const double a = std::abs(v);
    if (a >= 1e6)
        return QString::number(v / 1e6, 'f', 2) + u'M';
    if (a >= 1e4)
        return QString::number(v / 1e3, 'f', 1) + u'k';
    if (a >= 100)
        return QString::number(v, 'f', 0);
    if (a >= 1)
        return QString::number(v, 'f', 2);
    return QString::number(v, 'g', 3);
}

} // namespace

QColor chartLineColor(int index) {
    static const QColor colors[] = {{0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e}, {0x2c, 0xa0, 0x2c},
                                    {0xd6, 0x27, 0x28}, {0x94, 0x67, 0xbd}, {0x8c, 0x56, 0x4b}};
    return colors[static_cast<std::size_t>(index) % std::size(colors)];
}

// Given its chart at construction: QChartView(QWidget*) makes a default chart that
// setChart() would release to nobody (found by LeakSanitizer).
MetricChartView::MetricChartView(QWidget* parent) : QChartView(new QChart(), parent) {
    QChart* c = chart();
    c->legend()->hide();
    c->setMargins(QMargins(4, kHeader, 8, kTimeAxis));
    c->setBackgroundRoundness(0);
    c->setAnimationOptions(QChart::NoAnimation);
    // The chart owns its axes (addAxis).
    axisX_ = new QValueAxis();
    axisX_->setLabelsVisible(false);
    axisX_->setTickCount(2);
    axisY_ = new QValueAxis();
    axisY_->setLabelFormat(QStringLiteral("%.3g"));
    c->addAxis(axisX_, Qt::AlignBottom);
    c->addAxis(axisY_, Qt::AlignLeft);
    setRubberBand(QChartView::NoRubberBand);
    setRenderHint(QPainter::Antialiasing, true);
    setMouseTracking(true);
    setCursor(Qt::CrossCursor);
    setFrameShape(QFrame::NoFrame);
    remove_ = new QToolButton(this);
    remove_->setText(QStringLiteral("×"));
    remove_->setAutoRaise(true);
    remove_->setToolTip(tr("Remove this chart"));
    connect(remove_, &QToolButton::clicked, this, &MetricChartView::removeRequested);
    // The plot's width settles after a resize (and after new data moves the value axis):
    // then, and only when it changed, the lines are worth reloading at the new width.
    widthSettle_ = new QTimer(this);
    widthSettle_->setSingleShot(true);
    widthSettle_->setInterval(80);
    connect(widthSettle_, &QTimer::timeout, this, [this] {
        const int width = plotWidth();
        if (width > 0 && std::abs(width - settledWidth_) > 2) {
            settledWidth_ = width;
            emit plotWidthChanged(width);
        }
    });
    applyPalette();
}

void MetricChartView::setAntialiased(bool on) {
    antialiased_ = on;
    setRenderHint(QPainter::Antialiasing, on);
}

void MetricChartView::applyPalette() {
    const QPalette pal = palette();
    chart()->setBackgroundBrush(pal.base());
    chart()->setPlotAreaBackgroundVisible(false);
    for (QValueAxis* axis : {axisX_, axisY_}) {
        axis->setLabelsBrush(pal.text());
        QPen grid(pal.color(QPalette::Mid));
        grid.setWidthF(0.5);
        axis->setGridLinePen(grid);
        axis->setLinePen(QPen(pal.color(QPalette::Mid)));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.85);
        axis->setLabelsFont(f);
    }
}

void MetricChartView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        invalidateOverlay();
    }
    QChartView::changeEvent(event);
}

void MetricChartView::invalidateOverlay() {
    overlayDirty_ = true;
    viewport()->update();
}

void MetricChartView::setData(ChartData data) {
    data_ = std::move(data);
    loading_ = false;
    rebuildSeries();
}

void MetricChartView::rebuildSeries() {
    // Dense lines gain nothing from antialiasing but cost twice the time to paint.
    std::size_t total = 0;
    for (const ChartLine& line : data_.lines)
        total += line.points.size();
    setRenderHint(QPainter::Antialiasing, antialiased_ && total <= 3000);
    for (QLineSeries* s : lines_) {
        chart()->removeSeries(s);
        delete s;
    }
    lines_.clear();
    for (const ChartLine& line : data_.lines) {
        auto* s = new QLineSeries();
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(line.points.size()));
        for (const auto& p : line.points)
            points.append(QPointF(double(p.timeNs - from_) / kNsPerMs, p.value));
        s->replace(points);
        QPen pen(line.dashed ? chartLineColor(line.colorIndex).lighter(140)
                             : chartLineColor(line.colorIndex));
        pen.setWidthF(line.dashed ? 1.3 : 1.6);
        if (line.dashed)
            pen.setStyle(Qt::DashLine);
        s->setPen(pen);
        s->setName(line.label);
        chart()->addSeries(s);
        s->attachAxis(axisX_);
        s->attachAxis(axisY_);
        lines_.push_back(s);
    }
    updateAxes();
    invalidateOverlay();
    widthSettle_->start();
}

void MetricChartView::updateAxes() {
    // X in milliseconds from the range start: doubles keep full precision there.
    axisX_->setRange(0, double(to_ - from_) / kNsPerMs);
    double lo = INFINITY, hi = -INFINITY;
    for (const ChartLine& line : data_.lines)
        for (const auto& p : line.points) {
            lo = std::min(lo, p.value);
            hi = std::max(hi, p.value);
        }
    for (const auto& t : data_.thresholds) {
        lo = std::min(lo, t.value);
        hi = std::max(hi, t.value);
    }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    if (lo > 0 && lo < hi * 0.5 && !data_.percent)
        lo = 0; // start counts and rates at zero unless they hover high
    if (hi - lo < 1e-12) {
        hi = lo + (lo == 0 ? 1 : std::abs(lo) * 0.1);
        lo = lo - (hi - lo);
    }
    if (data_.percent) {
        // A share never passes 100%: the top stays there, the bottom a round number below.
        lo = std::max(0.0, std::floor((lo - (hi - lo) * 0.05) / 10) * 10);
        hi = 100;
    } else {
        const double pad = (hi - lo) * 0.05;
        hi += pad;
        if (lo != 0)
            lo -= pad;
    }
    // Round numbers: 4 or 5 steps of 1, 2, 2.5 or 5 times a power of ten.
    const double step = niceStep((hi - lo) / 4);
    const double bottom = std::floor(lo / step + 1e-9) * step;
    const double top = std::max(bottom + step, std::ceil(hi / step - 1e-9) * step);
    axisY_->setRange(bottom, top);
    axisY_->setTickCount(static_cast<int>(std::lround((top - bottom) / step)) + 1);
    // As many decimals as the step needs.
    int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    if (std::abs(step / std::pow(10.0, -decimals) - std::round(step / std::pow(10.0, -decimals))) >
        1e-6)
        ++decimals; // 2.5 x 10^k
    axisY_->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) +
                           (data_.percent ? QStringLiteral("f%%") : QStringLiteral("f")));
}

double MetricChartView::valueMin() const {
    return axisY_->min();
}
double MetricChartView::valueMax() const {
    return axisY_->max();
}
int MetricChartView::valueTickCount() const {
    return axisY_->tickCount();
}

std::int64_t MetricChartView::timeTickStep() const {
    const int width = std::max(1, static_cast<int>(plotRect().width()));
    const std::int64_t byDates = timeStep(to_ - from_, std::max(2, width / kPixelsPerDateLabel));
    if (byDates >= kDayNs)
        return byDates;
    return timeStep(to_ - from_, std::max(2, width / kPixelsPerTimeLabel));
}

std::vector<std::int64_t> MetricChartView::timeTicks() const {
    const std::int64_t step = timeTickStep();
    std::vector<std::int64_t> out;
    // Aligned to the epoch: whole minutes, hours and UTC days.
    std::int64_t t = (from_ / step) * step;
    if (t < from_)
        t += step;
    for (; t <= to_; t += step)
        out.push_back(t);
    return out;
}

void MetricChartView::setTimeRange(std::int64_t fromNs, std::int64_t toNs) {
    if (toNs <= fromNs)
        toNs = fromNs + 1;
    const bool moved = fromNs != from_;
    from_ = fromNs;
    to_ = toNs;
    if (moved)
        rebuildSeries(); // points are relative to the range start
    else
        updateAxes();
    invalidateOverlay();
}

void MetricChartView::setChanges(std::shared_ptr<const std::vector<ChangeRow>> changes) {
    changes_ = std::move(changes);
    invalidateOverlay();
}

void MetricChartView::setCrosshair(std::optional<std::int64_t> ns) {
    if (ns == crosshair_)
        return;
    // Only the strips under the old and the new line (and their value boxes) repaint.
    QRegion dirty;
    if (crosshair_)
        dirty += crosshairArea(*crosshair_);
    crosshair_ = ns;
    if (crosshair_)
        dirty += crosshairArea(*crosshair_);
    viewport()->update(dirty);
}

void MetricChartView::setSelectedChange(std::optional<std::int64_t> changeId) {
    selectedChange_ = changeId;
    invalidateOverlay();
}

void MetricChartView::setLoading(bool loading) {
    loading_ = loading;
    invalidateOverlay();
}

QRectF MetricChartView::plotRect() const {
    return chart()->plotArea();
}

int MetricChartView::plotWidth() const {
    // Before the chart is shown at its size the plot area is a guess of Qt Charts'.
    const int width = static_cast<int>(plotRect().width());
    return isVisible() && width >= 32 ? width : 0;
}

int MetricChartView::pointCount() const {
    int n = 0;
    for (const QLineSeries* s : lines_)
        n += static_cast<int>(s->count());
    return n;
}

std::int64_t MetricChartView::timeAt(qreal sceneX) const {
    const QRectF plot = plotRect();
    const double f = std::clamp((sceneX - plot.left()) / std::max(1.0, plot.width()), 0.0, 1.0);
    return from_ + static_cast<std::int64_t>(f * double(to_ - from_));
}

qreal MetricChartView::xOf(std::int64_t ns) const {
    const QRectF plot = plotRect();
    return plot.left() + double(ns - from_) / double(to_ - from_) * plot.width();
}

double MetricChartView::yOf(double value) const {
    const QRectF plot = plotRect();
    const double lo = axisY_->min(), hi = axisY_->max();
    return plot.bottom() - (value - lo) / std::max(1e-300, hi - lo) * plot.height();
}

std::optional<ChangeRow> MetricChartView::changeAt(QPoint pos) const {
    if (!changes_)
        return std::nullopt;
    const QPointF scene = mapToScene(pos);
    const QRectF plot = plotRect();
    if (scene.y() < plot.top() - 4 || scene.y() > plot.bottom() + 4)
        return std::nullopt;
    std::optional<ChangeRow> best;
    double bestDistance = kMarkerSlack + 0.5;
    for (const ChangeRow& c : *changes_) {
        if (c.timeNs < from_ || c.timeNs > to_)
            continue;
        const double d = std::abs(xOf(c.timeNs) - scene.x());
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

void MetricChartView::paintOverlay(QPainter* p) {
    const QPalette pal = palette();
    const QRectF plot = plotRect();
    const QRectF whole = chart()->rect();
    p->setRenderHint(QPainter::Antialiasing, false);

    // Windows (maintenance, incidents) and SLO alert bands behind the markers.
    if (changes_)
        for (const ChangeRow& c : *changes_) {
            if (!c.endNs || !isWindowKind(c.kind) || *c.endNs < from_ || c.timeNs > to_)
                continue;
            QColor band = changeKindColor(c.kind);
            band.setAlpha(34);
            const double a = std::max(plot.left(), xOf(c.timeNs));
            const double b = std::min(plot.right(), xOf(*c.endNs));
            p->fillRect(QRectF(a, plot.top(), std::max(1.0, b - a), plot.height()), band);
        }
    for (const ChartBand& band : data_.bands) {
        if (band.toNs < from_ || band.fromNs > to_)
            continue;
        const double a = std::max(plot.left(), xOf(band.fromNs));
        const double b = std::min(plot.right(), xOf(band.toNs));
        p->fillRect(QRectF(a, plot.top(), std::max(1.0, b - a), plot.height()), band.color);
    }
    // Threshold lines.
    const QFont small = smallFont();
    p->setFont(small);
    const QFontMetricsF fm(small);
    for (const auto& t : data_.thresholds) {
        const double y = yOf(t.value);
        if (y < plot.top() || y > plot.bottom())
            continue;
        QPen pen(QColor(0xd3, 0x2f, 0x2f));
        pen.setStyle(Qt::DashLine);
        p->setPen(pen);
        p->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p->drawText(QPointF(plot.right() - fm.horizontalAdvance(t.label) - 4, y - 3), t.label);
    }
    // Change markers: a line from top to bottom of the plot, a small cap on top.
    if (changes_)
        for (const ChangeRow& c : *changes_) {
            if (c.timeNs < from_ || c.timeNs > to_)
                continue;
            const double x = std::round(xOf(c.timeNs)) + 0.5;
            const bool selected = selectedChange_ && *selectedChange_ == c.id;
            QPen pen(changeKindColor(c.kind));
            pen.setWidthF(selected ? 3 : 1.2);
            p->setPen(pen);
            p->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            p->fillRect(QRectF(x - 3, plot.top() - 5, 6, 5), changeKindColor(c.kind));
        }
    // Time labels in UTC below the plot, at round times.
    p->setPen(pal.color(QPalette::Text));
    bool firstTick = true;
    for (const std::int64_t t : timeTicks()) {
        const double x = std::round(xOf(t)) + 0.5;
        const QString label = tickLabel(t, firstTick);
        firstTick = false;
        const double w = fm.horizontalAdvance(label);
        const double left = std::clamp(x - w / 2, whole.left() + 2, whole.right() - w - 2);
        p->drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3));
        p->drawText(QPointF(left, plot.bottom() + 3 + fm.ascent()), label);
    }
    // Header: title, subtitle and the change in words on the first line (room left for
    // the remove button), a legend of the lines on the second.
    QFont bold = font();
    bold.setBold(true);
    p->setFont(bold);
    const QFontMetricsF fb(bold);
    const double headerY = whole.top() + 4 + fb.ascent();
    const double headerRight = whole.right() - 30;
    const QString title = data_.title.isEmpty() ? tr("Loading…") : data_.title;
    p->drawText(QPointF(whole.left() + 8, headerY),
                fb.elidedText(title, Qt::ElideMiddle, headerRight - whole.left() - 8));
    double x = whole.left() + 8 + fb.horizontalAdvance(title) + 10;
    p->setFont(small);
    if (x < headerRight) {
        p->setPen(pal.color(QPalette::PlaceholderText));
        const QString subtitle = fm.elidedText(data_.subtitle, Qt::ElideRight, headerRight - x);
        p->drawText(QPointF(x, headerY), subtitle);
        x += fm.horizontalAdvance(subtitle) + 14;
    }
    if (!data_.comparison.isEmpty() && x < headerRight) {
        const bool bad = data_.comparison.startsWith(u'-') ||
                         data_.comparison.startsWith(QStringLiteral("Broken"));
        p->setPen(bad ? QColor(0xd3, 0x2f, 0x2f) : pal.color(QPalette::Text));
        QFont strong = small;
        strong.setBold(true);
        p->setFont(strong);
        p->drawText(QPointF(x, headerY), QFontMetricsF(strong).elidedText(
                                             data_.comparison, Qt::ElideRight, headerRight - x));
        p->setFont(small);
    }
    double lx = whole.right() - 10;
    for (auto it = data_.lines.rbegin(); it != data_.lines.rend(); ++it) {
        const double w = fm.horizontalAdvance(it->label);
        lx -= w;
        p->setPen(pal.color(QPalette::Text));
        p->drawText(QPointF(lx, headerY + fm.height() + 1), it->label);
        QPen pen(chartLineColor(it->colorIndex));
        pen.setWidth(2);
        if (it->dashed)
            pen.setStyle(Qt::DashLine);
        p->setPen(pen);
        const double y = headerY + fm.height() - fm.ascent() / 2 + 1;
        p->drawLine(QPointF(lx - 16, y), QPointF(lx - 4, y));
        lx -= 24;
    }
    if (!data_.error.isEmpty() || loading_ || (data_.lines.empty() && !data_.title.isEmpty())) {
        p->setPen(pal.color(QPalette::PlaceholderText));
        p->drawText(plot, Qt::AlignCenter,
                    !data_.error.isEmpty() ? data_.error
                    : loading_             ? tr("Loading…")
                                           : tr("No data in this range"));
    }
}

// The value box beside the crosshair: the value of the first line there and the time.
QRectF MetricChartView::crosshairBox(std::int64_t ns, QString* text) const {
    if (data_.lines.empty() || data_.lines.front().points.empty())
        return {};
    const auto& pts = data_.lines.front().points;
    const auto it =
        std::lower_bound(pts.begin(), pts.end(), ns,
                         [](const PlotPoint& a, std::int64_t t) { return a.timeNs < t; });
    const PlotPoint& near = it == pts.end() ? pts.back() : *it;
    const QString label =
        valueText(near.value, data_.percent) + QStringLiteral("  ") + timeLabel(ns);
    const QFontMetricsF fm(smallFont());
    const QRectF plot = plotRect();
    const double cx = std::round(xOf(ns)) + 0.5;
    const double w = fm.horizontalAdvance(label) + 8;
    const double tx = cx + 6 + w > plot.right() ? cx - 6 - w : cx + 6;
    if (text)
        *text = label;
    return QRectF(tx, plot.top() + 2, w, fm.height() + 2);
}

QRect MetricChartView::crosshairArea(std::int64_t ns) const {
    const QRectF plot = plotRect();
    const double cx = std::round(xOf(ns)) + 0.5;
    QRectF area(cx - 2, plot.top() - 1, 4, plot.height() + 2);
    area |= crosshairBox(ns, nullptr).adjusted(-2, -2, 2, 2);
    return mapFromScene(area).boundingRect().adjusted(-1, -1, 1, 1);
}

QFont MetricChartView::smallFont() const {
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    return small;
}

void MetricChartView::drawForeground(QPainter* p, const QRectF&) {
    p->save();
    const QPaintEngine::Type engine = p->paintEngine()->type();
    if (engine == QPaintEngine::SVG || engine == QPaintEngine::Pdf ||
        engine == QPaintEngine::Picture) {
        // Rendered to a vector picture (an SVG or PDF export): painted as it is, so that
        // the labels stay text.
        paintOverlay(p);
        p->restore();
        return;
    }
    // Markers, bands and labels change with the data, the range and the changes, not with
    // the crosshair: they are painted once into a picture of the viewport.
    const qreal dpr = viewport()->devicePixelRatioF();
    const QSize pixels = viewport()->size() * dpr;
    if (overlayDirty_ || overlay_.size() != pixels) {
        overlay_ = QPixmap(pixels);
        overlay_.setDevicePixelRatio(dpr);
        overlay_.fill(Qt::transparent);
        QPainter op(&overlay_);
        op.setTransform(QTransform::fromTranslate(-mapToScene(QPoint(0, 0)).x(),
                                                  -mapToScene(QPoint(0, 0)).y()));
        paintOverlay(&op);
        overlayDirty_ = false;
        ++overlayBuilds_;
    }
    p->drawPixmap(mapToScene(QPoint(0, 0)), overlay_);
    const QPalette pal = palette();
    const QRectF plot = plotRect();
    p->setRenderHint(QPainter::Antialiasing, false);
    // The crosshair, with the value of the first line there.
    if (crosshair_ && *crosshair_ >= from_ && *crosshair_ <= to_) {
        const double cx = std::round(xOf(*crosshair_)) + 0.5;
        QPen pen(pal.color(QPalette::Text));
        pen.setStyle(Qt::DotLine);
        p->setPen(pen);
        p->drawLine(QPointF(cx, plot.top()), QPointF(cx, plot.bottom()));
        QString text;
        const QRectF box = crosshairBox(*crosshair_, &text);
        if (!box.isEmpty()) {
            p->setFont(smallFont());
            p->fillRect(box, pal.color(QPalette::ToolTipBase));
            p->setPen(pal.color(QPalette::ToolTipText));
            p->drawText(box, Qt::AlignCenter, text);
        }
    }
    if (dragFrom_) {
        QColor band = pal.color(QPalette::Highlight);
        band.setAlpha(70);
        const double a = std::min(*dragFrom_, dragTo_), b = std::max(*dragFrom_, dragTo_);
        p->fillRect(QRectF(a, plot.top(), b - a, plot.height()), band);
    }
    p->restore();
}

void MetricChartView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return;
    dragFrom_ = mapToScene(event->position().toPoint()).x();
    dragTo_ = *dragFrom_;
    viewport()->update();
}

void MetricChartView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    const QPointF scene = mapToScene(pos);
    const QRectF plot = plotRect();
    if (dragFrom_) {
        dragTo_ = std::clamp(scene.x(), plot.left(), plot.right());
        viewport()->update();
    }
    if (scene.x() >= plot.left() && scene.x() <= plot.right())
        emit crosshairMoved(timeAt(scene.x()));
    else
        emit crosshairMoved(std::nullopt);
    if (const auto c = changeAt(pos)) {
        QToolTip::showText(
            event->globalPosition().toPoint(),
            QStringLiteral("<b>%1</b><br>%2 · %3%4<br>%5")
                .arg(toQString(c->title).toHtmlEscaped(), changeKindLabel(c->kind),
                     c->service.empty() ? QString() : toQString(c->service) + QStringLiteral(" · "),
                     toQString(c->tenant), toQString(formatRfc3339(c->timeNs))),
            this);
        setCursor(Qt::PointingHandCursor);
    } else {
        QToolTip::hideText();
        setCursor(Qt::CrossCursor);
    }
}

void MetricChartView::mouseReleaseEvent(QMouseEvent* event) {
    if (!dragFrom_ || event->button() != Qt::LeftButton)
        return;
    const double a = std::min(*dragFrom_, dragTo_), b = std::max(*dragFrom_, dragTo_);
    dragFrom_.reset();
    viewport()->update();
    if (b - a >= 4) {
        emit rangeDragged(timeAt(a), timeAt(b));
        return;
    }
    if (const auto c = changeAt(event->position().toPoint()))
        emit changeClicked(*c);
}

void MetricChartView::leaveEvent(QEvent* event) {
    emit crosshairMoved(std::nullopt);
    QChartView::leaveEvent(event);
}

void MetricChartView::resizeEvent(QResizeEvent* event) {
    QChartView::resizeEvent(event);
    remove_->move(width() - remove_->sizeHint().width() - 4, 2);
    overlayDirty_ = true;
    widthSettle_->start();
}

void MetricChartView::showEvent(QShowEvent* event) {
    QChartView::showEvent(event);
    widthSettle_->start();
}

QMenu* MetricChartView::createContextMenu(QWidget* parent) {
    auto* menu = new QMenu(parent);
    QAction* pin = menu->addAction(tr("Pin Chart Range…"), this, &MetricChartView::pinRequested);
    pin->setEnabled(!loading_ && !data_.lines.empty());
    menu->addSeparator();
    menu->addAction(tr("Export Chart as PNG…"), this, [this] { emit exportRequested(false); });
    menu->addAction(tr("Export Chart as SVG…"), this, [this] { emit exportRequested(true); });
    menu->addSeparator();
    menu->addAction(tr("Remove Chart"), this, &MetricChartView::removeRequested);
    return menu;
}

void MetricChartView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu* menu = createContextMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

} // namespace casebook::ui
