#pragma once

#include "core/filter/filter.h"
#include "core/model/ids.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

struct TraceSummary {
    TraceId traceId;
    std::string tenant;
    std::string rootService;
    std::string rootOperation;
    std::int64_t startNs = 0;
    std::int64_t durationNs = 0; // last end - first start
    std::int64_t spans = 0;
    std::int64_t errors = 0;
    std::int64_t services = 0;
};

// Start and Duration use an index; the counts sort the scope's summaries (one row a
// trace, not a span).
enum class TraceSort { Start, Duration, Spans, Errors, Services };

struct TraceQuery {
    std::optional<std::string> service;   // any span of the trace in this service
    std::optional<std::string> operation; // any span with this operation name
    std::optional<std::int64_t> minDurationNs;
    bool errorsOnly = false;
    // compileFilter(text, FilterTarget::Traces); ANDed with the fields above.
    std::optional<CompiledFilter> filter;
    TraceSort sort = TraceSort::Start;
    bool descending = true;
    std::int64_t limit = 100;
    std::int64_t offset = 0;
};

std::vector<TraceSummary> listTraces(Workspace& ws, const Scope& scope, const TraceQuery& query);

struct TraceSpan {
    SpanId spanId;
    std::optional<SpanId> parentSpanId;
    std::string service;
    std::string operation;
    int kind = 0;
    int status = 0;
    std::string statusMessage;
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
    std::int64_t selfNs = 0; // duration not covered by children
    int depth = 0;
    bool critical = false; // on the critical path of the trace
    std::string attributesJson;
};

// Spans of one trace in depth-first tree order (children by start time). Orphans
// (parent not in the trace) are roots. Empty when the trace is not in scope.
std::vector<TraceSpan> traceTree(Workspace& ws, const Scope& scope, const TraceId& traceId);

// Depth, self time and critical-path flags for spans given in any order; the result is
// in tree order. Iterative, so a million spans or a chain a million deep is fine.
std::vector<TraceSpan> arrangeTrace(std::vector<TraceSpan> spans);

} // namespace casebook
