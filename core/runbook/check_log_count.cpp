// log_count: how many log records a full-text search finds (with an optional minimum
// level and service).
#include "core/casefile/evidence_snapshot.h"
#include "core/query/log_queries.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace casebook {
namespace {

LogQuery queryOf(const CheckParameters& p) {
    LogQuery q;
    q.search = p.value("search");
    if (auto level = p.get("level"))
        q.minSeverity = severityFromName(*level);
    if (auto service = p.get("service"))
        q.service = *service;
    return q;
}

std::optional<CheckParameterError> validateLogCount(const CheckParameters& p) {
    if (auto level = p.get("level"); level && !severityFromName(*level))
        return CheckParameterError{
            "level", "level is trace, debug, info, warn, error or fatal, not '" + *level + "'"};
    return validateWindow(p);
}

// The records in scope whose text matches every FTS term, found through the index: the
// index's matches are the outer loop (CROSS JOIN keeps it so whatever the scope) and each
// is looked up, so a search for common words over millions of lines stays a join, never a
// full-text check on every record.
ScopedQuery matchingRecords(std::string select, const Scope& scope, const LogQuery& query,
                            const std::string& terms) {
    ScopedQuery q(std::move(select) + " FROM logs_fts CROSS JOIN logs l ON l.id = logs_fts.rowid "
                                      "JOIN tenants tn ON tn.id = l.tenant_id "
                                      "LEFT JOIN services sv ON sv.id = l.service_id");
    q.where(terms.empty() ? "0" : "logs_fts MATCH ?");
    if (!terms.empty())
        q.bindValue(terms);
    q.applyScope(scope, "l", "time_ns", true);
    if (query.minSeverity)
        q.where("l.severity_number >= ?", static_cast<std::int64_t>(*query.minSeverity));
    if (query.service)
        q.where("sv.name = ?", *query.service);
    return q;
}

std::map<std::string, std::int64_t> countMatches(Workspace& ws, const Scope& scope,
                                                 const LogQuery& query, const std::string& terms,
                                                 std::int64_t& total) {
    ScopedQuery count = matchingRecords("SELECT tn.name, count(*)", scope, query, terms);
    count.append("GROUP BY l.tenant_id");
    std::vector<std::int64_t> sums;
    auto byTenant = countByTenant(ws.db(), count, sums);
    total = sums.empty() ? 0 : sums[0];
    return byTenant;
}

// The first `limit` matching records in time order, as evidence rows.
nlohmann::json firstMatches(Workspace& ws, const Scope& scope, const LogQuery& query,
                            const std::string& terms, std::int64_t limit) {
    ScopedQuery q = matchingRecords("SELECT " CASEBOOK_LOG_ROW_COLUMNS, scope, query, terms);
    q.append("ORDER BY l.time_ns, l.id LIMIT ?").bindValue(limit);
    auto st = q.prepare(ws.db());
    nlohmann::json rows = nlohmann::json::array();
    while (st.step()) {
        rows.push_back(logJson(readLogRow(st)));
    }
    return rows;
}

CheckResult runLogCount(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope scope = windowedScope(given, p);
    const LogQuery query = queryOf(p);
    const std::string terms = ftsTerms(p.value("search"));
    const std::string within = ftsTerms(p.value("within"));
    CheckResult result;
    std::int64_t total = 0;
    result.byTenant =
        countMatches(ws, scope, query, terms + (within.empty() ? "" : " " + within), total);
    result.values["count"] = static_cast<double>(total);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    result.values["within"] = nan;
    result.values["share"] = nan;
    if (!within.empty()) {
        std::int64_t base = 0;
        countMatches(ws, scope, query, within, base);
        result.values["within"] = static_cast<double>(base);
        result.values["share"] =
            base ? static_cast<double>(total) / static_cast<double>(base) : 0.0;
    }
    std::string qualifiers;
    if (auto level = p.get("level"))
        qualifiers += *level + " and above";
    if (auto service = p.get("service"))
        qualifiers += (qualifiers.empty() ? "" : ", ") + std::string("service ") + *service;
    result.query = p.value("search");
    result.summary =
        groupedCount(total) + (total == 1 ? " log record matches " : " log records match ") +
        inQuotes(p.value("search")) + (qualifiers.empty() ? "" : " (" + qualifiers + ")");
    if (!total)
        return result;
    const nlohmann::json rows = firstMatches(
        ws, scope, query, terms + (within.empty() ? "" : " " + within), p.evidenceLimit());
    Evidence e;
    e.kind = evidence_kind::kLogs;
    e.payload = {{"logs", rows},
                 {"search", p.value("search") + (within.empty() ? "" : " " + p.value("within"))},
                 {"total", total}};
    if (auto level = p.get("level"))
        e.payload["level"] = *level;
    if (auto service = p.get("service"))
        e.payload["service"] = *service;
    setRangeFromRows(e, e.payload["logs"], "time_ns", "time_ns");
    e.title = (static_cast<std::int64_t>(rows.size()) < total
                   ? "first " + std::to_string(rows.size()) + " of " + groupedCount(total)
                   : groupedCount(total)) +
              " log records matching " + inQuotes(p.value("search"));
    result.evidence.push_back(std::move(e));
    return result;
}

} // namespace

CheckKind logCountCheckKind() {
    CheckKind kind;
    kind.name = "log_count";
    kind.description = "Counts the log records a full-text search finds (every word must occur), "
                       "optionally from a level up and in one service.";
    kind.parameters = {{"search", true, "words of the message"},
                       {"level", false, "lowest level: trace, debug, info, warn, error, fatal"},
                       {"service", false, "the service that logged"},
                       {"within", false, "words of the records to count among (gives share)"},
                       kFromParameter,
                       kToParameter};
    kind.values = {"count", "within", "share"};
    kind.primaryValue = "count";
    kind.evidenceKinds = {std::string(evidence_kind::kLogs)};
    kind.run = runLogCount;
    kind.validate = validateLogCount;
    return kind;
}

} // namespace casebook
