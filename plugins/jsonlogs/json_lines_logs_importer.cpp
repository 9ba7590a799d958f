// How a file is read, and why:
//
// - The keys are detected from the first 64 KiB of lines (the head sniffing sees), before
//   any record lands, so every line of a file is read the same way.
// - Lines are read in 1 MiB chunks and parsed one at a time with one reused simdjson
//   parser, so memory is bounded by the longest line (at most 8 MiB; a longer line is
//   rejected and skipped unread, since no log record is that large).
// - A line that is not valid JSON is rejected with its number and the next line still
//   imports. The last line cut off without its newline means the file itself was cut
//   (a truncated export): the file is partial, with the byte offset of the break.

#include "plugins/jsonlogs/json_lines_logs_importer.h"

#include "plugins/jsonlogs/json_lines_reader.h"
#include "plugins/jsonlogs/json_log_mapper.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

namespace casebook {
namespace {

constexpr std::size_t kHeadSize = 64 * 1024;
constexpr std::size_t kDetectLines = 256;
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string readError(const std::filesystem::path& file) {
    return "cannot read " + file.filename().string() + ": " + std::strerror(errno);
}

bool isBlank(std::string_view line) {
    for (char c : line)
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    return true;
}

} // namespace

std::string_view JsonLinesLogsImporter::description() const {
    return "JSON-lines logs (ECS, pino, bunyan, zap, logrus, zerolog, ...), keys detected per "
           "file";
}

int JsonLinesLogsImporter::sniff(std::string_view head) const {
    LogHeadSample sample;
    const LogKeyMapping mapping = detectLogKeys(head, {}, &sample);
    if (sample.otlpRequest || sample.objects == 0)
        return 0;
    // Most sampled lines (60%: a stack trace printed between records is not JSON) must
    // be objects with a usable timestamp, and a message or a level must be there too: a
    // timestamp alone is any JSON-lines file (change events, metrics), not a log.
    if (sample.withTimestamp * 5 < sample.lines * 3)
        return 0;
    const bool message = !mapping.key(LogRole::Message).empty();
    const bool level = !mapping.key(LogRole::Level).empty();
    if (message && level)
        return 70;
    if (message || level)
        return 60;
    return 0;
}

FileOutcome JsonLinesLogsImporter::importFile(const std::filesystem::path& file,
                                              const ImportContext& context, RecordSink& sink) {
    if (context.mapping.empty())
        return importJsonLinesLogs(file, context, sink, override_);
    // A mapping the manifest gives for this file wins over the importer's own. A broken
    // one is not guessed at: the keys are detected as if it were absent, and the report
    // says why it was not used, so no record is lost over a typo in the manifest.
    std::string problem;
    const auto fromManifest = parseLogKeyOverride(context.mapping, problem);
    FileOutcome outcome =
        importJsonLinesLogs(file, context, sink, fromManifest ? *fromManifest : override_);
    if (!fromManifest)
        outcome.note += "; manifest mapping ignored: " + problem;
    return outcome;
}

FileOutcome importJsonLinesLogs(const std::filesystem::path& file, const ImportContext& context,
                                RecordSink& sink, const LogKeyOverride& override,
                                std::size_t maxLineBytes) {
    FileOutcome outcome;
    try {
        File handle(std::fopen(file.c_str(), "rb"));
        if (!handle) {
            outcome.error = readError(file);
            return outcome;
        }
        // Lines wait here until 64 KiB of them (or 256, or the whole file) have been read;
        // then the keys are detected from them and they are mapped. A line too long to be
        // held never gets here, so a huge first line does not spoil the detection.
        struct Pending {
            std::size_t begin, size, number;
            std::uint64_t offset;
            bool unterminated;
        };
        std::string pendingText;
        std::vector<Pending> pending;
        std::optional<JsonLogMapper> mapper;

        std::uint64_t reported = 0;
        std::string label;
        auto map = [&](std::string_view text, std::uint64_t offset, std::size_t number,
                       bool unterminated) {
            const auto result = mapper->mapLine(text, sink);
            if (result.kind == JsonLogMapper::Result::Kind::Added)
                return;
            label = "line " + std::to_string(number);
            if (result.kind == JsonLogMapper::Result::Kind::Rejected) {
                sink.reject({label, result.reason});
            } else if (unterminated) {
                // The last line broke off without its newline: the file was cut.
                outcome.partial = true;
                outcome.error = "invalid JSON at byte " +
                                std::to_string(offset + result.column.value_or(text.size())) +
                                " (" + label + "): " + result.reason;
            } else if (result.column) {
                sink.reject({label, "invalid JSON at column " + std::to_string(*result.column + 1) +
                                        ": " + result.reason});
            } else {
                sink.reject({label, "invalid JSON: " + result.reason});
            }
        };
        auto detect = [&] {
            mapper.emplace(detectLogKeys(pendingText, override), context.tenantKeys);
            for (const Pending& p : pending) {
                if (context.stop.stop_requested())
                    return false;
                map(std::string_view(pendingText).substr(p.begin, p.size), p.offset, p.number,
                    p.unterminated);
            }
            pending = {};
            pendingText = std::string();
            return true;
        };
        auto onLine = [&](const JsonLinesReader::Line& line) {
            if (context.stop.stop_requested())
                return false;
            std::string_view text = line.text;
            std::uint64_t offset = line.offset;
            if (line.number == 1 && text.substr(0, kBom.size()) == kBom) {
                text.remove_prefix(kBom.size());
                offset += kBom.size();
            }
            if (!text.empty() && text.back() == '\r')
                text.remove_suffix(1);
            if (isBlank(text))
                return true;
            if (mapper) {
                map(text, offset, line.number, line.unterminated);
                return true;
            }
            pending.push_back(
                {pendingText.size(), text.size(), line.number, offset, line.unterminated});
            pendingText.append(text);
            pendingText.push_back('\n');
            if (pendingText.size() >= kHeadSize || pending.size() >= kDetectLines)
                return detect();
            return true;
        };
        auto onOverlong = [&](std::size_t number, std::uint64_t) {
            label = "line " + std::to_string(number);
            sink.reject({label, "line longer than " + std::to_string(maxLineBytes >> 20) +
                                    " MiB, skipped"});
        };
        auto onProgress = [&](std::uint64_t done) {
            if (context.onBytes && done - reported >= kProgressStep) {
                reported = done;
                context.onBytes(done);
            }
        };
        JsonLinesReader reader(maxLineBytes);
        const bool read = reader.run(handle.get(), onLine, onOverlong, onProgress);
        const bool cancelled = context.stop.stop_requested() || (!mapper && !detect());
        if (cancelled) {
            outcome.partial = true;
            outcome.error = "cancelled";
            return outcome;
        }
        if (!read) {
            outcome.partial = true;
            outcome.error = readError(file);
        }
        if (context.onBytes && reader.bytesRead() != reported)
            context.onBytes(reader.bytesRead());
        outcome.note = "mapping: " + mapper->mapping().describe();
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here (bad_alloc); bad data is handled as values.
        outcome.partial = true;
        outcome.error = std::string("import failed: ") + e.what();
    }
    return outcome;
}

} // namespace casebook
