#include "ui/lineage/lineage_snapshot.h"

#include "core/lineage/lineage_store.h"
#include "core/query/scoped_query.h"
#include "core/store/workspace.h"
#include "ui/util/text.h"

#include <algorithm>
#include <set>

namespace casebook::ui {

namespace {

std::pair<std::int64_t, std::int64_t> timeRange(Workspace& ws, const Scope& scope) {
    ScopedQuery q("SELECT min(r.time_ns), max(r.time_ns) FROM lineage_run_events r");
    q.applyScope(scope, "r", "");
    auto st = q.prepare(ws.db());
    if (st.step() && !st.isNull(0))
        return {st.int64(0), st.int64(1)};
    return {0, 0};
}

} // namespace

LineageSnapshotPtr loadLineageSnapshot(const QString& workspacePath, const Scope& scope,
                                       std::optional<std::int64_t> asOfNs) {
    auto ws = Workspace::open(toFsPath(workspacePath), Workspace::OpenMode::ReadOnly);
    auto snapshot = std::make_shared<LineageSnapshot>(LineageSnapshot{
        workspacePath, scope, asOfNs, loadLineageGraph(*ws, scope, asOfNs), {}, 0, 0, {}, {}, {}});
    snapshot->status = lineageStatus(*ws, scope, snapshot->graph, asOfNs);
    std::tie(snapshot->firstNs, snapshot->lastNs) = timeRange(*ws, scope);
    std::set<std::string> namespaces, owners;
    std::optional<std::int64_t> newestFailure;
    for (NodeIndex n = 0; n < snapshot->graph.nodeCount(); ++n) {
        const auto& node = snapshot->graph.node(n);
        namespaces.insert(node.ns);
        std::size_t from = 0;
        while (from < node.owner.size()) {
            auto comma = node.owner.find(',', from);
            if (comma == std::string::npos)
                comma = node.owner.size();
            std::string owner = node.owner.substr(from, comma - from);
            owner.erase(0, owner.find_first_not_of(' '));
            if (!owner.empty())
                owners.insert(owner);
            from = comma + 1;
        }
        const NodeStatus& s = snapshot->status.of(node.id);
        if (node.role == LineageRole::Job && s.state == RunState::Failed && s.lastErrorNs &&
            (!newestFailure || *s.lastErrorNs > *newestFailure)) {
            newestFailure = s.lastErrorNs;
            snapshot->suggestedFocus = n;
        }
    }
    if (!snapshot->suggestedFocus && snapshot->graph.nodeCount() > 0) {
        // No failure: the node with the most downstream reach among the first sources.
        NodeIndex best = 0;
        std::size_t reach = 0;
        for (NodeIndex n = 0; n < snapshot->graph.nodeCount(); ++n) {
            if (!snapshot->graph.upstream(n).empty())
                continue;
            const auto size = snapshot->graph.downstream(n).size();
            if (size > reach) {
                reach = size;
                best = n;
            }
        }
        snapshot->suggestedFocus = best;
    }
    for (const auto& ns : namespaces)
        snapshot->namespaces.append(toQString(ns));
    for (const auto& owner : owners)
        snapshot->owners.append(toQString(owner));
    return snapshot;
}

LineageNodeSizer sizerFor(const NodeTextMetrics& m) {
    return [m](const std::string& first, const std::string& second) {
        auto width = [](const std::string& s, const std::array<float, 128>& advance, float wide) {
            double w = 0;
            for (char c : s) {
                const auto u = static_cast<unsigned char>(c);
                if (u < 128)
                    w += advance[u];
                else if ((u & 0xC0) != 0x80) // the first byte of a multi-byte character
                    w += wide;
            }
            return w;
        };
        const double text =
            std::max(width(first, m.name, m.nameWide), width(second, m.detail, m.detailWide));
        return std::pair<double, double>{std::clamp(text + m.padding, 110.0, m.maxWidth), m.height};
    };
}

} // namespace casebook::ui
