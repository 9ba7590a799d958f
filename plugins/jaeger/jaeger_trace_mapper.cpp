#include "plugins/jaeger/jaeger_trace_mapper.h"

#include "core/util/json_structure.h"
#include "plugins/jaeger/jaeger_document_splitter.h"
#include "plugins/jaeger/jaeger_json_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;

static_assert(JaegerDocumentSplitter::kPadding >= simdjson::SIMDJSON_PADDING);

// Links keep the reference type the way the OpenTelemetry Jaeger translator does, so a
// link reads the same whether the trace came as Jaeger or as OTLP converted from it.
constexpr std::string_view kChildOfLink = "{\"opentracing.ref_type\":\"child_of\"}";
constexpr std::string_view kFollowsFromLink = "{\"opentracing.ref_type\":\"follows_from\"}";
constexpr std::string_view kUnnamedEvent = "log";
constexpr std::size_t kSpansBetweenStopChecks = 256;
constexpr std::size_t kRunBytes = 64 * 1024; // spans parsed together, at most

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
// Jaeger translator maps them. Only values of the expected kind are taken; others stay
// attributes.
enum class Special {
    None,
    Kind,
    Error,
    StatusCode,
    StatusDescription,
    ScopeName,
    LibraryName,
    ScopeVersion,
    LibraryVersion,
    TraceState
};

Special classify(std::string_view key) {
    if (key.empty())
        return Special::None;
    switch (key[0]) {
    case 's':
        return key == "span.kind" ? Special::Kind : Special::None;
    case 'e':
        return key == "error" ? Special::Error : Special::None;
    case 'w':
        return key == "w3c.tracestate" ? Special::TraceState : Special::None;
    case 'o':
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
    default:
        return Special::None;
    }
}

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

std::string joinPath(std::string_view base, std::string_view member) {
    if (base.empty())
        return std::string(member);
    std::string out(base);
    out.push_back('.');
    out.append(member);
    return out;
}

std::string location(std::uint64_t offset, std::string_view path) {
    std::string out = "byte " + std::to_string(offset);
    if (!path.empty()) {
        out.append(": ");
        out.append(path);
    }
    return out;
}

// A JSON string value's contents when written without escapes (ids never need them).
std::optional<std::string_view> plainString(std::string_view value) {
    if (value.size() < 2 || value.front() != '"' || value.back() != '"')
        return std::nullopt;
    const std::string_view inside = value.substr(1, value.size() - 2);
    if (inside.find('\\') != std::string_view::npos)
        return std::nullopt;
    return inside;
}

struct Process {
    std::string service;
    std::string resourceJson = "{}";
    std::string tenant;
    std::size_t tenantRank = std::numeric_limits<std::size_t>::max();
    std::string error; // why spans of this process cannot be imported
};

// The processes of the trace being read, by id. Reused from trace to trace: a trace has
// a handful of processes and every one of its spans looks one up, so the entries and
// their strings keep their memory, and the lookup walks them (or, for traces with many
// processes, asks an index) instead of allocating map nodes per trace.
class ProcessTable {
public:
    void clear() {
        used_ = 0;
        index_.clear();
        if (entries_.size() > kKept)
            entries_.resize(kKept); // a trace with very many processes does not stay held
    }
    // The entry for the next process read, whose id is `id`: filled by the caller, then
    // kept by commit() unless that id is taken (the first of a repeated id counts).
    Process& next(std::string_view id) {
        if (used_ == entries_.size())
            entries_.emplace_back();
        entries_[used_].first.assign(id);
        return entries_[used_].second;
    }
    void commit() {
        const std::string& id = entries_[used_].first;
        if (find(id))
            return;
        if (used_ >= kWalk) {
            if (index_.empty())
                for (std::size_t i = 0; i < used_; ++i)
                    index_.emplace(entries_[i].first, i);
            index_.emplace(id, used_);
        }
        ++used_;
    }
    // The id and process, or null.
    const std::pair<std::string, Process>* find(std::string_view id) const {
        if (!index_.empty()) {
            const auto it = index_.find(id);
            return it == index_.end() ? nullptr : &entries_[it->second];
        }
        for (std::size_t i = 0; i < used_; ++i)
            if (entries_[i].first == id)
                return &entries_[i];
        return nullptr;
    }

private:
    static constexpr std::size_t kWalk = 32;
    static constexpr std::size_t kKept = 256;
    std::vector<std::pair<std::string, Process>> entries_;
    std::size_t used_ = 0;
    std::map<std::string, std::size_t, std::less<>> index_; // when there are many
};

struct Reference {
    bool childOf = true;
    bool hasTrace = false;
    std::string_view traceHex, spanHex;
};

} // namespace

struct JaegerTraceMapper::State {
    explicit State(const ImportContext& context) : context(context), hot(context.tenantKeys) {}

    const ImportContext& context;
    ondemand::parser parser;
    std::vector<char> padded; // the text being parsed, followed by simdjson's padding
    std::string repaired;
    JaegerJsonReader reader;
    JaegerTextArena arena;
    HotKeys hot;

    // Per trace
    ProcessTable processes;
    std::string processTags; // the tags of the process being read, reused
    std::string processesError;
    std::optional<std::string_view> traceLevelTraceId;
    bool traceLevelTraceIdPresent = false;
    std::size_t spansSinceStopCheck = 0;
    std::vector<std::pair<std::size_t, std::size_t>> spanRanges; // offset and size in the trace
    // The last trace id read, since every span of a trace repeats it.
    std::string lastTraceHex;
    TraceId lastTraceId;

    // Per span, reused
    SpanRecord span;
    Process inlineProcess;
    std::vector<std::optional<std::string_view>> spanHot;
    std::vector<Reference> references;
    std::vector<std::pair<TraceId, SpanId>> referenceIds;
    std::string attributes, eventAttributes, warnings;
    bool firstAttribute = true;

    simdjson::error_code iterate(std::string_view text, ondemand::document& doc);
    std::optional<TraceId> traceIdOf(std::string_view hex, std::string& error);
    std::size_t offsetIn(ondemand::document& doc, std::size_t size);
    const char* base = nullptr; // where the text being parsed starts
    bool readProcesses(std::string_view text, std::string& jsonError);
    bool readProcessesValue(JaegerValue& value);
    std::size_t mapRun(std::string_view json, std::size_t from, std::size_t to,
                       std::uint64_t fileOffset, std::string_view tracePath, RecordSink& sink,
                       bool& cancelled);
    std::vector<char> run; // '[' + a run of spans + ']', then simdjson's padding
    bool readTrace(std::string_view json, std::size_t start, std::uint64_t fileOffset,
                   std::string_view path, RecordSink& sink);
    bool stopRequested();
    bool readProcess(JaegerValue& value, Process& process);
    void mapSpan(std::string_view text, std::uint64_t offset, std::string_view tracePath,
                 std::size_t index, RecordSink& sink);
    bool mapSpanFields(ondemand::object& object, RecordSink& sink, bool& emitted);
    bool mapSpanTag(JaegerValue& value, bool& errorTag, std::optional<StatusCode>& statusCode,
                    std::string_view& libraryName, std::string_view& libraryVersion);
    bool mapLog(JaegerValue& value);
    bool readReference(JaegerValue& value);
    void resetSpan();
    void releaseIfHuge();
};

// Parses `text` in place: the splitter leaves JaegerDocumentSplitter::kPadding readable bytes
// after every element it hands over, and a span or member is a part of one. Only text
// repaired for invalid UTF-8 is copied (into a buffer padded with zeros).
simdjson::error_code JaegerTraceMapper::State::iterate(std::string_view text,
                                                       ondemand::document& doc) {
    base = text.data();
    auto error =
        parser.iterate(text.data(), text.size(), text.size() + JaegerDocumentSplitter::kPadding)
            .get(doc);
    if (error == simdjson::UTF8_ERROR) {
        // A stray byte in one tag should not cost the whole span: U+FFFD stands in for it.
        repaired = jaegerRepairUtf8(text);
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

std::optional<TraceId> JaegerTraceMapper::State::traceIdOf(std::string_view hex,
                                                           std::string& error) {
    if (!lastTraceHex.empty() && hex == lastTraceHex)
        return lastTraceId;
    const auto id = parseJaegerTraceId(hex, error);
    if (id) {
        lastTraceHex.assign(hex);
        lastTraceId = *id;
    }
    return id;
}

std::size_t JaegerTraceMapper::State::offsetIn(ondemand::document& doc, std::size_t size) {
    const char* where = nullptr;
    if (doc.current_location().get(where) || where < base)
        return size;
    return std::min(static_cast<std::size_t>(where - base), size);
}

bool JaegerTraceMapper::State::readProcess(JaegerValue& value, Process& process) {
    // Emptied member by member, keeping the buffers of the process read before.
    process.service.clear();
    process.resourceJson.assign("{}");
    process.tenant.clear();
    process.tenantRank = std::numeric_limits<std::size_t>::max();
    process.error.clear();
    reader.clear();
    JaegerType type;
    if (!reader.type(value, type))
        return false;
    if (type != JaegerType::object) {
        process.error = std::string("expected a process object, got ") + jaegerTypeName(type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    std::string& tags = processTags;
    tags.clear();
    bool first = true;
    const std::size_t firstTenant = HotKeys::FirstTenant;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = jaegerFieldKey(field);
        JaegerValue& v = field.value();
        if (key == "serviceName") {
            std::string_view service;
            if (!reader.readString(v, key, service))
                return false;
            process.service.assign(service);
        } else if (key == "tags") {
            auto each = [&](JaegerValue& item, std::size_t) {
                JaegerTag tag;
                if (!reader.readTag(item, tag))
                    return false;
                if (reader.failed())
                    return true;
                std::string reason;
                std::size_t valueStart = 0;
                if (!jaegerAppendTag(tags, first, tag, reason, valueStart)) {
                    reader.fail("value", reason);
                    return true;
                }
                for (std::size_t slot = firstTenant; slot < hot.keys.size(); ++slot) {
                    if (hot.keys[slot] != tag.key || slot - firstTenant >= process.tenantRank)
                        continue;
                    process.tenantRank = slot - firstTenant;
                    if (tag.value.kind == JaegerValueKind::String)
                        process.tenant.assign(tag.value.text);
                    else
                        process.tenant = tags.substr(valueStart);
                }
                return true;
            };
            if (!reader.forEachElement(v, "tags", each))
                return false;
        }
        if (reader.failed()) {
            process.error = reader.recordError();
            reader.clear();
            return true;
        }
    }
    // service.name heads the resource, as in OTLP, so the same process reads the same.
    process.resourceJson = "{";
    if (!process.service.empty()) {
        process.resourceJson.append("\"service.name\":");
        jaegerAppendString(process.resourceJson, process.service, false);
        if (!tags.empty())
            process.resourceJson.push_back(',');
    }
    process.resourceJson.append(tags);
    process.resourceJson.push_back('}');
    return true;
}

bool JaegerTraceMapper::State::readProcesses(std::string_view text, std::string& jsonError) {
    const std::size_t first = JsonWalk::skipSpace(text, 0);
    if (first < text.size() && text[first] != '{') {
        if (text.substr(first) != "null")
            processesError =
                std::string("processes: expected object, got ") + jsonKindAt(text[first]);
        return true;
    }
    ondemand::document doc;
    if (auto error = iterate(text, doc)) {
        jsonError = simdjson::error_message(error);
        return false;
    }
    JaegerValue root;
    if (auto error = doc.get_value().get(root)) {
        jsonError = simdjson::error_message(error);
        return false;
    }
    if (!readProcessesValue(root)) {
        jsonError = simdjson::error_message(reader.fatal());
        return false;
    }
    return true;
}

bool JaegerTraceMapper::State::readProcessesValue(JaegerValue& value) {
    reader.clear();
    JaegerType type;
    if (!reader.type(value, type))
        return false;
    if (type == JaegerType::null)
        return true;
    if (type != JaegerType::object) {
        processesError = std::string("processes: expected object, got ") + jaegerTypeName(type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        Process& process = processes.next(jaegerFieldKey(field));
        if (!readProcess(field.value(), process))
            return false;
        processes.commit();
    }
    return true;
}

// After a huge trace or span, the buffers sized for it are let go, so that memory returns
// to what ordinary traces need instead of staying at the peak for the rest of the file.
void JaegerTraceMapper::State::releaseIfHuge() {
    constexpr std::size_t kHuge = std::size_t{16} << 20;
    if (padded.size() > kHuge || attributes.capacity() > kHuge || repaired.capacity() > kHuge ||
        parser.capacity() > kHuge) {
        padded = {};
        repaired = {};
        attributes = {};
        parser = ondemand::parser{};
    }
    if (processTags.capacity() > kHuge)
        processTags = {};
}

void JaegerTraceMapper::State::resetSpan() {
    auto events = std::move(span.events);
    auto links = std::move(span.links);
    events.clear();
    links.clear();
    span = SpanRecord{};
    span.events = std::move(events);
    span.links = std::move(links);
    spanHot.assign(hot.keys.size(), std::nullopt);
    references.clear();
    attributes.assign(1, '{');
    warnings.clear();
    firstAttribute = true;
    arena.clear();
    reader.clear();
}

bool JaegerTraceMapper::State::mapSpanTag(JaegerValue& value, bool& errorTag,
                                          std::optional<StatusCode>& statusCode,
                                          std::string_view& libraryName,
                                          std::string_view& libraryVersion) {
    JaegerTag tag;
    if (!reader.readTag(value, tag))
        return false;
    if (reader.failed())
        return true;
    const bool isString = tag.value.kind == JaegerValueKind::String;
    switch (classify(tag.key)) {
    case Special::None:
        break;
    case Special::Kind:
        if (isString) {
            if (const auto kind = jaegerSpanKind(tag.value.text)) {
                span.kind = *kind;
                return true;
            }
        }
        break;
    case Special::Error:
        if ((isString || tag.value.kind == JaegerValueKind::Bool) && tag.value.text == "true") {
            errorTag = true;
            return true;
        }
        break;
    case Special::StatusCode:
        if (isString) {
            if (equalsNoCase(tag.value.text, "ERROR")) {
                statusCode = StatusCode::Error;
                return true;
            }
            if (equalsNoCase(tag.value.text, "OK")) {
                statusCode = StatusCode::Ok;
                return true;
            }
        }
        break;
    case Special::StatusDescription:
        if (isString) {
            span.statusMessage = tag.value.text;
            return true;
        }
        break;
    case Special::ScopeName:
        if (isString) {
            span.scopeName = tag.value.text;
            return true;
        }
        break;
    case Special::LibraryName:
        if (isString) {
            libraryName = tag.value.text;
            return true;
        }
        break;
    case Special::ScopeVersion:
        if (isString) {
            span.scopeVersion = tag.value.text;
            return true;
        }
        break;
    case Special::LibraryVersion:
        if (isString) {
            libraryVersion = tag.value.text;
            return true;
        }
        break;
    case Special::TraceState:
        if (isString) {
            span.traceState = tag.value.text;
            return true;
        }
        break;
    }
    std::string reason;
    std::size_t valueStart = 0;
    if (!jaegerAppendTag(attributes, firstAttribute, tag, reason, valueStart)) {
        reader.fail("value", reason);
        return true;
    }
    for (std::size_t slot = 0; slot < hot.keys.size(); ++slot) {
        if (spanHot[slot] || hot.keys[slot] != tag.key)
            continue;
        spanHot[slot] =
            isString ? tag.value.text : arena.keep(std::string_view(attributes).substr(valueStart));
    }
    return true;
}

bool JaegerTraceMapper::State::mapLog(JaegerValue& value) {
    JaegerType type;
    if (!reader.type(value, type))
        return false;
    if (type != JaegerType::object) {
        reader.failType({}, "log object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    SpanEventRecord event;
    std::string_view timestamp;
    bool hasTimestamp = false;
    bool hasName = false;
    eventAttributes.assign(1, '{');
    bool first = true;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = jaegerFieldKey(field);
        JaegerValue& v = field.value();
        if (key == "timestamp") {
            if (!reader.readIntegerText(v, key, timestamp, hasTimestamp))
                return false;
        } else if (key == "fields") {
            auto each = [&](JaegerValue& item, std::size_t) {
                JaegerTag tag;
                if (!reader.readTag(item, tag))
                    return false;
                if (reader.failed())
                    return true;
                // The "event" field names the event, as the OpenTelemetry translator reads it.
                if (!hasName && tag.key == "event" && tag.value.kind == JaegerValueKind::String) {
                    event.name = tag.value.text;
                    hasName = true;
                    return true;
                }
                std::string reason;
                std::size_t valueStart = 0;
                if (!jaegerAppendTag(eventAttributes, first, tag, reason, valueStart))
                    reader.fail("value", reason);
                return true;
            };
            if (!reader.forEachElement(v, "fields", each))
                return false;
        }
        if (reader.failed())
            return true;
    }
    if (!hasTimestamp) {
        reader.fail({}, "missing timestamp");
        return true;
    }
    std::string error;
    const auto time = jaegerMicrosToNanos(timestamp, error);
    if (!time) {
        reader.fail("timestamp", error);
        return true;
    }
    event.timeNs = *time;
    if (!hasName)
        event.name = kUnnamedEvent;
    eventAttributes.push_back('}');
    event.attributesJson = arena.keep(eventAttributes);
    span.events.push_back(event);
    return true;
}

bool JaegerTraceMapper::State::readReference(JaegerValue& value) {
    JaegerType type;
    if (!reader.type(value, type))
        return false;
    if (type != JaegerType::object) {
        reader.failType({}, "reference object", type);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return reader.failFatal(error);
    Reference reference;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = jaegerFieldKey(field);
        JaegerValue& v = field.value();
        if (key == "refType") {
            std::string_view refType;
            if (!reader.readString(v, key, refType))
                return false;
            if (equalsNoCase(refType, "FOLLOWS_FROM")) {
                reference.childOf = false;
            } else if (!refType.empty() && !equalsNoCase(refType, "CHILD_OF")) {
                reader.fail(key, "unknown reference type \"" + std::string(refType.substr(0, 40)) +
                                     "\"");
            }
        } else if (key == "traceID") {
            if (!reader.readString(v, key, reference.traceHex))
                return false;
            reference.hasTrace = !reference.traceHex.empty();
        } else if (key == "spanID") {
            if (!reader.readString(v, key, reference.spanHex))
                return false;
        }
        if (reader.failed())
            return true;
    }
    references.push_back(reference);
    return true;
}

// Reads the span's members into the record; `emitted` is set when it went to the sink.
bool JaegerTraceMapper::State::mapSpanFields(ondemand::object& object, RecordSink& sink,
                                             bool& emitted) {
    std::string_view traceHex, spanHex, startText, durationText, processId;
    bool hasTrace = false, hasStart = false, hasDuration = false, hasInline = false;
    bool errorTag = false;
    std::optional<StatusCode> statusCode;
    std::string_view libraryName, libraryVersion;

    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return reader.failFatal(error);
        const std::string_view key = jaegerFieldKey(field);
        JaegerValue& v = field.value();
        bool ok = true;
        if (key == "tags") {
            ok = reader.forEachElement(v, key, [&](JaegerValue& item, std::size_t) {
                return mapSpanTag(item, errorTag, statusCode, libraryName, libraryVersion);
            });
        } else if (key == "traceID") {
            ok = reader.readString(v, key, traceHex);
            hasTrace = !traceHex.empty();
        } else if (key == "spanID") {
            ok = reader.readString(v, key, spanHex);
        } else if (key == "operationName") {
            ok = reader.readString(v, key, span.name);
        } else if (key == "references") {
            ok = reader.forEachElement(
                v, key, [&](JaegerValue& item, std::size_t) { return readReference(item); });
        } else if (key == "startTime") {
            ok = reader.readIntegerText(v, key, startText, hasStart);
        } else if (key == "duration") {
            ok = reader.readIntegerText(v, key, durationText, hasDuration);
        } else if (key == "logs") {
            ok = reader.forEachElement(
                v, key, [&](JaegerValue& item, std::size_t) { return mapLog(item); });
        } else if (key == "processID") {
            ok = reader.readString(v, key, processId);
        } else if (key == "process") {
            ok = readProcess(v, inlineProcess);
            hasInline = true;
        } else if (key == "warnings") {
            ok = reader.forEachElement(v, key, [&](JaegerValue& item, std::size_t) {
                std::string_view text;
                if (!reader.readString(item, {}, text))
                    return false;
                warnings.push_back(warnings.empty() ? '[' : ',');
                jaegerAppendString(warnings, text, false);
                return true;
            });
        }
        if (!ok)
            return false;
        if (reader.failed())
            return true;
    }

    std::string error;
    // Ids
    if (!hasTrace) {
        if (traceLevelTraceId) {
            traceHex = *traceLevelTraceId;
        } else {
            reader.fail({}, traceLevelTraceIdPresent
                                ? "missing traceID (and the trace's traceID is not a plain string)"
                                : "missing traceID");
            return true;
        }
    }
    if (const auto id = traceIdOf(traceHex, error)) {
        span.traceId = *id;
    } else {
        reader.fail("traceID", error);
        return true;
    }
    if (spanHex.empty()) {
        reader.fail({}, "missing spanID");
        return true;
    }
    if (const auto id = parseJaegerSpanId(spanHex, error)) {
        span.spanId = *id;
    } else {
        reader.fail("spanID", error);
        return true;
    }
    // Times
    if (!hasStart) {
        reader.fail({}, "missing startTime");
        return true;
    }
    const auto start = jaegerMicrosToNanos(startText, error);
    if (!start) {
        reader.fail("startTime", error);
        return true;
    }
    span.startNs = *start;
    span.endNs = *start;
    if (hasDuration) {
        const auto duration = parseJaegerInt64(durationText, error);
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
    // References: the parent is the first CHILD_OF in the same trace, else the first
    // FOLLOWS_FROM in it (Jaeger's own rule, model.Span.ParentSpanID). Every other
    // reference is a link; the CHILD_OF chosen as parent is not repeated as one.
    std::vector<std::pair<TraceId, SpanId>>& ids = referenceIds;
    ids.clear();
    for (std::size_t i = 0; i < references.size(); ++i) {
        const Reference& r = references[i];
        auto at = [i](const char* field) {
            return "references[" + std::to_string(i) + "]" + field;
        };
        TraceId trace = span.traceId;
        if (r.hasTrace) {
            const auto parsed = traceIdOf(r.traceHex, error);
            if (!parsed) {
                reader.fail(at(".traceID"), error);
                return true;
            }
            trace = *parsed;
        }
        const auto parsed = parseJaegerSpanId(r.spanHex, error);
        if (!parsed) {
            reader.fail(at(r.spanHex.empty() ? "" : ".spanID"), error);
            return true;
        }
        ids.emplace_back(trace, *parsed);
    }
    std::optional<std::size_t> parent;
    for (std::size_t i = 0; i < references.size() && !parent; ++i)
        if (references[i].childOf && ids[i].first == span.traceId)
            parent = i;
    const bool parentIsChildOf = parent.has_value();
    for (std::size_t i = 0; i < references.size() && !parent; ++i)
        if (!references[i].childOf && ids[i].first == span.traceId)
            parent = i;
    if (parent)
        span.parentSpanId = ids[*parent].second;
    for (std::size_t i = 0; i < references.size(); ++i) {
        if (parentIsChildOf && references[i].childOf && ids[i] == ids[*parent])
            continue;
        span.links.push_back({ids[i].first,
                              ids[i].second,
                              {},
                              references[i].childOf ? kChildOfLink : kFollowsFromLink});
    }
    // Process: an inline "process" object, else the trace's processes by processID. A
    // processID the trace does not define leaves the service empty and is noted.
    const Process* process = nullptr;
    bool unknownProcess = false;
    if (hasInline) {
        if (!inlineProcess.error.empty()) {
            reader.fail("process", inlineProcess.error);
            return true;
        }
        process = &inlineProcess;
    } else if (!processId.empty()) {
        if (!processesError.empty()) {
            reader.fail("processID", processesError);
            return true;
        }
        const auto* it = processes.find(processId);
        if (!it) {
            unknownProcess = true;
        } else if (!it->second.error.empty()) {
            reader.fail("processID", "process \"" + it->first + "\": " + it->second.error);
            return true;
        } else {
            process = &it->second;
        }
    }

    if (!warnings.empty()) {
        warnings.push_back(']');
        attributes.append(firstAttribute ? "\"jaeger.warnings\":" : ",\"jaeger.warnings\":");
        attributes.append(warnings);
        firstAttribute = false;
    }
    if (!hasDuration) {
        attributes.append(firstAttribute ? "\"jaeger.missing_duration\":true"
                                         : ",\"jaeger.missing_duration\":true");
        firstAttribute = false;
    }
    if (unknownProcess) {
        attributes.append(firstAttribute ? "\"jaeger.unknown_process\":"
                                         : ",\"jaeger.unknown_process\":");
        jaegerAppendString(attributes, processId, false);
        firstAttribute = false;
    }
    attributes.push_back('}');
    span.attributesJson = attributes;

    if (process) {
        span.service = process->service;
        span.resourceJson = process->resourceJson;
    } else {
        span.resourceJson = "{}";
    }
    if (span.scopeName.empty()) {
        span.scopeName = libraryName;
        if (span.scopeVersion.empty())
            span.scopeVersion = libraryVersion;
    }
    if (errorTag)
        span.status = StatusCode::Error;
    else if (statusCode)
        span.status = *statusCode;

    std::optional<std::string_view> tenant;
    for (std::size_t slot = HotKeys::FirstTenant; slot < spanHot.size() && !tenant; ++slot)
        tenant = spanHot[slot];
    if (tenant)
        span.tenant = *tenant;
    else if (process && process->tenantRank != std::numeric_limits<std::size_t>::max())
        span.tenant = process->tenant;
    auto firstOf = [&](std::size_t a, std::size_t b) {
        return spanHot[a] ? *spanHot[a] : spanHot[b].value_or(std::string_view{});
    };
    span.correlationId = firstOf(HotKeys::CorrelationId, HotKeys::CorrelationDotId);
    span.errorCode = firstOf(HotKeys::ErrorDotCode, HotKeys::ErrorCode);

    sink.addSpan(span);
    emitted = true;
    return true;
}

void JaegerTraceMapper::State::mapSpan(std::string_view text, std::uint64_t offset,
                                       std::string_view tracePath, std::size_t index,
                                       RecordSink& sink) {
    resetSpan();
    auto reject = [&](const std::string& reason) {
        const std::string path = joinPath(tracePath, "spans[" + std::to_string(index) + "]");
        sink.reject({location(offset, path), reason});
    };
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
    JaegerValue root;
    JaegerType type;
    ondemand::object object;
    if (auto error = doc.get_value().get(root)) {
        reject(std::string("invalid JSON: ") + simdjson::error_message(error));
        return;
    }
    if (!reader.type(root, type)) {
        reject(std::string("invalid JSON: ") + simdjson::error_message(reader.fatal()));
        return;
    }
    if (type != JaegerType::object) {
        reject(std::string("expected a span object, got ") + jaegerTypeName(type));
        return;
    }
    if (auto error = root.get_object().get(object)) {
        reject(std::string("invalid JSON: ") + simdjson::error_message(error));
        return;
    }
    bool emitted = false;
    if (!mapSpanFields(object, sink, emitted)) {
        reject("invalid JSON at byte " + std::to_string(offset + offsetIn(doc, text.size())) +
               ": " + simdjson::error_message(reader.fatal()));
        return;
    }
    if (!emitted)
        reject(reader.recordError());
}

JaegerTraceMapper::JaegerTraceMapper(const ImportContext& context)
    : state_(std::make_unique<State>(context)) {}

JaegerTraceMapper::~JaegerTraceMapper() = default;

bool JaegerTraceMapper::State::stopRequested() {
    if (++spansSinceStopCheck < kSpansBetweenStopChecks)
        return false;
    spansSinceStopCheck = 0;
    return context.stop.stop_requested();
}

// Finds the trace's members, reads its processes, then maps its spans one by one. Returns
// false when the import was cancelled.
bool JaegerTraceMapper::State::readTrace(std::string_view json, std::size_t start,
                                         std::uint64_t fileOffset, std::string_view path,
                                         RecordSink& sink) {
    // One walk over the trace's members notes where its traceID, processes and spans are,
    // the spans one by one, so no byte of the trace is scanned twice.
    struct Range {
        std::size_t offset = 0;
        std::string_view value;
    };
    std::optional<Range> traceIdMember, processesMember, spansMember;
    spanRanges.clear();
    JsonStructureError walkError;
    const bool walked = JsonWalk::members(
        json, walkError, [&](std::string_view key, bool escaped, std::size_t offset) -> long {
            std::optional<Range>* slot = nullptr;
            if (escaped)
                return 0;
            if (key == "traceID")
                slot = &traceIdMember;
            else if (key == "processes")
                slot = &processesMember;
            else if (key == "spans")
                slot = &spansMember;
            if (!slot || slot->has_value())
                return 0;
            std::size_t end = 0;
            if (slot == &spansMember && json[offset] == '[') {
                const std::string_view rest = json.substr(offset);
                if (!JsonWalk::elements(
                        rest, walkError,
                        [&](const JsonWalk::Element& e) {
                            spanRanges.push_back({offset + e.offset, e.value.size()});
                            return true;
                        },
                        &end)) {
                    walkError.offset += offset;
                    return -1;
                }
                end += offset;
            } else if (!JsonWalk::valueEnd(json, offset, end, walkError)) {
                return -1;
            }
            *slot = Range{offset, json.substr(offset, end - offset)};
            return static_cast<long>(end);
        });
    if (!walked) {
        sink.reject({location(fileOffset + start, path),
                     "invalid JSON at byte " + std::to_string(fileOffset + walkError.offset) +
                         ": " + walkError.message});
        return true;
    }

    traceLevelTraceIdPresent = traceIdMember.has_value();
    traceLevelTraceId = traceIdMember ? plainString(traceIdMember->value) : std::nullopt;

    processes.clear();
    processesError.clear();
    if (processesMember) {
        std::string jsonError;
        if (!readProcesses(processesMember->value, jsonError)) {
            sink.reject(
                {location(fileOffset + processesMember->offset, joinPath(path, "processes")),
                 "invalid JSON: " + jsonError});
            return true;
        }
    }

    if (!spansMember) {
        sink.reject({location(fileOffset + start, path), "missing spans (not a Jaeger trace)"});
        return true;
    }
    if (spansMember->value == "null")
        return true;
    if (spansMember->value.front() != '[') {
        sink.reject(
            {location(fileOffset + spansMember->offset, joinPath(path, "spans")),
             std::string("expected an array of spans, got ") + jsonKindAt(spansMember->value[0])});
        return true;
    }
    for (std::size_t index = 0; index < spanRanges.size();) {
        // The span objects from here on that fit in kRunBytes are parsed as one run.
        const std::size_t runStart = spanRanges[index].first;
        std::size_t end = index;
        while (end < spanRanges.size() && json[spanRanges[end].first] == '{' &&
               spanRanges[end].first + spanRanges[end].second - runStart <= kRunBytes)
            ++end;
        std::size_t done = 0;
        if (end - index > 1) {
            bool cancelled = false;
            done = mapRun(json, index, end, fileOffset, path, sink, cancelled);
            if (cancelled)
                return false;
        }
        // The rest of the run (from a broken span on), or a span that is not in one.
        const std::size_t stop = std::max(end, index + 1);
        for (std::size_t k = index + done; k < stop; ++k) {
            if (stopRequested())
                return false;
            const auto [offset, size] = spanRanges[k];
            mapSpan(json.substr(offset, size), fileOffset + offset, path, k, sink);
        }
        index = stop;
    }
    return true;
}

// Maps spans [from, to) of the trace, span objects that follow one another in `json`, in
// one parse: parsing each small span on its own costs more in setting the parse up than
// in reading the span. Stops at the first span whose JSON is broken and returns how many
// were mapped: the caller maps the rest one by one (mapSpan), which says what is wrong
// and where, exactly as if the run had never been tried.
std::size_t JaegerTraceMapper::State::mapRun(std::string_view json, std::size_t from,
                                             std::size_t to, std::uint64_t fileOffset,
                                             std::string_view tracePath, RecordSink& sink,
                                             bool& cancelled) {
    const std::size_t runStart = spanRanges[from].first;
    const std::size_t runEnd = spanRanges[to - 1].first + spanRanges[to - 1].second;
    const std::string_view text = json.substr(runStart, runEnd - runStart);
    // '[' + the spans and the commas between them + ']', then simdjson's padding.
    const std::size_t size = text.size() + 2;
    if (run.size() < size + simdjson::SIMDJSON_PADDING)
        run.resize(size + simdjson::SIMDJSON_PADDING);
    run[0] = '[';
    std::memcpy(run.data() + 1, text.data(), text.size());
    run[size - 1] = ']';
    std::memset(run.data() + size, 0, simdjson::SIMDJSON_PADDING);
    ondemand::document doc;
    ondemand::array array;
    // Any error in the run (invalid UTF-8 anywhere in it, for one) leaves it to mapSpan.
    if (parser.iterate(run.data(), size, run.size()).get(doc) || doc.get_array().get(array))
        return 0;
    base = run.data();
    std::size_t done = 0;
    for (auto elementResult : array) {
        if (from + done == to)
            return done;
        if (stopRequested()) {
            cancelled = true;
            return done;
        }
        ondemand::value element;
        ondemand::object object;
        if (std::move(elementResult).get(element) || element.get_object().get(object))
            return done;
        resetSpan();
        bool emitted = false;
        if (!mapSpanFields(object, sink, emitted))
            return done; // broken: mapSpan reads it again on its own and says where
        if (!emitted) {
            const std::size_t index = from + done;
            const std::string path = joinPath(tracePath, "spans[" + std::to_string(index) + "]");
            sink.reject(
                {location(fileOffset + spanRanges[index].first, path), reader.recordError()});
        }
        ++done;
    }
    return done;
}

bool JaegerTraceMapper::mapTrace(std::string_view json, std::uint64_t fileOffset,
                                 std::string_view path, RecordSink& sink) {
    State& s = *state_;
    s.releaseIfHuge();
    const std::size_t start = JsonWalk::skipSpace(json, 0);
    if (start >= json.size() || json[start] != '{') {
        sink.reject({location(fileOffset + start, path),
                     std::string("expected a trace object, got ") +
                         (start < json.size() ? jsonKindAt(json[start]) : "nothing")});
        return true;
    }
    return s.readTrace(json, start, fileOffset, path, sink);
}

} // namespace casebook
