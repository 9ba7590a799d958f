#include "core/generate/metric_writer.h"

#include "core/util/json_text.h"

#include <algorithm>
#include <cmath>

namespace casebook::gen {
namespace {

constexpr std::size_t kPointsPerLine = 500;

void appendPoint(std::string& out, const MetricDef& def, std::int64_t t0, std::int64_t t1,
                 const MetricValue& v) {
    out.push_back('{');
    if (def.attributes != "[]") {
        out.append("\"attributes\":").append(def.attributes).push_back(',');
    }
    if (def.shape != MetricShape::Gauge) {
        out.append("\"startTimeUnixNano\":");
        appendQuotedInt(out, t0);
        out.push_back(',');
    }
    out.append("\"timeUnixNano\":");
    appendQuotedInt(out, t1);
    switch (def.shape) {
    case MetricShape::DeltaSum:
        out.append(",\"asInt\":");
        appendQuotedInt(out, v.intValue);
        break;
    case MetricShape::Gauge:
        out.append(",\"asDouble\":");
        appendDouble(out, v.value);
        break;
    case MetricShape::DeltaHistogram:
        out.append(",\"count\":");
        appendQuotedInt(out, static_cast<std::int64_t>(v.count));
        out.append(",\"sum\":");
        appendDouble(out, v.sum);
        out.append(",\"bucketCounts\":[");
        for (std::size_t i = 0; i < v.buckets.size(); ++i) {
            if (i > 0)
                out.push_back(',');
            appendQuotedInt(out, static_cast<std::int64_t>(v.buckets[i]));
        }
        out.append("],\"explicitBounds\":[");
        for (std::size_t i = 0; i < def.bounds.size(); ++i) {
            if (i > 0)
                out.push_back(',');
            appendDouble(out, def.bounds[i]);
        }
        out.push_back(']');
        if (v.count > 0) {
            out.append(",\"min\":");
            appendDouble(out, v.min);
            out.append(",\"max\":");
            appendDouble(out, v.max);
        }
        break;
    }
    out.push_back('}');
}

void appendMetricHead(std::string& out, const MetricDef& def) {
    out.append("{\"name\":");
    appendJsonString(out, def.name);
    out.append(",\"description\":");
    appendJsonString(out, def.description);
    out.append(",\"unit\":");
    appendJsonString(out, def.unit);
    switch (def.shape) {
    case MetricShape::DeltaSum:
        out.append(",\"sum\":{\"aggregationTemporality\":1,\"isMonotonic\":true,\"dataPoints\":[");
        break;
    case MetricShape::Gauge:
        out.append(",\"gauge\":{\"dataPoints\":[");
        break;
    case MetricShape::DeltaHistogram:
        out.append(",\"histogram\":{\"aggregationTemporality\":1,\"dataPoints\":[");
        break;
    }
}

// Rounds to 1/1000 so that the shortest round-trip text stays short.
double milli(double v) {
    return std::round(v * 1000) / 1000;
}

} // namespace

std::string singleAttribute(std::string_view key, std::string_view value) {
    AttrList a;
    a.str(key, value);
    return std::string(a.text());
}

std::uint64_t writeMetrics(OutputFile& file, ResourceRegistry& resources,
                           const std::vector<MetricDef>& defs, MetricModel& model,
                           const MetricWindow& window, bool badTimestampDefect) {
    if (defs.empty() || window.interval <= 0)
        return 0;
    const std::int64_t intervals = (window.end - window.begin) / window.interval;
    const std::int64_t perLine =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(kPointsPerLine / defs.size()));
    const std::int64_t lines = (intervals + perLine - 1) / perLine;
    const std::int64_t defectLine = lines / 2;
    std::size_t defectSeries = defs.size();
    if (badTimestampDefect)
        for (std::size_t i = 0; i < defs.size() && defectSeries == defs.size(); ++i)
            if (defs[i].shape == MetricShape::Gauge)
                defectSeries = i;

    // Values for a line are computed interval by interval (the models keep state that
    // advances in time), then written series by series.
    std::vector<std::vector<MetricValue>> values(
        defs.size(), std::vector<MetricValue>(static_cast<std::size_t>(perLine)));
    std::string line;
    std::uint64_t written = 0;
    for (std::int64_t l = 0; l < lines; ++l) {
        const std::int64_t first = l * perLine;
        const std::int64_t count = std::min(perLine, intervals - first);
        for (std::int64_t k = 0; k < count; ++k) {
            const std::int64_t t0 = window.begin + (first + k) * window.interval;
            for (std::size_t s = 0; s < defs.size(); ++s)
                model.compute(s, t0, t0 + window.interval, values[s][static_cast<std::size_t>(k)]);
        }
        const std::int64_t lineStart = window.begin + first * window.interval;
        line.assign("{\"resourceMetrics\":[");
        std::size_t s = 0;
        while (s < defs.size()) {
            std::size_t end = s;
            while (end < defs.size() && defs[end].service == defs[s].service &&
                   defs[end].tenant == defs[s].tenant)
                ++end;
            const std::size_t r = resources.get(
                defs[s].service, model.versionAt(defs[s].service, defs[s].tenant, lineStart),
                defs[s].tenant);
            if (s > 0)
                line.push_back(',');
            line.append("{\"resource\":").append(resources.resourceJson(r));
            line.append(",\"scopeMetrics\":[{\"scope\":").append(resources.scopeJson(r));
            line.append(",\"metrics\":[");
            for (std::size_t m = s; m < end; ++m) {
                if (m > s)
                    line.push_back(',');
                appendMetricHead(line, defs[m]);
                for (std::int64_t k = 0; k < count; ++k) {
                    const std::int64_t t0 = window.begin + (first + k) * window.interval;
                    if (k > 0)
                        line.push_back(',');
                    appendPoint(line, defs[m], t0, t0 + window.interval,
                                values[m][static_cast<std::size_t>(k)]);
                    ++written;
                }
                if (m == defectSeries && l == defectLine) {
                    // A point as some exporters write it after a clock glitch.
                    line.append(",{\"timeUnixNano\":\"n/a\",\"asDouble\":0}");
                }
                line.append("]}}");
            }
            line.append("]}]}");
            s = end;
        }
        line.append("]}\n");
        file.write(line);
    }
    return written;
}

void fillLogNormalHistogram(MetricValue& out, const std::vector<double>& bounds,
                            std::uint64_t count, double median, double sigma) {
    out.buckets.assign(bounds.size() + 1, 0);
    out.count = count;
    if (count == 0) {
        out.sum = out.min = out.max = 0;
        return;
    }
    const double n = static_cast<double>(count);
    std::uint64_t assigned = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        const double z = (std::log(bounds[i]) - std::log(median)) / sigma;
        const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
        const auto upTo = static_cast<std::uint64_t>(std::llround(n * cdf));
        const std::uint64_t clamped = std::min(std::max(upTo, assigned), count);
        out.buckets[i] = clamped - assigned;
        assigned = clamped;
    }
    out.buckets.back() = count - assigned;
    const double mean = median * std::exp(sigma * sigma / 2.0);
    out.sum = milli(n * mean);
    // The extremes of n draws sit around the median times exp(+-sigma * sqrt(2 ln n)).
    const double spread = sigma * std::sqrt(2.0 * std::log(n + 1.0));
    out.min = milli(median * std::exp(-spread));
    out.max = milli(median * std::exp(spread));
}

} // namespace casebook::gen
