#pragma once
// Log counts over time by severity class, for the histogram above the log table, and
// the services that logged in a scope, for its quick filter.

#include "core/query/log_queries.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace casebook {

// OTLP severity ranges: unset, trace+debug (1-8), info (9-12), warn (13-16),
// error (17-20), fatal (21-24).
enum class LogLevelClass { Unset, Debug, Info, Warn, Error, Fatal };
inline constexpr std::size_t kLogLevelClasses = 6;

struct LogHistogram {
    std::int64_t fromNs = 0;   // start of the first bucket
    std::int64_t bucketNs = 0; // width of every bucket; 0 when there are no records
    std::vector<std::array<std::int64_t, kLogLevelClasses>> buckets;

    std::int64_t total() const;
    std::int64_t toNs() const { return fromNs + bucketNs * std::int64_t(buckets.size()); }
};

// The records `query` selects in `scope` (its limit and offset are ignored), counted in
// `bucketCount` equal buckets from the first record's time to the last one's (or over
// the scope's time window when it has both ends).
LogHistogram logHistogram(Workspace& ws, const Scope& scope, const LogQuery& query,
                          int bucketCount);

// Names of the services with log records in the scope, sorted.
std::vector<std::string> logServices(Workspace& ws, const Scope& scope);

} // namespace casebook
