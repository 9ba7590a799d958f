#pragma once
// How a bundle's manifest adjusts the lineage its files bring (docs/lineage.md): the
// tenant the lineage belongs to, the business kind of nodes, and the telemetry services
// nodes map to. Given per file as manifest.json files[].mapping, for example
//   {"tenant": "acme", "namespace": "warehouse", "job_namespace": "dbt",
//    "kinds": {"journeys/*": "journey", "crm/lead-sync": "sync", "lead_scoring": "model"},
//    "services": {"ingest/parse_submissions": "ingestion-api"}}
// Keys of kinds and services are "namespace/name", "namespace/*" or a bare name.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// The node kinds Casebook knows.
inline constexpr std::string_view kLineageKinds[] = {"dataset", "job",   "dashboard", "sync",
                                                     "journey", "model", "other"};
bool isLineageKind(std::string_view word);

struct LineageMapping {
    std::string tenant;
    std::string ns;    // the namespace of dbt's datasets (default: the adapter type)
    std::string jobNs; // the namespace of dbt's jobs (default: "dbt")
    std::map<std::string, std::string, std::less<>> kinds;
    std::map<std::string, std::string, std::less<>> services;

    // The most specific entry for the node: "namespace/name", then the bare name, then
    // "namespace/*". Empty when none applies.
    std::string_view kindFor(std::string_view ns, std::string_view name) const;
    std::string_view serviceFor(std::string_view ns, std::string_view name) const;
};

// Parses files[].mapping JSON text (empty: no mapping). Problems (an unknown kind, a
// value of the wrong type) are reported and the entry ignored.
LineageMapping parseLineageMapping(std::string_view json, std::vector<std::string>& problems);

} // namespace casebook
