#include "plugins/jsonlogs/json_lines_reader.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace casebook {

namespace {
constexpr std::size_t kChunkSize = 1 << 20;
}

bool JsonLinesReader::run(std::FILE* file, const LineHandler& onLine,
                          const OverlongHandler& onOverlong, const ProgressHandler& onProgress) {
    std::vector<char> buffer(std::min(kChunkSize, std::max<std::size_t>(maxLine_, 1024)));
    std::size_t begin = 0, end = 0, scanFrom = 0;
    std::uint64_t base = 0; // file offset of buffer[0]
    std::size_t number = 0;
    bool eof = false;
    bool skipping = false; // inside a line that was too long
    while (true) {
        const void* found = std::memchr(buffer.data() + scanFrom, '\n', end - scanFrom);
        if (found) {
            const auto newline =
                static_cast<std::size_t>(static_cast<const char*>(found) - buffer.data());
            if (skipping) {
                skipping = false;
            } else {
                ++number;
                if (!onLine(
                        {{buffer.data() + begin, newline - begin}, base + begin, number, false})) {
                    stopped_ = true;
                    return false;
                }
            }
            begin = scanFrom = newline + 1;
            continue;
        }
        if (eof) {
            if (!skipping && begin < end) {
                ++number;
                if (!onLine({{buffer.data() + begin, end - begin}, base + begin, number, true})) {
                    stopped_ = true;
                    return false;
                }
            }
            return true;
        }
        if (skipping) {
            base += end;
            begin = end = scanFrom = 0;
        } else if (begin > 0) {
            std::memmove(buffer.data(), buffer.data() + begin, end - begin);
            end -= begin;
            base += begin;
            scanFrom = end;
            begin = 0;
        } else {
            scanFrom = end;
        }
        if (end == buffer.size()) {
            if (buffer.size() >= maxLine_) {
                // The line does not fit: report it now and drop its bytes as they come.
                ++number;
                onOverlong(number, base);
                skipping = true;
                base += end;
                begin = end = scanFrom = 0;
            } else {
                buffer.resize(std::min(buffer.size() * 2, maxLine_));
            }
        }
        const std::size_t n = std::fread(buffer.data() + end, 1, buffer.size() - end, file);
        if (n == 0) {
            if (std::ferror(file))
                return false;
            eof = true;
        }
        end += n;
        bytesRead_ = base + end;
        if (onProgress)
            onProgress(bytesRead_);
    }
}

} // namespace casebook
