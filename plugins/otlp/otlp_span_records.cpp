// Span mapping: Span -> SpanRecord with its events and links.

#include "plugins/otlp/otlp_fields.h"
#include "plugins/otlp/otlp_mapping_state.h"

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;

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
    ondemand::object object;
    bool opened = false;
    if (!reader.openObject(value, {}, object, opened))
        return false;
    if (!opened)
        return true;
    state.eventAttributes.clear();
    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key == "timeUnixNano")
            return reader.readInt64(v, key, event.timeNs);
        if (key == "name")
            return reader.readString(v, key, event.name);
        if (key == "attributes")
            return reader.appendAttributes(v, key, state.eventAttributes);
        return true;
    };
    if (!reader.forEachField(object, each))
        return false;
    if (reader.recordFailed())
        return true;
    event.attributesJson = state.keepObject(state.eventAttributes);
    return true;
}

bool mapLink(OtlpMappingState& state, OtlpValue& value, SpanLinkRecord& link) {
    OtlpJsonReader& reader = state.reader;
    ondemand::object object;
    bool opened = false;
    if (!reader.openObject(value, {}, object, opened))
        return false;
    if (!opened)
        return true;
    state.eventAttributes.clear();
    std::string_view traceHex, spanHex;
    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key == "traceId")
            return reader.readString(v, key, traceHex);
        if (key == "spanId")
            return reader.readString(v, key, spanHex);
        if (key == "traceState")
            return reader.readString(v, key, link.traceState);
        if (key == "attributes")
            return reader.appendAttributes(v, key, state.eventAttributes);
        return true;
    };
    if (!reader.forEachField(object, each))
        return false;
    if (reader.recordFailed())
        return true;
    requireId<TraceId>(reader, traceHex, parseOtlpTraceId, "trace id", link.traceId);
    requireId<SpanId>(reader, spanHex, parseOtlpSpanId, "span id", link.spanId);
    link.attributesJson = state.keepObject(state.eventAttributes);
    return true;
}

// events / links: arrays of objects, each mapped by `mapOne`.
template <typename Item, typename MapOne>
bool mapList(OtlpMappingState& state, OtlpValue& value, std::string_view field,
             std::vector<Item>& out, MapOne mapOne) {
    auto each = [&](OtlpValue& item, std::size_t) {
        Item mapped;
        if (!mapOne(state, item, mapped))
            return false;
        if (!state.reader.recordFailed())
            out.push_back(mapped);
        return true;
    };
    return state.reader.forEachElement(value, field, each);
}

bool mapStatus(OtlpMappingState& state, OtlpValue& value, SpanRecord& span) {
    OtlpJsonReader& reader = state.reader;
    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key == "code") {
            int code = 0;
            const bool ok = reader.readEnum(v, key, 2, otlpStatusCodeFromName, code);
            span.status = static_cast<StatusCode>(code);
            return ok;
        }
        if (key == "message")
            return reader.readString(v, key, span.statusMessage);
        return true;
    };
    return reader.forEachFieldOf(value, "status", each);
}

} // namespace

bool otlpMapSpan(OtlpMappingState& state, OtlpValue& value, std::size_t index) {
    OtlpJsonReader& reader = state.reader;
    const OtlpPathScope at(state.path, "spans", index, value);
    ondemand::object object;
    bool opened = false;
    if (!state.enterRecordObject(value, object, opened))
        return false;
    if (!opened)
        return true;

    auto& pending = state.spans.add();
    SpanRecord& span = pending.record;
    state.attributes.clear();
    state.recordHot.reset(state.hotKeys.size());
    std::string_view traceHex, spanHex, parentHex;

    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key == "traceId")
            return reader.readString(v, key, traceHex);
        if (key == "spanId")
            return reader.readString(v, key, spanHex);
        if (key == "parentSpanId")
            return reader.readString(v, key, parentHex);
        if (key == "name")
            return reader.readString(v, key, span.name);
        if (key == "kind") {
            int kind = 0;
            const bool ok = reader.readEnum(v, key, 5, otlpSpanKindFromName, kind);
            span.kind = static_cast<SpanKind>(kind);
            return ok;
        }
        if (key == "startTimeUnixNano")
            return reader.readInt64(v, key, span.startNs);
        if (key == "endTimeUnixNano")
            return reader.readInt64(v, key, span.endNs);
        if (key == "attributes")
            return reader.appendAttributes(v, key, state.attributes, &state.hotKeys,
                                           &state.recordHot);
        if (key == "traceState")
            return reader.readString(v, key, span.traceState);
        if (key == "status")
            return mapStatus(state, v, span);
        if (key == "events")
            return mapList(state, v, key, span.events, mapEvent);
        if (key == "links")
            return mapList(state, v, key, span.links, mapLink);
        return true;
    };
    if (!reader.forEachField(object, each))
        return false;

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
