#include "plugins/dbt/dbt_importers.h"

#include "core/util/json_structure.h"
#include "plugins/dbt/dbt_manifest_mapper.h"

#include <fstream>
#include <set>

namespace casebook {
namespace {

using json = nlohmann::json;

// dbt artifacts are single documents; a manifest of a large project is tens of MB.
constexpr std::uintmax_t kMaxArtifactBytes = std::uintmax_t{2} << 30;

bool readWhole(const std::filesystem::path& file, std::string& text, FileOutcome& outcome) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        outcome.error = "cannot read " + file.filename().string();
        return false;
    }
    if (size > kMaxArtifactBytes) {
        outcome.error = "larger than 2 GiB; not read";
        return false;
    }
    std::ifstream in(file, std::ios::binary);
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (!in && !in.eof()) {
        outcome.error = "cannot read " + file.filename().string();
        return false;
    }
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.rfind("\xEF\xBB\xBF", 0) == 0)
        text.erase(0, 3);
    return true;
}

// The key as text: raw keys with escapes are decoded by a JSON parser.
std::string decodeKey(std::string_view raw, bool escaped) {
    if (!escaped)
        return std::string(raw);
    const auto decoded = json::parse("\"" + std::string(raw) + "\"", nullptr, false);
    return decoded.is_string() ? decoded.get<std::string>() : std::string(raw);
}

struct Parsed {
    json value;
    std::string error;
};

Parsed parseValue(std::string_view text) {
    Parsed p;
    try {
        p.value = json::parse(text);
    } catch (const json::parse_error& e) {
        p.error = "invalid JSON at byte " + std::to_string(e.byte);
    } catch (const json::exception& e) { // e.g. a number too large: not a syntax error
        const std::string what = e.what();
        const auto bracket = what.find("] ");
        p.error =
            "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2));
    }
    return p;
}

int sniffArtifact(std::string_view head, std::string_view kind) {
    const auto start = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (start == std::string_view::npos || head[start] != '{')
        return 0;
    return dbtSchemaVersion(head).find(kind) != std::string_view::npos ? 95 : 0;
}

DbtOptions optionsFrom(const ImportContext& context, RecordSink& sink) {
    DbtOptions options;
    options.tenantKeys = context.tenantKeys;
    std::vector<std::string> problems;
    options.mapping = parseLineageMapping(context.mapping, problems);
    for (const auto& problem : problems)
        sink.reject({"manifest.json mapping", problem});
    return options;
}

} // namespace

std::string_view dbtSchemaVersion(std::string_view head) {
    const auto key = head.find("\"dbt_schema_version\"");
    if (key == std::string_view::npos)
        return {};
    auto i = head.find_first_not_of(" \t\r\n", key + 20);
    if (i == std::string_view::npos || head[i] != ':')
        return {};
    i = head.find_first_not_of(" \t\r\n", i + 1);
    if (i == std::string_view::npos || head[i] != '"')
        return {};
    const auto end = head.find('"', i + 1);
    return end == std::string_view::npos ? std::string_view() : head.substr(i + 1, end - i - 1);
}

std::string_view DbtManifestImporter::description() const {
    return "dbt manifest.json (v2-v12): models, seeds, snapshots, sources and exposures";
}

int DbtManifestImporter::sniff(std::string_view head) const {
    return sniffArtifact(head, "/manifest/");
}

FileOutcome DbtManifestImporter::importFile(const std::filesystem::path& file,
                                            const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    std::string text;
    if (!readWhole(file, text, outcome))
        return outcome;
    DbtManifestMapper mapper(optionsFrom(context, sink));
    static const std::set<std::string, std::less<>> kEntryLists{
        "nodes", "sources", "exposures", "metrics", "semantic_models", "saved_queries"};
    JsonStructureError error;
    bool stopped = false;
    const bool walked = JsonWalk::members(
        text, error, [&](std::string_view rawKey, bool escaped, std::size_t at) -> long {
            if (context.stop.stop_requested()) {
                stopped = true;
                return -1;
            }
            const std::string key = decodeKey(rawKey, escaped);
            const bool list = kEntryLists.count(key) > 0;
            if (key != "metadata" && key != "parent_map" && !list)
                return 0;
            if (!list) {
                std::size_t end = 0;
                if (!JsonWalk::valueEnd(text, at, end, error))
                    return -1;
                Parsed parsed = parseValue(std::string_view(text).substr(at, end - at));
                if (!parsed.error.empty()) {
                    sink.reject({key + " (byte " + std::to_string(at) + ")", parsed.error});
                } else if (key == "metadata") {
                    if (auto problem = mapper.setMetadata(parsed.value))
                        sink.reject({"metadata", *problem});
                } else {
                    mapper.setParentMap(parsed.value);
                }
                return static_cast<long>(end);
            }
            // Entries are read one by one as the walk reaches them, so that a file cut in
            // the middle of a list still yields the entries before the cut.
            const std::string_view rest = std::string_view(text).substr(at);
            if (rest.rfind("null", 0) == 0)
                return static_cast<long>(at + 4);
            std::size_t lastEnd = rest.find('{') + 1;
            JsonStructureError inner;
            const bool ok = JsonWalk::members(
                rest, inner,
                [&](std::string_view rawId, bool idEscaped, std::size_t entryAt) -> long {
                    std::size_t entryEnd = 0;
                    if (!JsonWalk::valueEnd(rest, entryAt, entryEnd, inner))
                        return -1;
                    const std::string id = decodeKey(rawId, idEscaped);
                    const std::string location =
                        key + "[\"" + id + "\"] (byte " + std::to_string(at + entryAt) + ")";
                    Parsed entry = parseValue(rest.substr(entryAt, entryEnd - entryAt));
                    if (!entry.error.empty())
                        sink.reject({location, entry.error});
                    else if (auto reason = mapper.addEntry(id, entry.value))
                        sink.reject({location, *reason});
                    lastEnd = entryEnd;
                    return static_cast<long>(entryEnd);
                });
            if (!ok) {
                error = {at + inner.offset, key + ": " + inner.message};
                return -1;
            }
            // Just past the list's closing brace.
            const std::size_t close = JsonWalk::skipSpace(rest, lastEnd);
            return static_cast<long>(at + close + 1);
        });
    if (stopped) {
        outcome.partial = true;
        outcome.error = "cancelled";
        return outcome;
    }
    if (!walked) {
        outcome.partial = true;
        outcome.error = "malformed JSON at byte " + std::to_string(error.offset) + ": " +
                        error.message + "; the entries before it were read";
    }
    outcome.note = mapper.emit(sink);
    if (mapper.schemaVersion() > 12)
        outcome.note += " (newer than v12, the latest Casebook knows; read like v12)";
    if (context.onBytes)
        context.onBytes(text.size());
    return outcome;
}

std::string_view DbtRunResultsImporter::description() const {
    return "dbt run_results.json: each model, seed and snapshot run as a run of its job";
}

int DbtRunResultsImporter::sniff(std::string_view head) const {
    return sniffArtifact(head, "/run-results/");
}

FileOutcome DbtRunResultsImporter::importFile(const std::filesystem::path& file,
                                              const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    std::string text;
    if (!readWhole(file, text, outcome))
        return outcome;
    Parsed doc = parseValue(text);
    if (!doc.error.empty() || !doc.value.is_object()) {
        outcome.error = doc.error.empty() ? std::string("not a JSON object") : doc.error;
        return outcome;
    }
    const DbtOptions options = optionsFrom(context, sink);
    const auto results = doc.value.find("results");
    if (results == doc.value.end() || !results->is_array()) {
        outcome.error = "results is missing or not an array";
        return outcome;
    }
    static const json kNoMetadata;
    const auto metadataIt = doc.value.find("metadata");
    const json& metadata = metadataIt == doc.value.end() ? kNoMetadata : *metadataIt;
    std::size_t runs = 0, tests = 0, index = 0;
    for (const auto& result : *results) {
        bool skipped = false;
        const std::string location = "results[" + std::to_string(index++) + "]";
        if (auto reason = mapDbtRunResult(result, metadata, options, sink, skipped))
            sink.reject({location, *reason});
        else if (skipped)
            ++tests;
        else
            ++runs;
    }
    outcome.note = std::to_string(runs) + " runs";
    if (tests)
        outcome.note += "; " + std::to_string(tests) + " test results left out";
    return outcome;
}

} // namespace casebook
