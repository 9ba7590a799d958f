#pragma once
// Reading the case back, always in a scope: a tenant scope sees the rows recorded in that
// tenant's scope, the audited all-tenants scope sees every row. Oldest first.

#include "core/casefile/case_file.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

class Workspace;

struct CaseRunRow {
    CaseRunId id{};
    std::int64_t atNs = 0;
    std::string tenant; // empty: recorded across all tenants
    std::string name, title, source, sha256, text, author;
};

struct CaseStepRow {
    std::int64_t id = 0;
    CaseRunId run{};
    std::int64_t atNs = 0;
    std::string tenant;
    std::string stepId, stepTitle, outcome, summary;
    std::optional<std::string> nextStep;
    std::optional<CheckRecordId> check;
    std::optional<DecisionId> decision;
};

struct CaseCheckRow {
    CheckRecordId id{};
    std::optional<CaseRunId> run;
    std::int64_t atNs = 0;
    std::string tenant;
    std::string stepId, stepTitle, kind, query, passCondition, outcome, summary, impact;
    nlohmann::json parameters, values;
    std::int64_t durationNs = 0;
};

struct CaseDecisionRow {
    DecisionId id{};
    std::optional<CaseRunId> run;
    std::int64_t atNs = 0;
    std::string tenant;
    std::string stepId, stepTitle, action, person, reason;
    bool approved = false;
};

struct CaseEvidenceRow {
    EvidenceId id{};
    std::int64_t atNs = 0;
    std::string tenant;
    Evidence evidence;
    std::optional<CheckRecordId> check;
    std::optional<CaseRunId> run;
    std::optional<std::string> stepId;
    std::string note, author;
};

struct CaseNoteRow {
    NoteId id{};
    std::int64_t atNs = 0;
    std::string tenant;
    std::string author, text;
    std::optional<CaseRunId> run;
    std::optional<std::string> stepId;
    std::optional<EvidenceId> evidence;
};

struct CaseMarkRow {
    MarkId id{};
    std::int64_t atNs = 0;
    std::string tenant;
    MarkKind kind = MarkKind::Detection;
    std::optional<std::int64_t> timeNs; // none: the mark was cleared
    std::string author, note;
};

std::vector<CaseRunRow> listCaseRuns(Workspace& ws, const Scope& scope);
std::optional<CaseRunRow> findCaseRun(Workspace& ws, const Scope& scope, CaseRunId run);
std::vector<CaseStepRow> listCaseSteps(Workspace& ws, const Scope& scope,
                                       std::optional<CaseRunId> run = std::nullopt);
std::vector<CaseCheckRow> listCaseChecks(Workspace& ws, const Scope& scope,
                                         std::optional<CaseRunId> run = std::nullopt);
std::vector<CaseDecisionRow> listCaseDecisions(Workspace& ws, const Scope& scope);
std::vector<CaseEvidenceRow> listCaseEvidence(Workspace& ws, const Scope& scope);
std::vector<CaseNoteRow> listCaseNotes(Workspace& ws, const Scope& scope);
// The newest mark of each kind that has a time (a cleared mark is absent).
std::map<MarkKind, CaseMarkRow> currentMarks(Workspace& ws, const Scope& scope);
// Timeline entry key -> its newest title.
std::map<std::string, std::string> titleOverrides(Workspace& ws, const Scope& scope);

} // namespace casebook
