#pragma once
// `chart` evidence (docs/case-file.md) from the lines a chart shows: each line cut down to
// at most kChartEvidencePoints points, keeping every bucket's lowest and highest point so
// that a spike or a dip survives, and the payload laid out for the exports to draw.

#include "core/casefile/evidence.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace casebook {

class Workspace;
class Scope;
struct SeriesInfo;

inline constexpr std::size_t kChartEvidencePoints = 500;

struct ChartEvidencePoint {
    std::int64_t timeNs = 0;
    double value = 0;
};

struct ChartEvidenceLine {
    std::string label;
    bool dashed = false; // a baseline
    std::vector<ChartEvidencePoint> points;
};

struct ChartEvidenceSeries {
    std::int64_t id = 0;
    std::string name, tenant, view; // view: "value", "rate", "p95", "sli", ...
};

struct ChartEvidenceInput {
    std::string title, unit, comparison;
    std::vector<ChartEvidenceSeries> series;
    std::vector<ChartEvidenceLine> lines;
    std::vector<std::pair<double, std::string>> thresholds; // value, label
    std::int64_t fromNs = 0, toNs = 0;
};

// At most `maxPoints` points in time order: the first and the last, and the lowest and
// highest of each of (maxPoints - 2) / 2 equal buckets between them.
std::vector<ChartEvidencePoint>
downsampleKeepingExtremes(const std::vector<ChartEvidencePoint>& points,
                          std::size_t maxPoints = kChartEvidencePoints);

// Points outside [fromNs, toNs) are dropped before downsampling.
Evidence chartEvidence(const ChartEvidenceInput& input);

// A series' chart over [fromNs, toNs) read from the workspace in `scope`: the series'
// first default view, and, when baselinePeriodNs > 0, the same range a period earlier
// shifted onto it as a dashed line with the change of the mean in words.
Evidence seriesChartEvidence(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                             std::int64_t fromNs, std::int64_t toNs,
                             std::int64_t baselinePeriodNs = 0);

} // namespace casebook
