#pragma once
// Pure functions for Chrome Trace Event values: microsecond times, event phases, and
// the synthetic trace and span ids. Text in, values out; tested without a parser.

#include "core/model/ids.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

template <typename T> struct ChromeParsed {
    std::optional<T> value;
    std::string error;
};

// A "ts" / "dur" value (a JSON number token, or the same digits in a string as some
// writers quote them) in microseconds, to nanoseconds. Exact: fractions of a microsecond
// are kept to the nanosecond ("1.5" -> 1500), finer digits dropped; beyond int64
// nanoseconds is an error.
ChromeParsed<std::int64_t> chromeMicrosToNs(std::string_view text);
// Plain digits of whole microseconds that cannot overflow, the common case, read without
// building a result with an error string; nullopt for anything else (use the above).
// Wall-clock times in microseconds since the epoch have 16 digits.
std::optional<std::int64_t> chromeWholeMicrosToNs(std::string_view text);
inline constexpr std::size_t kChromeMaxWholeMicrosDigits = 16;
inline constexpr std::uint64_t kChromeMaxWholeMicros = 9223372036854775; // INT64_MAX / 1000

// A counter's value: a top-level args member that is a number, or a string holding one
// (as some writers quote them), parsed whole; nullopt for anything else.
std::optional<double> chromeSeriesValue(std::string_view text);

// True for text that is a JSON number token (RFC 8259 grammar), nothing else: the only
// tokens copied into attributes unparsed.
bool chromeIsJsonNumber(std::string_view text);

// The event member a key names.
enum class ChromeMember { Ph, Ts, Dur, Tdur, Pid, Tid, Name, Cat, Scope, Id, Args, Other };
ChromeMember chromeMemberOf(std::string_view key);

// What each phase ("ph") becomes.
enum class ChromePhase {
    Complete, // X: a span
    Begin,    // B: a span with its E
    End,      // E
    Instant,  // i, I: a log record
    Counter,  // C: gauge points
    Metadata, // M: process and thread names
    Skipped,  // async (b e n S T p F), flow (s t f), samples (P), objects (N O D),
              // memory dumps (v V), marks (R), clock sync (c), contexts ( ), linked ids (=)
    Unknown
};
ChromePhase chromePhase(std::string_view ph);

// Trace and span ids. A Chrome trace has none, so they are derived, deterministically,
// from the file and the process: one trace per pid, and span ids from the position of
// the span in the file. Importing the same file again gives the same ids; two files
// (different path, size or first 64 KiB) give different ones.
struct ChromeFileKey {
    std::uint64_t high = 0, low = 0;
};
ChromeFileKey chromeFileKey(std::string_view displayPath, std::uint64_t fileSize,
                            std::string_view head);
TraceId chromeTraceId(const ChromeFileKey& file, std::string_view pid);
SpanId chromeSpanId(const TraceId& trace, std::uint64_t spanOrdinal);
// The same in two steps, for many spans of one trace: the part of the trace id it uses,
// then each span's id.
std::uint64_t chromeSpanSeed(const TraceId& trace);
SpanId chromeSpanIdFromSeed(std::uint64_t seed, std::uint64_t spanOrdinal);

// Appends `text` as a JSON string literal: plain ASCII in one piece (the common case, on
// the hot path), anything else through core's appendJsonString.
void appendJsonText(std::string& out, std::string_view text);

} // namespace casebook
