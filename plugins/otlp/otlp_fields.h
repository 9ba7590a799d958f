#pragma once
// Pure functions for the scalar fields of OTLP/JSON (the protobuf JSON mapping): 64-bit
// integers written as numbers or strings, doubles including the non-finite spellings,
// hex ids, and enum names. They work on text only, so they are tested without a parser.

#include "core/model/ids.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

// A parsed value, or why the text is not one. `error` says what is wrong with the value
// itself ("99999999999999999999 overflows int64"); the caller prefixes the field name.
template <typename T> struct OtlpParsed {
    std::optional<T> value;
    std::string error;
};

// Integer text as it appears in 64-bit OTLP fields: a JSON number token or the contents
// of a JSON string. Exponent and fraction forms are accepted when the value is integral
// ("1e3", "1500.0"), since the protobuf JSON mapping allows them.
OtlpParsed<std::int64_t> parseOtlpInt64(std::string_view text);
OtlpParsed<std::uint64_t> parseOtlpUint64(std::string_view text);
// A double from a number token or string contents, including "NaN", "Infinity", "-Infinity".
OtlpParsed<double> parseOtlpDouble(std::string_view text);

// Hex ids. Errors read like "invalid trace id length 31 (want 32 hex digits)".
OtlpParsed<TraceId> parseOtlpTraceId(std::string_view hex);
OtlpParsed<SpanId> parseOtlpSpanId(std::string_view hex);

// Enum names that some exporters write instead of the integer ("SPAN_KIND_SERVER").
std::optional<int> otlpSpanKindFromName(std::string_view name);
std::optional<int> otlpStatusCodeFromName(std::string_view name);
std::optional<int> otlpSeverityNumberFromName(std::string_view name);
std::optional<int> otlpTemporalityFromName(std::string_view name);

// JSON text for numbers. Doubles use the shortest text that reads back to the same
// value; JSON has no NaN or infinities, so those become the protobuf JSON strings
// "NaN", "Infinity" and "-Infinity" and the stored text stays valid JSON.
void appendJsonDouble(std::string& out, double value);
void appendJsonInt(std::string& out, std::int64_t value);
void appendJsonUint(std::string& out, std::uint64_t value);

} // namespace casebook
