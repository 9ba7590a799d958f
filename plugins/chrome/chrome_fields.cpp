#include "plugins/chrome/chrome_fields.h"

#include "core/util/json_text.h"

#include <bit>
#include <charconv>
#include <cstring>
#include <limits>

namespace casebook {
namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

std::string quoted(std::string_view text) {
    constexpr std::size_t kMax = 40;
    std::string out = "\"";
    out.append(text.substr(0, kMax));
    if (text.size() > kMax)
        out.append("...");
    out.push_back('"');
    return out;
}

// FNV-1a over the bytes, then the splitmix64 finaliser so that nearby inputs spread.
std::uint64_t hashBytes(std::uint64_t seed, std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void putBigEndian(std::uint8_t* out, std::uint64_t value) {
    if constexpr (std::endian::native == std::endian::little)
        value = __builtin_bswap64(value);
    std::memcpy(out, &value, sizeof value);
}

} // namespace

std::optional<std::int64_t> chromeWholeMicrosToNs(std::string_view t) {
    // At most 16 digits, and times 1000 within int64.
    if (t.empty() || t.size() > kChromeMaxWholeMicrosDigits)
        return std::nullopt;
    std::uint64_t value = 0;
    for (char c : t) {
        if (!isDigit(c))
            return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > kChromeMaxWholeMicros)
        return std::nullopt;
    return static_cast<std::int64_t>(value) * 1000;
}

ChromeParsed<std::int64_t> chromeMicrosToNs(std::string_view t) {
    ChromeParsed<std::int64_t> result;
    if ((result.value = chromeWholeMicrosToNs(t)))
        return result;
    auto bad = [&] {
        result.error = quoted(t) + " is not a number";
        return result;
    };
    std::size_t i = 0;
    const bool negative = i < t.size() && t[i] == '-';
    if (negative)
        ++i;
    const std::size_t intStart = i;
    while (i < t.size() && isDigit(t[i]))
        ++i;
    if (i == intStart)
        return bad();
    const std::string_view intDigits = t.substr(intStart, i - intStart);
    std::string_view fracDigits;
    if (i < t.size() && t[i] == '.') {
        const std::size_t fracStart = ++i;
        while (i < t.size() && isDigit(t[i]))
            ++i;
        if (i == fracStart)
            return bad();
        fracDigits = t.substr(fracStart, i - fracStart);
    }
    long exponent = 0;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        bool negativeExponent = false;
        if (i < t.size() && (t[i] == '+' || t[i] == '-'))
            negativeExponent = t[i++] == '-';
        const std::size_t expStart = i;
        while (i < t.size() && isDigit(t[i])) {
            if (exponent < 100000)
                exponent = exponent * 10 + (t[i] - '0');
            ++i;
        }
        if (i == expStart)
            return bad();
        if (negativeExponent)
            exponent = -exponent;
    }
    if (i != t.size())
        return bad();
    // value = digits * 10^(exponent - fraction digits) microseconds; times 1000 for ns.
    long scale = exponent - static_cast<long>(fracDigits.size()) + 3;
    const std::size_t total = intDigits.size() + fracDigits.size();
    auto digitAt = [&](std::size_t k) {
        return k < intDigits.size() ? intDigits[k] : fracDigits[k - intDigits.size()];
    };
    std::size_t used = total;
    if (scale < 0) {
        const auto drop = static_cast<std::size_t>(-scale);
        used = drop >= total ? 0 : total - drop;
        scale = 0;
    }
    std::uint64_t value = 0;
    auto overflow = [&] {
        result.error = quoted(t) + " microseconds is beyond the int64 nanosecond range";
        return result;
    };
    for (std::size_t k = 0; k < used; ++k) {
        const auto digit = static_cast<std::uint64_t>(digitAt(k) - '0');
        if (__builtin_mul_overflow(value, 10u, &value) ||
            __builtin_add_overflow(value, digit, &value))
            return overflow();
    }
    for (long k = 0; k < scale && value != 0; ++k)
        if (__builtin_mul_overflow(value, 10u, &value))
            return overflow();
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (value > kMax)
        return overflow();
    result.value = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
    return result;
}

ChromePhase chromePhase(std::string_view ph) {
    if (ph.size() != 1)
        return ChromePhase::Unknown;
    switch (ph[0]) {
    case 'X':
        return ChromePhase::Complete;
    case 'B':
        return ChromePhase::Begin;
    case 'E':
        return ChromePhase::End;
    case 'i':
    case 'I':
        return ChromePhase::Instant;
    case 'C':
        return ChromePhase::Counter;
    case 'M':
        return ChromePhase::Metadata;
    case 'b':
    case 'e':
    case 'n':
    case 'S':
    case 'T':
    case 'p':
    case 'F':
    case 's':
    case 't':
    case 'f':
    case 'P':
    case 'N':
    case 'O':
    case 'D':
    case 'v':
    case 'V':
    case 'R':
    case 'c':
    case '(':
    case ')':
    case '=':
        return ChromePhase::Skipped;
    default:
        return ChromePhase::Unknown;
    }
}

ChromeFileKey chromeFileKey(std::string_view displayPath, std::uint64_t fileSize,
                            std::string_view head) {
    std::uint64_t high = hashBytes(0x43484f4d45ULL, displayPath);
    std::uint64_t low = hashBytes(0x7472616365ULL, displayPath);
    high = mix(high ^ fileSize);
    low = mix(low + fileSize);
    high = mix(high ^ hashBytes(1, head));
    low = mix(low ^ hashBytes(2, head));
    return {high, low};
}

TraceId chromeTraceId(const ChromeFileKey& file, std::string_view pid) {
    TraceId id;
    putBigEndian(id.bytes.data(), mix(file.high ^ hashBytes(3, pid)));
    putBigEndian(id.bytes.data() + 8, mix(file.low ^ hashBytes(4, pid)));
    if (!id.isValid())
        id.bytes[15] = 1;
    return id;
}

SpanId chromeSpanId(const TraceId& trace, std::uint64_t spanOrdinal) {
    return chromeSpanIdFromSeed(chromeSpanSeed(trace), spanOrdinal);
}

std::uint64_t chromeSpanSeed(const TraceId& trace) {
    std::uint64_t seed = 0;
    for (std::size_t i = 0; i < 8; ++i)
        seed = (seed << 8) | trace.bytes[i];
    for (std::size_t i = 8; i < 16; ++i)
        seed ^= static_cast<std::uint64_t>(trace.bytes[i]) << (8 * (i - 8));
    return seed;
}

SpanId chromeSpanIdFromSeed(std::uint64_t seed, std::uint64_t spanOrdinal) {
    SpanId id;
    std::uint64_t value = mix(seed ^ mix(spanOrdinal));
    if (value == 0)
        value = 1;
    putBigEndian(id.bytes.data(), value);
    return id;
}

std::optional<double> chromeSeriesValue(std::string_view text) {
    double number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc() && end == text.data() + text.size() && !text.empty())
        return number;
    return std::nullopt;
}

bool chromeIsJsonNumber(std::string_view t) {
    std::size_t i = 0;
    auto digits = [&] {
        const std::size_t start = i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9')
            ++i;
        return i - start;
    };
    if (i < t.size() && t[i] == '-')
        ++i;
    const std::size_t intStart = i;
    const std::size_t intDigits = digits();
    if (intDigits == 0 || (intDigits > 1 && t[intStart] == '0'))
        return false;
    if (i < t.size() && t[i] == '.') {
        ++i;
        if (digits() == 0)
            return false;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-'))
            ++i;
        if (digits() == 0)
            return false;
    }
    return i == t.size();
}

void appendJsonText(std::string& out, std::string_view text) {
    // Eight bytes at a time: a byte below 0x20 or above 0x7F, a quote or a backslash
    // sets its top bit in `flags` (exact for "any byte", the word tricks of haszero).
    constexpr std::uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    std::size_t i = 0;
    bool plain = true;
    for (; plain && i + 8 <= text.size(); i += 8) {
        std::uint64_t v;
        std::memcpy(&v, text.data() + i, 8);
        const std::uint64_t quote = v ^ (ones * '"'), backslash = v ^ (ones * '\\');
        const std::uint64_t flags = v | ((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) |
                                    ((backslash - ones) & ~backslash);
        plain = (flags & high) == 0;
    }
    for (; plain && i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        plain = !(c < 0x20 || c >= 0x80 || c == '"' || c == '\\');
    }
    if (!plain) {
        appendJsonString(out, text);
        return;
    }
    // One resize and copy rather than three appends.
    const std::size_t at = out.size();
    out.resize(at + text.size() + 2);
    char* p = out.data() + at;
    p[0] = '"';
    std::memcpy(p + 1, text.data(), text.size());
    p[text.size() + 1] = '"';
}

} // namespace casebook
