#pragma once
// The charts of the Metrics pane, stacked on one shared time axis: every chart shows the
// same range (the InvestigationContext's time window when one is chosen, else the span of
// the charted series), the same change markers (those of the range on screen) and the
// same crosshair. Each chart loads its lines in a job of its own, downsampled to its
// plot's width: a chart added before it is laid out waits for its width, and a chart
// whose width changes loads again when the new width would show something else. The stack exports
// as PNG or SVG, whole or one chart (from the chart's context menu).

#include "core/analysis/analysis_ids.h"
#include "core/query/change_queries.h"
#include "ui/jobs/job_runner.h"

#include <QScrollArea>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QVBoxLayout;
class QLabel;

namespace casebook::ui {

class InvestigationContext;
class MetricChartView;
struct ChartPin;

class ChartStack : public QScrollArea {
    Q_OBJECT
public:
    ChartStack(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    void addSeries(SeriesId series);
    void addSlo(SloId slo);
    void clear();
    int chartCount() const { return static_cast<int>(charts_.size()); }
    MetricChartView* chart(int index) const;
    bool hasSeries(SeriesId series) const;

    // The dashed line of each series a period earlier (0: none), with the change in words.
    void setBaselinePeriod(std::int64_t periodNs);
    std::int64_t baselinePeriod() const { return baselinePeriod_; }

    // The range on screen.
    std::int64_t rangeFrom() const { return from_; }
    std::int64_t rangeTo() const { return to_; }
    bool isLoading() const;

    // Pictures of the whole stack (or of one chart) as PNG or SVG; false when not written.
    bool exportPng(const QString& file, int chartIndex = -1);
    bool exportSvg(const QString& file, int chartIndex = -1);
    // Asks where to save an export (a file dialog unless replaced, e.g. by tests); an
    // empty answer cancels.
    void setExportFileAsker(std::function<QString(bool svg)> ask) { askFile_ = std::move(ask); }
    // How many times each chart's lines were requested (for tests of when charts load).
    int loadsOf(int chartIndex) const;

signals:
    void loaded();
    void rangeChanged();
    void failed(const QString& message);
    // A chart's "Pin Chart Range…": what it shows over the range on screen.
    void chartPinRequested(const casebook::ui::ChartPin& pin);

private:
    struct Chart {
        MetricChartView* view = nullptr;
        std::optional<SeriesId> series;
        std::optional<SloId> slo;
        JobSlot slot = 0;
        int loadedWidth = 0; // the width the lines were asked for; 0: not yet
        int loads = 0;
    };
    void add(Chart chart);
    void remove(MetricChartView* view);
    void reloadAll();
    void reload(Chart& chart);
    void reloadChanges();
    void updateRange();
    void setRange(std::int64_t from, std::int64_t to);
    QWidget* exportTarget(int chartIndex) const;
    void exportChart(MetricChartView* view, bool svg);
    Chart* chartOf(MetricChartView* view);
    bool worthReloading(const Chart& chart, int width) const;

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot changesSlot_;
    JobSlot spanSlot_;
    QWidget* content_;
    QVBoxLayout* layout_;
    QLabel* placeholder_;
    std::vector<Chart> charts_;
    std::shared_ptr<const std::vector<ChangeRow>> changes_;
    std::int64_t baselinePeriod_ = 0;
    std::int64_t from_ = 0, to_ = 0;
    // The span of the charted series, for when no time window is chosen.
    std::optional<std::pair<std::int64_t, std::int64_t>> seriesSpan_;
    std::pair<std::int64_t, std::int64_t> changesRange_{0, 0};
    std::function<QString(bool)> askFile_;
};

} // namespace casebook::ui
