#include "plugins/otlp/otlp_records.h"

#include "plugins/otlp/otlp_mapping_state.h"

#include <cstring>
#include <vector>

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;

std::string_view scopeKey(OtlpSignal signal) {
    switch (signal) {
    case OtlpSignal::Spans:
        return "scopeSpans";
    case OtlpSignal::Logs:
        return "scopeLogs";
    case OtlpSignal::Metrics:
        return "scopeMetrics";
    }
    return {};
}

std::string_view recordsKey(OtlpSignal signal) {
    switch (signal) {
    case OtlpSignal::Spans:
        return "spans";
    case OtlpSignal::Logs:
        return "logRecords";
    case OtlpSignal::Metrics:
        return "metrics";
    }
    return {};
}

bool signalFromKey(std::string_view key, OtlpSignal& signal) {
    for (OtlpSignal s : {OtlpSignal::Spans, OtlpSignal::Logs, OtlpSignal::Metrics}) {
        if (otlpResourceKey(s) == key) {
            signal = s;
            return true;
        }
    }
    return false;
}

// The "scope" member of a scope block: {"name":..., "version":...}.
bool readScope(OtlpJsonReader& reader, OtlpValue& value, std::string_view& name,
               std::string_view& version) {
    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key == "name")
            return reader.readString(v, key, name);
        if (key == "version")
            return reader.readString(v, key, version);
        return true;
    };
    return reader.forEachFieldOf(value, "scope", each);
}

// The "resource" member of a resource block; only its attributes are kept.
bool readResource(OtlpMappingState& state, OtlpValue& value) {
    auto each = [&](std::string_view key, OtlpValue& v) {
        if (key != "attributes")
            return true;
        state.resourceAttributes.clear();
        state.resourceHot.reset(state.hotKeys.size());
        return state.reader.appendAttributes(v, "attributes", state.resourceAttributes,
                                             &state.hotKeys, &state.resourceHot);
    };
    return state.reader.forEachFieldOf(value, "resource", each);
}

bool mapScope(OtlpMappingState& state, OtlpSignal signal, OtlpValue& value, std::size_t index) {
    OtlpJsonReader& reader = state.reader;
    const OtlpPathScope at(state.path, scopeKey(signal), index, value);
    ondemand::object object;
    bool opened = false;
    if (!state.enterRecordObject(value, object, opened))
        return false;
    if (!opened)
        return true;

    const OtlpMarks marks(state);
    std::string_view scopeName, scopeVersion;
    auto eachRecord = [&](OtlpValue& item, std::size_t i) {
        switch (signal) {
        case OtlpSignal::Spans:
            return otlpMapSpan(state, item, i);
        case OtlpSignal::Logs:
            return otlpMapLogRecord(state, item, i);
        case OtlpSignal::Metrics:
            return otlpMapMetric(state, item, i);
        }
        return true;
    };
    auto eachField = [&](std::string_view key, OtlpValue& v) {
        if (key == "scope")
            return readScope(reader, v, scopeName, scopeVersion);
        if (key == recordsKey(signal))
            return reader.forEachElement(v, key, eachRecord);
        return true;
    };
    if (!reader.forEachField(object, eachField))
        return false;
    if (reader.recordFailed()) {
        marks.dropSince(state);
        state.rejectRecord();
        return true;
    }
    for (std::size_t i = marks.spans; i < state.spans.size(); ++i) {
        state.spans[i].record.scopeName = scopeName;
        state.spans[i].record.scopeVersion = scopeVersion;
    }
    for (std::size_t i = marks.logs; i < state.logs.size(); ++i)
        state.logs[i].record.scopeName = scopeName;
    return true;
}

// One element of resourceSpans / resourceLogs / resourceMetrics. The resource may come
// after its scopes in the input, so service, tenant and resource JSON are applied to
// the block's records once the whole element has been read.
bool mapResource(OtlpMappingState& state, OtlpSignal signal, OtlpValue& value, std::size_t index) {
    OtlpJsonReader& reader = state.reader;
    const OtlpPathScope at(state.path, otlpResourceKey(signal), index, value);
    ondemand::object object;
    bool opened = false;
    if (!state.enterRecordObject(value, object, opened))
        return false;
    if (!opened)
        return true;

    const OtlpMarks marks(state);
    state.resourceAttributes.clear();
    state.resourceHot.reset(state.hotKeys.size());
    auto eachScope = [&](OtlpValue& item, std::size_t i) {
        return mapScope(state, signal, item, i);
    };
    auto eachField = [&](std::string_view key, OtlpValue& v) {
        if (key == "resource")
            return readResource(state, v);
        if (key == scopeKey(signal))
            return reader.forEachElement(v, key, eachScope);
        return true;
    };
    if (!reader.forEachField(object, eachField))
        return false;
    if (reader.recordFailed()) {
        // Without its resource a record has no service or tenant: the block goes as one.
        marks.dropSince(state);
        state.rejectRecord();
        return true;
    }

    const std::string_view resourceJson = state.keepObject(state.resourceAttributes);
    const std::string_view service =
        state.resourceHot.at(OtlpHotKeys::ServiceName).value_or(std::string_view{});
    const std::string_view tenant =
        state.resourceHot.firstFrom(OtlpHotKeys::FirstTenant).value_or(std::string_view{});
    auto apply = [&](auto& pending) {
        pending.record.service = service;
        pending.record.resourceJson = resourceJson;
        if (!pending.ownTenant)
            pending.record.tenant = tenant;
    };
    for (std::size_t i = marks.spans; i < state.spans.size(); ++i)
        apply(state.spans[i]);
    for (std::size_t i = marks.logs; i < state.logs.size(); ++i)
        apply(state.logs[i]);
    for (std::size_t i = marks.points; i < state.points.size(); ++i)
        apply(state.points[i]);
    return true;
}

bool mapRequestObject(OtlpMappingState& state, OtlpValue& root) {
    OtlpJsonReader& reader = state.reader;
    ondemand::object object;
    if (auto error = root.get_object().get(object))
        return reader.failFatal(error);
    auto eachField = [&](std::string_view key, OtlpValue& v) {
        OtlpSignal signal;
        if (!signalFromKey(key, signal))
            return true; // unknown members are ignored
        auto eachResource = [&](OtlpValue& item, std::size_t i) {
            return mapResource(state, signal, item, i);
        };
        reader.clearRecordError();
        if (!reader.forEachElement(v, key, eachResource))
            return false;
        if (reader.recordFailed())
            state.rejectRecord();
        return true;
    };
    return reader.forEachField(object, eachField);
}

} // namespace

void OtlpPath::appendTo(std::string& out) const {
    for (std::size_t i = 0; i < depth_; ++i) {
        if (i > 0)
            out.push_back('.');
        out.append(levels_[i].name);
        out.push_back('[');
        out.append(std::to_string(levels_[i].index));
        out.push_back(']');
    }
}

std::string OtlpMappingState::location() const {
    std::string out;
    if (lineMode) {
        out = lineLabel;
    } else {
        const char* start = path.start();
        const std::uint64_t offset =
            baseOffset + (start && buffer ? static_cast<std::uint64_t>(start - buffer) : 0);
        out = "byte " + std::to_string(offset);
    }
    std::string where;
    path.appendTo(where);
    if (!where.empty()) {
        out.append(": ");
        out.append(where);
    }
    return out;
}

void OtlpMappingState::reject(std::string reason) {
    rejections.emplace_back(location(), std::move(reason));
    reader.clearRecordError();
}

struct OtlpRecordMapper::Parser {
    ondemand::parser parser;
    // Each text is copied into this reused buffer, followed by the zeroed padding that
    // simdjson reads past the end; the file buffer itself has no room for it.
    std::vector<char> padded;
};

OtlpRecordMapper::OtlpRecordMapper(const ImportContext& context)
    : parser_(std::make_unique<Parser>()),
      state_(std::make_unique<OtlpMappingState>(context.tenantKeys)) {}

OtlpRecordMapper::~OtlpRecordMapper() = default;

std::optional<OtlpRecordMapper::JsonError>
OtlpRecordMapper::mapRequest(std::string_view json, std::string_view location, RecordSink& sink) {
    state_->lineMode = true;
    state_->lineLabel.assign(location);
    state_->baseOffset = 0;
    return parse(json, sink, true, OtlpSignal::Spans, 0);
}

std::optional<OtlpRecordMapper::JsonError>
OtlpRecordMapper::mapResourceBlock(OtlpSignal signal, std::size_t index, std::uint64_t fileOffset,
                                   std::string_view json, RecordSink& sink) {
    state_->lineMode = false;
    state_->lineLabel.clear();
    state_->baseOffset = fileOffset;
    return parse(json, sink, false, signal, index);
}

std::optional<OtlpRecordMapper::JsonError>
OtlpRecordMapper::parse(std::string_view json, RecordSink& sink, bool wholeRequest,
                        OtlpSignal signal, std::size_t index) {
    OtlpMappingState& state = *state_;
    state.spans.clear();
    state.logs.clear();
    state.points.clear();
    state.rejections.clear();
    state.arena.clear();
    state.reader.clearErrors();

    auto& padded = parser_->padded;
    const std::size_t capacity = json.size() + simdjson::SIMDJSON_PADDING;
    if (padded.size() < capacity)
        padded.resize(capacity);
    std::memcpy(padded.data(), json.data(), json.size());
    std::memset(padded.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    state.buffer = padded.data();

    auto offsetOf = [&](ondemand::document& doc) -> std::size_t {
        const char* where = nullptr;
        if (doc.current_location().get(where) || where < padded.data())
            return json.size(); // past the end: the text stopped early
        return static_cast<std::size_t>(where - padded.data());
    };

    ondemand::document doc;
    if (auto error = parser_->parser.iterate(padded.data(), json.size(), padded.size()).get(doc))
        return JsonError{simdjson::error_message(error), std::nullopt};
    OtlpValue root;
    const auto rootError = doc.get_value().get(root);
    if (rootError == simdjson::SCALAR_DOCUMENT_AS_VALUE)
        return JsonError{"expected a JSON object (an OTLP export request), found a single value",
                         std::nullopt, false};
    if (rootError)
        return JsonError{simdjson::error_message(rootError), offsetOf(doc)};

    bool ok = true;
    if (wholeRequest) {
        OtlpType type;
        if (!state.reader.type(root, type))
            return JsonError{simdjson::error_message(state.reader.fatal()), offsetOf(doc)};
        if (type != OtlpType::object)
            return JsonError{std::string("expected a JSON object (an OTLP export request), got ") +
                                 otlpTypeName(type),
                             std::nullopt, false};
        ok = mapRequestObject(state, root);
    } else {
        ok = mapResource(state, signal, root, index);
    }
    if (!ok)
        return JsonError{simdjson::error_message(state.reader.fatal()), offsetOf(doc)};
    const char* trailing = nullptr;
    if (!doc.current_location().get(trailing))
        return JsonError{"unexpected data after the JSON value",
                         static_cast<std::size_t>(trailing - padded.data())};

    for (std::size_t i = 0; i < state.spans.size(); ++i)
        sink.addSpan(state.spans[i].record);
    for (std::size_t i = 0; i < state.logs.size(); ++i)
        sink.addLog(state.logs[i].record);
    for (std::size_t i = 0; i < state.points.size(); ++i)
        sink.addMetricPoint(state.points[i].record);
    for (const auto& [location, reason] : state.rejections)
        sink.reject({location, reason});
    return std::nullopt;
}

} // namespace casebook
