#pragma once
// Bit masks over a buffer of JSON text, one bit per byte, 64 bytes to a word: where its
// quotes are, its "unusual" bytes (backslashes, whose escapes need decoding, and bytes
// above 0x7F, whose UTF-8 needs checking) and its control bytes. Computed once for each
// chunk of a file read, they let the plain-event reader find the end of every string
// without a byte loop and say whether an event is plain, without looking at its bytes
// again.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace casebook {

class ChromeChunkMasks {
public:
    void compute(const char* data, std::size_t size);

    const char* data() const { return data_; }
    // A bit for each quote, 64 bytes to a word.
    const std::uint64_t* quoteWords() const { return quote_.data(); }
    std::size_t words() const { return quote_.size(); }
    std::size_t size() const { return size_; }
    // The position of the first quote at or after `from`, or size() when there is none.
    std::size_t nextQuote(std::size_t from) const {
        std::size_t w = from / 64;
        if (w >= quote_.size())
            return size_;
        std::uint64_t bits = quote_[w] & (~std::uint64_t{0} << (from % 64));
        while (bits == 0) {
            if (++w == quote_.size())
                return size_;
            bits = quote_[w];
        }
        return 64 * w + static_cast<std::size_t>(__builtin_ctzll(bits));
    }
    // True when [begin, end) holds no unusual byte and, taking `begin` to be outside any
    // string, no control byte inside a string.
    bool plain(std::size_t begin, std::size_t end) const;

private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
    std::vector<std::uint64_t> quote_, unusual_, control_;
};

} // namespace casebook
