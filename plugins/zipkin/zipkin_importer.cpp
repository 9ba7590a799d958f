// How a file is read, and why:
//
// - Memory must not grow with the file: it is read in 1 MiB chunks and never held whole.
// - A byte scanner (ZipkinDocumentSplitter) hands over one element of the root array at
//   a time (a span, or a trace in the nested form), or the root object of a file that is
//   one span. The elements before a break in the JSON have landed when the break is
//   found (partial, with its byte offset).
// - Each span is parsed on its own by simdjson and handed to the sink at once. A bad span
//   is one rejection located "byte N: [3]"; the spans around it still import.
// - Shared spans need facts about the whole file before any span is mapped: which server
//   halves and which client spans exist, so that both halves and the spans under them can
//   be placed (see docs/formats/zipkin.md). A quick byte search tells whether the file says
//   "shared" at all; only then does a first pass collect them (parsing only the spans that
//   mention "shared" or a client kind).

#include "plugins/zipkin/zipkin_importer.h"

#include "core/util/json_structure.h"
#include "plugins/zipkin/zipkin_document_splitter.h"
#include "plugins/zipkin/zipkin_span_mapper.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace casebook {
namespace {

constexpr std::size_t kChunkSize = 1 << 20;
constexpr std::size_t kRunBytes = 64 * 1024;
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;
constexpr std::string_view kSharedKey = "\"shared\"";

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string readError(const std::filesystem::path& file) {
    return "cannot read " + file.filename().string() + ": " + std::strerror(errno);
}

// What the head of a file shows of its first span.
struct HeadShape {
    bool span = false;      // a first span object was read
    bool single = false;    // ... as the root object
    bool traceId = false;   // "traceId"
    bool id = false;        // "id"
    bool zipkinKey = false; // a key only Zipkin v2 spans have beside those
    bool foreign = false;   // a key of another format (Zipkin v1, Jaeger, OTLP, Chrome)
};

HeadShape readHeadShape(std::string_view head) {
    using Next = JsonHeadReader::Next;
    JsonHeadReader reader(head);
    HeadShape shape;
    auto readSpan = [&] {
        shape.span = true;
        reader.object([&](const std::string& key) {
            if (key == "traceId")
                shape.traceId = true;
            else if (key == "id")
                shape.id = true;
            else if (key == "parentId" || key == "name" || key == "kind" || key == "timestamp" ||
                     key == "duration" || key == "localEndpoint" || key == "remoteEndpoint" ||
                     key == "annotations" || key == "tags" || key == "shared" || key == "debug")
                shape.zipkinKey = true;
            else if (key == "binaryAnnotations" || key == "spanId" || key == "traceID" ||
                     key == "spans" || key == "resourceSpans" || key == "ph" ||
                     key == "operationName")
                shape.foreign = true;
            return Next::Skip;
        });
    };
    const char first = reader.peek();
    if (first == '[') {
        if (!reader.enterArray())
            return shape;
        if (reader.peek() == '[' && !reader.enterArray())
            return shape; // [[...]]: the first trace's first span
        if (reader.peek() == '{')
            readSpan();
    } else if (first == '{') {
        shape.single = true;
        readSpan();
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

// Whether `text` holds `"shared"`. This search reads the whole file before the import
// proper, so it must run at memory speed: string_view::find stops at every quote, of
// which JSON has many. Instead 16 positions at a time are tested for the key's 's' and,
// six bytes on, its 'd' (a pair rare in span JSON), and only those are compared whole.
bool holdsSharedKey(std::string_view text) {
    const std::size_t n = kSharedKey.size();
    if (text.size() < n)
        return false;
    const char* p = text.data();
    const std::size_t last = text.size() - n; // the last position the key can start at
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8(kSharedKey[1]);
    const __m128i second = _mm_set1_epi8(kSharedKey[n - 2]);
    // Loads read p[i + 1 .. i + 21]: within the text while i + 16 <= last.
    for (; i + 16 <= last; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + n - 2));
        auto mask = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, second))));
        while (mask) {
            const auto k = static_cast<std::size_t>(__builtin_ctz(mask));
            if (std::memcmp(p + i + k, kSharedKey.data(), n) == 0)
                return true;
            mask &= mask - 1;
        }
    }
#endif
    return text.substr(i).find(kSharedKey) != std::string_view::npos;
}

// Whether the file holds the bytes "shared" anywhere: a memory-speed search that spares
// the first pass for the files (most of them) without shared spans.
bool mentionsShared(std::FILE* file, std::vector<char>& chunk) {
    const std::size_t overlap = kSharedKey.size() - 1;
    std::size_t kept = 0;
    while (true) {
        const std::size_t n = std::fread(chunk.data() + kept, 1, chunk.size() - kept, file);
        if (n == 0)
            return false;
        const std::string_view text(chunk.data(), kept + n);
        if (holdsSharedKey(text))
            return true;
        kept = std::min(overlap, text.size());
        std::memmove(chunk.data(), text.data() + text.size() - kept, kept);
    }
}

} // namespace

std::string_view ZipkinJsonImporter::description() const {
    return "Zipkin v2 JSON spans (a span array, an array of traces, or one span)";
}

int ZipkinJsonImporter::sniff(std::string_view head) const {
    const HeadShape shape = readHeadShape(head);
    if (!shape.span || shape.foreign || !shape.traceId || !shape.id || !shape.zipkinKey)
        return 0;
    return shape.single ? 85 : 90;
}

FileOutcome ZipkinJsonImporter::importFile(const std::filesystem::path& file,
                                           const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    try {
        File handle(std::fopen(file.c_str(), "rb"));
        if (!handle) {
            outcome.error = readError(file);
            return outcome;
        }
        // Room after what is read, so that the splitter can hand spans over in place.
        std::vector<char> chunk(kChunkSize + ZipkinDocumentSplitter::kPadding);
        ZipkinSpanMapper mapper(context);
        ZipkinSharedSpans shared;
        auto rewind = [&] {
            return !std::ferror(handle.get()) && std::fseek(handle.get(), 0, SEEK_SET) == 0;
        };

        // First pass, only when the file mentions shared spans: note them and the clients.
        const bool anyShared = mentionsShared(handle.get(), chunk);
        if (!rewind()) {
            outcome.error = readError(file);
            return outcome;
        }
        if (anyShared) {
            ZipkinDocumentSplitter splitter;
            auto onElement = [&](const ZipkinDocumentSplitter::Element& element) {
                if (context.stop.stop_requested())
                    return false;
                if (!element.tooLarge)
                    mapper.collectShared(element.json, shared);
                return true;
            };
            while (true) {
                const std::size_t n = std::fread(chunk.data(), 1, kChunkSize, handle.get());
                // A break in the JSON is reported by the second pass.
                if (n == 0 || !splitter.feedPadded({chunk.data(), n}, onElement))
                    break;
            }
            if (context.stop.stop_requested()) {
                outcome.partial = true;
                outcome.error = "cancelled";
                return outcome;
            }
            shared.seal();
            if (!rewind()) {
                outcome.error = readError(file);
                return outcome;
            }
        }

        ZipkinDocumentSplitter splitter;
        Progress progress(context);
        bool cancelled = false;
        // Span objects of the root array that lie in the chunk read are mapped in runs of up
        // to kRunBytes (ZipkinSpanMapper::mapRun), one parse for many spans.
        std::vector<ZipkinSpanMapper::RunSpan> run;
        auto flush = [&] {
            std::size_t done = 0;
            if (run.size() > 1)
                done = mapper.mapRun(run.data(), run.size(), shared, sink, cancelled);
            for (std::size_t k = done; k < run.size() && !cancelled; ++k)
                cancelled =
                    !mapper.mapElement(run[k].json, run[k].offset,
                                       ZipkinDocumentSplitter::path(
                                           ZipkinDocumentSplitter::Container::Array, run[k].index),
                                       shared, sink);
            run.clear();
            return !cancelled;
        };
        auto onElement = [&](const ZipkinDocumentSplitter::Element& element) {
            if (context.stop.stop_requested()) {
                cancelled = true;
                return false;
            }
            if (element.inPlace && element.container == ZipkinDocumentSplitter::Container::Array &&
                !element.json.empty() && element.json.front() == '{') {
                run.push_back({element.json, element.offset, element.index});
                const std::string_view first = run.front().json;
                if (static_cast<std::size_t>(element.json.data() + element.json.size() -
                                             first.data()) >= kRunBytes)
                    return flush();
                return true;
            }
            if (!flush())
                return false;
            const std::string path = ZipkinDocumentSplitter::path(element.container, element.index);
            if (element.tooLarge) {
                std::string where = "byte " + std::to_string(element.offset);
                if (!path.empty())
                    where += ": " + path;
                sink.reject(
                    {where, "element of " + std::to_string(element.size) +
                                " bytes is larger than the " +
                                std::to_string(ZipkinDocumentSplitter::kDefaultMaxElement >> 20) +
                                " MiB limit, skipped"});
                return true;
            }
            if (!mapper.mapElement(element.json, element.offset, path, shared, sink)) {
                cancelled = true;
                return false;
            }
            return true;
        };
        std::uint64_t done = 0;
        bool fed = true;
        while (true) {
            const std::size_t n = std::fread(chunk.data(), 1, kChunkSize, handle.get());
            if (n == 0)
                break;
            done += n;
            progress.advance(done);
            fed = splitter.feedPadded({chunk.data(), n}, onElement);
            // The run points into the chunk: mapped before the next read reuses it.
            if (!cancelled && !flush())
                fed = false;
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
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here (bad_alloc); bad data is handled as values.
        outcome.partial = true;
        outcome.error = std::string("import failed: ") + e.what();
    }
    return outcome;
}

} // namespace casebook
