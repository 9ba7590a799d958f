#pragma once
// What one Chrome trace event does to the import: a span, the begin or end of one, an
// instant (a log record), a counter, names (metadata), nothing (a phase without a
// mapping), or a rejection with its reason. Pure: decided from the event's fields alone.

#include "plugins/chrome/chrome_event_reader.h"

#include <cstdint>
#include <string>

namespace casebook {

enum class ChromeAction { Reject, Skip, Span, Begin, End, Instant, Counter, Metadata };

struct ChromeDecision {
    ChromeAction action = ChromeAction::Skip;
    std::string reason;              // for Reject
    std::int64_t start = 0, end = 0; // for Span; start alone for Begin, End, Instant, Counter
};

ChromeDecision decideChromeEvent(const ChromeEvent& event);

// Thread-scope instants (the default scope) belong to a thread's spans; process and
// global ones do not.
bool chromeThreadScoped(const ChromeEvent& event);

} // namespace casebook
