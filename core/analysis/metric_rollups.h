#pragma once
// Rollup tiles: the samples of a series' base view summed per aligned slot of time, stored
// in metric_rollups so that a range over millions of points, or a whole series on the
// anomaly grid, is read as a few thousand tiles. Levels are slots of 1 minute, 15 minutes
// and 4 hours (aligned to the Unix epoch, so a grid of whole slots is made of whole tiles);
// a level is built only where its tiles hold several samples each. A sample belongs to the
// slot of the middle of its interval (start, time], as an hourly count belongs to the hour
// it counts; gauges are instants. The base view is a gauge's value, a counter's rate, and
// a histogram's observation rate, whose tiles also keep the merged buckets (so quantiles
// of a slot, and of any run of slots, come from tiles too). Summaries and gauge histograms
// have none. Tiles are keyed by (series, level, slot): many points on one timestamp fall
// into one tile.

#include "core/analysis/analysis_ids.h"
#include "core/analysis/histogram_buckets.h"
#include "core/analysis/metric_catalog.h"
#include "core/analysis/metric_samples.h"
#include "core/analysis/sample_stats.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <vector>

namespace casebook {

inline constexpr int kRollupLevels = 3;
// The slot width of a level (1..kRollupLevels).
std::int64_t rollupSlotNs(int level);
// A series gets tiles from this many points on; smaller ones are read whole.
inline constexpr std::int64_t kRollupMinSamples = 1024;
// A level is built when its tiles hold at least this many samples on average.
inline constexpr double kRollupMinSamplesPerTile = 4;

// The view tiles hold for a series, if any: Value for gauges and non-monotonic sums,
// Rate for counters and histograms (whose tiles carry the merged buckets too).
std::optional<SeriesView> rollupView(const SeriesInfo& series);
// Whether tiles answer `view` of the series: their own view, or a quantile of histograms.
bool rollupsServe(const SeriesInfo& series, SeriesView view);

// Rebuilds the tiles of these series (replacing what they had), e.g. the series an import
// added points to, and takes them off the pending list. Runs inside the caller's
// transaction. Returns the tiles written.
std::int64_t rebuildMetricRollups(Workspace& ws, const std::vector<SeriesId>& series,
                                  std::stop_token stop = {});
// Series waiting for tiles: those of a workspace made before tiles existed (or before
// their current shape), listed by the schema migration.
std::vector<SeriesId> pendingRollups(Workspace& ws);
// Builds the tiles of every pending series, in transactions of a few series each, so that
// a stop keeps what was done. Returns the series built.
std::int64_t buildPendingRollups(Workspace& ws, std::stop_token stop = {},
                                 const std::function<void(double done)>& progress = {});

struct RollupState {
    std::int64_t samples = 0;
    std::int64_t firstNs = 0;
    std::int64_t lastNs = 0;
    int levels = 0; // bit (level - 1) set: that level was built
    bool hasLevel(int level) const { return (levels >> (level - 1)) & 1; }
};
std::optional<RollupState> rollupState(Workspace& ws, const Scope& scope, SeriesId series);

struct RollupTile {
    std::int64_t slotStartNs = 0;
    SampleStats stats;                              // firstValue and lastValue are not kept
    std::optional<BucketDistribution> distribution; // histograms, when asked for
};

// The tiles of `level` whose slots lie wholly inside [from, to), in time order.
void readRollupTiles(Workspace& ws, const Scope& scope, SeriesId series, int level,
                     std::int64_t fromNs, std::int64_t toNs, bool withBuckets,
                     const std::function<void(const RollupTile&)>& visit);

} // namespace casebook
