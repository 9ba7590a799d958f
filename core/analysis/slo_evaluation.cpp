#include "core/analysis/slo_evaluation.h"

#include "core/analysis/metric_catalog.h"
#include "core/analysis/metric_samples.h"
#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace casebook {
namespace {

constexpr std::int64_t kMinute = 60'000'000'000LL;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

bool labelsMatch(const SeriesInfo& s, const SeriesSelector& selector) {
    if (selector.labels.empty())
        return true;
    const auto labels = nlohmann::json::parse(s.labelsJson, nullptr, false);
    if (!labels.is_object())
        return false;
    for (const auto& [key, value] : selector.labels) {
        const auto it = labels.find(key);
        if (it == labels.end() || !it->is_string() || it->get<std::string>() != value)
            return false;
    }
    return true;
}

std::vector<SeriesInfo> seriesFor(Workspace& ws, const Scope& scope,
                                  const SeriesSelector& selector) {
    SeriesFilter filter;
    filter.name = selector.metric;
    std::vector<SeriesInfo> out;
    for (auto& s : listSeries(ws, scope, filter))
        if (labelsMatch(s, selector))
            out.push_back(std::move(s));
    return out;
}

using EventMap = std::map<std::int64_t, SliPoint>;

void addCounter(Workspace& ws, const Scope& scope, const std::vector<SeriesInfo>& series, bool good,
                EventMap& events) {
    for (const auto& s : series) {
        const SeriesView view =
            viewApplies(s, SeriesView::Rate) ? SeriesView::Rate : SeriesView::Value;
        for (const Sample& sample : readSamples(ws, scope, s, view, INT64_MIN, INT64_MAX)) {
            SliPoint& p = events[sample.timeNs];
            p.timeNs = sample.timeNs;
            const double n = view == SeriesView::Rate ? sample.increase : sample.value;
            (good ? p.good : p.total) += std::max(0.0, n);
        }
    }
}

std::string windowText(std::int64_t ns) {
    if (ns % kDay == 0)
        return std::to_string(ns / kDay) + "d";
    if (ns % kHour == 0)
        return std::to_string(ns / kHour) + "h";
    return std::to_string(ns / kMinute) + "m";
}

std::string percentText(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", share * 100.0);
    return buf;
}

} // namespace

std::string_view sloStatusName(SloStatus status) {
    switch (status) {
    case SloStatus::Healthy:
        return "Healthy";
    case SloStatus::Degraded:
        return "Degraded";
    case SloStatus::Broken:
        return "Broken";
    case SloStatus::NoData:
        return "No data";
    }
    return "No data";
}

std::string formatBurnRate(double burn) {
    char buf[32];
    std::snprintf(buf, sizeof buf, burn >= 100 ? "%.0fx" : "%.3gx", burn);
    return buf;
}

std::string describeRule(const BurnRateRule& rule) {
    return std::string(alertSeverityName(rule.severity)) + " " + formatBurnRate(rule.burnRate) +
           " over " + windowText(rule.longWindowNs) + " and " + windowText(rule.shortWindowNs);
}

std::string_view alertSeverityName(AlertSeverity severity) {
    return severity == AlertSeverity::Page ? "page" : "ticket";
}

std::vector<BurnRateRule> burnRateRules(std::int64_t periodNs) {
    // The workbook's table for 30 days; a rate is the budget share times the number of
    // long windows in the period.
    struct Row {
        AlertSeverity severity;
        std::int64_t longNs, shortNs;
        double share;
    };
    static constexpr Row rows[] = {
        {AlertSeverity::Page, kHour, 5 * kMinute, 0.02},
        {AlertSeverity::Page, 6 * kHour, 30 * kMinute, 0.05},
        {AlertSeverity::Ticket, kDay, 2 * kHour, 0.10},
        {AlertSeverity::Ticket, 3 * kDay, 6 * kHour, 0.10},
    };
    std::vector<BurnRateRule> out;
    for (const Row& r : rows) {
        BurnRateRule rule;
        rule.severity = r.severity;
        rule.longWindowNs = r.longNs;
        rule.shortWindowNs = r.shortNs;
        rule.budgetShare = r.share;
        rule.burnRate = r.share * static_cast<double>(periodNs) / static_cast<double>(r.longNs);
        // Rounded so that 0.02 * 720 reads 14.4 as in the table, not 14.400000000000002.
        rule.burnRate = std::round(rule.burnRate * 1000) / 1000;
        out.push_back(rule);
    }
    return out;
}

SloEvaluation evaluateSlo(Workspace& ws, const Scope& scopeIn, const StoredSlo& stored) {
    SloEvaluation out;
    out.slo = stored;
    if (!stored.definition) {
        out.error = "the stored definition is invalid: " + stored.error;
        out.statusWords = "No data: " + out.error;
        return out;
    }
    const SloDefinition& slo = *stored.definition;
    Scope scope = scopeIn.isAllTenants() ? ws.tenantScope(stored.tenant) : scopeIn;
    scope = scope.withWindow({});

    // Events by interval end.
    EventMap events;
    std::string missing;
    switch (slo.type) {
    case SliType::Ratio: {
        const auto good = seriesFor(ws, scope, slo.good);
        const auto total = seriesFor(ws, scope, slo.total);
        if (good.empty())
            missing = slo.good.metric;
        else if (total.empty())
            missing = slo.total.metric;
        addCounter(ws, scope, good, true, events);
        addCounter(ws, scope, total, false, events);
        // Quantised counters can put a good event an interval ahead of its total.
        for (auto& [t, p] : events)
            p.good = std::min(p.good, p.total);
        break;
    }
    case SliType::Latency: {
        const auto series = seriesFor(ws, scope, slo.series);
        if (series.empty())
            missing = slo.series.metric;
        for (const auto& s : series) {
            if (!viewApplies(s, SeriesView::P50))
                continue;
            for (const Sample& sample :
                 readSamples(ws, scope, s, SeriesView::P50, INT64_MIN, INT64_MAX)) {
                if (!sample.distribution)
                    continue;
                SliPoint& p = events[sample.timeNs];
                p.timeNs = sample.timeNs;
                p.total += sample.distribution->total();
                p.good += sample.distribution->countAtOrBelow(slo.threshold);
            }
        }
        break;
    }
    case SliType::Threshold: {
        const auto series = seriesFor(ws, scope, slo.series);
        if (series.empty())
            missing = slo.series.metric;
        for (const auto& s : series)
            for (const Sample& sample :
                 readSamples(ws, scope, s, SeriesView::Value, INT64_MIN, INT64_MAX)) {
                SliPoint& p = events[sample.timeNs];
                p.timeNs = sample.timeNs;
                p.total += 1;
                const bool ok =
                    slo.atMost ? sample.value <= slo.threshold : sample.value >= slo.threshold;
                p.good += ok ? 1 : 0;
            }
        break;
    }
    }
    if (scopeIn.window().toNs)
        events.erase(events.lower_bound(*scopeIn.window().toNs), events.end());
    for (auto& [t, p] : events)
        if (p.total > 0)
            out.sli.push_back(p);
    if (out.sli.empty()) {
        out.error = missing.empty() ? "no events in the SLI's series"
                                    : "no series of metric " + missing + " in this tenant";
        out.statusWords = "No data: " + out.error;
        return out;
    }

    // Prefix sums make every window a subtraction.
    const std::size_t n = out.sli.size();
    std::vector<double> bad(n + 1, 0), all(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        bad[i + 1] = bad[i] + (out.sli[i].total - out.sli[i].good);
        all[i + 1] = all[i] + out.sli[i].total;
    }
    const double budget = slo.errorBudget();
    // Burn rate over (t - window, t] for the evaluation at index i.
    auto burnAt = [&](std::size_t i, std::int64_t window) {
        const std::int64_t t = out.sli[i].timeNs;
        const auto first =
            std::upper_bound(out.sli.begin(), out.sli.end(), t - window,
                             [](std::int64_t v, const SliPoint& p) { return v < p.timeNs; }) -
            out.sli.begin();
        const double events = all[i + 1] - all[static_cast<std::size_t>(first)];
        if (events <= 0)
            return 0.0;
        return (bad[i + 1] - bad[static_cast<std::size_t>(first)]) / events / budget;
    };

    const auto rules = burnRateRules(slo.periodNs);
    std::vector<std::optional<BurnAlert>> open(rules.size());
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t r = 0; r < rules.size(); ++r) {
            const double longBurn = burnAt(i, rules[r].longWindowNs);
            // "Faster than" with room for binary fractions: 0.3 / (1 - 0.9) is 3.0000000000000004.
            const double limit = rules[r].burnRate * (1 + 1e-9);
            const bool firing = longBurn > limit && burnAt(i, rules[r].shortWindowNs) > limit;
            if (firing && !open[r]) {
                open[r] = BurnAlert{rules[r], out.sli[i].timeNs, 0, longBurn};
            } else if (firing) {
                open[r]->peakLongBurn = std::max(open[r]->peakLongBurn, longBurn);
            } else if (open[r]) {
                open[r]->resolvedNs = out.sli[i].timeNs;
                out.alerts.push_back(*open[r]);
                open[r].reset();
            }
        }
    }
    for (auto& a : open)
        if (a)
            out.alerts.push_back(*a);
    std::stable_sort(out.alerts.begin(), out.alerts.end(),
                     [](const BurnAlert& a, const BurnAlert& b) { return a.firedNs < b.firedNs; });

    out.evaluatedAtNs = out.sli.back().timeNs;
    for (const auto& rule : rules)
        out.currentBurn.push_back(burnAt(n - 1, rule.longWindowNs));
    // The budget over the period ending now (or the part of it the data covers).
    const std::int64_t periodStart = out.evaluatedAtNs - slo.periodNs;
    std::size_t first = 0;
    while (first < n && out.sli[first].timeNs <= periodStart)
        ++first;
    out.total = all[n] - all[first];
    out.good = out.total - (bad[n] - bad[first]);
    out.coveredNs = out.evaluatedAtNs - std::max(periodStart, out.sli[first].timeNs);
    const double errorRatio = out.total > 0 ? (out.total - out.good) / out.total : 0;
    out.budgetRemaining = 1.0 - errorRatio / budget;

    const BurnAlert* page = nullptr;
    const BurnAlert* ticket = nullptr;
    for (const auto& a : out.alerts)
        if (a.activeAtEnd()) {
            if (a.rule.severity == AlertSeverity::Page && !page)
                page = &a;
            if (a.rule.severity == AlertSeverity::Ticket && !ticket)
                ticket = &a;
        }
    std::vector<std::string> reasons;
    auto alertWords = [&](const BurnAlert& a) {
        const std::string rule = describeRule(a.rule);
        const auto space = rule.find(' ');
        return rule.substr(0, space) + " alert (" + rule.substr(space + 1) + ") since " +
               formatRfc3339(a.firedNs);
    };
    if (page)
        reasons.push_back(alertWords(*page));
    else if (ticket)
        reasons.push_back(alertWords(*ticket));
    if (out.budgetRemaining <= 0)
        reasons.push_back("error budget exhausted (" + percentText(-out.budgetRemaining) +
                          " overspent)");
    else
        reasons.push_back(percentText(out.budgetRemaining) + " of the error budget left");
    if (page || out.budgetRemaining <= 0)
        out.status = SloStatus::Broken;
    else if (ticket || out.budgetRemaining < 0.25)
        out.status = SloStatus::Degraded;
    else
        out.status = SloStatus::Healthy;
    out.statusWords = std::string(sloStatusName(out.status)) + ": ";
    for (std::size_t i = 0; i < reasons.size(); ++i)
        out.statusWords += (i ? "; " : "") + reasons[i];
    return out;
}

} // namespace casebook
