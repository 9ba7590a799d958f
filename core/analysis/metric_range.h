#pragma once
// Range queries over one view of a series, through the (series, time) index, with the
// rollup tiles when a range holds far more samples than the answer may have:
//   downsampleSeries: at most maxPoints points for a chart (min and max of every pixel
//                     bucket, in time order, so that spikes and dips survive), or every
//                     sample when there are fewer;
//   stepSeries:       one value per step (mean of a gauge, rate of a counter over the
//                     step, quantile of the merged histogram buckets).

#include "core/analysis/metric_samples.h"
#include "core/analysis/sample_stats.h"

#include <cstdint>
#include <stop_token>
#include <vector>

namespace casebook {

struct PlotPoint {
    std::int64_t timeNs = 0;
    double value = 0;
};

struct DownsampledSeries {
    std::vector<PlotPoint> points;
    std::int64_t samples = 0;  // samples the range held (tiles counted by their samples)
    std::int64_t rowsRead = 0; // points and tiles read from the workspace
    bool fromRollups = false;  // tiles stood in for most of the range
};

DownsampledSeries downsampleSeries(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                                   SeriesView view, std::int64_t fromNs, std::int64_t toNs,
                                   int maxPoints, std::stop_token stop = {});

struct StepValue {
    std::int64_t startNs = 0;
    std::int64_t samples = 0; // 0: no data in the step (value, min and max are NaN)
    double value = 0;
    double min = 0;
    double max = 0;
};

std::vector<StepValue> stepSeries(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                                  SeriesView view, std::int64_t fromNs, std::int64_t toNs,
                                  std::int64_t stepNs, std::stop_token stop = {});

// The statistics of every equal bucket of [from, to) (bucket i starts at
// from + i * bucketNs; a sample belongs to the bucket of its time), with the merged
// histogram buckets per bucket for quantile views. Rollup tiles stand in for samples when
// buckets are made of whole slots, or cover at least two slots each, whichever reads
// fewer rows (metric_range.cpp, planTiles).
// Which time of a sample decides its bucket: its time (the end of its interval, what a
// chart plots), or the middle of its interval (what a table of steps means: an hourly
// count belongs to the hour it counts).
enum class BucketKey { Time, IntervalMiddle };

struct BucketedSeries {
    std::int64_t fromNs = 0;
    std::int64_t bucketNs = 1;
    std::vector<SampleStats> stats;
    std::vector<BucketDistribution> distributions; // quantile views only
    std::int64_t rowsRead = 0;
    bool fromRollups = false;
};
BucketedSeries bucketSeries(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                            SeriesView view, std::int64_t fromNs, std::int64_t toNs,
                            std::int64_t bucketNs, std::stop_token stop = {},
                            BucketKey key = BucketKey::Time);

} // namespace casebook
