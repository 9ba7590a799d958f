#include "core/trace/span_filter.h"

#include "core/query/scoped_query.h"

#include <stdexcept>

namespace casebook {

bool looksLikeFilter(std::string_view text) {
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && quoted) {
            ++i;
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '=' || c == '<' || c == '>' || c == '~' ||
                             (c == '!' && i + 1 < text.size() && text[i + 1] == '=')))
            return true;
    }
    return false;
}

std::vector<std::int64_t> filterTraceSpans(Workspace& ws, const Scope& scope, const TraceId& trace,
                                           const CompiledFilter& filter) {
    if (filter.target != FilterTarget::Spans)
        throw std::invalid_argument("filterTraceSpans needs a filter compiled for spans");
    ScopedQuery q("SELECT s.id FROM spans s");
    q.applyScope(scope, "s", ""); // no time column: the trace is shown whole
    q.where("s.trace_id = ?", std::vector<std::uint8_t>(trace.bytes.begin(), trace.bytes.end()));
    q.where(filter.sql, filter.values);
    auto st = q.prepare(ws.db());
    std::vector<std::int64_t> rows;
    while (st.step())
        rows.push_back(st.int64(0));
    return rows;
}

} // namespace casebook
