#include "plugins/zipkin/zipkin_fields.h"

#include "core/util/json_text.h"

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <limits>

namespace casebook {
namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// Hex digit values, 0xFF for bytes that are not hex digits.
constexpr std::array<std::uint8_t, 256> kHexValue = [] {
    std::array<std::uint8_t, 256> table{};
    table.fill(0xFF);
    for (int c = '0'; c <= '9'; ++c)
        table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c)
        table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; ++c)
        table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - 'A' + 10);
    return table;
}();

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

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsNoCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != b[i])
            return false;
    return true;
}

// Left-pads `hex` to `digits` and decodes it into `bytes`. False with `error` set when it
// is empty, too long, not hex or all zeros.
template <std::size_t N>
bool decodePaddedHex(std::string_view hex, const char* what, std::array<std::uint8_t, N>& bytes,
                     std::string& error) {
    constexpr std::size_t digits = 2 * N;
    if (hex.empty()) {
        error = std::string("missing ") + what;
        return false;
    }
    if (hex.size() > digits) {
        error = std::string("invalid ") + what + " length " + std::to_string(hex.size()) +
                " (want at most " + std::to_string(digits) + " hex digits)";
        return false;
    }
    // Read right to left in pairs, so the left padding is implicit.
    std::uint8_t invalid = 0, any = 0;
    std::size_t k = hex.size();
    for (std::size_t byte = N; byte-- > 0;) {
        std::uint8_t low = 0, high = 0;
        if (k > 0)
            low = kHexValue[static_cast<unsigned char>(hex[--k])];
        if (k > 0)
            high = kHexValue[static_cast<unsigned char>(hex[--k])];
        invalid |= static_cast<std::uint8_t>((low | high) & 0xF0);
        bytes[byte] = static_cast<std::uint8_t>(high << 4 | (low & 0x0F));
        any |= bytes[byte];
    }
    if (invalid) {
        error = std::string("invalid ") + what + " " + quoted(hex) + ": not hex";
        return false;
    }
    if (!any) {
        error = std::string("invalid ") + what + ": all zeros";
        return false;
    }
    return true;
}

enum class IntStatus { Ok, Syntax, NotIntegral, Overflow };

// [-]digits[.digits][e[+-]digits] read exactly as sign and magnitude (no double round
// trip, so every int64 survives). Integral fractions and exponents are accepted.
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
    const std::string_view intDigits = t.substr(intStart, intEnd - intStart);
    const std::string_view fracDigits = t.substr(fracStart, fracEnd - fracStart);
    long scale = exponent - static_cast<long>(fracDigits.size());
    const std::size_t total = intDigits.size() + fracDigits.size();
    auto digitAt = [&](std::size_t k) {
        return k < intDigits.size() ? intDigits[k] : fracDigits[k - intDigits.size()];
    };
    std::size_t used = total;
    if (scale < 0) {
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

void appendCanonicalDouble(std::string& out, double value) {
    if (std::isnan(value)) {
        out.append("\"NaN\"");
        return;
    }
    if (std::isinf(value)) {
        out.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

// A JSON number token or string contents as a double; the protobuf spellings of the
// non-finite values are accepted in strings only.
std::optional<double> parseDouble(std::string_view text, bool allowNonFinite) {
    if (allowNonFinite) {
        if (text == "NaN")
            return std::numeric_limits<double>::quiet_NaN();
        if (text == "Infinity")
            return std::numeric_limits<double>::infinity();
        if (text == "-Infinity")
            return -std::numeric_limits<double>::infinity();
    }
    // from_chars also reads "inf", "nan" and hex floats; JSON numbers start with a digit
    // or '-' followed by a digit.
    const std::size_t first = !text.empty() && text[0] == '-' ? 1 : 0;
    if (first >= text.size() || !isDigit(text[first]))
        return std::nullopt;
    double value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size() ||
        !std::isfinite(value))
        return std::nullopt;
    return value;
}

} // namespace

std::optional<TraceId> parseZipkinTraceId(std::string_view hex, std::string& error) {
    TraceId id;
    if (!decodePaddedHex(hex, "trace id", id.bytes, error))
        return std::nullopt;
    return id;
}

std::optional<SpanId> parseZipkinSpanId(std::string_view hex, std::string& error) {
    SpanId id;
    if (!decodePaddedHex(hex, "span id", id.bytes, error))
        return std::nullopt;
    return id;
}

std::optional<std::int64_t> parseZipkinInt64(std::string_view text, std::string& error) {
    // The common case first: up to 18 plain digits always fit.
    if (!text.empty() && text.size() <= 18 && text[0] != '-') {
        std::int64_t value = 0;
        bool plain = true;
        for (char c : text) {
            if (!isDigit(c)) {
                plain = false;
                break;
            }
            value = value * 10 + (c - '0');
        }
        if (plain)
            return value;
    }
    bool negative = false;
    std::uint64_t magnitude = 0;
    switch (parseIntegerMagnitude(text, negative, magnitude)) {
    case IntStatus::Syntax:
        error = quoted(text) + " is not an integer";
        return std::nullopt;
    case IntStatus::NotIntegral:
        error = quoted(text) + " is not a whole number";
        return std::nullopt;
    case IntStatus::Overflow:
        error = quoted(text) + " overflows int64";
        return std::nullopt;
    case IntStatus::Ok:
        break;
    }
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (negative) {
        if (magnitude > kMax + 1) {
            error = quoted(text) + " overflows int64";
            return std::nullopt;
        }
        return magnitude == kMax + 1 ? std::numeric_limits<std::int64_t>::min()
                                     : -static_cast<std::int64_t>(magnitude);
    }
    if (magnitude > kMax) {
        error = quoted(text) + " overflows int64";
        return std::nullopt;
    }
    return static_cast<std::int64_t>(magnitude);
}

std::optional<std::int64_t> zipkinMicrosToNanos(std::string_view text, std::string& error) {
    const auto micros = parseZipkinInt64(text, error);
    if (!micros)
        return std::nullopt;
    if (*micros < 0) {
        error = quoted(text) + " is negative";
        return std::nullopt;
    }
    constexpr std::int64_t kMaxMicros = std::numeric_limits<std::int64_t>::max() / 1000;
    if (*micros > kMaxMicros) {
        error = quoted(text) + " microseconds is beyond the int64 nanosecond range (year 2262)";
        return std::nullopt;
    }
    return *micros * 1000;
}

bool appendZipkinTagValue(std::string& out, ZipkinValueKind kind, std::string_view text,
                          std::string& error) {
    switch (kind) {
    case ZipkinValueKind::Null:
        out.append("null");
        return true;
    case ZipkinValueKind::String:
        appendJsonString(out, text);
        return true;
    case ZipkinValueKind::Bool:
        out.append(text == "true" ? "true" : "false");
        return true;
    case ZipkinValueKind::Number: {
        std::string ignored;
        if (const auto integer = parseZipkinInt64(text, ignored)) {
            out.append(std::to_string(*integer));
            return true;
        }
        if (const auto number = parseDouble(text, false)) {
            appendCanonicalDouble(out, *number);
            return true;
        }
        error = quoted(text) + " is not a representable number";
        return false;
    }
    }
    return true;
}

std::optional<SpanKind> zipkinSpanKind(std::string_view word) {
    if (equalsNoCase(word, "client"))
        return SpanKind::Client;
    if (equalsNoCase(word, "server"))
        return SpanKind::Server;
    if (equalsNoCase(word, "producer"))
        return SpanKind::Producer;
    if (equalsNoCase(word, "consumer"))
        return SpanKind::Consumer;
    return std::nullopt;
}

SpanId zipkinServerHalfId(const SpanId& shared, const ZipkinEndpointKey& local) {
    std::uint64_t hash = 14695981039346656037ull; // FNV-1a 64
    auto mix = [&](unsigned char byte) {
        hash ^= byte;
        hash *= 1099511628211ull;
    };
    for (auto byte : shared.bytes)
        mix(byte);
    for (std::string_view part : {local.service, local.ipv4, local.ipv6, local.port}) {
        mix(0xFF); // not a byte of UTF-8 text: separates the parts
        for (char c : part)
            mix(static_cast<unsigned char>(c));
    }
    SpanId id;
    for (std::size_t i = 0; i < id.bytes.size(); ++i)
        id.bytes[i] = static_cast<std::uint8_t>(hash >> (8 * (7 - i)));
    if (!id.isValid() || id == shared)
        id.bytes[7] ^= 0x5A;
    return id;
}

std::string zipkinRepairUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        if (b0 < 0x80) {
            out.push_back(text[i++]);
            continue;
        }
        std::size_t len = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF)
            len = 2;
        else if (b0 >= 0xE0 && b0 <= 0xEF)
            len = 3;
        else if (b0 >= 0xF0 && b0 <= 0xF4)
            len = 4;
        bool valid = len != 0 && i + len <= text.size();
        for (std::size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (valid) {
            const auto b1 = static_cast<unsigned char>(text[i + 1]);
            valid = !((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 > 0x9F) ||
                      (b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 > 0x8F));
        }
        if (valid) {
            out.append(text.substr(i, len));
            i += len;
        } else {
            out.append("\xEF\xBF\xBD");
            ++i;
        }
    }
    return out;
}

} // namespace casebook
