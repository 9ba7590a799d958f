#pragma once

#include "core/filter/filter.h"
#include "core/model/ids.h"
#include "core/query/scoped_query.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

struct LogRow {
    std::int64_t id = 0;
    std::int64_t timeNs = 0;
    int severityNumber = 0;
    std::string severityText;
    std::string service;
    std::string tenant;
    std::string body;
    std::optional<TraceId> traceId;
    std::optional<SpanId> spanId;
    std::string errorCode;
    std::string attributesJson;
};

// The columns a LogRow is read from, in readLogRow's order, over `logs l`, `tenants tn`
// and `services sv`.
#define CASEBOOK_LOG_ROW_COLUMNS                                                                   \
    "l.id, l.time_ns, l.severity_number, coalesce(l.severity_text, ''), coalesce(sv.name, ''), "   \
    "tn.name, l.body, l.trace_id, l.span_id, coalesce(l.error_code, ''), l.attributes"
// Reads the row a statement selecting CASEBOOK_LOG_ROW_COLUMNS stands on.
LogRow readLogRow(Statement& st);

struct LogQuery {
    std::optional<std::string> search; // full-text (FTS5) words; every word must occur
    std::optional<int> minSeverity;    // OTLP severity number, e.g. 17 for ERROR
    std::optional<std::string> service;
    std::optional<TraceId> traceId;
    // compileFilter(text, FilterTarget::Logs); ANDed with the fields above.
    std::optional<CompiledFilter> filter;
    bool newestFirst = false;
    std::int64_t limit = 200;
    std::int64_t offset = 0;
};

// "ERROR" -> 17, "warn" -> 13 ...; nullopt for an unknown level name.
std::optional<int> severityFromName(std::string_view name);

std::vector<LogRow> listLogs(Workspace& ws, const Scope& scope, const LogQuery& query);

// Adds the scope and every condition of `query` (not its order, limit or offset) to a
// query over `logs l LEFT JOIN services sv`, so that counts and pages select the same rows.
// A full-text search is looked up first (in `db`) to choose how it joins: see the .cpp.
void applyLogConditions(Database& db, ScopedQuery& q, const Scope& scope, const LogQuery& query);

} // namespace casebook
