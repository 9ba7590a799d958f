#pragma once
// The lineage of a scope at a moment, in memory: nodes and a compressed adjacency index in
// both directions, so that closures, impact and focused views walk it in microseconds.
// Built from the workspace by loadLineageGraph() (lineage_store.h).

#include "core/model/records.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace casebook {

// Index of a node in one LineageGraph (not a workspace row id).
using NodeIndex = std::uint32_t;

enum class LineageDirection { Downstream, Upstream };

struct LineageNodeInfo {
    std::int64_t id = 0; // lineage_nodes row id
    LineageRole role = LineageRole::Dataset;
    std::string ns, name, kind, owner, tenant;
    std::optional<std::int64_t> firstSeenNs;

    // "namespace/name", the way the CLI and the GUI name a node.
    std::string qualifiedName() const { return ns + "/" + name; }
};

class LineageGraph {
public:
    LineageGraph() = default;
    // Edges are (from, to) pairs of indices into `nodes`; duplicates and self loops are kept
    // out of the index.
    LineageGraph(std::vector<LineageNodeInfo> nodes,
                 std::vector<std::pair<NodeIndex, NodeIndex>> edges);

    std::size_t nodeCount() const { return nodes_.size(); }
    std::size_t edgeCount() const { return out_.size(); }
    const LineageNodeInfo& node(NodeIndex n) const { return nodes_[n]; }
    const std::vector<LineageNodeInfo>& nodes() const { return nodes_; }

    std::span<const NodeIndex> downstream(NodeIndex n) const {
        return {out_.data() + outStart_[n], out_.data() + outStart_[n + 1]};
    }
    std::span<const NodeIndex> upstream(NodeIndex n) const {
        return {in_.data() + inStart_[n], in_.data() + inStart_[n + 1]};
    }
    std::span<const NodeIndex> neighbours(NodeIndex n, LineageDirection d) const {
        return d == LineageDirection::Downstream ? downstream(n) : upstream(n);
    }
    bool hasEdge(NodeIndex from, NodeIndex to) const;

    std::optional<NodeIndex> indexOf(std::int64_t rowId) const;

private:
    std::vector<LineageNodeInfo> nodes_;
    std::vector<std::uint32_t> outStart_, inStart_;
    std::vector<NodeIndex> out_, in_;
    std::unordered_map<std::int64_t, NodeIndex> byId_;
};

} // namespace casebook
