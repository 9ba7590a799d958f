#include "plugins/dbt/dbt_manifest_mapper.h"

#include "core/util/time_text.h"

#include <algorithm>

namespace casebook {
namespace {

using json = nlohmann::json;

std::string dump(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string stringOf(const json& object, const char* key) {
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& memberOrNull(const json& object, const char* key) {
    static const json null;
    if (!object.is_object())
        return null;
    const auto it = object.find(key);
    return it == object.end() ? null : *it;
}

// A value from the entry's meta or config.meta (dbt keeps it in both, by version).
std::string metaValue(const json& entry, const std::vector<std::string>& keys) {
    for (const json* meta :
         {&memberOrNull(entry, "meta"), &memberOrNull(memberOrNull(entry, "config"), "meta")}) {
        for (const auto& key : keys)
            if (auto value = stringOf(*meta, key.c_str()); !value.empty())
                return value;
    }
    return {};
}

std::vector<std::string> dependencies(const json& entry) {
    std::vector<std::string> out;
    const json& nodes = memberOrNull(memberOrNull(entry, "depends_on"), "nodes");
    if (nodes.is_array())
        for (const auto& id : nodes)
            if (id.is_string())
                out.push_back(id.get<std::string>());
    return out;
}

bool hasDependencies(const json& entry) {
    return memberOrNull(memberOrNull(entry, "depends_on"), "nodes").is_array();
}

std::string columnsOf(const json& entry) {
    const json& columns = memberOrNull(entry, "columns");
    if (!columns.is_object() || columns.empty())
        return {};
    json out = json::array();
    for (const auto& [key, column] : columns.items()) {
        std::string name = stringOf(column, "name");
        json c = {{"name", name.empty() ? key : name}};
        if (auto type = stringOf(column, "data_type"); !type.empty())
            c["type"] = type;
        if (auto description = stringOf(column, "description"); !description.empty())
            c["description"] = description;
        out.push_back(std::move(c));
    }
    return dump(out);
}

const std::vector<std::string> kKindKeys{"casebook_kind", "casebook.kind"};
const std::vector<std::string> kOwnerKeys{"owner", "owners"};
const std::vector<std::string> kServiceKeys{"service", "service.name"};

} // namespace

std::string_view kindOfExposureType(std::string_view type) {
    if (type == "dashboard")
        return "dashboard";
    if (type == "ml")
        return "model";
    return "other"; // notebook, analysis, application
}

std::string dbtJobNamespace(const LineageMapping& mapping) {
    return mapping.jobNs.empty() ? std::string("dbt") : mapping.jobNs;
}

std::optional<std::string> DbtManifestMapper::setMetadata(const json& metadata) {
    if (!metadata.is_object())
        return std::string("metadata is not an object");
    adapter_ = stringOf(metadata, "adapter_type");
    if (auto generated = stringOf(metadata, "generated_at"); !generated.empty())
        generatedNs_ = parseRfc3339(generated);
    const std::string version = stringOf(metadata, "dbt_schema_version");
    if (const auto v = version.rfind("/manifest/v"); v != std::string::npos)
        schemaVersion_ = std::atoi(version.c_str() + v + 11);
    return std::nullopt;
}

std::optional<std::string> DbtManifestMapper::addEntry(const std::string& id, const json& entry) {
    if (!entry.is_object())
        return std::string("not a JSON object");
    const std::string type = stringOf(entry, "resource_type");
    if (type.empty())
        return std::string("resource_type is missing");
    if (type == "metric" || type == "semantic_model" || type == "saved_query") {
        hiddenParents_[id] = dependencies(entry);
        return std::nullopt;
    }
    const bool relation =
        type == "model" || type == "seed" || type == "snapshot" || type == "source";
    if (!relation && type != "exposure") {
        ++leftOut_; // tests, analyses, operations: not part of the business view
        return std::nullopt;
    }
    Resource r;
    r.id = id;
    r.type = type;
    const std::string name = stringOf(entry, "name");
    if (relation) {
        const std::string schema = stringOf(entry, "schema");
        std::string table = stringOf(entry, type == "source" ? "identifier" : "alias");
        if (table.empty())
            table = name;
        if (schema.empty())
            return std::string("schema is missing");
        if (table.empty())
            return std::string(type == "source" ? "identifier and name are missing"
                                                : "alias and name are missing");
        const std::string database = stringOf(entry, "database");
        r.relation.ns = !options_.mapping.ns.empty() ? options_.mapping.ns
                        : !adapter_.empty()          ? adapter_
                                                     : std::string("dbt");
        r.relation.name = (database.empty() ? "" : database + ".") + schema + "." + table;
    } else {
        if (name.empty())
            return std::string("name is missing");
        const std::string package = stringOf(entry, "package_name");
        r.relation.ns = "dbt://" + (package.empty() ? std::string("project") : package);
        r.relation.name = name;
    }
    r.kind = std::string(options_.mapping.kindFor(r.relation.ns, r.relation.name));
    if (r.kind.empty()) {
        const std::string fromMeta = metaValue(entry, kKindKeys);
        if (isLineageKind(fromMeta))
            r.kind = fromMeta;
        else if (type == "exposure")
            r.kind = std::string(kindOfExposureType(stringOf(entry, "type")));
    }
    r.description = stringOf(entry, "description");
    r.owner = metaValue(entry, kOwnerKeys);
    if (type == "exposure") {
        const json& owner = memberOrNull(entry, "owner");
        const std::string ownerName = stringOf(owner, "name");
        const std::string email = stringOf(owner, "email");
        if (!ownerName.empty() || !email.empty())
            r.owner = ownerName.empty() ? email
                      : email.empty()   ? ownerName
                                        : ownerName + " <" + email + ">";
    }
    r.tenant = metaValue(entry, options_.tenantKeys);
    if (r.tenant.empty())
        r.tenant = options_.mapping.tenant;
    r.service = std::string(options_.mapping.serviceFor(r.relation.ns, r.relation.name));
    if (r.service.empty())
        r.service = metaValue(entry, kServiceKeys);
    r.columns = columnsOf(entry);
    json facet = {{"unique_id", id}, {"resource_type", type}};
    for (const char* key :
         {"package_name", "original_file_path", "type", "url", "maturity", "loaded_at_field"})
        if (auto value = stringOf(entry, key); !value.empty())
            facet[key] = value;
    if (auto materialized = stringOf(memberOrNull(entry, "config"), "materialized");
        !materialized.empty())
        facet["materialized"] = materialized;
    if (const json& tags = memberOrNull(entry, "tags"); tags.is_array() && !tags.empty())
        facet["tags"] = tags;
    if (const json& freshness = memberOrNull(entry, "freshness"); freshness.is_object())
        facet["freshness"] = freshness;
    r.facet = dump(facet);
    if (hasDependencies(entry))
        r.parents = dependencies(entry);
    else
        r.parents = {std::string(1, '\0')}; // filled from parent_map when it comes
    kept_[id] = std::move(r);
    return std::nullopt;
}

void DbtManifestMapper::setParentMap(const json& parentMap) {
    if (!parentMap.is_object())
        return;
    for (const auto& [id, parents] : parentMap.items()) {
        auto& list = parentMap_[id];
        if (parents.is_array())
            for (const auto& p : parents)
                if (p.is_string())
                    list.push_back(p.get<std::string>());
    }
}

std::vector<const DbtManifestMapper::Resource*>
DbtManifestMapper::datasetsBehind(const std::string& id, std::set<std::string>& seen,
                                  std::size_t& placeholders) {
    std::vector<const Resource*> out;
    if (!seen.insert(id).second)
        return out;
    if (auto it = kept_.find(id); it != kept_.end() && it->second.type != "exposure") {
        out.push_back(&it->second);
        return out;
    }
    const std::vector<std::string>* parents = nullptr;
    if (auto it = hiddenParents_.find(id); it != hiddenParents_.end())
        parents = &it->second;
    else if (auto pm = parentMap_.find(id); pm != parentMap_.end() && !kept_.count(id))
        parents = &pm->second;
    if (parents) {
        for (const auto& p : *parents)
            for (const Resource* r : datasetsBehind(p, seen, placeholders))
                out.push_back(r);
        return out;
    }
    // A dependency the manifest does not describe: kept as a dataset named by its dbt id.
    auto [it, added] = placeholders_.try_emplace(id);
    if (added) {
        it->second.id = id;
        it->second.type = "placeholder";
        it->second.relation.ns = !options_.mapping.ns.empty()
                                     ? options_.mapping.ns
                                     : (adapter_.empty() ? "dbt" : adapter_);
        it->second.relation.name = id;
        it->second.tenant = options_.mapping.tenant;
        ++placeholders;
    }
    out.push_back(&it->second);
    return out;
}

std::string DbtManifestMapper::emit(RecordSink& sink) {
    const std::string jobNs = dbtJobNamespace(options_.mapping);
    std::size_t placeholders = 0, jobs = 0, datasets = 0, exposures = 0;
    auto emitNode = [&](const Resource& r, const LineageNodeKey& key, bool withColumns) {
        LineageNodeRecord node;
        node.key = key;
        node.tenant = r.tenant;
        node.kind = key.role == LineageRole::Job ? std::string_view() : std::string_view(r.kind);
        node.owner = r.owner;
        node.description = r.description;
        node.columnsJson = withColumns ? std::string_view(r.columns) : std::string_view();
        node.service = r.service;
        node.seenNs = generatedNs_;
        sink.addLineageNode(node);
        if (!r.facet.empty()) {
            LineageFacetRecord facet;
            facet.node = key;
            facet.tenant = r.tenant;
            facet.name = "dbt";
            facet.json = r.facet;
            facet.timeNs = generatedNs_;
            sink.addLineageFacet(facet);
        }
    };
    auto emitEdge = [&](const LineageNodeKey& from, const LineageNodeKey& to,
                        std::string_view label, std::string_view tenant) {
        LineageEdgeRecord edge;
        edge.from = from;
        edge.to = to;
        edge.label = label;
        edge.tenant = tenant;
        edge.seenNs = generatedNs_;
        sink.addLineageEdge(edge);
    };
    for (auto& [id, r] : kept_) {
        if (r.parents.size() == 1 && r.parents.front() == std::string(1, '\0')) {
            auto pm = parentMap_.find(id);
            r.parents = pm == parentMap_.end() ? std::vector<std::string>() : pm->second;
        }
    }
    for (const auto& [id, r] : kept_) {
        const LineageNodeKey dataset = datasetKey(r);
        emitNode(r, dataset, true);
        std::set<std::string> seen{id};
        std::vector<const Resource*> parents;
        for (const auto& p : r.parents)
            for (const Resource* behind : datasetsBehind(p, seen, placeholders))
                parents.push_back(behind);
        if (r.type == "exposure") {
            ++exposures;
            for (const Resource* p : parents)
                emitEdge(datasetKey(*p), dataset, "depends_on", r.tenant);
            continue;
        }
        ++datasets;
        if (r.type == "source")
            continue;
        ++jobs;
        const LineageNodeKey job{LineageRole::Job, jobNs, r.id};
        emitNode(r, job, false);
        emitEdge(job, dataset, "writes", r.tenant);
        for (const Resource* p : parents)
            emitEdge(datasetKey(*p), job, "reads", r.tenant);
    }
    for (const auto& [id, r] : placeholders_)
        emitNode(r, datasetKey(r), false);
    std::string note = "manifest v" + std::to_string(schemaVersion_) + ": " +
                       std::to_string(datasets) + " datasets, " + std::to_string(jobs) + " jobs, " +
                       std::to_string(exposures) + " exposures";
    if (leftOut_)
        note += "; " + std::to_string(leftOut_) + " tests, analyses or operations left out";
    if (placeholders)
        note += "; " + std::to_string(placeholders) +
                " dependencies the manifest does not describe kept as datasets named by their "
                "dbt id";
    return note;
}

std::optional<std::string> mapDbtRunResult(const json& result, const json& metadata,
                                           const DbtOptions& options, RecordSink& sink,
                                           bool& skipped) {
    skipped = false;
    if (!result.is_object())
        return std::string("not a JSON object");
    const std::string id = stringOf(result, "unique_id");
    if (id.empty())
        return std::string("unique_id is missing");
    const std::string status = stringOf(result, "status");
    if (status.empty())
        return std::string("status is missing");
    if (id.rfind("test.", 0) == 0 || id.rfind("unit_test.", 0) == 0) {
        skipped = true; // tests are not part of the business view
        return std::nullopt;
    }
    std::string_view terminal;
    if (status == "success" || status == "pass" || status == "warn")
        terminal = "COMPLETE";
    else if (status == "error" || status == "fail" || status == "runtime error")
        terminal = "FAIL";
    else if (status == "skipped")
        terminal = "ABORT";
    else
        return "status \"" + status + "\" is not a dbt result status";

    std::optional<std::int64_t> started, completed;
    const json& timing = memberOrNull(result, "timing");
    if (timing.is_array()) {
        for (const auto& step : timing) {
            const auto from = parseRfc3339(stringOf(step, "started_at"));
            const auto to = parseRfc3339(stringOf(step, "completed_at"));
            if (stringOf(step, "name") == "execute" || !started) {
                if (from)
                    started = from;
                if (to)
                    completed = to;
            }
        }
    }
    if (!completed)
        completed = parseRfc3339(stringOf(metadata, "generated_at"));
    if (!completed)
        return std::string("neither timing nor metadata.generated_at give the run's time");

    const std::string jobNs = dbtJobNamespace(options.mapping);
    std::string runId = stringOf(metadata, "invocation_id");
    if (runId.empty())
        runId = "dbt-run";
    json facet = {{"status", status}};
    for (const char* key : {"message", "thread_id", "relation_name"})
        if (auto value = stringOf(result, key); !value.empty())
            facet[key] = value;
    if (const json& t = memberOrNull(result, "execution_time"); t.is_number())
        facet["execution_time"] = t;
    if (const json& failures = memberOrNull(result, "failures"); failures.is_number())
        facet["failures"] = failures;
    const std::string facets = dump(json{{"dbt_run_result", facet}});
    const std::string message = stringOf(result, "message");

    LineageRunRecord run;
    run.job = {LineageRole::Job, jobNs, id};
    run.tenant = options.mapping.tenant;
    run.runId = runId;
    run.facetsJson = facets;
    if (started && *started <= *completed) {
        run.eventType = "START";
        run.timeNs = *started;
        sink.addLineageRun(run);
    }
    run.eventType = terminal;
    run.timeNs = *completed;
    if (terminal == "FAIL")
        run.errorMessage = message;
    sink.addLineageRun(run);
    return std::nullopt;
}

} // namespace casebook
