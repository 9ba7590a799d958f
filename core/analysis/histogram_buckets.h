#pragma once
// Distributions of histogram points as the importers store them in metric_points.buckets:
//   explicit histograms  {"bounds":[b0..bn-1],"counts":[c0..cn]}  (per bucket, last is +Inf)
//   exponential ones     {"scale":s,"zeroCount":z,"positive":{"offset":o,"bucketCounts":[..]},
//                         "negative":{...}}
//   summaries            {"quantiles":[{"quantile":q,"value":v},...]}
// Exponential buckets are turned into explicit upper bounds, so that every histogram is
// merged, differenced and asked for quantiles the same way.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

struct BucketDistribution {
    // Ascending finite upper bounds; counts has one more entry, the +Inf bucket. Bucket i
    // holds observations in (bounds[i-1], bounds[i]]; bucket 0 starts at the lowest
    // observation, taken as 0 unless bounds[0] is negative.
    std::vector<double> bounds;
    std::vector<double> counts;

    double total() const;
    bool empty() const { return counts.empty(); }
    // Adds another distribution with the same bounds; with other bounds, re-buckets it
    // onto these (each of its buckets counted at its upper bound). An empty one adopts.
    void add(const BucketDistribution& other);
    // this - previous, bucket by bucket, for cumulative temporality. Returns false (and
    // leaves this as it was) when a bucket went down: the counter was reset.
    bool subtract(const BucketDistribution& previous);
    // The q-quantile (0..1), interpolated linearly inside its bucket as Prometheus'
    // histogram_quantile does; in the +Inf bucket it is the highest finite bound.
    std::optional<double> quantile(double q) const;
    // Observations at or below `threshold`, interpolating inside the bucket it falls in.
    double countAtOrBelow(double threshold) const;
};

// Summary points carry quantiles directly.
struct SummaryQuantiles {
    std::vector<std::pair<double, double>> quantiles; // (q, value), ascending q
    // The value of the nearest quantile to q, or nothing when none is within 0.05.
    std::optional<double> nearest(double q) const;
};

// Parses the buckets text of a histogram or exponential histogram point; nothing when
// it is not one of the shapes above (an importer never stores such text, but a workspace
// is a file anyone can edit).
std::optional<BucketDistribution> parseBucketDistribution(std::string_view json);
std::optional<SummaryQuantiles> parseSummaryQuantiles(std::string_view json);
// The explicit shape of a distribution, as parseBucketDistribution reads it back (the
// rollup tiles keep merged buckets this way).
std::string bucketDistributionJson(const BucketDistribution& distribution);

} // namespace casebook
