#include "plugins/changes/changes_jsonl_importer.h"

#include "plugins/changes/change_fields.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

namespace casebook {
namespace {

constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;

// "[json.exception.parse_error.101] parse error at line 1, column 6: syntax error ..."
// without the prefix, which says nothing to a reader of the import report.
std::string parseErrorReason(const nlohmann::json::parse_error& error) {
    const std::string what = error.what();
    const auto column = what.find("column ");
    const auto colon = column == std::string::npos ? column : what.find(": ", column);
    const std::string tail = colon == std::string::npos ? what : what.substr(colon + 2);
    return "invalid JSON at column " + std::to_string(error.byte) + ": " + tail;
}

bool isBlank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

} // namespace

std::string_view ChangesJsonlImporter::description() const {
    return "Casebook change events (deploys, releases, flags, incidents), one JSON object per line";
}

int ChangesJsonlImporter::sniff(std::string_view head) const {
    const auto line = firstCompleteLine(head);
    if (!line)
        return 0;
    const auto value = nlohmann::json::parse(*line, nullptr, false);
    if (value.is_object() && value.contains("kind") && value.contains("time") &&
        value.contains("title"))
        return 90;
    return 0;
}

FileOutcome ChangesJsonlImporter::importFile(const std::filesystem::path& file,
                                             const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        outcome.error = "cannot read " + file.filename().string();
        return outcome;
    }
    try {
        std::string line, attributes, label;
        std::size_t lineNumber = 0;
        std::uint64_t done = 0, reported = 0;
        ChangeRecord change;
        while (std::getline(in, line)) {
            if (context.stop.stop_requested()) {
                outcome.partial = true;
                outcome.error = "cancelled";
                return outcome;
            }
            ++lineNumber;
            done += line.size() + 1;
            if (context.onBytes && done - reported >= kProgressStep) {
                reported = done;
                context.onBytes(done);
            }
            if (lineNumber == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
                line.erase(0, 3);
            if (isBlank(line))
                continue;
            label = "line " + std::to_string(lineNumber);
            nlohmann::json event;
            try {
                event = nlohmann::json::parse(line);
            } catch (const nlohmann::json::parse_error& error) {
                if (in.eof()) {
                    // The last line broke off without its newline: the file was cut.
                    outcome.partial = true;
                    outcome.error = parseErrorReason(error) + " (" + label + ")";
                } else {
                    sink.reject({label, parseErrorReason(error)});
                }
                continue;
            }
            if (auto reason = mapChangeEvent(event, change, attributes))
                sink.reject({label, *reason});
            else
                sink.addChange(change);
        }
        if (in.bad()) {
            outcome.partial = true;
            outcome.error = "cannot read " + file.filename().string();
        }
        if (context.onBytes && done != reported)
            context.onBytes(done);
    } catch (const std::exception& e) {
        outcome.partial = true;
        outcome.error = std::string("import failed: ") + e.what();
    }
    return outcome;
}

} // namespace casebook
