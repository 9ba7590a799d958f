#include "core/analysis/metric_samples.h"

#include "core/query/scoped_query.h"

#include <cmath>

namespace casebook {
namespace {

constexpr double kNsPerSecond = 1e9;

bool isCounter(const SeriesInfo& s) {
    return s.kind == MetricKind::Sum && s.monotonic;
}
bool isHistogram(const SeriesInfo& s) {
    return s.kind == MetricKind::Histogram || s.kind == MetricKind::ExponentialHistogram;
}

} // namespace

std::string_view seriesViewName(SeriesView view) {
    switch (view) {
    case SeriesView::Value:
        return "value";
    case SeriesView::Rate:
        return "rate";
    case SeriesView::P50:
        return "p50";
    case SeriesView::P90:
        return "p90";
    case SeriesView::P95:
        return "p95";
    case SeriesView::P99:
        return "p99";
    }
    return "value";
}

std::optional<SeriesView> seriesViewFromName(std::string_view name) {
    for (auto v : {SeriesView::Value, SeriesView::Rate, SeriesView::P50, SeriesView::P90,
                   SeriesView::P95, SeriesView::P99})
        if (seriesViewName(v) == name)
            return v;
    return std::nullopt;
}

std::optional<double> viewQuantile(SeriesView view) {
    switch (view) {
    case SeriesView::P50:
        return 0.5;
    case SeriesView::P90:
        return 0.9;
    case SeriesView::P95:
        return 0.95;
    case SeriesView::P99:
        return 0.99;
    case SeriesView::Value:
    case SeriesView::Rate:
        break;
    }
    return std::nullopt;
}

bool isQuantileView(SeriesView view) {
    return viewQuantile(view).has_value();
}

std::vector<SeriesView> defaultViews(const SeriesInfo& series) {
    if (isHistogram(series) || series.kind == MetricKind::Summary)
        return {SeriesView::P50, SeriesView::P95, SeriesView::P99};
    if (isCounter(series))
        return {SeriesView::Rate};
    return {SeriesView::Value};
}

bool viewApplies(const SeriesInfo& series, SeriesView view) {
    if (isQuantileView(view))
        return isHistogram(series) || series.kind == MetricKind::Summary;
    if (view == SeriesView::Rate)
        return isCounter(series) || isHistogram(series);
    return series.kind == MetricKind::Gauge || series.kind == MetricKind::Sum;
}

std::string viewUnit(const SeriesInfo& series, SeriesView view) {
    if (view != SeriesView::Rate)
        return series.unit;
    if (isHistogram(series))
        return "{observation}/s";
    return (series.unit.empty() || series.unit == "1" ? std::string("1") : series.unit) + "/s";
}

SampleDeriver::SampleDeriver(const SeriesInfo& series, SeriesView view)
    : view_(view), counter_(isCounter(series)), histogram_(isHistogram(series)),
      summary_(series.kind == MetricKind::Summary) {
    // Unspecified temporality on a counter is read as cumulative, as Prometheus has it. A
    // histogram is cumulative only when it says so: Prometheus marks its histograms 2 and
    // its gauge histograms (each point a distribution of its own) 0.
    cumulative_ = (counter_ && series.temporality != 1) || (histogram_ && series.temporality == 2);
    // Counters and (non-gauge) histograms count what happened over an interval; a gauge's
    // sample, or a gauge histogram's, is an instant.
    flow_ = counter_ || (histogram_ && series.temporality != 0);
}

void SampleDeriver::prime(const RawPoint& point) {
    previousTime_ = point.timeNs;
    if (!cumulative_)
        return;
    previous_ = point;
    previousDistribution_.reset();
    if (histogram_ && isQuantileView(view_))
        previousDistribution_ = parseBucketDistribution(point.buckets);
}

std::optional<Sample> SampleDeriver::next(const RawPoint& point) {
    Sample s;
    s.timeNs = point.timeNs;
    const std::optional<RawPoint> previous = std::move(previous_);
    std::optional<BucketDistribution> previousDistribution = std::move(previousDistribution_);
    const std::optional<std::int64_t> previousTime = previousTime_;
    previous_.reset();
    previousDistribution_.reset();
    previousTime_ = point.timeNs;
    if (cumulative_)
        previous_ = point;

    // The interval: its own start time when it has one, else since the previous point
    // (a delta point without a start time covers the time since the one before it).
    const bool ownStart = point.startNs > 0 && point.startNs < point.timeNs;
    // A cumulative point whose start lies after the previous point's time began a new
    // count (a restart), whatever its value.
    const bool restarted = cumulative_ && previous && ownStart && point.startNs >= previous->timeNs;
    if (cumulative_ && previous && !restarted)
        s.startNs = previous->timeNs;
    else if (ownStart)
        s.startNs = point.startNs;
    else if (flow_ && previousTime && *previousTime < point.timeNs)
        s.startNs = *previousTime;
    else
        s.startNs = point.timeNs;
    const double seconds = static_cast<double>(point.timeNs - s.startNs) / kNsPerSecond;

    if (summary_) {
        const auto q = viewQuantile(view_);
        if (!q)
            return std::nullopt;
        const auto parsed = parseSummaryQuantiles(point.buckets);
        const auto v = parsed ? parsed->nearest(*q) : std::nullopt;
        if (!v)
            return std::nullopt;
        s.value = *v;
        return s;
    }

    if (histogram_) {
        std::optional<BucketDistribution> dist;
        if (isQuantileView(view_)) {
            dist = parseBucketDistribution(point.buckets);
            if (cumulative_ && dist)
                previousDistribution_ = *dist;
        }
        const bool differenced = cumulative_ && previous && !restarted;
        if (cumulative_ && !differenced && !ownStart)
            return std::nullopt; // first point of a cumulative histogram: no interval yet
        // Observation count of the interval: the count column, differenced if cumulative.
        double count = static_cast<double>(point.count.value_or(0));
        if (differenced) {
            const double before = static_cast<double>(previous->count.value_or(0));
            if (count >= before) // else a reset: the whole count is new
                count -= before;
        }
        s.increase = count;
        if (view_ == SeriesView::Rate) {
            if (seconds <= 0)
                return std::nullopt;
            s.value = count / seconds;
            return s;
        }
        if (!dist)
            return std::nullopt;
        if (differenced && previousDistribution)
            dist->subtract(*previousDistribution); // refused on a reset: all of it is new
        const auto q = dist->quantile(*viewQuantile(view_));
        if (!q)
            return std::nullopt; // no observations in the interval
        s.value = *q;
        s.distribution = std::move(dist);
        return s;
    }

    if (!point.value || !std::isfinite(*point.value))
        return std::nullopt;
    const double v = *point.value;
    if (!counter_ || view_ != SeriesView::Rate) {
        s.value = v;
        return s;
    }
    double increase = v;
    if (cumulative_) {
        if (previous && !restarted && previous->value) {
            // A value below the previous one is a reset: the count started again from 0.
            increase = v >= *previous->value ? v - *previous->value : v;
        } else if (!ownStart) {
            return std::nullopt; // the first point of a cumulative counter: no rate yet
        }
    }
    if (seconds <= 0)
        return std::nullopt;
    s.increase = increase;
    s.value = increase / seconds;
    return s;
}

std::int64_t readPoints(Workspace& ws, const Scope& scope, SeriesId series, std::int64_t fromNs,
                        std::int64_t toNs, bool withBuckets,
                        const std::function<void(const RawPoint&)>& visit, std::stop_token stop) {
    ScopedQuery q(withBuckets ? "SELECT p.time_ns, p.start_ns, p.value, p.count, p.buckets FROM "
                                "metric_points p"
                              : "SELECT p.time_ns, p.start_ns, p.value, p.count FROM "
                                "metric_points p");
    q.where("p.series_id = ?", raw(series));
    q.where("p.time_ns >= ?", fromNs);
    q.where("p.time_ns < ?", toNs);
    q.applyScope(scope.withWindow({}), "p", "", true);
    q.append("ORDER BY p.time_ns");
    auto st = q.prepare(ws.db());
    RawPoint point;
    std::int64_t n = 0;
    while (st.step()) {
        point.timeNs = st.int64(0);
        point.startNs = st.int64(1);
        point.value = st.isNull(2) ? std::nullopt : std::optional<double>(st.real(2));
        point.count = st.isNull(3) ? std::nullopt : std::optional<std::int64_t>(st.int64(3));
        if (withBuckets)
            point.buckets.assign(st.textView(4));
        visit(point);
        if ((++n & 0xffff) == 0 && stop.stop_requested())
            break;
    }
    return n;
}

std::optional<RawPoint> pointBefore(Workspace& ws, const Scope& scope, SeriesId series,
                                    std::int64_t beforeNs, bool withBuckets) {
    ScopedQuery q("SELECT p.time_ns, p.start_ns, p.value, p.count, p.buckets FROM "
                  "metric_points p");
    q.where("p.series_id = ?", raw(series));
    q.where("p.time_ns < ?", beforeNs);
    q.applyScope(scope.withWindow({}), "p", "", true);
    q.append("ORDER BY p.time_ns DESC LIMIT 1");
    auto st = q.prepare(ws.db());
    if (!st.step())
        return std::nullopt;
    RawPoint p;
    p.timeNs = st.int64(0);
    p.startNs = st.int64(1);
    p.value = st.isNull(2) ? std::nullopt : std::optional<double>(st.real(2));
    p.count = st.isNull(3) ? std::nullopt : std::optional<std::int64_t>(st.int64(3));
    if (withBuckets && !st.isNull(4))
        p.buckets = st.text(4);
    return p;
}

std::vector<Sample> readSamples(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                                SeriesView view, std::int64_t fromNs, std::int64_t toNs) {
    SampleDeriver deriver(series, view);
    if (deriver.needsPrevious())
        if (auto before = pointBefore(ws, scope, series.id, fromNs, deriver.needsBuckets()))
            deriver.prime(*before);
    std::vector<Sample> out;
    readPoints(ws, scope, series.id, fromNs, toNs, deriver.needsBuckets(), [&](const RawPoint& p) {
        if (auto s = deriver.next(p))
            out.push_back(std::move(*s));
    });
    return out;
}

} // namespace casebook
