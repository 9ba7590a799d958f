#pragma once

#include "core/store/workspace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace casebook {

struct SignalCounts {
    std::int64_t spans = 0, traces = 0, logs = 0, metricSeries = 0, metricPoints = 0, changes = 0;
};

struct TenantCounts {
    std::string tenant;
    SignalCounts counts;
};

struct WorkspaceStats {
    SignalCounts totals;
    std::int64_t rejected = 0; // rejected records of the bundles (not tenant-attributable)
    std::int64_t bundles = 0;
    std::vector<TenantCounts> tenants; // only the tenants the scope may see
};

WorkspaceStats workspaceStats(Workspace& workspace, const Scope& scope);

} // namespace casebook
