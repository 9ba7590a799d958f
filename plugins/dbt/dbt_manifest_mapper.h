#pragma once
// Pure mapping of dbt artifacts to lineage records (docs/formats/dbt.md).
//
// manifest.json: every model, seed and snapshot becomes a job (named by its dbt id, as
// OpenLineage's dbt integration names it) that writes a dataset named by its relation
// (database.schema.alias in the adapter's namespace, as OpenLineage names warehouse
// tables), so dbt lineage joins the lineage other tools report about the same tables.
// Sources are datasets; exposures are consumers whose kind follows their type. Tests,
// analyses, operations, metrics and semantic models are left out of the business view;
// a dependency through a metric or semantic model is followed to the datasets behind it.
// run_results.json: each result is a run of the node's job.

#include "core/import/record_sink.h"
#include "core/lineage/lineage_mapping.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace casebook {

// The kind of a dbt exposure type: dashboard -> dashboard, ml -> model; notebook,
// analysis and application -> other.
std::string_view kindOfExposureType(std::string_view type);

// "postgres"-style namespace and "db.schema.table" name of a node's relation.
struct DbtRelation {
    std::string ns, name;
};

struct DbtOptions {
    std::vector<std::string> tenantKeys{"tenant.id", "tenant_id"};
    LineageMapping mapping;
};

// The jobs' namespace: the mapping's "job_namespace", else "dbt".
std::string dbtJobNamespace(const LineageMapping& mapping);

// Collects the entries of one manifest, then emits their records.
class DbtManifestMapper {
public:
    explicit DbtManifestMapper(DbtOptions options) : options_(std::move(options)) {}

    // metadata: the adapter type names the datasets' namespace; generated_at is when the
    // lineage was known. Returns a problem with it, if any.
    std::optional<std::string> setMetadata(const nlohmann::json& metadata);
    // One entry of nodes, sources, exposures, metrics or semantic_models. Returns why it is
    // rejected.
    std::optional<std::string> addEntry(const std::string& id, const nlohmann::json& entry);
    void setParentMap(const nlohmann::json& parentMap);

    // Emits every record; returns notes for the import report.
    std::string emit(RecordSink& sink);

    int schemaVersion() const { return schemaVersion_; }

private:
    struct Resource {
        std::string id, type;
        DbtRelation relation;
        std::string kind, description, owner, tenant, service, columns, facet;
        std::vector<std::string> parents;
    };
    std::vector<const Resource*> datasetsBehind(const std::string& id, std::set<std::string>& seen,
                                                std::size_t& placeholders);
    LineageNodeKey datasetKey(const Resource& r) const {
        return {LineageRole::Dataset, r.relation.ns, r.relation.name};
    }

    DbtOptions options_;
    std::string adapter_;
    std::optional<std::int64_t> generatedNs_;
    int schemaVersion_ = 0;
    std::map<std::string, Resource> kept_;
    std::map<std::string, std::vector<std::string>> hiddenParents_; // metrics, semantic models...
    std::map<std::string, std::vector<std::string>> parentMap_;
    std::map<std::string, Resource> placeholders_;
    std::size_t leftOut_ = 0;
};

// One result of run_results.json as run events of the node's job. Returns why it is
// rejected; `skipped` is set for results outside the business view (tests).
std::optional<std::string> mapDbtRunResult(const nlohmann::json& result,
                                           const nlohmann::json& metadata,
                                           const DbtOptions& options, RecordSink& sink,
                                           bool& skipped);

} // namespace casebook
