#include "core/analysis/trace_comparison.h"

#include "core/query/scoped_query.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace casebook {
namespace {

// Keys that describe the failure itself by OpenTelemetry's conventions (error and
// exception details, status codes): they are the failure, not what the failures share.
bool excludedKey(const std::string& key) {
    static const char* prefixes[] = {"error.", "exception.", "otel.", "status."};
    for (const char* p : prefixes)
        if (key.rfind(p, 0) == 0)
            return true;
    static const std::set<std::string> exact = {
        "error", "http.status_code", "http.response.status_code", "rpc.grpc.status_code"};
    return exact.count(key) > 0;
}

std::string valueText(const nlohmann::json& v) {
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer())
        return std::to_string(v.get<std::int64_t>());
    return {};
}

struct Feature {
    std::string key, value, service;
    bool arrayElement = false;
    bool operator<(const Feature& o) const {
        return std::tie(key, value, service, arrayElement) <
               std::tie(o.key, o.value, o.service, o.arrayElement);
    }
};

std::string filterString(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

std::vector<TraceId> sampleTraces(Workspace& ws, const Scope& scope, bool failing,
                                  std::int64_t from, std::int64_t to, int limit) {
    ScopedQuery q("SELECT t.trace_id FROM traces t");
    q.applyScope(scope.withWindow({from, to}), "t", "start_ns");
    q.where(failing ? "t.error_count > 0" : "t.error_count = 0");
    // Trace ids are random: ordering by them is a fair, repeatable sample.
    q.append("ORDER BY t.trace_id LIMIT " + std::to_string(limit));
    auto st = q.prepare(ws.db());
    std::vector<TraceId> out;
    while (st.step()) {
        const auto b = st.blob(0);
        if (b.size() != TraceId::size)
            continue;
        TraceId id;
        std::copy(b.begin(), b.end(), id.bytes.begin());
        out.push_back(id);
    }
    return out;
}

std::pair<std::int64_t, std::int64_t> countTraces(Workspace& ws, const Scope& scope,
                                                  std::int64_t from, std::int64_t to) {
    ScopedQuery q("SELECT count(*), coalesce(sum(t.error_count > 0), 0) FROM traces t");
    q.applyScope(scope.withWindow({from, to}), "t", "start_ns");
    auto st = q.prepare(ws.db());
    if (!st.step())
        return {0, 0};
    return {st.int64(0), st.int64(1)};
}

} // namespace

std::string AttributeCandidate::feature() const {
    if (arrayElement)
        return key + " contains " + value;
    return key + " = " + value + (service.empty() ? "" : " on " + service);
}

TraceComparison compareFailingTraces(Workspace& ws, const Scope& tenantScope,
                                     const TraceWindow& window, std::stop_token stop) {
    TraceComparison out;
    const std::int64_t afterEnd = window.onsetNs + window.afterNs;
    const auto [allAfter, failingAfter] = countTraces(ws, tenantScope, window.onsetNs, afterEnd);
    out.failingTraces = failingAfter;
    out.healthyTraces = allAfter - failingAfter;
    const auto [allBefore, failingBefore] =
        countTraces(ws, tenantScope, window.onsetNs - window.beforeNs, window.onsetNs);
    out.tracesBefore = allBefore;
    out.failingBefore = failingBefore;
    if (out.failingTraces == 0)
        return out;

    const auto failing =
        sampleTraces(ws, tenantScope, true, window.onsetNs, afterEnd, window.maxTracesPerSide);
    const auto healthy =
        sampleTraces(ws, tenantScope, false, window.onsetNs, afterEnd, window.maxTracesPerSide);
    out.sampledFailing = static_cast<std::int64_t>(failing.size());
    out.sampledHealthy = static_cast<std::int64_t>(healthy.size());
    if (!failing.empty())
        out.exampleFailingTrace = failing.front();

    // Features per trace, counted once per trace.
    std::map<Feature, std::pair<std::int64_t, std::int64_t>> counts; // failing, healthy
    std::map<Feature, TraceId> examples;
    std::unordered_map<std::string, std::set<std::string>> valuesOfKey;
    std::map<std::string, std::int64_t> failuresOf; // failing traces with an error span there
    auto collect = [&](const TraceId& trace, bool isFailing) {
        ScopedQuery q("SELECT coalesce(sv.name, ''), s.attributes, coalesce(r.attributes, '{}'), "
                      "s.status_code "
                      "FROM spans s LEFT JOIN services sv ON sv.id = s.service_id "
                      "LEFT JOIN resources r ON r.id = s.resource_id");
        q.where("s.trace_id = ?",
                std::vector<std::uint8_t>(trace.bytes.begin(), trace.bytes.end()));
        q.applyScope(tenantScope.withWindow({}), "s", "", true);
        auto st = q.prepare(ws.db());
        std::set<Feature> seen;
        std::set<std::string> failedIn;
        while (st.step()) {
            const std::string service = st.text(0);
            if (isFailing && !service.empty() && st.int64(3) == 2)
                failedIn.insert(service);
            for (int column : {1, 2}) {
                const auto attrs = nlohmann::json::parse(st.textView(column), nullptr, false);
                if (!attrs.is_object())
                    continue;
                for (const auto& [key, value] : attrs.items()) {
                    if (excludedKey(key))
                        continue;
                    const std::string owner = column == 2 ? service : std::string();
                    if (value.is_array()) {
                        for (const auto& element : value) {
                            const std::string text = valueText(element);
                            if (!text.empty())
                                seen.insert({key, text, owner, true});
                        }
                        continue;
                    }
                    const std::string text = valueText(value);
                    if (text.empty())
                        continue;
                    seen.insert({key, text, owner, false});
                }
            }
        }
        for (const auto& s : failedIn)
            ++failuresOf[s];
        for (const Feature& f : seen) {
            auto& c = counts[f];
            (isFailing ? c.first : c.second) += 1;
            if (isFailing && !examples.count(f))
                examples.emplace(f, trace);
            if (!f.arrayElement)
                valuesOfKey[f.key + "\x1f" + f.service].insert(f.value);
        }
    };
    for (const auto& t : failing) {
        if (stop.stop_requested())
            return out;
        collect(t, true);
    }
    for (const auto& t : healthy) {
        if (stop.stop_requested())
            return out;
        collect(t, false);
    }

    const double F = static_cast<double>(failing.size());
    const double H = static_cast<double>(healthy.size());
    // Where the failures are: services with error spans in a good share of failing traces
    // (a few rate-limited calls somewhere do not make a service part of the failure).
    for (const auto& [service, n] : failuresOf)
        if (static_cast<double>(n) >= 0.3 * F)
            out.failingServices.insert(service);
    // A key whose values nearly all differ is an identifier, not a property: many values
    // in the sample, or a new value in most traces that have the key at all.
    std::map<std::string, std::int64_t> tracesWithKey;
    for (const auto& [feature, c] : counts)
        if (!feature.arrayElement)
            tracesWithKey[feature.key + "\x1f" + feature.service] += c.first + c.second;
    auto identifier = [&](const std::string& key) {
        const std::size_t values = valuesOfKey[key].size();
        const std::size_t manyValues =
            std::max<std::size_t>(5, static_cast<std::size_t>((F + H) / 10));
        return values > manyValues ||
               (values > 5 && 2 * static_cast<std::int64_t>(values) > tracesWithKey[key]);
    };
    for (const auto& [feature, c] : counts) {
        if (!feature.arrayElement && identifier(feature.key + "\x1f" + feature.service))
            continue;
        if (c.first < 3)
            continue; // one or two traces prove nothing
        // A resource attribute that never varies for its service only says that the trace
        // passed through that service.
        if (!feature.service.empty() &&
            valuesOfKey[feature.key + "\x1f" + feature.service].size() < 2)
            continue;
        const double pf = F > 0 ? c.first / F : 0;
        const double ph = H > 0 ? c.second / H : 0;
        if (pf < 0.5 || pf - ph < 0.3)
            continue;
        AttributeCandidate a;
        a.key = feature.key;
        a.value = feature.value;
        a.service = feature.service;
        a.arrayElement = feature.arrayElement;
        a.failingWith = c.first;
        a.failing = static_cast<std::int64_t>(F);
        a.healthyWith = c.second;
        a.healthy = static_cast<std::int64_t>(H);
        a.score = pf - ph;
        const double p = (c.first + c.second) / (F + H);
        const double se = std::sqrt(std::max(1e-12, p * (1 - p) * (1 / F + (H > 0 ? 1 / H : 1))));
        a.confidence = std::erf((pf - ph) / se / std::sqrt(2.0));
        if (const auto it = examples.find(feature); it != examples.end())
            a.exampleTrace = it->second;
        a.filter = "attr." +
                   (a.key.find_first_of(" \"") == std::string::npos ? a.key : filterString(a.key)) +
                   (a.arrayElement ? " ~ " : " == ") + filterString(a.value);
        out.attributes.push_back(std::move(a));
    }
    std::stable_sort(out.attributes.begin(), out.attributes.end(),
                     [](const AttributeCandidate& a, const AttributeCandidate& b) {
                         if (a.score != b.score)
                             return a.score > b.score;
                         return a.failingShare() > b.failingShare();
                     });
    if (out.attributes.size() > 10)
        out.attributes.resize(10);
    return out;
}

} // namespace casebook
