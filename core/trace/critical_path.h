#pragma once
// The critical path of a trace: walking back from the end of the main root, the child
// that finished last, then the child that finished last before that one started, and
// so on, into each chosen child the same way. The result is a list of time segments
// that tile the root's interval, each owned by the span that was running on the path.

#include "core/trace/trace_model.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace casebook {

struct CriticalSegment {
    SpanIndex span = kNoSpan;
    std::int64_t fromNs = 0;
    std::int64_t toNs = 0;
    friend bool operator==(const CriticalSegment&, const CriticalSegment&) = default;
};

struct ServiceCriticalTime {
    std::uint32_t serviceIndex = 0; // into TraceModel::strings()
    std::int64_t ns = 0;
};

struct CriticalPath {
    std::vector<CriticalSegment> segments;      // in time order, not overlapping
    std::vector<ServiceCriticalTime> byService; // most critical time first
    std::vector<SpanIndex> spans;               // spans with a segment, ascending
    std::int64_t totalNs() const;
    bool contains(SpanIndex span) const;
};

// Children ending at the same time: the one that started first is taken (it held the
// parent longest), then the earlier in tree order. A child that outlives the cursor is
// clipped to it; one that starts before its window is clipped to the window.
CriticalPath criticalPath(const TraceModel& model);
CriticalPath criticalPath(const TraceModel& model, SpanIndex root);

// Navigation. A segment "at" t has from <= t < to. Next: the first segment starting
// after t; previous: the last one ending at or before t.
std::optional<std::size_t> segmentAt(const CriticalPath& path, std::int64_t timeNs);
std::optional<std::size_t> nextSegment(const CriticalPath& path, std::int64_t timeNs);
std::optional<std::size_t> previousSegment(const CriticalPath& path, std::int64_t timeNs);
// From a span: relative to its first segment when it is on the path, else to its start.
std::optional<std::size_t> nextSegment(const CriticalPath& path, const TraceModel& model,
                                       SpanIndex span);
std::optional<std::size_t> previousSegment(const CriticalPath& path, const TraceModel& model,
                                           SpanIndex span);

} // namespace casebook
