#pragma once
// SQL functions the compiled filters call. Registered on every connection a workspace
// opens, so a filter runs the same in the GUI, the CLI and the SQL console.

struct sqlite3;

namespace casebook {

// regexp(pattern, text) and regexp(pattern, text, 'i'): ECMAScript std::regex search;
// NULL text gives NULL. The two-argument form also makes `text REGEXP pattern` work.
void registerFilterFunctions(sqlite3* db);

} // namespace casebook
