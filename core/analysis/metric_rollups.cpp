#include "core/analysis/metric_rollups.h"

#include "core/analysis/metric_catalog.h"
#include "core/analysis/metric_samples.h"
#include "core/query/scoped_query.h"

namespace casebook {
namespace {

struct RebuildTarget {
    SeriesInfo info;
    std::int64_t tenantRow = 0;
};

std::optional<RebuildTarget> seriesForRebuild(Workspace& ws, SeriesId id) {
    // The rebuild runs for the import that wrote these rows; it sees every tenant's
    // series it was handed, as the writer did.
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

class TileWriter {
public:
    TileWriter(Database& db, SeriesId series, std::int64_t tenant)
        : series_(series), tenant_(tenant),
          insert_(db.prepare("INSERT INTO metric_rollups(series_id, tenant_id, level, first_ns, "
                             "last_ns, points, sum, min_value, min_ns, max_value, max_ns, "
                             "first_value, last_value, increase) "
                             "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {}

    void add(const Sample& s) {
        for (int level = 1; level <= kRollupLevels; ++level) {
            auto& tile = open_[static_cast<std::size_t>(level - 1)];
            tile.add(s.timeNs, s.value, s.increase);
            if (tile.points == rollupTileSamples(level))
                flush(level);
        }
        ++samples_;
    }
    void finish() {
        for (int level = 1; level <= kRollupLevels; ++level)
            flush(level);
    }
    std::int64_t tiles() const { return tiles_; }

private:
    void flush(int level) {
        auto& tile = open_[static_cast<std::size_t>(level - 1)];
        if (tile.empty())
            return;
        insert_.bind(1, raw(series_))
            .bind(2, tenant_)
            .bind(3, level)
            .bind(4, tile.firstNs)
            .bind(5, tile.lastNs)
            .bind(6, tile.points)
            .bind(7, tile.sum)
            .bind(8, tile.minValue)
            .bind(9, tile.minNs)
            .bind(10, tile.maxValue)
            .bind(11, tile.maxNs)
            .bind(12, tile.firstValue)
            .bind(13, tile.lastValue)
            .bind(14, tile.increase)
            .run();
        tile = SampleStats{};
        ++tiles_;
    }

    SeriesId series_;
    std::int64_t tenant_;
    Statement insert_;
    SampleStats open_[kRollupLevels];
    std::int64_t samples_ = 0, tiles_ = 0;
};

} // namespace

std::int64_t rollupTileSamples(int level) {
    return level <= 1 ? 64 : 4096;
}

std::int64_t rebuildMetricRollups(Workspace& ws, const std::vector<SeriesId>& series,
                                  std::stop_token stop) {
    Database& db = ws.db();
    auto dropTiles = db.prepare("DELETE FROM metric_rollups WHERE series_id = ?");
    auto dropState = db.prepare("DELETE FROM metric_rollup_state WHERE series_id = ?");
    auto count = db.prepare("SELECT count(*), min(time_ns), max(time_ns) FROM metric_points "
                            "WHERE series_id = ?");
    auto putState = db.prepare("INSERT INTO metric_rollup_state(series_id, tenant_id, points, "
                               "first_ns, last_ns) VALUES(?,?,?,?,?)");
    std::int64_t tiles = 0;
    for (const SeriesId id : series) {
        if (stop.stop_requested())
            break;
        dropTiles.bind(1, raw(id)).run();
        dropTiles.reset();
        dropState.bind(1, raw(id)).run();
        dropState.reset();
        const auto target = seriesForRebuild(ws, id);
        if (!target)
            continue;
        const auto views = defaultViews(target->info);
        if (views.size() != 1 || isQuantileView(views.front()))
            continue;
        count.bind(1, raw(id));
        const bool any = count.step();
        const std::int64_t points = any ? count.int64(0) : 0;
        count.reset();
        if (points < kRollupMinSamples)
            continue;
        const std::int64_t tenant = target->tenantRow;
        TileWriter writer(db, id, tenant);
        SampleDeriver deriver(target->info, views.front());
        auto read = db.prepare("SELECT time_ns, start_ns, value FROM metric_points WHERE "
                               "series_id = ? ORDER BY time_ns");
        read.bind(1, raw(id));
        RawPoint p;
        std::int64_t samples = 0, first = 0, last = 0;
        while (read.step()) {
            p.timeNs = read.int64(0);
            p.startNs = read.int64(1);
            p.value = read.isNull(2) ? std::nullopt : std::optional<double>(read.real(2));
            if (auto s = deriver.next(p)) {
                if (samples == 0)
                    first = s->timeNs;
                last = s->timeNs;
                ++samples;
                writer.add(*s);
            }
        }
        writer.finish();
        tiles += writer.tiles();
        putState.bind(1, raw(id)).bind(2, tenant).bind(3, samples).bind(4, first).bind(5, last);
        putState.run();
        putState.reset();
    }
    return tiles;
}

std::optional<RollupState> rollupState(Workspace& ws, const Scope& scope, SeriesId series) {
    ScopedQuery q("SELECT r.points, r.first_ns, r.last_ns FROM metric_rollup_state r");
    q.where("r.series_id = ?", raw(series));
    q.applyScope(scope.withWindow({}), "r", "", true);
    auto st = q.prepare(ws.db());
    if (!st.step())
        return std::nullopt;
    return RollupState{st.int64(0), st.int64(1), st.int64(2)};
}

void readRollupTiles(Workspace& ws, const Scope& scope, SeriesId series, int level,
                     std::int64_t fromNs, std::int64_t toNs,
                     const std::function<void(const SampleStats&)>& visit) {
    ScopedQuery q("SELECT r.first_ns, r.last_ns, r.points, r.sum, r.min_value, r.min_ns, "
                  "r.max_value, r.max_ns, r.first_value, r.last_value, r.increase FROM "
                  "metric_rollups r");
    q.where("r.series_id = ?", raw(series));
    q.where("r.level = ?", static_cast<std::int64_t>(level));
    q.where("r.first_ns >= ?", fromNs);
    q.where("r.first_ns < ?", toNs);
    q.where("r.last_ns < ?", toNs);
    q.applyScope(scope.withWindow({}), "r", "", true);
    q.append("ORDER BY r.first_ns");
    auto st = q.prepare(ws.db());
    SampleStats t;
    while (st.step()) {
        t.firstNs = st.int64(0);
        t.lastNs = st.int64(1);
        t.points = st.int64(2);
        t.sum = st.real(3);
        t.minValue = st.real(4);
        t.minNs = st.int64(5);
        t.maxValue = st.real(6);
        t.maxNs = st.int64(7);
        t.firstValue = st.real(8);
        t.lastValue = st.real(9);
        t.increase = st.real(10);
        visit(t);
    }
}

} // namespace casebook
