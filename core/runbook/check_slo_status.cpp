// slo_status: an SLO by name, evaluated (core/analysis/slo_evaluation.h) at the end of the
// check's range: its SLI, the error budget left, its status and whether a burn-rate alert
// fired in the range. Across tenants every tenant's copy of the SLO is evaluated and the
// worst one answers.
#include "core/analysis/slo_evaluation.h"
#include "core/casefile/pane_evidence.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"

#include <algorithm>
#include <limits>

namespace casebook {
namespace {

int severityRank(SloStatus status) {
    switch (status) {
    case SloStatus::Broken:
        return 3;
    case SloStatus::Degraded:
        return 2;
    case SloStatus::Healthy:
        return 1;
    case SloStatus::NoData:
        break;
    }
    return 0;
}

CheckResult runSloStatus(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope scope = windowedScope(given, p);
    const std::string name = p.value("slo");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CheckResult result;
    result.values = {{"budget_remaining", nan}, {"sli", nan}, {"burning", 0}, {"alerts", 0}};
    result.query = "SLO " + inQuotes(name);

    struct Evaluated {
        SloEvaluation evaluation;
        std::vector<const BurnAlert*> alerts;
    };
    std::vector<Evaluated> evaluated;
    for (const auto& slo : listSlos(ws, given.withWindow({})))
        if (slo.definition && slo.definition->name == name)
            evaluated.push_back({evaluateSlo(ws, scope, slo), {}});
    if (evaluated.empty()) {
        result.summary = "no SLO named " + inQuotes(name) + " in this scope";
        return result;
    }
    std::int64_t alertCount = 0;
    for (auto& e : evaluated) {
        e.alerts = alertsFiringIn(e.evaluation, scope.window());
        alertCount += static_cast<std::int64_t>(e.alerts.size());
        if (!e.alerts.empty())
            result.byTenant[e.evaluation.slo.tenant] = static_cast<std::int64_t>(e.alerts.size());
    }
    // The worst first: status, then the least budget left, then the tenant.
    std::sort(evaluated.begin(), evaluated.end(), [](const Evaluated& a, const Evaluated& b) {
        const int ra = severityRank(a.evaluation.status), rb = severityRank(b.evaluation.status);
        if (ra != rb)
            return ra > rb;
        if (a.evaluation.budgetRemaining != b.evaluation.budgetRemaining)
            return a.evaluation.budgetRemaining < b.evaluation.budgetRemaining;
        return a.evaluation.slo.tenant < b.evaluation.slo.tenant;
    });
    const SloEvaluation& worst = evaluated.front().evaluation;
    if (worst.status != SloStatus::NoData) {
        result.values["budget_remaining"] = worst.budgetRemaining;
        result.values["sli"] = worst.total > 0 ? worst.good / worst.total : 1.0;
    }
    result.values["burning"] = alertCount > 0 ? 1 : 0;
    result.values["alerts"] = static_cast<double>(alertCount);

    const std::string tenants = evaluated.size() == 1
                                    ? std::string()
                                    : " (the worst of " + std::to_string(evaluated.size()) +
                                          " tenants: " + worst.slo.tenant + ")";
    result.summary =
        inQuotes(name) + " is " + std::string(sloStatusName(worst.status)) + tenants + ": " +
        (worst.status == SloStatus::NoData
             ? worst.error
             : "SLI " + formatValue(result.values["sli"] * 100) + "%, " +
                   formatValue(worst.budgetRemaining * 100) + "% of the error budget left, " +
                   (alertCount ? std::to_string(alertCount) +
                                     (alertCount == 1 ? " burn-rate alert" : " burn-rate alerts") +
                                     " in the range"
                               : std::string("no burn-rate alert in the range")));

    const int limit = p.evidenceLimit();
    for (int i = 0; i < static_cast<int>(evaluated.size()) && i < limit; ++i)
        result.evidence.push_back(
            sloStatusEvidence(evaluated[static_cast<std::size_t>(i)].evaluation, scope.window()));
    return result;
}

} // namespace

CheckKind sloStatusCheckKind() {
    CheckKind kind;
    kind.name = "slo_status";
    kind.description = "Evaluates an SLO of the scope's tenant (across tenants: the worst "
                       "tenant): SLI, error budget left, status, burn-rate alerts in range.";
    kind.parameters = {{"slo", true, "the SLO's name"}, kFromParameter, kToParameter};
    kind.values = {"burning", "budget_remaining", "sli", "alerts"};
    // An SLO's state counts no records: no `impact:`.
    kind.evidenceKinds = {std::string(evidence_kind::kSloStatus)};
    kind.run = runSloStatus;
    kind.validate = validateWindow;
    return kind;
}

} // namespace casebook
