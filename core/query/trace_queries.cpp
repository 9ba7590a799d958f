#include "core/query/trace_queries.h"

#include "core/query/scoped_query.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace casebook {

std::vector<TraceSummary> listTraces(Workspace& ws, const Scope& scope, const TraceQuery& query) {
    ScopedQuery q(
        "SELECT t.trace_id, tn.name, coalesce(sv.name, ''), coalesce(t.root_name, ''), t.start_ns, "
        "t.duration_ns, t.span_count, t.error_count, t.service_count FROM traces t "
        "JOIN tenants tn ON tn.id = t.tenant_id LEFT JOIN services sv ON sv.id = "
        "t.root_service_id");
    q.applyScope(scope, "t", "start_ns");
    if (query.service)
        q.where("EXISTS (SELECT 1 FROM spans s JOIN services ss ON ss.id = s.service_id WHERE "
                "s.trace_id = t.trace_id AND s.tenant_id = t.tenant_id AND ss.name = ?)",
                *query.service);
    if (query.operation)
        q.where("EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.trace_id AND s.tenant_id = "
                "t.tenant_id "
                "AND s.name = ?)",
                *query.operation);
    if (query.minDurationNs)
        q.where("t.duration_ns >= ?", *query.minDurationNs);
    if (query.errorsOnly)
        q.where("t.error_count > 0");
    if (query.filter) {
        if (query.filter->target != FilterTarget::Traces)
            throw std::invalid_argument("listTraces needs a filter compiled for traces");
        q.where(query.filter->sql, query.filter->values);
    }
    const char* column = query.sort == TraceSort::Duration   ? "t.duration_ns"
                         : query.sort == TraceSort::Spans    ? "t.span_count"
                         : query.sort == TraceSort::Errors   ? "t.error_count"
                         : query.sort == TraceSort::Services ? "t.service_count"
                                                             : "t.start_ns";
    q.append(std::string("ORDER BY ") + column + (query.descending ? " DESC" : " ASC") +
             ", t.trace_id LIMIT ? OFFSET ?");
    q.bindValue(query.limit).bindValue(query.offset);
    auto st = q.prepare(ws.db());
    std::vector<TraceSummary> out;
    while (st.step()) {
        TraceSummary t;
        const auto id = st.blob(0);
        std::copy_n(id.begin(), std::min<std::size_t>(id.size(), 16), t.traceId.bytes.begin());
        t.tenant = st.text(1);
        t.rootService = st.text(2);
        t.rootOperation = st.text(3);
        t.startNs = st.int64(4);
        t.durationNs = st.int64(5);
        t.spans = st.int64(6);
        t.errors = st.int64(7);
        t.services = st.int64(8);
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<TraceSpan> arrangeTrace(std::vector<TraceSpan> spans) {
    const std::size_t n = spans.size();
    std::unordered_map<std::string, std::size_t> byId;
    byId.reserve(n);
    auto key = [](const SpanId& id) { return std::string(id.bytes.begin(), id.bytes.end()); };
    for (std::size_t i = 0; i < n; ++i)
        byId.emplace(key(spans[i].spanId), i);

    std::vector<std::vector<std::size_t>> children(n);
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& parent = spans[i].parentSpanId;
        const auto it = parent ? byId.find(key(*parent)) : byId.end();
        if (it == byId.end() || it->second == i)
            roots.push_back(i);
        else
            children[it->second].push_back(i);
    }
    auto byStart = [&](std::size_t a, std::size_t b) {
        return spans[a].startNs != spans[b].startNs ? spans[a].startNs < spans[b].startNs : a < b;
    };
    std::sort(roots.begin(), roots.end(), byStart);

    // Self time: the span's duration minus the union of its children's intervals,
    // clipped to the span.
    for (std::size_t i = 0; i < n; ++i) {
        auto& kids = children[i];
        std::sort(kids.begin(), kids.end(), byStart);
        const std::int64_t s = spans[i].startNs, e = std::max(spans[i].endNs, spans[i].startNs);
        std::int64_t covered = 0, cursor = s;
        for (auto k : kids) {
            const std::int64_t ks = std::max(spans[k].startNs, cursor);
            const std::int64_t ke = std::min(spans[k].endNs, e);
            if (ke > ks) {
                covered += ke - ks;
                cursor = ke;
            }
        }
        spans[i].selfNs = (e - s) - covered;
    }

    // Critical path: from the end of a span walk back through the child that finished
    // last before the cursor, then continue from that child's start. The children chosen
    // at one level do not depend on deeper levels, so each span's critical children are
    // found in one pass and marked with an explicit stack.
    std::vector<char> critical(n, 0);
    std::vector<std::vector<std::size_t>> criticalKids(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto kids = children[i];
        std::sort(kids.begin(), kids.end(), [&](std::size_t a, std::size_t b) {
            return spans[a].endNs != spans[b].endNs ? spans[a].endNs > spans[b].endNs : a < b;
        });
        std::int64_t cursor = spans[i].endNs;
        for (auto k : kids) {
            if (spans[k].startNs >= cursor)
                continue;
            criticalKids[i].push_back(k);
            cursor = spans[k].startNs;
        }
    }
    if (!roots.empty()) {
        // The root that spans the longest is the trace's main one.
        std::size_t main = roots.front();
        for (auto r : roots)
            if (spans[r].endNs - spans[r].startNs > spans[main].endNs - spans[main].startNs)
                main = r;
        std::vector<std::size_t> stack{main};
        while (!stack.empty()) {
            const auto i = stack.back();
            stack.pop_back();
            critical[i] = 1;
            for (auto k : criticalKids[i])
                stack.push_back(k);
        }
    }

    // Depth-first order with an explicit stack (children pushed in reverse start order).
    std::vector<TraceSpan> ordered;
    ordered.reserve(n);
    std::vector<std::pair<std::size_t, int>> stack;
    for (auto it = roots.rbegin(); it != roots.rend(); ++it)
        stack.emplace_back(*it, 0);
    while (!stack.empty()) {
        const auto [i, depth] = stack.back();
        stack.pop_back();
        spans[i].depth = depth;
        spans[i].critical = critical[i] != 0;
        for (auto it = children[i].rbegin(); it != children[i].rend(); ++it)
            stack.emplace_back(*it, depth + 1);
        ordered.push_back(std::move(spans[i]));
    }
    return ordered;
}

std::vector<TraceSpan> traceTree(Workspace& ws, const Scope& scope, const TraceId& traceId) {
    ScopedQuery q(
        "SELECT s.span_id, s.parent_span_id, coalesce(sv.name, ''), s.name, s.kind, s.status_code, "
        "coalesce(s.status_message, ''), s.start_ns, s.end_ns, s.attributes FROM spans s "
        "LEFT JOIN services sv ON sv.id = s.service_id");
    q.where("s.trace_id = ?",
            std::vector<std::uint8_t>(traceId.bytes.begin(), traceId.bytes.end()));
    q.applyScope(scope.withWindow({}), "s", "");
    auto st = q.prepare(ws.db());
    std::vector<TraceSpan> spans;
    while (st.step()) {
        TraceSpan s;
        auto id = st.blob(0);
        std::copy_n(id.begin(), std::min<std::size_t>(id.size(), 8), s.spanId.bytes.begin());
        if (!st.isNull(1)) {
            SpanId parent;
            auto p = st.blob(1);
            std::copy_n(p.begin(), std::min<std::size_t>(p.size(), 8), parent.bytes.begin());
            s.parentSpanId = parent;
        }
        s.service = st.text(2);
        s.operation = st.text(3);
        s.kind = static_cast<int>(st.int64(4));
        s.status = static_cast<int>(st.int64(5));
        s.statusMessage = st.text(6);
        s.startNs = st.int64(7);
        s.endNs = st.int64(8);
        s.attributesJson = st.text(9);
        spans.push_back(std::move(s));
    }
    return arrangeTrace(std::move(spans));
}

} // namespace casebook
