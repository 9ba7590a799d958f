#pragma once
// What one chart of the Metrics pane draws, loaded on a worker thread: the lines (one per
// view of a series, or the SLI of an SLO), a dashed baseline a period earlier, threshold
// lines, shaded bands (SLO alerts), and the change over the range in words. Every line is
// downsampled in core to at most the chart's width in points.

#include "core/analysis/analysis_ids.h"
#include "core/analysis/metric_range.h"
#include "core/store/scope.h"

#include <QColor>
#include <QString>

#include <cstdint>
#include <vector>

namespace casebook::ui {

struct ChartLine {
    QString label;
    std::vector<PlotPoint> points;
    bool dashed = false; // the baseline
    int colorIndex = 0;
};

struct ChartThreshold {
    double value = 0;
    QString label;
};

struct ChartBand {
    std::int64_t fromNs = 0;
    std::int64_t toNs = 0;
    QColor color;
    QString label;
};

struct ChartData {
    QString title;      // "leads.submitted{source=web-forms}"
    QString subtitle;   // "acme · ingestion-api · {lead}/s"
    QString comparison; // "-36.5% vs same time last week"
    std::vector<ChartLine> lines;
    std::vector<ChartThreshold> thresholds;
    std::vector<ChartBand> bands;
    std::int64_t samples = 0;
    bool percent = false; // values are shares shown as %
    // Samples were merged to fit the width asked for: a wider plot would show more.
    bool downsampled = false;
    QString error;
};

struct SeriesChartRequest {
    QString workspacePath;
    Scope scope;
    SeriesId series{0};
    std::int64_t fromNs = 0, toNs = 0;
    int pixels = 800;
    std::int64_t baselinePeriodNs = 0; // 0: no baseline
};

struct SloChartRequest {
    QString workspacePath;
    Scope scope;
    SloId slo{0};
    std::int64_t fromNs = 0, toNs = 0;
    int pixels = 800;
};

// Both open their own workspace: they run as jobs.
ChartData loadSeriesChart(const SeriesChartRequest& request);
ChartData loadSloChart(const SloChartRequest& request);

// The first and last point time of a series (for the range of the first chart).
struct SeriesSpan {
    std::int64_t firstNs = 0, lastNs = 0;
    bool found = false;
};
SeriesSpan loadSeriesSpan(const QString& workspacePath, const Scope& scope, SeriesId series);

} // namespace casebook::ui
