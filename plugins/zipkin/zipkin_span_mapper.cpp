#include "plugins/zipkin/zipkin_span_mapper.h"

#include "core/util/json_structure.h"
#include "core/util/json_text.h"
#include "plugins/zipkin/zipkin_document_splitter.h"
#include "plugins/zipkin/zipkin_json_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;

static_assert(ZipkinDocumentSplitter::kPadding >= simdjson::SIMDJSON_PADDING);

constexpr std::size_t kSpansBetweenStopChecks = 256;
constexpr std::string_view kSharedKey = "\"shared\"";

// Attribute keys whose values a record needs as text: hot attributes and tenant keys.
struct HotKeys {
    enum Slot : std::size_t {
        CorrelationId,
        CorrelationDotId,
        ErrorDotCode,
        ErrorCode,
        FirstTenant
    };
    std::vector<std::string> keys;

    explicit HotKeys(const std::vector<std::string>& tenantKeys)
        : keys{"correlation_id", "correlation.id", "error.code", "error_code"} {
        keys.insert(keys.end(), tenantKeys.begin(), tenantKeys.end());
    }
};

// Tags that become fields of the span record instead of attributes, as the OpenTelemetry
// Zipkin translator maps them.
enum class Special {
    None,
    Error,
    StatusCode,
    StatusDescription,
    ScopeName,
    LibraryName,
    ScopeVersion,
    LibraryVersion
};

Special classify(std::string_view key) {
    if (key == "error")
        return Special::Error;
    if (key.size() < 5 || key.substr(0, 5) != "otel.")
        return Special::None;
    if (key == "otel.status_code")
        return Special::StatusCode;
    if (key == "otel.status_description")
        return Special::StatusDescription;
    if (key == "otel.scope.name")
        return Special::ScopeName;
    if (key == "otel.library.name")
        return Special::LibraryName;
    if (key == "otel.scope.version")
        return Special::ScopeVersion;
    if (key == "otel.library.version")
        return Special::LibraryVersion;
    return Special::None;
}

// Attributes made from the endpoints and the import itself; a tag of the same key wins.
enum Extra : std::size_t { PeerService, PeerIp, PeerPort, HostIp, HostPort, ExtraCount };
constexpr std::string_view kExtraKeys[ExtraCount] = {"peer.service", "net.peer.ip", "net.peer.port",
                                                     "net.host.ip", "net.host.port"};

bool equalsNoCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        if (c != b[i])
            return false;
    }
    return true;
}

std::string location(std::uint64_t offset, std::string_view path) {
    std::string out = "byte " + std::to_string(offset);
    if (!path.empty()) {
        out.append(": ");
        out.append(path);
    }
    return out;
}

// A field's key and whether it is JSON string text as written (no escapes).
std::string_view fieldKey(ondemand::field& field, bool& raw) {
    const char* begin = field.key().raw();
    const char* end = begin;
    while (*end != '"' && *end != '\\')
        ++end;
    raw = *end == '"';
    if (raw)
        return {begin, static_cast<std::size_t>(end - begin)};
    std::string_view unescaped;
    if (field.unescaped_key().get(unescaped))
        return {};
    return unescaped;
}

// Appends `text` as a JSON string literal: plain ASCII in one piece (endpoint names and
// addresses, on every span), anything else through appendJsonString, which escapes
// byte by byte.
void appendQuoted(std::string& out, std::string_view text) {
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
            appendJsonString(out, text);
            return;
        }
    }
    out.push_back('"');
    out.append(text);
    out.push_back('"');
}

struct Endpoint {
    std::string_view service, ipv4, ipv6, port;
    bool present = false;
    ZipkinEndpointKey key() const { return {service, ipv4, ipv6, port}; }
};

} // namespace

void ZipkinSharedSpans::addClient(const TraceId& trace, const SpanId& id) {
    clients_.push_back({trace, id});
}

void ZipkinSharedSpans::addServerHalf(const TraceId& trace, const SpanId& shared,
                                      const SpanId& derived) {
    pending_.push_back({{trace, shared}, derived});
}

void ZipkinSharedSpans::seal() {
    std::sort(clients_.begin(), clients_.end());
    clients_.erase(std::unique(clients_.begin(), clients_.end()), clients_.end());
    halves_.clear();
    for (const Half& half : pending_)
        if (std::binary_search(clients_.begin(), clients_.end(), half.shared))
            halves_.push_back({half.shared.trace, half.derived});
    pending_.clear();
    pending_.shrink_to_fit();
    std::sort(halves_.begin(), halves_.end());
    halves_.erase(std::unique(halves_.begin(), halves_.end()), halves_.end());
}

bool ZipkinSharedSpans::hasClient(const TraceId& trace, const SpanId& shared) const {
    return std::binary_search(clients_.begin(), clients_.end(), Key{trace, shared});
}

bool ZipkinSharedSpans::isServerHalf(const TraceId& trace, const SpanId& derived) const {
    return std::binary_search(halves_.begin(), halves_.end(), Key{trace, derived});
}

struct ZipkinSpanMapper::State {
    explicit State(const ImportContext& context) : context(context), hot(context.tenantKeys) {}

    const ImportContext& context;
    ondemand::parser parser;
    std::vector<char> padded;
    std::string repaired;
    ZipkinJsonReader reader;
    ZipkinTextArena arena;
    HotKeys hot;
    std::size_t spansSinceStopCheck = 0;

    SpanRecord span;
    std::vector<std::optional<std::string_view>> spanHot;
    std::string attributes, resource;
    std::string quoted; // one attribute value as JSON text, reused
    bool firstAttribute = true;
    bool extraFromTag[ExtraCount] = {};

    simdjson::error_code iterate(std::string_view text, ondemand::document& doc);
    std::size_t offsetIn(ondemand::document& doc, std::size_t size);
    const char* base = nullptr; // where the text being parsed starts
    void resetSpan();
    void resetSpanState();
    void releaseIfHuge();
    std::vector<char> run; // '[' + a run of spans + ']', then simdjson's padding
    bool readEndpoint(ZipkinValue& value, Endpoint& endpoint);
    bool mapTags(ZipkinValue& value, bool& errorTag, std::optional<StatusCode>& statusCode,
                 std::string_view& libraryName, std::string_view& libraryVersion);
    bool mapAnnotation(ZipkinValue& value);
    bool mapSpanFields(ondemand::object& object, const ZipkinSharedSpans& shared, RecordSink& sink,
                       bool& emitted);
    void mapSpan(std::string_view text, std::uint64_t offset, const std::string& path,
                 const ZipkinSharedSpans& shared, RecordSink& sink);
    void appendExtra(std::string_view key, std::string_view jsonValue);
    void collectSpan(std::string_view text, ZipkinSharedSpans& shared);
};

// Parses `text` in place: the splitter leaves ZipkinDocumentSplitter::kPadding readable bytes
// after every element it hands over, and a span or member is a part of one. Only text
// repaired for invalid UTF-8 is copied (into a buffer padded with zeros).
simdjson::error_code ZipkinSpanMapper::State::iterate(std::string_view text,
                                                      ondemand::document& doc) {
    base = text.data();
    auto error =
        parser.iterate(text.data(), text.size(), text.size() + ZipkinDocumentSplitter::kPadding)
            .get(doc);
    if (error == simdjson::UTF8_ERROR) {
        // A stray byte in one tag should not cost the whole span: U+FFFD stands in for it.
        repaired = zipkinRepairUtf8(text);
        const std::size_t capacity = repaired.size() + simdjson::SIMDJSON_PADDING;
        if (padded.size() < capacity)
            padded.resize(capacity);
        std::memcpy(padded.data(), repaired.data(), repaired.size());
        std::memset(padded.data() + repaired.size(), 0, simdjson::SIMDJSON_PADDING);
        base = padded.data();
        error = parser.iterate(padded.data(), repaired.size(), padded.size()).get(doc);
    }
    return error;
}

std::size_t ZipkinSpanMapper::State::offsetIn(ondemand::document& doc, std::size_t size) {
    const char* where = nullptr;
    if (doc.current_location().get(where) || where < base)
        return size;
    return std::min(static_cast<std::size_t>(where - base), size);
}

// After a huge span, the buffers sized for it are let go, so that memory returns to what
// ordinary spans need instead of staying at the peak for the rest of the file.
void ZipkinSpanMapper::State::releaseIfHuge() {
    constexpr std::size_t kHuge = std::size_t{16} << 20;
    if (padded.size() > kHuge || attributes.capacity() > kHuge || repaired.capacity() > kHuge) {
        padded = {};
        repaired = {};
        attributes = {};
        parser = ondemand::parser{};
    }
}

void ZipkinSpanMapper::State::resetSpan() {
    releaseIfHuge();
    resetSpanState();
}

// resetSpan without letting buffers go: inside a run, whose document lives in the parser.
void ZipkinSpanMapper::State::resetSpanState() {
    auto events = std::move(span.events);
    auto links = std::move(span.links);
    events.clear();
    links.clear();
    span = SpanRecord{};
    span.events = std::move(events);
    span.links = std::move(links);
    spanHot.assign(hot.keys.size(), std::nullopt);
    attributes.assign(1, '{');
    firstAttribute = true;
    std::fill(std::begin(extraFromTag), std::end(extraFromTag), false);
    arena.clear();
    reader.clear();
}

void ZipkinSpanMapper::State::appendExtra(std::string_view key, std::string_view jsonValue) {
    if (!firstAttribute)
        attributes.push_back(',');
    attributes.push_back('"');
    attributes.append(key);
    attributes.append("\":");
    attributes.append(jsonValue);
    firstAttribute = false;
}

bool ZipkinSpanMapper::State::readEndpoint(ZipkinValue& value, Endpoint& endpoint) {
    ZipkinType type;
    if (!reader.type(value, type))
        return false;
    if (type == ZipkinType::null)
        return true;
    if (type != ZipkinType::object) {
        reader.failType({}, "endpoint object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    endpoint.present = true;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = zipkinFieldKey(field);
        ZipkinValue& v = field.value();
        bool ok = true;
        if (key == "serviceName") {
            ok = reader.readString(v, key, endpoint.service);
        } else if (key == "ipv4") {
            ok = reader.readString(v, key, endpoint.ipv4);
        } else if (key == "ipv6") {
            ok = reader.readString(v, key, endpoint.ipv6);
        } else if (key == "port") {
            bool present = false;
            ok = reader.readIntegerText(v, key, endpoint.port, present);
            if (ok && present && !reader.failed()) {
                std::string error;
                const auto port = parseZipkinInt64(endpoint.port, error);
                if (!port)
                    reader.fail(key, error);
                else if (*port < 0 || *port > 65535)
                    reader.fail(key, "\"" + std::string(endpoint.port) + "\" is not a port number");
            }
        }
        if (!ok)
            return false;
        if (reader.failed())
            return true;
    }
    return true;
}

bool ZipkinSpanMapper::State::mapTags(ZipkinValue& value, bool& errorTag,
                                      std::optional<StatusCode>& statusCode,
                                      std::string_view& libraryName,
                                      std::string_view& libraryVersion) {
    ZipkinType type;
    if (!reader.type(value, type))
        return false;
    if (type == ZipkinType::null)
        return true;
    if (type != ZipkinType::object) {
        reader.failType("tags", "object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        bool keyRaw = true;
        const std::string_view key = fieldKey(field, keyRaw);
        ZipkinScalar scalar;
        if (!reader.readScalar(field.value(), {}, scalar))
            return false;
        if (reader.failed()) {
            reader.prefixError("tags." + std::string(key.substr(0, 60)));
            return true;
        }
        const bool isString = scalar.kind == ZipkinValueKind::String;
        bool taken = false;
        switch (isString ? classify(key) : Special::None) {
        case Special::None:
            break;
        case Special::Error:
            // Zipkin's convention: the tag's presence marks the error, its value says what.
            errorTag = true;
            if (span.statusMessage.empty())
                span.statusMessage = scalar.text;
            taken = true;
            break;
        case Special::StatusCode:
            if (equalsNoCase(scalar.text, "ERROR")) {
                statusCode = StatusCode::Error;
                taken = true;
            } else if (equalsNoCase(scalar.text, "OK")) {
                statusCode = StatusCode::Ok;
                taken = true;
            }
            break;
        case Special::StatusDescription:
            span.statusMessage = scalar.text;
            taken = true;
            break;
        case Special::ScopeName:
            span.scopeName = scalar.text;
            taken = true;
            break;
        case Special::LibraryName:
            libraryName = scalar.text;
            taken = true;
            break;
        case Special::ScopeVersion:
            span.scopeVersion = scalar.text;
            taken = true;
            break;
        case Special::LibraryVersion:
            libraryVersion = scalar.text;
            taken = true;
            break;
        }
        if (taken)
            continue;
        const std::size_t mark = attributes.size();
        if (!firstAttribute)
            attributes.push_back(',');
        zipkinAppendString(attributes, key, keyRaw);
        attributes.push_back(':');
        const std::size_t valueStart = attributes.size();
        if (isString && scalar.raw) {
            zipkinAppendString(attributes, scalar.text, true);
        } else {
            std::string reason;
            if (!appendZipkinTagValue(attributes, scalar.kind, scalar.text, reason)) {
                attributes.resize(mark);
                reader.fail("tags." + std::string(key.substr(0, 60)), reason);
                return true;
            }
        }
        firstAttribute = false;
        for (std::size_t e = 0; e < ExtraCount; ++e)
            if (key == kExtraKeys[e])
                extraFromTag[e] = true;
        for (std::size_t slot = 0; slot < hot.keys.size(); ++slot) {
            if (spanHot[slot] || hot.keys[slot] != key)
                continue;
            spanHot[slot] = isString ? scalar.text
                                     : arena.keep(std::string_view(attributes).substr(valueStart));
        }
    }
    return true;
}

bool ZipkinSpanMapper::State::mapAnnotation(ZipkinValue& value) {
    ZipkinType type;
    if (!reader.type(value, type))
        return false;
    if (type != ZipkinType::object) {
        reader.failType({}, "annotation object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    SpanEventRecord event;
    event.attributesJson = "{}";
    std::string_view timestamp;
    bool hasTimestamp = false;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = zipkinFieldKey(field);
        ZipkinValue& v = field.value();
        bool ok = true;
        if (key == "timestamp")
            ok = reader.readIntegerText(v, key, timestamp, hasTimestamp);
        else if (key == "value")
            ok = reader.readString(v, key, event.name);
        if (!ok)
            return false;
        if (reader.failed())
            return true;
    }
    if (!hasTimestamp) {
        reader.fail({}, "missing timestamp");
        return true;
    }
    std::string error;
    const auto time = zipkinMicrosToNanos(timestamp, error);
    if (!time) {
        reader.fail("timestamp", error);
        return true;
    }
    event.timeNs = *time;
    span.events.push_back(event);
    return true;
}

bool ZipkinSpanMapper::State::mapSpanFields(ondemand::object& object,
                                            const ZipkinSharedSpans& shared, RecordSink& sink,
                                            bool& emitted) {
    std::string_view traceHex, idHex, parentHex, kindName, timestampText, durationText;
    bool hasTimestamp = false, hasDuration = false, isShared = false;
    bool errorTag = false;
    std::optional<StatusCode> statusCode;
    std::string_view libraryName, libraryVersion;
    Endpoint local, remote;

    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = zipkinFieldKey(field);
        ZipkinValue& v = field.value();
        bool ok = true;
        if (key == "traceId") {
            ok = reader.readString(v, key, traceHex);
        } else if (key == "id") {
            ok = reader.readString(v, key, idHex);
        } else if (key == "parentId") {
            ok = reader.readString(v, key, parentHex);
        } else if (key == "name") {
            ok = reader.readString(v, key, span.name);
        } else if (key == "kind") {
            ok = reader.readString(v, key, kindName);
        } else if (key == "timestamp") {
            ok = reader.readIntegerText(v, key, timestampText, hasTimestamp);
        } else if (key == "duration") {
            ok = reader.readIntegerText(v, key, durationText, hasDuration);
        } else if (key == "localEndpoint") {
            ok = readEndpoint(v, local);
            reader.prefixError(key);
        } else if (key == "remoteEndpoint") {
            ok = readEndpoint(v, remote);
            reader.prefixError(key);
        } else if (key == "annotations") {
            ok = reader.forEachElement(
                v, key, [&](ZipkinValue& item, std::size_t) { return mapAnnotation(item); });
        } else if (key == "tags") {
            ok = mapTags(v, errorTag, statusCode, libraryName, libraryVersion);
        } else if (key == "shared") {
            ok = reader.readBool(v, key, isShared);
        } else if (key == "debug") {
            bool debug = false;
            ok = reader.readBool(v, key, debug);
        }
        if (!ok)
            return false;
        if (reader.failed())
            return true;
    }

    std::string error;
    if (const auto id = parseZipkinTraceId(traceHex, error)) {
        span.traceId = *id;
    } else {
        reader.fail(traceHex.empty() ? std::string_view{} : "traceId", error);
        return true;
    }
    if (const auto id = parseZipkinSpanId(idHex, error)) {
        span.spanId = *id;
    } else {
        reader.fail(idHex.empty() ? std::string_view{} : "id", error);
        return true;
    }
    // An all-zero parent means none, as Zipkin itself reads it.
    if (parentHex.find_first_not_of('0') != std::string_view::npos) {
        if (const auto id = parseZipkinSpanId(parentHex, error)) {
            span.parentSpanId = *id;
        } else {
            reader.fail("parentId", error);
            return true;
        }
    }
    if (kindName.empty()) {
        span.kind = SpanKind::Internal; // Zipkin: no kind is a local span
    } else if (const auto kind = zipkinSpanKind(kindName)) {
        span.kind = *kind;
    } else {
        reader.fail("kind", "unknown span kind \"" + std::string(kindName.substr(0, 40)) + "\"");
        return true;
    }
    // Zipkin writes 0 for an unset timestamp or duration.
    if (!hasTimestamp || timestampText == "0") {
        reader.fail({}, "missing timestamp");
        return true;
    }
    const auto start = zipkinMicrosToNanos(timestampText, error);
    if (!start) {
        reader.fail("timestamp", error);
        return true;
    }
    span.startNs = *start;
    span.endNs = *start;
    const bool missingDuration = !hasDuration || durationText == "0";
    if (!missingDuration) {
        const auto duration = parseZipkinInt64(durationText, error);
        if (!duration) {
            reader.fail("duration", error);
            return true;
        }
        if (*duration < 0) {
            reader.fail("duration", "\"" + std::string(durationText) + "\" is negative");
            return true;
        }
        if (*duration > (std::numeric_limits<std::int64_t>::max() - *start) / 1000) {
            reader.fail("duration", "\"" + std::string(durationText) +
                                        "\" microseconds ends beyond the int64 nanosecond range");
            return true;
        }
        span.endNs = *start + *duration * 1000;
    }

    // Shared spans: see docs/formats/zipkin.md.
    const std::string_view localService = local.service;
    std::optional<SpanId> sharedId;
    if (isShared && shared.hasClient(span.traceId, span.spanId)) {
        sharedId = span.spanId;
        span.spanId = zipkinServerHalfId(*sharedId, local.key());
        span.parentSpanId = *sharedId;
    } else if (!isShared && span.parentSpanId && !shared.empty()) {
        const SpanId serverHalf = zipkinServerHalfId(*span.parentSpanId, local.key());
        if (shared.isServerHalf(span.traceId, serverHalf))
            span.parentSpanId = serverHalf;
    }

    auto quotedValue = [&](std::string_view text) -> std::string_view {
        quoted.clear();
        appendQuoted(quoted, text);
        return quoted;
    };
    if (!remote.service.empty() && !extraFromTag[PeerService])
        appendExtra(kExtraKeys[PeerService], quotedValue(remote.service));
    const std::string_view remoteIp = !remote.ipv4.empty() ? remote.ipv4 : remote.ipv6;
    if (!remoteIp.empty() && !extraFromTag[PeerIp])
        appendExtra(kExtraKeys[PeerIp], quotedValue(remoteIp));
    if (!remote.port.empty() && !extraFromTag[PeerPort])
        appendExtra(kExtraKeys[PeerPort], remote.port);
    const std::string_view localIp = !local.ipv4.empty() ? local.ipv4 : local.ipv6;
    if (!localIp.empty() && !extraFromTag[HostIp])
        appendExtra(kExtraKeys[HostIp], quotedValue(localIp));
    if (!local.port.empty() && !extraFromTag[HostPort])
        appendExtra(kExtraKeys[HostPort], local.port);
    if (sharedId)
        appendExtra("zipkin.shared_span_id", quotedValue(sharedId->hex()));
    if (missingDuration)
        appendExtra("zipkin.missing_duration", "true");
    attributes.push_back('}');
    span.attributesJson = attributes;

    span.service = localService;
    resource.assign(1, '{');
    if (!localService.empty()) {
        resource.append("\"service.name\":");
        appendQuoted(resource, localService);
    }
    resource.push_back('}');
    span.resourceJson = resource;

    if (span.scopeName.empty()) {
        span.scopeName = libraryName;
        if (span.scopeVersion.empty())
            span.scopeVersion = libraryVersion;
    }
    if (errorTag)
        span.status = StatusCode::Error;
    else if (statusCode)
        span.status = *statusCode;

    for (std::size_t slot = HotKeys::FirstTenant; slot < spanHot.size(); ++slot) {
        if (spanHot[slot]) {
            span.tenant = *spanHot[slot];
            break;
        }
    }
    auto firstOf = [&](std::size_t a, std::size_t b) {
        return spanHot[a] ? *spanHot[a] : spanHot[b].value_or(std::string_view{});
    };
    span.correlationId = firstOf(HotKeys::CorrelationId, HotKeys::CorrelationDotId);
    span.errorCode = firstOf(HotKeys::ErrorDotCode, HotKeys::ErrorCode);

    sink.addSpan(span);
    emitted = true;
    return true;
}

void ZipkinSpanMapper::State::mapSpan(std::string_view text, std::uint64_t offset,
                                      const std::string& path, const ZipkinSharedSpans& shared,
                                      RecordSink& sink) {
    resetSpan();
    auto reject = [&](const std::string& reason) { sink.reject({location(offset, path), reason}); };
    const std::size_t first = JsonWalk::skipSpace(text, 0);
    if (first >= text.size() || text[first] != '{') {
        reject(std::string("expected a span object, got ") +
               (first < text.size() ? jsonKindAt(text[first]) : "nothing"));
        return;
    }
    ondemand::document doc;
    if (auto error = iterate(text, doc)) {
        reject(std::string("invalid JSON: ") + simdjson::error_message(error));
        return;
    }
    ZipkinValue root;
    ZipkinType type;
    ondemand::object object;
    if (auto error = doc.get_value().get(root)) {
        reject(std::string("invalid JSON: ") + simdjson::error_message(error));
        return;
    }
    if (!reader.type(root, type)) {
        reject(std::string("invalid JSON: ") + simdjson::error_message(reader.fatal()));
        return;
    }
    if (type != ZipkinType::object) {
        reject(std::string("expected a span object, got ") + zipkinTypeName(type));
        return;
    }
    if (auto error = root.get_object().get(object)) {
        reject(std::string("invalid JSON: ") + simdjson::error_message(error));
        return;
    }
    bool emitted = false;
    if (!mapSpanFields(object, shared, sink, emitted)) {
        reject("invalid JSON at byte " + std::to_string(offset + offsetIn(doc, text.size())) +
               ": " + simdjson::error_message(reader.fatal()));
        return;
    }
    if (!emitted)
        reject(reader.recordError());
}

std::size_t ZipkinSpanMapper::mapRun(const RunSpan* spans, std::size_t count,
                                     const ZipkinSharedSpans& shared, RecordSink& sink,
                                     bool& cancelled) {
    State& s = *state_;
    cancelled = false;
    s.releaseIfHuge(); // not while the run's document is read
    const std::string_view last = spans[count - 1].json;
    const auto text =
        std::string_view(spans[0].json.data(), static_cast<std::size_t>(last.data() + last.size() -
                                                                        spans[0].json.data()));
    const std::size_t size = text.size() + 2;
    if (s.run.size() < size + simdjson::SIMDJSON_PADDING)
        s.run.resize(size + simdjson::SIMDJSON_PADDING);
    s.run[0] = '[';
    std::memcpy(s.run.data() + 1, text.data(), text.size());
    s.run[size - 1] = ']';
    std::memset(s.run.data() + size, 0, simdjson::SIMDJSON_PADDING);
    ondemand::document doc;
    ondemand::array array;
    // Any error in the run (invalid UTF-8 anywhere in it, for one) leaves it to mapElement.
    if (s.parser.iterate(s.run.data(), size, s.run.size()).get(doc) || doc.get_array().get(array))
        return 0;
    s.base = s.run.data();
    std::size_t done = 0;
    for (auto elementResult : array) {
        if (done == count)
            return done;
        ondemand::value element;
        ondemand::object object;
        if (std::move(elementResult).get(element) || element.get_object().get(object))
            return done;
        s.resetSpanState();
        bool emitted = false;
        if (!s.mapSpanFields(object, shared, sink, emitted))
            return done; // broken: mapElement reads it again on its own and says where
        if (!emitted)
            sink.reject({location(spans[done].offset,
                                  ZipkinDocumentSplitter::path(
                                      ZipkinDocumentSplitter::Container::Array, spans[done].index)),
                         s.reader.recordError()});
        ++done;
        if (++s.spansSinceStopCheck >= kSpansBetweenStopChecks) {
            s.spansSinceStopCheck = 0;
            if (s.context.stop.stop_requested()) {
                cancelled = true;
                return done;
            }
        }
    }
    return done;
}

void ZipkinSpanMapper::State::collectSpan(std::string_view text, ZipkinSharedSpans& shared) {
    // Only the spans that can matter are parsed: shared ones and clients.
    if (text.find(kSharedKey) == std::string_view::npos &&
        text.find("CLIENT") == std::string_view::npos &&
        text.find("client") == std::string_view::npos)
        return;
    reader.clear();
    ondemand::document doc;
    ondemand::object object;
    if (iterate(text, doc) || doc.get_object().get(object))
        return;
    std::string_view traceHex, idHex, kind;
    bool isShared = false;
    Endpoint local;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (std::move(fieldResult).get(field))
            return;
        const std::string_view key = zipkinFieldKey(field);
        ZipkinValue& v = field.value();
        bool ok = true;
        if (key == "traceId")
            ok = reader.readString(v, key, traceHex);
        else if (key == "id")
            ok = reader.readString(v, key, idHex);
        else if (key == "kind")
            ok = reader.readString(v, key, kind);
        else if (key == "shared")
            ok = reader.readBool(v, key, isShared);
        else if (key == "localEndpoint")
            ok = readEndpoint(v, local);
        if (!ok || reader.failed())
            return;
    }
    std::string error;
    const auto trace = parseZipkinTraceId(traceHex, error);
    const auto id = parseZipkinSpanId(idHex, error);
    if (!trace || !id)
        return;
    if (isShared)
        shared.addServerHalf(*trace, *id, zipkinServerHalfId(*id, local.key()));
    else if (zipkinSpanKind(kind) == SpanKind::Client)
        shared.addClient(*trace, *id);
}

ZipkinSpanMapper::ZipkinSpanMapper(const ImportContext& context)
    : state_(std::make_unique<State>(context)) {}

ZipkinSpanMapper::~ZipkinSpanMapper() = default;

bool ZipkinSpanMapper::mapElement(std::string_view json, std::uint64_t fileOffset,
                                  std::string_view path, const ZipkinSharedSpans& shared,
                                  RecordSink& sink) {
    State& s = *state_;
    auto checkStop = [&] {
        if (++s.spansSinceStopCheck < kSpansBetweenStopChecks)
            return true;
        s.spansSinceStopCheck = 0;
        return !s.context.stop.stop_requested();
    };
    const std::size_t start = JsonWalk::skipSpace(json, 0);
    if (start < json.size() && json[start] == '[') {
        // The nested form: this element is a trace, an array of spans.
        JsonStructureError walkError;
        bool cancelled = false;
        const bool ok = JsonWalk::elements(json, walkError, [&](const auto& element) {
            if (!checkStop()) {
                cancelled = true;
                return false;
            }
            s.mapSpan(element.value, fileOffset + element.offset,
                      std::string(path) + "[" + std::to_string(element.index) + "]", shared, sink);
            return true;
        });
        if (!ok && !cancelled)
            sink.reject(
                {location(fileOffset + walkError.offset, path),
                 "invalid JSON: " + walkError.message + "; the rest of the trace is skipped"});
        return !cancelled;
    }
    s.mapSpan(json, fileOffset, std::string(path), shared, sink);
    return checkStop();
}

void ZipkinSpanMapper::collectShared(std::string_view json, ZipkinSharedSpans& shared) {
    State& s = *state_;
    const std::size_t start = JsonWalk::skipSpace(json, 0);
    if (start < json.size() && json[start] == '[') {
        JsonStructureError walkError;
        JsonWalk::elements(json, walkError, [&](const auto& element) {
            s.collectSpan(element.value, shared);
            return true;
        });
        return;
    }
    s.collectSpan(json, shared);
}

} // namespace casebook
