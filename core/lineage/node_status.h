#pragma once
// The status overlay of a lineage graph at a moment T: the last run state of every job
// (COMPLETE, FAIL, running, never run) and of every dataset through the jobs that write
// it, how fresh each is (last successful write against an expected interval), and the
// latest quality metrics with the ones before them (docs/lineage.md, "Status").

#include "core/lineage/lineage_graph.h"
#include "core/store/workspace.h"

#include <optional>
#include <string>
#include <unordered_map>

namespace casebook {

enum class RunState { Never, Running, Complete, Failed, Aborted, Other };

// "15 min", "2 h", "1 h 30 min": an expected interval for people.
std::string formatInterval(std::int64_t ns);

// "never run", "running", "complete", "failed", "aborted", "other".
std::string_view runStateWord(RunState state);
// The inverse of runStateWord, also taking "never"; nullopt for other words.
std::optional<RunState> runStateFromWord(std::string_view word);

struct QualitySample {
    std::int64_t timeNs = 0;
    std::optional<std::int64_t> rowCount, bytes, nullCount;
};

// The sample a dataQualityMetrics or outputStatistics facet (stored JSON) holds; none when
// it holds no count. Counts that are not whole numbers are rounded; ones beyond 64 bits
// are left out.
std::optional<QualitySample> qualitySampleOf(std::int64_t timeNs, std::string_view facetName,
                                             const std::string& facetJson);

struct NodeStatus {
    RunState state = RunState::Never;
    std::optional<std::int64_t> lastEventNs;
    std::optional<std::int64_t> lastSuccessNs;
    std::string lastError;
    std::optional<std::int64_t> lastErrorNs;
    // Failed at T: the first failure since the last success, i.e. broken since when.
    std::optional<std::int64_t> failingSinceNs;
    // How often a successful write is expected: the dbt source freshness when the node
    // has one (explicit), else the median gap between its successful writes (inferred).
    std::optional<std::int64_t> expectedIntervalNs;
    bool intervalExplicit = false;
    // No successful write within the expected interval (twice an inferred one), or runs
    // but none successful by T.
    bool stale = false;
    std::optional<QualitySample> quality, previousQuality;

    bool hasRuns() const { return lastEventNs.has_value(); }
    // Row count change from the previous quality sample, in percent.
    std::optional<double> rowCountChangePercent() const;
};

struct LineageStatus {
    std::int64_t atNs = 0;                               // the moment the status describes
    std::unordered_map<std::int64_t, NodeStatus> byNode; // by lineage_nodes row id

    // The status of a node (a default, "never run" one when it has none).
    const NodeStatus& of(std::int64_t nodeId) const;
};

// `asOfNs` none: at the newest lineage event in scope.
LineageStatus lineageStatus(Workspace& ws, const Scope& scope, const LineageGraph& graph,
                            std::optional<std::int64_t> asOfNs = std::nullopt);

} // namespace casebook
