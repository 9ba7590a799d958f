#include "plugins/slo/slo_file_importer.h"

#include "core/analysis/slo_definition.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace casebook {
namespace {

// An SLO file is a short hand-written document; anything bigger is not one.
constexpr std::uintmax_t kMaxBytes = 16u << 20;

std::string_view skipSpace(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        ++i;
    return s.substr(i);
}

} // namespace

std::string_view SloFileImporter::description() const {
    return "Casebook SLO definitions (JSON: {\"slos\": [...]}, see docs/slo-format.md)";
}

int SloFileImporter::sniff(std::string_view head) const {
    const std::string_view s = skipSpace(head);
    if (s.empty() || s.front() != '{' || s.find("\"slos\"") == std::string_view::npos)
        return 0;
    if (s.find("\"objective\"") != std::string_view::npos ||
        s.find("\"sli\"") != std::string_view::npos)
        return 95;
    return 60;
}

std::vector<std::size_t> sloElementOffsets(std::string_view doc) {
    // A structural walk: strings (with escapes) are skipped, depth is counted, and the
    // value of the top-level key "slos" is entered when it is an array.
    std::vector<std::size_t> out;
    int depth = 0;
    int arrayDepth = -1; // depth inside the slos array, once found
    bool expectElement = false;
    std::string lastKey;
    bool keyPending = false;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const char c = doc[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (expectElement && c != ']') {
            out.push_back(i);
            expectElement = false;
        }
        if (c == '"') {
            const std::size_t start = i + 1;
            for (++i; i < doc.size() && doc[i] != '"'; ++i)
                if (doc[i] == '\\')
                    ++i;
            if (depth == 1 && arrayDepth < 0) {
                lastKey.assign(doc.substr(start, i - start));
                keyPending = true;
            }
            continue;
        }
        switch (c) {
        case '{':
            ++depth;
            break;
        case '[':
            ++depth;
            if (depth == 2 && keyPending && lastKey == "slos" && arrayDepth < 0) {
                arrayDepth = depth;
                expectElement = true;
            }
            break;
        case '}':
        case ']':
            if (depth == arrayDepth && c == ']')
                return out;
            --depth;
            break;
        case ',':
            if (depth == arrayDepth)
                expectElement = true;
            else if (depth == 1)
                keyPending = false;
            break;
        default:
            break;
        }
    }
    return out;
}

FileOutcome SloFileImporter::importFile(const std::filesystem::path& file,
                                        const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        outcome.error = "cannot read " + file.filename().string();
        return outcome;
    }
    if (size > kMaxBytes) {
        outcome.error =
            "too large for an SLO file (" + std::to_string(size) + " bytes; at most 16 MiB)";
        return outcome;
    }
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        outcome.error = "cannot read " + file.filename().string();
        return outcome;
    }
    if (context.onBytes)
        context.onBytes(text.size());

    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        outcome.error = "invalid JSON at byte " + std::to_string(e.byte ? e.byte - 1 : 0) +
                        ": nothing imported from this file";
        return outcome;
    } catch (const nlohmann::json::exception& e) {
        // Valid syntax nlohmann cannot hold, such as a number beyond double (1e7777777).
        outcome.error =
            std::string("unreadable JSON (") + e.what() + "): nothing imported from this file";
        return outcome;
    }
    if (!doc.is_object() || !doc.contains("slos")) {
        outcome.error = "byte 0: not an SLO file: the document must be an object with \"slos\"";
        return outcome;
    }
    const auto& slos = doc["slos"];
    if (!slos.is_array()) {
        outcome.error = "\"slos\" must be an array of SLO objects";
        return outcome;
    }
    const auto offsets = sloElementOffsets(text);
    for (std::size_t i = 0; i < slos.size(); ++i) {
        if (context.stop.stop_requested()) {
            outcome.partial = true;
            outcome.error = "cancelled";
            return outcome;
        }
        const std::string location =
            (i < offsets.size() ? "byte " + std::to_string(offsets[i]) + ": " : std::string()) +
            "slos[" + std::to_string(i) + "]";
        const SloParse parsed = parseSloDefinition(slos[i]);
        if (!parsed.slo) {
            const auto& o = slos[i];
            const std::string name = o.is_object() && o.contains("name") && o["name"].is_string()
                                         ? " (\"" + o["name"].get<std::string>() + "\")"
                                         : std::string();
            const std::string reason = "SLO" + name + " rejected: " + parsed.error;
            sink.reject({location, reason});
            continue;
        }
        const std::string json = sloDefinitionJson(*parsed.slo);
        SloRecord record;
        record.name = parsed.slo->name;
        record.sliMetric = parsed.slo->sliMetric();
        record.definitionJson = json;
        if (parsed.slo->tenants.empty()) {
            sink.addSlo(record);
        } else {
            for (const auto& tenant : parsed.slo->tenants) {
                record.tenant = tenant;
                sink.addSlo(record);
            }
        }
    }
    return outcome;
}

} // namespace casebook
