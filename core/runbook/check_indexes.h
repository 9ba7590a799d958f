#pragma once

namespace casebook {

class Database;

// Indexes that keep runbook checks within their budget on large workspaces: a service's
// spans by operation and duration, with status, tenant, correlation id and start
// (error ratios; filters on a service's operations, where `duration > 100ms` is the
// filter language's `end_ns - start_ns`, held by the index as an expression; duplicates
// by correlation id; evidence sorted by start), and partial indexes of the few failed
// spans and of the spans and logs that carry an error code.
//
// They are a cache, not schema: built when a runbook run starts (about 2 s at a million
// spans; nothing when they exist) and dropped by an import, whose inserts they would slow
// two to three times, so the next run after an import rebuilds them. Idempotent.
void ensureCheckIndexes(Database& db);
void dropCheckIndexes(Database& db);

} // namespace casebook
