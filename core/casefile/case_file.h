#pragma once
// The case: what the investigation did and found, kept in the workspace next to the
// telemetry. Runbook runs and the path they took, checks with their query and result,
// gate decisions, evidence with notes, notes on steps, timeline marks and edited titles.
//
// Every write lands in one transaction with an entry of the hash-chained audit trail that
// carries the SHA-256 of the row (core/casefile/case_integrity.h verifies both), and the
// tables refuse UPDATE and DELETE: the case only grows. Rows record the scope they were
// written in, so a tenant-scoped case never shows another tenant's work.

#include "core/casefile/case_ids.h"
#include "core/casefile/evidence.h"
#include "core/store/scope.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

class Workspace;

enum class MarkKind { ImpactStart, Detection, Mitigation, Resolution };
inline constexpr MarkKind kMarkKinds[] = {MarkKind::ImpactStart, MarkKind::Detection,
                                          MarkKind::Mitigation, MarkKind::Resolution};
// "impact_start", "detection", "mitigation", "resolution".
std::string_view markKindName(MarkKind kind);
std::optional<MarkKind> markKindFromName(std::string_view name);
// "Impact began", "Detected", "Mitigated", "Resolved".
std::string_view markKindLabel(MarkKind kind);

struct RunbookRunRecord {
    std::string name;   // the runbook's file name without .md
    std::string title;  // its # heading
    std::string source; // "bundled:NAME" or the path it was read from
    std::string text;   // the exact Markdown that ran
    std::string author;
};

struct CheckRecord {
    std::optional<CaseRunId> run; // none for a check run on its own
    std::string stepId;
    std::string stepTitle;
    std::string kind;
    nlohmann::json parameters = nlohmann::json::object();
    std::string query;         // the filter, SQL or search that ran, as text
    std::string passCondition; // as written in the runbook; empty for none
    std::string outcome;       // "pass", "fail", "info" or "error"
    std::string summary;
    nlohmann::json values = nlohmann::json::object();
    std::string impact; // "lost", "delayed" or empty: this check counts records
    std::int64_t durationNs = 0;
};

struct StepRecord {
    CaseRunId run{};
    std::string stepId;
    std::string stepTitle;
    // "pass", "fail", "info", "error", "approved", "rejected", "done", "concluded".
    std::string outcome;
    std::optional<std::string> nextStep; // none: the run ended here
    std::optional<CheckRecordId> check;
    std::optional<DecisionId> decision;
    std::string summary;
};

struct DecisionRecord {
    std::optional<CaseRunId> run;
    std::string stepId;
    std::string stepTitle;
    std::string action; // what was approved or rejected
    std::string person;
    std::string reason;
    bool approved = false;
};

struct EvidenceRecord {
    Evidence evidence;
    std::string note;
    std::string author;
    std::optional<CheckRecordId> check;
    std::optional<CaseRunId> run;
    std::optional<std::string> stepId;
};

struct NoteRecord {
    std::string text;
    std::string author;
    std::optional<CaseRunId> run;
    std::optional<std::string> stepId;
    std::optional<EvidenceId> evidence;
};

class CaseFile {
public:
    // Writes record `scope`'s tenant (none for all tenants) and the current time.
    CaseFile(Workspace& workspace, const Scope& scope);

    CaseRunId startRun(const RunbookRunRecord& run);
    CheckRecordId recordCheck(const CheckRecord& check);
    DecisionId recordDecision(const DecisionRecord& decision);
    void recordStep(const StepRecord& step);
    EvidenceId addEvidence(const EvidenceRecord& evidence);
    NoteId addNote(const NoteRecord& note);
    // A newer mark of the same kind supersedes the older; no time clears the mark.
    MarkId setMark(MarkKind kind, std::optional<std::int64_t> timeNs, std::string_view author,
                   std::string_view note = {});
    // Titles a timeline entry ("change:12", "check:3", "incident", ...); the newest wins.
    void setTitle(std::string_view entry, std::string_view title, std::string_view author);

    // The clock every row is stamped with; tests set a fixed one.
    void setClock(std::int64_t (*clock)()) { clock_ = clock; }

private:
    std::int64_t insert(std::string_view table, std::string_view auditAction,
                        std::string_view auditSummary, const nlohmann::json& columns);

    Workspace& workspace_;
    std::optional<std::int64_t> tenantId_;
    std::int64_t (*clock_)();
};

// The login name from the environment, for notes and marks written without one.
std::string defaultAuthor();

} // namespace casebook
