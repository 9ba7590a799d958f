#include "core/analysis/metric_baseline.h"

#include "core/analysis/metric_range.h"
#include "core/util/time_text.h"

#include <cmath>
#include <cstdio>

namespace casebook {
namespace {

struct Pool {
    double total = 0;
    double sum = 0;
    std::int64_t samples = 0;
    BucketDistribution merged;
};

// The range as one bucket: answered from the rollup tiles where the series has them (the
// edges from points), so a week of a million-point series costs a few hundred rows.
void collect(Workspace& ws, const Scope& scope, const SeriesInfo& series, SeriesView view,
             std::int64_t fromNs, std::int64_t toNs, Pool& pool) {
    const BucketedSeries b = bucketSeries(ws, scope, series, view, fromNs, toNs, toNs - fromNs, {},
                                          BucketKey::IntervalMiddle);
    if (b.stats.empty())
        return;
    pool.samples += b.stats.front().points;
    pool.total += b.stats.front().increase;
    pool.sum += b.stats.front().sum;
    if (!b.distributions.empty())
        pool.merged.add(b.distributions.front());
}

double measured(const Pool& pool, BaselineMeasure measure, SeriesView view) {
    switch (measure) {
    case BaselineMeasure::Total:
        return pool.total;
    case BaselineMeasure::Mean:
        return pool.samples > 0 ? pool.sum / static_cast<double>(pool.samples) : 0;
    case BaselineMeasure::Quantile:
        return pool.merged.quantile(viewQuantile(view).value_or(0.5)).value_or(0);
    }
    return 0;
}

} // namespace

std::string formatPercentChange(double percent) {
    char buf[32];
    if (std::abs(percent) < 0.05)
        return "±0.0%";
    std::snprintf(buf, sizeof buf, "%+.1f%%", percent);
    return buf;
}

std::string baselinePeriodWords(std::int64_t periodNs) {
    if (periodNs == kWeekNs)
        return "same time last week";
    if (periodNs == kDayNs)
        return "same time yesterday";
    if (periodNs > 0 && periodNs % kWeekNs == 0)
        return "same time " + std::to_string(periodNs / kWeekNs) + " weeks earlier";
    if (periodNs > 0 && periodNs % kDayNs == 0)
        return "same time " + std::to_string(periodNs / kDayNs) + " days earlier";
    return formatDuration(periodNs) + " earlier";
}

BaselineComparison compareWithBaseline(Workspace& ws, const Scope& scope,
                                       const std::vector<SeriesInfo>& series, SeriesView view,
                                       std::int64_t fromNs, std::int64_t toNs,
                                       std::int64_t periodNs) {
    BaselineComparison out;
    const bool counting =
        view == SeriesView::Rate; // counters and histogram observation counts: totals
    out.measure = isQuantileView(view) ? BaselineMeasure::Quantile
                  : counting           ? BaselineMeasure::Total
                                       : BaselineMeasure::Mean;
    Pool now, before;
    for (const SeriesInfo& s : series) {
        if (!viewApplies(s, view))
            continue;
        collect(ws, scope, s, view, fromNs, toNs, now);
        collect(ws, scope, s, view, fromNs - periodNs, toNs - periodNs, before);
    }
    out.current = measured(now, out.measure, view);
    out.baseline = measured(before, out.measure, view);
    out.currentSamples = now.samples;
    out.baselineSamples = before.samples;
    const std::string period = baselinePeriodWords(periodNs);
    if (before.samples == 0) {
        const bool sameTime = period.rfind("same time ", 0) == 0;
        out.words = "no data " + (sameTime ? "at the " + period : period) + " to compare with";
        return out;
    }
    if (out.baseline == 0) {
        out.words = out.current == 0 ? "unchanged (0) vs " + period : "new: 0 at the " + period;
        return out;
    }
    out.changePercent = (out.current - out.baseline) / std::abs(out.baseline) * 100.0;
    out.words = formatPercentChange(*out.changePercent) + " vs " + period;
    return out;
}

} // namespace casebook
