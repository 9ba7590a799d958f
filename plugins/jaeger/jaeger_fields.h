#pragma once
// Pure functions for the scalar fields of Jaeger JSON: ids, microsecond times, typed tag
// values and span kinds. They work on text only, so they are tested without a parser.

#include "core/model/ids.h"
#include "core/model/records.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

// Ids as Jaeger writes them: hex of either case, and older Jaeger versions drop leading
// zeros (ids formatted with %x), so a shorter id is padded on the left. Trace ids take up
// to 32 digits; a 64-bit (16 digit) id becomes the low half of 128 bits, the way
// traceIdFromHexLenient pads it, so the same trace from OTLP and Jaeger joins. Span ids
// take up to 16 digits. An empty or all-zero id is invalid. `error` says why, e.g.
// "invalid trace id \"trace-123\": not hex".
std::optional<TraceId> parseJaegerTraceId(std::string_view hex, std::string& error);
std::optional<SpanId> parseJaegerSpanId(std::string_view hex, std::string& error);

// A whole number as a JSON number token or the contents of a JSON string: "-42", "1e3"
// and "1500.0" (integral) are accepted, "1.5" and "12a" are not.
std::optional<std::int64_t> parseJaegerInt64(std::string_view text, std::string& error);

// Microseconds since the epoch (Jaeger's startTime, log timestamps) to nanoseconds.
// Negative times and times past the int64 nanosecond range (the year 2262) are errors.
std::optional<std::int64_t> jaegerMicrosToNanos(std::string_view text, std::string& error);

// The JSON kind of a tag value as read from the file.
enum class JaegerValueKind { String, Number, Bool, Null };

// Appends a tag value as JSON, typed by the tag's `type` ("string", "bool", "int64",
// "float64" or "binary", any case; empty: by the value's own JSON kind). `text` is the
// decoded string, the number token, or "true"/"false". int64 becomes a JSON number (also
// when written as a string, as Jaeger does beyond 2^53), float64 a number (non-finite
// values as the strings "NaN", "Infinity", "-Infinity"), binary its base64 text. False,
// with the reason in `error`, when the value does not fit its type.
bool appendJaegerTagValue(std::string& out, std::string_view type, JaegerValueKind kind,
                          std::string_view text, std::string& error);

// "server", "client", "producer", "consumer", "internal" (any case), the span.kind tag.
std::optional<SpanKind> jaegerSpanKind(std::string_view word);

// Invalid UTF-8 sequences replaced by U+FFFD, so that a stray byte in one tag does not
// make the whole span unreadable and the stored text stays valid JSON.
std::string jaegerRepairUtf8(std::string_view text);

} // namespace casebook
