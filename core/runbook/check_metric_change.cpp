// metric_change: a metric (every series of the name that has the given labels, pooled)
// over the check's range against the same range one period earlier, through the metric
// baseline of core/analysis; the evidence is a chart of both, the baseline dashed.
#include "core/analysis/metric_baseline.h"
#include "core/analysis/metric_range.h"
#include "core/analysis/slo_store.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace casebook {
namespace {

constexpr int kChartPoints = 500;
constexpr std::int64_t kDefaultRangeNs = kDayNs;

// "source=web-forms, tenant=acme" -> the selector's labels; nothing on a malformed item.
std::optional<std::map<std::string, std::string>> labelsOf(const std::string& text) {
    std::map<std::string, std::string> labels;
    std::size_t start = 0;
    while (start < text.size()) {
        auto comma = text.find(',', start);
        if (comma == std::string::npos)
            comma = text.size();
        std::string item = text.substr(start, comma - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        start = comma + 1;
        if (item.empty())
            continue;
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            return std::nullopt;
        std::string key = item.substr(0, eq), value = item.substr(eq + 1);
        key.erase(key.find_last_not_of(" \t") + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        labels[key] = value;
    }
    return labels;
}

std::optional<CheckParameterError> validateMetricChange(const CheckParameters& p) {
    if (auto labels = p.get("labels"); labels && !labelsOf(*labels))
        return CheckParameterError{"labels", "labels are key=value pairs separated by commas, "
                                             "not '" +
                                                 *labels + "'"};
    if (auto view = p.get("view"); view && !seriesViewFromName(*view))
        return CheckParameterError{"view", "view is value, rate, p50, p90, p95 or p99, not '" +
                                               *view + "'"};
    for (const char* key : {"baseline", "last"})
        if (auto d = p.get(key)) {
            const auto ns = parseDuration(*d);
            if (!ns || *ns <= 0)
                return CheckParameterError{
                    key, std::string(key) + " is a duration like 7d, 24h or 30m, not '" + *d + "'"};
        }
    return validateWindow(p);
}

// The pooled line of several series: summed per step (rates and values of one metric
// across tenants add up); for quantiles the highest of the series, which is what an
// investigator looks for.
std::vector<PlotPoint> pooledLine(Workspace& ws, const Scope& scope,
                                  const std::vector<SeriesInfo>& series, SeriesView view,
                                  std::int64_t fromNs, std::int64_t toNs, std::int64_t shiftNs) {
    const std::int64_t stepNs =
        std::max<std::int64_t>(60'000'000'000LL, (toNs - fromNs + kChartPoints - 1) / kChartPoints);
    std::map<std::int64_t, double> byStep;
    for (const auto& s : series) {
        for (const auto& step : stepSeries(ws, scope, s, view, fromNs, toNs, stepNs)) {
            if (step.samples == 0 || !std::isfinite(step.value))
                continue;
            auto [it, fresh] = byStep.try_emplace(step.startNs + shiftNs, step.value);
            if (!fresh)
                it->second = isQuantileView(view) ? std::max(it->second, step.value)
                                                  : it->second + step.value;
        }
    }
    std::vector<PlotPoint> out;
    out.reserve(byStep.size());
    for (const auto& [t, v] : byStep)
        out.push_back({t, v});
    return out;
}

nlohmann::json pointsJson(const std::vector<PlotPoint>& points) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : points)
        out.push_back({p.timeNs, p.value});
    return out;
}

// The series of a metric in scope that have the labels. Listed without the window: a
// window narrows points, not series.
std::vector<SeriesInfo> seriesOf(Workspace& ws, const Scope& scope, const std::string& metric,
                                 const std::string& labels) {
    SeriesSelector selector{metric, labelsOf(labels).value_or(decltype(selector.labels){})};
    SeriesFilter filter;
    filter.name = metric;
    std::vector<SeriesInfo> out;
    for (auto& s : listSeries(ws, scope.withWindow({}), filter))
        if (selectorMatches(selector, s))
            out.push_back(std::move(s));
    return out;
}

// `per`: the metric divided by another (orders per session), both pooled over the range
// and over the baseline; the change is that of the ratio.
void divideBy(BaselineComparison& c, const BaselineComparison& d, std::int64_t period) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    c.current = d.current != 0 ? c.current / d.current : nan;
    c.baseline = d.baseline != 0 ? c.baseline / d.baseline : nan;
    c.changePercent.reset();
    if (std::isfinite(c.current) && std::isfinite(c.baseline) && c.baseline != 0) {
        c.changePercent = (c.current - c.baseline) / std::abs(c.baseline) * 100.0;
        c.words = formatPercentChange(*c.changePercent) + " vs " + baselinePeriodWords(period);
    } else {
        c.words = "nothing to divide by " + baselinePeriodWords(period) + " or now";
    }
}

std::vector<PlotPoint> dividedLine(const std::vector<PlotPoint>& top,
                                   const std::vector<PlotPoint>& bottom) {
    std::map<std::int64_t, double> by;
    for (const auto& b : bottom)
        by[b.timeNs] = b.value;
    std::vector<PlotPoint> out;
    for (const auto& t : top)
        if (auto it = by.find(t.timeNs); it != by.end() && it->second != 0)
            out.push_back({t.timeNs, t.value / it->second});
    return out;
}

CheckResult runMetricChange(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope windowed = windowedScope(given, p);
    const std::string metric = p.value("metric");
    const std::vector<SeriesInfo> series = seriesOf(ws, given, metric, p.value("labels"));
    const std::vector<SeriesInfo> per =
        p.has("per") ? seriesOf(ws, given, p.value("per"), {}) : std::vector<SeriesInfo>{};

    const double nan = std::numeric_limits<double>::quiet_NaN();
    CheckResult result;
    result.values = {{"change", nan}, {"current", nan}, {"baseline", nan}, {"missing", nan}};
    const std::string shown = metric +
                              (p.has("labels") ? "{" + p.value("labels") + "}" : std::string()) +
                              (p.has("per") ? " per " + p.value("per") : std::string());
    result.query = shown;
    if (series.empty() || (p.has("per") && per.empty())) {
        result.summary =
            "no series of " + (series.empty() ? metric : p.value("per")) + " in this scope";
        return result;
    }
    SeriesView view = defaultViews(series.front()).front();
    if (auto name = p.get("view"))
        view = *seriesViewFromName(*name);

    std::int64_t dataEnd = 0;
    for (const auto& s : series)
        if (auto span = seriesTimeSpan(ws, given, s.id))
            dataEnd = std::max(dataEnd, span->lastNs + 1);
    const CheckRange range = checkRange(windowed, p, dataEnd, kDefaultRangeNs);
    const std::int64_t period = parseDuration(p.value("baseline", "7d")).value_or(kWeekNs);
    // The baseline lies before the scope's window: read it in the tenant's whole time.
    const Scope unwindowed = given.withWindow({});
    BaselineComparison c =
        compareWithBaseline(ws, unwindowed, series, view, range.fromNs, range.toNs, period);
    const SeriesView perView = per.empty() ? view : defaultViews(per.front()).front();
    if (!per.empty()) {
        divideBy(
            c, compareWithBaseline(ws, unwindowed, per, perView, range.fromNs, range.toNs, period),
            period);
        c.measure = BaselineMeasure::Mean; // a ratio counts no records
    }

    result.values["current"] = c.current;
    result.values["baseline"] = c.baseline;
    if (c.changePercent)
        result.values["change"] = *c.changePercent / 100.0;
    // What a count fell short of its baseline by: the records an `impact:` counts.
    if (c.measure == BaselineMeasure::Total && c.baselineSamples > 0)
        result.values["missing"] = std::max(0.0, c.baseline - c.current);
    const std::string viewName(seriesViewName(view));
    result.query = shown + " " + viewName + ", " + formatRfc3339(range.fromNs) + " to " +
                   formatRfc3339(range.toNs) + " vs " + baselinePeriodWords(period);
    // Counters compare what was counted, gauges their mean, histograms the quantile.
    const std::string measure = !per.empty() ? std::string("ratio of the totals")
                                : c.measure == BaselineMeasure::Total ? std::string("total")
                                : c.measure == BaselineMeasure::Mean  ? std::string("mean")
                                                                      : viewName;
    result.summary = shown + ": " + formatValue(c.current) + " vs " + formatValue(c.baseline) +
                     " (" + measure + "), " + c.words;

    Evidence chart;
    chart.kind = evidence_kind::kChart;
    chart.fromNs = range.fromNs;
    chart.toNs = range.toNs;
    chart.title = shown + " " + viewName + ": " + c.words;
    nlohmann::json seriesJson = nlohmann::json::array();
    for (const auto* list : {&series, &per})
        for (const auto& s : *list)
            seriesJson.push_back({{"id", raw(s.id)},
                                  {"name", s.displayName()},
                                  {"tenant", s.tenant},
                                  {"view", seriesViewName(list == &per ? perView : view)}});
    const std::string lineLabel = !per.empty() ? shown
                                  : series.size() == 1
                                      ? series.front().displayName()
                                      : (isQuantileView(view) ? "highest of " : "sum of ") +
                                            std::to_string(series.size()) + " series";
    // The line of the range and the baseline's, shifted onto it; for `per`, the quotient
    // of the two metrics' lines step by step.
    auto line = [&](std::int64_t shift) {
        auto top = pooledLine(ws, unwindowed, series, view, range.fromNs - shift,
                              range.toNs - shift, shift);
        if (per.empty())
            return top;
        return dividedLine(top, pooledLine(ws, unwindowed, per, perView, range.fromNs - shift,
                                           range.toNs - shift, shift));
    };
    chart.payload = {{"title", shown + " (" + viewName + ")"},
                     {"unit", per.empty() ? viewUnit(series.front(), view) : std::string("1")},
                     {"series", seriesJson},
                     {"lines",
                      {{{"label", lineLabel}, {"dashed", false}, {"points", pointsJson(line(0))}},
                       {{"label", baselinePeriodWords(period)},
                        {"dashed", true},
                        {"points", pointsJson(line(period))}}}},
                     {"thresholds", nlohmann::json::array()},
                     {"comparison", c.words}};
    result.evidence.push_back(std::move(chart));
    return result;
}

} // namespace

CheckKind metricChangeCheckKind() {
    CheckKind kind;
    kind.name = "metric_change";
    kind.description = "Compares a metric over the check's range with the same range one "
                       "baseline period earlier (counters as totals, gauges as means, "
                       "histograms as quantiles of all observations).";
    kind.parameters = {
        {"metric", true, "the metric name"},
        {"labels", false, "labels the series must have: key=value, comma-separated"},
        {"per", false, "another metric to divide by (orders per session): the ratio's change"},
        {"view", false, "value, rate, p50, p90, p95, p99 (default: the metric's own)"},
        {"baseline", false, "how much earlier the baseline lies (default 7d)"},
        kLastParameter,
        kFromParameter,
        kToParameter};
    kind.values = {"change", "current", "baseline", "missing"};
    // Only a count can say how many records are missing.
    kind.primaryValue = "missing";
    kind.evidenceKinds = {std::string(evidence_kind::kChart)};
    kind.run = runMetricChange;
    kind.validate = validateMetricChange;
    return kind;
}

} // namespace casebook
