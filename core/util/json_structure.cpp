#include "core/util/json_structure.h"

#include <array>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace casebook {
namespace {

// Deeper nesting than any trace has; stops a hostile file from growing the stack of
// expected closers without bound.
constexpr std::size_t kMaxNesting = 1024;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Byte classes for the scanner's inner loops, which skip everything else unexamined.
template <typename Predicate> constexpr std::array<bool, 256> byteTable(Predicate isStop) {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[static_cast<std::size_t>(c)] = isStop(static_cast<char>(c));
    return table;
}
constexpr auto kStringStop = byteTable([](char c) { return c == '"' || c == '\\'; });
constexpr auto kStructural =
    byteTable([](char c) { return c == '"' || c == '{' || c == '}' || c == '[' || c == ']'; });
constexpr auto kScalarEnd = byteTable([](char c) {
    return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
});

inline bool in(const std::array<bool, 256>& table, char c) {
    return table[static_cast<unsigned char>(c)];
}

// Bit i set where byte i of a 64-byte block is a quote, a backslash, an opening or a
// closing bracket.
struct BlockMasks {
    std::uint64_t quote = 0, backslash = 0, open = 0, close = 0;
};

BlockMasks classify64(const char* p) {
    BlockMasks m;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i lower = _mm_set1_epi8(0x20); // '[' | 0x20 is '{', ']' | 0x20 is '}'
    const __m128i open = _mm_set1_epi8('{');
    const __m128i close = _mm_set1_epi8('}');
    const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
    const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32));
    const __m128i v3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48));
    // Four 16-bit masks into one 64-bit mask.
    auto join = [](__m128i a, __m128i b, __m128i c, __m128i d) {
        auto bits = [](__m128i eq) {
            return static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(eq)));
        };
        return bits(a) | bits(b) << 16 | bits(c) << 32 | bits(d) << 48;
    };
    m.quote = join(_mm_cmpeq_epi8(v0, quote), _mm_cmpeq_epi8(v1, quote), _mm_cmpeq_epi8(v2, quote),
                   _mm_cmpeq_epi8(v3, quote));
    m.backslash = join(_mm_cmpeq_epi8(v0, backslash), _mm_cmpeq_epi8(v1, backslash),
                       _mm_cmpeq_epi8(v2, backslash), _mm_cmpeq_epi8(v3, backslash));
    const __m128i f0 = _mm_or_si128(v0, lower), f1 = _mm_or_si128(v1, lower),
                  f2 = _mm_or_si128(v2, lower), f3 = _mm_or_si128(v3, lower);
    m.open = join(_mm_cmpeq_epi8(f0, open), _mm_cmpeq_epi8(f1, open), _mm_cmpeq_epi8(f2, open),
                  _mm_cmpeq_epi8(f3, open));
    m.close = join(_mm_cmpeq_epi8(f0, close), _mm_cmpeq_epi8(f1, close), _mm_cmpeq_epi8(f2, close),
                   _mm_cmpeq_epi8(f3, close));
#else
    for (int k = 0; k < 64; ++k) {
        const std::uint64_t bit = std::uint64_t{1} << k;
        switch (p[k]) {
        case '"':
            m.quote |= bit;
            break;
        case '\\':
            m.backslash |= bit;
            break;
        case '{':
        case '[':
            m.open |= bit;
            break;
        case '}':
        case ']':
            m.close |= bit;
            break;
        default:
            break;
        }
    }
#endif
    return m;
}

// The bytes escaped by a backslash: those that end an odd-length run of backslashes
// (simdjson's find_odd_backslash_sequences). `prevEndsOdd` carries a run across blocks.
std::uint64_t escapedBytes(std::uint64_t backslash, std::uint64_t& prevEndsOdd) {
    constexpr std::uint64_t evenBits = 0x5555555555555555ULL;
    constexpr std::uint64_t oddBits = ~evenBits;
    const std::uint64_t startEdges = backslash & ~(backslash << 1);
    const std::uint64_t evenStartMask = evenBits ^ prevEndsOdd;
    const std::uint64_t evenStarts = startEdges & evenStartMask;
    const std::uint64_t oddStarts = startEdges & ~evenStartMask;
    const std::uint64_t evenCarries = backslash + evenStarts;
    std::uint64_t oddCarries = 0;
    const bool endsOdd = __builtin_add_overflow(backslash, oddStarts, &oddCarries);
    oddCarries |= prevEndsOdd;
    prevEndsOdd = endsOdd ? 1 : 0;
    const std::uint64_t evenCarryEnds = evenCarries & ~backslash;
    const std::uint64_t oddCarryEnds = oddCarries & ~backslash;
    return (evenCarryEnds & oddBits) | (oddCarryEnds & evenBits);
}

} // namespace

bool jsonIsSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

std::string jsonDescribeByte(char c) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F)
        return "byte " + std::to_string(static_cast<unsigned char>(c));
    return std::string("'") + c + "'";
}

const char* jsonKindAt(char c) {
    switch (c) {
    case '{':
        return "object";
    case '[':
        return "array";
    case '"':
        return "string";
    case 't':
    case 'f':
        return "boolean";
    case 'n':
        return "null";
    default:
        return "number";
    }
}

bool JsonValueScanner::start(char c) {
    closers_.clear();
    inString_ = escape_ = scalar_ = done_ = false;
    error_.clear();
    switch (c) {
    case '{':
        closers_.push_back('}');
        break;
    case '[':
        closers_.push_back(']');
        break;
    case '"':
        inString_ = true;
        break;
    case ',':
    case ':':
    case ']':
    case '}':
        error_ = "expected a value, found " + jsonDescribeByte(c);
        return false;
    default:
        if (jsonIsSpace(c)) {
            error_ = "expected a value";
            return false;
        }
        scalar_ = true;
    }
    return true;
}

std::size_t JsonValueScanner::scanBlocks(const char* data, std::size_t i, std::size_t size) {
    std::uint64_t prevEndsOdd = escape_ ? 1 : 0;
    std::uint64_t prevInString = inString_ ? ~std::uint64_t{0} : 0;
    for (; i + 64 <= size; i += 64) {
        const char* p = data + i;
        const BlockMasks m = classify64(p);
        const std::uint64_t quotes = m.quote & ~escapedBytes(m.backslash, prevEndsOdd);
        const std::uint64_t inString = prefixXor(quotes) ^ prevInString;
        prevInString = static_cast<std::uint64_t>(static_cast<std::int64_t>(inString) >> 63);
        std::uint64_t brackets = (m.open | m.close) & ~inString;
        while (brackets) {
            const int b = __builtin_ctzll(brackets);
            brackets &= brackets - 1;
            const char c = p[b];
            if (c == '{' || c == '[') {
                if (closers_.size() >= kMaxNesting) {
                    error_ = "nested more than " + std::to_string(kMaxNesting) + " levels";
                    return i + static_cast<std::size_t>(b);
                }
                closers_.push_back(c == '{' ? '}' : ']');
                continue;
            }
            if (closers_.back() != c) {
                error_ = "expected '" + std::string(1, closers_.back()) + "', found " +
                         jsonDescribeByte(c);
                return i + static_cast<std::size_t>(b);
            }
            closers_.pop_back();
            if (closers_.empty()) {
                done_ = true;
                return i + static_cast<std::size_t>(b) + 1;
            }
        }
    }
    escape_ = prevEndsOdd != 0;
    inString_ = prevInString != 0;
    return i;
}

std::size_t JsonValueScanner::scan(const char* data, std::size_t from, std::size_t size) {
    std::size_t i = from;
    while (i < size && !done_ && error_.empty()) {
        if (!scalar_ && !closers_.empty() && size - i >= 64) {
            i = scanBlocks(data, i, size);
            continue;
        }
        if (inString_) {
            if (escape_) {
                escape_ = false;
                ++i;
                continue;
            }
            while (i < size && !in(kStringStop, data[i]))
                ++i;
            if (i == size)
                return i;
            if (data[i] == '\\') {
                escape_ = true;
                ++i;
                continue;
            }
            inString_ = false;
            ++i;
            if (closers_.empty()) {
                done_ = true; // the value was a string
                return i;
            }
            continue;
        }
        if (scalar_) {
            while (i < size && !in(kScalarEnd, data[i]))
                ++i;
            if (i < size)
                done_ = true;
            return i;
        }
        while (i < size && !in(kStructural, data[i]))
            ++i;
        if (i == size)
            return i;
        const char c = data[i];
        if (c == '"') {
            inString_ = true;
        } else if (c == '{' || c == '[') {
            if (closers_.size() >= kMaxNesting) {
                error_ = "nested more than " + std::to_string(kMaxNesting) + " levels";
                return i;
            }
            closers_.push_back(c == '{' ? '}' : ']');
        } else {
            if (closers_.back() != c) {
                error_ = "expected '" + std::string(1, closers_.back()) + "', found " +
                         jsonDescribeByte(c);
                return i;
            }
            closers_.pop_back();
            if (closers_.empty()) {
                done_ = true;
                return i + 1;
            }
        }
        ++i;
    }
    return i;
}

bool JsonWalk::valueEnd(std::string_view text, std::size_t from, std::size_t& end,
                        JsonStructureError& error) {
    if (from >= text.size())
        return fail(error, from, "expected a value, found the end");
    JsonValueScanner scanner;
    if (!scanner.start(text[from]))
        return fail(error, from, scanner.error());
    const std::size_t stop = scanner.scan(text.data(), from + 1, text.size());
    if (scanner.failed())
        return fail(error, stop, scanner.error());
    if (!scanner.done() && !scanner.scalarPending())
        return fail(error, text.size(), "unexpected end inside a value");
    end = stop;
    return true;
}

JsonHeadReader::JsonHeadReader(std::string_view head) : head_(head) {
    if (head_.substr(0, kBom.size()) == kBom)
        i_ = kBom.size();
}

char JsonHeadReader::peek() {
    while (i_ < head_.size() && jsonIsSpace(head_[i_]))
        ++i_;
    return i_ < head_.size() ? head_[i_] : '\0';
}

bool JsonHeadReader::readString(std::string& out) {
    if (peek() != '"')
        return false;
    for (++i_; i_ < head_.size(); ++i_) {
        const char c = head_[i_];
        if (c == '\\') {
            ++i_;
            if (i_ < head_.size())
                out.push_back(head_[i_]);
            continue;
        }
        if (c == '"') {
            ++i_;
            return true;
        }
        out.push_back(c);
    }
    return false;
}

bool JsonHeadReader::enterArray() {
    if (peek() != '[')
        return false;
    ++i_;
    const char c = peek();
    if (c == ']')
        ++i_; // an empty array is consumed whole
    return c != ']' && c != '\0';
}

bool JsonHeadReader::skipValue() {
    const char c = peek();
    if (c == '\0')
        return false;
    JsonValueScanner scanner;
    if (!scanner.start(c))
        return false;
    i_ = scanner.scan(head_.data(), i_ + 1, head_.size());
    return scanner.done();
}

} // namespace casebook
