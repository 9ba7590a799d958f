// Metric mapping: one MetricPoint per data point of gauge, sum, histogram, exponential
// histogram and summary metrics.

#include "plugins/otlp/otlp_fields.h"
#include "plugins/otlp/otlp_mapping_state.h"

#include <climits>

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;

std::string_view dataPointsPath(MetricKind kind) {
    switch (kind) {
    case MetricKind::Gauge:
        return "gauge.dataPoints";
    case MetricKind::Sum:
        return "sum.dataPoints";
    case MetricKind::Histogram:
        return "histogram.dataPoints";
    case MetricKind::ExponentialHistogram:
        return "exponentialHistogram.dataPoints";
    case MetricKind::Summary:
        return "summary.dataPoints";
    }
    return "dataPoints";
}

bool readInt32(OtlpJsonReader& reader, OtlpValue& value, std::string_view field, int& out) {
    std::int64_t wide = 0;
    if (!reader.readInt64(value, field, wide))
        return false;
    if (!reader.recordFailed() && (wide < INT_MIN || wide > INT_MAX))
        reader.fail(field, std::to_string(wide) + " overflows int32");
    else
        out = static_cast<int>(wide);
    return true;
}

// positive / negative of an exponential histogram point: {"offset":o,"bucketCounts":[...]}.
bool appendExpBuckets(OtlpMappingState& state, OtlpValue& value, std::string_view field,
                      std::string& out) {
    OtlpJsonReader& reader = state.reader;
    out.clear();
    ondemand::object object;
    bool opened = false;
    if (!reader.openOptionalObject(value, field, object, opened))
        return false;
    if (!opened)
        return true;
    int offset = 0;
    std::string counts = "[]";
    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key == "offset")
            return readInt32(reader, v, key, offset);
        if (key == "bucketCounts") {
            counts.clear();
            return reader.appendUintArray(v, key, counts);
        }
        return true;
    };
    if (!reader.forEachField(object, each))
        return false;
    if (reader.recordFailed()) {
        reader.prefixError(field);
        return true;
    }
    out.append("{\"offset\":");
    appendJsonInt(out, offset);
    out.append(",\"bucketCounts\":");
    out.append(counts);
    out.push_back('}');
    return true;
}

// summary quantileValues: [{"quantile":q,"value":v}] as {"quantiles":[...]} content.
bool appendQuantiles(OtlpMappingState& state, OtlpValue& value, std::string& out) {
    OtlpJsonReader& reader = state.reader;
    auto each = [&](OtlpValue& item, std::size_t index) {
        ondemand::object object;
        bool opened = false;
        if (!reader.openObject(item, {}, object, opened))
            return false;
        if (!opened)
            return true;
        double quantile = 0, number = 0;
        auto eachField = [&](std::string_view key, OtlpValue& v) {
            if (key == "quantile")
                return reader.readDouble(v, key, quantile);
            if (key == "value")
                return reader.readDouble(v, key, number);
            return true;
        };
        if (!reader.forEachField(object, eachField))
            return false;
        if (reader.recordFailed())
            return true;
        if (index > 0)
            out.push_back(',');
        out.append("{\"quantile\":");
        appendJsonDouble(out, quantile);
        out.append(",\"value\":");
        appendJsonDouble(out, number);
        out.push_back('}');
        return true;
    };
    return reader.forEachElement(value, "quantileValues", each);
}

bool mapPoint(OtlpMappingState& state, MetricKind kind, OtlpValue& value, std::size_t index) {
    OtlpJsonReader& reader = state.reader;
    const OtlpPathScope at(state.path, dataPointsPath(kind), index, value);
    ondemand::object object;
    bool opened = false;
    if (!state.enterRecordObject(value, object, opened))
        return false;
    if (!opened)
        return true;

    auto& pending = state.points.add();
    MetricPoint& point = pending.record;
    point.kind = kind;
    state.attributes.clear();
    state.recordHot.reset(state.hotKeys.size());
    state.bounds.assign("[]");
    state.counts.assign("[]");
    state.positive.clear();
    state.negative.clear();
    state.buckets.clear();
    int scale = 0;
    std::uint64_t zeroCount = 0;

    const bool isNumber = kind == MetricKind::Gauge || kind == MetricKind::Sum;
    auto each = [&](std::string_view key, OtlpValue& v) {
        bool ok = true;
        if (key == "attributes") {
            ok =
                reader.appendAttributes(v, key, state.attributes, &state.hotKeys, &state.recordHot);
        } else if (key == "timeUnixNano") {
            ok = reader.readInt64(v, key, point.timeNs);
        } else if (key == "startTimeUnixNano") {
            ok = reader.readInt64(v, key, point.startNs);
        } else if (isNumber) {
            if (key == "asDouble") {
                ok = reader.readOptionalDouble(v, key, point.value);
            } else if (key == "asInt") {
                std::int64_t number = 0;
                ok = reader.readInt64(v, key, number);
                point.value = static_cast<double>(number);
            }
        } else if (key == "count") {
            std::uint64_t count = 0;
            ok = reader.readUint64(v, key, count);
            point.count = count;
        } else if (key == "sum") {
            ok = reader.readOptionalDouble(v, key, point.value);
        } else if (key == "min" && kind != MetricKind::Summary) {
            ok = reader.readOptionalDouble(v, key, point.min);
        } else if (key == "max" && kind != MetricKind::Summary) {
            ok = reader.readOptionalDouble(v, key, point.max);
        } else if (kind == MetricKind::Histogram) {
            if (key == "bucketCounts") {
                state.counts.clear();
                ok = reader.appendUintArray(v, key, state.counts);
            } else if (key == "explicitBounds") {
                state.bounds.clear();
                ok = reader.appendDoubleArray(v, key, state.bounds);
            }
        } else if (kind == MetricKind::ExponentialHistogram) {
            if (key == "scale")
                ok = readInt32(reader, v, key, scale);
            else if (key == "zeroCount")
                ok = reader.readUint64(v, key, zeroCount);
            else if (key == "positive")
                ok = appendExpBuckets(state, v, key, state.positive);
            else if (key == "negative")
                ok = appendExpBuckets(state, v, key, state.negative);
        } else if (kind == MetricKind::Summary && key == "quantileValues") {
            state.buckets.clear();
            ok = appendQuantiles(state, v, state.buckets);
        }
        return ok;
    };
    if (!reader.forEachField(object, each))
        return false;
    if (reader.recordFailed()) {
        state.points.dropLast();
        state.rejectRecord();
        return true;
    }

    // bucketsJson is built after the point was read, as its fields may come in any order.
    std::string& text = state.eventAttributes; // free here: points have no events
    text.clear();
    switch (kind) {
    case MetricKind::Histogram:
        text.append("{\"bounds\":").append(state.bounds);
        text.append(",\"counts\":").append(state.counts).push_back('}');
        break;
    case MetricKind::ExponentialHistogram: {
        constexpr std::string_view kEmpty = "{\"offset\":0,\"bucketCounts\":[]}";
        text.append("{\"scale\":");
        appendJsonInt(text, scale);
        text.append(",\"zeroCount\":");
        appendJsonUint(text, zeroCount);
        text.append(",\"positive\":");
        text.append(state.positive.empty() ? kEmpty : std::string_view(state.positive));
        text.append(",\"negative\":");
        text.append(state.negative.empty() ? kEmpty : std::string_view(state.negative));
        text.push_back('}');
        break;
    }
    case MetricKind::Summary:
        text.append("{\"quantiles\":[").append(state.buckets).append("]}");
        break;
    case MetricKind::Gauge:
    case MetricKind::Sum:
        break;
    }
    point.bucketsJson = state.arena.keep(text);
    point.labelsJson = state.keepObject(state.attributes);
    state.applyRecordHot(pending);
    return true;
}

// gauge / sum / histogram / exponentialHistogram / summary: the data object of a metric.
bool mapData(OtlpMappingState& state, MetricKind kind, OtlpValue& value, std::string_view field) {
    OtlpJsonReader& reader = state.reader;
    const std::size_t first = state.points.size();
    int temporality = 0;
    bool monotonic = false;
    auto eachPoint = [&](OtlpValue& item, std::size_t index) {
        return mapPoint(state, kind, item, index);
    };
    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key == "aggregationTemporality")
            return reader.readEnum(v, key, 2, otlpTemporalityFromName, temporality);
        if (key == "isMonotonic")
            return reader.readBool(v, key, monotonic);
        if (key == "dataPoints")
            return reader.forEachElement(v, key, eachPoint);
        return true;
    };
    if (!reader.forEachFieldOf(value, field, each))
        return false;
    if (reader.recordFailed())
        return true;
    // The temporality may follow the points in the input, so it is applied afterwards.
    for (std::size_t i = first; i < state.points.size(); ++i) {
        state.points[i].record.temporality = temporality;
        state.points[i].record.monotonic = monotonic;
    }
    return true;
}

} // namespace

bool otlpMapMetric(OtlpMappingState& state, OtlpValue& value, std::size_t index) {
    OtlpJsonReader& reader = state.reader;
    const OtlpPathScope at(state.path, "metrics", index, value);
    ondemand::object object;
    bool opened = false;
    if (!state.enterRecordObject(value, object, opened))
        return false;
    if (!opened)
        return true;

    const OtlpMarks marks(state);
    std::string_view name, unit, description;
    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key == "name")
            return reader.readString(v, key, name);
        if (key == "unit")
            return reader.readString(v, key, unit);
        if (key == "description")
            return reader.readString(v, key, description);
        if (key == "gauge")
            return mapData(state, MetricKind::Gauge, v, key);
        if (key == "sum")
            return mapData(state, MetricKind::Sum, v, key);
        if (key == "histogram")
            return mapData(state, MetricKind::Histogram, v, key);
        if (key == "exponentialHistogram")
            return mapData(state, MetricKind::ExponentialHistogram, v, key);
        if (key == "summary")
            return mapData(state, MetricKind::Summary, v, key);
        return true;
    };
    if (!reader.forEachField(object, each))
        return false;
    if (reader.recordFailed()) {
        // A broken metric (its name or temporality) takes its points with it: one
        // rejection for the metric rather than points without a series.
        marks.dropSince(state);
        state.rejectRecord();
        return true;
    }
    // The name may follow the data in the input, so it is applied afterwards.
    for (std::size_t i = marks.points; i < state.points.size(); ++i) {
        MetricPoint& point = state.points[i].record;
        point.name = name;
        point.unit = unit;
        point.description = description;
    }
    return true;
}

} // namespace casebook
