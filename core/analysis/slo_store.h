#pragma once
// SLO definitions kept in the workspace: from bundles (the SLO file's importer) or added in
// the app and the CLI. One row per tenant an SLO applies to; a tenant scope sees its own.

#include "core/analysis/analysis_ids.h"
#include "core/analysis/metric_catalog.h"
#include "core/analysis/slo_definition.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

struct StoredSlo {
    SloId id{0};
    std::string tenant;
    bool fromBundle = false; // else added in the app or the CLI
    std::string definitionJson;
    std::optional<SloDefinition> definition; // nothing when the stored text no longer parses
    std::string error;
};

// Whether a series is one a selector picks: its metric, and every label the selector names
// with that value (other labels may differ).
bool selectorMatches(const SeriesSelector& selector, const SeriesInfo& series);

std::vector<StoredSlo> listSlos(Workspace& ws, const Scope& scope);
std::optional<StoredSlo> findSlo(Workspace& ws, const Scope& scope, SloId id);

// Adds (or replaces, by name) an SLO for the tenant of a tenant scope; an all-tenants
// scope is refused (std::invalid_argument): an SLO belongs to a tenant. The definition's
// own tenant filter must be empty or name that tenant.
SloId addSlo(Workspace& ws, const Scope& scope, const SloDefinition& slo);
bool removeSlo(Workspace& ws, const Scope& scope, SloId id);

} // namespace casebook
