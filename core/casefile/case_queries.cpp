#include "core/casefile/case_queries.h"

#include "core/query/scoped_query.h"
#include "core/store/workspace.h"

namespace casebook {
namespace {

// Columns 0..1 of every case query: the recording time and the tenant's name.
ScopedQuery caseQuery(const Scope& scope, std::string_view table, std::string_view columns) {
    ScopedQuery q("SELECT c.at_ns, coalesce(tn.name, ''), " + std::string(columns) + " FROM " +
                  std::string(table) + " c LEFT JOIN tenants tn ON tn.id = c.tenant_id");
    q.applyScope(scope.withWindow({}), "c", "");
    return q;
}

template <typename Id> std::optional<Id> optionalId(const Statement& st, int column) {
    if (st.isNull(column))
        return std::nullopt;
    return Id{st.int64(column)};
}

std::optional<std::string> optionalText(const Statement& st, int column) {
    if (st.isNull(column))
        return std::nullopt;
    return st.text(column);
}

nlohmann::json parsedJson(const Statement& st, int column) {
    auto parsed = nlohmann::json::parse(st.textView(column), nullptr, false);
    return parsed.is_discarded() ? nlohmann::json::object() : parsed;
}

CaseRunRow runFrom(const Statement& st) {
    CaseRunRow r;
    r.atNs = st.int64(0);
    r.tenant = st.text(1);
    r.id = CaseRunId{st.int64(2)};
    r.name = st.text(3);
    r.title = st.text(4);
    r.source = st.text(5);
    r.sha256 = st.text(6);
    r.text = st.text(7);
    r.author = st.text(8);
    return r;
}

constexpr const char* kRunColumns =
    "c.id, c.runbook_name, c.runbook_title, c.runbook_source, c.runbook_sha256, "
    "c.runbook_text, c.author";

} // namespace

std::vector<CaseRunRow> listCaseRuns(Workspace& ws, const Scope& scope) {
    auto q = caseQuery(scope, "case_runs", kRunColumns);
    q.append("ORDER BY c.id");
    auto st = q.prepare(ws.db());
    std::vector<CaseRunRow> out;
    while (st.step())
        out.push_back(runFrom(st));
    return out;
}

std::optional<CaseRunRow> findCaseRun(Workspace& ws, const Scope& scope, CaseRunId run) {
    auto q = caseQuery(scope, "case_runs", kRunColumns);
    q.where("c.id = ?", raw(run));
    auto st = q.prepare(ws.db());
    if (!st.step())
        return std::nullopt;
    return runFrom(st);
}

std::vector<CaseStepRow> listCaseSteps(Workspace& ws, const Scope& scope,
                                       std::optional<CaseRunId> run) {
    auto q = caseQuery(scope, "case_steps",
                       "c.id, c.run_id, c.step_id, c.step_title, c.outcome, c.summary, "
                       "c.next_step, c.check_id, c.decision_id");
    if (run)
        q.where("c.run_id = ?", raw(*run));
    q.append("ORDER BY c.id");
    auto st = q.prepare(ws.db());
    std::vector<CaseStepRow> out;
    while (st.step()) {
        CaseStepRow r;
        r.atNs = st.int64(0);
        r.tenant = st.text(1);
        r.id = st.int64(2);
        r.run = CaseRunId{st.int64(3)};
        r.stepId = st.text(4);
        r.stepTitle = st.text(5);
        r.outcome = st.text(6);
        r.summary = st.text(7);
        r.nextStep = optionalText(st, 8);
        r.check = optionalId<CheckRecordId>(st, 9);
        r.decision = optionalId<DecisionId>(st, 10);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<CaseCheckRow> listCaseChecks(Workspace& ws, const Scope& scope,
                                         std::optional<CaseRunId> run) {
    auto q = caseQuery(scope, "case_checks",
                       "c.id, c.run_id, c.step_id, c.step_title, c.kind, c.query, "
                       "c.pass_condition, c.outcome, c.summary, c.impact, c.parameters, "
                       "c.result_values, c.duration_ns");
    if (run)
        q.where("c.run_id = ?", raw(*run));
    q.append("ORDER BY c.id");
    auto st = q.prepare(ws.db());
    std::vector<CaseCheckRow> out;
    while (st.step()) {
        CaseCheckRow r;
        r.atNs = st.int64(0);
        r.tenant = st.text(1);
        r.id = CheckRecordId{st.int64(2)};
        r.run = optionalId<CaseRunId>(st, 3);
        r.stepId = st.text(4);
        r.stepTitle = st.text(5);
        r.kind = st.text(6);
        r.query = st.text(7);
        r.passCondition = st.text(8);
        r.outcome = st.text(9);
        r.summary = st.text(10);
        r.impact = st.text(11);
        r.parameters = parsedJson(st, 12);
        r.values = parsedJson(st, 13);
        r.durationNs = st.int64(14);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<CaseDecisionRow> listCaseDecisions(Workspace& ws, const Scope& scope) {
    auto q = caseQuery(scope, "case_decisions",
                       "c.id, c.run_id, c.step_id, c.step_title, c.action, c.person, c.reason, "
                       "c.approved");
    q.append("ORDER BY c.id");
    auto st = q.prepare(ws.db());
    std::vector<CaseDecisionRow> out;
    while (st.step()) {
        CaseDecisionRow r;
        r.atNs = st.int64(0);
        r.tenant = st.text(1);
        r.id = DecisionId{st.int64(2)};
        r.run = optionalId<CaseRunId>(st, 3);
        r.stepId = st.text(4);
        r.stepTitle = st.text(5);
        r.action = st.text(6);
        r.person = st.text(7);
        r.reason = st.text(8);
        r.approved = st.int64(9) != 0;
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<CaseEvidenceRow> listCaseEvidence(Workspace& ws, const Scope& scope) {
    auto q = caseQuery(scope, "case_evidence",
                       "c.id, c.kind, c.title, c.from_ns, c.to_ns, c.check_id, c.run_id, "
                       "c.step_id, c.payload, c.note, c.author");
    q.append("ORDER BY c.id");
    auto st = q.prepare(ws.db());
    std::vector<CaseEvidenceRow> out;
    while (st.step()) {
        CaseEvidenceRow r;
        r.atNs = st.int64(0);
        r.tenant = st.text(1);
        r.id = EvidenceId{st.int64(2)};
        r.evidence.kind = st.text(3);
        r.evidence.title = st.text(4);
        if (!st.isNull(5))
            r.evidence.fromNs = st.int64(5);
        if (!st.isNull(6))
            r.evidence.toNs = st.int64(6);
        r.check = optionalId<CheckRecordId>(st, 7);
        r.run = optionalId<CaseRunId>(st, 8);
        r.stepId = optionalText(st, 9);
        r.evidence.payload = parsedJson(st, 10);
        r.note = st.text(11);
        r.author = st.text(12);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<CaseNoteRow> listCaseNotes(Workspace& ws, const Scope& scope) {
    auto q = caseQuery(scope, "case_notes",
                       "c.id, c.author, c.text, c.run_id, c.step_id, c.evidence_id");
    q.append("ORDER BY c.id");
    auto st = q.prepare(ws.db());
    std::vector<CaseNoteRow> out;
    while (st.step()) {
        CaseNoteRow r;
        r.atNs = st.int64(0);
        r.tenant = st.text(1);
        r.id = NoteId{st.int64(2)};
        r.author = st.text(3);
        r.text = st.text(4);
        r.run = optionalId<CaseRunId>(st, 5);
        r.stepId = optionalText(st, 6);
        r.evidence = optionalId<EvidenceId>(st, 7);
        out.push_back(std::move(r));
    }
    return out;
}

std::map<MarkKind, CaseMarkRow> currentMarks(Workspace& ws, const Scope& scope) {
    auto q = caseQuery(scope, "case_marks", "c.id, c.kind, c.time_ns, c.author, c.note");
    q.append("ORDER BY c.id");
    auto st = q.prepare(ws.db());
    std::map<MarkKind, CaseMarkRow> out;
    while (st.step()) {
        const auto kind = markKindFromName(st.textView(3));
        if (!kind)
            continue;
        CaseMarkRow r;
        r.atNs = st.int64(0);
        r.tenant = st.text(1);
        r.id = MarkId{st.int64(2)};
        r.kind = *kind;
        if (!st.isNull(4))
            r.timeNs = st.int64(4);
        r.author = st.text(5);
        r.note = st.text(6);
        if (r.timeNs)
            out[*kind] = std::move(r);
        else
            out.erase(*kind);
    }
    return out;
}

std::map<std::string, std::string> titleOverrides(Workspace& ws, const Scope& scope) {
    auto q = caseQuery(scope, "case_titles", "c.entry, c.title");
    q.append("ORDER BY c.id");
    auto st = q.prepare(ws.db());
    std::map<std::string, std::string> out;
    while (st.step())
        out[st.text(2)] = st.text(3);
    return out;
}

} // namespace casebook
