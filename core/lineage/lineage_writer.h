#pragma once
// Writes lineage records into the workspace for the WorkspaceWriter. Nodes, edges and
// column edges are merged per tenant across bundles (the row keeps the bundle that first
// brought it); run events and facets are appended. Node rows are interned for the
// import, so the many mentions of a node in an event stream cost a map lookup each.

#include "core/model/records.h"
#include "core/store/sqlite.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace casebook {

class LineageWriter {
public:
    using RowOf = std::function<std::int64_t(std::string_view)>;
    // `tenantRow` maps a tenant name (empty: the bundle's default) to its row id;
    // `serviceRow` a service name to its row id.
    LineageWriter(Database& db, std::int64_t bundle, RowOf tenantRow, RowOf serviceRow);

    void addNode(const LineageNodeRecord& node);
    void addEdge(const LineageEdgeRecord& edge);
    void addRun(const LineageRunRecord& run);
    void addColumnEdge(const LineageColumnEdgeRecord& edge);
    void addFacet(const LineageFacetRecord& facet);

private:
    struct NodeState {
        std::int64_t id = 0;
        std::optional<std::int64_t> firstSeen; // none: known for all time
    };
    std::int64_t nodeRow(std::int64_t tenant, const LineageNodeKey& key,
                         std::optional<std::int64_t> seenNs);
    void prepare();

    Database& db_;
    std::int64_t bundle_;
    RowOf tenantRow_, serviceRow_;
    bool prepared_ = false;
    Statement upsertNode_, lowerNodeSeen_, updateNode_, insertService_, upsertEdge_, insertRun_,
        upsertColumnEdge_, insertFacet_;
    std::unordered_map<std::string, NodeState> nodes_;
    // The last facet text stored per (node, facet name): repeats of it are not stored again.
    std::unordered_map<std::string, std::size_t> lastFacet_;
    std::string key_;
};

// The kind a node has when no source names one: "dataset" or "job".
std::string_view defaultLineageKind(LineageRole role);

} // namespace casebook
