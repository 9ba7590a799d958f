#pragma once
// What the signal mappers share while one request or resource block is read: the JSON
// reader, the records waiting for the block to finish, the path used in rejection
// locations, and reused scratch buffers. Internal to the plugin.

#include "core/model/records.h"
#include "plugins/otlp/otlp_json_reader.h"
#include "plugins/otlp/otlp_text_arena.h"

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace casebook {

template <typename Record> struct OtlpPending {
    Record record;
    bool ownTenant = false; // the tenant came from the record's attributes, not its resource
};

// Records wait here until the JSON they came from has been read to its end.
template <typename Record> class OtlpPendingList {
public:
    // A cleared record, reusing a previous one's vectors so steady state does not allocate.
    OtlpPending<Record>& add() {
        if (count_ == items_.size())
            items_.emplace_back();
        OtlpPending<Record>& item = items_[count_++];
        if constexpr (std::is_same_v<Record, SpanRecord>) {
            auto events = std::move(item.record.events);
            auto links = std::move(item.record.links);
            events.clear();
            links.clear();
            item.record = Record{};
            item.record.events = std::move(events);
            item.record.links = std::move(links);
        } else {
            item.record = Record{};
        }
        item.ownTenant = false;
        return item;
    }
    void dropLast() { --count_; }
    void truncate(std::size_t count) { count_ = count; }
    void clear() { count_ = 0; }
    std::size_t size() const { return count_; }
    OtlpPending<Record>& operator[](std::size_t i) { return items_[i]; }

private:
    std::vector<OtlpPending<Record>> items_;
    std::size_t count_ = 0;
};

// The position of the record being read, as a JSON path plus where it starts.
class OtlpPath {
public:
    void push(std::string_view name, std::size_t index, const char* start) {
        levels_[depth_++] = {name, index, start};
    }
    void pop() { --depth_; }
    const char* start() const { return depth_ ? levels_[depth_ - 1].start : nullptr; }
    // "resourceSpans[0].scopeSpans[1].spans[4]"
    void appendTo(std::string& out) const;

private:
    struct Level {
        std::string_view name;
        std::size_t index = 0;
        const char* start = nullptr;
    };
    std::array<Level, 8> levels_{};
    std::size_t depth_ = 0;
};

// One level of an OtlpPath for as long as the element at it is being read.
class OtlpPathScope {
public:
    OtlpPathScope(OtlpPath& path, std::string_view name, std::size_t index, OtlpValue& value)
        : path_(path) {
        path_.push(name, index, value.raw_json_token().data());
    }
    ~OtlpPathScope() { path_.pop(); }
    OtlpPathScope(const OtlpPathScope&) = delete;
    OtlpPathScope& operator=(const OtlpPathScope&) = delete;

private:
    OtlpPath& path_;
};

struct OtlpMappingState {
    explicit OtlpMappingState(const std::vector<std::string>& tenantKeys)
        : hotKeys(tenantKeys), reader(arena) {}

    OtlpHotKeys hotKeys;
    OtlpTextArena arena;
    OtlpJsonReader reader;

    // Locations: "line N: <path>" for JSON lines; "byte N: <path>" for a document, N being
    // where the rejected element starts in the file.
    bool lineMode = true;
    std::string lineLabel;
    const char* buffer = nullptr; // start of the parsed text
    std::uint64_t baseOffset = 0; // its offset in the file
    OtlpPath path;

    OtlpPendingList<SpanRecord> spans;
    OtlpPendingList<LogRecord> logs;
    OtlpPendingList<MetricPoint> points;
    std::vector<std::pair<std::string, std::string>> rejections;

    // Scratch text, reused from record to record.
    std::string attributes, eventAttributes, body, resourceAttributes, bounds, counts, positive,
        negative, buckets;
    OtlpHotValues recordHot, resourceHot;

    std::string location() const;
    // Rejects the element at the current path with the reader's record error, or `reason`.
    void reject(std::string reason);
    void rejectRecord() { reject(reader.recordError()); }
    // Starts reading the element at the current path as a record: the previous record's
    // error is cleared and the element opened as an object. Anything else is rejected at
    // once and leaves `opened` false. Returns false only when the JSON is broken.
    bool enterRecordObject(OtlpValue& value, simdjson::ondemand::object& object, bool& opened) {
        reader.clearRecordError();
        if (!reader.openObject(value, {}, object, opened))
            return false;
        if (!opened)
            rejectRecord();
        return true;
    }
    // Keeps JSON text for the records; empty text (no attributes) becomes "{}".
    std::string_view keepObject(const std::string& text) {
        return text.empty() ? std::string_view("{}") : arena.keep(text);
    }
    // The tenant, correlation id and error code found on a record's attributes.
    template <typename Record> void applyRecordHot(OtlpPending<Record>& pending);
};

// Where a block's records start, to patch or drop them as a group.
struct OtlpMarks {
    std::size_t spans, logs, points, rejections;
    explicit OtlpMarks(const OtlpMappingState& state)
        : spans(state.spans.size()), logs(state.logs.size()), points(state.points.size()),
          rejections(state.rejections.size()) {}
    void dropSince(OtlpMappingState& state) const {
        state.spans.truncate(spans);
        state.logs.truncate(logs);
        state.points.truncate(points);
        state.rejections.resize(rejections);
    }
};

template <typename Record> void OtlpMappingState::applyRecordHot(OtlpPending<Record>& pending) {
    if (auto tenant = recordHot.firstFrom(OtlpHotKeys::FirstTenant)) {
        pending.record.tenant = *tenant;
        pending.ownTenant = true;
    }
    if constexpr (!std::is_same_v<Record, MetricPoint>) {
        auto errorCode = recordHot.at(OtlpHotKeys::ErrorDotCode);
        if (!errorCode)
            errorCode = recordHot.at(OtlpHotKeys::ErrorCode);
        pending.record.errorCode = errorCode.value_or(std::string_view{});
    }
    if constexpr (std::is_same_v<Record, SpanRecord>) {
        auto correlation = recordHot.at(OtlpHotKeys::CorrelationId);
        if (!correlation)
            correlation = recordHot.at(OtlpHotKeys::CorrelationDotId);
        pending.record.correlationId = correlation.value_or(std::string_view{});
    }
}

// The signal mappers. Each reads one element of its array at the current path and adds
// a pending record or a rejection. They return false only when the JSON is broken.
bool otlpMapSpan(OtlpMappingState& state, OtlpValue& value, std::size_t index);
bool otlpMapLogRecord(OtlpMappingState& state, OtlpValue& value, std::size_t index);
bool otlpMapMetric(OtlpMappingState& state, OtlpValue& value, std::size_t index);

} // namespace casebook
