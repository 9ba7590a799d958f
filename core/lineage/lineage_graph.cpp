#include "core/lineage/lineage_graph.h"

#include <algorithm>

namespace casebook {

namespace {

// Counting sort of (key, value) pairs into a compressed row index.
void compress(std::size_t nodes, const std::vector<std::pair<NodeIndex, NodeIndex>>& pairs,
              bool byFrom, std::vector<std::uint32_t>& start, std::vector<NodeIndex>& targets) {
    start.assign(nodes + 1, 0);
    for (const auto& [from, to] : pairs)
        ++start[(byFrom ? from : to) + 1];
    for (std::size_t i = 0; i < nodes; ++i)
        start[i + 1] += start[i];
    targets.resize(pairs.size());
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (const auto& [from, to] : pairs)
        targets[fill[byFrom ? from : to]++] = byFrom ? to : from;
    for (std::size_t i = 0; i < nodes; ++i)
        std::sort(targets.begin() + start[i], targets.begin() + start[i + 1]);
}

} // namespace

LineageGraph::LineageGraph(std::vector<LineageNodeInfo> nodes,
                           std::vector<std::pair<NodeIndex, NodeIndex>> edges)
    : nodes_(std::move(nodes)) {
    const auto n = nodes_.size();
    std::erase_if(
        edges, [n](const auto& e) { return e.first == e.second || e.first >= n || e.second >= n; });
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    compress(n, edges, true, outStart_, out_);
    compress(n, edges, false, inStart_, in_);
    byId_.reserve(n);
    for (NodeIndex i = 0; i < n; ++i)
        byId_.emplace(nodes_[i].id, i);
}

bool LineageGraph::hasEdge(NodeIndex from, NodeIndex to) const {
    const auto targets = downstream(from);
    return std::binary_search(targets.begin(), targets.end(), to);
}

std::optional<NodeIndex> LineageGraph::indexOf(std::int64_t rowId) const {
    const auto it = byId_.find(rowId);
    if (it == byId_.end())
        return std::nullopt;
    return it->second;
}

} // namespace casebook
