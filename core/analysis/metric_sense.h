#pragma once
// Which way a metric hurts when it moves. Findings grade an anomaly by it: a fall in
// submissions is a problem, a rise in sessions on sale day is news. The direction is taken
// from what the data says about itself, never from the metric's name:
//   - the workspace's SLOs: the good and total series of a ratio SLO hurt when they fall,
//     a latency SLO's histogram and a threshold SLO's gauge with a maximum when they rise,
//     one with a minimum when it falls;
//   - OpenTelemetry semantic conventions: a duration (a time unit) hurts when it rises, as
//     does a series of failed operations (an error.type label, a 5xx status code label);
//   - otherwise either way: both directions are worth a look.

#include "core/analysis/metric_catalog.h"
#include "core/analysis/metric_samples.h"
#include "core/analysis/slo_definition.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casebook {

enum class MetricSense {
    UpIsBad,   // errors, latency, lag, backlog
    DownIsBad, // throughput, successes, ratios of good things
    Either,    // no telling: both directions are worth a look
};

std::string_view metricSenseName(MetricSense sense); // "up is bad", ...

// What the unit and the labels say by OpenTelemetry's conventions.
MetricSense conventionalSense(const SeriesInfo& series, SeriesView view);

// The directions SLOs give series, first, then the conventions.
class MetricSenses {
public:
    // From the SLOs of the scope, each for the series of its tenant.
    static MetricSenses fromSlos(Workspace& ws, const Scope& scope);
    void add(std::string tenant, SeriesSelector selector, MetricSense sense);
    MetricSense of(const SeriesInfo& series, SeriesView view) const;

private:
    struct Rule {
        std::string tenant;
        SeriesSelector selector;
        MetricSense sense;
    };
    std::vector<Rule> rules_;
};

} // namespace casebook
