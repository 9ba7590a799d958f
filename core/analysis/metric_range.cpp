#include "core/analysis/metric_range.h"

#include "core/analysis/metric_rollups.h"

#include <algorithm>
#include <cmath>

namespace casebook {
namespace {

constexpr double kNsPerSecond = 1e9;
// Unless buckets are made of whole tiles, a bucket must cover this many tiles before tiles
// stand in for its samples, so that the tiles straddling a bucket edge hardly move it.
constexpr std::int64_t kTilesPerBucket = 2;

std::int64_t keyOf(const Sample& s, BucketKey key) {
    return key == BucketKey::IntervalMiddle && s.startNs < s.timeNs
               ? s.startNs + (s.timeNs - s.startNs) / 2
               : s.timeNs;
}

class Bucketer {
public:
    Bucketer(BucketedSeries& out, bool quantiles, BucketKey key)
        : out_(out), quantiles_(quantiles), key_(key) {}

    std::size_t indexOf(std::int64_t timeNs) const {
        const std::int64_t i = (timeNs - out_.fromNs) / out_.bucketNs;
        return static_cast<std::size_t>(
            std::clamp<std::int64_t>(i, 0, static_cast<std::int64_t>(out_.stats.size()) - 1));
    }
    // Samples are taken when their key lies in [keyFrom, keyTo).
    void setKeyRange(std::int64_t keyFrom, std::int64_t keyTo) {
        keyFrom_ = keyFrom;
        keyTo_ = keyTo;
    }
    void add(const Sample& s) {
        const std::int64_t at = keyOf(s, key_);
        if (at < keyFrom_ || at >= keyTo_)
            return;
        const std::size_t i = indexOf(at);
        out_.stats[i].add(s.timeNs, s.value, s.increase);
        if (quantiles_ && s.distribution)
            out_.distributions[i].add(*s.distribution);
    }
    // A tile of whole-tile buckets lands whole in its bucket; otherwise its totals go to
    // the bucket of its middle and its extremes to the buckets of their own times.
    void addTile(const RollupTile& tile, std::int64_t slotNs, bool whole) {
        const std::size_t i = indexOf(tile.slotStartNs + slotNs / 2);
        if (whole) {
            out_.stats[i].merge(tile.stats);
        } else {
            out_.stats[i].addTotals(tile.stats);
            out_.stats[indexOf(tile.stats.minNs)].offerMin(tile.stats.minNs, tile.stats.minValue);
            out_.stats[indexOf(tile.stats.maxNs)].offerMax(tile.stats.maxNs, tile.stats.maxValue);
        }
        if (quantiles_ && tile.distribution)
            out_.distributions[i].add(*tile.distribution);
    }

private:
    BucketedSeries& out_;
    bool quantiles_;
    BucketKey key_;
    std::int64_t keyFrom_ = INT64_MIN, keyTo_ = INT64_MAX;
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

// The tile level a bucketing uses, if any. A level can serve when its slots make up whole
// buckets (a grid aligned to them, samples keyed as tiles key them), or when a bucket
// covers kTilesPerBucket slots (each extreme keeps its own time, so a chart's minima and
// maxima stay where they were). Of those, the one with the fewest rows to read: its
// tiles, and the points of the edges it leaves (up to a slot at each end).
struct TilePlan {
    int level = 0;
    bool whole = false;
};
TilePlan planTiles(const RollupState& state, std::int64_t fromNs, std::int64_t toNs,
                   std::int64_t bucketNs, BucketKey key) {
    const double perNs =
        static_cast<double>(state.samples) /
        static_cast<double>(std::max<std::int64_t>(1, state.lastNs - state.firstNs));
    const double rawCost = perNs * static_cast<double>(toNs - fromNs);
    TilePlan best;
    double bestCost = rawCost;
    for (int level = 1; level <= kRollupLevels; ++level) {
        if (!state.hasLevel(level))
            continue;
        const std::int64_t slot = rollupSlotNs(level);
        const bool whole =
            key == BucketKey::IntervalMiddle && bucketNs % slot == 0 && fromNs % slot == 0;
        if (!whole && bucketNs < kTilesPerBucket * slot)
            continue;
        const double cost = static_cast<double>(toNs - fromNs) / static_cast<double>(slot) +
                            4 * perNs * static_cast<double>(slot);
        if (cost < bestCost) {
            bestCost = cost;
            best = {level, whole};
        }
    }
    return best;
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
    Bucketer bucketer(out, quantiles, key);
    bucketer.setKeyRange(fromNs, toNs);
    // Keyed by the middle of their interval, samples ending up to a bucket after the
    // range may still belong to it.
    const std::int64_t slack = key == BucketKey::IntervalMiddle ? out.bucketNs : 0;
    const std::int64_t readTo = toNs + std::min(slack, toNs - fromNs);

    TilePlan plan;
    if (rollupsServe(series, view))
        if (const auto state = rollupState(ws, scope, series.id))
            plan = planTiles(*state, fromNs, toNs, out.bucketNs, key);
    if (plan.level == 0) {
        out.rowsRead = readRaw(ws, scope, series, view, fromNs, readTo, bucketer, stop);
        return out;
    }

    // Whole tiles inside the range, raw points for the edges they leave.
    const std::int64_t slotNs = rollupSlotNs(plan.level);
    std::int64_t coveredFrom = 0, coveredTo = 0;
    bool any = false;
    std::int64_t tiles = 0;
    readRollupTiles(ws, scope, series.id, plan.level, fromNs, toNs, quantiles,
                    [&](const RollupTile& tile) {
                        if (!any)
                            coveredFrom = tile.slotStartNs;
                        any = true;
                        coveredTo = tile.slotStartNs + slotNs;
                        bucketer.addTile(tile, slotNs, plan.whole);
                        ++tiles;
                    });
    if (!any) {
        out.rowsRead = readRaw(ws, scope, series, view, fromNs, readTo, bucketer, stop);
        return out;
    }
    out.fromRollups = true;
    // Tiles key samples by their interval's middle; the edges must take exactly the
    // samples the tiles did not.
    Bucketer edges(out, quantiles, BucketKey::IntervalMiddle);
    edges.setKeyRange(fromNs, coveredFrom);
    out.rowsRead =
        tiles + readRaw(ws, scope, series, view, fromNs, coveredFrom + slotNs, edges, stop);
    edges.setKeyRange(coveredTo, toNs);
    out.rowsRead += readRaw(ws, scope, series, view, coveredTo, toNs + slotNs, edges, stop);
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
