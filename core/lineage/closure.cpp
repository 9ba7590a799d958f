#include "core/lineage/closure.h"

#include <algorithm>

namespace casebook {

LineageClosure::LineageClosure(const LineageGraph& graph, NodeIndex root,
                               LineageDirection direction, int maxDepth)
    : root_(root), direction_(direction), hops_(graph.nodeCount(), 0), via_(graph.nodeCount(), 0) {
    std::vector<bool> seen(graph.nodeCount(), false);
    seen[root] = true;
    via_[root] = root;
    std::vector<NodeIndex> frontier{root}, next;
    for (int depth = 1; !frontier.empty() && (maxDepth < 0 || depth <= maxDepth); ++depth) {
        next.clear();
        for (NodeIndex from : frontier) {
            for (NodeIndex to : graph.neighbours(from, direction)) {
                if (seen[to])
                    continue;
                seen[to] = true;
                hops_[to] = depth;
                via_[to] = from;
                reached_.push_back({to, depth, from});
                next.push_back(to);
            }
        }
        std::swap(frontier, next);
    }
}

std::vector<NodeIndex> LineageClosure::pathTo(NodeIndex n) const {
    std::vector<NodeIndex> path;
    if (n != root_ && hops_[n] == 0)
        return path;
    for (NodeIndex at = n; at != root_; at = via_[at])
        path.push_back(at);
    path.push_back(root_);
    std::reverse(path.begin(), path.end());
    return path;
}

std::vector<NodeIndex> shortestLineagePath(const LineageGraph& graph, NodeIndex a, NodeIndex b) {
    if (a == b)
        return {a};
    for (const auto& [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
        const LineageClosure walk(graph, from, LineageDirection::Downstream);
        if (walk.contains(to))
            return walk.pathTo(to);
    }
    return {};
}

} // namespace casebook
