#include "core/lineage/node_status.h"

#include "core/lineage/lineage_store.h"
#include "core/query/scoped_query.h"
#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace casebook {

std::string formatInterval(std::int64_t ns) {
    constexpr std::int64_t minute = 60'000'000'000LL;
    if (ns <= 0 || ns % minute != 0)
        return formatDuration(ns);
    const std::int64_t hours = ns / (60 * minute), minutes = ns / minute % 60;
    if (hours == 0)
        return std::to_string(minutes) + " min";
    return std::to_string(hours) + " h" + (minutes ? " " + std::to_string(minutes) + " min" : "");
}

std::string_view runStateWord(RunState state) {
    switch (state) {
    case RunState::Never:
        return "never run";
    case RunState::Running:
        return "running";
    case RunState::Complete:
        return "complete";
    case RunState::Failed:
        return "failed";
    case RunState::Aborted:
        return "aborted";
    case RunState::Other:
        return "other";
    }
    return "other";
}

std::optional<RunState> runStateFromWord(std::string_view word) {
    if (word == "never")
        return RunState::Never;
    for (auto s : {RunState::Never, RunState::Running, RunState::Complete, RunState::Failed,
                   RunState::Aborted, RunState::Other})
        if (runStateWord(s) == word)
            return s;
    return std::nullopt;
}

std::optional<double> NodeStatus::rowCountChangePercent() const {
    if (!quality || !previousQuality || !quality->rowCount || !previousQuality->rowCount ||
        *previousQuality->rowCount == 0)
        return std::nullopt;
    return 100.0 * static_cast<double>(*quality->rowCount - *previousQuality->rowCount) /
           static_cast<double>(*previousQuality->rowCount);
}

const NodeStatus& LineageStatus::of(std::int64_t nodeId) const {
    static const NodeStatus none;
    const auto it = byNode.find(nodeId);
    return it == byNode.end() ? none : it->second;
}

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

RunState stateOfEvent(std::string_view type) {
    if (type == "START" || type == "RUNNING")
        return RunState::Running;
    if (type == "COMPLETE")
        return RunState::Complete;
    if (type == "FAIL")
        return RunState::Failed;
    if (type == "ABORT")
        return RunState::Aborted;
    return RunState::Other;
}

struct RunHistory {
    std::int64_t lastNs = 0;
    RunState lastState = RunState::Never;
    std::vector<std::int64_t> successes;
    std::string lastError;
    std::optional<std::int64_t> lastErrorNs;
    std::optional<std::int64_t> failingSinceNs; // the first failure since the last success
};

// A count from JSON: a whole number, or a finite one within 64 bits, rounded.
std::optional<std::int64_t> jsonCount(const nlohmann::json& value) {
    if (value.is_number_integer() && !value.is_number_unsigned())
        return value.get<std::int64_t>();
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return static_cast<std::int64_t>(u);
        return std::nullopt;
    }
    if (value.is_number_float()) {
        const double d = value.get<double>();
        // 2^63 is exactly representable; anything from it up does not fit.
        if (std::isfinite(d) && d > -9.2e18 && d < 9.2e18)
            return static_cast<std::int64_t>(std::llround(d));
    }
    return std::nullopt;
}

std::optional<std::int64_t> dbtFreshness(const std::string& facet) {
    const auto doc = nlohmann::json::parse(facet, nullptr, false);
    if (!doc.is_object() || !doc.contains("freshness") || !doc["freshness"].is_object())
        return std::nullopt;
    for (const char* which : {"error_after", "warn_after"}) {
        const auto& after = doc["freshness"].value(which, nlohmann::json());
        if (!after.is_object() || !after.value("count", nlohmann::json()).is_number_integer())
            continue;
        const auto count = jsonCount(after["count"]).value_or(0);
        const auto& periodValue = after.value("period", nlohmann::json());
        const std::string period =
            periodValue.is_string() ? periodValue.get<std::string>() : std::string();
        const std::int64_t unit = period == "minute" ? 60 * kSecond
                                  : period == "hour" ? 3600 * kSecond
                                  : period == "day"  ? 86400 * kSecond
                                                     : 0;
        // A count too large to hold in nanoseconds means "never stale" in practice.
        if (count > 0 && unit > 0)
            return count > std::numeric_limits<std::int64_t>::max() / unit
                       ? std::numeric_limits<std::int64_t>::max()
                       : count * unit;
    }
    return std::nullopt;
}

std::optional<std::int64_t> medianGap(std::vector<std::int64_t> times) {
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    if (times.size() < 3)
        return std::nullopt;
    std::vector<std::int64_t> gaps;
    for (std::size_t i = 1; i < times.size(); ++i)
        gaps.push_back(times[i] - times[i - 1]);
    std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                     gaps.end());
    return gaps[gaps.size() / 2];
}

} // namespace

std::optional<QualitySample> qualitySampleOf(std::int64_t timeNs, std::string_view facetName,
                                             const std::string& facetJson) {
    const auto doc = nlohmann::json::parse(facetJson, nullptr, false);
    if (!doc.is_object())
        return std::nullopt;
    QualitySample q;
    q.timeNs = timeNs;
    auto count = [&](const char* key) -> std::optional<std::int64_t> {
        const auto it = doc.find(key);
        return it == doc.end() ? std::nullopt : jsonCount(*it);
    };
    q.rowCount = count("rowCount");
    q.bytes = count(facetName == "outputStatistics" ? "size" : "bytes");
    if (const auto columns = doc.find("columnMetrics");
        columns != doc.end() && columns->is_object()) {
        std::int64_t nulls = 0;
        bool any = false;
        for (const auto& [column, metrics] : columns->items()) {
            if (!metrics.is_object())
                continue;
            const auto it = metrics.find("nullCount");
            if (it == metrics.end())
                continue;
            if (const auto n = jsonCount(*it); n && *n >= 0) {
                nulls = *n > std::numeric_limits<std::int64_t>::max() - nulls
                            ? std::numeric_limits<std::int64_t>::max()
                            : nulls + *n;
                any = true;
            }
        }
        if (any)
            q.nullCount = nulls;
    }
    if (!q.rowCount && !q.bytes && !q.nullCount)
        return std::nullopt;
    return q;
}

LineageStatus lineageStatus(Workspace& ws, const Scope& scope, const LineageGraph& graph,
                            std::optional<std::int64_t> asOfNs) {
    LineageStatus status;
    status.atNs = asOfNs ? *asOfNs : newestLineageTime(ws, scope).value_or(0);
    const std::int64_t at = status.atNs;

    std::unordered_map<std::int64_t, RunHistory> runs;
    {
        ScopedQuery q("SELECT r.node_id, r.time_ns, r.event_type, coalesce(r.error_message, '') "
                      "FROM lineage_run_events r");
        q.applyScope(scope, "r", "");
        q.where("r.time_ns <= ?", at);
        q.append("ORDER BY r.node_id, r.time_ns, r.id");
        auto st = q.prepare(ws.db());
        while (st.step()) {
            RunHistory& h = runs[st.int64(0)];
            h.lastNs = st.int64(1);
            h.lastState = stateOfEvent(st.textView(2));
            if (h.lastState == RunState::Complete) {
                h.successes.push_back(h.lastNs);
                h.failingSinceNs.reset();
            }
            if (h.lastState == RunState::Failed) {
                h.lastError = st.text(3);
                h.lastErrorNs = h.lastNs;
                if (!h.failingSinceNs)
                    h.failingSinceNs = h.lastNs;
            }
        }
    }
    std::unordered_map<std::int64_t, std::int64_t> explicitInterval;
    {
        ScopedQuery q("SELECT f.node_id, f.facet FROM lineage_facets f");
        q.applyScope(scope, "f", "");
        q.where("f.name = 'dbt' AND f.facet LIKE '%freshness%'");
        auto st = q.prepare(ws.db());
        while (st.step())
            if (auto interval = dbtFreshness(st.text(1)))
                explicitInterval[st.int64(0)] = *interval;
    }

    for (NodeIndex n = 0; n < graph.nodeCount(); ++n) {
        const auto& info = graph.node(n);
        // A node's own runs, or else (a dataset) the runs of the jobs that write it.
        std::vector<const RunHistory*> sources;
        if (auto it = runs.find(info.id); it != runs.end()) {
            sources.push_back(&it->second);
        } else {
            for (NodeIndex writer : graph.upstream(n))
                if (auto w = runs.find(graph.node(writer).id); w != runs.end())
                    sources.push_back(&w->second);
        }
        const auto interval = explicitInterval.find(info.id);
        if (sources.empty() && interval == explicitInterval.end())
            continue;
        NodeStatus s;
        std::vector<std::int64_t> successes;
        for (const RunHistory* h : sources) {
            if (!s.lastEventNs || h->lastNs > *s.lastEventNs) {
                s.lastEventNs = h->lastNs;
                s.state = h->lastState;
            }
            successes.insert(successes.end(), h->successes.begin(), h->successes.end());
            if (h->lastErrorNs && (!s.lastErrorNs || *h->lastErrorNs > *s.lastErrorNs)) {
                s.lastErrorNs = h->lastErrorNs;
                s.lastError = h->lastError;
            }
        }
        if (!successes.empty())
            s.lastSuccessNs = *std::max_element(successes.begin(), successes.end());
        // Failing now: since the earliest first failure among the runs that fail now.
        if (s.state == RunState::Failed)
            for (const RunHistory* h : sources)
                if (h->lastState == RunState::Failed && h->failingSinceNs &&
                    (!s.failingSinceNs || *h->failingSinceNs < *s.failingSinceNs))
                    s.failingSinceNs = h->failingSinceNs;
        if (interval != explicitInterval.end()) {
            s.expectedIntervalNs = interval->second;
            s.intervalExplicit = true;
        } else {
            s.expectedIntervalNs = medianGap(successes);
        }
        if (s.hasRuns() && !s.lastSuccessNs)
            s.stale = true;
        else if (s.lastSuccessNs && s.expectedIntervalNs)
            s.stale = at - *s.lastSuccessNs > (s.intervalExplicit ? 1 : 2) * *s.expectedIntervalNs;
        status.byNode.emplace(info.id, std::move(s));
    }

    {
        ScopedQuery q("SELECT f.node_id, f.time_ns, f.name, f.facet FROM lineage_facets f");
        q.applyScope(scope, "f", "");
        q.where("f.name IN ('dataQualityMetrics', 'outputStatistics')");
        q.where("f.time_ns IS NULL OR f.time_ns <= ?", at);
        q.append("ORDER BY f.node_id, coalesce(f.time_ns, 0), f.id");
        auto st = q.prepare(ws.db());
        while (st.step()) {
            auto sample = qualitySampleOf(st.isNull(1) ? 0 : st.int64(1), st.text(2), st.text(3));
            if (!sample)
                continue;
            NodeStatus& s = status.byNode[st.int64(0)];
            s.previousQuality = s.quality;
            s.quality = sample;
        }
    }
    return status;
}

} // namespace casebook
