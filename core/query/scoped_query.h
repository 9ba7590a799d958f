#pragma once

#include "core/store/scope.h"
#include "core/store/sqlite.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace casebook {

// Builds a parameterised SELECT. The tenant and time-window predicates of a Scope are
// added here and nowhere else: every query function goes through applyScope(), so no
// caller can forget the tenant.
class ScopedQuery {
public:
    using Value = std::variant<std::int64_t, double, std::string, std::vector<std::uint8_t>>;

    explicit ScopedQuery(std::string selectFrom) : sql_(std::move(selectFrom)) {}

    // Adds "tenant_id = ?" on `alias` (unless all tenants) and the window on `timeColumn`
    // (skipped when timeColumn is empty).
    // With `rowsKnown` the tenant term is written `+alias.tenant_id = ?`, which keeps
    // SQLite from walking a tenant index when the caller already names the few rows it
    // wants by id (the predicate still holds; only the plan changes).
    ScopedQuery& applyScope(const Scope& scope, std::string_view alias, std::string_view timeColumn,
                            bool rowsKnown = false);
    ScopedQuery& where(std::string_view condition);
    ScopedQuery& where(std::string_view condition, Value value);
    // One `?` in `condition` per value, in order. An empty condition adds nothing, so a
    // compiled filter that matches everything can be passed as it is.
    ScopedQuery& where(std::string_view condition, std::vector<Value> values);
    ScopedQuery& append(std::string_view tail); // ORDER BY / LIMIT ...
    ScopedQuery& bindValue(Value value);

    Statement prepare(Database& db) const;
    const std::string& sql() const { return sql_; }

private:
    std::string sql_;
    std::vector<Value> values_;
    bool hasWhere_ = false;
};

} // namespace casebook
