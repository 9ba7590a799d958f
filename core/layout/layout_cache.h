#pragma once
// Layouts kept in the workspace (lineage_layout_cache), keyed by the node set they were
// made for (layoutCacheKey), so that a view opened again, by anyone, draws at once. A row
// belongs to the tenant of the scope it was made in (0 for an audited all-tenants view);
// it holds coordinates and ids only.

#include "core/layout/graph_layout.h"
#include "core/store/workspace.h"

#include <optional>
#include <string>

namespace casebook {

std::optional<LayoutResult> cachedLayout(Workspace& ws, const Scope& scope, const std::string& key);
void storeLayout(Workspace& ws, const Scope& scope, const std::string& key,
                 const LayoutResult& layout);

} // namespace casebook
