// log_count: how many log records a full-text search finds (with an optional minimum
// level and service).
#include "core/casefile/evidence_snapshot.h"
#include "core/query/log_queries.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"

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

CheckResult runLogCount(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope scope = windowedScope(given, p);
    const LogQuery query = queryOf(p);
    ScopedQuery count("SELECT tn.name, count(*) FROM logs l JOIN tenants tn ON tn.id = "
                      "l.tenant_id LEFT JOIN services sv ON sv.id = l.service_id");
    applyLogConditions(ws.db(), count, scope, query);
    count.append("GROUP BY l.tenant_id");
    std::vector<std::int64_t> sums;
    CheckResult result;
    result.byTenant = countByTenant(ws.db(), count, sums);
    const std::int64_t total = sums.empty() ? 0 : sums[0];
    result.values["count"] = static_cast<double>(total);
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
    LogQuery page = query;
    page.limit = p.evidenceLimit();
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& l : listLogs(ws, scope, page))
        rows.push_back(logJson(l));
    Evidence e;
    e.kind = evidence_kind::kLogs;
    e.payload = {{"logs", rows}, {"search", p.value("search")}, {"total", total}};
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
                       kFromParameter,
                       kToParameter};
    kind.values = {"count"};
    kind.primaryValue = "count";
    kind.evidenceKinds = {std::string(evidence_kind::kLogs)};
    kind.run = runLogCount;
    kind.validate = validateLogCount;
    return kind;
}

} // namespace casebook
