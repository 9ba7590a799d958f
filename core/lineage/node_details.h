#pragma once
// Everything the details panel and `casebook-cli lineage node` show about one node: its
// columns, owners, last runs and errors, quality metrics, facets and the telemetry
// services it maps to.

#include "core/lineage/lineage_store.h"
#include "core/lineage/node_status.h"

#include <optional>
#include <string>
#include <vector>

namespace casebook {

struct LineageRunSummary {
    std::string runId;
    std::string job; // "namespace/name" of the job that ran
    RunState state = RunState::Other;
    std::optional<std::int64_t> startNs, endNs;
    std::string error;
};

struct LineageNodeDetails {
    LineageNodeRow row;
    std::vector<std::string> services;
    std::vector<LineageRunSummary> runs; // newest first: the node's own, or its writers'
    std::vector<std::pair<std::string, std::string>> facets; // latest of each name: name, JSON
    std::vector<QualitySample> quality;                      // oldest first
    std::int64_t upstream = 0, downstream = 0;               // direct neighbours
};

// Services a node maps to: named by a manifest mapping, a tags facet or an edges file
// (stored), or by name: a service named like the node, or like its namespace.
std::vector<std::string> servicesOfNode(Workspace& ws, const Scope& scope,
                                        const LineageNodeInfo& node);

std::optional<LineageNodeDetails>
lineageNodeDetails(Workspace& ws, const Scope& scope, std::int64_t nodeId,
                   std::optional<std::int64_t> asOfNs = std::nullopt, std::size_t maxRuns = 20);

// Column-level lineage: the columns reached from `column` of a node.
struct ColumnReach {
    std::int64_t nodeId = 0;
    std::string column;
    int hops = 0;
    std::string transformation; // of the edge that reached it
};
std::vector<ColumnReach> columnClosure(Workspace& ws, const Scope& scope, std::int64_t nodeId,
                                       const std::string& column, LineageDirection direction,
                                       int maxDepth = -1,
                                       std::optional<std::int64_t> asOfNs = std::nullopt);

} // namespace casebook
