#pragma once
// Jaeger trace -> span records. One mapper per file import: it owns the simdjson parser
// and scratch buffers and reuses them for every trace and span.
//
// A trace is read in three steps, so that a trace of any size costs memory for its text
// and one span, never a parsed tree of the whole trace: its members are located by a
// byte scanner; its "processes" are read first (Jaeger writes them after the spans);
// then each span is parsed on its own and handed to the sink at once.

#include "core/import/importer.h"

#include <cstdint>
#include <memory>
#include <string_view>

namespace casebook {

class JaegerTraceMapper {
public:
    explicit JaegerTraceMapper(const ImportContext& context);
    ~JaegerTraceMapper();
    JaegerTraceMapper(const JaegerTraceMapper&) = delete;
    JaegerTraceMapper& operator=(const JaegerTraceMapper&) = delete;

    // Maps one trace: `json` is the trace's text, which starts at `fileOffset` in the
    // file; `path` is its place there ("data[2]", "[0]", or empty for a file that is one
    // trace object). Rejections are located "byte N: data[2].spans[5]", N being where
    // the rejected span (or trace) starts. Returns false when the import was cancelled.
    bool mapTrace(std::string_view json, std::uint64_t fileOffset, std::string_view path,
                  RecordSink& sink);

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace casebook
