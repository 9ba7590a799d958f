#pragma once
// Evidence as it is pinned or produced by a check: a snapshot of the rows, read in the
// investigator's scope (a span of another tenant is "not found", never shown), so that
// the case says what was seen even after more bundles arrive.

#include "core/casefile/evidence.h"
#include "core/model/ids.h"
#include "core/query/change_queries.h"
#include "core/query/log_queries.h"
#include "core/query/scoped_query.h"
#include "core/query/trace_queries.h"
#include "core/store/scope.h"

#include <cstdint>
#include <string>
#include <vector>

namespace casebook {

class Workspace;

// Rows as evidence payload objects (docs/case-file.md).
nlohmann::json logJson(const LogRow& row);
nlohmann::json traceJson(const TraceSummary& trace);
nlohmann::json changeJson(const ChangeRow& change);

// Spans matching `condition` (over `spans s`, one `?` per value) in scope, oldest first,
// at most `limit`, as payload objects.
// `from` names the table as "spans s", perhaps with an INDEXED BY the caller knows fits.
std::vector<nlohmann::json> spansWhere(Workspace& ws, const Scope& scope,
                                       std::string_view condition,
                                       std::vector<ScopedQuery::Value> values, std::int64_t limit,
                                       std::string_view from = "spans s");

// Throw std::runtime_error when the span, trace or lines are not in scope.
Evidence spanEvidence(Workspace& ws, const Scope& scope, const TraceId& trace, const SpanId& span);
Evidence traceEvidence(Workspace& ws, const Scope& scope, const TraceId& trace);
Evidence logLinesEvidence(Workspace& ws, const Scope& scope, const std::vector<std::int64_t>& ids);
Evidence timeRangeEvidence(std::int64_t fromNs, std::int64_t toNs, std::string title = {});

// The time range a list of payload rows covers, from their *_ns fields.
void setRangeFromRows(Evidence& evidence, const nlohmann::json& rows, const char* startField,
                      const char* endField);

} // namespace casebook
