#include "core/export/incident_report.h"

#include "core/casefile/case_integrity.h"
#include "core/casefile/case_queries.h"
#include "core/export/report_tables.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"

#include <set>

namespace casebook {
namespace {

void applyCheck(const CaseCheckRow& check, std::optional<std::int64_t>& figure,
                std::map<std::string, std::int64_t>& byTenant, std::set<std::string>& tenants,
                const Scope& scope, std::vector<std::string>& sources, const char* label) {
    const std::string primary = check.values.value("primary", std::string());
    if (primary.empty() || !check.values.contains(primary) || !check.values[primary].is_number())
        return;
    figure = static_cast<std::int64_t>(check.values[primary].get<double>());
    byTenant.clear();
    if (check.values.contains("by_tenant") && check.values["by_tenant"].is_object()) {
        for (const auto& [tenant, count] : check.values["by_tenant"].items())
            if (count.is_number_integer() && count.get<std::int64_t>() > 0) {
                byTenant[tenant] = count.get<std::int64_t>();
                tenants.insert(tenant);
            }
    } else if (*figure > 0 && !scope.isAllTenants()) {
        byTenant[scope.tenantName()] = *figure;
        tenants.insert(scope.tenantName());
    }
    sources.push_back(std::string(label) + ": " + std::to_string(*figure) + ", from the check '" +
                      check.stepTitle + "' (" + check.summary + ") recorded " +
                      humanTime(check.atNs) + " UTC");
}

} // namespace

ImpactFigures computeImpact(Workspace& ws, const Scope& scope) {
    ImpactFigures f;
    std::set<std::string> tenants;
    std::optional<CaseCheckRow> lost, delayed;
    for (auto& c : listCaseChecks(ws, scope)) {
        if (c.outcome == "error")
            continue;
        if (c.impact == "lost")
            lost = c;
        else if (c.impact == "delayed")
            delayed = c;
    }
    std::set<std::string> lostTenants, delayedTenants;
    if (lost)
        applyCheck(*lost, f.recordsLost, f.lostByTenant, lostTenants, scope, f.sources,
                   "records lost");
    if (delayed)
        applyCheck(*delayed, f.recordsDelayed, f.delayedByTenant, delayedTenants, scope, f.sources,
                   "records delayed");
    tenants.insert(lostTenants.begin(), lostTenants.end());
    tenants.insert(delayedTenants.begin(), delayedTenants.end());
    if (tenants.empty()) {
        // Without a counting check, the tenants the evidence is about.
        for (const auto& e : listCaseEvidence(ws, scope))
            for (const auto* list : {"spans", "traces", "logs", "changes"})
                if (e.evidence.payload.contains(list) && e.evidence.payload[list].is_array())
                    for (const auto& row : e.evidence.payload[list])
                        if (row.contains("tenant") && row["tenant"].is_string() &&
                            !row["tenant"].get<std::string>().empty())
                            tenants.insert(row["tenant"].get<std::string>());
        if (!tenants.empty())
            f.sources.push_back("affected tenants: the tenants the case's evidence is about");
    } else {
        f.sources.push_back("affected tenants: those with records lost or delayed");
    }
    f.affectedTenants.assign(tenants.begin(), tenants.end());

    const auto marks = currentMarks(ws, scope);
    auto markTime = [&](MarkKind kind) -> std::optional<std::int64_t> {
        const auto it = marks.find(kind);
        return it == marks.end() ? std::nullopt : it->second.timeNs;
    };
    f.impactStartNs = markTime(MarkKind::ImpactStart);
    f.detectedNs = markTime(MarkKind::Detection);
    f.mitigatedNs = markTime(MarkKind::Mitigation);
    f.resolvedNs = markTime(MarkKind::Resolution);
    if (f.impactStartNs && f.resolvedNs)
        f.durationNs = *f.resolvedNs - *f.impactStartNs;
    if (f.impactStartNs && f.detectedNs)
        f.timeToDetectNs = *f.detectedNs - *f.impactStartNs;
    if (f.detectedNs && f.mitigatedNs)
        f.timeToMitigateNs = *f.mitigatedNs - *f.detectedNs;
    return f;
}

IncidentReport buildIncidentReport(Workspace& ws, const Scope& scope,
                                   const ReportOptions& options) {
    IncidentReport r;
    r.title = incidentTitle(ws, scope);
    r.scope = scope.isAllTenants() ? "all tenants" : "tenant " + scope.tenantName();
    r.workspace = ws.path().filename().string();
    r.generatedAtNs = options.generatedAtNs.value_or(nowNs());
    r.impact = computeImpact(ws, scope);
    r.timeline = buildTimeline(ws, scope, options.timeline);
    for (const auto& run : listCaseRuns(ws, scope)) {
        ReportRun rr;
        rr.id = raw(run.id);
        rr.name = run.name;
        rr.title = run.title;
        rr.origin = run.source;
        rr.sha256 = run.sha256;
        rr.tenant = run.tenant;
        rr.author = run.author;
        rr.startedAtNs = run.atNs;
        for (const auto& s : listCaseSteps(ws, scope, run.id)) {
            rr.path.push_back({s.stepId, s.stepTitle, s.outcome, s.summary, s.atNs});
            if (s.outcome == "confirmed" || s.outcome == "ruled-out" ||
                s.outcome == "inconclusive") {
                rr.verdict = s.outcome;
                rr.diagnosis = s.summary;
            }
        }
        r.runs.push_back(std::move(rr));
    }
    const RecordVerification record = verifyWorkspaceRecord(ws.db());
    r.recordIntact = record.intact();
    r.recordProblem = record.warning();
    r.auditEntries = record.audit.entries;
    return r;
}

RedactedReport redactReport(IncidentReport r, Redactor& redactor) {
    auto text = [&](std::string& s) { s = redactor.redactText(s); };
    text(r.title);
    text(r.workspace);
    for (auto& t : r.impact.affectedTenants)
        text(t);
    for (auto& s : r.impact.sources)
        text(s);
    std::map<std::string, std::int64_t> lost, delayed;
    for (const auto& [tenant, n] : r.impact.lostByTenant)
        lost[redactor.redactText(tenant)] = n;
    for (const auto& [tenant, n] : r.impact.delayedByTenant)
        delayed[redactor.redactText(tenant)] = n;
    r.impact.lostByTenant = std::move(lost);
    r.impact.delayedByTenant = std::move(delayed);
    for (auto& e : r.timeline) {
        for (std::string* s : {&e.key, &e.title, &e.defaultTitle, &e.detail, &e.subkind, &e.outcome,
                               &e.tenant, &e.author})
            text(*s);
        redactor.redactJson(e.data);
    }
    for (auto& run : r.runs) {
        for (std::string* s : {&run.name, &run.title, &run.origin, &run.tenant, &run.author})
            text(*s);
        for (auto& step : run.path)
            for (std::string* s : {&step.stepId, &step.title, &step.outcome, &step.summary})
                text(*s);
        if (run.diagnosis)
            text(*run.diagnosis);
    }
    text(r.recordProblem);
    r.redactions = redactor.counts();
    r.redactedAttributes = redactor.attributes();
    return RedactedReport(std::move(r));
}

} // namespace casebook
