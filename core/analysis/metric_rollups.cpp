#include "core/analysis/metric_rollups.h"

#include "core/analysis/metric_catalog.h"
#include "core/analysis/metric_samples.h"
#include "core/query/scoped_query.h"

#include <algorithm>
#include <array>
#include <map>

namespace casebook {
namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
constexpr double kNsPerSecond = 1e9;

struct RebuildTarget {
    SeriesInfo info;
    std::int64_t tenantRow = 0;
};

std::optional<RebuildTarget> seriesForRebuild(Workspace& ws, SeriesId id) {
    // The rebuild runs for the import (or the migration) that wrote these rows; it sees
    // every tenant's series it was handed, as the writer did.
    auto st = ws.db().prepare("SELECT tenant_id, kind, monotonic, temporality FROM "
                              "metric_series WHERE id = ?");
    st.bind(1, raw(id));
    if (!st.step())
        return std::nullopt;
    RebuildTarget t;
    t.info.id = id;
    t.tenantRow = st.int64(0);
    t.info.kind = static_cast<MetricKind>(st.int64(1));
    t.info.monotonic = st.int64(2) != 0;
    t.info.temporality = static_cast<int>(st.int64(3));
    return t;
}

bool isHistogram(const SeriesInfo& s) {
    return s.kind == MetricKind::Histogram || s.kind == MetricKind::ExponentialHistogram;
}

// The slot a sample belongs to: the middle of its interval.
std::int64_t keyOf(const Sample& s) {
    return s.startNs < s.timeNs ? s.startNs + (s.timeNs - s.startNs) / 2 : s.timeNs;
}

std::int64_t slotOf(std::int64_t keyNs, std::int64_t widthNs) {
    // Floor division: keys before the epoch land in the slot below.
    return keyNs >= 0 ? keyNs / widthNs : -((-keyNs + widthNs - 1) / widthNs);
}

struct OpenTile {
    std::int64_t slot = 0;
    SampleStats stats;
    BucketDistribution distribution;
};

class TileWriter {
public:
    TileWriter(Database& db, SeriesId series, std::int64_t tenant, int levels)
        : series_(series), tenant_(tenant), levels_(levels),
          insert_(db.prepare("INSERT INTO metric_rollups(series_id, tenant_id, level, slot, "
                             "first_ns, last_ns, points, sum, increase, min_value, min_ns, "
                             "max_value, max_ns, buckets) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {}

    void add(const Sample& s, const BucketDistribution* distribution) {
        const std::int64_t key = keyOf(s);
        for (int level = 1; level <= kRollupLevels; ++level) {
            if (!((levels_ >> (level - 1)) & 1))
                continue;
            auto& open = open_[static_cast<std::size_t>(level - 1)];
            const std::int64_t slot = slotOf(key, rollupSlotNs(level));
            auto it = open.find(slot);
            if (it == open.end()) {
                // Samples arrive in time order, so slots rarely reopen; the few that do
                // (a long interval among short ones) stay open until the end.
                flushBefore(level, slot);
                it = open.emplace(slot, OpenTile{slot, {}, {}}).first;
            }
            it->second.stats.add(s.timeNs, s.value, s.increase);
            if (distribution)
                it->second.distribution.add(*distribution);
        }
    }
    void finish() {
        for (int level = 1; level <= kRollupLevels; ++level)
            flushBefore(level, INT64_MAX);
    }
    std::int64_t tiles() const { return tiles_; }

private:
    // Writes the open tiles of `level` whose slots lie before `slot` minus one: a slot is
    // kept open while samples of the next one arrive, for keys slightly out of order.
    void flushBefore(int level, std::int64_t slot) {
        auto& open = open_[static_cast<std::size_t>(level - 1)];
        while (!open.empty() && (slot == INT64_MAX || open.begin()->first < slot - 1)) {
            write(level, open.begin()->second);
            open.erase(open.begin());
        }
    }
    void write(int level, const OpenTile& tile) {
        const SampleStats& t = tile.stats;
        insert_.bind(1, raw(series_))
            .bind(2, tenant_)
            .bind(3, level)
            .bind(4, tile.slot)
            .bind(5, t.firstNs)
            .bind(6, t.lastNs)
            .bind(7, t.points)
            .bind(8, t.sum)
            .bind(9, t.increase)
            .bind(10, t.minValue)
            .bind(11, t.minNs)
            .bind(12, t.maxValue)
            .bind(13, t.maxNs);
        if (tile.distribution.empty())
            insert_.bindNull(14);
        else
            insert_.bind(14, bucketDistributionJson(tile.distribution));
        insert_.run();
        insert_.reset();
        ++tiles_;
    }

    SeriesId series_;
    std::int64_t tenant_;
    int levels_;
    Statement insert_;
    std::array<std::map<std::int64_t, OpenTile>, kRollupLevels> open_;
    std::int64_t tiles_ = 0;
};

// Levels whose tiles would hold kRollupMinSamplesPerTile samples on average.
int levelsFor(std::int64_t samples, std::int64_t spanNs) {
    int levels = 0;
    for (int level = 1; level <= kRollupLevels; ++level) {
        const double tiles =
            std::max(1.0, static_cast<double>(spanNs) / static_cast<double>(rollupSlotNs(level)));
        if (static_cast<double>(samples) / tiles >= kRollupMinSamplesPerTile)
            levels |= 1 << (level - 1);
    }
    return levels;
}

} // namespace

std::int64_t rollupSlotNs(int level) {
    switch (level) {
    case 1:
        return kMinuteNs;
    case 2:
        return 15 * kMinuteNs;
    default:
        return 240 * kMinuteNs;
    }
}

std::optional<SeriesView> rollupView(const SeriesInfo& series) {
    if (isHistogram(series))
        return series.temporality == 0 ? std::nullopt : std::optional(SeriesView::Rate);
    if (series.kind == MetricKind::Summary)
        return std::nullopt;
    return defaultViews(series).front();
}

bool rollupsServe(const SeriesInfo& series, SeriesView view) {
    const auto own = rollupView(series);
    if (!own)
        return false;
    return view == *own || (isHistogram(series) && isQuantileView(view));
}

std::int64_t rebuildMetricRollups(Workspace& ws, const std::vector<SeriesId>& series,
                                  std::stop_token stop) {
    Database& db = ws.db();
    auto dropTiles = db.prepare("DELETE FROM metric_rollups WHERE series_id = ?");
    auto dropState = db.prepare("DELETE FROM metric_rollup_state WHERE series_id = ?");
    auto dropPending = db.prepare("DELETE FROM metric_rollup_pending WHERE series_id = ?");
    auto count = db.prepare("SELECT count(*), min(time_ns), max(time_ns) FROM metric_points "
                            "WHERE series_id = ?");
    auto putState = db.prepare("INSERT INTO metric_rollup_state(series_id, tenant_id, points, "
                               "first_ns, last_ns, levels) VALUES(?,?,?,?,?,?)");
    std::int64_t tiles = 0;
    for (const SeriesId id : series) {
        if (stop.stop_requested())
            break;
        for (Statement* drop : {&dropTiles, &dropState, &dropPending}) {
            drop->bind(1, raw(id)).run();
            drop->reset();
        }
        const auto target = seriesForRebuild(ws, id);
        if (!target)
            continue;
        const auto view = rollupView(target->info);
        if (!view)
            continue;
        count.bind(1, raw(id));
        const bool any = count.step();
        const std::int64_t points = any ? count.int64(0) : 0;
        const std::int64_t spanNs = points > 0 ? count.int64(2) - count.int64(1) : 0;
        count.reset();
        if (points < kRollupMinSamples)
            continue;
        const int levels = levelsFor(points, spanNs);
        if (levels == 0)
            continue;
        const std::int64_t tenant = target->tenantRow;
        TileWriter writer(db, id, tenant, levels);
        // Histograms: the observation rate, plus the interval's buckets (differenced when
        // cumulative) from a quantile view's deriver over the same points.
        const bool histogram = isHistogram(target->info);
        SampleDeriver deriver(target->info, *view);
        SampleDeriver buckets(target->info, SeriesView::P50);
        auto read = db.prepare(histogram ? "SELECT time_ns, start_ns, value, count, buckets FROM "
                                           "metric_points WHERE series_id = ? ORDER BY time_ns"
                                         : "SELECT time_ns, start_ns, value, count FROM "
                                           "metric_points WHERE series_id = ? ORDER BY time_ns");
        read.bind(1, raw(id));
        RawPoint p;
        std::int64_t samples = 0, first = 0, last = 0;
        while (read.step()) {
            p.timeNs = read.int64(0);
            p.startNs = read.int64(1);
            p.value = read.isNull(2) ? std::nullopt : std::optional<double>(read.real(2));
            p.count = read.isNull(3) ? std::nullopt : std::optional<std::int64_t>(read.int64(3));
            std::optional<Sample> withBuckets;
            if (histogram) {
                p.buckets.assign(read.textView(4));
                withBuckets = buckets.next(p);
            }
            if (auto s = deriver.next(p)) {
                if (samples == 0)
                    first = s->timeNs;
                last = s->timeNs;
                ++samples;
                const BucketDistribution* d = withBuckets && withBuckets->distribution
                                                  ? &*withBuckets->distribution
                                                  : nullptr;
                writer.add(*s, d);
            }
        }
        writer.finish();
        tiles += writer.tiles();
        putState.bind(1, raw(id))
            .bind(2, tenant)
            .bind(3, samples)
            .bind(4, first)
            .bind(5, last)
            .bind(6, levels);
        putState.run();
        putState.reset();
    }
    return tiles;
}

std::vector<SeriesId> pendingRollups(Workspace& ws) {
    std::vector<SeriesId> out;
    auto st = ws.db().prepare("SELECT series_id FROM metric_rollup_pending ORDER BY series_id");
    while (st.step())
        out.push_back(SeriesId{st.int64(0)});
    return out;
}

std::int64_t buildPendingRollups(Workspace& ws, std::stop_token stop,
                                 const std::function<void(double)>& progress) {
    const auto pending = pendingRollups(ws);
    constexpr std::size_t kPerTransaction = 16;
    std::int64_t built = 0;
    for (std::size_t i = 0; i < pending.size() && !stop.stop_requested(); i += kPerTransaction) {
        const std::vector<SeriesId> batch(
            pending.begin() + static_cast<std::ptrdiff_t>(i),
            pending.begin() +
                static_cast<std::ptrdiff_t>(std::min(pending.size(), i + kPerTransaction)));
        Transaction tx(ws.db());
        rebuildMetricRollups(ws, batch, stop);
        if (stop.stop_requested())
            break; // rolled back: these stay pending
        tx.commit();
        built += static_cast<std::int64_t>(batch.size());
        if (progress)
            progress(static_cast<double>(built) / static_cast<double>(pending.size()));
    }
    return built;
}

std::optional<RollupState> rollupState(Workspace& ws, const Scope& scope, SeriesId series) {
    ScopedQuery q("SELECT r.points, r.first_ns, r.last_ns, r.levels FROM metric_rollup_state r");
    q.where("r.series_id = ?", raw(series));
    q.applyScope(scope.withWindow({}), "r", "", true);
    auto st = q.prepare(ws.db());
    if (!st.step())
        return std::nullopt;
    return RollupState{st.int64(0), st.int64(1), st.int64(2), static_cast<int>(st.int64(3))};
}

void readRollupTiles(Workspace& ws, const Scope& scope, SeriesId series, int level,
                     std::int64_t fromNs, std::int64_t toNs, bool withBuckets,
                     const std::function<void(const RollupTile&)>& visit) {
    const std::int64_t width = rollupSlotNs(level);
    // Slots wholly inside [from, to): from the first slot starting at or after `from` to
    // the last one ending at or before `to`.
    const std::int64_t firstSlot = slotOf(fromNs - 1, width) + 1;
    const std::int64_t endSlot = slotOf(toNs, width); // exclusive
    if (endSlot <= firstSlot)
        return;
    ScopedQuery q(withBuckets ? "SELECT r.slot, r.first_ns, r.last_ns, r.points, r.sum, "
                                "r.increase, r.min_value, r.min_ns, r.max_value, r.max_ns, "
                                "r.buckets FROM metric_rollups r"
                              : "SELECT r.slot, r.first_ns, r.last_ns, r.points, r.sum, "
                                "r.increase, r.min_value, r.min_ns, r.max_value, r.max_ns "
                                "FROM metric_rollups r");
    q.where("r.series_id = ?", raw(series));
    q.where("r.level = ?", static_cast<std::int64_t>(level));
    q.where("r.slot >= ?", firstSlot);
    q.where("r.slot < ?", endSlot);
    q.applyScope(scope.withWindow({}), "r", "", true);
    q.append("ORDER BY r.slot");
    auto st = q.prepare(ws.db());
    RollupTile tile;
    while (st.step()) {
        tile.slotStartNs = st.int64(0) * width;
        SampleStats& t = tile.stats;
        t.firstNs = st.int64(1);
        t.lastNs = st.int64(2);
        t.points = st.int64(3);
        t.sum = st.real(4);
        t.increase = st.real(5);
        t.minValue = st.real(6);
        t.minNs = st.int64(7);
        t.maxValue = st.real(8);
        t.maxNs = st.int64(9);
        tile.distribution.reset();
        if (withBuckets && !st.isNull(10))
            tile.distribution = parseBucketDistribution(st.textView(10));
        visit(tile);
    }
}

} // namespace casebook
