// Span mapping: Span -> SpanRecord with its events and links.

#include "plugins/otlp/otlp_fields.h"
#include "plugins/otlp/otlp_mapping_state.h"

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;

std::string indexed(std::string_view field, std::size_t index) {
    return std::string(field) + "[" + std::to_string(index) + "]";
}

// Ids are validated once the record has been read, so the reason names the id problem
// itself ("invalid trace id length 31 (want 32 hex digits)").
template <typename Id>
void requireId(OtlpJsonReader& reader, std::string_view hex,
               OtlpParsed<Id> (*parse)(std::string_view), const char* what, Id& out) {
    if (reader.recordFailed())
        return;
    if (hex.empty()) {
        reader.fail({}, std::string("missing ") + what);
        return;
    }
    auto parsed = parse(hex);
    if (parsed.value)
        out = *parsed.value;
    else
        reader.fail({}, parsed.error);
}

bool mapEvent(OtlpMappingState& state, OtlpValue& value, SpanEventRecord& event) {
    OtlpJsonReader& reader = state.reader;
    OtlpType type;
    if (!reader.type(value, type))
        return false;
    if (type != OtlpType::object) {
        reader.failType({}, "object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    state.eventAttributes.clear();
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = otlpFieldKey(field);
        OtlpValue& v = field.value();
        bool ok = true;
        if (key == "timeUnixNano")
            ok = reader.readInt64(v, key, event.timeNs);
        else if (key == "name")
            ok = reader.readString(v, key, event.name);
        else if (key == "attributes")
            ok = reader.appendAttributes(v, key, state.eventAttributes);
        if (!ok)
            return false;
        if (reader.recordFailed())
            return true;
    }
    event.attributesJson = state.keepObject(state.eventAttributes);
    return true;
}

bool mapLink(OtlpMappingState& state, OtlpValue& value, SpanLinkRecord& link) {
    OtlpJsonReader& reader = state.reader;
    OtlpType type;
    if (!reader.type(value, type))
        return false;
    if (type != OtlpType::object) {
        reader.failType({}, "object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    state.eventAttributes.clear();
    std::string_view traceHex, spanHex;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = otlpFieldKey(field);
        OtlpValue& v = field.value();
        bool ok = true;
        if (key == "traceId")
            ok = reader.readString(v, key, traceHex);
        else if (key == "spanId")
            ok = reader.readString(v, key, spanHex);
        else if (key == "traceState")
            ok = reader.readString(v, key, link.traceState);
        else if (key == "attributes")
            ok = reader.appendAttributes(v, key, state.eventAttributes);
        if (!ok)
            return false;
        if (reader.recordFailed())
            return true;
    }
    requireId<TraceId>(reader, traceHex, parseOtlpTraceId, "trace id", link.traceId);
    requireId<SpanId>(reader, spanHex, parseOtlpSpanId, "span id", link.spanId);
    link.attributesJson = state.keepObject(state.eventAttributes);
    return true;
}

// events / links: arrays of objects, each mapped by `mapOne`.
template <typename Item, typename MapOne>
bool mapList(OtlpMappingState& state, OtlpValue& value, std::string_view field,
             std::vector<Item>& out, MapOne mapOne) {
    OtlpJsonReader& reader = state.reader;
    OtlpType type;
    if (!reader.type(value, type))
        return false;
    if (type == OtlpType::null)
        return true;
    if (type != OtlpType::array) {
        reader.failType(field, "array", type);
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
        Item mapped;
        if (!mapOne(state, item, mapped))
            return false;
        if (reader.recordFailed()) {
            reader.prefixError(indexed(field, index));
            return true;
        }
        out.push_back(mapped);
        ++index;
    }
    return true;
}

bool mapStatus(OtlpMappingState& state, OtlpValue& value, SpanRecord& span) {
    OtlpJsonReader& reader = state.reader;
    OtlpType type;
    if (!reader.type(value, type))
        return false;
    if (type == OtlpType::null)
        return true;
    if (type != OtlpType::object) {
        reader.failType("status", "object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = otlpFieldKey(field);
        OtlpValue& v = field.value();
        bool ok = true;
        if (key == "code") {
            int code = 0;
            ok = reader.readEnum(v, key, 2, otlpStatusCodeFromName, code);
            span.status = static_cast<StatusCode>(code);
        } else if (key == "message") {
            ok = reader.readString(v, key, span.statusMessage);
        }
        if (!ok)
            return false;
        if (reader.recordFailed()) {
            reader.prefixError("status");
            return true;
        }
    }
    return true;
}

} // namespace

bool otlpMapSpan(OtlpMappingState& state, OtlpValue& value, std::size_t index) {
    OtlpJsonReader& reader = state.reader;
    state.path.push("spans", index, value.raw_json_token().data());
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

    auto& pending = state.spans.add();
    SpanRecord& span = pending.record;
    state.attributes.clear();
    state.recordHot.reset(state.hotKeys.size());
    std::string_view traceHex, spanHex, parentHex;

    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = otlpFieldKey(field);
        OtlpValue& v = field.value();
        bool ok = true;
        if (key == "traceId") {
            ok = reader.readString(v, key, traceHex);
        } else if (key == "spanId") {
            ok = reader.readString(v, key, spanHex);
        } else if (key == "parentSpanId") {
            ok = reader.readString(v, key, parentHex);
        } else if (key == "name") {
            ok = reader.readString(v, key, span.name);
        } else if (key == "kind") {
            int kind = 0;
            ok = reader.readEnum(v, key, 5, otlpSpanKindFromName, kind);
            span.kind = static_cast<SpanKind>(kind);
        } else if (key == "startTimeUnixNano") {
            ok = reader.readInt64(v, key, span.startNs);
        } else if (key == "endTimeUnixNano") {
            ok = reader.readInt64(v, key, span.endNs);
        } else if (key == "attributes") {
            ok =
                reader.appendAttributes(v, key, state.attributes, &state.hotKeys, &state.recordHot);
        } else if (key == "traceState") {
            ok = reader.readString(v, key, span.traceState);
        } else if (key == "status") {
            ok = mapStatus(state, v, span);
        } else if (key == "events") {
            ok = mapList(state, v, key, span.events, mapEvent);
        } else if (key == "links") {
            ok = mapList(state, v, key, span.links, mapLink);
        }
        if (!ok)
            return false;
        if (reader.recordFailed())
            break;
    }

    requireId<TraceId>(reader, traceHex, parseOtlpTraceId, "trace id", span.traceId);
    requireId<SpanId>(reader, spanHex, parseOtlpSpanId, "span id", span.spanId);
    // An empty parent is a root span. An all-zero parent is read as a root too: converters
    // from formats without optional parents write it that way, and there is no span
    // with that id to point at.
    if (!parentHex.empty() && !reader.recordFailed()) {
        auto parsed = parseOtlpSpanId(parentHex);
        if (parsed.value)
            span.parentSpanId = *parsed.value;
        else if (parentHex.size() != 16 || !SpanId::fromHex(parentHex))
            reader.fail("parentSpanId", parsed.error);
    }
    if (reader.recordFailed()) {
        state.spans.dropLast();
        state.rejectRecord();
        return true;
    }
    span.attributesJson = state.keepObject(state.attributes);
    state.applyRecordHot(pending);
    return true;
}

} // namespace casebook
