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
    OtlpType type;
    if (!reader.type(value, type))
        return false;
    if (type == OtlpType::null)
        return true;
    if (type != OtlpType::object) {
        reader.failType(field, "object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    int offset = 0;
    std::string counts = "[]";
    for (auto fieldResult : object) {
        ondemand::field f;
        if (auto error = std::move(fieldResult).get(f))
            return reader.failFatal(error);
        const std::string_view key = otlpFieldKey(f);
        bool ok = true;
        if (key == "offset") {
            ok = readInt32(reader, f.value(), key, offset);
        } else if (key == "bucketCounts") {
            counts.clear();
            ok = reader.appendUintArray(f.value(), key, counts);
        }
        if (!ok)
            return false;
        if (reader.recordFailed()) {
            reader.prefixError(field);
            return true;
        }
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
    OtlpType type;
    if (!reader.type(value, type))
        return false;
    if (type == OtlpType::null)
        return true;
    if (type != OtlpType::array) {
        reader.failType("quantileValues", "array", type);
        return true;
    }
    ondemand::array array;
    if (auto error = value.get_array().get(array))
        return reader.failFatal(error);
    std::size_t index = 0;
    for (auto element : array) {
        OtlpValue item;
        if (auto error = std::move(element).get(item))
            return reader.failFatal(error);
        OtlpType itemType;
        if (!reader.type(item, itemType))
            return false;
        if (itemType != OtlpType::object) {
            reader.failType("quantileValues[" + std::to_string(index) + "]", "object", itemType);
            return true;
        }
        ondemand::object object;
        if (auto error = item.get_object().get(object))
            return reader.failFatal(error);
        double quantile = 0, number = 0;
        for (auto fieldResult : object) {
            ondemand::field f;
            if (auto error = std::move(fieldResult).get(f))
                return reader.failFatal(error);
            const std::string_view key = otlpFieldKey(f);
            bool ok = true;
            if (key == "quantile")
                ok = reader.readDouble(f.value(), key, quantile);
            else if (key == "value")
                ok = reader.readDouble(f.value(), key, number);
            if (!ok)
                return false;
            if (reader.recordFailed()) {
                reader.prefixError("quantileValues[" + std::to_string(index) + "]");
                return true;
            }
        }
        if (index++ > 0)
            out.push_back(',');
        out.append("{\"quantile\":");
        appendJsonDouble(out, quantile);
        out.append(",\"value\":");
        appendJsonDouble(out, number);
        out.push_back('}');
    }
    return true;
}

bool mapPoint(OtlpMappingState& state, MetricKind kind, OtlpValue& value, std::size_t index) {
    OtlpJsonReader& reader = state.reader;
    state.path.push(dataPointsPath(kind), index, value.raw_json_token().data());
    struct PopPath {
        OtlpPath& path;
        ~PopPath() { path.pop(); }
    } popPath{state.path};

    reader.clearRecordError();
    OtlpType type;
    if (!reader.type(value, type))
        return false;
    if (type != OtlpType::object) {
        reader.failType({}, "object", type);
        state.rejectRecord();
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);

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
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = otlpFieldKey(field);
        OtlpValue& v = field.value();
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
        if (!ok)
            return false;
        if (reader.recordFailed())
            break;
    }
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
    OtlpType type;
    if (!reader.type(value, type))
        return false;
    if (type == OtlpType::null)
        return true;
    if (type != OtlpType::object) {
        reader.failType(field, "object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    const std::size_t first = state.points.size();
    int temporality = 0;
    bool monotonic = false;
    for (auto fieldResult : object) {
        ondemand::field f;
        if (auto error = std::move(fieldResult).get(f))
            return reader.failFatal(error);
        const std::string_view key = otlpFieldKey(f);
        OtlpValue& v = f.value();
        bool ok = true;
        if (key == "aggregationTemporality") {
            ok = reader.readEnum(v, key, 2, otlpTemporalityFromName, temporality);
        } else if (key == "isMonotonic") {
            ok = reader.readBool(v, key, monotonic);
        } else if (key == "dataPoints") {
            OtlpType pointsType;
            if (!reader.type(v, pointsType))
                return false;
            if (pointsType == OtlpType::array) {
                ondemand::array array;
                if (auto error = v.get_array().get(array))
                    return reader.failFatal(error);
                std::size_t index = 0;
                for (auto element : array) {
                    OtlpValue item;
                    if (auto error = std::move(element).get(item))
                        return reader.failFatal(error);
                    if (!mapPoint(state, kind, item, index++))
                        return false;
                }
            } else if (pointsType != OtlpType::null) {
                reader.failType(key, "array", pointsType);
            }
        }
        if (!ok)
            return false;
        if (reader.recordFailed()) {
            reader.prefixError(field);
            return true;
        }
    }
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
    state.path.push("metrics", index, value.raw_json_token().data());
    struct PopPath {
        OtlpPath& path;
        ~PopPath() { path.pop(); }
    } popPath{state.path};

    reader.clearRecordError();
    OtlpType type;
    if (!reader.type(value, type))
        return false;
    if (type != OtlpType::object) {
        reader.failType({}, "object", type);
        state.rejectRecord();
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);

    const std::size_t firstPoint = state.points.size();
    const std::size_t firstRejection = state.rejections.size();
    std::string_view name, unit, description;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = otlpFieldKey(field);
        OtlpValue& v = field.value();
        bool ok = true;
        if (key == "name")
            ok = reader.readString(v, key, name);
        else if (key == "unit")
            ok = reader.readString(v, key, unit);
        else if (key == "description")
            ok = reader.readString(v, key, description);
        else if (key == "gauge")
            ok = mapData(state, MetricKind::Gauge, v, key);
        else if (key == "sum")
            ok = mapData(state, MetricKind::Sum, v, key);
        else if (key == "histogram")
            ok = mapData(state, MetricKind::Histogram, v, key);
        else if (key == "exponentialHistogram")
            ok = mapData(state, MetricKind::ExponentialHistogram, v, key);
        else if (key == "summary")
            ok = mapData(state, MetricKind::Summary, v, key);
        if (!ok)
            return false;
        if (reader.recordFailed())
            break;
    }
    if (reader.recordFailed()) {
        // A broken metric (its name or temporality) takes its points with it: one
        // rejection for the metric rather than points without a series.
        state.points.truncate(firstPoint);
        state.rejections.resize(firstRejection);
        state.rejectRecord();
        return true;
    }
    // The name may follow the data in the input, so it is applied afterwards.
    for (std::size_t i = firstPoint; i < state.points.size(); ++i) {
        MetricPoint& point = state.points[i].record;
        point.name = name;
        point.unit = unit;
        point.description = description;
    }
    return true;
}

} // namespace casebook
