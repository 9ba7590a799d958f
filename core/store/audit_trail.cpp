#include "core/store/audit_trail.h"

#include "core/store/sqlite.h"
#include "core/util/sha256.h"
#include "core/util/time_text.h"

#include <memory>

namespace casebook {
namespace {

constexpr const char* kChainedAuditTable = R"sql(
CREATE TABLE audit(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ns INTEGER NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
)sql";

constexpr const char* kAppendOnlyTriggers = R"sql(
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be removed'); END;
)sql";

void appendField(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += '\n';
}

std::string describe(std::int64_t id, std::int64_t atNs, const std::string& action) {
    return "entry " + std::to_string(id) + " (" + formatRfc3339(atNs) + ", " + action + ")";
}

} // namespace

std::string auditEntryHash(std::int64_t id, std::int64_t atNs, std::string_view action,
                           std::string_view detail, std::string_view previousHash) {
    std::string input = "casebook-audit-v1\n";
    appendField(input, std::to_string(id));
    appendField(input, std::to_string(atNs));
    appendField(input, action);
    appendField(input, detail);
    appendField(input, previousHash);
    return sha256Hex(input);
}

std::int64_t appendAuditEntry(Database& db, std::int64_t atNs, std::string_view action,
                              std::string_view detail) {
    std::unique_ptr<Transaction> tx;
    if (!db.inTransaction())
        tx = std::make_unique<Transaction>(db);
    std::string previous(kAuditGenesisHash);
    std::int64_t lastId = 0;
    {
        auto last = db.prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
        if (last.step()) {
            lastId = last.int64(0);
            previous = last.text(1);
        }
    }
    // AUTOINCREMENT never reuses an id, even one whose row is gone; the hash covers the id,
    // so it is chosen here the way SQLite would choose it.
    const std::int64_t sequence =
        db.scalarInt("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'audit'");
    const std::int64_t id = std::max(lastId, sequence) + 1;
    auto insert = db.prepare(
        "INSERT INTO audit(id, at_ns, action, detail, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?)");
    insert.bind(1, id)
        .bind(2, atNs)
        .bind(3, action)
        .bind(4, detail)
        .bind(5, previous)
        .bind(6, auditEntryHash(id, atNs, action, detail, previous))
        .run();
    if (tx)
        tx->commit();
    return id;
}

AuditVerification verifyAuditTrail(Database& db) {
    AuditVerification result;
    auto fail = [&](std::int64_t id, std::string problem) {
        result.intact = false;
        result.firstBadEntry = id;
        result.problem = std::move(problem);
        return result;
    };

    std::string previous(kAuditGenesisHash);
    std::int64_t lastId = 0;
    auto rows =
        db.prepare("SELECT id, at_ns, action, detail, prev_hash, hash FROM audit ORDER BY id");
    while (rows.step()) {
        const std::int64_t id = rows.int64(0);
        const std::int64_t atNs = rows.int64(1);
        const std::string action = rows.text(2);
        const std::string prevHash = rows.text(4);
        const std::string hash = rows.text(5);
        ++result.entries;
        if (prevHash != previous)
            return fail(id, "audit trail broken at " + describe(id, atNs, action) +
                                ": it does not follow entry " + std::to_string(lastId) +
                                " (an entry before it was removed or changed)");
        if (hash != auditEntryHash(id, atNs, action, rows.textView(3), prevHash))
            return fail(id, "audit trail broken at " + describe(id, atNs, action) +
                                ": its content no longer matches its hash (it was changed "
                                "after it was written)");
        previous = hash;
        lastId = id;
    }
    const std::int64_t sequence =
        db.scalarInt("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'audit'");
    if (sequence > lastId)
        return fail(lastId + 1, "audit trail broken at entry " + std::to_string(lastId + 1) +
                                    ": entries " + std::to_string(lastId + 1) + " to " +
                                    std::to_string(sequence) + " were removed");
    const std::int64_t triggers = db.scalarInt(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit' AND "
        "name IN ('audit_no_update', 'audit_no_delete')");
    if (triggers != 2) {
        result.intact = false;
        result.problem = "the audit trail is no longer append-only: its protecting triggers were "
                         "dropped (every entry's hash still holds)";
    }
    return result;
}

void migrateAuditTrailToChain(Database& db) {
    db.exec("ALTER TABLE audit RENAME TO audit_unchained");
    db.exec(kChainedAuditTable);
    std::string previous(kAuditGenesisHash);
    auto rows = db.prepare("SELECT id, at_ns, action, detail FROM audit_unchained ORDER BY id");
    auto insert = db.prepare(
        "INSERT INTO audit(id, at_ns, action, detail, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?)");
    while (rows.step()) {
        const std::int64_t id = rows.int64(0);
        const std::int64_t atNs = rows.int64(1);
        const std::string action = rows.text(2);
        const std::string detail = rows.text(3);
        const std::string hash = auditEntryHash(id, atNs, action, detail, previous);
        insert.reset();
        insert.bind(1, id)
            .bind(2, atNs)
            .bind(3, action)
            .bind(4, detail)
            .bind(5, previous)
            .bind(6, hash);
        insert.run();
        previous = hash;
    }
    db.exec("DROP TABLE audit_unchained");
    db.exec(kAppendOnlyTriggers);
}

} // namespace casebook
