#pragma once

#include "core/store/scope.h"
#include "core/store/sqlite.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// One investigation: a SQLite file in WAL mode with Casebook's schema.
class Workspace {
public:
    enum class OpenMode {
        CreateOrOpen, // make a new workspace if the file does not exist
        OpenExisting, // the file must exist and be a workspace
        ReadOnly      // existing workspace, no writes (migrations are not applied)
    };

    // Throws StoreError with a one-line reason: missing file, not a SQLite database,
    // not a Casebook workspace, newer schema, corrupt database.
    static std::unique_ptr<Workspace> open(const std::filesystem::path& path,
                                           OpenMode mode = OpenMode::CreateOrOpen);

    Database& db() { return *db_; }
    const std::filesystem::path& path() const { return path_; }
    int schemaVersion();

    // Scopes. A tenant scope for a name the workspace does not know yet matches nothing.
    Scope tenantScope(std::string_view tenantName);
    // Leaving tenant scope is explicit and written to the audit table with the reason.
    Scope allTenantsScope(std::string_view reason);

    std::vector<std::string> tenantNames();
    std::optional<TenantId> findTenant(std::string_view name);
    // Finds or creates the tenant row.
    TenantId ensureTenant(std::string_view name);
    std::int64_t ensureService(std::string_view name);

    void audit(std::string_view action, std::string_view detail);

private:
    Workspace(std::filesystem::path path, std::unique_ptr<Database> db);
    std::filesystem::path path_;
    std::unique_ptr<Database> db_;
};

std::int64_t nowNs();

} // namespace casebook
