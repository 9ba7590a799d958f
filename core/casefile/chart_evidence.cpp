#include "core/casefile/chart_evidence.h"

#include "core/analysis/metric_catalog.h"
#include "core/analysis/metric_range.h"
#include "core/analysis/metric_samples.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace casebook {

std::vector<ChartEvidencePoint>
downsampleKeepingExtremes(const std::vector<ChartEvidencePoint>& points, std::size_t maxPoints) {
    if (points.size() <= maxPoints || maxPoints < 4)
        return maxPoints < 4 && points.size() > maxPoints
                   ? std::vector<ChartEvidencePoint>(points.begin(),
                                                     points.begin() + static_cast<long>(maxPoints))
                   : points;
    std::vector<ChartEvidencePoint> out;
    out.reserve(maxPoints);
    out.push_back(points.front());
    const std::size_t inner = points.size() - 2;
    const std::size_t buckets = (maxPoints - 2) / 2;
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t from = 1 + inner * b / buckets;
        const std::size_t to = 1 + inner * (b + 1) / buckets;
        if (from >= to)
            continue;
        std::size_t lo = from, hi = from;
        for (std::size_t i = from; i < to; ++i) {
            if (points[i].value < points[lo].value)
                lo = i;
            if (points[i].value > points[hi].value)
                hi = i;
        }
        out.push_back(points[std::min(lo, hi)]);
        if (lo != hi)
            out.push_back(points[std::max(lo, hi)]);
    }
    out.push_back(points.back());
    return out;
}

Evidence chartEvidence(const ChartEvidenceInput& input) {
    Evidence e;
    e.kind = std::string(evidence_kind::kChart);
    e.title = input.title;
    e.fromNs = input.fromNs;
    e.toNs = input.toNs;
    nlohmann::json series = nlohmann::json::array();
    for (const auto& s : input.series)
        series.push_back({{"id", s.id}, {"name", s.name}, {"tenant", s.tenant}, {"view", s.view}});
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& line : input.lines) {
        std::vector<ChartEvidencePoint> inRange;
        for (const auto& p : line.points)
            if (p.timeNs >= input.fromNs && p.timeNs < input.toNs)
                inRange.push_back(p);
        nlohmann::json points = nlohmann::json::array();
        for (const auto& p : downsampleKeepingExtremes(inRange))
            points.push_back({p.timeNs, p.value});
        lines.push_back({{"label", line.label}, {"dashed", line.dashed}, {"points", points}});
    }
    nlohmann::json thresholds = nlohmann::json::array();
    for (const auto& [value, label] : input.thresholds)
        thresholds.push_back({{"value", value}, {"label", label}});
    e.payload = {{"title", input.title},
                 {"unit", input.unit},
                 {"series", series},
                 {"lines", lines},
                 {"thresholds", thresholds}};
    if (!input.comparison.empty())
        e.payload["comparison"] = input.comparison;
    return e;
}

Evidence seriesChartEvidence(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                             std::int64_t fromNs, std::int64_t toNs,
                             std::int64_t baselinePeriodNs) {
    const std::vector<SeriesView> views = defaultViews(series);
    const SeriesView view = views.empty() ? SeriesView::Value : views.front();
    auto read = [&](std::int64_t shift) {
        std::vector<ChartEvidencePoint> points;
        for (const auto& p : downsampleSeries(ws, scope, series, view, fromNs - shift, toNs - shift,
                                              static_cast<int>(kChartEvidencePoints))
                                 .points)
            points.push_back({p.timeNs + shift, p.value});
        return points;
    };
    ChartEvidenceInput input;
    input.title = series.displayName();
    input.unit = viewUnit(series, view);
    input.fromNs = fromNs;
    input.toNs = toNs;
    const std::string viewName(seriesViewName(view));
    input.series.push_back({raw(series.id), series.name, series.tenant, viewName});
    input.lines.push_back(
        {series.tenant.empty() ? viewName : series.tenant + " · " + viewName, false, read(0)});
    if (baselinePeriodNs > 0) {
        const bool week = baselinePeriodNs == 7LL * 24 * 3600 * 1000000000LL;
        const std::string earlier = week ? "a week earlier" : "a period earlier";
        input.lines.push_back({earlier, true, read(baselinePeriodNs)});
        auto mean = [](const std::vector<ChartEvidencePoint>& points) {
            double sum = 0;
            for (const auto& p : points)
                sum += p.value;
            return points.empty() ? std::nan("") : sum / static_cast<double>(points.size());
        };
        const double now = mean(input.lines[0].points), before = mean(input.lines[1].points);
        if (std::isfinite(now) && std::isfinite(before) && before != 0) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%+.1f%%", 100 * (now - before) / std::fabs(before));
            input.comparison = std::string(buf) + " (mean) vs the same range " + earlier;
        }
    }
    return chartEvidence(input);
}

} // namespace casebook
