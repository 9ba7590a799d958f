#include "core/lineage/focused_view.h"

#include <algorithm>
#include <map>

namespace casebook {

std::size_t LineageView::nodeCount() const {
    return static_cast<std::size_t>(
        std::count_if(nodes.begin(), nodes.end(), [](const auto& n) { return !n.isGroup; }));
}

std::size_t LineageView::groupCount() const {
    return nodes.size() - nodeCount();
}

std::size_t LineageView::foldedCount() const {
    std::size_t folded = 0;
    for (const auto& n : nodes)
        folded += n.members.size();
    return folded;
}

bool passesLineageFilter(const LineageNodeInfo& node, const LineageViewFilter& filter,
                         const LineageStatus* status) {
    if (!filter.kinds.empty() && !filter.kinds.count(node.kind))
        return false;
    if (!filter.namespaces.empty() && !filter.namespaces.count(node.ns))
        return false;
    if (!filter.owners.empty()) {
        bool owned = false;
        for (const auto& owner : filter.owners)
            owned = owned || (!owner.empty() && node.owner.find(owner) != std::string::npos);
        if (!owned)
            return false;
    }
    if (!filter.statuses.empty()) {
        const NodeStatus& s = status ? status->of(node.id) : LineageStatus{}.of(node.id);
        const bool match = filter.statuses.count(std::string(runStateWord(s.state))) ||
                           (s.stale && filter.statuses.count("stale"));
        if (!match)
            return false;
    }
    return true;
}

namespace {

class ViewBuilder {
public:
    ViewBuilder(const LineageGraph& graph, const LineageViewFilter& filter,
                const LineageStatus* status)
        : graph_(graph), filter_(filter), status_(status), visible_(graph.nodeCount(), false) {}

    void reveal(NodeIndex n) { visible_[n] = true; }
    bool isVisible(NodeIndex n) const { return visible_[n]; }

    void walk(NodeIndex focus, LineageDirection direction, const LineageViewOptions& options) {
        std::vector<NodeIndex> frontier{focus}, next;
        for (int depth = 1; !frontier.empty(); ++depth) {
            next.clear();
            for (NodeIndex from : frontier) {
                std::map<std::string, std::vector<NodeIndex>> byKind;
                for (NodeIndex to : graph_.neighbours(from, direction))
                    if (!visible_[to])
                        byKind[graph_.node(to).kind].push_back(to);
                for (auto& [kind, members] : byKind) {
                    LineageGroupKey key{graph_.node(from).id, direction, kind};
                    const bool open =
                        options.expanded.count(key) > 0 ||
                        (depth <= options.hops && members.size() <= options.maxFanout);
                    if (!open) {
                        auto& group = groups_[key];
                        group.insert(group.end(), members.begin(), members.end());
                        continue;
                    }
                    for (NodeIndex m : members) {
                        if (!visible_[m]) {
                            visible_[m] = true;
                            next.push_back(m);
                        }
                    }
                }
            }
            std::swap(frontier, next);
        }
    }

    LineageView finish(NodeIndex focus, const std::vector<NodeIndex>& path) {
        LineageView view;
        view.path = path;
        std::vector<bool> onPath(graph_.nodeCount(), false);
        for (NodeIndex n : path)
            onPath[n] = true;
        // Kept: visible and passing the filter (the focus and the path always pass).
        std::vector<std::size_t> slot(graph_.nodeCount(), kNone);
        for (NodeIndex n = 0; n < graph_.nodeCount(); ++n) {
            if (!visible_[n])
                continue;
            if (n != focus && !onPath[n] &&
                !passesLineageFilter(graph_.node(n), filter_, status_)) {
                ++view.hiddenByFilter;
                continue;
            }
            slot[n] = view.nodes.size();
            LineageViewNode node;
            node.node = n;
            node.focus = n == focus;
            node.onPath = onPath[n];
            view.nodes.push_back(std::move(node));
        }
        for (NodeIndex a = 0; a < graph_.nodeCount(); ++a) {
            if (slot[a] == kNone)
                continue;
            std::vector<NodeIndex> targets;
            std::vector<bool> contracted;
            collectTargets(a, slot, targets, contracted);
            for (std::size_t i = 0; i < targets.size(); ++i) {
                LineageViewEdge edge;
                edge.from = slot[a];
                edge.to = slot[targets[i]];
                edge.contracted = contracted[i];
                edge.onPath = onPath[a] && onPath[targets[i]] && !contracted[i] &&
                              isPathStep(path, a, targets[i]);
                view.edges.push_back(edge);
            }
        }
        for (auto& [key, members] : groups_) {
            std::erase_if(members, [&](NodeIndex m) { return visible_[m]; });
            std::sort(members.begin(), members.end());
            members.erase(std::unique(members.begin(), members.end()), members.end());
            const auto anchor = graph_.indexOf(key.anchor);
            if (members.empty() || !anchor || slot[*anchor] == kNone)
                continue;
            LineageViewNode group;
            group.isGroup = true;
            group.node = *anchor;
            group.group = key;
            group.members = std::move(members);
            const std::size_t at = view.nodes.size();
            view.nodes.push_back(std::move(group));
            LineageViewEdge edge;
            const bool down = key.direction == LineageDirection::Downstream;
            edge.from = down ? slot[*anchor] : at;
            edge.to = down ? at : slot[*anchor];
            view.edges.push_back(edge);
        }
        return view;
    }

private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    static bool isPathStep(const std::vector<NodeIndex>& path, NodeIndex a, NodeIndex b) {
        for (std::size_t i = 0; i + 1 < path.size(); ++i)
            if (path[i] == a && path[i + 1] == b)
                return true;
        return false;
    }

    // Kept nodes reached from `a` directly, or through visible nodes the filter hides.
    void collectTargets(NodeIndex a, const std::vector<std::size_t>& slot,
                        std::vector<NodeIndex>& targets, std::vector<bool>& contracted) const {
        std::vector<NodeIndex> stack;
        std::vector<NodeIndex> seen;
        for (NodeIndex b : graph_.downstream(a)) {
            if (!visible_[b])
                continue;
            if (slot[b] != kNone) {
                targets.push_back(b);
                contracted.push_back(false);
            } else {
                stack.push_back(b);
            }
        }
        while (!stack.empty()) {
            const NodeIndex hidden = stack.back();
            stack.pop_back();
            if (std::find(seen.begin(), seen.end(), hidden) != seen.end())
                continue;
            seen.push_back(hidden);
            for (NodeIndex c : graph_.downstream(hidden)) {
                if (!visible_[c] || c == a)
                    continue;
                if (slot[c] == kNone) {
                    stack.push_back(c);
                } else if (std::find(targets.begin(), targets.end(), c) == targets.end()) {
                    targets.push_back(c);
                    contracted.push_back(true);
                }
            }
        }
    }

    const LineageGraph& graph_;
    const LineageViewFilter& filter_;
    const LineageStatus* status_;
    std::vector<bool> visible_;
    std::map<LineageGroupKey, std::vector<NodeIndex>> groups_;
};

} // namespace

LineageView buildLineageView(const LineageGraph& graph, const LineageViewOptions& options,
                             const LineageStatus* status) {
    ViewBuilder builder(graph, options.filter, status);
    if (graph.nodeCount() == 0 || options.focus >= graph.nodeCount())
        return {};
    std::vector<NodeIndex> path;
    if (options.pathTo && *options.pathTo < graph.nodeCount())
        path = shortestLineagePath(graph, options.focus, *options.pathTo);
    if (options.isolatePath && !path.empty()) {
        // Only the path: no groups, and no filter (every node of it is shown).
        const LineageViewFilter none;
        ViewBuilder unfiltered(graph, none, status);
        for (NodeIndex n : path)
            unfiltered.reveal(n);
        return unfiltered.finish(options.focus, path);
    }
    builder.reveal(options.focus);
    builder.walk(options.focus, LineageDirection::Downstream, options);
    builder.walk(options.focus, LineageDirection::Upstream, options);
    for (NodeIndex n : path)
        builder.reveal(n);
    return builder.finish(options.focus, path);
}

LineageView wholeLineageView(const LineageGraph& graph, const LineageViewFilter& filter,
                             const LineageStatus* status) {
    ViewBuilder builder(graph, filter, status);
    for (NodeIndex n = 0; n < graph.nodeCount(); ++n)
        builder.reveal(n);
    // No focus: an index past the end never matches, so every node meets the filter.
    return builder.finish(static_cast<NodeIndex>(graph.nodeCount()), {});
}

} // namespace casebook
