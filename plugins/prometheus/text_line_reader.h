#pragma once
// Reads a text file line by line in 1 MiB chunks, so memory is bounded by the longest
// line (at most maxLine), never by the file. A longer line is skipped, not held: it is
// handed on as overlong with its number, and the next line reads as usual.

#include "core/import/importer.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace casebook {

class LineConsumer {
public:
    virtual ~LineConsumer() = default;
    // A line without its "\n" or "\r\n" (and, on line 1, without a UTF-8 byte order mark).
    // `terminated` is false for a last line that has no line break after it.
    virtual void line(std::string_view text, std::uint64_t number, bool terminated) = 0;
    virtual void overlong(std::uint64_t number, std::size_t maxLine) = 0;
};

struct LineReadResult {
    bool cancelled = false;
    std::string readError;   // set when reading failed midway
    std::uint64_t lines = 0; // lines seen, including skipped ones
    std::uint64_t bytes = 0;
    std::size_t largestBuffer = 0; // the buffer's largest size, for tests of the bound
};

inline constexpr std::size_t kDefaultMaxLine = std::size_t{8} << 20;

LineReadResult readLines(std::FILE* file, const ImportContext& context, LineConsumer& consumer,
                         std::size_t maxLine = kDefaultMaxLine);

} // namespace casebook
