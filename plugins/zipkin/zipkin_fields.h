#pragma once
// Pure functions for the scalar fields of Zipkin v2 JSON: ids, microsecond times, tag
// values, span kinds and the id given to the server half of a shared span. They work on
// text only, so they are tested without a parser.

#include "core/model/ids.h"
#include "core/model/records.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

// Ids as Zipkin writes them: 16 or 32 hex digits for trace ids, 16 for span ids. Like
// Zipkin itself, a shorter id is padded on the left with zeros, and upper case is read
// too. A 64-bit trace id becomes the low half of 128 bits, the way traceIdFromHexLenient
// pads it, so the same trace from OTLP and Zipkin joins. An empty or all-zero id is
// invalid. `error` says why, e.g. "invalid span id \"xyz\": not hex".
std::optional<TraceId> parseZipkinTraceId(std::string_view hex, std::string& error);
std::optional<SpanId> parseZipkinSpanId(std::string_view hex, std::string& error);

// A whole number as a JSON number token or the contents of a JSON string: "-42", "1e3"
// and "1500.0" (integral) are accepted, "1.5" and "12a" are not.
std::optional<std::int64_t> parseZipkinInt64(std::string_view text, std::string& error);

// Microseconds since the epoch (span and annotation timestamps) to nanoseconds.
// Negative times and times past the int64 nanosecond range (the year 2262) are errors.
std::optional<std::int64_t> zipkinMicrosToNanos(std::string_view text, std::string& error);

// The JSON kind of a value as read from the file.
enum class ZipkinValueKind { String, Number, Bool, Null };

// Appends a tag value as JSON. Zipkin tags are strings; numbers and booleans that some
// writers put there are kept as JSON numbers and booleans (numbers checked: an integer
// exactly, others as the shortest double text). False with `error` for a number JSON
// cannot hold.
bool appendZipkinTagValue(std::string& out, ZipkinValueKind kind, std::string_view text,
                          std::string& error);

// "CLIENT", "SERVER", "PRODUCER", "CONSUMER" (any case), Zipkin's kind.
std::optional<SpanKind> zipkinSpanKind(std::string_view word);

// The local endpoint of a span, as Zipkin tells servers of one shared id apart.
struct ZipkinEndpointKey {
    std::string_view service, ipv4, ipv6, port;
};

// The span id given to the server half of a shared span (docs/formats/zipkin.md): a
// 64-bit FNV-1a hash of the shared id and the server's local endpoint (service name,
// IPv4, IPv6, port), never zero and never the shared id itself, so the client and server
// halves stay two spans, and several servers answering one client id stay apart.
SpanId zipkinServerHalfId(const SpanId& shared, const ZipkinEndpointKey& local);

// Invalid UTF-8 sequences replaced by U+FFFD, so that a stray byte in one tag does not
// make the whole span unreadable and the stored text stays valid JSON.
std::string zipkinRepairUtf8(std::string_view text);

} // namespace casebook
