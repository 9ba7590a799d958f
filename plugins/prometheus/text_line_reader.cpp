#include "plugins/prometheus/text_line_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace casebook {
namespace {

constexpr std::size_t kChunkSize = std::size_t{1} << 20;
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;
constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::uint64_t kStopCheckLines = 256;

} // namespace

LineReadResult readLines(std::FILE* file, const ImportContext& context, LineConsumer& consumer,
                         std::size_t maxLine) {
    LineReadResult result;
    const std::size_t firstSize = std::min(kChunkSize, std::max<std::size_t>(maxLine, 64));
    std::vector<char> buffer(firstSize);
    result.largestBuffer = buffer.size();
    std::size_t begin = 0, end = 0, scanFrom = 0;
    std::uint64_t base = 0;     // file offset of buffer[0]
    std::uint64_t reported = 0; // progress
    bool eof = false;
    bool skipping = false; // inside a line that is too long

    auto deliver = [&](std::string_view text, bool terminated) {
        ++result.lines;
        if (result.lines == 1 && text.substr(0, kBom.size()) == kBom)
            text.remove_prefix(kBom.size());
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        consumer.line(text, result.lines, terminated);
    };

    while (true) {
        const void* found = std::memchr(buffer.data() + scanFrom, '\n', end - scanFrom);
        if (found) {
            const auto newline =
                static_cast<std::size_t>(static_cast<const char*>(found) - buffer.data());
            if (skipping) {
                skipping = false;
            } else {
                if (result.lines % kStopCheckLines == 0 && context.stop.stop_requested()) {
                    result.cancelled = true;
                    return result;
                }
                deliver({buffer.data() + begin, newline - begin}, true);
            }
            begin = scanFrom = newline + 1;
            continue;
        }
        if (eof) {
            if (!skipping && begin < end)
                deliver({buffer.data() + begin, end - begin}, false);
            result.bytes = base + end;
            if (context.onBytes && result.bytes != reported)
                context.onBytes(result.bytes);
            return result;
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
            if (buffer.size() >= maxLine) {
                // The line does not fit: report it and drop its bytes up to its end.
                ++result.lines;
                consumer.overlong(result.lines, maxLine);
                skipping = true;
                base += end;
                begin = end = scanFrom = 0;
            } else {
                buffer.resize(std::min(buffer.size() * 2, maxLine));
                result.largestBuffer = std::max(result.largestBuffer, buffer.size());
            }
        }
        const std::size_t n = std::fread(buffer.data() + end, 1, buffer.size() - end, file);
        if (n == 0) {
            if (std::ferror(file)) {
                result.readError = std::strerror(errno);
                result.bytes = base + end;
                return result;
            }
            eof = true;
        }
        end += n;
        if (context.onBytes && base + end - reported >= kProgressStep) {
            reported = base + end;
            context.onBytes(reported);
        }
    }
}

} // namespace casebook
