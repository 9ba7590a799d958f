#pragma once
// Upstream and downstream closures over the in-memory lineage graph: breadth first, so
// each reached node has its hop count and the neighbour it was first reached from, which
// gives a shortest path back to the root.

#include "core/lineage/lineage_graph.h"

#include <vector>

namespace casebook {

struct ReachedNode {
    NodeIndex node = 0;
    int hops = 0;
    NodeIndex via = 0; // the node it was reached from (the root: itself)
};

class LineageClosure {
public:
    // Nodes reachable from `root` in `direction` within `maxDepth` hops (negative: no
    // limit), in breadth-first order; the root itself is not included.
    LineageClosure(const LineageGraph& graph, NodeIndex root, LineageDirection direction,
                   int maxDepth = -1);

    NodeIndex root() const { return root_; }
    LineageDirection direction() const { return direction_; }
    const std::vector<ReachedNode>& reached() const { return reached_; }
    bool contains(NodeIndex n) const { return hops_[n] > 0; }
    int hops(NodeIndex n) const { return hops_[n]; }
    // The nodes from the root to `n` (both included), in the direction of the walk.
    std::vector<NodeIndex> pathTo(NodeIndex n) const;

private:
    NodeIndex root_;
    LineageDirection direction_;
    std::vector<ReachedNode> reached_;
    std::vector<int> hops_; // 0: the root or not reached
    std::vector<NodeIndex> via_;
};

// A shortest directed path between two nodes, from `a` down to `b` or, when there is
// none, from `b` down to `a`; empty when neither exists.
std::vector<NodeIndex> shortestLineagePath(const LineageGraph& graph, NodeIndex a, NodeIndex b);

} // namespace casebook
