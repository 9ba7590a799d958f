#pragma once
// Which services feed which, read off a tenant's lineage: service U is upstream of
// service S when a lineage node mapped to U reaches, downstream, a node mapped to S
// (lineage_node_services, docs/lineage.md). Findings rank a change in an upstream
// service like one in the anomalous service itself.

#include "core/store/scope.h"

#include <functional>
#include <string_view>

namespace casebook {

class Workspace;

using UpstreamTest = std::function<bool(std::string_view service, std::string_view upstream)>;

// An empty function when the scope's lineage maps no node to a service.
UpstreamTest lineageUpstreamTest(Workspace& ws, const Scope& scope);

} // namespace casebook
