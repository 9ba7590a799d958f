#include "core/analysis/anomaly_detection.h"

#include "core/analysis/metric_range.h"
#include "core/analysis/metric_rollups.h"
#include "core/analysis/seasonal_baseline.h"
#include "core/query/scoped_query.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace casebook {
namespace {

constexpr std::int64_t kMinute = 60'000'000'000LL;
constexpr double kNsPerSecond = 1e9;

// Grid widths that divide a day and a week, so the baseline is a whole number of buckets.
std::int64_t niceBucket(std::int64_t wanted) {
    static constexpr std::array<std::int64_t, 14> steps = {1,  2,   5,   10,  15,  20,  30,
                                                           60, 120, 180, 240, 360, 720, 1440};
    for (const auto m : steps)
        if (m * kMinute >= wanted)
            return m * kMinute;
    return steps.back() * kMinute;
}

std::int64_t sampleCount(Workspace& ws, const Scope& scope, SeriesId id) {
    if (const auto state = rollupState(ws, scope, id))
        return state->samples;
    // Counted in the (series, time) index alone.
    ScopedQuery q("SELECT count(*) FROM metric_points p");
    q.where("p.series_id = ?", raw(id));
    q.applyScope(scope.withWindow({}), "p", "", true);
    auto st = q.prepare(ws.db());
    return st.step() ? st.int64(0) : 0;
}

struct Segment {
    std::size_t first, last; // inclusive bucket indexes
};

// Splits a run where it gets much worse, recursively (binary segmentation): a second
// anomaly on top of an established one (a storm of evictions hours after a sale doubled
// them). The earlier piece must have lasted `minLeft` buckets, so a ramp stays one
// anomaly, and a fading anomaly is not split either.
void splitRun(const std::vector<double>& lr, Segment run, double minJump, std::size_t minLeft,
              std::vector<Segment>& out) {
    const std::size_t n = run.last - run.first + 1;
    if (n >= minLeft + 2) {
        std::vector<double> prefix(n + 1, 0);
        for (std::size_t i = 0; i < n; ++i)
            prefix[i + 1] = prefix[i] + lr[run.first + i];
        double best = 0;
        std::size_t at = 0; // first bucket of the right piece, relative to run.first
        // Where the change is likeliest (the CUSUM statistic of binary segmentation);
        // a split needs the later piece to be worse by minJump.
        double bestStat = 0;
        for (std::size_t k = minLeft; k + 2 <= n; ++k) {
            const double left = prefix[k] / static_cast<double>(k);
            const double right = (prefix[n] - prefix[k]) / static_cast<double>(n - k);
            const double stat =
                std::sqrt(double(k) * double(n - k) / double(n)) * std::abs(right - left);
            if (stat > bestStat) {
                bestStat = stat;
                at = k;
                best = left * right > 0 ? std::abs(right) - std::abs(left) : 0;
            }
        }
        if (best >= minJump) {
            splitRun(lr, {run.first, run.first + at - 1}, minJump, minLeft, out);
            splitRun(lr, {run.first + at, run.last}, minJump, minLeft, out);
            return;
        }
    }
    out.push_back(run);
}

std::string percentWords(double percent) {
    char buf[48];
    const double a = std::abs(percent);
    if (a >= 1000)
        std::snprintf(buf, sizeof buf, "%.0f%%", a);
    else
        std::snprintf(buf, sizeof buf, "%.1f%%", a);
    std::string s = buf;
    // Group the thousands of big rises: "2,300%".
    const auto dot = s.find_first_of(".%");
    for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(dot) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

} // namespace

std::string Anomaly::words() const {
    if (expected == 0)
        return "appeared (none at the " + baselinePeriodWords(baselinePeriodNs) + ")";
    return std::string(direction > 0 ? "rose " : "fell ") + percentWords(changePercent) + " vs " +
           baselinePeriodWords(baselinePeriodNs);
}

std::vector<SeriesView> anomalyViews(const SeriesInfo& series) {
    const auto views = defaultViews(series);
    if (!isQuantileView(views.front()))
        return {views.front()};
    // A distribution by its tail; a histogram's observations by their rate too (a fall in
    // traffic shows there, not in the latency).
    std::vector<SeriesView> out{SeriesView::P95};
    if (viewApplies(series, SeriesView::Rate) && series.temporality != 0)
        out.push_back(SeriesView::Rate);
    return out;
}

namespace {

struct Grid {
    std::int64_t fromNs = 0;
    std::int64_t bucketNs = 0;
    std::int64_t periodNs = 0;
    int seasons = 0;
};

// The anomalies of one view's values on the grid.
void findAnomalies(const SeriesInfo& series, SeriesView view, const std::vector<double>& x,
                   const Grid& grid, const AnomalyOptions& options, std::vector<Anomaly>& out) {
    const std::size_t n = x.size();
    const std::int64_t bucket = grid.bucketNs;
    const double bucketSeconds = static_cast<double>(bucket) / kNsPerSecond;
    const std::size_t season = static_cast<std::size_t>(grid.periodNs / bucket);
    if (season >= n)
        return;

    // A floor under both sides of the ratio: 5% of the typical level, and for counters one
    // event per bucket, so that 0 -> 1 event is not an infinite change.
    std::vector<double> magnitudes;
    for (double v : x)
        if (std::isfinite(v))
            magnitudes.push_back(std::abs(v));
    const double floor = std::max(
        {0.05 * medianOf(magnitudes), view == SeriesView::Rate ? 1.0 / bucketSeconds : 0.0, 1e-9});
    const double minLr = std::log1p(options.minChange);
    // Counts of a counter's buckets: the view is their rate.
    const bool counting = view == SeriesView::Rate;

    // First the plain seasonal baseline, to find the buckets that stand out; then again
    // without them, so that a past anomaly is not the baseline of a later bucket.
    SeasonalResiduals r = seasonalResiduals(x, season, grid.seasons, floor);
    if (!std::isfinite(r.noise))
        return; // too few residuals to know the noise
    const double sigma = std::max(0.02, r.noise);
    auto anomalousIn = [&](const SeasonalResiduals& res, std::size_t i) {
        const double lr = res.residual[i];
        if (!std::isfinite(lr) || std::abs(lr) < minLr ||
            std::abs(lr) < options.threshold * std::max(sigma, res.spread[i]))
            return false;
        if (!counting)
            return true;
        const double now = std::abs(x[i]) * bucketSeconds;
        const double then = std::abs(res.baseline[i]) * bucketSeconds;
        // Only a few events: counting noise rules. With more, the series' own noise
        // (sigma above, which also holds any over-dispersion) is the stricter test.
        if (now + then >= 50)
            return true;
        return std::abs(now - then) / std::sqrt(now + then + 1) >= options.countThreshold;
    };
    std::vector<bool> skip(n, false);
    for (std::size_t i = 0; i < n; ++i)
        skip[i] = anomalousIn(r, i);
    r = seasonalResiduals(x, season, grid.seasons, floor, skip);
    const std::vector<double>& lr = r.residual;
    auto anomalous = [&](std::size_t i) { return anomalousIn(r, i); };
    auto noiseAt = [&](std::size_t i) { return std::max(sigma, r.spread[i]); };

    // Runs of one sign, bridging up to two quiet buckets that lean the same way (a night
    // of few events inside a day-long drop).
    constexpr std::size_t kMaxGap = 2;
    std::vector<Segment> runs;
    for (std::size_t i = season; i < n;) {
        if (!anomalous(i)) {
            ++i;
            continue;
        }
        const double sign = lr[i] > 0 ? 1 : -1;
        std::size_t last = i, j = i + 1;
        while (j < n) {
            if (anomalous(j) && lr[j] * sign > 0) {
                last = j++;
                continue;
            }
            std::size_t next = j;
            while (next < n && next - last <= kMaxGap && std::isfinite(lr[next]) &&
                   lr[next] * sign > 0 && !anomalous(next))
                ++next;
            if (next < n && next - last <= kMaxGap + 1 && anomalous(next) && lr[next] * sign > 0)
                j = next; // quiet buckets between two anomalous ones
            else
                break;
        }
        runs.push_back({i, last});
        i = last + 1;
    }

    // Four times worse, and clear of the noise.
    const double minJump = std::max(options.threshold * sigma, std::log(4.0));
    const std::size_t minLeft = static_cast<std::size_t>(2 * std::max(1, options.minBuckets));
    for (const Segment& run : runs) {
        std::vector<Segment> pieces;
        splitRun(lr, run, minJump, minLeft, pieces);
        for (const Segment& s : pieces) {
            const std::size_t length = s.last - s.first + 1;
            double sumLr = 0, peak = 0, observed = 0, expected = 0;
            std::size_t counted = 0;
            for (std::size_t i = s.first; i <= s.last; ++i) {
                if (!std::isfinite(lr[i]))
                    continue;
                sumLr += lr[i];
                peak = std::max(peak, std::abs(lr[i]) / noiseAt(i));
                observed += x[i];
                expected += r.baseline[i];
                ++counted;
            }
            if (counted == 0)
                continue;
            const double meanLr = sumLr / static_cast<double>(counted);
            // A piece left behind by a split may be weak on its own.
            if (std::abs(meanLr) < minLr || std::abs(meanLr) < options.threshold * sigma * 0.75)
                continue;
            const bool strong = peak >= options.strongThreshold &&
                                std::abs(meanLr) >= std::log1p(options.strongChange);
            if (length < static_cast<std::size_t>(options.minBuckets) && !strong)
                continue;
            Anomaly a;
            a.series = series;
            a.view = view;
            a.bucketNs = bucket;
            a.baselinePeriodNs = grid.periodNs;
            a.onsetNs = grid.fromNs + static_cast<std::int64_t>(s.first) * bucket;
            a.endNs = grid.fromNs + static_cast<std::int64_t>(s.last + 1) * bucket;
            a.ongoing = s.last + 1 >= n;
            a.observed = observed / static_cast<double>(counted);
            a.expected = expected / static_cast<double>(counted);
            a.changePercent = a.expected != 0
                                  ? (a.observed - a.expected) / std::abs(a.expected) * 100
                                  : (meanLr > 0 ? 100.0 : -100.0);
            a.logRatio = meanLr;
            a.peakZ = peak;
            a.direction = meanLr > 0 ? 1 : -1;
            a.sense =
                options.senses ? options.senses->of(series, view) : conventionalSense(series, view);
            a.harmful = a.sense == MetricSense::Either ||
                        (a.sense == MetricSense::UpIsBad && a.direction > 0) ||
                        (a.sense == MetricSense::DownIsBad && a.direction < 0);
            out.push_back(std::move(a));
        }
    }
}

} // namespace

std::vector<Anomaly> detectAnomalies(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                                     const AnomalyOptions& options, std::stop_token stop) {
    std::vector<Anomaly> out;
    const auto span = seriesTimeSpan(ws, scope, series.id);
    if (!span || span->lastNs - span->firstNs < 2 * kDayNs)
        return out; // not even a day to compare with
    Grid grid;
    // Weekly seasons when there is more than a week to compare with, else daily ones.
    const bool weekly = span->lastNs - span->firstNs >= kWeekNs + kDayNs;
    grid.periodNs = weekly ? kWeekNs : kDayNs;
    grid.seasons = weekly ? options.weeks : options.days;
    const std::int64_t samples = std::max<std::int64_t>(1, sampleCount(ws, scope, series.id));
    const std::int64_t spanNs = span->lastNs - span->firstNs;
    grid.bucketNs = niceBucket(std::max<std::int64_t>(
        {spanNs / samples, spanNs / std::max<std::int64_t>(1, options.maxBuckets), kMinute}));
    grid.fromNs = (span->firstNs / grid.bucketNs) * grid.bucketNs;
    const std::int64_t to = (span->lastNs / grid.bucketNs + 1) * grid.bucketNs;
    const double bucketSeconds = static_cast<double>(grid.bucketNs) / kNsPerSecond;
    for (const SeriesView view : anomalyViews(series)) {
        // Buckets of whole rollup slots: a dense series is read from its tiles.
        const BucketedSeries b = bucketSeries(ws, scope, series, view, grid.fromNs, to,
                                              grid.bucketNs, stop, BucketKey::IntervalMiddle);
        if (stop.stop_requested())
            return out;
        std::vector<double> x(b.stats.size(), NAN);
        for (std::size_t i = 0; i < x.size(); ++i) {
            const SampleStats& s = b.stats[i];
            if (s.empty())
                continue;
            if (isQuantileView(view))
                x[i] = b.distributions[i].quantile(*viewQuantile(view)).value_or(NAN);
            else if (view == SeriesView::Rate)
                x[i] = s.increase / bucketSeconds;
            else
                x[i] = s.mean();
        }
        findAnomalies(series, view, x, grid, options, out);
    }
    return out;
}

} // namespace casebook
