#pragma once
// An SLO over its data: the SLI over time, the error budget left, and the multiwindow,
// multi-burn-rate alerts of the SRE workbook (chapter "Alerting on SLOs"). For a 30-day
// period: page when 2% of the budget burns in 1 h (14.4x, confirmed over 5 min) or 5% in
// 6 h (6x, over 30 min); ticket when 10% burns in 1 d (3x, over 2 h) or in 3 d (1x, over
// 6 h). Other periods keep the budget shares, so the burn rates scale with the period,
// but never below 1x (a slower burn leaves budget at the period's end: no alert).

#include "core/analysis/slo_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace casebook {

enum class SloStatus { Healthy, Degraded, Broken, NoData };
std::string_view sloStatusName(SloStatus status); // "Healthy", "Degraded", "Broken", "No data"

enum class AlertSeverity { Page, Ticket };
std::string_view alertSeverityName(AlertSeverity severity); // "page", "ticket"

struct BurnRateRule {
    AlertSeverity severity = AlertSeverity::Page;
    std::int64_t longWindowNs = 0;
    std::int64_t shortWindowNs = 0;
    double burnRate = 0;
    double budgetShare = 0; // of the whole period's budget, burnt in the long window
};
// The four rules for an SLO period.
std::vector<BurnRateRule> burnRateRules(std::int64_t periodNs);
// "page 14.4x over 1h and 5m".
std::string describeRule(const BurnRateRule& rule);
// "14.4x", "6x", "0.35x".
std::string formatBurnRate(double burn);

// Good and total events of the intervals ending at one time.
struct SliPoint {
    std::int64_t timeNs = 0;
    double good = 0;
    double total = 0;
    double sli() const { return total > 0 ? good / total : 1.0; }
};

// One stretch of time during which a rule's two windows both burned faster than its rate.
struct BurnAlert {
    BurnRateRule rule;
    std::int64_t firedNs = 0;
    std::int64_t resolvedNs = 0; // first evaluation without the condition; 0 while active
    double peakLongBurn = 0;
    bool activeAtEnd() const { return resolvedNs == 0; }
};

struct SloEvaluation {
    StoredSlo slo;
    std::vector<SliPoint> sli; // in time order
    std::int64_t evaluatedAtNs = 0;
    std::int64_t coveredNs = 0;      // how much of the period the data covers
    double good = 0, total = 0;      // over the period ending at evaluatedAtNs
    double budgetRemaining = 1;      // share of the error budget left (negative: overspent)
    std::vector<double> currentBurn; // long-window burn of each rule at evaluatedAtNs
    std::vector<BurnAlert> alerts;   // in firing order
    SloStatus status = SloStatus::NoData;
    std::string statusWords; // "Broken: page alert since ...; error budget exhausted"
    std::string error;       // why there is no data (no series matched ...)
};

// The alerts firing at some moment of `window` (all of them when it is open-ended).
std::vector<const BurnAlert*> alertsFiringIn(const SloEvaluation& evaluation,
                                             const TimeWindow& window);

// Evaluates at the end of the SLI's data in scope (or the scope window's end, if earlier).
// A scope over all tenants is narrowed to the SLO's tenant.
SloEvaluation evaluateSlo(Workspace& ws, const Scope& scope, const StoredSlo& slo);

} // namespace casebook
