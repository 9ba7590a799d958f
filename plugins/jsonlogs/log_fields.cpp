#include "plugins/jsonlogs/log_fields.h"

#include "core/util/time_text.h"

#include <array>
#include <limits>

namespace casebook {
namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

// Values are quoted in messages; a runaway value must not make a huge message.
std::string quoted(std::string_view text) {
    constexpr std::size_t kMax = 40;
    std::string out = "\"";
    out.append(text.substr(0, kMax));
    if (text.size() > kMax)
        out.append("...");
    out.push_back('"');
    return out;
}

// A JSON number split into its parts: value = digits * 10^exponent, sign apart.
struct Decimal {
    bool negative = false;
    std::string_view intDigits, fracDigits;
    long exponent = 0; // of the written exponent part only
};

std::optional<Decimal> splitNumber(std::string_view t) {
    Decimal d;
    std::size_t i = 0;
    if (i < t.size() && t[i] == '-') {
        d.negative = true;
        ++i;
    }
    const std::size_t intStart = i;
    while (i < t.size() && isDigit(t[i]))
        ++i;
    if (i == intStart)
        return std::nullopt;
    if (i - intStart > 1 && t[intStart] == '0')
        return std::nullopt; // JSON has no leading zeros
    d.intDigits = t.substr(intStart, i - intStart);
    if (i < t.size() && t[i] == '.') {
        const std::size_t fracStart = ++i;
        while (i < t.size() && isDigit(t[i]))
            ++i;
        if (i == fracStart)
            return std::nullopt;
        d.fracDigits = t.substr(fracStart, i - fracStart);
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        bool negativeExponent = false;
        if (i < t.size() && (t[i] == '+' || t[i] == '-'))
            negativeExponent = t[i++] == '-';
        const std::size_t expStart = i;
        while (i < t.size() && isDigit(t[i])) {
            if (d.exponent < 100000)
                d.exponent = d.exponent * 10 + (t[i] - '0');
            ++i;
        }
        if (i == expStart)
            return std::nullopt;
        if (negativeExponent)
            d.exponent = -d.exponent;
    }
    if (i != t.size())
        return std::nullopt;
    return d;
}

// The significant digits (integer then fraction part, leading zeros dropped) and the
// power of ten they are multiplied by. A view, so the hot path does not allocate.
struct Significand {
    std::string_view head, tail; // digits from the integer part, then the fraction part
    long exponent = 0;

    std::size_t size() const { return head.size() + tail.size(); }
    char at(std::size_t k) const { return k < head.size() ? head[k] : tail[k - head.size()]; }
};

Significand significand(const Decimal& d) {
    Significand s;
    s.exponent = d.exponent - static_cast<long>(d.fracDigits.size());
    std::size_t lead = 0;
    while (lead < d.intDigits.size() && d.intDigits[lead] == '0')
        ++lead;
    if (lead < d.intDigits.size()) {
        s.head = d.intDigits.substr(lead);
        s.tail = d.fracDigits;
        return s;
    }
    lead = 0;
    while (lead < d.fracDigits.size() && d.fracDigits[lead] == '0')
        ++lead;
    s.tail = d.fracDigits.substr(lead);
    return s;
}

long unitExponent(EpochUnit unit) {
    switch (unit) {
    case EpochUnit::Seconds:
        return 9;
    case EpochUnit::Milliseconds:
        return 6;
    case EpochUnit::Microseconds:
        return 3;
    case EpochUnit::Nanoseconds:
    case EpochUnit::Unknown:
        break;
    }
    return 0;
}

struct LevelWord {
    std::string_view word;
    int number;
};

constexpr std::array<LevelWord, 22> kLevelWords{{
    {"trace", 1},  {"verbose", 1},     {"trc", 1},           {"debug", 5},     {"dbg", 5},
    {"info", 9},   {"information", 9}, {"informational", 9}, {"inf", 9},       {"notice", 10},
    {"warn", 13},  {"warning", 13},    {"wrn", 13},          {"error", 17},    {"err", 17},
    {"fatal", 21}, {"panic", 21},      {"dpanic", 21},       {"critical", 22}, {"crit", 22},
    {"alert", 23}, {"emerg", 24},
}};

} // namespace

std::string_view epochUnitName(EpochUnit unit) {
    switch (unit) {
    case EpochUnit::Seconds:
        return "s";
    case EpochUnit::Milliseconds:
        return "ms";
    case EpochUnit::Microseconds:
        return "µs";
    case EpochUnit::Nanoseconds:
        return "ns";
    case EpochUnit::Unknown:
        break;
    }
    return "unknown";
}

std::optional<EpochUnit> epochUnitFromName(std::string_view name) {
    if (name == "s")
        return EpochUnit::Seconds;
    if (name == "ms")
        return EpochUnit::Milliseconds;
    if (name == "us" || name == "µs")
        return EpochUnit::Microseconds;
    if (name == "ns")
        return EpochUnit::Nanoseconds;
    return std::nullopt;
}

EpochUnit epochUnitForNumber(std::string_view number) {
    const auto d = splitNumber(number);
    if (!d || d->negative)
        return EpochUnit::Unknown;
    const Significand s = significand(*d);
    if (s.size() == 0)
        return EpochUnit::Unknown;
    // Digits before the decimal point: the value lies in [10^(n-1), 10^n).
    const long integerDigits = static_cast<long>(s.size()) + s.exponent;
    if (integerDigits <= 11)
        return EpochUnit::Seconds;
    if (integerDigits <= 14)
        return EpochUnit::Milliseconds;
    if (integerDigits <= 17)
        return EpochUnit::Microseconds;
    return EpochUnit::Nanoseconds;
}

LogParsed<std::int64_t> parseEpochNumber(std::string_view number, EpochUnit unit) {
    LogParsed<std::int64_t> result;
    // Most loggers write whole numbers (pino's epoch milliseconds): read them without
    // splitting. Anything else, and every error, goes the general way below.
    if (!number.empty() && number.size() <= 18 && number[0] != '0') {
        std::uint64_t whole = 0;
        bool digits = true;
        for (char c : number) {
            if (!isDigit(c)) {
                digits = false;
                break;
            }
            whole = whole * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (digits) {
            bool overflow = false;
            for (long k = 0; k < unitExponent(unit); ++k)
                overflow = overflow || __builtin_mul_overflow(whole, 10u, &whole);
            if (!overflow &&
                whole <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                result.value = static_cast<std::int64_t>(whole);
                return result;
            }
        }
    }
    const auto d = splitNumber(number);
    if (!d) {
        result.error = quoted(number) + " is not a number";
        return result;
    }
    const Significand s = significand(*d);
    if (s.size() == 0) {
        result.value = 0;
        return result;
    }
    if (d->negative) {
        result.error = quoted(number) + " is before 1970";
        return result;
    }
    auto outOfRange = [&] {
        result.error =
            quoted(number) + " (epoch " + std::string(epochUnitName(unit)) + ") is beyond 2262";
        return result;
    };
    long exponent = s.exponent + unitExponent(unit);
    std::size_t used = s.size();
    if (exponent < 0) {
        // Finer than a nanosecond: the dropped digits are truncated.
        const auto drop = static_cast<std::size_t>(-exponent);
        used = drop >= used ? 0 : used - drop;
        exponent = 0;
    }
    std::uint64_t value = 0;
    for (std::size_t k = 0; k < used; ++k) {
        const auto digit = static_cast<std::uint64_t>(s.at(k) - '0');
        if (__builtin_mul_overflow(value, 10u, &value) ||
            __builtin_add_overflow(value, digit, &value)) {
            return outOfRange();
        }
    }
    for (long k = 0; k < exponent && value != 0; ++k) {
        if (__builtin_mul_overflow(value, 10u, &value)) {
            return outOfRange();
        }
    }
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return outOfRange();
    }
    result.value = static_cast<std::int64_t>(value);
    return result;
}

LogParsed<std::int64_t> parseLogTimeText(std::string_view text) {
    LogParsed<std::int64_t> result;
    const bool yearDigits = text.size() >= 4 && isDigit(text[0]) && isDigit(text[1]) &&
                            isDigit(text[2]) && isDigit(text[3]);
    if (!yearDigits) {
        result.error = quoted(text) + " is not an RFC 3339 time";
        return result;
    }
    const int year =
        (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    if (year < 1970 || year > 2261) {
        // Such years overflow int64 nanoseconds, so the text is checked with a year
        // that does not: "0001-13-45" is not a time, "0001-01-01T00:00:00Z" is out of range.
        std::string probe(text.substr(0, 256));
        probe.replace(0, 4, "2000");
        result.error = quoted(text) + (parseRfc3339(probe) ? " is out of range (1970 to 2261)"
                                                           : " is not an RFC 3339 time");
        return result;
    }
    auto parsed = parseRfc3339(text);
    if (!parsed) {
        result.error = quoted(text) + " is not an RFC 3339 time";
        return result;
    }
    if (*parsed < 0) {
        result.error = quoted(text) + " is out of range (1970 to 2261)";
        return result;
    }
    result.value = *parsed;
    return result;
}

bool isJsonNumber(std::string_view text) {
    return splitNumber(text).has_value();
}

std::string_view levelScaleName(LevelScale scale) {
    switch (scale) {
    case LevelScale::Text:
        return "text";
    case LevelScale::Pino:
        return "pino";
    case LevelScale::Syslog:
        return "syslog";
    case LevelScale::Otlp:
        return "otlp";
    }
    return "text";
}

std::optional<LevelScale> levelScaleFromName(std::string_view name) {
    for (LevelScale scale :
         {LevelScale::Text, LevelScale::Pino, LevelScale::Syslog, LevelScale::Otlp})
        if (levelScaleName(scale) == name)
            return scale;
    if (name == "bunyan")
        return LevelScale::Pino;
    return std::nullopt;
}

int severityFromLevelText(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    for (const auto& entry : kLevelWords)
        if (equalsIgnoringCase(entry.word, text))
            return entry.number;
    if (equalsIgnoringCase(text, "emergency"))
        return 24;
    return 0;
}

LogParsed<LevelNumber> levelFromNumber(std::int64_t value, LevelScale scale) {
    LogParsed<LevelNumber> result;
    switch (scale) {
    case LevelScale::Text:
    case LevelScale::Pino: {
        if (value < 1) {
            result.error = std::to_string(value) + " is not a pino/bunyan level (10..60)";
            return result;
        }
        // Custom levels between the named ones take the severity of the one below.
        static constexpr std::array<std::pair<int, std::string_view>, 6> kPino{{{60, "fatal"},
                                                                                {50, "error"},
                                                                                {40, "warn"},
                                                                                {30, "info"},
                                                                                {20, "debug"},
                                                                                {10, "trace"}}};
        static constexpr std::array<int, 6> kNumbers{21, 17, 13, 9, 5, 1};
        for (std::size_t i = 0; i < kPino.size(); ++i) {
            if (value >= kPino[i].first) {
                result.value = LevelNumber{
                    kNumbers[i], value == kPino[i].first ? kPino[i].second : std::string_view{}};
                return result;
            }
        }
        result.value = LevelNumber{1, {}};
        return result;
    }
    case LevelScale::Syslog: {
        static constexpr std::array<LevelNumber, 8> kSyslog{{{24, "emerg"},
                                                             {23, "alert"},
                                                             {22, "crit"},
                                                             {17, "err"},
                                                             {13, "warning"},
                                                             {10, "notice"},
                                                             {9, "info"},
                                                             {5, "debug"}}};
        if (value < 0 || value > 7) {
            result.error = std::to_string(value) + " is not a syslog level (0..7)";
            return result;
        }
        result.value = kSyslog[static_cast<std::size_t>(value)];
        return result;
    }
    case LevelScale::Otlp: {
        static constexpr std::array<std::string_view, 6> kNames{"TRACE", "DEBUG", "INFO",
                                                                "WARN",  "ERROR", "FATAL"};
        if (value < 1 || value > 24) {
            result.error = std::to_string(value) + " is out of range (1..24)";
            return result;
        }
        const auto index = static_cast<std::size_t>((value - 1) / 4);
        result.value = LevelNumber{static_cast<int>(value),
                                   (value - 1) % 4 == 0 ? kNames[index] : std::string_view{}};
        return result;
    }
    }
    return result;
}

} // namespace casebook
