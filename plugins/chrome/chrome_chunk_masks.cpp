#include "plugins/chrome/chrome_chunk_masks.h"

#include "core/util/json_structure.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace casebook {
namespace {

struct ByteMasks {
    std::uint64_t quote = 0;
    std::uint64_t unusual = 0; // backslashes and bytes above 0x7F
    std::uint64_t control = 0; // bytes below 0x20 (and above 0x7F, which are unusual anyway)
};

// One bit per byte of a 64-byte block.
ByteMasks masksOf(const char* block) {
    ByteMasks m;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * k));
        const auto bits = [](__m128i x) {
            return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(x)));
        };
        m.quote |= bits(_mm_cmpeq_epi8(v, quote)) << (16 * k);
        // A byte above 0x7F has its top bit set already.
        m.unusual |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, backslash), v)) << (16 * k);
        // Signed: bytes above 0x7F count too, but then `unusual` is set anyway.
        m.control |= bits(_mm_cmplt_epi8(v, space)) << (16 * k);
    }
#else
    for (int i = 0; i < 64; ++i) {
        const auto c = static_cast<unsigned char>(block[i]);
        const std::uint64_t bit = std::uint64_t{1} << i;
        m.quote |= c == '"' ? bit : 0;
        m.unusual |= c == '\\' || c >= 0x80 ? bit : 0;
        m.control |= c < 0x20 ? bit : 0;
    }
#endif
    return m;
}

// Bits from `begin` on in the word at `w`, up to `end`.
std::uint64_t rangeBits(std::size_t w, std::size_t begin, std::size_t end) {
    std::uint64_t bits = ~std::uint64_t{0};
    if (begin > 64 * w)
        bits <<= begin - 64 * w;
    if (end < 64 * (w + 1))
        bits &= (std::uint64_t{1} << (end - 64 * w)) - 1;
    return bits;
}

} // namespace

void ChromeChunkMasks::compute(const char* data, std::size_t size) {
    data_ = data;
    size_ = size;
    const std::size_t words = (size + 63) / 64;
    quote_.resize(words);
    unusual_.resize(words);
    control_.resize(words);
    const std::size_t whole = size / 64;
    for (std::size_t w = 0; w < whole; ++w) {
        const ByteMasks m = masksOf(data + 64 * w);
        quote_[w] = m.quote;
        unusual_[w] = m.unusual;
        control_[w] = m.control;
    }
    if (whole < words) {
        const std::size_t bytes = size - 64 * whole;
        char block[64] = {};
        std::memcpy(block, data + 64 * whole, bytes);
        const ByteMasks m = masksOf(block);
        const std::uint64_t valid = (std::uint64_t{1} << bytes) - 1;
        quote_[whole] = m.quote & valid;
        unusual_[whole] = m.unusual & valid;
        control_[whole] = m.control & valid;
    }
}

bool ChromeChunkMasks::plain(std::size_t begin, std::size_t end) const {
    std::uint64_t carry = 0; // all ones when a word starts inside a string
    for (std::size_t w = begin / 64; 64 * w < end; ++w) {
        const std::uint64_t range = rangeBits(w, begin, end);
        if ((unusual_[w] & range) != 0)
            return false;
        const std::uint64_t inside = prefixXor(quote_[w] & range) ^ carry;
        if ((control_[w] & inside & range) != 0)
            return false;
        carry = static_cast<std::uint64_t>(0) - (inside >> 63);
    }
    return true;
}

} // namespace casebook
