// How a file is read, and why:
//
// - Memory must not grow with the file, and a file may be gigabytes of collector output.
//   So nothing reads the whole file: it is read in 1 MiB chunks.
// - JSON lines (the collector file exporter: one export request per line, signals mixed
//   from line to line) are parsed line by line with one reused simdjson parser. A broken
//   line is rejected with its number and the next line still imports; a last line cut
//   off without its newline means the file itself was cut (partial).
// - A single request document, often pretty-printed, is split by a byte scanner into the
//   elements of its resourceSpans / resourceLogs / resourceMetrics arrays, each parsed on
//   its own: memory is bounded by the largest resource block, and the blocks before a
//   break in the JSON have landed when the break is found (partial, with its offset).
// - Which of the two a file is: its first JSON value either ends on the first line
//   (JSON lines) or not (a document). A document on a single line is also one line, and
//   is read as such. See OtlpLayoutDetector.

#include "plugins/otlp/otlp_importer.h"

#include "plugins/otlp/otlp_document_splitter.h"
#include "plugins/otlp/otlp_records.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace casebook {
namespace {

constexpr std::size_t kChunkSize = 1 << 20;
// A longer line is rejected and skipped rather than held: it bounds memory for JSON lines.
constexpr std::size_t kMaxLineSize = std::size_t{256} << 20;
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Reports bytes read at most every 4 MiB, so a fast import does not flood the caller.
class Progress {
public:
    explicit Progress(const ImportContext& context) : context_(context) {}
    void advance(std::uint64_t done) {
        if (context_.onBytes && done - reported_ >= kProgressStep) {
            reported_ = done;
            context_.onBytes(done);
        }
    }
    void finish(std::uint64_t done) {
        if (context_.onBytes && done != reported_) {
            reported_ = done;
            context_.onBytes(done);
        }
    }

private:
    const ImportContext& context_;
    std::uint64_t reported_ = 0;
};

std::string readError(const std::filesystem::path& file) {
    return "cannot read " + file.filename().string() + ": " + std::strerror(errno);
}

bool isBlank(std::string_view line) {
    for (char c : line)
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    return true;
}

OtlpLayout detectLayout(std::FILE* file, std::vector<char>& chunk) {
    OtlpLayoutDetector detector;
    while (true) {
        const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file);
        if (n == 0)
            return detector.finish();
        const OtlpLayout layout = detector.feed({chunk.data(), n});
        if (layout != OtlpLayout::Undecided)
            return layout;
    }
}

class LinesImport {
public:
    LinesImport(const ImportContext& context, RecordSink& sink, FileOutcome& outcome)
        : context_(context), sink_(sink), outcome_(outcome), mapper_(context), progress_(context) {}

    // Reads the file in chunks into one buffer that holds at most the current line plus
    // a chunk; each line is parsed on its own by the mapper (one parser, reused).
    void run(std::FILE* file, const std::filesystem::path& path) {
        std::vector<char> buffer(kChunkSize);
        std::size_t begin = 0, end = 0, scanFrom = 0;
        std::uint64_t base = 0; // file offset of buffer[0]
        bool eof = false;
        bool skipping = false; // inside a line that was too long
        while (true) {
            const void* found = std::memchr(buffer.data() + scanFrom, '\n', end - scanFrom);
            if (found) {
                const auto newline =
                    static_cast<std::size_t>(static_cast<const char*>(found) - buffer.data());
                if (skipping) {
                    skipping = false;
                } else if (!line({buffer.data() + begin, newline - begin}, base + begin, false)) {
                    return;
                }
                begin = scanFrom = newline + 1;
                continue;
            }
            if (eof) {
                if (!skipping && begin < end)
                    line({buffer.data() + begin, end - begin}, base + begin, true);
                progress_.finish(base + end);
                return;
            }
            if (skipping) {
                base += end;
                begin = end = scanFrom = 0;
            } else if (begin > 0) {
                std::memmove(buffer.data(), buffer.data() + begin, end - begin);
                end -= begin;
                base += begin;
                scanFrom = end;
                begin = 0;
            } else {
                scanFrom = end;
            }
            if (end == buffer.size()) {
                if (buffer.size() >= kMaxLineSize) {
                    ++lineNumber_;
                    const std::string label = "line " + std::to_string(lineNumber_);
                    sink_.reject({label, "line longer than " + std::to_string(kMaxLineSize >> 20) +
                                             " MiB, skipped"});
                    skipping = true;
                    base += end;
                    begin = end = scanFrom = 0;
                } else {
                    buffer.resize(std::min(buffer.size() * 2, kMaxLineSize));
                }
            }
            const std::size_t n = std::fread(buffer.data() + end, 1, buffer.size() - end, file);
            if (n == 0) {
                if (std::ferror(file)) {
                    outcome_.partial = true;
                    outcome_.error = readError(path);
                    return;
                }
                eof = true;
            }
            end += n;
            progress_.advance(base + end);
        }
    }

private:
    // False when the import stops (cancelled).
    bool line(std::string_view text, std::uint64_t offset, bool unterminated) {
        if (context_.stop.stop_requested()) {
            outcome_.partial = true;
            outcome_.error = "cancelled";
            return false;
        }
        ++lineNumber_;
        if (lineNumber_ == 1 && text.substr(0, kBom.size()) == kBom) {
            text.remove_prefix(kBom.size());
            offset += kBom.size();
        }
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        if (isBlank(text))
            return true;
        const std::string label = "line " + std::to_string(lineNumber_);
        const auto error = mapper_.mapRequest(text, label, sink_);
        if (!error)
            return true;
        if (!error->syntax) {
            sink_.reject({label, error->message});
        } else if (unterminated) {
            // The last line broke off without its newline: the file was cut, which is
            // what `partial` means. A broken line in the middle is only that line. When
            // simdjson cannot say where, the break is the end of the line.
            outcome_.partial = true;
            outcome_.error = "invalid JSON at byte " +
                             std::to_string(offset + error->offset.value_or(text.size())) + " (" +
                             label + "): " + error->message;
        } else if (error->offset) {
            sink_.reject({label, "invalid JSON at column " + std::to_string(*error->offset + 1) +
                                     ": " + error->message});
        } else {
            sink_.reject({label, "invalid JSON: " + error->message});
        }
        return true;
    }

    const ImportContext& context_;
    RecordSink& sink_;
    FileOutcome& outcome_;
    OtlpRecordMapper mapper_;
    Progress progress_;
    std::size_t lineNumber_ = 0;
};

void importDocument(std::FILE* file, const std::filesystem::path& path,
                    const ImportContext& context, RecordSink& sink, FileOutcome& outcome) {
    OtlpRecordMapper mapper(context);
    OtlpDocumentSplitter splitter;
    Progress progress(context);
    bool cancelled = false;
    std::optional<std::string> blockError;
    auto onBlock = [&](const OtlpDocumentSplitter::Block& block) {
        if (context.stop.stop_requested()) {
            cancelled = true;
            return false;
        }
        if (auto error = mapper.mapResourceBlock(block.signal, block.index, block.offset,
                                                 block.json, sink)) {
            blockError = "invalid JSON at byte " +
                         std::to_string(block.offset + error->offset.value_or(0)) + ": " +
                         error->message;
            return false;
        }
        return true;
    };

    std::vector<char> chunk(kChunkSize);
    std::uint64_t done = 0;
    bool fed = true;
    while (true) {
        const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file);
        if (n == 0)
            break;
        done += n;
        progress.advance(done);
        fed = splitter.feed({chunk.data(), n}, onBlock);
        if (!fed)
            break;
    }
    progress.finish(done);
    if (cancelled) {
        outcome.partial = true;
        outcome.error = "cancelled";
    } else if (blockError) {
        outcome.partial = true;
        outcome.error = *blockError;
    } else if (fed && std::ferror(file)) {
        outcome.partial = true;
        outcome.error = readError(path);
    } else if (!fed || !splitter.finish()) {
        outcome.partial = true;
        outcome.error = "invalid JSON at byte " + std::to_string(splitter.errorOffset()) + ": " +
                        splitter.error();
    }
}

} // namespace

std::string_view OtlpJsonImporter::description() const {
    return "OpenTelemetry OTLP/JSON traces, logs and metrics (one request, or JSON lines)";
}

int OtlpJsonImporter::sniff(std::string_view head) const {
    // Only a top-level key of the first JSON value counts, so Jaeger, Zipkin, OpenLineage
    // and OTLP profiles ("resourceProfiles") are not claimed.
    for (const std::string& key : otlpTopLevelKeys(head))
        if (key == "resourceSpans" || key == "resourceLogs" || key == "resourceMetrics")
            return 95;
    return 0;
}

FileOutcome OtlpJsonImporter::importFile(const std::filesystem::path& file,
                                         const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    try {
        File handle(std::fopen(file.c_str(), "rb"));
        if (!handle) {
            outcome.error = readError(file);
            return outcome;
        }
        std::vector<char> chunk(64 * 1024);
        const OtlpLayout layout = detectLayout(handle.get(), chunk);
        if (std::ferror(handle.get()) || std::fseek(handle.get(), 0, SEEK_SET) != 0) {
            outcome.error = readError(file);
            return outcome;
        }
        if (layout == OtlpLayout::JsonLines) {
            LinesImport lines(context, sink, outcome);
            lines.run(handle.get(), file);
        } else {
            importDocument(handle.get(), file, context, sink, outcome);
        }
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here (bad_alloc); bad data is handled as values.
        outcome.partial = true;
        outcome.error = std::string("import failed: ") + e.what();
    }
    return outcome;
}

} // namespace casebook
