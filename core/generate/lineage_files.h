#pragma once
// The lineage of the sample bundles (docs/sample-incidents.md, "Lineage"): OpenLineage
// run events as JSON lines, a dbt manifest.json per tenant and a CSV of the hand-made
// edges (syncs, journeys), in their standard formats, in an order and with ids that
// depend only on the options.

#include "core/generate/bundle_files.h"
#include "core/generate/random.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casebook::gen {

inline constexpr std::string_view kOpenLineageFile = "lineage.openlineage.jsonl";
inline constexpr std::string_view kLineageEdgesFile = "lineage-edges.csv";
// Lineage datasets of the warehouse, as OpenLineage names Snowflake tables; the dbt
// manifests are mapped to it in manifest.json.
inline constexpr std::string_view kWarehouseNamespace = "snowflake://casebook-demo";

// "dbt/<tenant>/manifest.json": dbt lineage is not tenant-specific, so each tenant's copy
// is named in manifest.json with the tenant it belongs to.
std::string dbtManifestPath(std::string_view tenant);

// Writes the same dbt manifest once per tenant, at dbtManifestPath(tenant).
void writeDbtManifests(const std::filesystem::path& dir, const std::string& manifest,
                       const std::vector<std::string_view>& tenants, GenerateSummary& summary);

// The manifest.json entries of the lineage files.
std::vector<ManifestEntry> lineageManifestEntries(const std::vector<std::string_view>& tenants);

using OrderedJson = nlohmann::ordered_json;

// One OpenLineage dataset reference, with facets added by the caller.
OrderedJson olDataset(std::string_view ns, std::string_view name);

// A job as the scenarios describe it.
struct OlJob {
    std::string ns, name;
    std::string kind;  // casebook.kind tag; empty: a plain job
    std::string owner; // ownership facet
    std::string description;
};

// Collects run events and writes them ordered by time (then by the order they were added).
class OpenLineageLog {
public:
    explicit OpenLineageLog(std::uint64_t seed) : rng_(seed, "openlineage") {}

    // A UUID (version 4 layout) from the log's own random numbers.
    std::string newRunId();

    // START at `start` and COMPLETE or FAIL at `end`. The job's facets (tags naming the
    // tenant and kind, ownership, documentation) go with the START event.
    void addRun(const OlJob& job, std::string_view tenant, std::int64_t start, std::int64_t end,
                bool failed, const OrderedJson& inputs, const OrderedJson& outputs,
                std::string_view errorMessage = {}, const OrderedJson& parent = {});

    std::size_t events() const { return lines_.size(); }
    std::size_t runs() const { return runs_; }
    std::size_t failedRuns() const { return failed_; }
    void write(const std::filesystem::path& dir, GenerateSummary& summary);

private:
    struct Line {
        std::int64_t time;
        std::size_t order;
        std::string text;
    };
    OrderedJson event(std::string_view type, std::int64_t time, const std::string& runId,
                      const OlJob& job, const OrderedJson& jobFacets) const;
    Rng rng_;
    std::vector<Line> lines_;
    std::size_t runs_ = 0, failed_ = 0;
};

// A dbt project described the way manifest.json v12 describes it.
struct DbtProject {
    std::string name;     // package / project name
    std::string database; // the warehouse database
    std::int64_t generatedAt = 0;
    OrderedJson nodes = OrderedJson::object(), sources = OrderedJson::object(),
                exposures = OrderedJson::object(), metrics = OrderedJson::object(),
                semanticModels = OrderedJson::object();

    void source(std::string_view schema, std::string_view table, std::string_view description,
                const OrderedJson& freshness = {});
    void seed(std::string_view name);
    // A model (view or table) and the ids it depends on.
    void model(std::string_view name, std::string_view materialized,
               const std::vector<std::string>& dependsOn, std::string_view owner,
               const std::vector<std::pair<std::string, std::string>>& columns);
    void test(std::string_view name, const std::string& on);
    void metric(std::string_view name, const std::string& semanticModelOf);
    void exposure(std::string_view name, std::string_view type,
                  const std::vector<std::string>& dependsOn, std::string_view owner,
                  std::string_view email, const OrderedJson& meta = OrderedJson::object());
    std::string text() const;
    std::string invocationId() const;
};

// The CSV of hand-made edges.
class LineageEdgeCsv {
public:
    LineageEdgeCsv();
    void add(std::string_view tenant, std::string_view sourceNs, std::string_view source,
             std::string_view sourceKind, std::string_view targetNs, std::string_view target,
             std::string_view targetKind, std::string_view label, std::string_view targetService,
             std::string_view targetOwner);
    std::size_t rows() const { return rows_; }
    void write(const std::filesystem::path& dir, GenerateSummary& summary);

private:
    std::string text_;
    std::size_t rows_ = 0;
};

void writeLeadFlowLineage(const GenerateOptions& options, const std::filesystem::path& dir,
                          GenerateSummary& summary);
void writeRetailLineage(const GenerateOptions& options, const std::filesystem::path& dir,
                        GenerateSummary& summary);

} // namespace casebook::gen
