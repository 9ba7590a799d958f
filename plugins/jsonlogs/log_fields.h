#pragma once
// Pure functions for the values of JSON-lines logs: timestamps (RFC 3339 text or epoch
// numbers in a unit decided per file), levels (words or numbers on a known scale) and
// JSON number syntax. Text in, values out; tested without a parser.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

// A parsed value, or why the text is not one ("\"soon\" is not an RFC 3339 time").
template <typename T> struct LogParsed {
    std::optional<T> value;
    std::string error;
};

// The unit of epoch timestamps written as numbers. Decided once per file, from the
// magnitude of the first numeric timestamp (see epochUnitForNumber).
enum class EpochUnit { Unknown, Seconds, Milliseconds, Microseconds, Nanoseconds };

// "s", "ms", "µs", "ns"; "unknown".
std::string_view epochUnitName(EpochUnit unit);
// Accepts the names above and "us".
std::optional<EpochUnit> epochUnitFromName(std::string_view name);

// The unit an epoch number of this size is written in, for times after 1973:
// below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds, else
// nanoseconds. Unknown for text that is not a number, for zero and for negatives.
EpochUnit epochUnitForNumber(std::string_view number);

// An epoch number (JSON number syntax; zap writes float seconds such as
// 1584291845.0432646) to nanoseconds, exactly: decimal digits are scaled, not rounded
// through a double, and digits finer than a nanosecond are dropped. Times before 1970
// and beyond int64 nanoseconds (2262) are out of range.
LogParsed<std::int64_t> parseEpochNumber(std::string_view number, EpochUnit unit);

// RFC 3339 / ISO 8601 text as core's parseRfc3339 reads it, also with a "+0200" offset
// (zap's ISO 8601 encoder), limited to the years 1970 to 2261 so that nanoseconds fit
// int64; Go's zero time (0001-01-01T00:00:00Z) is out of range, not a date in year 1.
LogParsed<std::int64_t> parseLogTimeText(std::string_view text);

// True for text that is a JSON number token (RFC 8259 grammar), nothing else.
bool isJsonNumber(std::string_view text);

// How numeric levels of a file are read. Words are always read as words.
enum class LevelScale {
    Text,   // no numbers seen
    Pino,   // pino / bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal
    Syslog, // 0 emerg .. 7 debug (GELF, journald)
    Otlp    // OTLP SeverityNumber 1..24 (keys named severity_number / severityNumber)
};
std::string_view levelScaleName(LevelScale scale);
std::optional<LevelScale> levelScaleFromName(std::string_view name);

// OTLP SeverityNumber of a level word, case-insensitive: trace/verbose 1, debug 5,
// info/information 9, notice 10, warn/warning 13, error/err 17, fatal/panic/dpanic 21,
// critical/crit 22, alert 23, emerg/emergency 24. 0 for a word it does not know.
int severityFromLevelText(std::string_view text);

struct LevelNumber {
    int severityNumber = 0;
    std::string_view name; // "info" for pino 30; empty for a value between the named ones
};
// A numeric level on `scale` (Text reads as Pino). Out of range: pino/bunyan below 1,
// syslog outside 0..7, OTLP outside 1..24.
LogParsed<LevelNumber> levelFromNumber(std::int64_t value, LevelScale scale);

} // namespace casebook
