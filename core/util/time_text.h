#pragma once
// Times are int64 nanoseconds since the Unix epoch, UTC, everywhere in Casebook.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

// RFC 3339 / ISO 8601 instants: 2026-11-20T09:00:00Z, 2026-11-20T09:00:00.123456789+01:00,
// 2026-11-20T09:00Z, 2026-11-20 09:00:00Z, and a bare date 2026-11-20 (midnight UTC).
// A missing zone means UTC.
std::optional<std::int64_t> parseRfc3339(std::string_view text);

// "2026-11-20T09:00:00.123Z": milliseconds shown only when not zero, nanoseconds
// when finer than milliseconds.
std::string formatRfc3339(std::int64_t ns);

// Durations with a unit: 250ms, 2s, 1.5h, 3d, 10us, 500ns, 1m (minute). Plain numbers
// are rejected so that a unit is never guessed.
std::optional<std::int64_t> parseDuration(std::string_view text);

// "38 ms", "1.20 s", "2 h 5 min": for people, not for parsing back.
std::string formatDuration(std::int64_t ns);

// Days since 1970-01-01 for a civil date (proleptic Gregorian).
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);

} // namespace casebook
