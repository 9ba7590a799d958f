#include "core/casefile/evidence_snapshot.h"

#include "core/store/workspace.h"
#include "core/util/time_text.h"

#include <algorithm>
#include <stdexcept>

namespace casebook {
namespace {

nlohmann::json attributesOf(std::string_view text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(std::string(text)) : parsed;
}

std::string hexOf(std::span<const std::uint8_t> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xF]);
    }
    return out;
}

std::vector<std::uint8_t> blobOf(std::span<const std::uint8_t> bytes) {
    return {bytes.begin(), bytes.end()};
}

const char* statusName(std::int64_t code) {
    return code == 2 ? "error" : code == 1 ? "ok" : "unset";
}

} // namespace

nlohmann::json logJson(const LogRow& row) {
    return {{"id", row.id},
            {"time_ns", row.timeNs},
            {"severity_number", row.severityNumber},
            {"severity", row.severityText},
            {"service", row.service},
            {"tenant", row.tenant},
            {"body", row.body},
            {"trace_id", row.traceId ? row.traceId->hex() : ""},
            {"span_id", row.spanId ? row.spanId->hex() : ""},
            {"error_code", row.errorCode},
            {"attributes", attributesOf(row.attributesJson)}};
}

nlohmann::json traceJson(const TraceSummary& t) {
    return {{"trace_id", t.traceId.hex()},
            {"tenant", t.tenant},
            {"root_service", t.rootService},
            {"root_operation", t.rootOperation},
            {"start_ns", t.startNs},
            {"end_ns", t.startNs + t.durationNs},
            {"duration_ns", t.durationNs},
            {"spans", t.spans},
            {"errors", t.errors}};
}

nlohmann::json changeJson(const ChangeRow& c) {
    return {{"id", c.id},
            {"time_ns", c.timeNs},
            {"end_ns", c.endNs ? nlohmann::json(*c.endNs) : nlohmann::json()},
            {"kind", c.kind},
            {"service", c.service},
            {"tenant", c.tenant},
            {"title", c.title},
            {"version", c.version}};
}

std::vector<nlohmann::json> spansWhere(Workspace& ws, const Scope& scope,
                                       std::string_view condition,
                                       std::vector<ScopedQuery::Value> values, std::int64_t limit,
                                       std::string_view from) {
    ScopedQuery q("SELECT s.trace_id, s.span_id, s.parent_span_id, coalesce(sv.name, ''), s.name, "
                  "s.kind, s.start_ns, s.end_ns, s.status_code, coalesce(s.status_message, ''), "
                  "coalesce(s.error_code, ''), s.attributes, tn.name FROM " +
                  std::string(from) +
                  " JOIN tenants tn ON tn.id = s.tenant_id "
                  "LEFT JOIN services sv ON sv.id = s.service_id");
    q.applyScope(scope, "s", "start_ns");
    q.where(condition, std::move(values));
    q.append("ORDER BY s.start_ns LIMIT ?").bindValue(limit);
    auto st = q.prepare(ws.db());
    std::vector<nlohmann::json> out;
    while (st.step()) {
        out.push_back({{"trace_id", hexOf(st.blob(0))},
                       {"span_id", hexOf(st.blob(1))},
                       {"parent_span_id", hexOf(st.blob(2))},
                       {"service", st.text(3)},
                       {"operation", st.text(4)},
                       {"kind", st.int64(5)},
                       {"start_ns", st.int64(6)},
                       {"end_ns", st.int64(7)},
                       {"status", statusName(st.int64(8))},
                       {"status_message", st.text(9)},
                       {"error_code", st.text(10)},
                       {"attributes", attributesOf(st.textView(11))},
                       {"tenant", st.text(12)}});
    }
    return out;
}

void setRangeFromRows(Evidence& evidence, const nlohmann::json& rows, const char* startField,
                      const char* endField) {
    for (const auto& row : rows) {
        if (!row.contains(startField) || !row[startField].is_number_integer())
            continue;
        const auto start = row[startField].get<std::int64_t>();
        auto end = start + 1;
        if (row.contains(endField) && row[endField].is_number_integer())
            end = std::max(start + 1, row[endField].get<std::int64_t>());
        evidence.fromNs = evidence.fromNs ? std::min(*evidence.fromNs, start) : start;
        evidence.toNs = evidence.toNs ? std::max(*evidence.toNs, end) : end;
    }
}

Evidence spanEvidence(Workspace& ws, const Scope& scope, const TraceId& trace, const SpanId& span) {
    auto rows = spansWhere(ws, scope.withWindow({}), "s.trace_id = ? AND s.span_id = ?",
                           {blobOf(trace.bytes), blobOf(span.bytes)}, 1);
    if (rows.empty())
        throw std::runtime_error("span " + span.hex() + " of trace " + trace.hex() +
                                 " is not in this scope");
    Evidence e;
    e.kind = evidence_kind::kSpans;
    const auto& s = rows.front();
    e.title = "span " + s["service"].get<std::string>() + ": " + s["operation"].get<std::string>();
    e.payload = {{"spans", rows}};
    setRangeFromRows(e, e.payload["spans"], "start_ns", "end_ns");
    return e;
}

Evidence traceEvidence(Workspace& ws, const Scope& scope, const TraceId& trace) {
    ScopedQuery q(
        "SELECT t.trace_id, tn.name, coalesce(sv.name, ''), coalesce(t.root_name, ''), t.start_ns, "
        "t.duration_ns, t.span_count, t.error_count, t.service_count FROM traces t "
        "JOIN tenants tn ON tn.id = t.tenant_id LEFT JOIN services sv ON sv.id = "
        "t.root_service_id");
    q.applyScope(scope.withWindow({}), "t", "");
    q.where("t.trace_id = ?", blobOf(trace.bytes));
    auto st = q.prepare(ws.db());
    if (!st.step())
        throw std::runtime_error("trace " + trace.hex() + " is not in this scope");
    TraceSummary t;
    t.traceId = trace;
    t.tenant = st.text(1);
    t.rootService = st.text(2);
    t.rootOperation = st.text(3);
    t.startNs = st.int64(4);
    t.durationNs = st.int64(5);
    t.spans = st.int64(6);
    t.errors = st.int64(7);
    t.services = st.int64(8);
    Evidence e;
    e.kind = evidence_kind::kTraces;
    e.title = "trace " + t.rootService + ": " + t.rootOperation + " (" +
              formatDuration(t.durationNs) + ", " + std::to_string(t.spans) + " spans, " +
              std::to_string(t.errors) + " errors)";
    e.payload = {{"traces", nlohmann::json::array({traceJson(t)})}};
    e.fromNs = t.startNs;
    e.toNs = t.startNs + std::max<std::int64_t>(1, t.durationNs);
    return e;
}

Evidence logLinesEvidence(Workspace& ws, const Scope& scope, const std::vector<std::int64_t>& ids) {
    if (ids.empty())
        throw std::runtime_error("no log lines to pin");
    ScopedQuery q("SELECT " CASEBOOK_LOG_ROW_COLUMNS " FROM logs l "
                  "JOIN tenants tn ON tn.id = l.tenant_id "
                  "LEFT JOIN services sv ON sv.id = l.service_id");
    q.applyScope(scope.withWindow({}), "l", "", true);
    std::string in = "l.id IN (";
    std::vector<ScopedQuery::Value> values;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        in += i ? ",?" : "?";
        values.emplace_back(ids[i]);
    }
    q.where(in + ")", std::move(values));
    q.append("ORDER BY l.time_ns, l.id");
    auto st = q.prepare(ws.db());
    nlohmann::json lines = nlohmann::json::array();
    while (st.step()) {
        lines.push_back(logJson(readLogRow(st)));
    }
    if (lines.size() != ids.size())
        throw std::runtime_error(std::to_string(ids.size() - lines.size()) +
                                 " of the log lines are not in this scope");
    Evidence e;
    e.kind = evidence_kind::kLogs;
    e.title = lines.size() == 1 ? "log line: " + lines[0]["body"].get<std::string>().substr(0, 80)
                                : std::to_string(lines.size()) + " log lines";
    e.payload = {{"logs", lines}};
    setRangeFromRows(e, e.payload["logs"], "time_ns", "time_ns");
    return e;
}

Evidence timeRangeEvidence(std::int64_t fromNs, std::int64_t toNs, std::string title) {
    if (toNs <= fromNs)
        throw std::runtime_error("a time range must end after it starts");
    Evidence e;
    e.kind = evidence_kind::kTimeRange;
    e.title = title.empty() ? formatRfc3339(fromNs) + " to " + formatRfc3339(toNs) : title;
    e.fromNs = fromNs;
    e.toNs = toNs;
    return e;
}

} // namespace casebook
