// Log mapping: LogRecord (OTLP) -> LogRecord (Casebook).

#include "plugins/otlp/otlp_fields.h"
#include "plugins/otlp/otlp_mapping_state.h"

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;

// Trace context on a log is optional: empty means none. An all-zero id is the W3C
// "invalid" id that SDKs write for logs outside any span, so it also means none rather
// than a broken record. A wrong length or non-hex digits still reject the record.
template <typename Id>
void optionalId(OtlpJsonReader& reader, std::string_view hex, std::string_view field,
                OtlpParsed<Id> (*parse)(std::string_view), std::optional<Id>& out) {
    if (hex.empty() || reader.recordFailed())
        return;
    auto parsed = parse(hex);
    if (parsed.value) {
        out = *parsed.value;
        return;
    }
    if (hex.size() == 2 * Id::size && Id::fromHex(hex))
        return; // all zeros
    reader.fail(field, parsed.error);
}

} // namespace

bool otlpMapLogRecord(OtlpMappingState& state, OtlpValue& value, std::size_t index) {
    OtlpJsonReader& reader = state.reader;
    const OtlpPathScope at(state.path, "logRecords", index, value);
    ondemand::object object;
    bool opened = false;
    if (!state.enterRecordObject(value, object, opened))
        return false;
    if (!opened)
        return true;

    auto& pending = state.logs.add();
    LogRecord& log = pending.record;
    state.attributes.clear();
    state.body.clear();
    state.recordHot.reset(state.hotKeys.size());
    std::string_view traceHex, spanHex;
    std::optional<std::string_view> bodyText;
    bool haveBody = false;

    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key == "timeUnixNano")
            return reader.readInt64(v, key, log.timeNs);
        if (key == "observedTimeUnixNano")
            return reader.readInt64(v, key, log.observedNs);
        if (key == "severityNumber")
            return reader.readEnum(v, key, 24, otlpSeverityNumberFromName, log.severityNumber);
        if (key == "severityText")
            return reader.readString(v, key, log.severityText);
        if (key == "body") {
            state.body.clear();
            const bool ok = reader.appendAnyValue(v, key, state.body);
            bodyText = reader.lastString();
            haveBody = true;
            return ok;
        }
        if (key == "attributes")
            return reader.appendAttributes(v, key, state.attributes, &state.hotKeys,
                                           &state.recordHot);
        if (key == "traceId")
            return reader.readString(v, key, traceHex);
        if (key == "spanId")
            return reader.readString(v, key, spanHex);
        if (key == "eventName")
            return reader.readString(v, key, log.eventName);
        return true;
    };
    if (!reader.forEachField(object, each))
        return false;

    optionalId<TraceId>(reader, traceHex, "traceId", parseOtlpTraceId, log.traceId);
    optionalId<SpanId>(reader, spanHex, "spanId", parseOtlpSpanId, log.spanId);
    if (reader.recordFailed()) {
        state.logs.dropLast();
        state.rejectRecord();
        return true;
    }
    // A string body is the message itself; other kinds are kept as JSON text. A missing
    // or empty body is no text rather than the word null.
    if (bodyText)
        log.body = *bodyText;
    else if (haveBody && state.body != "null")
        log.body = state.arena.keep(state.body);
    if (log.timeNs == 0)
        log.timeNs = log.observedNs;
    log.attributesJson = state.keepObject(state.attributes);
    state.applyRecordHot(pending);
    return true;
}

} // namespace casebook
