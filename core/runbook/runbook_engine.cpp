#include "core/runbook/runbook_engine.h"

#include "core/casefile/evidence_snapshot.h"
#include "core/runbook/check_indexes.h"
#include "core/store/sqlite.h"
#include "core/store/workspace.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace casebook {
namespace {

// The step after this one when its block names none.
std::optional<std::string> following(const Runbook& runbook, const RunbookStep& step) {
    if (const auto* after = runbook.stepAfter(step.id))
        return after->id;
    return std::nullopt;
}

std::optional<std::string> nextFor(const Runbook& runbook, const RunbookStep& step,
                                   std::string_view outcome) {
    if (step.next)
        return step.next->target;
    if ((outcome == "pass" || outcome == "approved") && step.onPass)
        return step.onPass->target;
    if ((outcome == "fail" || outcome == "rejected") && step.onFail)
        return step.onFail->target;
    return following(runbook, step);
}

// Keeps the evidence the step asked for; `time_range` is made from the rest.
std::vector<Evidence> chosenEvidence(const CheckSpec& spec, std::vector<Evidence> produced) {
    if (spec.noEvidence)
        return {};
    if (spec.evidence.empty())
        return produced;
    std::vector<Evidence> kept;
    for (auto& e : produced)
        if (std::find(spec.evidence.begin(), spec.evidence.end(), e.kind) != spec.evidence.end())
            kept.push_back(e);
    if (std::find(spec.evidence.begin(), spec.evidence.end(), evidence_kind::kTimeRange) !=
        spec.evidence.end()) {
        std::optional<std::int64_t> from, to;
        for (const auto& e : produced) {
            if (e.fromNs)
                from = from ? std::min(*from, *e.fromNs) : *e.fromNs;
            if (e.toNs)
                to = to ? std::max(*to, *e.toNs) : *e.toNs;
        }
        if (from && to && *to > *from)
            kept.push_back(timeRangeEvidence(*from, *to));
    }
    return kept;
}

nlohmann::json parametersJson(const CheckSpec& spec) {
    nlohmann::json p = nlohmann::json::object();
    for (const auto& e : spec.parameters)
        p[e.key] = e.value;
    return p;
}

const RunbookStep& stepOf(const Runbook& runbook, std::string_view id) {
    const auto* step = runbook.findStep(id);
    if (!step)
        throw std::invalid_argument("the runbook has no step '" + std::string(id) + "'");
    return *step;
}

} // namespace

RunbookEngine::RunbookEngine(const CheckRegistry& registry) : registry_(registry) {}

CaseRunId RunbookEngine::startRun(Workspace& ws, const Scope& scope, const Runbook& runbook,
                                  std::string_view author) const {
    ensureCheckIndexes(ws.db());
    CaseFile file(ws, scope);
    return file.startRun({runbook.name, runbook.title, runbook.origin, runbook.text,
                          author.empty() ? defaultAuthor() : std::string(author)});
}

RunbookRunState RunbookEngine::state(Workspace& ws, const Scope& scope, CaseRunId run,
                                     const Runbook& runbook) const {
    RunbookRunState s;
    s.run = run;
    s.path = listCaseSteps(ws, scope, run);
    if (s.path.empty()) {
        if (!runbook.steps.empty())
            s.currentStep = runbook.steps.front().id;
        return s;
    }
    const auto& last = s.path.back();
    s.currentStep = last.nextStep;
    if (!s.currentStep) {
        const auto* step = runbook.findStep(last.stepId);
        if (step && step->kind == StepKind::Conclusion) {
            s.diagnosis = last.summary;
            s.verdict = last.outcome;
        }
    }
    return s;
}

StepExecution RunbookEngine::runCheck(Workspace& ws, const Scope& scope, CaseRunId run,
                                      const RunbookStep& step, const Runbook& runbook) const {
    const CheckSpec& spec = *step.check;
    StepExecution ex;
    ex.stepId = step.id;
    ex.stepTitle = step.title;
    ex.kind = step.kind;
    const CheckKind* kind = registry_.find(spec.kind);
    const CheckParameters parameters(spec.parameters, spec.limit);

    CheckRecord record;
    record.run = run;
    record.stepId = step.id;
    record.stepTitle = step.title;
    record.kind = spec.kind;
    record.parameters = parametersJson(spec);
    record.passCondition = spec.pass ? spec.pass->text() : std::string();
    record.impact = std::string(impactKindName(spec.impact));

    std::vector<Evidence> evidence;
    const auto started = std::chrono::steady_clock::now();
    try {
        if (!kind)
            throw std::runtime_error("unknown check kind '" + spec.kind + "'");
        CheckResult result = kind->run(ws, scope, parameters);
        ex.durationNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        ex.outcome = !spec.pass ? "info" : spec.pass->evaluate(result.values) ? "pass" : "fail";
        ex.summary = result.summary;
        record.query = result.query;
        nlohmann::json values = nlohmann::json::object();
        for (const auto& [name, value] : result.values)
            values[name] = value == value ? nlohmann::json(value) : nlohmann::json();
        if (scope.isAllTenants())
            values["by_tenant"] = result.byTenant;
        if (!kind->primaryValue.empty())
            values["primary"] = kind->primaryValue;
        record.values = values;
        evidence = chosenEvidence(spec, std::move(result.evidence));
        ex.check = std::move(result);
        ex.next = nextFor(runbook, step, ex.outcome);
    } catch (const std::exception& e) {
        ex.durationNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        ex.outcome = "error";
        ex.summary = std::string("the check could not run: ") + e.what();
        ex.next = step.id; // the run stays here until the check runs
    }
    record.outcome = ex.outcome;
    record.summary = ex.summary;
    record.durationNs = ex.durationNs;

    CaseFile file(ws, scope);
    Transaction tx(ws.db());
    ex.checkRecord = file.recordCheck(record);
    for (auto& e : evidence) {
        EvidenceRecord r;
        r.evidence = std::move(e);
        r.check = ex.checkRecord;
        r.run = run;
        r.stepId = step.id;
        ex.evidence.push_back(file.addEvidence(r));
    }
    file.recordStep(
        {run, step.id, step.title, ex.outcome, ex.next, ex.checkRecord, std::nullopt, ex.summary});
    tx.commit();
    return ex;
}

StepExecution RunbookEngine::executeStep(Workspace& ws, const Scope& scope, CaseRunId run,
                                         const Runbook& runbook, std::string_view stepId,
                                         std::string_view author) const {
    const RunbookStep& step = stepOf(runbook, stepId);
    if (step.kind == StepKind::Gate)
        throw std::invalid_argument("the step '" + step.title +
                                    "' is a gate: it needs a person's decision");
    if (step.kind == StepKind::Check)
        return runCheck(ws, scope, run, step, runbook);
    return recordPlainStep(ws, scope, run, runbook, step, false, author);
}

StepExecution RunbookEngine::recordPlainStep(Workspace& ws, const Scope& scope, CaseRunId run,
                                             const Runbook& runbook, const RunbookStep& step,
                                             bool headless, std::string_view author) const {
    StepExecution ex;
    ex.stepId = step.id;
    ex.stepTitle = step.title;
    ex.kind = step.kind;
    if (step.kind == StepKind::Conclusion) {
        ex.outcome = std::string(verdictName(step.conclusion->verdict));
        ex.summary = step.conclusion->diagnosis;
    } else {
        // Nobody did a person's step in a headless run; the record says so.
        ex.outcome = headless ? "skipped" : "done";
        ex.summary = headless
                         ? "a step for a person; the headless run passed over it"
                         : "done by " + (author.empty() ? defaultAuthor() : std::string(author));
        ex.next = nextFor(runbook, step, ex.outcome);
    }
    CaseFile file(ws, scope);
    file.recordStep(
        {run, step.id, step.title, ex.outcome, ex.next, std::nullopt, std::nullopt, ex.summary});
    return ex;
}

StepExecution RunbookEngine::decideGate(Workspace& ws, const Scope& scope, CaseRunId run,
                                        const Runbook& runbook, std::string_view stepId,
                                        const GateDecision& decision) const {
    const RunbookStep& step = stepOf(runbook, stepId);
    if (step.kind != StepKind::Gate)
        throw std::invalid_argument("the step '" + step.title + "' is not a gate");
    auto blank = [](const std::string& s) {
        return s.find_first_not_of(" \t\r\n") == std::string::npos;
    };
    if (blank(decision.person))
        throw std::invalid_argument("a gate decision needs the name of the person who decides");
    if (blank(decision.reason))
        throw std::invalid_argument("a gate decision needs a reason");
    StepExecution ex;
    ex.stepId = step.id;
    ex.stepTitle = step.title;
    ex.kind = step.kind;
    ex.outcome = decision.approved ? "approved" : "rejected";
    ex.summary = std::string(decision.approved ? "approved" : "rejected") + " by " +
                 decision.person + ": " + decision.reason;
    ex.next = nextFor(runbook, step, ex.outcome);
    CaseFile file(ws, scope);
    Transaction tx(ws.db());
    ex.decision = file.recordDecision({run, step.id, step.title, step.gate->action, decision.person,
                                       decision.reason, decision.approved});
    file.recordStep(
        {run, step.id, step.title, ex.outcome, ex.next, std::nullopt, ex.decision, ex.summary});
    tx.commit();
    return ex;
}

HeadlessRun RunbookEngine::runHeadless(Workspace& ws, const Scope& scope, CaseRunId run,
                                       const Runbook& runbook, int maxSteps) const {
    HeadlessRun out;
    RunbookRunState s = state(ws, scope, run, runbook);
    int n = 0;
    for (; s.currentStep && n < maxSteps; ++n) {
        const RunbookStep& step = stepOf(runbook, *s.currentStep);
        if (step.kind == StepKind::Gate) {
            out.waitingAtGate = step.id;
            break;
        }
        StepExecution ex = step.kind == StepKind::Check
                               ? runCheck(ws, scope, run, step, runbook)
                               : recordPlainStep(ws, scope, run, runbook, step, true, {});
        const bool failed = ex.outcome == "error";
        s.currentStep = ex.next;
        out.steps.push_back(std::move(ex));
        if (failed) {
            out.errorAtStep = step.id;
            break;
        }
    }
    out.stepLimitReached = n == maxSteps && s.currentStep && !out.waitingAtGate;
    out.state = state(ws, scope, run, runbook);
    return out;
}

} // namespace casebook
