#include "core/util/time_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace casebook {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

struct Cursor {
    std::string_view text;
    std::size_t pos = 0;

    bool atEnd() const { return pos >= text.size(); }
    char peek() const { return atEnd() ? '\0' : text[pos]; }
    bool take(char c) {
        if (peek() != c)
            return false;
        ++pos;
        return true;
    }
    // Exactly `digits` decimal digits.
    std::optional<int> number(int digits) {
        if (pos + static_cast<std::size_t>(digits) > text.size())
            return std::nullopt;
        int value = 0;
        for (int i = 0; i < digits; ++i) {
            const char c = text[pos + static_cast<std::size_t>(i)];
            if (c < '0' || c > '9')
                return std::nullopt;
            value = value * 10 + (c - '0');
        }
        pos += static_cast<std::size_t>(digits);
        return value;
    }
};

// Seconds plus a fraction as int64 nanoseconds, or nothing when the time lies outside
// what they hold (about 1677 to 2262).
std::optional<std::int64_t> toNanoseconds(std::int64_t seconds, std::int64_t fraction) {
    std::int64_t ns = 0;
    if (__builtin_mul_overflow(seconds, kSecond, &ns) || __builtin_add_overflow(ns, fraction, &ns))
        return std::nullopt;
    return ns;
}

} // namespace

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    // Howard Hinnant's algorithm.
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<std::int64_t> parseRfc3339(std::string_view text) {
    Cursor c{text};
    const auto year = c.number(4);
    if (!year || !c.take('-'))
        return std::nullopt;
    const auto month = c.number(2);
    if (!month || !c.take('-'))
        return std::nullopt;
    const auto day = c.number(2);
    if (!day || *month < 1 || *month > 12 || *day < 1 || *day > 31)
        return std::nullopt;
    // Whole seconds first: years up to 9999 fit in int64 seconds, not all in nanoseconds.
    std::int64_t seconds =
        daysFromCivil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) * 86400;
    if (c.atEnd())
        return toNanoseconds(seconds, 0);
    if (!c.take('T') && !c.take('t') && !c.take(' '))
        return std::nullopt;
    const auto hour = c.number(2);
    if (!hour || !c.take(':'))
        return std::nullopt;
    const auto minute = c.number(2);
    if (!minute || *hour > 23 || *minute > 59)
        return std::nullopt;
    int second = 0;
    std::int64_t fraction = 0;
    if (c.take(':')) {
        const auto s = c.number(2);
        if (!s || *s > 60)
            return std::nullopt;
        second = *s;
        if (c.take('.') || c.take(',')) {
            int digits = 0;
            while (!c.atEnd() && c.peek() >= '0' && c.peek() <= '9') {
                if (digits < 9) {
                    fraction = fraction * 10 + (c.peek() - '0');
                    ++digits;
                }
                ++c.pos;
            }
            if (digits == 0)
                return std::nullopt;
            for (; digits < 9; ++digits)
                fraction *= 10;
        }
    }
    seconds += static_cast<std::int64_t>(*hour) * 3600 + *minute * 60 + second;
    if (c.atEnd() || c.take('Z') || c.take('z')) {
        return c.atEnd() ? toNanoseconds(seconds, fraction) : std::nullopt;
    }
    const char sign = c.peek();
    if (sign != '+' && sign != '-')
        return std::nullopt;
    ++c.pos;
    const auto offH = c.number(2);
    if (!offH)
        return std::nullopt;
    c.take(':');
    const auto offM = c.number(2);
    if (!offM || !c.atEnd())
        return std::nullopt;
    const std::int64_t offset = static_cast<std::int64_t>(*offH) * 3600 + *offM * 60;
    return toNanoseconds(sign == '+' ? seconds - offset : seconds + offset, fraction);
}

std::string formatRfc3339(std::int64_t ns) {
    std::int64_t secs = ns / kSecond;
    std::int64_t frac = ns % kSecond;
    if (frac < 0) {
        frac += kSecond;
        --secs;
    }
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    // civil_from_days
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                          static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                          static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
    std::string out(buf, static_cast<std::size_t>(n));
    if (frac != 0) {
        if (frac % 1'000'000 == 0)
            n = std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(frac / 1'000'000));
        else
            n = std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(frac));
        out.append(buf, static_cast<std::size_t>(n));
    }
    out.push_back('Z');
    return out;
}

std::optional<std::int64_t> parseDuration(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    std::size_t i = 0;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
        ++i;
    if (i == 0 || i == text.size())
        return std::nullopt;
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + i, value);
    if (ec != std::errc() || ptr != text.data() + i)
        return std::nullopt;
    const std::string_view unit = text.substr(i);
    double scale = 0;
    if (unit == "ns")
        scale = 1;
    else if (unit == "us" || unit == "µs")
        scale = 1e3;
    else if (unit == "ms")
        scale = 1e6;
    else if (unit == "s")
        scale = 1e9;
    else if (unit == "m" || unit == "min")
        scale = 60e9;
    else if (unit == "h")
        scale = 3600e9;
    else if (unit == "d")
        scale = 86400e9;
    else if (unit == "w")
        scale = 7 * 86400e9;
    else
        return std::nullopt;
    const double ns = value * scale;
    if (!std::isfinite(ns) || ns > 9.2e18)
        return std::nullopt;
    return static_cast<std::int64_t>(std::llround(ns));
}

std::string formatDuration(std::int64_t ns) {
    char buf[48];
    const double v = static_cast<double>(ns);
    if (ns < 0)
        return "-" + formatDuration(-ns);
    if (ns < 1000)
        std::snprintf(buf, sizeof buf, "%lld ns", static_cast<long long>(ns));
    else if (ns < 1'000'000)
        std::snprintf(buf, sizeof buf, "%.3g us", v / 1e3);
    else if (ns < kSecond)
        std::snprintf(buf, sizeof buf, "%.3g ms", v / 1e6);
    else if (ns < 60 * kSecond)
        std::snprintf(buf, sizeof buf, "%.3g s", v / 1e9);
    else if (ns < 3600 * kSecond)
        std::snprintf(buf, sizeof buf, "%lld min %lld s",
                      static_cast<long long>(ns / (60 * kSecond)),
                      static_cast<long long>(ns / kSecond % 60));
    else
        std::snprintf(buf, sizeof buf, "%lld h %lld min",
                      static_cast<long long>(ns / (3600 * kSecond)),
                      static_cast<long long>(ns / (60 * kSecond) % 60));
    return buf;
}

} // namespace casebook
