#include "core/analysis/lineage_upstream.h"

#include "core/lineage/closure.h"
#include "core/lineage/lineage_store.h"
#include "core/query/scoped_query.h"
#include "core/store/workspace.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace casebook {

UpstreamTest lineageUpstreamTest(Workspace& ws, const Scope& scope) {
    const LineageGraph graph = loadLineageGraph(ws, scope.withWindow({}));
    if (graph.nodeCount() == 0)
        return {};
    // A node's services as servicesOfNode (core/lineage/node_details.h) finds them, for
    // every node at once: the mapped ones, and the services named as the node or its
    // namespace ("ingestion-api/parse_submissions" runs in ingestion-api).
    std::map<std::int64_t, std::vector<std::string>> servicesOf; // by lineage_nodes row id
    {
        ScopedQuery q("SELECT ns.node_id, s.name FROM lineage_node_services ns "
                      "JOIN services s ON s.id = ns.service_id");
        q.applyScope(scope.withWindow({}), "ns", "");
        auto st = q.prepare(ws.db());
        while (st.step())
            servicesOf[st.int64(0)].push_back(st.text(1));
    }
    std::set<std::string> serviceNames;
    for (auto st = ws.db().prepare("SELECT name FROM services"); st.step();)
        serviceNames.insert(st.text(0));
    for (NodeIndex n = 0; n < graph.nodeCount(); ++n) {
        const auto& node = graph.node(n);
        for (const std::string* name : {&node.name, &node.ns})
            if (serviceNames.count(*name)) {
                auto& list = servicesOf[node.id];
                if (std::find(list.begin(), list.end(), *name) == list.end())
                    list.push_back(*name);
            }
    }
    if (servicesOf.empty())
        return {};
    // (downstream service, upstream service) pairs.
    auto feeds = std::make_shared<std::set<std::pair<std::string, std::string>>>();
    for (const auto& [rowId, upstreamServices] : servicesOf) {
        const auto root = graph.indexOf(rowId);
        if (!root)
            continue;
        const LineageClosure closure(graph, *root, LineageDirection::Downstream);
        for (const ReachedNode& reached : closure.reached()) {
            const auto it = servicesOf.find(graph.node(reached.node).id);
            if (it == servicesOf.end())
                continue;
            for (const auto& down : it->second)
                for (const auto& up : upstreamServices)
                    if (down != up)
                        feeds->emplace(down, up);
        }
    }
    if (feeds->empty())
        return {};
    return [feeds](std::string_view service, std::string_view upstream) {
        return feeds->count({std::string(service), std::string(upstream)}) > 0;
    };
}

} // namespace casebook
