#include "plugins/openlineage/openlineage_importer.h"

#include "core/util/json_structure.h"
#include "plugins/openlineage/json_document_reader.h"
#include "plugins/openlineage/openlineage_event_mapper.h"

#include <set>

namespace casebook {

std::string_view OpenLineageImporter::description() const {
    return "OpenLineage run, job and dataset events (one document, a JSON array or JSON lines)";
}

int OpenLineageImporter::sniff(std::string_view head) const {
    // The keys of the first event, as far as the head reaches.
    JsonHeadReader reader(head);
    if (reader.peek() == '[' && !reader.enterArray())
        return 0;
    std::set<std::string> keys;
    reader.object([&](const std::string& key) {
        keys.insert(key);
        return JsonHeadReader::Next::Skip;
    });
    const bool job = keys.count("job") > 0;
    const bool run = keys.count("run") > 0;
    const bool dataset = keys.count("dataset") > 0;
    const bool time = keys.count("eventTime") > 0;
    const bool type = keys.count("eventType") > 0;
    const bool io = keys.count("inputs") > 0 || keys.count("outputs") > 0;
    // A RunEvent or JobEvent names its job; a DatasetEvent its dataset, with a time. A
    // RunEvent whose run facets fill the head is known by its run and time alone.
    if (job && (run || time || type || io))
        return 90;
    if (run && (time || type))
        return 90;
    if (dataset && time && keys.count("producer") + keys.count("schemaURL") > 0)
        return 90;
    return 0;
}

FileOutcome OpenLineageImporter::importFile(const std::filesystem::path& file,
                                            const ImportContext& context, RecordSink& sink) {
    OpenLineageOptions options;
    options.tenantKeys = context.tenantKeys;
    std::vector<std::string> problems;
    options.mapping = parseLineageMapping(context.mapping, problems);
    for (const auto& problem : problems)
        sink.reject({"manifest.json mapping", problem});
    std::uint64_t events = 0, rejected = 0;
    FileOutcome outcome = JsonDocumentReader::read(
        file, context,
        [&](const nlohmann::json& event, const std::string& location) {
            if (auto reason = mapOpenLineageEvent(event, options, sink)) {
                sink.reject({location, *reason});
                ++rejected;
            } else {
                ++events;
            }
        },
        [&](const std::string& location, const std::string& reason) {
            sink.reject({location, reason});
            ++rejected;
        });
    outcome.note = std::to_string(events) + (events == 1 ? " event" : " events") + " read";
    if (rejected)
        outcome.note += ", " + std::to_string(rejected) + " rejected";
    return outcome;
}

} // namespace casebook
