#pragma once

#include "app/cli/cli_args.h"
#include "core/store/workspace.h"

#include <optional>
#include <ostream>

namespace casebook::cli {

// casebook-cli lineage WORKSPACE layout [NODE] ...: the focused view around NODE (or the
// whole lineage) laid out by Graphviz, as SVG or DOT, or its coordinates as JSON.
int lineageLayout(Workspace& ws, const Scope& scope, const Args& args,
                  std::optional<std::int64_t> atNs, std::ostream& out);

} // namespace casebook::cli
