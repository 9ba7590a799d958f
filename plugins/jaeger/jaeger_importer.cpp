// How a file is read, and why:
//
// - Memory must not grow with the file: it is read in 1 MiB chunks and never held whole.
// - A byte scanner (JaegerDocumentSplitter) hands over one trace at a time: the elements
//   of "data" or of a bare array, or the root object when the file is one trace. The
//   traces before a break in the JSON have landed when the break is found (partial, with
//   its byte offset).
// - Each trace is read span by span (JaegerTraceMapper): its processes first, then every
//   span parsed on its own by simdjson and handed to the sink. A bad span is one
//   rejection located "byte N: data[0].spans[3]"; the spans around it still import.
// - A query answer's "errors" (all an error answer holds, with "data": null) are
//   rejections, one per error with its message, so the report says what the file held.

#include "plugins/jaeger/jaeger_importer.h"

#include "core/util/json_structure.h"
#include "plugins/jaeger/jaeger_api_errors.h"
#include "plugins/jaeger/jaeger_document_splitter.h"
#include "plugins/jaeger/jaeger_trace_mapper.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace casebook {
namespace {

constexpr std::size_t kChunkSize = 1 << 20;
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string readError(const std::filesystem::path& file) {
    return "cannot read " + file.filename().string() + ": " + std::strerror(errno);
}

// What the head of a file shows of its shape.
struct HeadShape {
    bool wrapper = false;     // a root object with "data"
    bool emptyData = false;   // ... which is an empty array
    bool nullData = false;    // ... or null (an error answer)
    bool errorList = false;   // "errors" beside it is an array
    int resultKeys = 0;       // total / limit / offset / errors beside it
    bool spans = false;       // a trace object with "spans" was found
    bool traceId = false;     // ... with "traceID"
    bool processes = false;   // ... with "processes"
    bool jaegerSpan = false;  // its first span has "spanID" or "operationName"
    bool foreignSpan = false; // ... or the spellings of other formats ("traceId", "spanId")
};

HeadShape readHeadShape(std::string_view head) {
    using Next = JsonHeadReader::Next;
    JsonHeadReader reader(head);
    HeadShape shape;
    auto readSpan = [&] {
        reader.object([&](const std::string& key) {
            if (key == "spanID" || key == "operationName")
                shape.jaegerSpan = true;
            else if (key == "traceId" || key == "spanId" || key == "id")
                shape.foreignSpan = true;
            return Next::Skip;
        });
    };
    auto traceMember = [&](const std::string& key) {
        if (key == "traceID") {
            shape.traceId = true;
        } else if (key == "processes") {
            shape.processes = true;
        } else if (key == "spans") {
            shape.spans = true;
            if (reader.peek() != '[')
                return Next::Skip;
            if (!reader.enterArray())
                return Next::Consumed; // empty (or the head ended)
            if (reader.peek() == '{')
                readSpan();
            return Next::Stop;
        }
        return Next::Skip;
    };
    auto readTrace = [&] { reader.object(traceMember); };

    const char first = reader.peek();
    if (first == '[') {
        if (reader.enterArray() && reader.peek() == '{')
            readTrace();
    } else if (first == '{') {
        // The root is either the wrapper or a trace itself.
        reader.object([&](const std::string& key) {
            if (key == "data") {
                shape.wrapper = true;
                shape.nullData = reader.peek() == 'n';
                if (reader.peek() != '[')
                    return Next::Skip;
                if (!reader.enterArray()) {
                    shape.emptyData = true;
                    return Next::Consumed;
                }
                if (reader.peek() == '{')
                    readTrace();
                return Next::Stop;
            }
            if (key == "errors" && reader.peek() == '[')
                shape.errorList = true;
            if (key == "total" || key == "limit" || key == "offset" || key == "errors")
                ++shape.resultKeys;
            return traceMember(key);
        });
    }
    return shape;
}

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

// The errors of a query answer, one rejection each, and a note saying what the file was.
void reportQueryErrors(const JaegerDocumentSplitter& splitter, RecordSink& sink,
                       FileOutcome& outcome) {
    std::size_t count = 0;
    if (splitter.errorsTooLarge()) {
        sink.reject({"byte " + std::to_string(splitter.errorsOffset()) + ": errors",
                     "errors: " + std::to_string(splitter.errorsSize()) +
                         " bytes of query errors, more than the " +
                         std::to_string(JaegerDocumentSplitter::kMaxErrors >> 20) +
                         " MiB read; not shown"});
        count = 1;
    } else if (!splitter.errorsJson().empty()) {
        for (const JaegerApiError& error :
             jaegerApiErrors(splitter.errorsJson(), splitter.errorsOffset())) {
            sink.reject({error.location, error.message});
            ++count;
        }
    }
    const std::string errors = std::to_string(count) + (count == 1 ? " error" : " errors");
    if (splitter.dataNull())
        outcome.note = count > 0
                           ? "an error answer of the Jaeger query API (data is null): " + errors +
                                 ", listed with the rejected records"
                           : "data is null: no traces";
    else if (count > 0)
        outcome.note = "the query reported " + errors +
                       " besides its traces, listed with the "
                       "rejected records";
}

} // namespace

std::string_view JaegerJsonImporter::description() const {
    return "Jaeger JSON traces as the Jaeger UI and /api/traces write them";
}

int JaegerJsonImporter::sniff(std::string_view head) const {
    const HeadShape shape = readHeadShape(head);
    if (shape.foreignSpan)
        return 0;
    if (shape.spans && shape.jaegerSpan)
        return 95;
    if (shape.spans && (shape.traceId || shape.processes))
        return 80; // a trace whose spans are empty or beyond the head
    if (shape.wrapper && shape.emptyData && shape.resultKeys >= 2)
        return 60; // an empty /api/traces answer
    if (shape.wrapper && shape.nullData && shape.errorList)
        return 60; // an error answer: {"data": null, "errors": [...]}
    return 0;
}

FileOutcome JaegerJsonImporter::importFile(const std::filesystem::path& file,
                                           const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    try {
        File handle(std::fopen(file.c_str(), "rb"));
        if (!handle) {
            outcome.error = readError(file);
            return outcome;
        }
        JaegerTraceMapper mapper(context);
        JaegerDocumentSplitter splitter;
        Progress progress(context);
        bool cancelled = false;
        auto onTrace = [&](const JaegerDocumentSplitter::Element& element) {
            if (context.stop.stop_requested()) {
                cancelled = true;
                return false;
            }
            const std::string path = JaegerDocumentSplitter::path(element.container, element.index);
            if (element.tooLarge) {
                std::string where = "byte " + std::to_string(element.offset);
                if (!path.empty())
                    where += ": " + path;
                sink.reject(
                    {where, "trace of " + std::to_string(element.size) +
                                " bytes is larger than the " +
                                std::to_string(JaegerDocumentSplitter::kDefaultMaxElement >> 20) +
                                " MiB limit, skipped"});
                return true;
            }
            if (!mapper.mapTrace(element.json, element.offset, path, sink)) {
                cancelled = true;
                return false;
            }
            return true;
        };

        std::vector<char> chunk(kChunkSize);
        std::uint64_t done = 0;
        bool fed = true;
        while (true) {
            const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), handle.get());
            if (n == 0)
                break;
            done += n;
            progress.advance(done);
            fed = splitter.feed({chunk.data(), n}, onTrace);
            if (!fed)
                break;
        }
        progress.finish(done);
        if (cancelled) {
            outcome.partial = true;
            outcome.error = "cancelled";
        } else if (fed && std::ferror(handle.get())) {
            outcome.partial = true;
            outcome.error = readError(file);
        } else if (!fed || !splitter.finish()) {
            outcome.partial = true;
            outcome.error = "invalid JSON at byte " + std::to_string(splitter.errorOffset()) +
                            ": " + splitter.error();
        }
        if (!cancelled && splitter.wrapper())
            reportQueryErrors(splitter, sink, outcome);
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here (bad_alloc); bad data is handled as values.
        outcome.partial = true;
        outcome.error = std::string("import failed: ") + e.what();
    }
    return outcome;
}

} // namespace casebook
