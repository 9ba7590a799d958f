#include "core/store/workspace.h"

#include "core/filter/filter_functions.h"
#include "core/store/audit_trail.h"
#include "core/store/schema.h"

#include <chrono>

namespace casebook {

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Workspace::Workspace(std::filesystem::path path, std::unique_ptr<Database> db)
    : path_(std::move(path)), db_(std::move(db)) {}

std::unique_ptr<Workspace> Workspace::open(const std::filesystem::path& path, OpenMode mode) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (!exists && mode != OpenMode::CreateOrOpen)
        throw StoreError("no such workspace: " + path.string());
    if (exists && std::filesystem::is_directory(path, ec))
        throw StoreError(path.string() + " is a directory, not a workspace");

    const auto dbMode = mode == OpenMode::ReadOnly       ? Database::Mode::ReadOnly
                        : mode == OpenMode::CreateOrOpen ? Database::Mode::ReadWriteCreate
                                                         : Database::Mode::ReadWrite;
    auto db = std::make_unique<Database>(path.string(), dbMode);
    registerFilterFunctions(db->handle());
    try {
        // The first read of the header is where SQLite notices a non-database file.
        const auto appId = db->scalarInt("PRAGMA application_id");
        const auto tables = db->scalarInt("SELECT count(*) FROM sqlite_schema");
        if (appId != kApplicationId && (appId != 0 || tables != 0))
            throw StoreError(path.string() + " is a SQLite database but not a Casebook workspace");
        if (mode != OpenMode::ReadOnly) {
            // Larger pages mean fewer B-tree splits on bulk import; only takes effect on a
            // new, empty file (before the first table), and must precede WAL mode.
            if (tables == 0)
                db->exec("PRAGMA page_size = 16384");
            db->exec("PRAGMA journal_mode = WAL");
            db->exec("PRAGMA synchronous = NORMAL");
            migrate(*db);
        } else if (db->scalarInt("PRAGMA user_version") != kSchemaVersion) {
            throw StoreError(path.string() + " has schema version " +
                             std::to_string(db->scalarInt("PRAGMA user_version")) +
                             "; open it read-write once to upgrade it");
        }
        db->exec("PRAGMA foreign_keys = ON");
        db->exec("PRAGMA temp_store = MEMORY");
    } catch (const StoreError& e) {
        const std::string what = e.what();
        if (what.find("not a database") != std::string::npos)
            throw StoreError(path.string() +
                             " is not a Casebook workspace (not a SQLite database)");
        if (what.find("malformed") != std::string::npos ||
            what.find("corrupt") != std::string::npos)
            throw StoreError(path.string() + " is corrupt: " + what);
        throw;
    }
    return std::unique_ptr<Workspace>(new Workspace(path, std::move(db)));
}

int Workspace::schemaVersion() {
    return static_cast<int>(db_->scalarInt("PRAGMA user_version"));
}

std::optional<TenantId> Workspace::findTenant(std::string_view name) {
    auto st = db_->prepare("SELECT id FROM tenants WHERE name = ?");
    st.bind(1, name);
    if (st.step())
        return TenantId{st.int64(0)};
    return std::nullopt;
}

TenantId Workspace::ensureTenant(std::string_view name) {
    if (auto id = findTenant(name))
        return *id;
    auto st = db_->prepare("INSERT INTO tenants(name) VALUES(?)");
    st.bind(1, name).run();
    return TenantId{db_->lastInsertRowId()};
}

std::int64_t Workspace::ensureService(std::string_view name) {
    auto find = db_->prepare("SELECT id FROM services WHERE name = ?");
    find.bind(1, name);
    if (find.step())
        return find.int64(0);
    auto st = db_->prepare("INSERT INTO services(name) VALUES(?)");
    st.bind(1, name).run();
    return db_->lastInsertRowId();
}

std::vector<std::string> Workspace::tenantNames() {
    std::vector<std::string> names;
    auto st = db_->prepare("SELECT name FROM tenants ORDER BY name");
    while (st.step())
        names.push_back(st.text(0));
    return names;
}

Scope Workspace::tenantScope(std::string_view tenantName) {
    // -1 is never a row id: an unknown tenant sees nothing rather than everything.
    const auto id = findTenant(tenantName).value_or(TenantId{-1});
    return Scope(id, std::string(tenantName));
}

Scope Workspace::allTenantsScope(std::string_view reason) {
    audit("scope.all_tenants", reason);
    return Scope(std::nullopt, "all tenants");
}

void Workspace::audit(std::string_view action, std::string_view detail) {
    // A read-only workspace cannot record; refuse rather than silently skip the record.
    // Each entry is chained to the one before it (core/store/audit_trail.h).
    appendAuditEntry(*db_, nowNs(), action, detail);
}

} // namespace casebook
