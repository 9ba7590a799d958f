#pragma once

#include "core/model/ids.h"

#include <cstdint>
#include <optional>
#include <string>

namespace casebook {

struct TimeWindow {
    std::optional<std::int64_t> fromNs; // inclusive
    std::optional<std::int64_t> toNs;   // exclusive
};

// What a query may see: one tenant, or all tenants. Only a Workspace makes Scopes,
// and the all-tenants one only through an explicit, audited call, so a query can never
// be handed "everything" by accident.
class Scope {
public:
    bool isAllTenants() const { return !tenant_; }
    // The tenant row id; a tenant unknown to the workspace gets an id that matches no row.
    std::optional<TenantId> tenant() const { return tenant_; }
    const std::string& tenantName() const { return tenantName_; }
    const TimeWindow& window() const { return window_; }
    Scope withWindow(TimeWindow window) const {
        Scope copy = *this;
        copy.window_ = window;
        return copy;
    }

private:
    friend class Workspace;
    Scope(std::optional<TenantId> tenant, std::string name)
        : tenant_(tenant), tenantName_(std::move(name)) {}
    std::optional<TenantId> tenant_;
    std::string tenantName_;
    TimeWindow window_;
};

} // namespace casebook
