#pragma once
// The seasonal baseline of a series on a regular grid, as anomaly detection reads it: each
// bucket against the median of the same bucket in up to `seasons` earlier seasons (the
// same time on earlier days or weeks), skipping buckets that were themselves anomalous, so
// that an incident last week does not make this week's normal look like an anomaly. The
// residual of a bucket is its log ratio to that median; its noise is the larger of two
// robust spreads: the series' own (the median absolute deviation of successive
// residuals, which level shifts hardly move) and the bucket's history (the median
// absolute deviation of its earlier seasons around their median, from three seasons on).

#include <cstddef>
#include <vector>

namespace casebook {

struct SeasonalResiduals {
    std::vector<double> baseline; // NaN: no usable earlier season
    std::vector<double> residual; // log((x + floor) / (baseline + floor)); NaN where missing
    std::vector<double> spread;   // of the bucket's history in log units; 0 under 3 seasons
    double noise = 0;             // of the series' residuals; NaN with too few of them
};

// `values` with NaN for buckets without data; `season` buckets per season; `skip[i]`
// true leaves bucket i out of later buckets' baselines (empty: skip none). `floor` is
// added to both sides of every ratio so that 0 -> 1 is not an infinite change.
SeasonalResiduals seasonalResiduals(const std::vector<double>& values, std::size_t season,
                                    int seasons, double floor, const std::vector<bool>& skip = {});

// The median (of a copy); 0 for none.
double medianOf(std::vector<double> values);

} // namespace casebook
