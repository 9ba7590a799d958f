#pragma once
// What a chart or an analysis reads from a series: samples of one *view* of it, derived
// from the stored points. Gauges are shown as they are, monotonic sums (counters) as a
// rate per second (delta and cumulative temporality, with counter resets), histograms as
// quantiles of the observations of each interval (cumulative ones differenced first) or
// as an observation rate, summaries by their nearest stored quantile.

#include "core/analysis/histogram_buckets.h"
#include "core/analysis/metric_catalog.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

enum class SeriesView { Value, Rate, P50, P90, P95, P99 };

std::string_view seriesViewName(SeriesView view); // "value", "rate", "p50", ...
std::optional<SeriesView> seriesViewFromName(std::string_view name);
// The quantile a view asks for (0.5 for P50), or nothing for Value / Rate.
std::optional<double> viewQuantile(SeriesView view);
bool isQuantileView(SeriesView view);

// How a series is shown unless asked otherwise: gauges and non-monotonic sums as values,
// counters as rates, histograms and summaries as p50, p95 and p99.
std::vector<SeriesView> defaultViews(const SeriesInfo& series);
// Views that make sense for the series at all.
bool viewApplies(const SeriesInfo& series, SeriesView view);
// The view's unit: a counter's "{lead}" becomes "{lead}/s".
std::string viewUnit(const SeriesInfo& series, SeriesView view);

// One stored point as read from metric_points.
struct RawPoint {
    std::int64_t timeNs = 0;
    std::int64_t startNs = 0;
    std::optional<double> value;
    std::optional<std::int64_t> count;
    std::string buckets;
};

// One derived sample: the interval it covers (startNs, timeNs], the value the view
// shows, and what aggregations over many samples need.
struct Sample {
    std::int64_t startNs = 0;
    std::int64_t timeNs = 0;
    double value = 0;    // the view's value (NaN-free)
    double increase = 0; // counter increase / observations in the interval, else 0
    std::optional<BucketDistribution> distribution; // for quantile views
};

// Turns points, in time order, into samples of one view. Keeps what cumulative series
// need from the previous point; a point that yields no sample (the first of a
// cumulative counter without a start time, a value missing) gives nothing.
class SampleDeriver {
public:
    SampleDeriver(const SeriesInfo& series, SeriesView view);
    std::optional<Sample> next(const RawPoint& point);
    // Points before the range: they only prime the state of cumulative series.
    void prime(const RawPoint& point);
    // Whether the view needs the point before a range to derive its first sample: the
    // previous value of a cumulative series, the previous time of a delta one (whose
    // points may lack a start time).
    bool needsPrevious() const { return cumulative_ || flow_; }
    bool needsBuckets() const { return histogram_ || summary_; }

private:
    SeriesView view_;
    bool cumulative_ = false;
    bool counter_ = false;
    bool histogram_ = false;
    bool summary_ = false;
    bool flow_ = false; // counts over intervals (counters, histograms but gauge ones)
    std::optional<RawPoint> previous_; // cumulative series only
    std::optional<BucketDistribution> previousDistribution_;
    std::optional<std::int64_t> previousTime_; // every series
};

// Reads the points of `series` with from <= time < to (tenant-scoped), in time order,
// and hands each to `visit`; returns how many were read. `withBuckets` selects the
// buckets column (only histograms and summaries need it). `stop` ends early.
std::int64_t readPoints(Workspace& ws, const Scope& scope, SeriesId series, std::int64_t fromNs,
                        std::int64_t toNs, bool withBuckets,
                        const std::function<void(const RawPoint&)>& visit,
                        std::stop_token stop = {});
// The newest point before `beforeNs`, for priming a cumulative series.
std::optional<RawPoint> pointBefore(Workspace& ws, const Scope& scope, SeriesId series,
                                    std::int64_t beforeNs, bool withBuckets);

// Every sample of a view over [from, to): the plain way, for small ranges and tests.
std::vector<Sample> readSamples(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                                SeriesView view, std::int64_t fromNs, std::int64_t toNs);

} // namespace casebook
