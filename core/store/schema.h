#pragma once

namespace casebook {
class Database;

// The workspace schema version this build writes. Stored in PRAGMA user_version.
inline constexpr int kSchemaVersion = 7;
// 'CSBK': marks a SQLite file as a Casebook workspace (PRAGMA application_id).
inline constexpr int kApplicationId = 0x4353424B;

// Applies the forward-only migrations from the file's user_version up to `target`
// (kSchemaVersion by default), each in its own transaction. Migrating to an older
// version than the file has is refused. Tests pass a lower target to make old files.
void migrate(Database& db, int target = kSchemaVersion);

} // namespace casebook
