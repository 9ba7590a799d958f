// filter: how many spans, traces or log records a filter-language expression matches.
#include "core/casefile/evidence_snapshot.h"
#include "core/filter/filter.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"

#include <stdexcept>

namespace casebook {
namespace {

std::optional<CheckParameterError> validateFilter(const CheckParameters& p) {
    if (auto problem = validateFilterKey(p, "where"))
        return problem;
    return validateWindow(p);
}

CheckResult runFilter(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope scope = windowedScope(given, p);
    const auto target = filterTargetFromName(p.value("target"));
    if (!target)
        throw std::runtime_error("target is spans, traces or logs");
    const std::string where = p.value("where");
    struct {
        CompiledFilter filter;
    } compiled{compiledFilter(p, "where", *target)};
    const TargetTable table = targetTable(*target);

    ScopedQuery count(std::string("SELECT tn.name, count(*) FROM ") + table.from +
                      " JOIN tenants tn ON tn.id = " + table.alias + ".tenant_id");
    count.applyScope(scope, table.alias, table.timeColumn);
    count.where(compiled.filter.sql, compiled.filter.values);
    count.append(std::string("GROUP BY ") + table.alias + ".tenant_id");
    std::vector<std::int64_t> sums;
    CheckResult result;
    result.byTenant = countByTenant(ws.db(), count, sums);
    const std::int64_t total = sums.empty() ? 0 : sums[0];
    result.values["count"] = static_cast<double>(total);
    result.query = where;
    result.summary = groupedCount(total) + " " + table.noun + " match " + inQuotes(where);

    if (total == 0)
        return result;
    Evidence e;
    nlohmann::json rows = nlohmann::json::array();
    if (*target == FilterTarget::Spans) {
        e.kind = evidence_kind::kSpans;
        for (auto& row :
             spansWhere(ws, scope, compiled.filter.sql, compiled.filter.values, p.evidenceLimit()))
            rows.push_back(std::move(row));
        e.payload = {{"spans", rows}};
        setRangeFromRows(e, e.payload["spans"], "start_ns", "end_ns");
    } else if (*target == FilterTarget::Traces) {
        e.kind = evidence_kind::kTraces;
        TraceQuery q;
        q.filter = compiled.filter;
        q.descending = false;
        q.limit = p.evidenceLimit();
        for (const auto& t : listTraces(ws, scope, q))
            rows.push_back(traceJson(t));
        e.payload = {{"traces", rows}};
        setRangeFromRows(e, e.payload["traces"], "start_ns", "end_ns");
    } else {
        e.kind = evidence_kind::kLogs;
        LogQuery q;
        q.filter = compiled.filter;
        q.limit = p.evidenceLimit();
        for (const auto& l : listLogs(ws, scope, q))
            rows.push_back(logJson(l));
        e.payload = {{"logs", rows}};
        setRangeFromRows(e, e.payload["logs"], "time_ns", "time_ns");
    }
    e.payload["filter"] = where;
    e.payload["total"] = total;
    e.title = (static_cast<std::int64_t>(rows.size()) < total
                   ? "first " + std::to_string(rows.size()) + " of " + groupedCount(total)
                   : groupedCount(total)) +
              " " + table.noun + " matching " + inQuotes(where);
    result.evidence.push_back(std::move(e));
    return result;
}

} // namespace

CheckKind filterCheckKind() {
    CheckKind kind;
    kind.name = "filter";
    kind.description = "Counts the spans, traces or log records a filter matches "
                       "(the filter language of docs/filters.md).";
    kind.parameters = {{"target", true, "spans, traces or logs"},
                       {"where", true, "a filter, e.g. service == crm-sync and status == error"},
                       kFromParameter,
                       kToParameter};
    kind.values = {"count"};
    kind.primaryValue = "count";
    kind.evidenceKinds = {std::string(evidence_kind::kSpans), std::string(evidence_kind::kTraces),
                          std::string(evidence_kind::kLogs)};
    kind.run = runFilter;
    kind.validate = validateFilter;
    return kind;
}

} // namespace casebook
