#include "core/analysis/slow_operations.h"

#include "core/query/scoped_query.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace casebook {
namespace {

double p95(std::vector<std::int64_t>& durations) {
    if (durations.empty())
        return 0;
    const std::size_t at =
        std::min(durations.size() - 1,
                 static_cast<std::size_t>(std::ceil(0.95 * double(durations.size()))) - 1);
    std::nth_element(durations.begin(), durations.begin() + static_cast<std::ptrdiff_t>(at),
                     durations.end());
    return static_cast<double>(durations[at]) / 1e6;
}

} // namespace

std::vector<SlowOperation> operationsThatSlowed(Workspace& ws, const Scope& tenantScope,
                                                const OperationWindow& window,
                                                std::stop_token stop) {
    std::vector<SlowOperation> out;
    if (window.beforeNs <= 0 || window.afterNs <= 0)
        return out;
    // The (service, start) index answers a time range per service; naming every service
    // lets SQLite use it instead of reading every span.
    std::string services;
    {
        auto st = ws.db().prepare("SELECT id FROM services");
        while (st.step())
            services += (services.empty() ? "" : ",") + std::to_string(st.int64(0));
    }
    if (services.empty())
        return out;
    ScopedQuery q("SELECT sv.name, s.name, s.end_ns - s.start_ns, s.start_ns FROM spans s "
                  "JOIN services sv ON sv.id = s.service_id");
    q.where("s.service_id IN (" + services + ")");
    q.applyScope(
        tenantScope.withWindow({window.onsetNs - window.beforeNs, window.onsetNs + window.afterNs}),
        "s", "start_ns");
    auto st = q.prepare(ws.db());
    std::map<std::pair<std::string, std::string>,
             std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>>>
        durations;
    std::int64_t rows = 0;
    while (st.step()) {
        if ((++rows & 0xffff) == 0 && stop.stop_requested())
            return out;
        auto& d = durations[{std::string(st.textView(0)), std::string(st.textView(1))}];
        (st.int64(3) < window.onsetNs ? d.first : d.second).push_back(st.int64(2));
    }
    for (auto& [key, d] : durations) {
        if (d.first.size() < 20 || d.second.size() < 20)
            continue;
        SlowOperation op;
        op.service = key.first;
        op.operation = key.second;
        op.spansBefore = static_cast<std::int64_t>(d.first.size());
        op.spansAfter = static_cast<std::int64_t>(d.second.size());
        op.p95BeforeMs = p95(d.first);
        op.p95AfterMs = p95(d.second);
        if (op.p95BeforeMs <= 0 || op.p95AfterMs < 2 * op.p95BeforeMs)
            continue;
        const double ratio = op.p95AfterMs / op.p95BeforeMs;
        op.score = std::log2(ratio);
        op.confidence = std::clamp((1 - 1 / ratio) * std::min(1.0, op.spansAfter / 50.0), 0.0, 1.0);
        out.push_back(std::move(op));
    }
    std::stable_sort(out.begin(), out.end(), [](const SlowOperation& a, const SlowOperation& b) {
        return a.score > b.score;
    });
    if (out.size() > 8)
        out.resize(8);
    return out;
}

} // namespace casebook
