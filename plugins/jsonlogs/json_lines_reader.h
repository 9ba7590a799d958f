#pragma once
// Reads a file line by line without holding it: 1 MiB chunks into one buffer that holds
// at most the current line plus a chunk. A line longer than the limit is reported and
// skipped (its bytes are read and dropped, never held), so memory stays bounded by the
// limit whatever the file holds.

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string_view>

namespace casebook {

class JsonLinesReader {
public:
    struct Line {
        std::string_view text; // without its '\n'
        std::uint64_t offset;  // of its first byte in the file
        std::size_t number;    // 1-based
        bool unterminated;     // the last line of the file, without a newline
    };
    using LineHandler = std::function<bool(const Line&)>; // false stops reading
    using OverlongHandler = std::function<void(std::size_t number, std::uint64_t offset)>;
    using ProgressHandler = std::function<void(std::uint64_t bytesRead)>;

    explicit JsonLinesReader(std::size_t maxLineBytes) : maxLine_(maxLineBytes) {}

    // False when reading failed (errno tells why) or a handler stopped it (stopped()).
    bool run(std::FILE* file, const LineHandler& onLine, const OverlongHandler& onOverlong,
             const ProgressHandler& onProgress);
    bool stopped() const { return stopped_; }
    std::uint64_t bytesRead() const { return bytesRead_; }

private:
    std::size_t maxLine_;
    bool stopped_ = false;
    std::uint64_t bytesRead_ = 0;
};

} // namespace casebook
