#pragma once
// Which way a metric hurts when it moves, read from its name and unit the way an on-call
// engineer reads a dashboard: errors, latency, lag, queue depth, retries and evictions
// hurt when they rise; volumes, successes, hit and match ratios hurt when they fall.
// Findings grade an anomaly by it (a fall in submissions is a problem, a rise in sessions
// on sale day is news).

#include "core/analysis/metric_catalog.h"
#include "core/analysis/metric_samples.h"

namespace casebook {

enum class MetricSense {
    UpIsBad,   // errors, latency, lag, backlog
    DownIsBad, // throughput, successes, ratios of good things
    Either,    // no telling: both directions are worth a look
};

MetricSense metricSense(const SeriesInfo& series, SeriesView view);
std::string_view metricSenseName(MetricSense sense); // "up is bad", ...

} // namespace casebook
