#pragma once
// One JSON-lines log record -> LogRecord, with simdjson On-Demand. One mapper per file:
// it owns the parser and scratch buffers and reuses them for every line.
//
// The mapped keys (timestamp, level, message, service, trace_id, span_id, logger) go to
// their LogRecord fields and not into the attributes. Every other member becomes an
// attribute, nested objects flattened to dotted keys ({"http":{"method":"GET"}} ->
// {"http.method":"GET"}) the way OTLP attributes are written, so tenant and error-code
// lookups and attribute filters see one shape whichever way a logger nests. Arrays, and
// objects nested deeper than 16 levels, are kept as JSON values. An empty object stays
// as {}. Tenant and error-code keys are read into their fields and also kept.

#include "core/import/record_sink.h"
#include "plugins/jsonlogs/log_key_mapping.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class JsonLogMapper {
public:
    struct Result {
        enum class Kind {
            Added,    // handed to the sink
            Rejected, // valid JSON, but not a usable record: `reason`
            Invalid   // not valid JSON: `reason`, and `column` (0-based) when known
        };
        Kind kind = Kind::Added;
        std::string reason;
        std::optional<std::size_t> column;
    };

    // `tenantKeys`: the bundle's tenant attribute keys, tried before tenant_id, tenant.id
    // and tenant.
    JsonLogMapper(LogKeyMapping mapping, const std::vector<std::string>& tenantKeys);
    ~JsonLogMapper();
    JsonLogMapper(const JsonLogMapper&) = delete;
    JsonLogMapper& operator=(const JsonLogMapper&) = delete;

    // Maps one line (without its newline). The record's text fields are valid during the
    // sink call only.
    Result mapLine(std::string_view line, RecordSink& sink);

    // The mapping as used so far: the epoch unit is fixed by the first numeric timestamp
    // when the head of the file had none.
    const LogKeyMapping& mapping() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Replaces every byte sequence that is not valid UTF-8 by U+FFFD, so that a line with a
// stray Latin-1 byte still parses and lands as valid JSON text.
std::string replaceInvalidUtf8(std::string_view text);
bool isValidUtf8(std::string_view text);

} // namespace casebook
