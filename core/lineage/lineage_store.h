#pragma once
// Reading lineage from the workspace. Every function takes a Scope: a tenant scope sees
// that tenant's lineage only. `asOfNs` replays the lineage as it was known at that moment
// (edges and nodes first seen by then, or known for all time); none means everything.

#include "core/lineage/lineage_graph.h"
#include "core/store/workspace.h"

#include <optional>
#include <string>
#include <vector>

namespace casebook {

LineageGraph loadLineageGraph(Workspace& ws, const Scope& scope,
                              std::optional<std::int64_t> asOfNs = std::nullopt);

struct LineageNodeRow {
    LineageNodeInfo info;
    std::string description;
    std::string columnsJson;
};

// Nodes whose name or namespace contains `text` (case-insensitive), exact names first,
// then by name; at most `limit`. An empty text lists every node (still at most `limit`).
// `kind`, when given, keeps only nodes of that kind.
std::vector<LineageNodeRow> findLineageNodes(Workspace& ws, const Scope& scope,
                                             const std::string& text, std::size_t limit,
                                             const std::string& kind = {});

std::optional<LineageNodeRow> lineageNodeById(Workspace& ws, const Scope& scope, std::int64_t id);

// The node a person means by `text`: "job:namespace/name", "dataset:namespace/name",
// "namespace/name", a bare name, or "#ID". Fails (with the candidates, or with nodes
// whose names are close) when nothing or more than one node matches.
struct NodeResolution {
    std::optional<LineageNodeRow> node;
    std::string error;
    std::vector<LineageNodeRow> candidates;
};
NodeResolution resolveLineageNode(Workspace& ws, const Scope& scope, const std::string& text);

// Counts per kind of the nodes in scope (for "12 of 30 journeys").
std::vector<std::pair<std::string, std::int64_t>> lineageKindCounts(Workspace& ws,
                                                                    const Scope& scope);

// The newest lineage event time in scope (run events, or first-seen times), the moment a
// status is judged at when no time is given.
std::optional<std::int64_t> newestLineageTime(Workspace& ws, const Scope& scope);

} // namespace casebook
