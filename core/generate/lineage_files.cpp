#include "core/generate/lineage_files.h"

#include "core/generate/scenario_common.h"
#include "core/util/time_text.h"

#include <algorithm>

namespace casebook::gen {

namespace {
constexpr std::string_view kProducer = "https://casebook.example/generator";
constexpr std::string_view kRunEventSchema =
    "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
} // namespace

std::string dbtManifestPath(std::string_view tenant) {
    return "dbt/" + std::string(tenant) + "/manifest.json";
}

void writeDbtManifests(const std::filesystem::path& dir, const std::string& manifest,
                       const std::vector<std::string_view>& tenants, GenerateSummary& summary) {
    for (const std::string_view tenant : tenants) {
        std::filesystem::create_directories(dir / "dbt" / std::string(tenant));
        OutputFile file(dir / dbtManifestPath(tenant));
        file.write(manifest);
        file.close();
        summary.bytes += file.bytes();
        summary.files.push_back(dbtManifestPath(tenant));
    }
}

std::vector<ManifestEntry> lineageManifestEntries(const std::vector<std::string_view>& tenants) {
    std::vector<ManifestEntry> entries;
    entries.push_back({std::string(kOpenLineageFile), "lineage", "openlineage-json", ""});
    for (auto tenant : tenants) {
        OrderedJson mapping = {{"tenant", tenant}, {"namespace", kWarehouseNamespace}};
        entries.push_back({dbtManifestPath(tenant), "lineage", "dbt-manifest", mapping.dump()});
    }
    entries.push_back({std::string(kLineageEdgesFile), "lineage", "lineage-csv", ""});
    return entries;
}

OrderedJson olDataset(std::string_view ns, std::string_view name) {
    return {{"namespace", ns}, {"name", name}};
}

std::string OpenLineageLog::newRunId() {
    const std::uint64_t hi = rng_.next(), lo = rng_.next();
    std::string text;
    appendHex(text, hi >> 32, 8);
    text += '-';
    appendHex(text, (hi >> 16) & 0xFFFF, 4);
    text += '-';
    appendHex(text, 0x4000 | (hi & 0x0FFF), 4);
    text += '-';
    appendHex(text, 0x8000 | ((lo >> 48) & 0x3FFF), 4);
    text += '-';
    appendHex(text, lo & 0xFFFFFFFFFFFFULL, 12);
    return text;
}

OrderedJson OpenLineageLog::event(std::string_view type, std::int64_t time,
                                  const std::string& runId, const OlJob& job,
                                  const OrderedJson& jobFacets) const {
    OrderedJson e;
    e["eventType"] = type;
    e["eventTime"] = formatRfc3339(time);
    e["producer"] = kProducer;
    e["schemaURL"] = kRunEventSchema;
    e["run"] = {{"runId", runId}};
    e["job"] = {{"namespace", job.ns}, {"name", job.name}};
    if (!jobFacets.is_null())
        e["job"]["facets"] = jobFacets;
    return e;
}

void OpenLineageLog::addRun(const OlJob& job, std::string_view tenant, std::int64_t start,
                            std::int64_t end, bool failed, const OrderedJson& inputs,
                            const OrderedJson& outputs, std::string_view errorMessage,
                            const OrderedJson& parent) {
    const std::string runId = newRunId();
    // Every event names the tenant, so that each one can be read alone.
    OrderedJson tags = OrderedJson::array();
    tags.push_back({{"key", "tenant_id"}, {"value", tenant}, {"source", "CONFIG"}});
    if (!job.kind.empty())
        tags.push_back({{"key", "casebook.kind"}, {"value", job.kind}, {"source", "CONFIG"}});
    OrderedJson startFacets = {{"tags", {{"tags", tags}}}};
    if (!job.owner.empty())
        startFacets["ownership"] = {{"owners", {{{"name", job.owner}, {"type", "TEAM"}}}}};
    if (!job.description.empty())
        startFacets["documentation"] = {{"description", job.description}};

    OrderedJson first = event("START", start, runId, job, startFacets);
    if (!parent.is_null())
        first["run"]["facets"]["parent"] = parent;
    first["inputs"] = inputs.is_null() ? OrderedJson::array() : inputs;
    // What a run wrote is known when it ends.
    first["outputs"] = OrderedJson::array();
    for (const auto& output : outputs.is_null() ? OrderedJson::array() : outputs) {
        OrderedJson declared = output;
        declared.erase("outputFacets");
        first["outputs"].push_back(std::move(declared));
    }
    lines_.push_back({start, lines_.size(), first.dump()});

    OrderedJson last = event(failed ? "FAIL" : "COMPLETE", end, runId, job,
                             OrderedJson{{"tags", {{"tags", tags}}}});
    if (!parent.is_null())
        last["run"]["facets"]["parent"] = parent;
    if (failed)
        last["run"]["facets"]["errorMessage"] = {{"message", errorMessage},
                                                 {"programmingLanguage", "go"}};
    last["inputs"] = inputs.is_null() ? OrderedJson::array() : inputs;
    // A failed run wrote nothing.
    last["outputs"] = failed || outputs.is_null() ? OrderedJson::array() : outputs;
    lines_.push_back({end, lines_.size(), last.dump()});
    ++runs_;
    failed_ += failed ? 1 : 0;
}

void OpenLineageLog::write(const std::filesystem::path& dir, GenerateSummary& summary) {
    std::stable_sort(lines_.begin(), lines_.end(), [](const Line& a, const Line& b) {
        return a.time != b.time ? a.time < b.time : a.order < b.order;
    });
    OutputFile file(dir / std::string(kOpenLineageFile));
    for (const auto& line : lines_) {
        file.write(line.text);
        file.write("\n");
    }
    finishFile(file, summary);
    summary.lineageEvents += lines_.size();
    summary.lineageRuns += runs_;
}

// dbt ------------------------------------------------------------------------------------

namespace {

OrderedJson dependsOn(const std::vector<std::string>& ids) {
    return {{"macros", OrderedJson::array()}, {"nodes", ids}};
}

} // namespace

void DbtProject::source(std::string_view schema, std::string_view table,
                        std::string_view description, const OrderedJson& freshness) {
    const std::string id = "source." + name + "." + std::string(schema) + "." + std::string(table);
    OrderedJson s = {
        {"database", database},
        {"schema", schema},
        {"name", table},
        {"resource_type", "source"},
        {"package_name", name},
        {"unique_id", id},
        {"source_name", schema},
        {"identifier", table},
        {"description", description},
        {"columns", OrderedJson::object()},
        {"meta", OrderedJson::object()},
        {"tags", OrderedJson::array()},
        {"relation_name", database + "." + std::string(schema) + "." + std::string(table)}};
    if (!freshness.is_null()) {
        s["freshness"] = freshness;
        s["loaded_at_field"] = "loaded_at";
    }
    sources[id] = s;
}

void DbtProject::seed(std::string_view seedName) {
    const std::string id = "seed." + name + "." + std::string(seedName);
    nodes[id] = {{"database", database},
                 {"schema", "analytics"},
                 {"name", seedName},
                 {"resource_type", "seed"},
                 {"package_name", name},
                 {"unique_id", id},
                 {"alias", seedName},
                 {"config", {{"materialized", "seed"}, {"meta", OrderedJson::object()}}},
                 {"description", "Campaign list maintained by marketing"},
                 {"columns", OrderedJson::object()},
                 {"depends_on", {{"macros", OrderedJson::array()}}}};
}

void DbtProject::model(std::string_view modelName, std::string_view materialized,
                       const std::vector<std::string>& deps, std::string_view owner,
                       const std::vector<std::pair<std::string, std::string>>& columns) {
    const std::string id = "model." + name + "." + std::string(modelName);
    OrderedJson cols = OrderedJson::object();
    for (const auto& [column, type] : columns)
        cols[column] = {{"name", column}, {"data_type", type}, {"description", ""}};
    nodes[id] = {{"database", database},
                 {"schema", "analytics"},
                 {"name", modelName},
                 {"resource_type", "model"},
                 {"package_name", name},
                 {"unique_id", id},
                 {"alias", modelName},
                 {"config", {{"materialized", materialized}, {"meta", {{"owner", owner}}}}},
                 {"description", std::string(modelName) + " (" + std::string(materialized) + ")"},
                 {"columns", cols},
                 {"depends_on", dependsOn(deps)},
                 {"relation_name", database + ".analytics." + std::string(modelName)}};
}

void DbtProject::test(std::string_view testName, const std::string& on) {
    const std::string id = "test." + name + "." + std::string(testName);
    nodes[id] = {{"database", database}, {"schema", "analytics_dbt_test__audit"},
                 {"name", testName},     {"resource_type", "test"},
                 {"package_name", name}, {"unique_id", id},
                 {"alias", testName},    {"depends_on", dependsOn({on})}};
}

void DbtProject::metric(std::string_view metricName, const std::string& modelId) {
    const std::string semantic =
        "semantic_model." + name + "." + std::string(metricName) + "_source";
    semanticModels[semantic] = {{"name", std::string(metricName) + "_source"},
                                {"resource_type", "semantic_model"},
                                {"package_name", name},
                                {"unique_id", semantic},
                                {"depends_on", dependsOn({modelId})}};
    const std::string id = "metric." + name + "." + std::string(metricName);
    metrics[id] = {{"name", metricName},
                   {"resource_type", "metric"},
                   {"package_name", name},
                   {"unique_id", id},
                   {"depends_on", dependsOn({semantic})}};
}

void DbtProject::exposure(std::string_view exposureName, std::string_view type,
                          const std::vector<std::string>& deps, std::string_view owner,
                          std::string_view email, const OrderedJson& meta) {
    const std::string id = "exposure." + name + "." + std::string(exposureName);
    exposures[id] = {{"name", exposureName},
                     {"resource_type", "exposure"},
                     {"package_name", name},
                     {"unique_id", id},
                     {"type", type},
                     {"owner", {{"email", email}, {"name", owner}}},
                     {"description", ""},
                     {"maturity", "high"},
                     {"url", "https://bi.example/" + std::string(exposureName)},
                     {"meta", meta},
                     {"depends_on", dependsOn(deps)}};
}

std::string DbtProject::invocationId() const {
    std::string id = "5ac8e0d1-2f3b-4c1e-9a7d-";
    appendHex(id, streamKey(name) & 0xFFFFFFFFFFFFULL, 12);
    return id;
}

std::string DbtProject::text() const {
    OrderedJson parentMap = OrderedJson::object();
    for (const auto* list : {&nodes, &sources, &exposures, &metrics, &semanticModels})
        for (const auto& [id, entry] : list->items())
            parentMap[id] = entry.contains("depends_on") && entry["depends_on"].contains("nodes")
                                ? entry["depends_on"]["nodes"]
                                : OrderedJson::array();
    OrderedJson manifest;
    manifest["metadata"] = {
        {"dbt_schema_version", "https://schemas.getdbt.com/dbt/manifest/v12.json"},
        {"dbt_version", "1.8.9"},
        {"generated_at", formatRfc3339(generatedAt)},
        {"invocation_id", invocationId()},
        {"env", OrderedJson::object()},
        {"project_name", name},
        {"adapter_type", "snowflake"}};
    manifest["nodes"] = nodes;
    manifest["sources"] = sources;
    manifest["macros"] = OrderedJson::object();
    manifest["docs"] = OrderedJson::object();
    manifest["exposures"] = exposures;
    manifest["metrics"] = metrics;
    manifest["groups"] = OrderedJson::object();
    manifest["selectors"] = OrderedJson::object();
    manifest["disabled"] = OrderedJson::object();
    manifest["parent_map"] = parentMap;
    manifest["semantic_models"] = semanticModels;
    return manifest.dump(2) + "\n";
}

// CSV ------------------------------------------------------------------------------------

LineageEdgeCsv::LineageEdgeCsv()
    : text_("tenant,source_namespace,source,source_kind,target_namespace,target,target_kind,"
            "kind,target_service,target_owner\n") {}

void LineageEdgeCsv::add(std::string_view tenant, std::string_view sourceNs,
                         std::string_view source, std::string_view sourceKind,
                         std::string_view targetNs, std::string_view target,
                         std::string_view targetKind, std::string_view label,
                         std::string_view targetService, std::string_view targetOwner) {
    for (auto field : {tenant, sourceNs, source, sourceKind, targetNs, target, targetKind, label,
                       targetService}) {
        text_.append(field);
        text_.push_back(',');
    }
    text_.append(targetOwner);
    text_.push_back('\n');
    ++rows_;
}

void LineageEdgeCsv::write(const std::filesystem::path& dir, GenerateSummary& summary) {
    OutputFile file(dir / std::string(kLineageEdgesFile));
    file.write(text_);
    finishFile(file, summary);
    summary.lineageEdgeRows += rows_;
}

} // namespace casebook::gen
