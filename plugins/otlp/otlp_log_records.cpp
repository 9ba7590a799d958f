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
    state.path.push("logRecords", index, value.raw_json_token().data());
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

    auto& pending = state.logs.add();
    LogRecord& log = pending.record;
    state.attributes.clear();
    state.body.clear();
    state.recordHot.reset(state.hotKeys.size());
    std::string_view traceHex, spanHex;
    std::optional<std::string_view> bodyText;
    bool haveBody = false;

    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = otlpFieldKey(field);
        OtlpValue& v = field.value();
        bool ok = true;
        if (key == "timeUnixNano") {
            ok = reader.readInt64(v, key, log.timeNs);
        } else if (key == "observedTimeUnixNano") {
            ok = reader.readInt64(v, key, log.observedNs);
        } else if (key == "severityNumber") {
            ok = reader.readEnum(v, key, 24, otlpSeverityNumberFromName, log.severityNumber);
        } else if (key == "severityText") {
            ok = reader.readString(v, key, log.severityText);
        } else if (key == "body") {
            state.body.clear();
            ok = reader.appendAnyValue(v, key, state.body);
            bodyText = reader.lastString();
            haveBody = true;
        } else if (key == "attributes") {
            ok =
                reader.appendAttributes(v, key, state.attributes, &state.hotKeys, &state.recordHot);
        } else if (key == "traceId") {
            ok = reader.readString(v, key, traceHex);
        } else if (key == "spanId") {
            ok = reader.readString(v, key, spanHex);
        } else if (key == "eventName") {
            ok = reader.readString(v, key, log.eventName);
        }
        if (!ok)
            return false;
        if (reader.recordFailed())
            break;
    }

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
