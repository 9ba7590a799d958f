#include "core/query/sql_console.h"

#include "core/filter/filter_functions.h"
#include "core/store/sqlite.h"

#include <array>
#include <cstring>
#include <sqlite3.h>

namespace casebook {
namespace {

// Tables whose rows carry tenant_id; each gets a same-named scoped view.
constexpr std::array kTenantTables{"spans",         "span_events",   "span_links", "logs",
                                   "metric_series", "metric_points", "changes",    "traces"};

// Views made for the scope; reads of main tables are allowed only through them.
constexpr std::array kScopedViews{"spans",         "span_events",   "span_links", "logs",
                                  "metric_series", "metric_points", "changes",    "traces",
                                  "tenants",       "services"};

// The lineage tables carry tenant_id too; each is both a tenant table and a scoped view.
constexpr std::array kLineageTables{
    "lineage_nodes",  "lineage_edges",         "lineage_run_events",  "lineage_column_edges",
    "lineage_facets", "lineage_node_services", "lineage_layout_cache"};

bool isScopedView(const char* name) {
    if (!name)
        return false;
    for (const char* v : kScopedViews)
        if (std::strcmp(v, name) == 0)
            return true;
    for (const char* v : kLineageTables)
        if (std::strcmp(v, name) == 0)
            return true;
    return false;
}

struct AuthorizerState {
    bool tenantScoped = false;
    std::string refusal;
};

int authorize(void* user, int action, const char* a1, const char*, const char* database,
              const char* view) {
    auto* state = static_cast<AuthorizerState*>(user);
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_READ:
        if (!state->tenantScoped)
            return SQLITE_OK;
        // Reads of the real tables are allowed only from inside the scoped views.
        if (database && std::strcmp(database, "main") == 0 && !isScopedView(view)) {
            state->refusal = std::string("table ") + (a1 ? a1 : "?") +
                             " is not readable in a tenant scope; use the scoped views (" +
                             "spans, logs, traces, metric_series, metric_points, changes, ...)";
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    default:
        state->refusal = "only read-only SELECT statements are allowed";
        return SQLITE_DENY;
    }
}

std::string hexOf(std::span<const std::uint8_t> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xF]);
    }
    return out;
}

} // namespace

SqlResult runScopedSql(const std::filesystem::path& workspace, const Scope& scope,
                       std::string_view sql, std::int64_t rowLimit) {
    Database db(workspace.string(), Database::Mode::ReadOnly);
    registerFilterFunctions(db.handle());
    AuthorizerState state;
    if (!scope.isAllTenants()) {
        state.tenantScoped = true;
        const std::string id = std::to_string(raw(*scope.tenant()));
        std::string ddl;
        for (const char* table : kTenantTables)
            ddl += std::string("CREATE TEMP VIEW ") + table + " AS SELECT * FROM main." + table +
                   " WHERE tenant_id = " + id + ";";
        for (const char* table : kLineageTables)
            ddl += std::string("CREATE TEMP VIEW ") + table + " AS SELECT * FROM main." + table +
                   " WHERE tenant_id = " + id + ";";
        ddl += "CREATE TEMP VIEW tenants AS SELECT * FROM main.tenants WHERE id = " + id + ";";
        ddl += "CREATE TEMP VIEW services AS SELECT * FROM main.services WHERE id IN ("
               "SELECT service_id FROM main.spans WHERE tenant_id = " +
               id + " UNION SELECT service_id FROM main.logs WHERE tenant_id = " + id +
               " UNION SELECT service_id FROM main.metric_series WHERE tenant_id = " + id +
               " UNION SELECT service_id FROM main.changes WHERE tenant_id = " + id +
               " UNION SELECT service_id FROM main.lineage_node_services WHERE tenant_id = " + id +
               ");";
        db.exec(ddl);
    }
    sqlite3_set_authorizer(db.handle(), &authorize, &state);

    Statement st;
    try {
        st = db.prepare(sql);
    } catch (const StoreError& e) {
        sqlite3_set_authorizer(db.handle(), nullptr, nullptr);
        throw std::runtime_error(state.refusal.empty() ? e.what() : state.refusal);
    }
    if (!st.readOnly())
        throw std::runtime_error("only read-only SELECT statements are allowed");

    SqlResult result;
    for (int c = 0; c < st.columnCount(); ++c)
        result.columns.push_back(st.columnName(c));
    while (st.step()) {
        if (static_cast<std::int64_t>(result.rows.size()) >= rowLimit) {
            result.truncated = true;
            break;
        }
        std::vector<std::string> row;
        for (int c = 0; c < st.columnCount(); ++c) {
            switch (st.columnType(c)) {
            case SQLITE_NULL:
                row.emplace_back();
                break;
            case SQLITE_BLOB:
                row.push_back(hexOf(st.blob(c)));
                break;
            default:
                row.push_back(st.text(c));
            }
        }
        result.rows.push_back(std::move(row));
    }
    return result;
}

} // namespace casebook
