#include "ui/traces/waterfall_view.h"

#include "ui/traces/waterfall_header.h"
#include "ui/traces/waterfall_row_painter.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace casebook::ui {
namespace {

// The horizontal bar maps the whole trace onto this many units; pixels would overflow
// an int when a long trace is zoomed to microseconds.
constexpr int kScrollUnits = 1'000'000;

} // namespace

WaterfallView::WaterfallView(QWidget* parent)
    : QAbstractScrollArea(parent), header_(new WaterfallHeader(this)) {
    setObjectName(QStringLiteral("waterfallView"));
    setFocusPolicy(Qt::StrongFocus);
    setViewportMargins(0, WaterfallHeader::kHeight, 0, 0);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    rowHeight_ = std::max(22, fontMetrics().height() + 8);
    horizontalScrollBar()->setRange(0, 0);
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (updatingBars_ || !data_)
            return;
        const double length = window_.toNs - window_.fromNs;
        setTimeWindow(
            {value * totalNs() / kScrollUnits, value * totalNs() / kScrollUnits + length});
    });
}

WaterfallView::~WaterfallView() = default;

double WaterfallView::totalNs() const {
    return data_ ? double(std::max<std::int64_t>(1, data_->durationNs())) : 1.0;
}

void WaterfallView::setTrace(std::shared_ptr<const TraceData> data) {
    data_ = std::move(data);
    state_ = {};
    matches_ = {};
    selected_ = kNoSpan;
    selectedFold_ = false;
    rows_ = data_ ? data_->initialRows : WaterfallRows{};
    window_ = {0, totalNs()};
    verticalScrollBar()->setValue(0);
    updateScrollBars();
    header_->update();
    viewport()->update();
    emit rowsChanged();
    emit timeWindowChanged();
}

void WaterfallView::clear() {
    setTrace(nullptr);
}

std::optional<std::size_t> WaterfallView::selectedRow() const {
    if (selected_ == kNoSpan)
        return std::nullopt;
    return rows_.rowOf(selected_);
}

SpanIndex WaterfallView::selectedSpan() const {
    return selectedFold_ ? kNoSpan : selected_;
}

void WaterfallView::recomputeRows() {
    if (!data_)
        return;
    state_.search = &matches_;
    rows_ = waterfallRows(data_->model, state_);
    updateScrollBars();
    viewport()->update();
    emit rowsChanged();
}

void WaterfallView::setSelection(std::optional<std::size_t> row, bool notify) {
    if (!row || *row >= rows_.rows.size()) {
        selected_ = kNoSpan;
        selectedFold_ = false;
        viewport()->update();
        return;
    }
    const WaterfallRow& r = rows_.rows[*row];
    const bool changed = selected_ != r.span || selectedFold_ != (r.kind != RowKind::Span);
    selected_ = r.span;
    selectedFold_ = r.kind != RowKind::Span;
    scrollToRow(*row);
    viewport()->update();
    if (changed && notify && !selectedFold_)
        emit spanSelected(selected_);
}

void WaterfallView::selectRow(std::size_t row) {
    setSelection(row, true);
}

void WaterfallView::selectSpan(SpanIndex span) {
    if (!data_ || span >= data_->model.size())
        return;
    const auto before = rows_.rows.size();
    state_.search = &matches_;
    rows_ = revealSpan(state_, data_->model, span);
    if (rows_.rows.size() != before)
        emit rowsChanged();
    updateScrollBars();
    const auto row = rows_.rowOf(span);
    if (!row)
        return; // filtered out by an "only matches" search
    // Bring the bar into the time window too, when it is outside.
    const double from = double(data_->model.startNs(span) - data_->startNs);
    const double to = double(data_->model.endNs(span) - data_->startNs);
    if (to < window_.fromNs || from > window_.toNs) {
        const double length = window_.toNs - window_.fromNs;
        setTimeWindow({from - length * 0.1, from + length * 0.9});
    }
    setSelection(row, true);
}

void WaterfallView::scrollToRow(std::size_t row) {
    const int top = static_cast<int>(row) * rowHeight_;
    const int height = viewport()->height();
    auto* bar = verticalScrollBar();
    if (top < bar->value())
        bar->setValue(top);
    else if (top + rowHeight_ > bar->value() + height)
        bar->setValue(top + rowHeight_ - height);
}

void WaterfallView::setSearch(const QString& text) {
    if (!data_)
        return;
    matches_ = searchTrace(data_->model, text.trimmed().toStdString());
    recomputeRows();
}

void WaterfallView::setMatches(TraceMatches matches) {
    matches_ = std::move(matches);
    recomputeRows();
}

void WaterfallView::setSearchMode(SearchMode mode) {
    state_.searchMode = mode;
    recomputeRows();
}

bool WaterfallView::selectMatch(bool forward) {
    if (!matches_.active())
        return false;
    const SpanIndex from = selectedFold_ ? kNoSpan : selected_;
    const auto next = forward ? nextMatch(matches_, from) : previousMatch(matches_, from);
    if (!next)
        return false;
    selectSpan(*next);
    return true;
}

void WaterfallView::setCriticalPathShown(bool shown) {
    showPath_ = shown;
    viewport()->update();
}

bool WaterfallView::selectCriticalSegment(bool forward) {
    if (!data_ || data_->path.segments.empty())
        return false;
    std::optional<std::size_t> segment;
    const SpanIndex current = selectedSpan();
    if (current == kNoSpan)
        segment = forward ? std::optional<std::size_t>(0)
                          : std::optional<std::size_t>(data_->path.segments.size() - 1);
    else
        segment = forward ? nextSegment(data_->path, data_->model, current)
                          : previousSegment(data_->path, data_->model, current);
    if (!segment)
        return false;
    const auto& s = data_->path.segments[*segment];
    selectSpan(s.span);
    // Show the segment itself: at least the segment, with some context around it.
    const double from = double(s.fromNs - data_->startNs), to = double(s.toNs - data_->startNs);
    if (from < window_.fromNs || to > window_.toNs) {
        const double margin = std::max((to - from) * 0.25, 1000.0);
        setTimeWindow({from - margin, std::max(to + margin, from + window_.toNs - window_.fromNs)});
    }
    return true;
}

void WaterfallView::setFoldOptions(const FoldOptions& options) {
    state_.folds = options;
    recomputeRows();
}

void WaterfallView::expandAll() {
    ::casebook::expandAll(state_);
    recomputeRows();
}

void WaterfallView::collapseAll() {
    if (!data_)
        return;
    collapseToDepth(state_, data_->model, 0);
    recomputeRows();
}

void WaterfallView::toggleRow(std::size_t row) {
    if (!data_ || row >= rows_.rows.size())
        return;
    const WaterfallRow& r = rows_.rows[row];
    if (r.kind != RowKind::Span)
        return expandFold(row);
    if (!(r.flags & kRowHasChildren))
        return;
    toggleCollapsed(state_, data_->model, r.span);
    recomputeRows();
}

void WaterfallView::expandFold(std::size_t row) {
    if (!data_ || row >= rows_.rows.size() || rows_.rows[row].kind == RowKind::Span)
        return;
    const SpanIndex first = rows_.rows[row].span;
    state_.expandedFolds.insert(first);
    recomputeRows();
    // The selection lands on the first member, where the fold was.
    if (selected_ == first)
        selectedFold_ = false;
    setSelection(rows_.rowOf(first), true);
}

void WaterfallView::setTimeWindow(waterfall::Window window) {
    if (!data_)
        return;
    const auto clamped = waterfall::clampWindow(window, totalNs(), std::min(1000.0, totalNs()));
    if (clamped.fromNs == window_.fromNs && clamped.toNs == window_.toNs)
        return;
    window_ = clamped;
    syncHorizontalBar();
    header_->update();
    viewport()->update();
    emit timeWindowChanged();
}

void WaterfallView::fit() {
    setTimeWindow({0, totalNs()});
}

void WaterfallView::zoomAt(double anchorNs, double factor) {
    setTimeWindow(waterfall::zoomAround(window_, anchorNs, factor, totalNs()));
}

int WaterfallView::headerHeight() const {
    return WaterfallHeader::kHeight;
}

waterfall::TimeAxis WaterfallView::axis() const {
    const double left = labelWidth_ + 6;
    // Room on the right for the duration text of a bar that ends at the trace end.
    const double width = std::max(40.0, viewport()->width() - left - 64);
    return {window_.fromNs, window_.toNs, left, width};
}

waterfall::RowRange WaterfallView::visibleRowRange() const {
    return waterfall::visibleRows(verticalScrollBar()->value(), viewport()->height(), rowHeight_,
                                  rows_.rows.size());
}

void WaterfallView::updateScrollBars() {
    auto* v = verticalScrollBar();
    const int content = static_cast<int>(
        std::min<std::size_t>(rows_.rows.size() * rowHeight_, std::size_t(INT32_MAX / 2)));
    v->setRange(0, std::max(0, content - viewport()->height()));
    v->setPageStep(std::max(rowHeight_, viewport()->height() - rowHeight_));
    v->setSingleStep(rowHeight_);
    syncHorizontalBar();
}

void WaterfallView::syncHorizontalBar() {
    updatingBars_ = true;
    auto* h = horizontalScrollBar();
    const double total = totalNs();
    const int page =
        std::max(1, int(std::lround((window_.toNs - window_.fromNs) / total * kScrollUnits)));
    h->setRange(0, data_ ? std::max(0, kScrollUnits - page) : 0);
    h->setPageStep(page);
    h->setSingleStep(std::max(1, page / 10));
    h->setValue(int(std::lround(window_.fromNs / total * kScrollUnits)));
    updatingBars_ = false;
}

void WaterfallView::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    if (!data_) {
        p.fillRect(viewport()->rect(), palette().base());
        return;
    }
    RowPaintInput in;
    in.data = data_.get();
    in.rows = &rows_;
    in.state = &state_;
    in.matches = &matches_;
    in.axis = axis();
    in.scrollPx = verticalScrollBar()->value();
    in.rowHeight = rowHeight_;
    in.labelWidth = labelWidth_;
    in.selectedRow = selectedRow();
    in.showPath = showPath_;
    painted_ = paintRows(p, viewport()->rect(), palette(), in);
}

void WaterfallView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    header_->setGeometry(viewport()->x(), viewport()->y() - WaterfallHeader::kHeight,
                         viewport()->width(), WaterfallHeader::kHeight);
    updateScrollBars();
}

bool WaterfallView::viewportEvent(QEvent* event) {
    // Keep the header glued to the viewport when scroll bars appear or vanish.
    if (event->type() == QEvent::Resize)
        header_->setGeometry(viewport()->x(), viewport()->y() - WaterfallHeader::kHeight,
                             viewport()->width(), WaterfallHeader::kHeight);
    return QAbstractScrollArea::viewportEvent(event);
}

void WaterfallView::scrollContentsBy(int, int) {
    viewport()->update();
}

void WaterfallView::moveSelection(std::ptrdiff_t delta) {
    if (rows_.rows.empty())
        return;
    const auto current = selectedRow();
    const auto last = static_cast<std::ptrdiff_t>(rows_.rows.size()) - 1;
    const std::ptrdiff_t target =
        current ? std::clamp(static_cast<std::ptrdiff_t>(*current) + delta, std::ptrdiff_t(0), last)
                : 0;
    setSelection(static_cast<std::size_t>(target), true);
}

void WaterfallView::handleLeft() {
    const auto row = selectedRow();
    if (!row)
        return moveSelection(0);
    const WaterfallRow& r = rows_.rows[*row];
    if (r.kind == RowKind::Span && (r.flags & kRowHasChildren) && !(r.flags & kRowCollapsed))
        return toggleRow(*row);
    const SpanIndex parent = data_->model.parent(r.span);
    if (parent != kNoSpan)
        setSelection(rows_.rowOf(parent), true);
}

void WaterfallView::handleRight() {
    const auto row = selectedRow();
    if (!row)
        return moveSelection(0);
    const WaterfallRow& r = rows_.rows[*row];
    if (r.kind != RowKind::Span)
        return expandFold(*row);
    if (!(r.flags & kRowHasChildren))
        return;
    if (r.flags & kRowCollapsed)
        return toggleRow(*row);
    if (*row + 1 < rows_.rows.size() && rows_.rows[*row + 1].depth > r.depth)
        setSelection(*row + 1, true);
}

void WaterfallView::keyPressEvent(QKeyEvent* event) {
    if (!data_)
        return QAbstractScrollArea::keyPressEvent(event);
    const int page = std::max(1, viewport()->height() / rowHeight_ - 1);
    switch (event->key()) {
    case Qt::Key_Up:
        return moveSelection(-1);
    case Qt::Key_Down:
        return moveSelection(1);
    case Qt::Key_PageUp:
        return moveSelection(-page);
    case Qt::Key_PageDown:
        return moveSelection(page);
    case Qt::Key_Home:
        return setSelection(std::size_t(0), true);
    case Qt::Key_End:
        return setSelection(rows_.rows.empty() ? std::optional<std::size_t>()
                                               : std::optional(rows_.rows.size() - 1),
                            true);
    case Qt::Key_Left:
        return handleLeft();
    case Qt::Key_Right:
        return handleRight();
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (const auto row = selectedRow())
            toggleRow(*row);
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        return zoomAt((window_.fromNs + window_.toNs) / 2, 0.5);
    case Qt::Key_Minus:
        return zoomAt((window_.fromNs + window_.toNs) / 2, 2.0);
    case Qt::Key_0:
        return fit();
    default:
        return QAbstractScrollArea::keyPressEvent(event);
    }
}

void WaterfallView::mousePressEvent(QMouseEvent* event) {
    if (!data_ || event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    setFocus(Qt::MouseFocusReason);
    const QPoint pos = event->position().toPoint();
    dragFrom_ = pos;
    dragWindow_ = window_;
    dragged_ = false;
}

void WaterfallView::mouseMoveEvent(QMouseEvent* event) {
    if (!dragFrom_ || dragFrom_->x() < labelWidth_)
        return;
    const QPoint pos = event->position().toPoint();
    if (!dragged_ && std::abs(pos.x() - dragFrom_->x()) < 4)
        return;
    dragged_ = true;
    const auto a = axis();
    const double delta = (dragFrom_->x() - pos.x()) * a.spanNs() / a.width;
    setTimeWindow(waterfall::panBy(dragWindow_, delta, totalNs()));
}

void WaterfallView::mouseReleaseEvent(QMouseEvent* event) {
    if (!dragFrom_)
        return QAbstractScrollArea::mouseReleaseEvent(event);
    const QPoint pos = *dragFrom_;
    dragFrom_.reset();
    if (dragged_)
        return;
    const auto row =
        waterfall::rowAt(pos.y(), verticalScrollBar()->value(), rowHeight_, rows_.rows.size());
    if (!row)
        return;
    const WaterfallRow& r = rows_.rows[*row];
    if (pos.x() < labelWidth_ && (r.kind != RowKind::Span || (r.flags & kRowHasChildren)) &&
        waterfall::hitsTriangle(pos.x(), r.depth)) {
        setSelection(row, true);
        return toggleRow(*row);
    }
    setSelection(row, true);
}

void WaterfallView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (!data_)
        return;
    const QPoint pos = event->position().toPoint();
    const auto row =
        waterfall::rowAt(pos.y(), verticalScrollBar()->value(), rowHeight_, rows_.rows.size());
    if (!row)
        return;
    if (rows_.rows[*row].kind != RowKind::Span)
        expandFold(*row);
    else if (!waterfall::hitsTriangle(pos.x(), rows_.rows[*row].depth))
        toggleRow(*row); // the single click already toggled on the triangle
}

void WaterfallView::wheelEvent(QWheelEvent* event) {
    if (!data_)
        return QAbstractScrollArea::wheelEvent(event);
    const QPoint delta = event->angleDelta();
    const auto a = axis();
    if (event->modifiers() & Qt::ControlModifier) {
        const double x = std::clamp(event->position().x(), a.left, a.left + a.width);
        zoomAt(a.timeAt(x), std::pow(0.8, delta.y() / 120.0));
        return event->accept();
    }
    const int horizontal = (event->modifiers() & Qt::ShiftModifier) ? delta.y() : delta.x();
    if (horizontal != 0) {
        setTimeWindow(waterfall::panBy(window_, -horizontal / 120.0 * a.spanNs() / 10, totalNs()));
        return event->accept();
    }
    QAbstractScrollArea::wheelEvent(event);
}

} // namespace casebook::ui
