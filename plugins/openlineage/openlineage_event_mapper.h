#pragma once
// Pure mapping of one OpenLineage event (RunEvent, JobEvent or DatasetEvent, spec 1-0-x
// and 2-0-x) to lineage records: nodes for the job and its datasets, input -> job ->
// output edges, the run event, column edges from columnLineage, and every facet as JSON.

#include "core/import/record_sink.h"
#include "core/lineage/lineage_mapping.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace casebook {

struct OpenLineageOptions {
    // Keys of a tags facet (job, run or dataset) whose value names the tenant.
    std::vector<std::string> tenantKeys{"tenant.id", "tenant_id"};
    LineageMapping mapping;
};

// Emits the event's records into `sink`, or nothing and returns why the event is
// rejected (a required field missing or malformed).
std::optional<std::string> mapOpenLineageEvent(const nlohmann::json& event,
                                               const OpenLineageOptions& options, RecordSink& sink);

// An OpenLineage runId: a UUID, 8-4-4-4-12 hex digits.
bool isUuid(std::string_view text);

} // namespace casebook
