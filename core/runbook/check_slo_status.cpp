// slo_status: an SLO by name, evaluated (core/analysis/slo_evaluation.h) at the end of the
// check's range: its SLI, the error budget left, its status and whether a burn-rate alert
// fired in the range. Across tenants every tenant's copy of the SLO is evaluated and the
// worst one answers.
#include "core/analysis/slo_evaluation.h"
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

// "1h", "5m", "3d": the windows as the SRE workbook writes them.
std::string windowText(std::int64_t ns) {
    constexpr std::int64_t minute = 60'000'000'000LL;
    if (ns % (24 * 60 * minute) == 0)
        return std::to_string(ns / (24 * 60 * minute)) + "d";
    if (ns % (60 * minute) == 0)
        return std::to_string(ns / (60 * minute)) + "h";
    return std::to_string(ns / minute) + "m";
}

// Alerts that were firing at some moment of [from, to) (all of them without a range).
std::vector<const BurnAlert*> alertsIn(const SloEvaluation& e, const TimeWindow& w) {
    std::vector<const BurnAlert*> out;
    for (const auto& a : e.alerts) {
        const bool startsBeforeEnd = !w.toNs || a.firedNs < *w.toNs;
        const bool endsAfterStart = !w.fromNs || a.activeAtEnd() || a.resolvedNs > *w.fromNs;
        if (startsBeforeEnd && endsAfterStart)
            out.push_back(&a);
    }
    return out;
}

nlohmann::json statusJson(const SloEvaluation& e, const std::vector<const BurnAlert*>& alerts) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto* a : alerts)
        list.push_back({{"severity", alertSeverityName(a->rule.severity)},
                        {"long_window", windowText(a->rule.longWindowNs)},
                        {"short_window", windowText(a->rule.shortWindowNs)},
                        {"burn_rate", a->rule.burnRate},
                        {"from_ns", a->firedNs},
                        {"to_ns", a->resolvedNs ? nlohmann::json(a->resolvedNs) : nullptr}});
    const double sli = e.total > 0 ? e.good / e.total : 1.0;
    return {{"slo", e.slo.definition ? e.slo.definition->name : std::string()},
            {"tenant", e.slo.tenant},
            {"status", sloStatusName(e.status)},
            {"sli", sli},
            {"objective", e.slo.definition ? e.slo.definition->objective : 0.0},
            {"budget_remaining", e.budgetRemaining},
            {"alerts", list}};
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
        e.alerts = alertsIn(e.evaluation, scope.window());
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
    for (int i = 0; i < static_cast<int>(evaluated.size()) && i < limit; ++i) {
        const auto& e = evaluated[static_cast<std::size_t>(i)];
        Evidence evidence;
        evidence.kind = evidence_kind::kSloStatus;
        evidence.title = inQuotes(name) + " for " + e.evaluation.slo.tenant + ": " +
                         std::string(sloStatusName(e.evaluation.status));
        evidence.payload = statusJson(e.evaluation, e.alerts);
        if (!e.evaluation.sli.empty()) {
            evidence.fromNs = e.evaluation.sli.front().timeNs;
            evidence.toNs = e.evaluation.evaluatedAtNs;
        }
        result.evidence.push_back(std::move(evidence));
    }
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
