#pragma once
// Arguments the lineage commands share with `timeline pin --lineage`: a node named on the
// command line and the moment (--at) the lineage is looked at.

#include "app/cli/cli_args.h"
#include "core/lineage/lineage_store.h"

#include <cstdint>
#include <optional>
#include <string>

namespace casebook {
class Scope;
class Workspace;
} // namespace casebook

namespace casebook::cli {

// --at: an RFC 3339 time, or a duration before the newest lineage event in scope; none
// without --at (the lineage as it stands).
std::optional<std::int64_t> lineageAtTime(Workspace& ws, const Scope& scope, const Args& args);

// The node `text` names (docs/lineage.md), or an error that lists the candidates of an
// ambiguous name with their tenant and #ID.
LineageNodeRow resolveLineageNodeOrFail(Workspace& ws, const Scope& scope, const std::string& text);

} // namespace casebook::cli
