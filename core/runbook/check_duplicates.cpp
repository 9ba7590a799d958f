// duplicates: values of a key that occur on more than one of the spans or log records a
// filter selects: a submission synced twice, an e-mail sent twice for one webhook event.
#include "core/casefile/evidence_snapshot.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"

namespace casebook {
namespace {

// The key as SQL over the target's row, with its bound values.
struct KeyExpression {
    std::string sql;
    std::vector<ScopedQuery::Value> values;
};

std::optional<KeyExpression> keyExpression(std::string_view key, FilterTarget target) {
    const std::string alias = target == FilterTarget::Spans ? "s." : "l.";
    if (key.rfind("attr.", 0) == 0 && key.size() > 5) {
        std::string path = "$.\"";
        for (char c : key.substr(5))
            path += c == '"' ? std::string("\\\"") : std::string(1, c);
        path += '"';
        return KeyExpression{"json_extract(" + alias + "attributes, ?)", {path}};
    }
    if (key == "trace_id" || key == "error_code")
        return KeyExpression{alias + std::string(key), {}};
    if (target == FilterTarget::Spans && (key == "correlation_id" || key == "operation"))
        return KeyExpression{key == "operation" ? "s.name" : "s.correlation_id", {}};
    if (target == FilterTarget::Logs && key == "body")
        return KeyExpression{"l.body", {}};
    return std::nullopt;
}

std::optional<CheckParameterError> validateDuplicates(const CheckParameters& p) {
    const auto target = filterTargetFromName(p.value("target"));
    if (target == FilterTarget::Traces)
        return CheckParameterError{"target", "duplicates looks at spans or logs, not traces"};
    if (auto problem = validateFilterKey(p, "where"))
        return problem;
    if (!keyExpression(p.value("key"), *target))
        return CheckParameterError{
            "key", "key is correlation_id, trace_id, error_code, operation (spans), body (logs) "
                   "or attr.NAME, not '" +
                       p.value("key") + "'"};
    return validateWindow(p);
}

CheckResult runDuplicates(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope scope = windowedScope(given, p);
    const auto target = filterTargetFromName(p.value("target"));
    if (!target || *target == FilterTarget::Traces)
        throw std::runtime_error("target is spans or logs");
    const auto key = keyExpression(p.value("key"), *target);
    if (!key)
        throw std::runtime_error("unknown key " + p.value("key"));
    const CompiledFilter filter = compiledFilter(p, "where", *target);
    const TargetTable table = targetTable(*target);

    // Per key (non-null) in the filter's rows: how often it occurs.
    auto grouped = [&](std::string_view outer) {
        ScopedQuery q(std::string(outer) + "(SELECT " + key->sql + " AS k, count(*) AS n FROM " +
                      table.from);
        for (const auto& v : key->values)
            q.bindValue(v);
        q.applyScope(scope, table.alias, table.timeColumn);
        q.where(filter.sql, filter.values);
        q.where(key->sql + " IS NOT NULL", key->values);
        q.append("GROUP BY 1)");
        return q;
    };
    auto totals = grouped("SELECT count(*) FILTER (WHERE n > 1), coalesce(sum(n) FILTER (WHERE n > "
                          "1), 0) - count(*) FILTER (WHERE n > 1), coalesce(sum(n), 0) FROM ");
    auto st = totals.prepare(ws.db());
    std::int64_t duplicated = 0, extra = 0, rows = 0;
    if (st.step()) {
        duplicated = st.int64(0);
        extra = st.int64(1);
        rows = st.int64(2);
    }
    CheckResult result;
    result.values = {{"duplicated", static_cast<double>(duplicated)},
                     {"extra", static_cast<double>(extra)},
                     {"rows", static_cast<double>(rows)}};
    result.query = p.value("where") + " by " + p.value("key");
    result.summary = groupedCount(duplicated) + " " + p.value("key") +
                     (duplicated == 1 ? " value occurs" : " values occur") +
                     " more than once among " + groupedCount(rows) + " " + table.noun + " (" +
                     groupedCount(extra) + " extra)";
    if (duplicated == 0)
        return result;
    auto top = grouped("SELECT k, n FROM ");
    top.append("WHERE n > 1 ORDER BY n DESC, k LIMIT ?").bindValue(p.evidenceLimit());
    auto list = top.prepare(ws.db());
    Evidence e;
    e.kind = evidence_kind::kTable;
    nlohmann::json table_rows = nlohmann::json::array();
    while (list.step())
        table_rows.push_back({list.text(0), std::to_string(list.int64(1))});
    e.payload = {{"columns", {p.value("key"), "occurrences"}},
                 {"rows", table_rows},
                 {"truncated", duplicated > p.evidenceLimit()},
                 {"query", result.query},
                 {"total", duplicated}};
    e.title = groupedCount(duplicated) + " duplicated " + p.value("key") + " values";
    result.evidence.push_back(std::move(e));
    return result;
}

} // namespace

CheckKind duplicatesCheckKind() {
    CheckKind kind;
    kind.name = "duplicates";
    kind.description = "Values of a key (correlation id, an attribute...) that occur on more "
                       "than one of the spans or log records a filter selects.";
    kind.parameters = {{"target", true, "spans or logs"},
                       {"where", true, "the rows, as a filter"},
                       {"key", true,
                        "correlation_id, trace_id, error_code, operation, body or "
                        "attr.NAME"},
                       kFromParameter,
                       kToParameter};
    kind.values = {"duplicated", "extra", "rows"};
    kind.primaryValue = "extra";
    kind.evidenceKinds = {std::string(evidence_kind::kTable)};
    kind.run = runDuplicates;
    kind.validate = validateDuplicates;
    return kind;
}

} // namespace casebook
