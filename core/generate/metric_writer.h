#pragma once
// Metric series of a generated bundle, written time-major like a periodic exporter: each
// line is one ExportMetricsServiceRequest holding every series over a few consecutive
// collection intervals, grouped by resource.

#include "core/generate/otlp_writer.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casebook::gen {

enum class MetricShape { DeltaSum, Gauge, DeltaHistogram };

struct MetricDef {
    std::string service, tenant;
    std::string name, description, unit;
    MetricShape shape = MetricShape::Gauge;
    std::string attributes = "[]"; // data point attributes, "[...]"
    std::vector<double> bounds;    // histogram explicit bounds
};

// A data point attribute list with one string attribute.
std::string singleAttribute(std::string_view key, std::string_view value);

struct MetricValue {
    double value = 0;          // gauge
    std::int64_t intValue = 0; // delta sum (asInt)
    std::uint64_t count = 0;   // histogram
    double sum = 0, min = 0, max = 0;
    std::vector<std::uint64_t> buckets; // bounds.size() + 1 counts
};

class MetricModel {
public:
    virtual ~MetricModel() = default;
    // service.version of the resource at time t.
    virtual std::string_view versionAt(std::string_view service, std::string_view tenant,
                                       std::int64_t t) const = 0;
    // The value of series `index` over the interval (t0, t1].
    virtual void compute(std::size_t index, std::int64_t t0, std::int64_t t1, MetricValue& out) = 0;
};

struct MetricWindow {
    std::int64_t begin = 0, end = 0, interval = 0;
};

// Writes one point per series for every interval ending in (begin, end]. With
// `badTimestampDefect`, one extra gauge point whose timeUnixNano is not a number is put
// into the middle line. Returns the number of valid points written.
std::uint64_t writeMetrics(OutputFile& file, ResourceRegistry& resources,
                           const std::vector<MetricDef>& defs, MetricModel& model,
                           const MetricWindow& window, bool badTimestampDefect);

// Distributes `count` observations of a log-normal latency (median, sigma) over the
// histogram buckets, with sum, min and max to match.
void fillLogNormalHistogram(MetricValue& out, const std::vector<double>& bounds,
                            std::uint64_t count, double median, double sigma);

} // namespace casebook::gen
