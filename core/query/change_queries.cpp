#include "core/query/change_queries.h"

#include "core/query/scoped_query.h"

namespace casebook {

std::vector<ChangeRow> listChanges(Workspace& ws, const Scope& scope) {
    ScopedQuery q(
        "SELECT c.id, c.time_ns, c.end_ns, c.kind, coalesce(sv.name, ''), tn.name, c.title, "
        "coalesce(c.version, ''), c.attributes FROM changes c JOIN tenants tn ON tn.id = "
        "c.tenant_id "
        "LEFT JOIN services sv ON sv.id = c.service_id");
    q.applyScope(scope.withWindow({}), "c", "");
    if (scope.window().toNs)
        q.where("c.time_ns < ?", *scope.window().toNs);
    if (scope.window().fromNs)
        q.where("coalesce(c.end_ns, c.time_ns) >= ?", *scope.window().fromNs);
    q.append("ORDER BY c.time_ns, c.id");
    auto st = q.prepare(ws.db());
    std::vector<ChangeRow> out;
    while (st.step()) {
        ChangeRow r;
        r.id = st.int64(0);
        r.timeNs = st.int64(1);
        if (!st.isNull(2))
            r.endNs = st.int64(2);
        r.kind = st.text(3);
        r.service = st.text(4);
        r.tenant = st.text(5);
        r.title = st.text(6);
        r.version = st.text(7);
        r.attributesJson = st.text(8);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace casebook
