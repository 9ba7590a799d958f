#include "core/timeline/timeline_sources.h"

#include "core/analysis/findings.h"
#include "core/analysis/slo_evaluation.h"
#include "core/analysis/slo_store.h"
#include "core/util/time_text.h"

#include <algorithm>
#include <map>

namespace casebook {
namespace {

// One stretch during which some rule of a severity fired; several rules of one severity
// fire together (the 1h and the 6h page), so their stretches are merged.
struct Stretch {
    std::int64_t fromNs = 0, toNs = 0;
    double peakBurn = 0;
    std::string rules; // "page 14.4x over 1h and 5m; page 6x over 6h and 30m"
    bool active = false;
};

std::vector<Stretch> mergedStretches(const SloEvaluation& eval, AlertSeverity severity) {
    std::vector<BurnAlert> alerts;
    for (const auto& a : eval.alerts)
        if (a.rule.severity == severity)
            alerts.push_back(a);
    std::sort(alerts.begin(), alerts.end(),
              [](const BurnAlert& a, const BurnAlert& b) { return a.firedNs < b.firedNs; });
    std::vector<Stretch> out;
    for (const auto& a : alerts) {
        const std::int64_t end = a.activeAtEnd() ? eval.evaluatedAtNs : a.resolvedNs;
        const std::string rule = describeRule(a.rule);
        if (!out.empty() && a.firedNs <= out.back().toNs) {
            Stretch& s = out.back();
            s.toNs = std::max(s.toNs, end);
            s.peakBurn = std::max(s.peakBurn, a.peakLongBurn);
            s.active = s.active || a.activeAtEnd();
            if (s.rules.find(rule) == std::string::npos)
                s.rules += "; " + rule;
            continue;
        }
        out.push_back({a.firedNs, end, a.peakLongBurn, rule, a.activeAtEnd()});
    }
    return out;
}

} // namespace

void addSloAlerts(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out) {
    for (const StoredSlo& slo : listSlos(ws, scope)) {
        if (!slo.definition)
            continue;
        const SloEvaluation eval = evaluateSlo(ws, scope, slo);
        for (const AlertSeverity severity : {AlertSeverity::Page, AlertSeverity::Ticket}) {
            const std::string severityName(alertSeverityName(severity));
            for (const Stretch& s : mergedStretches(eval, severity)) {
                TimelineEntry e;
                e.key = "slo_alert:" + std::to_string(raw(slo.id)) + ":" + severityName + ":" +
                        std::to_string(s.fromNs);
                e.kind = TimelineKind::SloAlert;
                e.timeNs = s.fromNs;
                e.endNs = s.toNs;
                e.defaultTitle = slo.definition->name + ": " + severityName + " alert, burning " +
                                 formatBurnRate(s.peakBurn) + " at its peak";
                e.subkind = severityName;
                e.outcome = s.active ? "firing" : "resolved";
                e.tenant = slo.tenant;
                e.detail = s.rules + (s.active ? "; still firing at the end of the data"
                                               : "; resolved " + formatRfc3339(s.toNs));
                e.data = {{"slo", slo.definition->name},
                          {"severity", severityName},
                          {"peak_burn", s.peakBurn},
                          {"rules", s.rules},
                          {"active", s.active},
                          {"status", std::string(sloStatusName(eval.status))}};
                out.push_back(std::move(e));
            }
        }
    }
}

void addFindings(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out) {
    const FindingsReport report = findWhatChanged(ws, scope);
    for (const Finding& f : report.findings) {
        if (f.grade == FindingGrade::Info)
            continue; // harmless moves stay in the Findings pane
        const std::string grade(findingGradeName(f.grade));
        TimelineEntry e;
        e.key = "finding:" + f.tenant + ":" + std::to_string(f.onsetNs);
        e.kind = TimelineKind::Finding;
        e.timeNs = f.onsetNs;
        if (f.endNs > f.onsetNs)
            e.endNs = f.endNs;
        e.defaultTitle = f.title;
        e.subkind = grade;
        e.tenant = f.tenant;
        e.detail = f.summary;
        nlohmann::json causes = nlohmann::json::array();
        for (const auto& c : f.changes)
            causes.push_back({{"kind", "change"}, {"title", c.change.title}});
        e.data = {{"grade", grade},
                  {"title", f.title},
                  {"summary", f.summary},
                  {"score", f.score},
                  {"causes", std::move(causes)}};
        out.push_back(std::move(e));
    }
}

} // namespace casebook
