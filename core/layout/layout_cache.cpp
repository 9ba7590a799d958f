#include "core/layout/layout_cache.h"

#include "core/layout/layout_codec.h"
#include "core/query/scoped_query.h"

namespace casebook {

std::optional<LayoutResult> cachedLayout(Workspace& ws, const Scope& scope,
                                         const std::string& key) {
    ScopedQuery q("SELECT c.layout FROM lineage_layout_cache c");
    q.applyScope(scope, "c", "");
    q.where("c.cache_key = ?", key);
    q.append("LIMIT 1");
    auto st = q.prepare(ws.db());
    if (!st.step())
        return std::nullopt;
    try {
        return resultFromJson(st.textView(0));
    } catch (const LayoutError&) {
        return std::nullopt; // a damaged row is laid out again and replaced
    }
}

void storeLayout(Workspace& ws, const Scope& scope, const std::string& key,
                 const LayoutResult& layout) {
    auto st = ws.db().prepare(
        "INSERT OR REPLACE INTO lineage_layout_cache(tenant_id, cache_key, bundle_id, created_ns, "
        "node_count, layout) VALUES(?, ?, coalesce((SELECT max(id) FROM bundles), 0), ?, ?, ?)");
    st.bind(1, scope.isAllTenants() ? std::int64_t{0} : raw(*scope.tenant()))
        .bind(2, key)
        .bind(3, nowNs())
        .bind(4, static_cast<std::int64_t>(layout.nodes.size()))
        .bind(5, resultToJson(layout))
        .run();
}

} // namespace casebook
