#include "core/analysis/metric_catalog.h"

#include "core/query/scoped_query.h"

#include <nlohmann/json.hpp>

namespace casebook {
namespace {

constexpr const char* kSelect =
    "SELECT ms.id, tn.name, ms.name, ms.unit, ms.description, ms.kind, ms.monotonic, "
    "ms.temporality, coalesce(sv.name, ''), ms.labels FROM metric_series ms "
    "JOIN tenants tn ON tn.id = ms.tenant_id LEFT JOIN services sv ON sv.id = ms.service_id";

void applyFilter(ScopedQuery& q, const Scope& scope, const SeriesFilter& filter) {
    q.applyScope(scope, "ms", "");
    if (filter.name)
        q.where("ms.name = ?", *filter.name);
    if (filter.service)
        q.where("sv.name = ?", *filter.service);
    if (filter.contains && !filter.contains->empty()) {
        // instr() is case-sensitive; names and labels are lower case by convention, and
        // lower() on both sides makes "Leads" find them too.
        const std::string needle = *filter.contains;
        q.where("instr(lower(ms.name), lower(?)) > 0 OR instr(lower(coalesce(sv.name, '')), "
                "lower(?)) > 0 OR instr(lower(ms.labels), lower(?)) > 0",
                std::vector<ScopedQuery::Value>{needle, needle, needle});
    }
}

SeriesInfo readRow(Statement& st) {
    SeriesInfo s;
    s.id = SeriesId{st.int64(0)};
    s.tenant = st.text(1);
    s.name = st.text(2);
    s.unit = st.text(3);
    s.description = st.text(4);
    s.kind = static_cast<MetricKind>(st.int64(5));
    s.monotonic = st.int64(6) != 0;
    s.temporality = static_cast<int>(st.int64(7));
    s.service = st.text(8);
    s.labelsJson = st.text(9);
    return s;
}

} // namespace

std::string SeriesInfo::displayName() const {
    std::string out = name;
    const auto labels = nlohmann::json::parse(labelsJson, nullptr, false);
    if (!labels.is_object() || labels.empty())
        return out;
    out.push_back('{');
    bool first = true;
    for (const auto& [key, value] : labels.items()) {
        if (!first)
            out.push_back(',');
        first = false;
        out += key;
        out.push_back('=');
        out += value.is_string() ? value.get<std::string>() : value.dump();
    }
    out.push_back('}');
    return out;
}

std::vector<SeriesInfo> listSeries(Workspace& ws, const Scope& scope, const SeriesFilter& filter) {
    ScopedQuery q(kSelect);
    applyFilter(q, scope, filter);
    q.append("ORDER BY ms.name, tn.name, sv.name, ms.labels, ms.id");
    if (filter.limit >= 0)
        q.append("LIMIT " + std::to_string(filter.limit) + " OFFSET " +
                 std::to_string(std::max<std::int64_t>(0, filter.offset)));
    auto st = q.prepare(ws.db());
    std::vector<SeriesInfo> out;
    while (st.step())
        out.push_back(readRow(st));
    return out;
}

std::int64_t countSeries(Workspace& ws, const Scope& scope, const SeriesFilter& filter) {
    ScopedQuery q("SELECT count(*) FROM metric_series ms LEFT JOIN services sv ON sv.id = "
                  "ms.service_id");
    applyFilter(q, scope, filter);
    auto st = q.prepare(ws.db());
    return st.step() ? st.int64(0) : 0;
}

std::optional<SeriesInfo> findSeries(Workspace& ws, const Scope& scope, SeriesId id) {
    ScopedQuery q(kSelect);
    q.where("ms.id = ?", raw(id));
    q.applyScope(scope, "ms", "", true);
    auto st = q.prepare(ws.db());
    if (!st.step())
        return std::nullopt;
    return readRow(st);
}

std::optional<TimeSpan> seriesTimeSpan(Workspace& ws, const Scope& scope, SeriesId id) {
    // Two queries, so that each is a single min() or max() SQLite answers from the index.
    auto endOf = [&](const char* aggregate) -> std::optional<std::int64_t> {
        ScopedQuery q(std::string("SELECT ") + aggregate + "(p.time_ns) FROM metric_points p");
        q.where("p.series_id = ?", raw(id));
        q.applyScope(scope.withWindow({}), "p", "", true);
        auto st = q.prepare(ws.db());
        if (!st.step() || st.isNull(0))
            return std::nullopt;
        return st.int64(0);
    };
    const auto first = endOf("min");
    const auto last = endOf("max");
    if (!first || !last)
        return std::nullopt;
    return TimeSpan{*first, *last};
}

std::string_view metricKindName(MetricKind kind) {
    switch (kind) {
    case MetricKind::Gauge:
        return "gauge";
    case MetricKind::Sum:
        return "sum";
    case MetricKind::Histogram:
        return "histogram";
    case MetricKind::ExponentialHistogram:
        return "exponential_histogram";
    case MetricKind::Summary:
        return "summary";
    }
    return "gauge";
}

} // namespace casebook
