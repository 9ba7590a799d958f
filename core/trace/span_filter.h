#pragma once
// The waterfall's search box takes words to find or an expression of the filter
// language (docs/filters.md); an expression runs in SQL over the trace's spans, so that
// attributes, which the trace model does not hold, can be searched too.

#include "core/filter/filter.h"
#include "core/model/ids.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace casebook {

// True when the text holds a comparison (`==`, `!=`, `<`, `>`, `~`, `=`) outside quotes:
// then it is meant as a filter, and a syntax error in it is shown, not searched for.
bool looksLikeFilter(std::string_view text);

// Row ids (spans.id) of the spans of one trace in scope that `filter` selects. The
// scope's time window is not applied: the trace is shown whole.
std::vector<std::int64_t> filterTraceSpans(Workspace& ws, const Scope& scope, const TraceId& trace,
                                           const CompiledFilter& filter);

} // namespace casebook
