#include "plugins/prometheus/prometheus_query_json_importer.h"

#include "plugins/prometheus/query_response_splitter.h"
#include "plugins/prometheus/query_series_mapper.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace casebook {
namespace {

constexpr std::size_t kChunkSize = std::size_t{1} << 20;
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// The members around the result, as far as they are text.
struct ResponseMembers {
    std::optional<std::string> status, errorType, error, resultType;
    std::vector<std::string> warnings, infos;

    void take(std::string_view path, std::string_view json) {
        const auto value = nlohmann::json::parse(json, nullptr, false);
        auto text = [&]() -> std::string {
            return value.is_string() ? value.get<std::string>() : std::string(json);
        };
        if (path == "status")
            status = text();
        else if (path == "errorType")
            errorType = text();
        else if (path == "error")
            error = text();
        else if (path == "data.resultType")
            resultType = text();
        else if (path == "warnings" || path == "infos") {
            auto& list = path == "warnings" ? warnings : infos;
            if (value.is_array()) {
                for (const auto& item : value)
                    list.push_back(item.is_string() ? item.get<std::string>() : item.dump());
            } else if (!value.is_null()) {
                list.push_back(text());
            }
        }
    }
};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out.append("; ");
        out.append(item);
    }
    return out;
}

void addNote(FileOutcome& outcome, const std::string& note) {
    if (!outcome.error.empty())
        outcome.error.append("; ");
    outcome.error.append(note);
}

} // namespace

std::string_view PrometheusQueryJsonImporter::description() const {
    return "Prometheus HTTP API query / query_range response (JSON)";
}

int PrometheusQueryJsonImporter::sniff(std::string_view head) const {
    return looksLikeQueryResponse(head) ? 90 : 0;
}

FileOutcome PrometheusQueryJsonImporter::importFile(const std::filesystem::path& file,
                                                    const ImportContext& context,
                                                    RecordSink& sink) {
    FileOutcome outcome;
    try {
        File handle(std::fopen(file.c_str(), "rb"));
        if (!handle) {
            outcome.error = "cannot read " + file.filename().string() + ": " + std::strerror(errno);
            return outcome;
        }
        // A series without __name__ (an expression's result) is named after the file.
        const std::filesystem::path shown =
            context.displayPath.empty() ? file : std::filesystem::path(context.displayPath);
        QuerySeriesMapper mapper(context, shown.stem().string());
        ResponseMembers members;
        bool cancelled = false;
        QueryResponseSplitter splitter(
            [&](const QueryResponseSplitter::Member& member) {
                members.take(member.path, member.json);
                return true;
            },
            [&](const QueryResponseSplitter::Element& element) {
                if (context.stop.stop_requested()) {
                    cancelled = true;
                    return false;
                }
                mapper.map(element.json, element.index, element.offset, sink);
                return true;
            });

        std::vector<char> chunk(kChunkSize);
        std::uint64_t done = 0, reported = 0;
        bool fed = true;
        while (fed) {
            const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), handle.get());
            if (n == 0)
                break;
            done += n;
            if (context.onBytes && done - reported >= kProgressStep) {
                reported = done;
                context.onBytes(done);
            }
            fed = splitter.feed({chunk.data(), n});
        }
        if (context.onBytes && done != reported)
            context.onBytes(done);
        if (cancelled) {
            outcome.partial = true;
            outcome.error = "cancelled";
            return outcome;
        }
        if (fed && std::ferror(handle.get())) {
            outcome.partial = true;
            outcome.error = "cannot read " + file.filename().string() + ": " + std::strerror(errno);
            return outcome;
        }
        const bool complete = fed && splitter.finish();
        if (!complete) {
            const std::string where = "invalid JSON at byte " +
                                      std::to_string(splitter.errorOffset()) + ": " +
                                      splitter.error();
            if (!members.status && mapper.points() == 0) {
                outcome.error = "not a Prometheus query response: " + where;
                return outcome;
            }
            outcome.partial = true; // what came before the break has landed
            outcome.error = where;
        }

        if (members.status == "error") {
            addNote(outcome, "the query failed (" + members.errorType.value_or("no errorType") +
                                 "): " + members.error.value_or("no error message"));
        } else if (!members.status) {
            addNote(outcome, "no \"status\" member: not a complete query response");
        } else if (*members.status != "success") {
            addNote(outcome, "status \"" + *members.status + "\"");
        }
        if (members.resultType == "scalar") {
            mapper.finishScalar(sink);
        } else if (members.resultType == "string") {
            addNote(outcome, "a string result holds no metric: nothing imported");
        } else if (members.resultType && *members.resultType != "matrix" &&
                   *members.resultType != "vector") {
            addNote(outcome, "unknown resultType \"" + *members.resultType + "\"");
        }
        if (!members.warnings.empty())
            addNote(outcome, "query warnings: " + joined(members.warnings));
        if (!members.infos.empty())
            addNote(outcome, "query infos: " + joined(members.infos));
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here (bad_alloc); bad data is handled as values.
        outcome.partial = true;
        outcome.error = std::string("import failed: ") + e.what();
    }
    return outcome;
}

} // namespace casebook
