#pragma once

#include "core/store/workspace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

struct ChangeRow {
    std::int64_t id = 0;
    std::int64_t timeNs = 0;
    std::optional<std::int64_t> endNs;
    std::string kind;
    std::string service;
    std::string tenant;
    std::string title;
    std::string version;
    std::string attributesJson;
};

// Change events in time order. A window change (maintenance, incident) is included
// when it overlaps the scope's time window.
std::vector<ChangeRow> listChanges(Workspace& ws, const Scope& scope);

} // namespace casebook
