#include "core/casefile/case_integrity.h"

#include "core/casefile/case_schema.h"
#include "core/store/sqlite.h"
#include "core/util/sha256.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <map>
#include <set>

namespace casebook {
namespace {

bool isCaseTable(std::string_view table) {
    for (const char* t : kCaseTables)
        if (table == t)
            return true;
    return false;
}

} // namespace

std::string caseRowDigest(Database& db, std::string_view table, std::int64_t id) {
    if (!isCaseTable(table))
        throw StoreError("not a case table: " + std::string(table));
    auto st = db.prepare("SELECT * FROM " + std::string(table) + " WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return {};
    std::string input = "casebook-case-row-v1\n" + std::string(table) + '\n';
    for (int c = 0; c < st.columnCount(); ++c) {
        input += st.columnName(c);
        switch (st.columnType(c)) {
        case SQLITE_NULL:
            input += "=null\n";
            break;
        case SQLITE_INTEGER:
            input += "=i:" + std::to_string(st.int64(c)) + '\n';
            break;
        default: {
            const auto text = st.textView(c);
            input += "=t" + std::to_string(text.size()) + ':';
            input += text;
            input += '\n';
        }
        }
    }
    return sha256Hex(input);
}

std::string RecordVerification::warning() const {
    if (!audit.problem.empty())
        return audit.problem;
    return caseProblem;
}

RecordVerification verifyWorkspaceRecord(Database& db) {
    RecordVerification result;
    result.audit = verifyAuditTrail(db);
    if (!result.audit.intact && result.audit.firstBadEntry)
        return result; // the trail itself is broken; what it says about rows is moot

    // Every case row must be the row its audit entry recorded.
    std::map<std::string, std::set<std::int64_t>> recorded;
    auto entries =
        db.prepare("SELECT id, detail FROM audit WHERE action LIKE 'case.%' ORDER BY id");
    while (entries.step()) {
        const std::int64_t entry = entries.int64(0);
        const auto detail = nlohmann::json::parse(entries.textView(1), nullptr, false);
        if (!detail.is_object() || !detail.contains("table") || !detail.contains("id") ||
            !detail["table"].is_string() || !detail["id"].is_number_integer() ||
            !isCaseTable(detail["table"].get<std::string>())) {
            result.caseProblem =
                "audit entry " + std::to_string(entry) + " names no case row it could vouch for";
            return result;
        }
        const std::string table = detail["table"].get<std::string>();
        const std::int64_t id = detail["id"].get<std::int64_t>();
        const std::string digest = caseRowDigest(db, table, id);
        const std::string where =
            table + " row " + std::to_string(id) + " (audit entry " + std::to_string(entry) + ")";
        if (digest.empty()) {
            result.caseProblem = "case record broken: " + where + " was removed";
            return result;
        }
        if (digest != detail.value("row_sha256", std::string())) {
            result.caseProblem =
                "case record broken: " + where + " was changed after it was recorded";
            return result;
        }
        recorded[table].insert(id);
    }
    for (const char* table : kCaseTables) {
        auto rows = db.prepare("SELECT id FROM " + std::string(table) + " ORDER BY id");
        const auto& known = recorded[table];
        while (rows.step()) {
            if (!known.count(rows.int64(0))) {
                result.caseProblem = "case record broken: " + std::string(table) + " row " +
                                     std::to_string(rows.int64(0)) +
                                     " has no audit entry (it was added outside Casebook)";
                return result;
            }
        }
        const std::int64_t triggers = db.scalarInt(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN ('" +
            std::string(table) + "_no_update', '" + std::string(table) + "_no_delete')");
        if (triggers != 2) {
            result.caseProblem = "the case file is no longer append-only: the triggers that "
                                 "protect " +
                                 std::string(table) + " were dropped";
            return result;
        }
    }
    return result;
}

} // namespace casebook
