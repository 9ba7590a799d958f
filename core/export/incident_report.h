#pragma once
// What an export of the incident holds, gathered from the case and the bundle in one
// scope: the title, impact figures, the timeline, the runbook runs with the path they
// took, every piece of evidence with its snapshot, the checks, the decisions, and whether
// the record verified. Writers (Markdown, HTML, JSON here; PDF in ui/export) take only a
// RedactedReport, so nothing reaches a file without passing the redactor.

#include "core/redact/redactor.h"
#include "core/store/scope.h"
#include "core/timeline/timeline.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

class Workspace;

struct ImpactFigures {
    std::vector<std::string> affectedTenants;
    std::optional<std::int64_t> recordsLost, recordsDelayed;
    std::map<std::string, std::int64_t> lostByTenant, delayedByTenant;
    std::optional<std::int64_t> impactStartNs, detectedNs, mitigatedNs, resolvedNs;
    std::optional<std::int64_t> durationNs;       // resolution - impact start
    std::optional<std::int64_t> timeToDetectNs;   // detection - impact start
    std::optional<std::int64_t> timeToMitigateNs; // mitigation - detection
    std::vector<std::string> sources;             // where each figure came from
};

struct ReportStep {
    std::string stepId, title, outcome, summary;
    std::int64_t atNs = 0;
};

struct ReportRun {
    std::int64_t id = 0;
    std::string name, title, origin, sha256, tenant, author;
    std::int64_t startedAtNs = 0;
    std::vector<ReportStep> path;
    std::optional<std::string> verdict, diagnosis;
};

struct IncidentReport {
    std::string title;
    std::string scope;     // "tenant acme" or "all tenants"
    std::string workspace; // file name
    std::int64_t generatedAtNs = 0;
    ImpactFigures impact;
    std::vector<TimelineEntry> timeline;
    std::vector<ReportRun> runs;
    bool recordIntact = true;
    std::string recordProblem;
    std::int64_t auditEntries = 0;
    // Filled by redactReport: what was replaced.
    std::map<std::string, std::int64_t> redactions;
    std::vector<std::string> redactedAttributes;
};

struct ReportOptions {
    std::optional<std::int64_t> generatedAtNs; // default: now
    TimelineQuery timeline;                    // kinds to include (default: all)
};

IncidentReport buildIncidentReport(Workspace& ws, const Scope& scope,
                                   const ReportOptions& options = {});

// Figures from the marks and from the newest check marked `impact: lost` / `delayed`.
ImpactFigures computeImpact(Workspace& ws, const Scope& scope);

// A report whose every string has been through a Redactor. Only redactReport makes one.
class RedactedReport {
public:
    const IncidentReport& report() const { return report_; }

private:
    friend RedactedReport redactReport(IncidentReport report, Redactor& redactor);
    explicit RedactedReport(IncidentReport report) : report_(std::move(report)) {}
    IncidentReport report_;
};

RedactedReport redactReport(IncidentReport report, Redactor& redactor);

} // namespace casebook
