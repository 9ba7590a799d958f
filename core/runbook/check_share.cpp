// share: the part of some spans, traces or log records (`of`) that also matches another
// filter (`where`): the share of identity matches made probabilistically, of decisions
// served by the fallback, of journeys idle.
#include "core/casefile/evidence_snapshot.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"

#include <cstdio>

namespace casebook {
namespace {

std::optional<CheckParameterError> validateShare(const CheckParameters& p) {
    for (const char* key : {"of", "where"})
        if (auto problem = validateFilterKey(p, key))
            return problem;
    return validateWindow(p);
}

CheckResult runShare(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope scope = windowedScope(given, p);
    const auto target = filterTargetFromName(p.value("target"));
    if (!target)
        throw std::runtime_error("target is spans, traces or logs");
    const CompiledFilter of = compiledFilter(p, "of", *target);
    const CompiledFilter part = compiledFilter(p, "where", *target);
    const TargetTable table = targetTable(*target);

    // One pass: the rows of `of`, and how many of them match `where`.
    const std::string partSql = part.matchesEverything() ? "1" : "(" + part.sql + ")";
    ScopedQuery count(std::string("SELECT tn.name, sum(") + partSql + "), count(*) FROM " +
                      table.from + " JOIN tenants tn ON tn.id = " + table.alias + ".tenant_id");
    for (const auto& v : part.values)
        count.bindValue(v);
    count.applyScope(scope, table.alias, table.timeColumn);
    count.where(of.sql, of.values);
    count.append(std::string("GROUP BY ") + table.alias + ".tenant_id");
    std::vector<std::int64_t> sums;
    CheckResult result;
    result.byTenant = countByTenant(ws.db(), count, sums);
    const std::int64_t matching = sums.size() > 0 ? sums[0] : 0;
    const std::int64_t total = sums.size() > 1 ? sums[1] : 0;
    const double share = total ? static_cast<double>(matching) / static_cast<double>(total) : 0.0;
    result.values = {{"share", share},
                     {"count", static_cast<double>(matching)},
                     {"total", static_cast<double>(total)}};
    result.query = p.value("where") + " among " + p.value("of");
    char percent[32];
    std::snprintf(percent, sizeof percent, "%.1f%%", share * 100);
    result.summary = groupedCount(matching) + " of " + groupedCount(total) + " " + table.noun +
                     " (" + percent + ") match " + inQuotes(p.value("where"));
    if (matching == 0 || *target != FilterTarget::Spans)
        return result;
    Evidence e;
    e.kind = evidence_kind::kSpans;
    std::string condition = of.sql.empty() ? std::string("1") : "(" + of.sql + ")";
    std::vector<ScopedQuery::Value> values = of.values;
    if (!part.matchesEverything()) {
        condition += " AND " + partSql;
        values.insert(values.end(), part.values.begin(), part.values.end());
    }
    nlohmann::json rows = nlohmann::json::array();
    for (auto& row : spansWhere(ws, scope, condition, values, p.evidenceLimit()))
        rows.push_back(std::move(row));
    e.payload = {{"spans", rows},
                 {"filter", "(" + p.value("of") + ") and (" + p.value("where") + ")"},
                 {"total", matching}};
    setRangeFromRows(e, e.payload["spans"], "start_ns", "end_ns");
    e.title = "first " + std::to_string(rows.size()) + " of " + groupedCount(matching) +
              " spans matching " + inQuotes(p.value("where"));
    result.evidence.push_back(std::move(e));
    return result;
}

} // namespace

CheckKind shareCheckKind() {
    CheckKind kind;
    kind.name = "share";
    kind.description = "The share of the spans, traces or log records a filter selects (of) "
                       "that also match another filter (where).";
    kind.parameters = {{"target", true, "spans, traces or logs"},
                       {"of", true, "the whole, as a filter (service == identity-resolution)"},
                       {"where", true, "the part, as a filter"},
                       kFromParameter,
                       kToParameter};
    kind.values = {"share", "count", "total"};
    kind.primaryValue = "count";
    kind.evidenceKinds = {std::string(evidence_kind::kSpans)};
    kind.run = runShare;
    kind.validate = validateShare;
    return kind;
}

} // namespace casebook
