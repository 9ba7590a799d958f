#pragma once
// A range compared with the same range one period earlier ("same time last week"), in
// numbers and in words: "-23.4% vs same time last week".

#include "core/analysis/metric_samples.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

inline constexpr std::int64_t kDayNs = 86'400'000'000'000;
inline constexpr std::int64_t kWeekNs = 7 * kDayNs;

enum class BaselineMeasure {
    Total,    // counters: what was counted in the range (sum of the increases)
    Mean,     // gauges: the mean of the samples
    Quantile, // histograms: the quantile of all observations of the range
};

struct BaselineComparison {
    BaselineMeasure measure = BaselineMeasure::Mean;
    double current = 0;
    double baseline = 0;
    std::int64_t currentSamples = 0;
    std::int64_t baselineSamples = 0;
    std::optional<double> changePercent; // nothing when the baseline is 0 or missing
    std::string words;                   // "-23.4% vs same time last week"
};

// "same time last week", "same time yesterday", "3 h earlier".
std::string baselinePeriodWords(std::int64_t periodNs);

// Compares [from, to) with [from - period, to - period) for the view of each series,
// pooled (totals added, means over all samples, quantiles of merged buckets): several
// series of one metric (say one per tenant) compare as their sum. A sample counts when
// the middle of its interval (start, time] lies inside the range, so that an hourly count
// belongs to the hour it counts. Read from the rollup tiles where the series has them.
BaselineComparison compareWithBaseline(Workspace& ws, const Scope& scope,
                                       const std::vector<SeriesInfo>& series, SeriesView view,
                                       std::int64_t fromNs, std::int64_t toNs,
                                       std::int64_t periodNs);

// "-23.4%", "+5.0%", "±0.0%".
std::string formatPercentChange(double percent);

} // namespace casebook
