#include "core/analysis/slo_store.h"

#include "core/query/scoped_query.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace casebook {
namespace {

StoredSlo readRow(Statement& st) {
    StoredSlo s;
    s.id = SloId{st.int64(0)};
    s.tenant = st.text(1);
    s.fromBundle = !st.isNull(2);
    s.definitionJson = st.text(3);
    auto parsed = parseSloDefinitionText(s.definitionJson);
    s.definition = std::move(parsed.slo);
    s.error = std::move(parsed.error);
    return s;
}

constexpr const char* kSelect = "SELECT s.id, tn.name, s.bundle_id, s.definition FROM slos s "
                                "JOIN tenants tn ON tn.id = s.tenant_id";

} // namespace

bool selectorMatches(const SeriesSelector& selector, const SeriesInfo& series) {
    if (series.name != selector.metric)
        return false;
    if (selector.labels.empty())
        return true;
    const auto labels = nlohmann::json::parse(series.labelsJson, nullptr, false);
    if (!labels.is_object())
        return false;
    for (const auto& [key, value] : selector.labels) {
        const auto it = labels.find(key);
        if (it == labels.end() || !it->is_string() || it->get<std::string>() != value)
            return false;
    }
    return true;
}

std::vector<StoredSlo> listSlos(Workspace& ws, const Scope& scope) {
    ScopedQuery q(kSelect);
    q.applyScope(scope, "s", "");
    q.append("ORDER BY s.name, tn.name");
    auto st = q.prepare(ws.db());
    std::vector<StoredSlo> out;
    while (st.step())
        out.push_back(readRow(st));
    return out;
}

std::optional<StoredSlo> findSlo(Workspace& ws, const Scope& scope, SloId id) {
    ScopedQuery q(kSelect);
    q.where("s.id = ?", raw(id));
    q.applyScope(scope, "s", "", true);
    auto st = q.prepare(ws.db());
    if (!st.step())
        return std::nullopt;
    return readRow(st);
}

SloId addSlo(Workspace& ws, const Scope& scope, const SloDefinition& slo) {
    if (scope.isAllTenants())
        throw std::invalid_argument("an SLO belongs to one tenant: choose a tenant first");
    if (!slo.tenants.empty() &&
        std::find(slo.tenants.begin(), slo.tenants.end(), scope.tenantName()) == slo.tenants.end())
        throw std::invalid_argument("the SLO's tenant filter does not name tenant " +
                                    scope.tenantName());
    const TenantId tenant = ws.ensureTenant(scope.tenantName());
    auto st = ws.db().prepare(
        "INSERT INTO slos(bundle_id, tenant_id, name, definition, created_ns) VALUES(NULL,?,?,?,?) "
        "ON CONFLICT(tenant_id, name) DO UPDATE SET bundle_id = NULL, definition = "
        "excluded.definition, created_ns = excluded.created_ns RETURNING id");
    st.bind(1, raw(tenant)).bind(2, slo.name).bind(3, sloDefinitionJson(slo)).bind(4, nowNs());
    if (!st.step())
        throw StoreError("the SLO was not stored");
    return SloId{st.int64(0)};
}

bool removeSlo(Workspace& ws, const Scope& scope, SloId id) {
    if (!findSlo(ws, scope, id))
        return false;
    auto st = ws.db().prepare("DELETE FROM slos WHERE id = ?");
    st.bind(1, raw(id)).run();
    return ws.db().changes() > 0;
}

} // namespace casebook
