#include "core/analysis/metric_range.h"

#include "core/analysis/metric_rollups.h"

#include <algorithm>
#include <cmath>

namespace casebook {
namespace {

constexpr double kNsPerSecond = 1e9;
// A bucket must cover this many tiles before tiles stand in for its samples, so that the
// few tiles straddling a bucket edge hardly move its statistics.
constexpr std::int64_t kTilesPerBucket = 4;

bool tilesHoldView(const SeriesInfo& series, SeriesView view) {
    const auto views = defaultViews(series);
    return views.size() == 1 && views.front() == view && !isQuantileView(view);
}

class Bucketer {
public:
    Bucketer(BucketedSeries& out, std::int64_t toNs, bool quantiles, BucketKey key)
        : out_(out), toNs_(toNs), quantiles_(quantiles), key_(key) {}

    std::size_t indexOf(std::int64_t timeNs) const {
        const std::int64_t i = (timeNs - out_.fromNs) / out_.bucketNs;
        return static_cast<std::size_t>(
            std::clamp<std::int64_t>(i, 0, static_cast<std::int64_t>(out_.stats.size()) - 1));
    }
    void add(const Sample& s) {
        const std::int64_t at = key_ == BucketKey::IntervalMiddle && s.startNs < s.timeNs
                                    ? s.startNs + (s.timeNs - s.startNs) / 2
                                    : s.timeNs;
        if (at < out_.fromNs || at >= toNs_)
            return;
        const std::size_t i = indexOf(at);
        out_.stats[i].add(s.timeNs, s.value, s.increase);
        if (quantiles_ && s.distribution)
            out_.distributions[i].add(*s.distribution);
    }
    void addTile(const SampleStats& tile) {
        const std::int64_t mid = tile.firstNs + (tile.lastNs - tile.firstNs) / 2;
        out_.stats[indexOf(mid)].addTotals(tile);
        out_.stats[indexOf(tile.minNs)].offerMin(tile.minNs, tile.minValue);
        out_.stats[indexOf(tile.maxNs)].offerMax(tile.maxNs, tile.maxValue);
    }

private:
    BucketedSeries& out_;
    std::int64_t toNs_;
    bool quantiles_;
    BucketKey key_;
};

// Reads raw points of [from, to) through the deriver into the bucketer.
std::int64_t readRaw(Workspace& ws, const Scope& scope, const SeriesInfo& series, SeriesView view,
                     std::int64_t fromNs, std::int64_t toNs, Bucketer& bucketer,
                     std::stop_token stop) {
    if (toNs <= fromNs)
        return 0;
    SampleDeriver deriver(series, view);
    std::int64_t rows = 0;
    if (deriver.needsPrevious())
        if (auto before = pointBefore(ws, scope, series.id, fromNs, deriver.needsBuckets())) {
            deriver.prime(*before);
            ++rows;
        }
    rows += readPoints(
        ws, scope, series.id, fromNs, toNs, deriver.needsBuckets(),
        [&](const RawPoint& p) {
            if (auto s = deriver.next(p))
                bucketer.add(*s);
        },
        stop);
    return rows;
}

} // namespace

BucketedSeries bucketSeries(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                            SeriesView view, std::int64_t fromNs, std::int64_t toNs,
                            std::int64_t bucketNs, std::stop_token stop, BucketKey key) {
    BucketedSeries out;
    out.fromNs = fromNs;
    out.bucketNs = std::max<std::int64_t>(1, bucketNs);
    if (toNs <= fromNs)
        return out;
    const std::int64_t buckets = (toNs - fromNs + out.bucketNs - 1) / out.bucketNs;
    out.stats.assign(static_cast<std::size_t>(buckets), {});
    const bool quantiles = isQuantileView(view);
    if (quantiles)
        out.distributions.assign(static_cast<std::size_t>(buckets), {});
    Bucketer bucketer(out, toNs, quantiles, key);
    // Keyed by the middle of their interval, samples ending up to a bucket after the
    // range may still belong to it.
    const std::int64_t readTo =
        key == BucketKey::IntervalMiddle ? toNs + std::min(out.bucketNs, toNs - fromNs) : toNs;

    // Tiles when a bucket covers enough of them: estimate the samples in range from the
    // series' sample density.
    int level = 0;
    if (tilesHoldView(series, view))
        if (const auto state = rollupState(ws, scope, series.id); state && state->samples > 1) {
            const double span =
                static_cast<double>(std::max<std::int64_t>(1, state->lastNs - state->firstNs));
            const double overlap = static_cast<double>(std::max<std::int64_t>(
                0, std::min(toNs, state->lastNs + 1) - std::max(fromNs, state->firstNs)));
            const double perBucket =
                static_cast<double>(state->samples) * overlap / span / static_cast<double>(buckets);
            for (int l = kRollupLevels; l >= 1 && level == 0; --l)
                if (perBucket >= static_cast<double>(kTilesPerBucket * rollupTileSamples(l)))
                    level = l;
        }
    if (level == 0) {
        out.rowsRead = readRaw(ws, scope, series, view, fromNs, readTo, bucketer, stop);
        return out;
    }

    // Whole tiles inside the range, raw points for the edges they leave.
    std::int64_t coveredFrom = 0, coveredTo = 0;
    bool any = false;
    std::int64_t tiles = 0;
    readRollupTiles(ws, scope, series.id, level, fromNs, toNs, [&](const SampleStats& tile) {
        if (!any)
            coveredFrom = tile.firstNs;
        any = true;
        coveredTo = tile.lastNs;
        bucketer.addTile(tile);
        ++tiles;
    });
    if (!any) {
        out.rowsRead = readRaw(ws, scope, series, view, fromNs, readTo, bucketer, stop);
        return out;
    }
    out.fromRollups = true;
    out.rowsRead = tiles + readRaw(ws, scope, series, view, fromNs, coveredFrom, bucketer, stop) +
                   readRaw(ws, scope, series, view, coveredTo + 1, readTo, bucketer, stop);
    return out;
}

DownsampledSeries downsampleSeries(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                                   SeriesView view, std::int64_t fromNs, std::int64_t toNs,
                                   int maxPoints, std::stop_token stop) {
    DownsampledSeries out;
    maxPoints = std::max(2, maxPoints);
    if (toNs <= fromNs)
        return out;
    // Quantiles are one value per bucket; values and rates keep the min and the max.
    const bool quantiles = isQuantileView(view);
    const std::int64_t buckets = quantiles ? maxPoints : maxPoints / 2;
    const std::int64_t bucketNs =
        std::max<std::int64_t>(1, (toNs - fromNs + buckets - 1) / buckets);
    BucketedSeries b = bucketSeries(ws, scope, series, view, fromNs, toNs, bucketNs, stop);
    out.rowsRead = b.rowsRead;
    out.fromRollups = b.fromRollups;
    for (const auto& s : b.stats)
        out.samples += s.points;

    if (!b.fromRollups && out.samples <= maxPoints && !quantiles) {
        // Few enough to send every sample: read them again in order (cheap at this size).
        for (const auto& s : readSamples(ws, scope, series, view, fromNs, toNs))
            out.points.push_back({s.timeNs, s.value});
        return out;
    }
    for (std::size_t i = 0; i < b.stats.size(); ++i) {
        const SampleStats& s = b.stats[i];
        if (quantiles) {
            const auto q =
                s.empty() ? std::nullopt : b.distributions[i].quantile(*viewQuantile(view));
            if (q)
                out.points.push_back({s.lastNs, *q});
            continue;
        }
        // A bucket may hold only the extreme of a tile whose totals went next door.
        const bool hasMin = std::isfinite(s.minValue), hasMax = std::isfinite(s.maxValue);
        if (!hasMin && !hasMax)
            continue;
        if (hasMin != hasMax) {
            out.points.push_back(hasMin ? PlotPoint{s.minNs, s.minValue}
                                        : PlotPoint{s.maxNs, s.maxValue});
        } else if (s.minNs == s.maxNs) {
            out.points.push_back({s.minNs, s.minValue});
        } else if (s.minNs < s.maxNs) {
            out.points.push_back({s.minNs, s.minValue});
            out.points.push_back({s.maxNs, s.maxValue});
        } else {
            out.points.push_back({s.maxNs, s.maxValue});
            out.points.push_back({s.minNs, s.minValue});
        }
    }
    return out;
}

std::vector<StepValue> stepSeries(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                                  SeriesView view, std::int64_t fromNs, std::int64_t toNs,
                                  std::int64_t stepNs, std::stop_token stop) {
    std::vector<StepValue> out;
    if (toNs <= fromNs || stepNs <= 0)
        return out;
    const BucketedSeries b = bucketSeries(ws, scope, series, view, fromNs, toNs, stepNs, stop,
                                          BucketKey::IntervalMiddle);
    const double stepSeconds = static_cast<double>(stepNs) / kNsPerSecond;
    for (std::size_t i = 0; i < b.stats.size(); ++i) {
        const SampleStats& s = b.stats[i];
        StepValue v;
        v.startNs = fromNs + static_cast<std::int64_t>(i) * stepNs;
        v.samples = s.points;
        if (s.points == 0) {
            v.value = v.min = v.max = NAN;
        } else {
            v.min = s.minValue;
            v.max = s.maxValue;
            if (isQuantileView(view))
                v.value = b.distributions[i].quantile(*viewQuantile(view)).value_or(NAN);
            else if (view == SeriesView::Rate)
                v.value = s.increase / stepSeconds;
            else
                v.value = s.mean();
        }
        out.push_back(v);
    }
    return out;
}

} // namespace casebook
