// sql: one read-only SELECT over the tenant-scoped workspace (runScopedSql).
#include "core/query/sql_console.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace casebook {
namespace {

// Rows counted for the `rows` value; a result this long is "at least" that many.
constexpr std::int64_t kRowCountLimit = 10000;

std::optional<CheckParameterError> validateSql(const CheckParameters& p) {
    std::string head;
    for (char c : p.value("query")) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!head.empty())
                break;
            continue;
        }
        head.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (head != "SELECT" && head != "WITH")
        return CheckParameterError{"query", "an sql check runs one read-only SELECT (or WITH ... "
                                            "SELECT), not '" +
                                                head + "'"};
    return std::nullopt;
}

double numberOf(const std::string& text) {
    double v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size())
        return std::numeric_limits<double>::quiet_NaN();
    return v;
}

CheckResult runSql(Workspace& ws, const Scope& scope, const CheckParameters& p) {
    const std::string query = p.value("query");
    const SqlResult sql = runScopedSql(ws.path(), scope, query, kRowCountLimit);
    CheckResult result;
    result.query = query;
    const auto rows = static_cast<std::int64_t>(sql.rows.size());
    result.values["rows"] = static_cast<double>(rows);
    const double value = rows && !sql.rows[0].empty() ? numberOf(sql.rows[0][0])
                                                      : std::numeric_limits<double>::quiet_NaN();
    result.values["value"] = value;
    result.summary =
        (sql.truncated ? "more than " : "") + groupedCount(rows) + (rows == 1 ? " row" : " rows");
    if (rows && !sql.rows[0].empty() && !sql.columns.empty())
        result.summary += "; " + sql.columns[0] + " = " + sql.rows[0][0];

    Evidence e;
    e.kind = evidence_kind::kTable;
    nlohmann::json table = nlohmann::json::array();
    for (std::int64_t r = 0; r < std::min<std::int64_t>(rows, p.evidenceLimit()); ++r)
        table.push_back(sql.rows[static_cast<std::size_t>(r)]);
    e.payload = {{"columns", sql.columns},
                 {"rows", table},
                 {"truncated", sql.truncated || rows > p.evidenceLimit()},
                 {"query", query}};
    e.title = "query result: " + groupedCount(rows) + (rows == 1 ? " row" : " rows");
    result.evidence.push_back(std::move(e));
    return result;
}

} // namespace

CheckKind sqlCheckKind() {
    CheckKind kind;
    kind.name = "sql";
    kind.description = "Runs one read-only SELECT over the workspace; in a tenant scope it sees "
                       "only that tenant's rows.";
    kind.parameters = {{"query", true, "a SELECT statement"}};
    kind.values = {"rows", "value"};
    kind.primaryValue = "value";
    kind.evidenceKinds = {std::string(evidence_kind::kTable)};
    kind.run = runSql;
    kind.validate = validateSql;
    return kind;
}

} // namespace casebook
