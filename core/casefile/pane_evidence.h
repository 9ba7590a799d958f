#pragma once
// Evidence pinned from the analysis panes, as payloads of docs/case-file.md: a finding of
// the Findings pane (`finding`), the impact of a lineage node (`lineage_impact`) and an
// SLO's status (`slo_status`, also what the slo_status check records).

#include "core/casefile/evidence.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace casebook {

struct Finding;
struct ImpactReport;
class LineageGraph;
struct SloEvaluation;
struct TimeWindow;

// The finding's grade, title, summary, onset and its candidate causes (changes, log
// templates, trace attributes, slowed operations, SLO alerts) with their confidence; the
// range is the finding's onset to its end.
Evidence findingEvidence(const Finding& finding);

// What `report` reaches from its root, nearest first as the report orders them, each with
// its path; at most `maxNodes` nodes ("truncated" says more were reached). `atNs`: the
// moment the lineage was looked at, if not now.
inline constexpr std::size_t kLineageEvidenceNodes = 200;
Evidence lineageImpactEvidence(const LineageGraph& graph, const ImpactReport& report,
                               std::optional<std::int64_t> atNs,
                               std::size_t maxNodes = kLineageEvidenceNodes);

// The SLO's SLI, error budget left and status at its evaluation, with the burn-rate alerts
// firing in `window` (all of them when it is open-ended); the range its SLI covers.
Evidence sloStatusEvidence(const SloEvaluation& evaluation, const TimeWindow& window);

} // namespace casebook
