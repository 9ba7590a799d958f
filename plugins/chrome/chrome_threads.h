#pragma once
// The processes (pid) and threads (pid and tid) of a Chrome trace: their names from
// metadata events, the spans and instants placed on each thread for the nesting sweep,
// and the B events still waiting for their E.

#include "core/model/ids.h"
#include "plugins/chrome/chrome_event_reader.h"
#include "plugins/chrome/chrome_nesting.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

struct ChromeProcess {
    std::string pid;
    bool pidIsNumber = false;
    bool shaped = false;   // seen by an event that shapes the trace (see ChromeThreadTable)
    std::string name;      // process_name metadata
    bool prepared = false; // trace, service and resource are set (names are final then)
    TraceId trace;
    std::uint64_t spanSeed = 0; // chromeSpanSeed(trace)
    std::string service, resource;
};

// A B event waiting for its E.
struct ChromeOpenSpan {
    std::uint32_t ordinal = 0;
    std::int64_t start = 0;
    std::uint64_t offset = 0;
    std::size_t index = 0;
    std::string name, cat, args;
    std::string brokenReason; // the B event was not valid JSON: reject instead of emitting
};

// A thread's pid and tid as numbers: when both are at most eight bytes (`exact`), the
// bytes and lengths themselves, compared at once; else only a hash of them.
struct ChromeThreadKey {
    std::uint64_t pid = 0, tid = 0, shape = 0;
    bool exact = false;
    friend bool operator==(const ChromeThreadKey&, const ChromeThreadKey&) = default;
    static ChromeThreadKey of(std::string_view pid, bool hasTid, std::string_view tid);
};

struct ChromeThread {
    ChromeThreadKey key;
    std::string pid, tid;
    bool tidIsNumber = false, hasTid = false;
    bool shaped = false;
    std::string name; // thread_name metadata
    std::uint32_t process = 0;
    std::vector<ChromeInterval> intervals; // its spans, for the nesting sweep
    std::vector<ChromeInstant> instants;   // its thread-scoped instants
    std::vector<ChromeOpenSpan> open;      // B events without their E yet, innermost last
    // "{" and its "thread" and "thread.id" members: the start of the attributes of its
    // records, made when they are handed on (names are final then).
    std::string attributesStart;
    bool attributesReady = false;
};

// Processes and threads by pid and tid text: 7512 and "7512" are the same process.
// Events come in runs from one thread, so the last one looked up is tried first; else an
// open-addressing table of indexes into the vectors, hashed from the event's own text,
// so that no key is built for a lookup.
//
// How a pid or tid is written (7512 or "7512", kept in the resource and attributes) is
// taken from the first event that shapes the trace (a span, its begin or end, a
// thread-scoped instant, a name), else from the first event that names the process or
// thread at all (a counter, a process-scoped instant): lookups say which they are.
class ChromeThreadTable {
public:
    std::uint32_t process(std::string_view pid, bool isNumber, bool shapes);
    std::uint32_t thread(const ChromeEvent& event, bool shapes);

    std::vector<ChromeProcess> processes;
    std::vector<ChromeThread> threads;
    // Threads in the order an event first shaped them: the order in which B events left
    // open at the end of the file are reported.
    std::vector<std::uint32_t> shapedOrder;

private:
    void shape(ChromeThread& thread, std::uint32_t index, const ChromeEvent& event);
    std::uint32_t create(const ChromeEvent& event, const ChromeThreadKey& key, std::size_t slot);

    std::vector<std::uint32_t> processSlots_, threadSlots_;
    std::uint32_t lastProcess_ = kChromeNone, lastThread_ = kChromeNone;
};

} // namespace casebook
