#pragma once
// Parses the events of a Chrome trace, each in full. Plain events (most of them) are read
// by the hand-written reader where they lie in the chunk read, as the splitter meets
// them. The others go to simdjson: the events of a run together and, where a run has an
// error, one by one (see ChromeEventReader::readRun), so that every rejection and its
// reason come from one place.

#include "plugins/chrome/chrome_chunk_masks.h"
#include "plugins/chrome/chrome_event_fast_reader.h"
#include "plugins/chrome/chrome_event_reader.h"
#include "plugins/chrome/chrome_event_splitter.h"

#include <functional>

namespace casebook {

class ChromeEventParser {
public:
    // The plain event whose '{' is at `at` in the chunk of `masks`, read into
    // inPlaceEvent(): its length, or 0 when it is not plain (or not whole in the chunk).
    std::size_t readInPlace(const ChromeChunkMasks& masks, std::size_t at) {
        return fast_.readInPlace(masks, at, ChromeEventReader::Detail::Full, inPlace_);
    }
    // Valid until the next readInPlace(); parse() leaves it alone.
    ChromeEvent& inPlaceEvent() { return inPlace_; }

    // onEvent(k, result, event) for each of events[0..count), in order; `event` is filled
    // when the result is an Event, and valid during the call. A run holds events that
    // lie one after another and were not plain; a single event was copied out of two
    // chunks and may be.
    using EventHandler =
        std::function<void(std::size_t, const ChromeEventReader::Result&, ChromeEvent&)>;
    void parse(const ChromeEventSplitter::Event* events, std::size_t count, bool run,
               const EventHandler& onEvent);

    // Reads an event again with less detail (not its args), as a reader that needs only
    // the phase, times, pid, tid and names would: for an event whose args are broken,
    // what it would have been without them.
    ChromeEventReader::Result readWithoutArgs(std::string_view json, ChromeEvent& event);

private:
    ChromeEventFastReader fast_;
    ChromeEventReader reader_;
    ChromeEvent inPlace_, event_;
};

} // namespace casebook
