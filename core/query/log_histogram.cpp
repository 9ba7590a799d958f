#include "core/query/log_histogram.h"

#include "core/query/scoped_query.h"

#include <algorithm>

namespace casebook {

std::int64_t LogHistogram::total() const {
    std::int64_t sum = 0;
    for (const auto& bucket : buckets)
        for (auto n : bucket)
            sum += n;
    return sum;
}

LogHistogram logHistogram(Workspace& ws, const Scope& scope, const LogQuery& query,
                          int bucketCount) {
    LogHistogram out;
    bucketCount = std::max(1, bucketCount);
    std::int64_t from = 0, to = 0; // the last record's time, inclusive
    const TimeWindow& window = scope.window();
    if (window.fromNs && window.toNs) {
        from = *window.fromNs;
        to = *window.toNs - 1;
    } else {
        ScopedQuery range("SELECT min(l.time_ns), max(l.time_ns), count(*) FROM logs l "
                          "LEFT JOIN services sv ON sv.id = l.service_id");
        applyLogConditions(ws.db(), range, scope, query);
        auto st = range.prepare(ws.db());
        if (!st.step() || st.int64(2) == 0)
            return out;
        from = st.int64(0);
        to = st.int64(1);
    }
    if (to < from)
        return out;
    const std::int64_t span = to - from + 1;
    out.fromNs = from;
    out.bucketNs = std::max<std::int64_t>(1, (span + bucketCount - 1) / bucketCount);
    out.buckets.assign(static_cast<std::size_t>((span + out.bucketNs - 1) / out.bucketNs), {});

    ScopedQuery counts("SELECT (l.time_ns - ?) / ?, CASE WHEN l.severity_number <= 0 THEN 0 "
                       "WHEN l.severity_number <= 8 THEN 1 WHEN l.severity_number <= 12 THEN 2 "
                       "WHEN l.severity_number <= 16 THEN 3 WHEN l.severity_number <= 20 THEN 4 "
                       "ELSE 5 END AS level, count(*) FROM logs l "
                       "LEFT JOIN services sv ON sv.id = l.service_id");
    counts.bindValue(from).bindValue(out.bucketNs);
    applyLogConditions(ws.db(), counts, scope, query);
    counts.append("GROUP BY 1, 2");
    auto st = counts.prepare(ws.db());
    while (st.step()) {
        const auto bucket = st.int64(0);
        const auto level = st.int64(1);
        if (bucket < 0 || bucket >= std::int64_t(out.buckets.size()))
            continue; // outside a window given by the caller
        out.buckets[static_cast<std::size_t>(bucket)][static_cast<std::size_t>(level)] +=
            st.int64(2);
    }
    return out;
}

std::vector<std::string> logServices(Workspace& ws, const Scope& scope) {
    ScopedQuery q("SELECT DISTINCT sv.name FROM logs l JOIN services sv ON sv.id = l.service_id");
    q.applyScope(scope, "l", "time_ns");
    q.where("sv.name <> ''");
    q.append("ORDER BY sv.name");
    auto st = q.prepare(ws.db());
    std::vector<std::string> names;
    while (st.step())
        names.push_back(st.text(0));
    return names;
}

} // namespace casebook
