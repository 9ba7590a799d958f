#pragma once
// Zipkin v2 span -> span record. One mapper per file import: it owns the simdjson parser
// and scratch buffers and reuses them for every span.
//
// Shared spans (docs/formats/zipkin.md): when a client and a server report one RPC under
// the same span id, the server half (marked "shared": true) gets an id of its own,
// derived from the shared id and its endpoint, with the client half as its parent; a span
// whose parent is the shared id and that runs on the server's endpoint hangs under the
// server half, as Zipkin's own UI places it. A server half whose client is not in the
// file keeps its id and parent. All this needs to know the shared spans and the client
// spans before any span is mapped, so the importer first collects them.

#include "core/import/importer.h"

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace casebook {

// What the first pass learns about a file: its client spans and the server halves of its
// shared spans, by trace and id (24 and 32 bytes each).
class ZipkinSharedSpans {
public:
    void addClient(const TraceId& trace, const SpanId& id);
    void addServerHalf(const TraceId& trace, const SpanId& shared, const SpanId& derived);
    // Sorts what was added and keeps only the server halves whose client is in the file;
    // call before the queries.
    void seal();
    // Whether the client half of the shared id is in the file (so the server half is
    // given its derived id).
    bool hasClient(const TraceId& trace, const SpanId& shared) const;
    // Whether `derived` is the id given to a server half.
    bool isServerHalf(const TraceId& trace, const SpanId& derived) const;
    bool empty() const { return halves_.empty(); }
    std::size_t serverHalves() const { return halves_.size(); }

private:
    struct Key {
        TraceId trace;
        SpanId span;
        friend auto operator<=>(const Key&, const Key&) = default;
        friend bool operator==(const Key&, const Key&) = default;
    };
    struct Half {
        Key shared;
        SpanId derived;
    };
    std::vector<Key> clients_;
    std::vector<Half> pending_;
    std::vector<Key> halves_; // (trace, derived id) of the server halves with a client
};

class ZipkinSpanMapper {
public:
    explicit ZipkinSpanMapper(const ImportContext& context);
    ~ZipkinSpanMapper();
    ZipkinSpanMapper(const ZipkinSpanMapper&) = delete;
    ZipkinSpanMapper& operator=(const ZipkinSpanMapper&) = delete;

    // Maps one element of the file: a span object, or an array of spans (the nested form
    // of /api/v2/traces). `json` starts at `fileOffset`; `path` is its place ("[3]", or
    // empty for a file that is one span). Spans go to the sink as they are read;
    // rejections are located "byte N: [3]" or "byte N: [3][5]", N being where the
    // rejected span starts. Returns false when the import was cancelled.
    bool mapElement(std::string_view json, std::uint64_t fileOffset, std::string_view path,
                    const ZipkinSharedSpans& shared, RecordSink& sink);

    // A span object of the root array, for mapRun.
    struct RunSpan {
        std::string_view json; // starts with '{'
        std::uint64_t offset;  // in the file
        std::size_t index;     // in the root array
    };
    // Maps `count` span objects that follow one another in one buffer (the text from the
    // first one's '{' to the last one's end holds only them and the commas between them)
    // in one parse: parsing each small span on its own costs more in setting the parse
    // up than in reading the span. Stops at the first span whose JSON is broken, and
    // returns how many were mapped: the caller maps the rest with mapElement, which says
    // what is wrong and where, exactly as if the run had never been tried. Sets
    // `cancelled` when the import was cancelled.
    std::size_t mapRun(const RunSpan* spans, std::size_t count, const ZipkinSharedSpans& shared,
                       RecordSink& sink, bool& cancelled);

    // The first pass: notes the client spans and the server halves of shared spans in one
    // element. Broken or invalid spans are left to mapElement to report.
    void collectShared(std::string_view json, ZipkinSharedSpans& shared);

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace casebook
