#pragma once
// Anomalies of a series against its own seasonal baseline: the same time one week earlier
// when the series spans more than eight days, else one day earlier. The series is put on a
// regular grid; each bucket's log ratio to its baseline bucket is compared with the
// series' own noise, estimated robustly (median absolute deviation of successive log
// ratios, which level shifts hardly move), and must also be a material change; a counter's
// bucket must moreover differ from its baseline bucket by more than counting noise (the
// difference of two Poisson counts), so that 0 -> 2 events of a rare counter is no news. Sustained
// runs of anomalous buckets are split where their level jumps; each piece is one anomaly
// with its onset (the start of its first bucket).

#include "core/analysis/metric_baseline.h"
#include "core/analysis/metric_sense.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace casebook {

struct AnomalyOptions {
    double threshold = 4.0;         // robust z a bucket must reach
    double minChange = 0.15;        // and at least this relative change (15%)
    double countThreshold = 3.0;    // counters: z of the count difference (Poisson) too
    int minBuckets = 3;             // a run must last this many buckets, unless strong
    double strongThreshold = 10.0;  // z of a short run that still counts...
    double strongChange = 1.0;      // ...when it also doubles or halves
    std::int64_t maxBuckets = 4000; // grid resolution bound per series
};

struct Anomaly {
    SeriesInfo series;
    SeriesView view = SeriesView::Value;
    std::int64_t onsetNs = 0;
    std::int64_t endNs = 0; // end of the last anomalous bucket
    bool ongoing = false;   // runs to the end of the series' data
    std::int64_t bucketNs = 0;
    std::int64_t baselinePeriodNs = 0;
    double observed = 0; // mean of the view over the anomaly
    double expected = 0; // mean of the baseline over the same buckets
    double changePercent = 0;
    double peakZ = 0;    // largest |log ratio| / noise
    double logRatio = 0; // mean log ratio over the anomaly
    int direction = 0;   // +1 rose, -1 fell
    MetricSense sense = MetricSense::Either;
    bool harmful = false; // moved the way that hurts

    // "fell 36.5% vs same time last week", "rose 2,300% vs same time yesterday".
    std::string words() const;
};

// The view anomaly detection reads: the default one, p95 for histograms and summaries.
SeriesView anomalyView(const SeriesInfo& series);

std::vector<Anomaly> detectAnomalies(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                                     const AnomalyOptions& options = {}, std::stop_token stop = {});

} // namespace casebook
