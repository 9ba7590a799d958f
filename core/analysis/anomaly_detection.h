#pragma once
// Anomalies of a series against its own seasonal baseline (seasonal_baseline.h): each
// bucket of a regular grid against the median of the same bucket in up to four earlier
// weeks when the series spans more than eight days, else up to seven earlier days,
// skipping buckets that were anomalous themselves. A bucket is anomalous when its log
// ratio to that median is large against the robust noise and a material change; a
// counter's bucket must moreover differ from its baseline by more than counting noise (the
// difference of two Poisson counts), so that 0 -> 2 events of a rare counter is no news.
// Sustained runs of anomalous buckets are split where their level jumps; each piece is one
// anomaly with its onset (the start of its first bucket). The grid is made of whole rollup
// slots, so dense series are read from their tiles.

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
    std::int64_t maxBuckets = 1000; // grid resolution bound per series
    int weeks = 4;                  // earlier seasons of a weekly baseline
    int days = 7;                   // and of a daily one
    // Which way each series hurts (from the SLOs); unset: the conventions alone.
    const MetricSenses* senses = nullptr;
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

// The views anomaly detection reads: the default one; p95 for histograms and summaries,
// and a histogram's observation rate too.
std::vector<SeriesView> anomalyViews(const SeriesInfo& series);

std::vector<Anomaly> detectAnomalies(Workspace& ws, const Scope& scope, const SeriesInfo& series,
                                     const AnomalyOptions& options = {}, std::stop_token stop = {});

} // namespace casebook
