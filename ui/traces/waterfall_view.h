#pragma once
// The trace waterfall: a custom-painted scroll area that paints only the rows in view,
// so a million spans cost what fifty do. Above the rows a header holds the service
// legend, a minimap of span density with the visible window, and the time ruler.
// Vertical scrolling is in pixels over the rows; horizontal scrolling pans the time
// window, which Ctrl+wheel and a drag on the ruler zoom.

#include "core/trace/trace_search.h"
#include "core/trace/waterfall_rows.h"
#include "ui/traces/trace_data.h"
#include "ui/traces/waterfall_layout.h"

#include <QAbstractScrollArea>

#include <memory>
#include <optional>

namespace casebook::ui {

class WaterfallHeader;

class WaterfallView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit WaterfallView(QWidget* parent = nullptr);
    ~WaterfallView() override;

    // A new trace: view state, search and time window start afresh.
    void setTrace(std::shared_ptr<const TraceData> data);
    void clear();
    const TraceData* data() const { return data_.get(); }
    const WaterfallRows& rows() const { return rows_; }
    const ::casebook::WaterfallView& viewState() const { return state_; }

    // The selected row; for a fold row selectedSpan() is kNoSpan.
    std::optional<std::size_t> selectedRow() const;
    SpanIndex selectedSpan() const;
    // Opens what hides the span, selects and scrolls to it. Emits spanSelected.
    void selectSpan(SpanIndex span);
    void selectRow(std::size_t row);

    void setSearch(const QString& text);
    // Matches found elsewhere (a filter run in SQL), shown like a text search's.
    void setMatches(TraceMatches matches);
    void setSearchMode(SearchMode mode);
    const TraceMatches& matches() const { return matches_; }
    // Selects the next / previous match after the selection; false when there is none.
    bool selectMatch(bool forward);

    void setCriticalPathShown(bool shown);
    bool criticalPathShown() const { return showPath_; }
    // Selects the span of the next / previous critical segment and brings it into view.
    bool selectCriticalSegment(bool forward);

    void setFoldOptions(const FoldOptions& options);
    const FoldOptions& foldOptions() const { return state_.folds; }
    void expandAll();
    void collapseAll();
    void toggleRow(std::size_t row);
    void expandFold(std::size_t row);

    // The time window in ns relative to the trace start.
    waterfall::Window timeWindow() const { return window_; }
    void setTimeWindow(waterfall::Window window);
    void fit();
    void zoomAt(double anchorNs, double factor);

    // Geometry, for painting, hit tests and tests.
    int rowHeight() const { return rowHeight_; }
    int labelWidth() const { return labelWidth_; }
    int headerHeight() const;
    waterfall::TimeAxis axis() const;
    waterfall::RowRange visibleRowRange() const;
    // Rows painted by the last paint of the viewport.
    waterfall::RowRange lastPaintedRows() const { return painted_; }
    WaterfallHeader* header() const { return header_; }

signals:
    void spanSelected(SpanIndex span);
    // Rows were recomputed (toggle, fold, search, options).
    void rowsChanged();
    void timeWindowChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent* event) override;

private:
    friend class WaterfallHeader;
    void recomputeRows();
    void updateScrollBars();
    void syncHorizontalBar();
    void scrollToRow(std::size_t row);
    void setSelection(std::optional<std::size_t> row, bool notify);
    void moveSelection(std::ptrdiff_t delta);
    void handleLeft();
    void handleRight();
    double totalNs() const;

    std::shared_ptr<const TraceData> data_;
    ::casebook::WaterfallView state_;
    TraceMatches matches_;
    WaterfallRows rows_;
    // The selection as (span, is a fold) so it survives recomputed rows.
    SpanIndex selected_ = kNoSpan;
    bool selectedFold_ = false;
    bool showPath_ = true;
    waterfall::Window window_;
    WaterfallHeader* header_;
    int rowHeight_ = 22;
    int labelWidth_ = 340;
    waterfall::RowRange painted_;
    // Dragging the bars pans: where the drag began and the window then.
    std::optional<QPoint> dragFrom_;
    waterfall::Window dragWindow_;
    bool dragged_ = false;
    bool updatingBars_ = false;
};

} // namespace casebook::ui
