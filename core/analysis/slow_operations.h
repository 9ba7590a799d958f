#pragma once
// Operations whose spans became slower at an onset: the 95th percentile of span durations
// per service and operation, before against after.

#include "core/model/ids.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

namespace casebook {

struct SlowOperation {
    std::string service;
    std::string operation;
    double p95BeforeMs = 0, p95AfterMs = 0;
    std::int64_t spansBefore = 0, spansAfter = 0;
    double score = 0;
    double confidence = 0;
};

struct OperationWindow {
    std::int64_t onsetNs = 0;
    std::int64_t beforeNs = 0;
    std::int64_t afterNs = 0;
};

// Operations with at least 20 spans on each side whose p95 at least doubled, slowest
// change first.
std::vector<SlowOperation> operationsThatSlowed(Workspace& ws, const Scope& tenantScope,
                                                const OperationWindow& window,
                                                std::stop_token stop = {});

} // namespace casebook
