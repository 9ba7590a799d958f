#include "core/lineage/lineage_store.h"

#include "core/query/scoped_query.h"

#include <algorithm>

namespace casebook {

namespace {

constexpr const char* kNodeColumns =
    "SELECT n.id, n.role, n.namespace, n.name, n.kind, coalesce(n.owner, ''), n.first_seen_ns, "
    "t.name, coalesce(n.description, ''), coalesce(n.columns, '') FROM lineage_nodes n "
    "JOIN tenants t ON t.id = n.tenant_id";

LineageNodeRow readNode(const Statement& st) {
    LineageNodeRow row;
    row.info.id = st.int64(0);
    row.info.role =
        st.int64(1) == static_cast<int>(LineageRole::Job) ? LineageRole::Job : LineageRole::Dataset;
    row.info.ns = st.text(2);
    row.info.name = st.text(3);
    row.info.kind = st.text(4);
    row.info.owner = st.text(5);
    if (!st.isNull(6))
        row.info.firstSeenNs = st.int64(6);
    row.info.tenant = st.text(7);
    row.description = st.text(8);
    row.columnsJson = st.text(9);
    return row;
}

void applyAsOf(ScopedQuery& q, const char* alias, std::optional<std::int64_t> asOfNs) {
    if (asOfNs)
        q.where(std::string(alias) + ".first_seen_ns IS NULL OR " + alias + ".first_seen_ns <= ?",
                *asOfNs);
}

std::string likePattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('%');
    return out;
}

std::vector<LineageNodeRow> query(Workspace& ws, ScopedQuery& q) {
    auto st = q.prepare(ws.db());
    std::vector<LineageNodeRow> out;
    while (st.step())
        out.push_back(readNode(st));
    return out;
}

} // namespace

LineageGraph loadLineageGraph(Workspace& ws, const Scope& scope,
                              std::optional<std::int64_t> asOfNs) {
    std::vector<LineageNodeInfo> nodes;
    {
        ScopedQuery q("SELECT n.id, n.role, n.namespace, n.name, n.kind, coalesce(n.owner, ''), "
                      "n.first_seen_ns, t.name FROM lineage_nodes n JOIN tenants t ON t.id = "
                      "n.tenant_id");
        // A scan in row order: every node of the tenant is wanted, and the order is the
        // one the graph keeps, so no sort (a walk of the unique index would need one).
        q.applyScope(scope, "n", "", true);
        applyAsOf(q, "n", asOfNs);
        q.append("ORDER BY n.id");
        auto st = q.prepare(ws.db());
        while (st.step()) {
            LineageNodeInfo info;
            info.id = st.int64(0);
            info.role = st.int64(1) == static_cast<int>(LineageRole::Job) ? LineageRole::Job
                                                                          : LineageRole::Dataset;
            info.ns = st.text(2);
            info.name = st.text(3);
            info.kind = st.text(4);
            info.owner = st.text(5);
            if (!st.isNull(6))
                info.firstSeenNs = st.int64(6);
            info.tenant = st.text(7);
            nodes.push_back(std::move(info));
        }
    }
    // Row ids ascend, so a binary search maps an edge's node ids to indices.
    auto indexOf = [&](std::int64_t id) -> std::optional<NodeIndex> {
        const auto it =
            std::lower_bound(nodes.begin(), nodes.end(), id,
                             [](const LineageNodeInfo& n, std::int64_t v) { return n.id < v; });
        if (it == nodes.end() || it->id != id)
            return std::nullopt;
        return static_cast<NodeIndex>(it - nodes.begin());
    };
    std::vector<std::pair<NodeIndex, NodeIndex>> edges;
    {
        ScopedQuery q("SELECT e.from_node, e.to_node FROM lineage_edges e");
        q.applyScope(scope, "e", "");
        applyAsOf(q, "e", asOfNs);
        auto st = q.prepare(ws.db());
        while (st.step()) {
            const auto from = indexOf(st.int64(0));
            const auto to = indexOf(st.int64(1));
            if (from && to)
                edges.emplace_back(*from, *to);
        }
    }
    return LineageGraph(std::move(nodes), std::move(edges));
}

std::vector<LineageNodeRow> findLineageNodes(Workspace& ws, const Scope& scope,
                                             const std::string& text, std::size_t limit,
                                             const std::string& kind) {
    ScopedQuery q(kNodeColumns);
    q.applyScope(scope, "n", "");
    if (!text.empty())
        q.where("n.name LIKE ? ESCAPE '\\' OR n.namespace LIKE ? ESCAPE '\\'",
                std::vector<ScopedQuery::Value>{likePattern(text), likePattern(text)});
    if (!kind.empty())
        q.where("n.kind = ?", kind);
    q.append("ORDER BY lower(n.name) = lower(?) DESC, lower(n.name), n.namespace, n.id LIMIT ?");
    q.bindValue(text);
    q.bindValue(static_cast<std::int64_t>(limit));
    return query(ws, q);
}

std::optional<LineageNodeRow> lineageNodeById(Workspace& ws, const Scope& scope, std::int64_t id) {
    ScopedQuery q(kNodeColumns);
    q.applyScope(scope, "n", "", true);
    q.where("n.id = ?", id);
    auto rows = query(ws, q);
    if (rows.empty())
        return std::nullopt;
    return std::move(rows.front());
}

NodeResolution resolveLineageNode(Workspace& ws, const Scope& scope, const std::string& text) {
    NodeResolution result;
    std::string rest = text;
    std::optional<LineageRole> role;
    if (rest.rfind("job:", 0) == 0) {
        role = LineageRole::Job;
        rest.erase(0, 4);
    } else if (rest.rfind("dataset:", 0) == 0) {
        role = LineageRole::Dataset;
        rest.erase(0, 8);
    }
    std::vector<LineageNodeRow> matches;
    if (!rest.empty() && rest[0] == '#') {
        try {
            if (auto row = lineageNodeById(ws, scope, std::stoll(rest.substr(1))))
                matches.push_back(std::move(*row));
        } catch (const std::exception&) {
        }
    } else {
        // "namespace/name" where the namespace may itself hold '/' (s3://bucket): try
        // every split, then the whole text as a bare name.
        for (std::size_t slash = rest.find('/'); slash != std::string::npos;
             slash = rest.find('/', slash + 1)) {
            ScopedQuery q(kNodeColumns);
            q.applyScope(scope, "n", "");
            q.where("n.namespace = ? AND n.name = ?",
                    std::vector<ScopedQuery::Value>{rest.substr(0, slash), rest.substr(slash + 1)});
            for (auto& row : query(ws, q))
                matches.push_back(std::move(row));
        }
        if (matches.empty()) {
            ScopedQuery q(kNodeColumns);
            q.applyScope(scope, "n", "");
            q.where("n.name = ?", rest);
            matches = query(ws, q);
        }
    }
    if (role)
        std::erase_if(matches, [&](const LineageNodeRow& r) { return r.info.role != *role; });
    if (matches.size() == 1) {
        result.node = std::move(matches.front());
        return result;
    }
    if (matches.empty()) {
        result.error = "no lineage node \"" + text + "\" in this scope";
        result.candidates = findLineageNodes(ws, scope, rest.substr(rest.rfind('/') + 1), 10);
        return result;
    }
    result.error = "\"" + text + "\" names " + std::to_string(matches.size()) +
                   " nodes; say which with job: or dataset: and namespace/name";
    result.candidates = std::move(matches);
    return result;
}

std::vector<std::pair<std::string, std::int64_t>> lineageKindCounts(Workspace& ws,
                                                                    const Scope& scope) {
    ScopedQuery q("SELECT n.kind, count(*) FROM lineage_nodes n");
    q.applyScope(scope, "n", "");
    q.append("GROUP BY n.kind ORDER BY n.kind");
    auto st = q.prepare(ws.db());
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (st.step())
        out.emplace_back(st.text(0), st.int64(1));
    return out;
}

std::optional<std::int64_t> newestLineageTime(Workspace& ws, const Scope& scope) {
    std::optional<std::int64_t> newest;
    for (const char* sql : {"SELECT max(r.time_ns) FROM lineage_run_events r",
                            "SELECT max(r.first_seen_ns) FROM lineage_edges r"}) {
        ScopedQuery q(sql);
        q.applyScope(scope, "r", "");
        auto st = q.prepare(ws.db());
        if (st.step() && !st.isNull(0))
            newest = std::max(newest.value_or(st.int64(0)), st.int64(0));
    }
    return newest;
}

} // namespace casebook
