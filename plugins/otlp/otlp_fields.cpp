#include "plugins/otlp/otlp_fields.h"

#include <array>
#include <charconv>
#include <cmath>

namespace casebook {
namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
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

enum class IntStatus { Ok, Syntax, NotIntegral, Overflow };

// Reads [-]digits[.digits][e[+-]digits] exactly as sign and magnitude. Exact decimal
// arithmetic (not a double round trip), so every int64 and uint64 value survives.
IntStatus parseIntegerMagnitude(std::string_view t, bool& negative, std::uint64_t& magnitude) {
    std::size_t i = 0;
    negative = false;
    if (i < t.size() && t[i] == '-') {
        negative = true;
        ++i;
    }
    const std::size_t intStart = i;
    while (i < t.size() && isDigit(t[i]))
        ++i;
    const std::size_t intEnd = i;
    if (intEnd == intStart)
        return IntStatus::Syntax;
    std::size_t fracStart = i, fracEnd = i;
    if (i < t.size() && t[i] == '.') {
        fracStart = ++i;
        while (i < t.size() && isDigit(t[i]))
            ++i;
        fracEnd = i;
        if (fracEnd == fracStart)
            return IntStatus::Syntax;
    }
    long exponent = 0;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        bool expNegative = false;
        if (i < t.size() && (t[i] == '+' || t[i] == '-'))
            expNegative = t[i++] == '-';
        const std::size_t expStart = i;
        while (i < t.size() && isDigit(t[i])) {
            if (exponent < 100000)
                exponent = exponent * 10 + (t[i] - '0');
            ++i;
        }
        if (i == expStart)
            return IntStatus::Syntax;
        if (expNegative)
            exponent = -exponent;
    }
    if (i != t.size())
        return IntStatus::Syntax;

    // All digits (integer then fraction part) times 10^scale.
    std::string_view intDigits = t.substr(intStart, intEnd - intStart);
    std::string_view fracDigits = t.substr(fracStart, fracEnd - fracStart);
    long scale = exponent - static_cast<long>(fracDigits.size());
    const std::size_t total = intDigits.size() + fracDigits.size();
    auto digitAt = [&](std::size_t k) {
        return k < intDigits.size() ? intDigits[k] : fracDigits[k - intDigits.size()];
    };
    std::size_t used = total;
    if (scale < 0) {
        // The dropped digits must be zeros for the value to be integral.
        const std::size_t drop = static_cast<std::size_t>(-scale);
        const std::size_t keep = drop >= total ? 0 : total - drop;
        for (std::size_t k = keep; k < total; ++k)
            if (digitAt(k) != '0')
                return IntStatus::NotIntegral;
        used = keep;
        scale = 0;
    }
    std::uint64_t value = 0;
    for (std::size_t k = 0; k < used; ++k) {
        const auto digit = static_cast<std::uint64_t>(digitAt(k) - '0');
        if (__builtin_mul_overflow(value, 10u, &value) ||
            __builtin_add_overflow(value, digit, &value))
            return IntStatus::Overflow;
    }
    if (value != 0) {
        for (long s = 0; s < scale; ++s)
            if (__builtin_mul_overflow(value, 10u, &value))
                return IntStatus::Overflow;
    }
    magnitude = value;
    return IntStatus::Ok;
}

// The common case without the general path: plain digits, at most 19 of them, which
// always fit in uint64 (every OTLP nanosecond timestamp has 19 digits).
bool parseShortDigits(std::string_view t, bool& negative, std::uint64_t& magnitude) {
    std::size_t i = 0;
    negative = !t.empty() && t[0] == '-';
    if (negative)
        i = 1;
    if (t.size() - i == 0 || t.size() - i > 19)
        return false;
    std::uint64_t value = 0;
    for (; i < t.size(); ++i) {
        if (!isDigit(t[i]))
            return false;
        value = value * 10 + static_cast<std::uint64_t>(t[i] - '0');
    }
    magnitude = value;
    return true;
}

template <typename T>
OtlpParsed<T> integerError(IntStatus status, std::string_view text, const char* typeName) {
    OtlpParsed<T> result;
    switch (status) {
    case IntStatus::Syntax:
        result.error = quoted(text) + " is not an integer";
        break;
    case IntStatus::NotIntegral:
        result.error = quoted(text) + " is not a whole number";
        break;
    case IntStatus::Overflow:
        result.error = quoted(text) + " overflows " + typeName;
        break;
    case IntStatus::Ok:
        break;
    }
    return result;
}

template <typename Id>
OtlpParsed<Id> parseId(std::string_view hex, const char* what, std::size_t digits) {
    OtlpParsed<Id> result;
    if (hex.size() != digits) {
        result.error = std::string("invalid ") + what + " length " + std::to_string(hex.size()) +
                       " (want " + std::to_string(digits) + " hex digits)";
        return result;
    }
    auto id = Id::fromHex(hex);
    if (!id) {
        result.error = std::string("invalid ") + what + " " + quoted(hex) + ": not hex";
        return result;
    }
    if (!id->isValid()) {
        result.error = std::string("invalid ") + what + ": all zeros";
        return result;
    }
    result.value = *id;
    return result;
}

struct EnumName {
    std::string_view name;
    int value;
};

template <std::size_t N>
std::optional<int> lookup(const std::array<EnumName, N>& table, std::string_view name) {
    for (const auto& entry : table)
        if (entry.name == name)
            return entry.value;
    return std::nullopt;
}

} // namespace

OtlpParsed<std::int64_t> parseOtlpInt64(std::string_view text) {
    bool negative = false;
    std::uint64_t magnitude = 0;
    if (!parseShortDigits(text, negative, magnitude)) {
        const IntStatus status = parseIntegerMagnitude(text, negative, magnitude);
        if (status != IntStatus::Ok)
            return integerError<std::int64_t>(status, text, "int64");
    }
    constexpr auto kMaxPositive = static_cast<std::uint64_t>(INT64_MAX);
    if (magnitude > kMaxPositive + (negative ? 1 : 0))
        return integerError<std::int64_t>(IntStatus::Overflow, text, "int64");
    OtlpParsed<std::int64_t> result;
    // Negating in unsigned arithmetic keeps INT64_MIN representable.
    result.value =
        negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return result;
}

OtlpParsed<std::uint64_t> parseOtlpUint64(std::string_view text) {
    bool negative = false;
    std::uint64_t magnitude = 0;
    if (!parseShortDigits(text, negative, magnitude)) {
        const IntStatus status = parseIntegerMagnitude(text, negative, magnitude);
        if (status != IntStatus::Ok)
            return integerError<std::uint64_t>(status, text, "uint64");
    }
    OtlpParsed<std::uint64_t> result;
    if (negative && magnitude != 0) {
        result.error = quoted(text) + " is negative";
        return result;
    }
    result.value = magnitude;
    return result;
}

OtlpParsed<double> parseOtlpDouble(std::string_view text) {
    OtlpParsed<double> result;
    if (text == "NaN") {
        result.value = std::nan("");
        return result;
    }
    if (text == "Infinity" || text == "-Infinity") {
        result.value = text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
        return result;
    }
    // from_chars would also take "inf" and "nan" in any case; JSON numbers start with a
    // digit or a minus sign followed by one.
    const bool numberLike =
        !text.empty() &&
        (isDigit(text[0]) || (text[0] == '-' && text.size() > 1 && isDigit(text[1])));
    double value = 0;
    const auto [end, ec] = numberLike
                               ? std::from_chars(text.data(), text.data() + text.size(), value)
                               : std::from_chars_result{text.data(), std::errc::invalid_argument};
    if (ec == std::errc::result_out_of_range) {
        result.error = quoted(text) + " overflows double";
        return result;
    }
    if (ec != std::errc() || end != text.data() + text.size()) {
        result.error = quoted(text) + " is not a number";
        return result;
    }
    result.value = value;
    return result;
}

OtlpParsed<TraceId> parseOtlpTraceId(std::string_view hex) {
    return parseId<TraceId>(hex, "trace id", 32);
}

OtlpParsed<SpanId> parseOtlpSpanId(std::string_view hex) {
    return parseId<SpanId>(hex, "span id", 16);
}

std::optional<int> otlpSpanKindFromName(std::string_view name) {
    static constexpr std::array<EnumName, 6> kNames{{{"SPAN_KIND_UNSPECIFIED", 0},
                                                     {"SPAN_KIND_INTERNAL", 1},
                                                     {"SPAN_KIND_SERVER", 2},
                                                     {"SPAN_KIND_CLIENT", 3},
                                                     {"SPAN_KIND_PRODUCER", 4},
                                                     {"SPAN_KIND_CONSUMER", 5}}};
    return lookup(kNames, name);
}

std::optional<int> otlpStatusCodeFromName(std::string_view name) {
    static constexpr std::array<EnumName, 3> kNames{
        {{"STATUS_CODE_UNSET", 0}, {"STATUS_CODE_OK", 1}, {"STATUS_CODE_ERROR", 2}}};
    return lookup(kNames, name);
}

std::optional<int> otlpSeverityNumberFromName(std::string_view name) {
    // SEVERITY_NUMBER_<LEVEL>[2-4]: six levels of four numbers each, starting at 1.
    constexpr std::string_view kPrefix = "SEVERITY_NUMBER_";
    if (name.substr(0, kPrefix.size()) != kPrefix)
        return std::nullopt;
    std::string_view rest = name.substr(kPrefix.size());
    if (rest == "UNSPECIFIED")
        return 0;
    static constexpr std::array<std::string_view, 6> kLevels{"TRACE", "DEBUG", "INFO",
                                                             "WARN",  "ERROR", "FATAL"};
    for (std::size_t level = 0; level < kLevels.size(); ++level) {
        if (rest.substr(0, kLevels[level].size()) != kLevels[level])
            continue;
        const std::string_view suffix = rest.substr(kLevels[level].size());
        const int base = static_cast<int>(level) * 4 + 1;
        if (suffix.empty())
            return base;
        if (suffix.size() == 1 && suffix[0] >= '2' && suffix[0] <= '4')
            return base + (suffix[0] - '1');
    }
    return std::nullopt;
}

std::optional<int> otlpTemporalityFromName(std::string_view name) {
    static constexpr std::array<EnumName, 3> kNames{{{"AGGREGATION_TEMPORALITY_UNSPECIFIED", 0},
                                                     {"AGGREGATION_TEMPORALITY_DELTA", 1},
                                                     {"AGGREGATION_TEMPORALITY_CUMULATIVE", 2}}};
    return lookup(kNames, name);
}

void appendJsonDouble(std::string& out, double value) {
    if (std::isnan(value)) {
        out.append("\"NaN\"");
        return;
    }
    if (std::isinf(value)) {
        out.append(value < 0 ? "\"-Infinity\"" : "\"Infinity\"");
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendJsonInt(std::string& out, std::int64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendJsonUint(std::string& out, std::uint64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

} // namespace casebook
