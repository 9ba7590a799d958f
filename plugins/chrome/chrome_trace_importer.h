#pragma once

#include "core/import/importer.h"

namespace casebook {

// Chrome Trace Event Format (chrome://tracing, Perfetto's JSON export, catapult,
// speedscope's trace-event input, clang -ftime-trace, many profilers): the JSON array of
// events (its closing bracket optional) or {"traceEvents":[...], ...}.
//
// What becomes what:
//  - X (complete) events, and B/E pairs matched per pid/tid as a stack, are spans.
//    One synthetic trace per pid; the parent of a span is the innermost span of the same
//    thread that contains it in time (see chrome_nesting.h). Unmatched B or E events are
//    rejected with their location.
//  - pid is the service: the process_name metadata event, else "process <pid>". tid is
//    the attribute "thread" (the thread_name metadata, else the tid) and "thread.id";
//    cat is "cat"; args are "args.<key>", nested objects flattened to dotted keys.
//  - i/I (instant) events are log records (body and event name = the event's name),
//    linked to the innermost span of their thread that contains them (thread scope).
//  - C (counter) events are gauge points: one series per args key ({"series":key}, plus
//    "id" when the event has one), named after the event.
//  - M (metadata) names processes and threads. Async (b/e/n, S/T/p/F), flow (s/t/f),
//    samples (P), object and memory-dump events are not imported; FileOutcome.error
//    counts them by phase.
//  - ts and dur are microseconds (fractions kept to the nanosecond), taken as time since
//    the Unix epoch: trace clocks that start at boot land in early 1970.
//
// The file is read once (chrome_event_stream.h): plain events are parsed where they lie
// in the chunk read, the others by simdjson. What a record needs from the rest of the file
// (the process and thread names, which may come last, and the parent, found by the
// nesting sweep at the end) is filled in afterwards: the records wait in a compact
// ChromeRecordSpill (in memory up to 8 MiB, then in a temporary file) and are replayed in
// file order (ChromeRecordReplay). Memory: the largest event (or a run of 64 KiB of events
// and simdjson's index of it), 24 bytes per span and 16 per instant event for the nesting
// (4 and 4 once it is computed), the spill's 8 MiB, and the B events still open.
class ChromeTraceImporter : public Importer {
public:
    std::string_view format() const override { return "chrome-trace"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
