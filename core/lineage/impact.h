#pragma once
// Impact in business words: from a broken node, what is affected downstream (or what it
// depends on upstream), counted by kind against everything of that kind in scope
// ("2 of 15 journeys, 1 of 1 syncs, 3 of 5 dashboards"), each with its path from the
// broken node and its status at the moment looked at.

#include "core/lineage/closure.h"
#include "core/lineage/node_status.h"

#include <ostream>
#include <string>
#include <vector>

namespace casebook {

struct ImpactItem {
    NodeIndex node = 0;
    int hops = 0;
};

struct ImpactKindCount {
    std::string kind;
    std::size_t affected = 0;
    std::size_t total = 0; // nodes of the kind in the graph (the scope at the moment)
};

struct ImpactReport {
    NodeIndex root = 0;
    LineageDirection direction = LineageDirection::Downstream;
    int maxDepth = -1;
    std::vector<ImpactItem> items;       // business kinds first, then nearest, then by name
    std::vector<ImpactKindCount> byKind; // business kinds first (journeys, syncs, ...)

    // The nodes from the root to an item's node, both included: a shortest path, worked
    // out when asked for (every path at once would cost more than the closure).
    std::vector<NodeIndex> pathTo(NodeIndex node) const;
    std::vector<NodeIndex> pathOf(const ImpactItem& item) const { return pathTo(item.node); }

    // "2 of 15 journeys, 1 of 1 syncs, 3 of 5 dashboards, 4 of 20 datasets".
    std::string summary() const;

    std::vector<NodeIndex> via; // per graph node: the node it was reached from
};

ImpactReport computeImpact(const LineageGraph& graph, NodeIndex root, LineageDirection direction,
                           int maxDepth = -1);

// "journeys", "syncs", "dashboards", "models", "jobs", "datasets", "other nodes".
std::string kindPlural(std::string_view kind, std::size_t count);

// The order business readers want kinds in: what people see first.
int kindRank(std::string_view kind);

// Every item, one line each, no cap: kind, namespace, name, hops, status, path.
void writeImpactCsv(const ImpactReport& report, const LineageGraph& graph,
                    const LineageStatus* status, std::ostream& out);
void writeImpactMarkdown(const ImpactReport& report, const LineageGraph& graph,
                         const LineageStatus* status, std::ostream& out);

// "a/x → b/y → c/z".
std::string pathText(const LineageGraph& graph, const std::vector<NodeIndex>& path);

} // namespace casebook
