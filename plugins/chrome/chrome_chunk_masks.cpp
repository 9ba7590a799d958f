#include "plugins/chrome/chrome_chunk_masks.h"

#include "core/util/json_structure.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CASEBOOK_CHROME_AVX2 1
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

#if defined(CASEBOOK_CHROME_AVX2)
// The same for `whole` blocks, 32 bytes to an instruction, where the processor has AVX2
// (the build targets plain x86-64, so it is chosen at run time).
__attribute__((target("avx2"))) std::uint64_t bitsAvx2(__m256i x) {
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(x));
}

__attribute__((target("avx2"))) void masksAvx2(const char* data, std::size_t whole,
                                               std::uint64_t* quote, std::uint64_t* unusual,
                                               std::uint64_t* control) {
    const __m256i quoteByte = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
    const __m256i space = _mm256_set1_epi8(0x20);
    const auto bits = bitsAvx2;
    for (std::size_t w = 0; w < whole; ++w) {
        const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + 64 * w));
        const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + 64 * w + 32));
        quote[w] = bits(_mm256_cmpeq_epi8(lo, quoteByte)) | bits(_mm256_cmpeq_epi8(hi, quoteByte))
                                                                << 32;
        unusual[w] = bits(_mm256_or_si256(_mm256_cmpeq_epi8(lo, backslash), lo)) |
                     bits(_mm256_or_si256(_mm256_cmpeq_epi8(hi, backslash), hi)) << 32;
        control[w] = bits(_mm256_cmpgt_epi8(space, lo)) | bits(_mm256_cmpgt_epi8(space, hi)) << 32;
    }
}

bool haveAvx2() {
    static const bool have = __builtin_cpu_supports("avx2");
    return have;
}
#endif

} // namespace

void ChromeChunkMasks::compute(const char* data, std::size_t size) {
    data_ = data;
    size_ = size;
    const std::size_t words = (size + 63) / 64;
    quote_.resize(words);
    unusual_.resize(words);
    control_.resize(words);
    const std::size_t whole = size / 64;
#if defined(CASEBOOK_CHROME_AVX2)
    if (haveAvx2()) {
        masksAvx2(data, whole, quote_.data(), unusual_.data(), control_.data());
    } else
#endif
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
    // Control bytes are rare (an event written over several lines has some between its
    // members): only then do strings need to be told apart.
    std::uint64_t unusual = 0, control = 0;
    for (std::size_t w = begin / 64; 64 * w < end; ++w) {
        const std::uint64_t range = rangeBits(w, begin, end);
        unusual |= unusual_[w] & range;
        control |= control_[w] & range;
    }
    if (unusual != 0)
        return false;
    if (control == 0)
        return true;
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
