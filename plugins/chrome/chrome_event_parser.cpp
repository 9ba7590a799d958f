#include "plugins/chrome/chrome_event_parser.h"

namespace casebook {

void ChromeEventParser::parse(const ChromeEventSplitter::Event* events, std::size_t count, bool run,
                              const EventHandler& onEvent) {
    using Detail = ChromeEventReader::Detail;
    if (!run) {
        for (std::size_t k = 0; k < count; ++k) {
            if (fast_.read(events[k].json, Detail::Full, event_))
                onEvent(k, ChromeEventReader::Result{}, event_);
            else
                onEvent(k, reader_.read(events[k].json, Detail::Full, event_), event_);
        }
        return;
    }
    std::size_t k = 0;
    if (count > 1) {
        const std::string_view last = events[count - 1].json;
        const std::string_view text(
            events[0].json.data(),
            static_cast<std::size_t>(last.data() + last.size() - events[0].json.data()));
        k = reader_.readRun(text, count, Detail::Full, event_,
                            [&](std::size_t i, const ChromeEventReader::Result& result) {
                                onEvent(i, result, event_);
                            });
    }
    for (; k < count; ++k)
        onEvent(k, reader_.read(events[k].json, Detail::Full, event_), event_);
}

ChromeEventReader::Result ChromeEventParser::readWithoutArgs(std::string_view json,
                                                             ChromeEvent& event) {
    return reader_.read(json, ChromeEventReader::Detail::Index, event);
}

} // namespace casebook
