#pragma once
// "What do the failing traces have in common?": traces that started after an onset, with
// an error and without, compared attribute by attribute. A feature is one attribute value
// of some span of the trace (an array attribute gives one feature per element, "form.fields
// contains utm_content"; a resource attribute is named with its service, "service.version
// = 4.2.0 on web-forms"). Features that say the trace failed (error.*, exception.*, status
// codes) are left out: they are the failure, not what the failures share. So are keys with
// many values (ids, e-mail addresses).

#include "core/model/ids.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

namespace casebook {

struct AttributeCandidate {
    std::string key;
    std::string value;
    std::string service; // for resource attributes: the service whose resource it is
    bool arrayElement = false;
    std::int64_t failingWith = 0, failing = 0;
    std::int64_t healthyWith = 0, healthy = 0;
    double score = 0;      // share of failing traces with it minus share of healthy ones
    double confidence = 0; // from a two-proportion z-test
    std::optional<TraceId> exampleTrace; // a failing trace with it
    std::string filter;                  // the filter language expression for the trace list

    double failingShare() const { return failing ? double(failingWith) / double(failing) : 0; }
    double healthyShare() const { return healthy ? double(healthyWith) / double(healthy) : 0; }
    // "form.fields contains utm_content", "service.version = 4.2.0 on web-forms".
    std::string feature() const;
};

struct TraceComparison {
    std::int64_t failingTraces = 0, healthyTraces = 0; // after the onset
    std::int64_t failingBefore = 0, tracesBefore = 0;  // in the window before it
    std::int64_t sampledFailing = 0, sampledHealthy = 0;
    // Services with error spans in at least 30% of the sampled failing traces.
    std::set<std::string> failingServices;
    std::vector<AttributeCandidate> attributes; // best first
    std::optional<TraceId> exampleFailingTrace;

    double failureRatioBefore() const {
        return tracesBefore ? double(failingBefore) / double(tracesBefore) : 0;
    }
    double failureRatioAfter() const {
        const auto all = failingTraces + healthyTraces;
        return all ? double(failingTraces) / double(all) : 0;
    }
};

struct TraceWindow {
    std::int64_t onsetNs = 0;
    std::int64_t beforeNs = 0;
    std::int64_t afterNs = 0;
    int maxTracesPerSide = 250;
};

TraceComparison compareFailingTraces(Workspace& ws, const Scope& tenantScope,
                                     const TraceWindow& window, std::stop_token stop = {});

} // namespace casebook
