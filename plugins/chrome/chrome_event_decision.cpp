#include "plugins/chrome/chrome_event_decision.h"

#include "plugins/chrome/chrome_fields.h"

namespace casebook {

ChromeDecision decideChromeEvent(const ChromeEvent& event) {
    ChromeDecision d;
    // Most events are complete ones with both times: decided without the general path
    // (which gives the same for them).
    if (event.ph.size() == 1 && event.ph[0] == 'X' && event.error.empty() && event.tsNs &&
        event.durNs && *event.durNs >= 0 &&
        !__builtin_add_overflow(*event.tsNs, *event.durNs, &d.end)) {
        d.start = *event.tsNs;
        d.action = ChromeAction::Span;
        return d;
    }
    auto reject = [&](std::string reason) {
        d.action = ChromeAction::Reject;
        d.reason = std::move(reason);
        return d;
    };
    if (!event.error.empty())
        return reject(event.error);
    if (event.ph.empty())
        return reject("event without \"ph\"");
    const ChromePhase phase = chromePhase(event.ph);
    const char ph = event.ph[0];
    auto needTs = [&]() -> bool {
        if (!event.tsNs)
            return false;
        d.start = *event.tsNs;
        return true;
    };
    switch (phase) {
    case ChromePhase::Complete: {
        if (!needTs())
            return reject("X event without ts");
        // tdur (thread time) stands in when a writer leaves out dur, as speedscope reads it.
        const auto duration = event.durNs ? event.durNs : event.tdurNs;
        if (!duration)
            return reject("X event without dur");
        if (*duration < 0)
            return reject("X event with a negative dur");
        if (__builtin_add_overflow(d.start, *duration, &d.end))
            return reject("X event ends beyond the int64 nanosecond range");
        d.action = ChromeAction::Span;
        return d;
    }
    case ChromePhase::Begin:
    case ChromePhase::End:
    case ChromePhase::Instant:
    case ChromePhase::Counter:
        if (!needTs())
            return reject(std::string(1, ph) + " event without ts");
        d.action = phase == ChromePhase::Begin     ? ChromeAction::Begin
                   : phase == ChromePhase::End     ? ChromeAction::End
                   : phase == ChromePhase::Instant ? ChromeAction::Instant
                                                   : ChromeAction::Counter;
        return d;
    case ChromePhase::Metadata:
        d.action = ChromeAction::Metadata;
        return d;
    case ChromePhase::Skipped:
    case ChromePhase::Unknown:
        break;
    }
    d.action = ChromeAction::Skip;
    return d;
}

bool chromeThreadScoped(const ChromeEvent& event) {
    return event.scope.empty() || event.scope == "t";
}

} // namespace casebook
