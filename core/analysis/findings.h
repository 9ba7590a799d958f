#pragma once
// Findings: "what changed" for every anomaly of a scope, graded like a compiler's
// diagnostics. Anomalies of one tenant whose onsets lie close together form one finding;
// each finding carries its candidate causes, ranked, with their evidence: change events
// just before the onset, log templates of warnings and errors whose rate jumped, the
// attributes failing traces share, operations that slowed, and SLO burn-rate alerts.
// See docs/findings.md for the rules.

#include "core/analysis/anomaly_detection.h"
#include "core/analysis/change_candidates.h"
#include "core/analysis/log_candidates.h"
#include "core/analysis/parallel_reads.h"
#include "core/analysis/slo_evaluation.h"
#include "core/analysis/slow_operations.h"
#include "core/analysis/trace_comparison.h"

#include <cstdint>
#include <functional>
#include <set>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

enum class FindingGrade { Info, Warning, Error };
std::string_view findingGradeName(FindingGrade grade); // "info", "warning", "error"

struct SloAlertEvidence {
    SloId slo{0};
    std::string name;
    BurnAlert alert;
};

struct Finding {
    FindingGrade grade = FindingGrade::Info;
    std::string tenant;
    std::string title;   // "leads.submitted{source=web-forms} fell 36.5% vs same time last week"
    std::string summary; // the likely cause and the evidence, in a sentence or three
    std::int64_t onsetNs = 0;
    std::int64_t endNs = 0;
    double score = 0;
    std::vector<Anomaly> anomalies; // the headline first
    std::vector<SloAlertEvidence> sloAlerts;
    std::vector<ChangeCandidate> changes;
    std::vector<TemplateCandidate> logTemplates;
    std::vector<AttributeCandidate> attributes;
    std::vector<SlowOperation> slowOperations;
    std::int64_t failingTracesBefore = 0, tracesBefore = 0;
    std::int64_t failingTracesAfter = 0, tracesAfter = 0;
    std::set<std::string> failingServices; // services of the failing traces' spans
    bool evidenceGathered = false;         // logs, traces and spans were looked at
};

struct FindingsOptions {
    AnomalyOptions anomaly;
    std::int64_t clusterWindowNs = 2 * 3'600'000'000'000LL; // onsets this close: one finding
    std::int64_t changeLookbackNs = 48 * 3'600'000'000'000LL;
    std::int64_t evidenceWindowNs = 12 * 3'600'000'000'000LL; // logs and traces around onsets
    int evidenceFindings = 8; // the strongest findings get logs, traces and spans looked at
    int maxCandidates = 6;
    // True when `upstream` feeds `service`, directly or not: a change upstream of an
    // anomaly ranks like one of its own service. Unset: read off each tenant's lineage
    // (lineage_upstream.h); no lineage, no upstream.
    std::function<bool(std::string_view service, std::string_view upstream)> isUpstream;
    // How many connections read at once, and on which threads (by default the caller's
    // alone).
    ParallelReads parallel;
    // Called with the share done (0..1) and what is being done, at most every 1%.
    std::function<void(double done, const std::string& step)> progress;
    std::stop_token stop;
};

struct FindingsReport {
    std::vector<Finding> findings; // errors first, then by score
    std::int64_t seriesScanned = 0;
    std::int64_t anomalies = 0;
    bool cancelled = false;
};

FindingsReport findWhatChanged(Workspace& ws, const Scope& scope,
                               const FindingsOptions& options = {});

} // namespace casebook
