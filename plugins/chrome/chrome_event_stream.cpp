#include "plugins/chrome/chrome_event_stream.h"

#include "plugins/chrome/chrome_chunk_masks.h"

#include <algorithm>
#include <vector>

namespace casebook {
namespace {

constexpr std::size_t kChunkSize = 1 << 20;
// The splitter is fed a chunk in slices, each with its masks computed just before, so
// that the masks are still in cache when the events are read (an event that crosses two
// slices is copied out, as one that crosses two chunks).
constexpr std::size_t kSliceSize = 64 * 1024;
constexpr std::size_t kHeadSize = 64 * 1024;
// Events that are not plain are parsed together in runs of up to this many bytes
// (ChromeEventReader::readRun); small enough to stay in cache.
constexpr std::size_t kRunBytes = 64 * 1024;

} // namespace

ChromeStreamResult streamChromeEvents(std::FILE* file, const ImportContext& context,
                                      ChromeEventParser& parser,
                                      const std::function<void(std::uint64_t)>& onBytes,
                                      const ChromeEventHandler& onEvent) {
    ChromeStreamResult result;
    ChromeEventSplitter splitter;
    ChromeChunkMasks masks;
    std::vector<char> chunk(kChunkSize);
    std::vector<ChromeEventSplitter::Event> run;

    auto parse = [&](const ChromeEventSplitter::Event* events, std::size_t count, bool isRun) {
        parser.parse(events, count, isRun,
                     [&](std::size_t k, const ChromeEventReader::Result& read, ChromeEvent& event) {
                         onEvent(events[k], splitter.objectForm(), read, event);
                     });
    };
    auto flush = [&] {
        if (!run.empty())
            parse(run.data(), run.size(), true);
        run.clear();
    };
    auto readInPlace = [&](std::size_t index, std::uint64_t offset, std::size_t at) -> std::size_t {
        if (context.stop.stop_requested()) {
            result.cancelled = true;
            return ChromeEventSplitter::kStop;
        }
        const std::size_t length = parser.readInPlace(masks, at);
        if (length == 0)
            return 0;
        flush(); // the events before it come first
        const ChromeEventSplitter::Event element{index, offset, {masks.data() + at, length}, true};
        onEvent(element, splitter.objectForm(), ChromeEventReader::Result{}, parser.inPlaceEvent());
        return length;
    };
    auto scanned = [&](const ChromeEventSplitter::Event& event) {
        if (context.stop.stop_requested()) {
            result.cancelled = true;
            return false;
        }
        if (!event.inPlace) {
            // Copied out of two chunks: on its own, after the events before it.
            flush();
            parse(&event, 1, false);
            return true;
        }
        run.push_back(event);
        const std::size_t bytes = static_cast<std::size_t>(event.json.data() + event.json.size() -
                                                           run.front().json.data());
        if (bytes >= kRunBytes)
            flush();
        return true;
    };

    bool fed = true;
    while (true) {
        const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file);
        if (n == 0)
            break;
        if (result.head.size() < kHeadSize)
            result.head.append(chunk.data(), std::min(n, kHeadSize - result.head.size()));
        result.bytes += n;
        onBytes(result.bytes);
        for (std::size_t at = 0; fed && at < n; at += kSliceSize) {
            const std::size_t size = std::min(kSliceSize, n - at);
            masks.compute(chunk.data() + at, size);
            fed = splitter.feed({chunk.data() + at, size}, scanned, readInPlace);
        }
        // The run points into the chunk: handed on before the next read reuses it.
        if (!result.cancelled)
            flush();
        if (!fed)
            break;
    }
    if (result.cancelled)
        return result;
    if (fed && std::ferror(file)) {
        result.readFailed = true;
        return result;
    }
    if (!fed || !splitter.finish()) {
        result.broken = true;
        result.error = "invalid JSON at byte " + std::to_string(splitter.errorOffset()) + ": " +
                       splitter.error();
    }
    return result;
}

} // namespace casebook
