#include "core/analysis/metric_sense.h"

#include "core/analysis/slo_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace casebook {
namespace {

// UCUM time units, as OpenTelemetry writes durations.
bool isTimeUnit(const std::string& unit) {
    static constexpr std::array<std::string_view, 7> units = {"s",   "ms", "us", "ns",
                                                              "min", "h",  "d"};
    return std::find(units.begin(), units.end(), unit) != units.end();
}

// A series of failed operations by the conventions: it carries error.type, or an HTTP
// response status code of the 5xx class.
bool countsFailures(const SeriesInfo& series) {
    const auto labels = nlohmann::json::parse(series.labelsJson, nullptr, false);
    if (!labels.is_object())
        return false;
    if (labels.contains("error.type"))
        return true;
    for (const char* key : {"http.response.status_code", "http.status_code"}) {
        const auto it = labels.find(key);
        if (it == labels.end())
            continue;
        const std::string code = it->is_string() ? it->get<std::string>() : it->dump();
        if (code.size() == 3 && code[0] == '5')
            return true;
    }
    return false;
}

} // namespace

std::string_view metricSenseName(MetricSense sense) {
    switch (sense) {
    case MetricSense::UpIsBad:
        return "up is bad";
    case MetricSense::DownIsBad:
        return "down is bad";
    case MetricSense::Either:
        return "either way";
    }
    return "either way";
}

MetricSense conventionalSense(const SeriesInfo& series, SeriesView view) {
    // A distribution or a gauge of time: a latency or an age.
    if ((isQuantileView(view) || series.kind == MetricKind::Gauge) && isTimeUnit(series.unit))
        return MetricSense::UpIsBad;
    if (countsFailures(series))
        return MetricSense::UpIsBad;
    return MetricSense::Either;
}

MetricSenses MetricSenses::fromSlos(Workspace& ws, const Scope& scope) {
    MetricSenses out;
    for (const StoredSlo& slo : listSlos(ws, scope)) {
        if (!slo.definition)
            continue;
        const SloDefinition& d = *slo.definition;
        switch (d.type) {
        case SliType::Ratio:
            out.add(slo.tenant, d.good, MetricSense::DownIsBad);
            out.add(slo.tenant, d.total, MetricSense::DownIsBad);
            break;
        case SliType::Latency:
            out.add(slo.tenant, d.series, MetricSense::UpIsBad);
            break;
        case SliType::Threshold:
            out.add(slo.tenant, d.series, d.atMost ? MetricSense::UpIsBad : MetricSense::DownIsBad);
            break;
        }
    }
    return out;
}

void MetricSenses::add(std::string tenant, SeriesSelector selector, MetricSense sense) {
    rules_.push_back({std::move(tenant), std::move(selector), sense});
}

MetricSense MetricSenses::of(const SeriesInfo& series, SeriesView view) const {
    for (const Rule& r : rules_)
        if (r.tenant == series.tenant && selectorMatches(r.selector, series)) {
            // A latency SLO is about the distribution, not how many observations it has.
            if (r.sense == MetricSense::UpIsBad && view == SeriesView::Rate &&
                series.kind != MetricKind::Sum)
                continue;
            return r.sense;
        }
    return conventionalSense(series, view);
}

} // namespace casebook
