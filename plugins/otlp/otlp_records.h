#pragma once
// OTLP/JSON -> records. One mapper per file import: it owns the simdjson parser and
// buffers and reuses them for every request or resource block.

#include "core/import/importer.h"
#include "plugins/otlp/otlp_document_splitter.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

struct OtlpMappingState;

class OtlpRecordMapper {
public:
    // Why the JSON given to a call is broken, and where inside that text when simdjson
    // knows (it does not for errors found while indexing, such as an unclosed string).
    struct JsonError {
        std::string message;
        std::optional<std::size_t> offset;
        bool syntax = true; // false: valid JSON, but not an object (not a request at all)
    };

    explicit OtlpRecordMapper(const ImportContext& context);
    ~OtlpRecordMapper();
    OtlpRecordMapper(const OtlpRecordMapper&) = delete;
    OtlpRecordMapper& operator=(const OtlpRecordMapper&) = delete;

    // Maps one export request (traces, logs, metrics, or several of them in one object).
    // Rejections are located as "<location>: resourceSpans[0].scopeSpans[1].spans[4]".
    //
    // The records of a call are held until its JSON has been read to the end and only
    // then handed to the sink: a request that turns out to be broken halfway adds
    // nothing and is reported once, instead of landing in part.
    std::optional<JsonError> mapRequest(std::string_view json, std::string_view location,
                                        RecordSink& sink);

    // Maps one element of a top-level resourceSpans / resourceLogs / resourceMetrics array
    // that starts at `fileOffset`. Rejections are located as "byte N: <path>", N being
    // where the rejected element starts in the file.
    std::optional<JsonError> mapResourceBlock(OtlpSignal signal, std::size_t index,
                                              std::uint64_t fileOffset, std::string_view json,
                                              RecordSink& sink);

private:
    std::optional<JsonError> parse(std::string_view json, RecordSink& sink, bool wholeRequest,
                                   OtlpSignal signal, std::size_t index);

    struct Parser;
    std::unique_ptr<Parser> parser_;
    std::unique_ptr<OtlpMappingState> state_;
};

} // namespace casebook
