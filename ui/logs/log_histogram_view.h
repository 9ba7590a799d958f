#pragma once
// Log counts over time, stacked by severity, above the log table. Dragging across it
// chooses a time window, which the context hands to every pane (the trace list too).

#include "core/query/log_histogram.h"

#include <QWidget>

#include <optional>

namespace casebook::ui {

class LogHistogramView : public QWidget {
    Q_OBJECT
public:
    explicit LogHistogramView(QWidget* parent = nullptr);

    void setHistogram(LogHistogram histogram);
    const LogHistogram& histogram() const { return histogram_; }
    // The time at x (widget coordinates), clamped to the histogram's range.
    std::int64_t timeAt(int x) const;
    int xOf(std::int64_t ns) const;

    // The time the charts' crosshair points at, drawn as a dotted line; empty for none.
    void setCrosshair(std::optional<std::int64_t> ns);
    std::optional<std::int64_t> crosshair() const { return crosshair_; }

    QSize sizeHint() const override { return {600, 110}; }
    QSize minimumSizeHint() const override { return {200, 80}; }

signals:
    // The investigator dragged from one time to another (from < to).
    void rangeChosen(std::int64_t fromNs, std::int64_t toNs);
    // The pointer is over the plot at this time (empty: it left), for the shared crosshair.
    void hovered(std::optional<std::int64_t> ns);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRect plotRect() const;

    LogHistogram histogram_;
    std::int64_t maxStack_ = 0;
    std::optional<int> dragFrom_;
    std::optional<std::int64_t> crosshair_;
    int dragTo_ = 0;
};

// The colors of the severity classes, shared by the histogram legend and the table.
QColor severityClassColor(LogLevelClass level);

} // namespace casebook::ui
