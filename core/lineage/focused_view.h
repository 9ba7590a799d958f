#pragma once
// What the lineage pane and `casebook-cli lineage layout NODE` draw: the selected node plus
// N hops up and down, neighbours beyond the hops (or too many of one kind at once) folded
// into groups that count them, filters by kind, namespace, owner and status (a filtered
// node's edges are carried through it, so paths stay whole), and the path between two
// nodes highlighted or isolated. Plain data; the GUI and the CLI lay it out.

#include "core/lineage/closure.h"
#include "core/lineage/node_status.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace casebook {

struct LineageViewFilter {
    std::set<std::string> kinds, namespaces, owners; // empty: any
    std::set<std::string> statuses;                  // runStateWord() words and "stale"; empty: any
    bool isEmpty() const {
        return kinds.empty() && namespaces.empty() && owners.empty() && statuses.empty();
    }
};

// A folded set of neighbours: the nodes of one kind beyond `anchor` in one direction.
struct LineageGroupKey {
    std::int64_t anchor = 0; // lineage_nodes row id (stable across reloads)
    LineageDirection direction = LineageDirection::Downstream;
    std::string kind;
    friend auto operator<=>(const LineageGroupKey&, const LineageGroupKey&) = default;
};

struct LineageViewOptions {
    NodeIndex focus = 0;
    int hops = 2;
    // More neighbours of one kind than this, even within the hops, are folded.
    std::size_t maxFanout = 12;
    std::set<LineageGroupKey> expanded;
    LineageViewFilter filter;
    std::optional<NodeIndex> pathTo; // highlight the path between focus and this node
    bool isolatePath = false;        // show only that path
};

struct LineageViewNode {
    bool isGroup = false;
    NodeIndex node = 0;             // the node; for a group, its anchor
    LineageGroupKey group;          // groups only
    std::vector<NodeIndex> members; // groups only: the folded nodes
    bool focus = false;
    bool onPath = false;
};

struct LineageViewEdge {
    std::size_t from = 0, to = 0; // indices into LineageView::nodes
    bool contracted = false;      // runs through nodes the filter hides
    bool onPath = false;
};

struct LineageView {
    std::vector<LineageViewNode> nodes;
    std::vector<LineageViewEdge> edges;
    std::vector<NodeIndex> path; // empty unless a path was asked for and exists
    std::size_t hiddenByFilter = 0;
    std::size_t nodeCount() const; // visible nodes, groups not counted
    std::size_t groupCount() const;
    std::size_t foldedCount() const; // nodes inside groups
};

// `status` is needed for status filters; may be null otherwise.
LineageView buildLineageView(const LineageGraph& graph, const LineageViewOptions& options,
                             const LineageStatus* status = nullptr);

// The whole graph as a view (no groups), for a full layout; filters still apply.
LineageView wholeLineageView(const LineageGraph& graph, const LineageViewFilter& filter = {},
                             const LineageStatus* status = nullptr);

bool passesLineageFilter(const LineageNodeInfo& node, const LineageViewFilter& filter,
                         const LineageStatus* status);

} // namespace casebook
