#pragma once
// Layout requests and results as JSON text: what the layout helper process reads and
// writes, and what the workspace's layout cache keeps.

#include "core/layout/graph_layout.h"

#include <string>
#include <string_view>

namespace casebook {

std::string requestToJson(const LayoutRequest& request);
LayoutRequest requestFromJson(std::string_view json); // throws LayoutError
std::string resultToJson(const LayoutResult& result);
LayoutResult resultFromJson(std::string_view json); // throws LayoutError

// The cache key of a request: a fingerprint of its node set (ids and sizes), its edges
// and its options. Labels and colours do not change a layout and are not part of it.
std::string layoutCacheKey(const LayoutRequest& request);

} // namespace casebook
