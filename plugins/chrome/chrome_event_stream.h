#pragma once
// Reads a Chrome trace file once, in chunks, and hands on its events in file order as the
// splitter finds them: plain events parsed where they lie (ChromeEventParser::readInPlace),
// the others in runs of events that lie one after another in a chunk (to be parsed
// together), or one at a time for an event copied out of two chunks.

#include "core/import/importer.h"
#include "plugins/chrome/chrome_event_parser.h"
#include "plugins/chrome/chrome_event_splitter.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

namespace casebook {

struct ChromeStreamResult {
    bool cancelled = false;
    bool readFailed = false;
    bool broken = false; // the file stops being a trace: partial
    std::string error;   // why it is broken, with the offset
    std::uint64_t bytes = 0;
    std::string head; // the first 64 KiB
};

// onEvent(element, objectForm, result, event) for every element of the event array, in
// order, with `event` filled when the result is an Event. The views are valid during the
// call.
using ChromeEventHandler = std::function<void(const ChromeEventSplitter::Event&, bool,
                                              const ChromeEventReader::Result&, ChromeEvent&)>;

ChromeStreamResult streamChromeEvents(std::FILE* file, const ImportContext& context,
                                      ChromeEventParser& parser,
                                      const std::function<void(std::uint64_t)>& onBytes,
                                      const ChromeEventHandler& onEvent);

} // namespace casebook
