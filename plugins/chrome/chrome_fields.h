#pragma once
// Pure functions for Chrome Trace Event values: microsecond times, event phases, and
// the synthetic trace and span ids. Text in, values out; tested without a parser.

#include "core/model/ids.h"

#include <array>
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

// The names are one to four bytes: every byte of a key that short goes into one number
// with its length, which a perfect hash sends to the only name it can be. No branch
// depends on which member it is: members come in a different order in every writer, and
// a switch on them is mispredicted once a member.
namespace chrome_member_detail {
inline constexpr std::uint64_t codeOf(const unsigned char* s, std::size_t n) {
    const std::size_t second = n > 1 ? 1 : 0, lastButOne = n > 2 ? n - 2 : 0;
    return std::uint64_t{s[0]} | std::uint64_t{s[second]} << 8 |
           std::uint64_t{s[lastButOne]} << 16 | std::uint64_t{s[n - 1]} << 24 |
           std::uint64_t{n} << 32;
}
inline constexpr std::uint64_t kMagic = 0x1a2b8f1ff1fd42a3ULL; // no two names share a slot
struct Slot {
    std::uint64_t code = 0;
    ChromeMember member = ChromeMember::Other;
};
inline constexpr auto kSlots = [] {
    struct Name {
        const char* text;
        ChromeMember member;
    };
    constexpr Name names[] = {
        {"s", ChromeMember::Scope},   {"ph", ChromeMember::Ph},    {"ts", ChromeMember::Ts},
        {"id", ChromeMember::Id},     {"pid", ChromeMember::Pid},  {"tid", ChromeMember::Tid},
        {"dur", ChromeMember::Dur},   {"cat", ChromeMember::Cat},  {"name", ChromeMember::Name},
        {"args", ChromeMember::Args}, {"tdur", ChromeMember::Tdur}};
    std::array<Slot, 16> slots{};
    for (const Name& name : names) {
        unsigned char bytes[4] = {};
        std::size_t n = 0;
        while (name.text[n] != 0) {
            bytes[n] = static_cast<unsigned char>(name.text[n]);
            ++n;
        }
        const std::uint64_t code = codeOf(bytes, n);
        slots[(code * kMagic) >> 60] = {code, name.member};
    }
    return slots;
}();
} // namespace chrome_member_detail

inline ChromeMember chromeMemberOf(std::string_view key) {
    using namespace chrome_member_detail;
    if (key.empty() || key.size() > 4)
        return ChromeMember::Other;
    const std::uint64_t code =
        codeOf(reinterpret_cast<const unsigned char*>(key.data()), key.size());
    const Slot& slot = kSlots[(code * kMagic) >> 60];
    return slot.code == code ? slot.member : ChromeMember::Other;
}

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
