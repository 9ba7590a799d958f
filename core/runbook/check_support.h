#pragma once
// What the built-in check kinds share: the optional from/to window, counting per tenant,
// and the way numbers are written in summaries.

#include "core/filter/filter.h"
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

// The row a filter target reads, as the filter language expects it (core/filter/filter.h).
struct TargetTable {
    const char* from;       // "spans s"
    const char* alias;      // "s"
    const char* timeColumn; // "start_ns"
    const char* noun;       // "spans"
};
std::optional<FilterTarget> filterTargetFromName(std::string_view name);
TargetTable targetTable(FilterTarget target);
// The `target` parameter checked, then the filter in `key` compiled for it; the error
// names the key and shows the filter with a caret.
std::optional<CheckParameterError> validateFilterKey(const CheckParameters& p, const char* key);
// Compiles the filter in `key` for `target` or throws std::runtime_error.
CompiledFilter compiledFilter(const CheckParameters& p, const char* key, FilterTarget target);

// "1,234"
std::string groupedCount(std::int64_t value);
// "'unknown field'"
std::string inQuotes(std::string_view text);
// "4,943" for whole numbers, else three significant digits ("0.0341", "2,412.5" -> "2,413").
std::string formatValue(double value);
// Full-text search words as FTS5 terms, each quoted, so that no word is read as FTS syntax.
std::string ftsTerms(std::string_view text);
// The window a check over a series of data looks at: `from`/`to` and the scope's window
// where given; else the `last` duration (default `fallbackNs`) before the end of the data.
struct CheckRange {
    std::int64_t fromNs = 0;
    std::int64_t toNs = 0;
};
CheckRange checkRange(const Scope& windowed, const CheckParameters& p, std::int64_t dataEndNs,
                      std::int64_t fallbackNs);
inline const CheckParameterSpec kLastParameter{
    "last", false, "without from/to: the last this long of the data (e.g. 24h)"};

} // namespace casebook
