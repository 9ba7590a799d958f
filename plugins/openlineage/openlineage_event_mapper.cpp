#include "plugins/openlineage/openlineage_event_mapper.h"

#include "core/util/time_text.h"

#include <algorithm>
#include <array>
#include <deque>

namespace casebook {
namespace {

using json = nlohmann::json;

constexpr std::array kEventTypes{"START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"};

std::string dump(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

const json* objectMember(const json& object, const char* key) {
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it != object.end() && it->is_object() ? &*it : nullptr;
}

std::string_view stringMember(const json& object, const char* key) {
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        return {};
    return it->get_ref<const std::string&>();
}

// "job.name is missing" / "job.name must be a string": empty when present and non-empty.
std::string requireName(const json& object, const std::string& where, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return where + "." + key + " is missing";
    if (!it->is_string())
        return where + "." + key + " must be a string";
    if (it->get_ref<const std::string&>().empty())
        return where + "." + key + " is empty";
    return {};
}

// Owns the text the records of one event point into.
class EventText {
public:
    std::string_view keep(std::string text) { return texts_.emplace_back(std::move(text)); }

private:
    std::deque<std::string> texts_;
};

// The value of the first tag whose key is one of `keys`, in a tags facet
// ({"tags": [{"key": .., "value": ..}]}).
std::string_view tagValue(const json* facets, const std::vector<std::string>& keys) {
    if (!facets)
        return {};
    const json* tags = objectMember(*facets, "tags");
    if (!tags)
        return {};
    const auto list = tags->find("tags");
    if (list == tags->end() || !list->is_array())
        return {};
    for (const auto& tag : *list) {
        const auto key = stringMember(tag, "key");
        if (std::find(keys.begin(), keys.end(), key) != keys.end())
            return stringMember(tag, "value");
    }
    return {};
}

const std::vector<std::string> kKindTags{"casebook.kind", "kind"};
const std::vector<std::string> kServiceTags{"service.name", "service"};

// The OpenLineage datasetType facet's words that say more than "dataset".
std::string_view kindOfDatasetType(std::string_view type) {
    if (type == "MODEL" || type == "model")
        return "model";
    if (type == "DASHBOARD" || type == "dashboard")
        return "dashboard";
    return {};
}

std::string ownersOf(const json* facets) {
    if (!facets)
        return {};
    const json* ownership = objectMember(*facets, "ownership");
    if (!ownership)
        return {};
    const auto owners = ownership->find("owners");
    if (owners == ownership->end() || !owners->is_array())
        return {};
    std::string out;
    for (const auto& owner : *owners) {
        const auto name = stringMember(owner, "name");
        if (name.empty())
            continue;
        if (!out.empty())
            out += ", ";
        out += name;
    }
    return out;
}

std::string_view descriptionOf(const json* facets) {
    if (!facets)
        return {};
    const json* documentation = objectMember(*facets, "documentation");
    return documentation ? stringMember(*documentation, "description") : std::string_view{};
}

void appendFields(const json& fields, const std::string& prefix, json& out) {
    if (!fields.is_array())
        return;
    for (const auto& field : fields) {
        const auto name = stringMember(field, "name");
        if (name.empty())
            continue;
        json column = {{"name", prefix + std::string(name)}};
        if (const auto type = stringMember(field, "type"); !type.empty())
            column["type"] = type;
        if (const auto description = stringMember(field, "description"); !description.empty())
            column["description"] = description;
        out.push_back(std::move(column));
        if (const auto nested = field.find("fields"); nested != field.end())
            appendFields(*nested, prefix + std::string(name) + ".", out);
    }
}

// The schema facet's fields, nested ones flattened to "parent.child".
std::string columnsOf(const json* facets) {
    if (!facets)
        return {};
    const json* schema = objectMember(*facets, "schema");
    if (!schema)
        return {};
    json columns = json::array();
    if (const auto fields = schema->find("fields"); fields != schema->end())
        appendFields(*fields, "", columns);
    return columns.empty() ? std::string() : dump(columns);
}

struct Dataset {
    const json* value;
    std::string_view ns, name;
    bool output;
};

class EventMapping {
public:
    EventMapping(const json& event, const OpenLineageOptions& options, RecordSink& sink)
        : event_(event), options_(options), sink_(sink) {}

    std::optional<std::string> run() {
        if (!event_.is_object())
            return std::string("not a JSON object");
        if (auto reason = readTime())
            return reason;
        const bool hasRun = event_.contains("run");
        const bool hasJob = event_.contains("job");
        const bool hasDataset = event_.contains("dataset");
        if (!hasRun && !hasJob && !hasDataset)
            return std::string("neither run, job nor dataset: not an OpenLineage event");
        if (hasRun || hasJob) {
            if (auto reason = readJob(hasRun))
                return reason;
            if (auto reason = readDatasets("inputs", false))
                return reason;
            if (auto reason = readDatasets("outputs", true))
                return reason;
        } else if (auto reason = readStaticDataset()) {
            return reason;
        }
        emit();
        return std::nullopt;
    }

private:
    std::optional<std::string> readTime() {
        const auto it = event_.find("eventTime");
        if (it == event_.end() || it->is_null())
            return std::string("eventTime is missing");
        if (!it->is_string())
            return std::string("eventTime must be a string");
        const auto& text = it->get_ref<const std::string&>();
        const auto parsed = parseRfc3339(text);
        if (!parsed)
            return "eventTime \"" + text + "\" is not an ISO 8601 date-time";
        timeNs_ = *parsed;
        return std::nullopt;
    }

    std::optional<std::string> readJob(bool isRunEvent) {
        const auto job = event_.find("job");
        if (job == event_.end() || !job->is_object())
            return std::string(job == event_.end() ? "job is missing" : "job must be an object");
        for (const char* key : {"namespace", "name"})
            if (auto reason = requireName(*job, "job", key); !reason.empty())
                return reason;
        job_ = &*job;
        jobKey_ = {LineageRole::Job, stringMember(*job, "namespace"), stringMember(*job, "name")};
        if (const auto type = event_.find("eventType"); type != event_.end() && !type->is_null()) {
            if (!type->is_string())
                return std::string("eventType must be a string");
            const auto& word = type->get_ref<const std::string&>();
            if (std::find(kEventTypes.begin(), kEventTypes.end(), word) == kEventTypes.end())
                return "eventType \"" + word +
                       "\" is not START, RUNNING, COMPLETE, ABORT, FAIL or OTHER";
            eventType_ = word;
        }
        if (!isRunEvent)
            return std::nullopt;
        const auto run = event_.find("run");
        if (!run->is_object())
            return std::string("run must be an object");
        const auto id = run->find("runId");
        if (id == run->end() || id->is_null())
            return std::string("run.runId is missing");
        if (!id->is_string())
            return std::string("run.runId must be a string");
        if (!isUuid(id->get_ref<const std::string&>()))
            return "run.runId \"" + id->get<std::string>() + "\" is not a UUID";
        run_ = &*run;
        runId_ = id->get_ref<const std::string&>();
        return std::nullopt;
    }

    std::optional<std::string> readDatasets(const char* list, bool output) {
        const auto it = event_.find(list);
        if (it == event_.end() || it->is_null())
            return std::nullopt;
        if (!it->is_array())
            return std::string(list) + " must be an array";
        std::size_t index = 0;
        for (const auto& dataset : *it) {
            const std::string where = std::string(list) + "[" + std::to_string(index++) + "]";
            if (!dataset.is_object())
                return where + " must be an object";
            for (const char* key : {"namespace", "name"})
                if (auto reason = requireName(dataset, where, key); !reason.empty())
                    return reason;
            datasets_.push_back({&dataset, stringMember(dataset, "namespace"),
                                 stringMember(dataset, "name"), output});
        }
        return std::nullopt;
    }

    std::optional<std::string> readStaticDataset() {
        const auto& dataset = event_["dataset"];
        if (!dataset.is_object())
            return std::string("dataset must be an object");
        for (const char* key : {"namespace", "name"})
            if (auto reason = requireName(dataset, "dataset", key); !reason.empty())
                return reason;
        datasets_.push_back(
            {&dataset, stringMember(dataset, "namespace"), stringMember(dataset, "name"), true});
        return std::nullopt;
    }

    const json* facetsOf(const json* holder) const {
        return holder ? objectMember(*holder, "facets") : nullptr;
    }

    std::string_view kindOf(const json* facets, std::string_view ns, std::string_view name,
                            bool dataset) const {
        if (auto kind = options_.mapping.kindFor(ns, name); !kind.empty())
            return kind;
        if (auto kind = tagValue(facets, kKindTags); isLineageKind(kind))
            return kind;
        if (dataset && facets) {
            if (const json* type = objectMember(*facets, "datasetType"))
                return kindOfDatasetType(stringMember(*type, "datasetType"));
        }
        return {};
    }

    std::string_view serviceOf(const json* facets, std::string_view ns,
                               std::string_view name) const {
        if (auto service = options_.mapping.serviceFor(ns, name); !service.empty())
            return service;
        return tagValue(facets, kServiceTags);
    }

    void emitFacets(const json* facets, const LineageNodeKey& node) {
        if (!facets)
            return;
        for (const auto& [name, value] : facets->items()) {
            LineageFacetRecord facet;
            facet.node = node;
            facet.tenant = tenant_;
            facet.name = text_.keep(name);
            facet.json = text_.keep(dump(value));
            facet.timeNs = timeNs_;
            facet.runId = runId_;
            sink_.addLineageFacet(facet);
        }
    }

    void emitColumnLineage(const json* facets, const LineageNodeKey& target) {
        const json* lineage = facets ? objectMember(*facets, "columnLineage") : nullptr;
        const json* fields = lineage ? objectMember(*lineage, "fields") : nullptr;
        if (!fields)
            return;
        for (const auto& [column, derivation] : fields->items()) {
            const auto inputs = derivation.find("inputFields");
            if (!derivation.is_object() || inputs == derivation.end() || !inputs->is_array())
                continue;
            // Spec 1-0-x names the transformation per output field, 1-2-0 per input field.
            const auto fieldType = stringMember(derivation, "transformationType");
            const auto fieldDescription = stringMember(derivation, "transformationDescription");
            for (const auto& input : *inputs) {
                const auto ns = stringMember(input, "namespace");
                const auto name = stringMember(input, "name");
                const auto field = stringMember(input, "field");
                if (ns.empty() || name.empty() || field.empty())
                    continue;
                std::string transformation(fieldType), description(fieldDescription);
                if (const auto list = input.find("transformations");
                    list != input.end() && list->is_array()) {
                    for (const auto& t : *list) {
                        std::string word(stringMember(t, "type"));
                        if (const auto subtype = stringMember(t, "subtype"); !subtype.empty())
                            word += "/" + std::string(subtype);
                        if (word.empty())
                            continue;
                        transformation += (transformation.empty() ? "" : ", ") + word;
                        if (const auto d = stringMember(t, "description"); !d.empty())
                            description += (description.empty() ? "" : "; ") + std::string(d);
                    }
                }
                LineageColumnEdgeRecord edge;
                edge.from = {LineageRole::Dataset, ns, name};
                edge.fromColumn = field;
                edge.to = target;
                edge.toColumn = text_.keep(column);
                edge.tenant = tenant_;
                edge.transformation = text_.keep(std::move(transformation));
                edge.description = text_.keep(std::move(description));
                edge.seenNs = timeNs_;
                sink_.addLineageColumnEdge(edge);
            }
        }
    }

    void emit() {
        const json* jobFacets = facetsOf(job_);
        const json* runFacets = facetsOf(run_);
        tenant_ = tagValue(jobFacets, options_.tenantKeys);
        if (tenant_.empty())
            tenant_ = tagValue(runFacets, options_.tenantKeys);
        if (tenant_.empty() && !job_ && !datasets_.empty())
            tenant_ = tagValue(facetsOf(datasets_.front().value), options_.tenantKeys);
        if (tenant_.empty())
            tenant_ = options_.mapping.tenant;

        if (job_) {
            LineageNodeRecord node;
            node.key = jobKey_;
            node.tenant = tenant_;
            node.kind = kindOf(jobFacets, jobKey_.ns, jobKey_.name, false);
            node.owner = text_.keep(ownersOf(jobFacets));
            node.description = descriptionOf(jobFacets);
            node.service = serviceOf(jobFacets, jobKey_.ns, jobKey_.name);
            node.seenNs = timeNs_;
            sink_.addLineageNode(node);
            emitFacets(jobFacets, jobKey_);
        }
        for (const auto& dataset : datasets_) {
            const LineageNodeKey key{LineageRole::Dataset, dataset.ns, dataset.name};
            const json* facets = facetsOf(dataset.value);
            LineageNodeRecord node;
            node.key = key;
            node.tenant = tenant_;
            node.kind = kindOf(facets, dataset.ns, dataset.name, true);
            node.owner = text_.keep(ownersOf(facets));
            node.description = descriptionOf(facets);
            node.columnsJson = text_.keep(columnsOf(facets));
            node.service = serviceOf(facets, dataset.ns, dataset.name);
            node.seenNs = timeNs_;
            sink_.addLineageNode(node);
            emitFacets(facets, key);
            emitFacets(
                objectMember(*dataset.value, dataset.output ? "outputFacets" : "inputFacets"), key);
            emitColumnLineage(facets, key);
            if (job_) {
                LineageEdgeRecord edge;
                edge.from = dataset.output ? jobKey_ : key;
                edge.to = dataset.output ? key : jobKey_;
                edge.tenant = tenant_;
                edge.label = dataset.output ? "writes" : "reads";
                edge.seenNs = timeNs_;
                sink_.addLineageEdge(edge);
            }
        }
        if (run_) {
            LineageRunRecord run;
            run.job = jobKey_;
            run.tenant = tenant_;
            run.runId = runId_;
            run.eventType = eventType_;
            run.timeNs = timeNs_;
            if (runFacets) {
                if (const json* error = objectMember(*runFacets, "errorMessage"))
                    run.errorMessage = stringMember(*error, "message");
                if (const json* parent = objectMember(*runFacets, "parent")) {
                    if (const json* parentRun = objectMember(*parent, "run"))
                        run.parentRunId = stringMember(*parentRun, "runId");
                    if (const json* parentJob = objectMember(*parent, "job")) {
                        const auto ns = stringMember(*parentJob, "namespace");
                        const auto name = stringMember(*parentJob, "name");
                        if (!name.empty())
                            run.parentJob = text_.keep(std::string(ns) + "/" + std::string(name));
                    }
                }
                run.facetsJson = text_.keep(dump(*runFacets));
            }
            sink_.addLineageRun(run);
        }
    }

    const json& event_;
    const OpenLineageOptions& options_;
    RecordSink& sink_;
    EventText text_;
    std::int64_t timeNs_ = 0;
    std::string_view eventType_ = "OTHER";
    const json* job_ = nullptr;
    const json* run_ = nullptr;
    LineageNodeKey jobKey_;
    std::string_view runId_;
    std::string_view tenant_;
    std::vector<Dataset> datasets_;
};

bool isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

} // namespace

bool isUuid(std::string_view text) {
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !isHex(text[i]))
            return false;
    }
    return true;
}

std::optional<std::string> mapOpenLineageEvent(const nlohmann::json& event,
                                               const OpenLineageOptions& options,
                                               RecordSink& sink) {
    return EventMapping(event, options, sink).run();
}

} // namespace casebook
