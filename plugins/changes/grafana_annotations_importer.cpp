#include "plugins/changes/grafana_annotations_importer.h"

#include "plugins/changes/change_fields.h"
#include "plugins/changes/json_array_splitter.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace casebook {
namespace {

constexpr std::size_t kChunkSize = 1 << 20;
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;

std::string parseErrorTail(const nlohmann::json::parse_error& error) {
    const std::string what = error.what();
    const auto column = what.find("column ");
    const auto colon = column == std::string::npos ? column : what.find(": ", column);
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

} // namespace

std::string_view GrafanaAnnotationsImporter::description() const {
    return "Grafana annotation export (JSON array of {time, timeEnd, tags, text}, epoch ms)";
}

int GrafanaAnnotationsImporter::sniff(std::string_view head) const {
    // Only the first element is looked at; it must be complete within the head.
    std::optional<nlohmann::json> first;
    JsonArraySplitter splitter;
    splitter.feed(head, [&](const JsonArraySplitter::Element& element) {
        first = nlohmann::json::parse(element.json, nullptr, false);
        return false;
    });
    if (!first || !first->is_object() || !first->contains("time"))
        return 0;
    if (first->contains("text"))
        return 85;
    if (first->contains("timeEnd") || first->contains("tags"))
        return 70;
    return 0;
}

FileOutcome GrafanaAnnotationsImporter::importFile(const std::filesystem::path& file,
                                                   const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        outcome.error = "cannot read " + file.filename().string();
        return outcome;
    }
    try {
        JsonArraySplitter splitter;
        ChangeRecord change;
        std::string attributes;
        bool cancelled = false;
        std::optional<std::string> brokenElement;
        auto onElement = [&](const JsonArraySplitter::Element& element) {
            if (context.stop.stop_requested()) {
                cancelled = true;
                return false;
            }
            const std::string label = "byte " + std::to_string(element.offset) + ": [" +
                                      std::to_string(element.index) + "]";
            nlohmann::json annotation;
            try {
                annotation = nlohmann::json::parse(element.json);
            } catch (const nlohmann::json::parse_error& error) {
                // The splitter only checks structure; a bad token inside an element means
                // the file is not JSON from here on.
                brokenElement = "invalid JSON at byte " +
                                std::to_string(element.offset + (error.byte ? error.byte - 1 : 0)) +
                                ": " + parseErrorTail(error);
                return false;
            }
            if (auto reason = mapGrafanaAnnotation(annotation, change, attributes))
                sink.reject({label, *reason});
            else
                sink.addChange(change);
            return true;
        };

        std::vector<char> chunk(kChunkSize);
        std::uint64_t done = 0, reported = 0;
        bool fed = true;
        while (fed && in) {
            in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
            const auto n = static_cast<std::size_t>(in.gcount());
            if (n == 0)
                break;
            done += n;
            if (context.onBytes && done - reported >= kProgressStep) {
                reported = done;
                context.onBytes(done);
            }
            fed = splitter.feed({chunk.data(), n}, onElement);
        }
        if (context.onBytes && done != reported)
            context.onBytes(done);
        if (cancelled) {
            outcome.partial = true;
            outcome.error = "cancelled";
        } else if (brokenElement) {
            outcome.partial = true;
            outcome.error = *brokenElement;
        } else if (in.bad()) {
            outcome.partial = true;
            outcome.error = "cannot read " + file.filename().string();
        } else if (!fed || !splitter.finish()) {
            // Not an array at all is unreadable rather than partial: nothing came before.
            outcome.partial = !splitter.notAnArray();
            outcome.error = "invalid JSON at byte " + std::to_string(splitter.errorOffset()) +
                            ": " + splitter.error();
        }
    } catch (const std::exception& e) {
        outcome.partial = true;
        outcome.error = std::string("import failed: ") + e.what();
    }
    return outcome;
}

} // namespace casebook
