#pragma once
// Reading the digits of JSON numbers on the hot path: a byte at a time where few are
// left, else eight at a time (times in microseconds since the epoch have 16 digits).

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace casebook::chrome_digits {

inline bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// A byte that may continue a number after its integer digits.
inline bool continuesNumber(char c) {
    return c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

inline constexpr std::uint64_t kPowersOf10[9] = {1,      10,      100,      1000,     10000,
                                                 100000, 1000000, 10000000, 100000000};

// The value of up to eight digits, held one a byte (the first in the lowest byte) with
// zero bytes before them: the SWAR reduction simdjson's number parser uses.
inline std::uint64_t eightDigits(std::uint64_t digits) {
    digits = (digits * 10) + (digits >> 8);
    return (((digits & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
            (((digits >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
           32;
}

// Reads the digits at q, eight at a time where eight bytes are left: their value
// (meaningful for up to 19 digits) and how many there were.
inline std::uint64_t readDigits(const char*& q, const char* end, std::size_t& count) {
    constexpr std::uint64_t zeros = 0x3030303030303030ULL, high = 0x8080808080808080ULL;
    std::uint64_t value = 0;
    count = 0;
    while (end - q >= 8) {
        std::uint64_t bytes;
        std::memcpy(&bytes, q, 8);
        const std::uint64_t digits = bytes ^ zeros; // 0..9 in the bytes that are digits
        // The top bit of each byte that is not a digit, exact up to the first of them
        // (a carry comes only out of a byte that is not a digit).
        const std::uint64_t others = ((digits + 0x7676767676767676ULL) | digits) & high;
        const auto n = others == 0 ? 8u : static_cast<unsigned>(__builtin_ctzll(others)) / 8;
        if (n == 0)
            return value;
        value = value * kPowersOf10[n] + eightDigits(n == 8 ? digits : digits << (8 * (8 - n)));
        count += n;
        q += n;
        if (n < 8)
            return value;
    }
    for (; q < end && isDigit(*q); ++q, ++count)
        value = value * 10 + static_cast<std::uint64_t>(*q - '0');
    return value;
}

} // namespace casebook::chrome_digits
