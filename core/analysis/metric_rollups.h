#pragma once
// Tiles of consecutive samples of a series' default view (gauge value, counter rate),
// stored in metric_rollups so that a range over millions of points is read as a few
// thousand tiles. Level 1 tiles hold 64 samples, level 2 tiles 4,096. Histograms and
// summaries have none: their quantiles are merged from buckets, which tiles cannot hold.

#include "core/analysis/analysis_ids.h"
#include "core/analysis/sample_stats.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <vector>

namespace casebook {

inline constexpr int kRollupLevels = 2;
// Samples per tile of a level (1 or 2).
std::int64_t rollupTileSamples(int level);
// A series gets tiles from this many samples on; smaller ones are read whole.
inline constexpr std::int64_t kRollupMinSamples = 1024;

// Rebuilds the tiles of these series (replacing what they had), e.g. the series an import
// added points to. Runs inside the caller's transaction. Returns the tiles written.
std::int64_t rebuildMetricRollups(Workspace& ws, const std::vector<SeriesId>& series,
                                  std::stop_token stop = {});

struct RollupState {
    std::int64_t samples = 0;
    std::int64_t firstNs = 0;
    std::int64_t lastNs = 0;
};
std::optional<RollupState> rollupState(Workspace& ws, const Scope& scope, SeriesId series);

// The tiles of `level` lying wholly inside [from, to), in time order.
void readRollupTiles(Workspace& ws, const Scope& scope, SeriesId series, int level,
                     std::int64_t fromNs, std::int64_t toNs,
                     const std::function<void(const SampleStats&)>& visit);

} // namespace casebook
