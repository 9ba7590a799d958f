#pragma once
// The workspace's audit trail: append-only and hash-chained. Each entry carries the
// SHA-256 of its own content and of the entry before it, triggers refuse UPDATE and
// DELETE, and AUTOINCREMENT keeps the highest id ever written in sqlite_sequence, so a
// changed, removed or truncated entry is found when the trail is verified. Someone who
// edits the file can still rewrite the whole chain; what the chain guarantees is that
// nothing changes silently through Casebook or a casual edit. docs/case-file.md has the
// exact hash input.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

class Database;

// The previous hash of the first entry.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Hex SHA-256 over the entry's id, time, action, detail and the previous entry's hash,
// each length-prefixed so that no two different entries hash the same input.
std::string auditEntryHash(std::int64_t id, std::int64_t atNs, std::string_view action,
                           std::string_view detail, std::string_view previousHash);

// Appends one entry and returns its id. Runs inside the caller's transaction when there
// is one, else in its own IMMEDIATE transaction, so two writers never fork the chain.
std::int64_t appendAuditEntry(Database& db, std::int64_t atNs, std::string_view action,
                              std::string_view detail);

struct AuditVerification {
    bool intact = true;
    std::int64_t entries = 0;
    // The first entry that fails (for a truncated trail: the first missing id).
    std::optional<std::int64_t> firstBadEntry;
    // One line for a warning: which entry and what is wrong with it. Empty when intact.
    std::string problem;
};

// Walks the chain from the first entry; stops at the first break. Also reports the
// append-only triggers missing (someone dropped them) even when every hash still holds.
AuditVerification verifyAuditTrail(Database& db);

// Migration step: rebuilds the audit table with hash columns, AUTOINCREMENT and the
// append-only triggers, chaining the entries written before (in id order).
void migrateAuditTrailToChain(Database& db);

} // namespace casebook
