#pragma once
// What the built-in check kinds share: the optional from/to window, counting per tenant,
// and the way numbers are written in summaries.

#include "core/query/scoped_query.h"
#include "core/runbook/check_registry.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace casebook {

inline const CheckParameterSpec kFromParameter{"from", false,
                                               "start of the window, RFC 3339 (inclusive)"};
inline const CheckParameterSpec kToParameter{"to", false,
                                             "end of the window, RFC 3339 (exclusive)"};

// The scope narrowed by `from` / `to` (never widened beyond the scope's own window).
Scope windowedScope(const Scope& scope, const CheckParameters& parameters);
std::optional<CheckParameterError> validateWindow(const CheckParameters& parameters);

// Runs a query whose columns are (tenant name, count[, more counts]) grouped by tenant.
// Returns the per-tenant first count; `sums` gets the column sums of every count column.
std::map<std::string, std::int64_t> countByTenant(Database& db, const ScopedQuery& query,
                                                  std::vector<std::int64_t>& sums);

// "1,234"
std::string groupedCount(std::int64_t value);
// "'unknown field'"
std::string inQuotes(std::string_view text);

} // namespace casebook
