#pragma once
// The metric series of a scope: what a series browser lists and what the analyses walk.

#include "core/analysis/analysis_ids.h"
#include "core/model/records.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

struct SeriesInfo {
    SeriesId id{0};
    std::string tenant;
    std::string name;
    std::string unit;
    std::string description;
    MetricKind kind = MetricKind::Gauge;
    bool monotonic = false;
    int temporality = 0; // OTLP: 0 unspecified, 1 delta, 2 cumulative
    std::string service;
    std::string labelsJson; // {"key":"value",...}

    // "leads.submitted{source=web-forms}": name and labels, as people write them.
    std::string displayName() const;
};

struct SeriesFilter {
    std::optional<std::string> name;     // exact metric name
    std::optional<std::string> contains; // in the name, the service or the labels
    std::optional<std::string> service;
    std::int64_t limit = -1; // all
    std::int64_t offset = 0;
};

// Series in scope, ordered by name, then tenant, service and labels.
std::vector<SeriesInfo> listSeries(Workspace& ws, const Scope& scope, const SeriesFilter& filter);
std::int64_t countSeries(Workspace& ws, const Scope& scope, const SeriesFilter& filter);
// One series, when it is in scope.
std::optional<SeriesInfo> findSeries(Workspace& ws, const Scope& scope, SeriesId id);

// The first and last point time of a series in scope (both inclusive), if it has points.
struct TimeSpan {
    std::int64_t firstNs = 0;
    std::int64_t lastNs = 0;
};
std::optional<TimeSpan> seriesTimeSpan(Workspace& ws, const Scope& scope, SeriesId id);

// "gauge", "sum", "histogram", "exponential_histogram", "summary".
std::string_view metricKindName(MetricKind kind);

} // namespace casebook
