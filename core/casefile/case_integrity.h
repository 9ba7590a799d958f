#pragma once
// Verifying the record of a workspace when it opens: the audit trail's hash chain
// (core/store/audit_trail.h), and every case row against the digest its audit entry
// carries, so a case row changed, removed or slipped in underneath Casebook is named.

#include "core/store/audit_trail.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

class Database;

// SHA-256 over a case row's columns (names, types and values, in table order).
std::string caseRowDigest(Database& db, std::string_view table, std::int64_t id);

struct RecordVerification {
    AuditVerification audit;
    // The first case row that disagrees with the audit trail, as one line; empty if none.
    std::string caseProblem;
    bool intact() const { return audit.intact && caseProblem.empty(); }
    // The warning to show: the audit trail's problem first, else the case's. Empty if intact.
    std::string warning() const;
};

RecordVerification verifyWorkspaceRecord(Database& db);

} // namespace casebook
