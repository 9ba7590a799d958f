#pragma once

#include "core/store/scope.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

struct SqlResult {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows; // values as text; NULL as empty, BLOBs as hex
    bool truncated = false;                     // more rows than the limit
};

// Runs one read-only SQL statement against a workspace on its own read-only
// connection. In a tenant scope, the tenant-bearing tables are replaced by views that
// hold only that tenant's rows, and an authorizer refuses any direct read of the
// underlying tables (main.spans, the full-text index, resources...), so no spelling of
// the query reaches another tenant's data. Writes, ATTACH and PRAGMAs are refused.
// Throws std::runtime_error with SQLite's message or the refusal.
SqlResult runScopedSql(const std::filesystem::path& workspace, const Scope& scope,
                       std::string_view sql, std::int64_t rowLimit = 1000);

} // namespace casebook
