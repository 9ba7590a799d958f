#pragma once
// What the two scenarios share: the clock, counting helpers and the entry points the
// public generateBundle() dispatches to.

#include "core/generate/otlp_writer.h"
#include "core/generate/random.h"
#include "core/generate/scenario_generator.h"
#include "core/util/time_text.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace casebook::gen {

inline constexpr std::int64_t kSecond = 1'000'000'000;
inline constexpr std::int64_t kMillisecond = 1'000'000;
inline constexpr std::int64_t kMinute = 60 * kSecond;
inline constexpr std::int64_t kHour = 60 * kMinute;
inline constexpr std::int64_t kDay = 24 * kHour;

// Nanoseconds since the epoch of a UTC civil time.
inline std::int64_t utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
    return daysFromCivil(year, month, day) * kDay + hour * kHour + minute * kMinute;
}

inline std::int64_t msToNs(double ms) {
    return static_cast<std::int64_t>(std::llround(ms * 1e6));
}

// 0 at `from`, rising linearly to 1 at `from + duration`.
inline double ramp(std::int64_t t, std::int64_t from, std::int64_t duration) {
    if (t <= from)
        return 0;
    if (t >= from + duration)
        return 1;
    return static_cast<double>(t - from) / static_cast<double>(duration);
}

// Turns expected (fractional) counts into integers whose running total never drifts by
// more than one from the expected running total, at any interval length.
class Quantizer {
public:
    std::int64_t take(double expected) {
        carry_ += expected;
        const double whole = std::floor(carry_);
        carry_ -= whole;
        return static_cast<std::int64_t>(whole);
    }

private:
    double carry_ = 0.5;
};

// A prefixed random hex id such as "sub_3fa9c0e12b7d".
inline std::string hexId(Rng& rng, std::string_view prefix, int digits) {
    std::string s(prefix);
    appendHex(s, rng.next(), digits);
    return s;
}

// A number with a fixed count of decimals, for log bodies.
inline std::string fixed(double value, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

// Every scale unit brings this many spans, log records and metric points.
inline constexpr std::uint64_t kRecordsPerScale = 10'000;

GenerateSummary generateLeadFlow(const GenerateOptions& options, const std::filesystem::path& dir);
GenerateSummary generateRetail(const GenerateOptions& options, const std::filesystem::path& dir);

} // namespace casebook::gen
