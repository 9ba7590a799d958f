#include "core/query/stats_query.h"

#include "core/query/scoped_query.h"

#include <map>

namespace casebook {
namespace {

// Counts per tenant of one table, within the scope.
std::map<std::int64_t, std::int64_t> countByTenant(Workspace& ws, const Scope& scope,
                                                   const char* table, const char* timeColumn) {
    ScopedQuery q(std::string("SELECT tenant_id, count(*) FROM ") + table + " t");
    q.applyScope(scope, "t", timeColumn).append("GROUP BY tenant_id");
    auto st = q.prepare(ws.db());
    std::map<std::int64_t, std::int64_t> out;
    while (st.step())
        out[st.int64(0)] = st.int64(1);
    return out;
}

} // namespace

WorkspaceStats workspaceStats(Workspace& ws, const Scope& scope) {
    WorkspaceStats stats;
    const auto spans = countByTenant(ws, scope, "spans", "start_ns");
    const auto traces = countByTenant(ws, scope, "traces", "start_ns");
    const auto logs = countByTenant(ws, scope, "logs", "time_ns");
    const auto series = countByTenant(ws, scope, "metric_series", "");
    const auto points = countByTenant(ws, scope, "metric_points", "time_ns");
    const auto changes = countByTenant(ws, scope, "changes", "time_ns");

    ScopedQuery tenants("SELECT t.id, t.name FROM tenants t");
    if (!scope.isAllTenants())
        tenants.where("t.id = ?", raw(*scope.tenant()));
    tenants.append("ORDER BY t.name");
    auto st = tenants.prepare(ws.db());
    auto get = [](const std::map<std::int64_t, std::int64_t>& m, std::int64_t id) {
        const auto it = m.find(id);
        return it == m.end() ? 0 : it->second;
    };
    while (st.step()) {
        const auto id = st.int64(0);
        TenantCounts t{st.text(1),
                       {get(spans, id), get(traces, id), get(logs, id), get(series, id),
                        get(points, id), get(changes, id)}};
        stats.totals.spans += t.counts.spans;
        stats.totals.traces += t.counts.traces;
        stats.totals.logs += t.counts.logs;
        stats.totals.metricSeries += t.counts.metricSeries;
        stats.totals.metricPoints += t.counts.metricPoints;
        stats.totals.changes += t.counts.changes;
        stats.tenants.push_back(std::move(t));
    }
    // Rejected records belong to no tenant (they could not be parsed), so a tenant-scoped
    // view reports none rather than other customers' junk.
    if (scope.isAllTenants()) {
        stats.rejected = ws.db().scalarInt("SELECT count(*) FROM rejected_records");
        stats.bundles = ws.db().scalarInt("SELECT count(*) FROM bundles");
    }
    return stats;
}

} // namespace casebook
