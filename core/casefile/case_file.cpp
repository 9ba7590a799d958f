#include "core/casefile/case_file.h"

#include "core/casefile/case_integrity.h"
#include "core/store/audit_trail.h"
#include "core/store/workspace.h"
#include "core/util/sha256.h"

#include <cstdlib>
#include <memory>

namespace casebook {
namespace {

std::int64_t systemClock() {
    return nowNs();
}

template <typename Id> nlohmann::json optionalId(const std::optional<Id>& id) {
    return id ? nlohmann::json(raw(*id)) : nlohmann::json();
}

nlohmann::json optionalText(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json();
}

} // namespace

std::string_view markKindName(MarkKind kind) {
    switch (kind) {
    case MarkKind::ImpactStart:
        return "impact_start";
    case MarkKind::Detection:
        return "detection";
    case MarkKind::Mitigation:
        return "mitigation";
    case MarkKind::Resolution:
        return "resolution";
    }
    return "detection";
}

std::string_view markKindLabel(MarkKind kind) {
    switch (kind) {
    case MarkKind::ImpactStart:
        return "Impact began";
    case MarkKind::Detection:
        return "Detected";
    case MarkKind::Mitigation:
        return "Mitigated";
    case MarkKind::Resolution:
        return "Resolved";
    }
    return "Detected";
}

std::optional<MarkKind> markKindFromName(std::string_view name) {
    for (MarkKind kind : kMarkKinds)
        if (markKindName(kind) == name)
            return kind;
    return std::nullopt;
}

std::string defaultAuthor() {
    for (const char* variable : {"CASEBOOK_AUTHOR", "USER", "LOGNAME"})
        if (const char* value = std::getenv(variable); value && *value)
            return value;
    return "unknown";
}

CaseFile::CaseFile(Workspace& workspace, const Scope& scope)
    : workspace_(workspace), clock_(&systemClock) {
    if (!scope.isAllTenants())
        tenantId_ = raw(*scope.tenant());
}

std::int64_t CaseFile::insert(std::string_view table, std::string_view auditAction,
                              std::string_view auditSummary, const nlohmann::json& columns) {
    Database& db = workspace_.db();
    std::unique_ptr<Transaction> tx;
    if (!db.inTransaction())
        tx = std::make_unique<Transaction>(db);

    const std::int64_t at = clock_();
    std::string names = "tenant_id, at_ns";
    std::string marks = "?, ?";
    for (const auto& [name, value] : columns.items()) {
        names += ", " + name;
        marks += ", ?";
    }
    auto st =
        db.prepare("INSERT INTO " + std::string(table) + "(" + names + ") VALUES(" + marks + ")");
    st.bindOptional(1, tenantId_);
    st.bind(2, at);
    int index = 3;
    for (const auto& [name, value] : columns.items()) {
        if (value.is_null())
            st.bindNull(index);
        else if (value.is_boolean())
            st.bind(index, value.get<bool>() ? 1 : 0);
        else if (value.is_number_integer())
            st.bind(index, value.get<std::int64_t>());
        else if (value.is_string())
            st.bind(index, value.get_ref<const std::string&>());
        else
            st.bind(index, value.dump()); // objects and arrays are stored as JSON text
        ++index;
    }
    st.run();
    const std::int64_t id = db.lastInsertRowId();

    const nlohmann::json detail = {{"table", table},
                                   {"id", id},
                                   {"row_sha256", caseRowDigest(db, table, id)},
                                   {"summary", auditSummary}};
    appendAuditEntry(db, at, auditAction, detail.dump());
    if (tx)
        tx->commit();
    return id;
}

CaseRunId CaseFile::startRun(const RunbookRunRecord& run) {
    return CaseRunId{insert("case_runs", "case.run", "started runbook " + run.title,
                            {{"runbook_name", run.name},
                             {"runbook_title", run.title},
                             {"runbook_source", run.source},
                             {"runbook_sha256", sha256Hex(run.text)},
                             {"runbook_text", run.text},
                             {"author", run.author}})};
}

CheckRecordId CaseFile::recordCheck(const CheckRecord& c) {
    return CheckRecordId{insert("case_checks", "case.check",
                                c.kind + " check at step " + c.stepId + ": " + c.outcome,
                                {{"run_id", optionalId(c.run)},
                                 {"step_id", c.stepId},
                                 {"step_title", c.stepTitle},
                                 {"kind", c.kind},
                                 {"parameters", c.parameters.dump()},
                                 {"query", c.query},
                                 {"pass_condition", c.passCondition},
                                 {"outcome", c.outcome},
                                 {"summary", c.summary},
                                 {"result_values", c.values.dump()},
                                 {"impact", c.impact},
                                 {"duration_ns", c.durationNs}})};
}

DecisionId CaseFile::recordDecision(const DecisionRecord& d) {
    return DecisionId{insert("case_decisions", "case.decision",
                             std::string(d.approved ? "approved" : "rejected") + " at step " +
                                 d.stepId + " by " + d.person,
                             {{"run_id", optionalId(d.run)},
                              {"step_id", d.stepId},
                              {"step_title", d.stepTitle},
                              {"action", d.action},
                              {"person", d.person},
                              {"reason", d.reason},
                              {"approved", d.approved}})};
}

void CaseFile::recordStep(const StepRecord& s) {
    insert("case_steps", "case.step", "step " + s.stepId + ": " + s.outcome,
           {{"run_id", raw(s.run)},
            {"step_id", s.stepId},
            {"step_title", s.stepTitle},
            {"outcome", s.outcome},
            {"next_step", optionalText(s.nextStep)},
            {"check_id", optionalId(s.check)},
            {"decision_id", optionalId(s.decision)},
            {"summary", s.summary}});
}

EvidenceId CaseFile::addEvidence(const EvidenceRecord& e) {
    const Evidence& ev = e.evidence;
    return EvidenceId{insert("case_evidence", "case.evidence", ev.kind + ": " + ev.title,
                             {{"kind", ev.kind},
                              {"title", ev.title},
                              {"from_ns", ev.fromNs ? nlohmann::json(*ev.fromNs) : nullptr},
                              {"to_ns", ev.toNs ? nlohmann::json(*ev.toNs) : nullptr},
                              {"check_id", optionalId(e.check)},
                              {"run_id", optionalId(e.run)},
                              {"step_id", optionalText(e.stepId)},
                              {"payload", ev.payload.dump()},
                              {"note", e.note},
                              {"author", e.author}})};
}

NoteId CaseFile::addNote(const NoteRecord& n) {
    return NoteId{insert("case_notes", "case.note", "note by " + n.author,
                         {{"author", n.author},
                          {"text", n.text},
                          {"run_id", optionalId(n.run)},
                          {"step_id", optionalText(n.stepId)},
                          {"evidence_id", optionalId(n.evidence)}})};
}

MarkId CaseFile::setMark(MarkKind kind, std::optional<std::int64_t> timeNs, std::string_view author,
                         std::string_view note) {
    return MarkId{insert("case_marks", "case.mark",
                         std::string(markKindName(kind)) + (timeNs ? " set" : " cleared"),
                         {{"kind", markKindName(kind)},
                          {"time_ns", timeNs ? nlohmann::json(*timeNs) : nullptr},
                          {"author", author},
                          {"note", note}})};
}

void CaseFile::setTitle(std::string_view entry, std::string_view title, std::string_view author) {
    insert("case_titles", "case.title", "retitled " + std::string(entry),
           {{"entry", entry}, {"title", title}, {"author", author}});
}

} // namespace casebook
