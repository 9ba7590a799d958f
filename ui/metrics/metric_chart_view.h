#pragma once
// One chart of the Metrics pane: the lines of a series (or an SLO's SLI) over the shared
// time range, drawn by Qt Charts, with what every chart shares painted on top: change
// events as vertical markers coloured by kind (the title on hover, a click selects the
// change), maintenance windows and incidents as shaded bands, SLO alert bands, threshold
// lines, the crosshair of the InvestigationContext and the range being dragged. Times are
// labelled in UTC, like every other pane, at round times; values at round numbers.
// What lies on top of the lines but the crosshair is painted once into a cached picture,
// so that a crosshair moving over many charts repaints thin strips, not every marker.

#include "core/query/change_queries.h"
#include "ui/metrics/chart_data.h"

#include <QChartView>
#include <QPixmap>

#include <memory>
#include <optional>
#include <vector>

class QLineSeries;
class QMenu;
class QTimer;
class QValueAxis;
class QToolButton;

namespace casebook::ui {

class MetricChartView : public QChartView {
    Q_OBJECT
public:
    explicit MetricChartView(QWidget* parent = nullptr);

    void setData(ChartData data);
    const ChartData& chartData() const { return data_; }
    void setTimeRange(std::int64_t fromNs, std::int64_t toNs);
    std::int64_t rangeFrom() const { return from_; }
    std::int64_t rangeTo() const { return to_; }
    void setChanges(std::shared_ptr<const std::vector<ChangeRow>> changes);
    void setCrosshair(std::optional<std::int64_t> ns);
    std::optional<std::int64_t> crosshair() const { return crosshair_; }
    const std::shared_ptr<const std::vector<ChangeRow>>& changes() const { return changes_; }
    void setSelectedChange(std::optional<std::int64_t> changeId);
    void setLoading(bool loading);
    // Lines drawn without antialiasing repaint faster; on by default.
    void setAntialiased(bool on);

    // The plot's width in pixels: how many points a line may have; 0 until the chart has
    // been laid out at its real size.
    int plotWidth() const;
    std::int64_t timeAt(qreal sceneX) const;
    qreal xOf(std::int64_t ns) const;
    // The change whose marker is within a few pixels of `pos` (view coordinates).
    std::optional<ChangeRow> changeAt(QPoint pos) const;
    // Points of every line, as handed to Qt Charts.
    int pointCount() const;
    // The round times labelled under the plot, and the step between them.
    std::vector<std::int64_t> timeTicks() const;
    std::int64_t timeTickStep() const;
    // The value axis: its range and tick count (round numbers).
    double valueMin() const;
    double valueMax() const;
    int valueTickCount() const;
    // How often the cached picture of markers, bands and labels was painted anew.
    int overlayBuilds() const { return overlayBuilds_; }
    // The chart's context menu: pin its range to the case, export it as PNG or SVG, remove it.
    QMenu* createContextMenu(QWidget* parent);

    QSize sizeHint() const override { return {800, 210}; }
    QSize minimumSizeHint() const override { return {300, 150}; }

signals:
    void crosshairMoved(std::optional<std::int64_t> ns);
    void rangeDragged(std::int64_t fromNs, std::int64_t toNs);
    void changeClicked(const ChangeRow& change);
    void removeRequested();
    void exportRequested(bool svg);
    // "Pin Chart Range…": the lines over the range on screen, as evidence.
    void pinRequested();
    // The plot settled at a new width (after a resize, debounced): lines may have more or
    // fewer points now.
    void plotWidthChanged(int width);

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void rebuildSeries();
    void applyPalette();
    void updateAxes();
    QRectF plotRect() const;
    double yOf(double value) const;
    void invalidateOverlay();
    void paintOverlay(QPainter* p);
    QRect crosshairArea(std::int64_t ns) const;
    QRectF crosshairBox(std::int64_t ns, QString* text) const;
    QFont smallFont() const;

    ChartData data_;
    std::int64_t from_ = 0, to_ = 1;
    std::shared_ptr<const std::vector<ChangeRow>> changes_;
    std::optional<std::int64_t> crosshair_;
    std::optional<std::int64_t> selectedChange_;
    std::optional<qreal> dragFrom_;
    qreal dragTo_ = 0;
    bool loading_ = false;
    bool antialiased_ = true;
    QPixmap overlay_;
    bool overlayDirty_ = true;
    int overlayBuilds_ = 0;
    int settledWidth_ = 0;
    QTimer* widthSettle_;
    QValueAxis* axisX_;
    QValueAxis* axisY_;
    std::vector<QLineSeries*> lines_;
    QToolButton* remove_;
};

// The colour of line `index` of a chart.
QColor chartLineColor(int index);

} // namespace casebook::ui
