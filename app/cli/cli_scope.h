#pragma once

#include "app/cli/cli_args.h"
#include "core/store/workspace.h"

#include <memory>
#include <string>

namespace casebook::cli {

// Opens an existing workspace for a read command (errors become one-line reasons).
std::unique_ptr<Workspace> openExistingWorkspace(const std::string& path);

// The scope a read command runs in: --tenant T, or all tenants (audited with the
// command's name), narrowed by --from/--to. Times are RFC 3339, or relative like 2h,
// meaning that long before the newest record in scope (bundles are looked at after
// the fact, so "now" would usually select nothing).
Scope scopeFromArgs(Workspace& ws, const Args& args, const std::string& command);

// Options every read command takes.
OptionSpec readOptions(std::set<std::string> extraFlags, std::set<std::string> extraValues);

} // namespace casebook::cli
