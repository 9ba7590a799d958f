#pragma once
// The spans of one trace, compact enough for a million of them, in the shape a
// virtualized waterfall needs: spans stored in depth-first tree order (children by
// start time), so span index == tree position and a subtree is the index range
// [i, subtreeEnd(i)). Attributes, events and links are not held; spanDetails()
// fetches them for one span when it is selected.

#include "core/model/ids.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

using SpanIndex = std::uint32_t;
inline constexpr SpanIndex kNoSpan = 0xFFFFFFFFu;

// Data-quality marks, also counted by traceQuality().
enum SpanFlag : std::uint8_t {
    kSpanError = 1u << 0,              // status code Error
    kSpanOrphan = 1u << 1,             // has a parent id that is not in the trace
    kSpanDuplicateId = 1u << 2,        // another span of the trace has the same id
    kSpanStartsBeforeParent = 1u << 3, // clock skew
    kSpanEndsAfterParent = 1u << 4,    // clock skew
    kSpanEndBeforeStart = 1u << 5,
    kSpanCycle = 1u << 6, // its ancestors loop back to it; cut here and made a root
};

// One span as a producer hands it over (fixtures, the workspace loader).
struct SpanInput {
    SpanId spanId;
    std::optional<SpanId> parentSpanId;
    std::string_view service;
    std::string_view name;
    std::string_view statusMessage;
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
    int status = 0;         // OTLP StatusCode
    int kind = 0;           // OTLP SpanKind
    std::int64_t rowId = 0; // spans.id in the workspace, 0 when not from one
};

class TraceModel {
public:
    TraceModel() = default;

    // Builds the tree from spans in any order; strings are copied into the model.
    static TraceModel fromSpans(const std::vector<SpanInput>& spans, TraceId traceId = {});

    // The trace as `scope` sees it, in one query and without attribute JSON. Empty when
    // the trace is not in scope.
    static TraceModel load(Workspace& ws, const Scope& scope, const TraceId& traceId);

    std::size_t size() const { return start_.size(); }
    bool empty() const { return start_.empty(); }
    const TraceId& traceId() const { return traceId_; }

    std::int64_t startNs(SpanIndex i) const { return start_[i]; }
    std::int64_t endNs(SpanIndex i) const { return end_[i]; }
    // end - start, 0 when the end is before the start.
    std::int64_t durationNs(SpanIndex i) const {
        return end_[i] > start_[i] ? end_[i] - start_[i] : 0;
    }
    // Duration not covered by the union of the children's intervals (clipped to the span).
    std::int64_t selfNs(SpanIndex i) const { return self_[i]; }
    SpanIndex parent(SpanIndex i) const { return parent_[i]; }
    SpanIndex subtreeEnd(SpanIndex i) const { return subtreeEnd_[i]; }
    bool hasChildren(SpanIndex i) const { return subtreeEnd_[i] > i + 1; }
    // Children of p in start order: firstChild(p), then nextSibling(c) until kNoSpan.
    SpanIndex firstChild(SpanIndex p) const { return hasChildren(p) ? p + 1 : kNoSpan; }
    SpanIndex nextSibling(SpanIndex c) const {
        const SpanIndex limit = parent_[c] == kNoSpan ? SpanIndex(size()) : subtreeEnd_[parent_[c]];
        return subtreeEnd_[c] < limit ? subtreeEnd_[c] : kNoSpan;
    }
    std::uint32_t depth(SpanIndex i) const { return depth_[i]; }
    std::uint32_t serviceIndex(SpanIndex i) const { return service_[i]; }
    std::uint32_t nameIndex(SpanIndex i) const { return name_[i]; }
    std::string_view service(SpanIndex i) const { return strings_[service_[i]]; }
    std::string_view name(SpanIndex i) const { return strings_[name_[i]]; }
    std::string_view statusMessage(SpanIndex i) const { return strings_[message_[i]]; }
    std::uint32_t statusMessageIndex(SpanIndex i) const { return message_[i]; }
    int status(SpanIndex i) const { return status_[i]; }
    int kind(SpanIndex i) const { return kind_[i]; }
    std::uint8_t flags(SpanIndex i) const { return flags_[i]; }
    bool isError(SpanIndex i) const { return (flags_[i] & kSpanError) != 0; }
    const SpanId& spanId(SpanIndex i) const { return spanId_[i]; }
    std::int64_t rowId(SpanIndex i) const { return rowId_[i]; }

    // Interned strings (services, names, status messages); index 0 is "".
    const std::vector<std::string>& strings() const { return strings_; }
    // Roots in start order; the first one of longest duration is the main root.
    const std::vector<SpanIndex>& roots() const { return roots_; }
    SpanIndex mainRoot() const { return mainRoot_; }

    // Heap bytes held by the model (capacity, not size), for the memory budget.
    std::size_t memoryBytes() const;

private:
    friend class TraceModelBuilder;
    TraceId traceId_;
    std::vector<std::int64_t> start_, end_, self_;
    std::vector<SpanIndex> parent_, subtreeEnd_;
    std::vector<std::uint32_t> depth_, service_, name_, message_;
    std::vector<std::uint8_t> status_, kind_, flags_;
    std::vector<SpanId> spanId_;
    std::vector<std::int64_t> rowId_;
    std::vector<std::string> strings_;
    std::vector<SpanIndex> roots_;
    SpanIndex mainRoot_ = kNoSpan;
};

// What the details pane shows for one span, fetched when it is selected.
struct SpanEventDetail {
    std::int64_t timeNs = 0;
    std::string name;
    std::string attributesJson;
};
struct SpanLinkDetail {
    TraceId traceId;
    SpanId spanId;
    std::string traceState;
    std::string attributesJson;
};
struct SpanDetails {
    std::string attributesJson;
    std::string resourceAttributesJson; // "{}" when the span has no resource
    std::string statusMessage;
    std::vector<SpanEventDetail> events; // in time order
    std::vector<SpanLinkDetail> links;
};

// nullopt when the span is not in the trace as `scope` sees it. With duplicate span
// ids the first stored row wins, as in the model.
std::optional<SpanDetails> spanDetails(Workspace& ws, const Scope& scope, const TraceId& traceId,
                                       const SpanId& spanId);

} // namespace casebook
