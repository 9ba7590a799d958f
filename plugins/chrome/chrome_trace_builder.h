#pragma once
// Turns the events of a Chrome trace, in file order, into what the end of the file needs:
// the processes and threads with their names, every span and thread-scoped instant placed
// on its thread for the nesting sweep, and the records themselves, in file order, in a
// ChromeRecordSpill (what depends on the rest of the file, parents and names, is filled in
// when they are replayed; see ChromeRecordReplay). B events wait here for their E.

#include "core/import/record_sink.h"
#include "plugins/chrome/chrome_event_decision.h"
#include "plugins/chrome/chrome_event_parser.h"
#include "plugins/chrome/chrome_record_spill.h"
#include "plugins/chrome/chrome_threads.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace casebook {

// The kinds of record in the spill (the low bits of a record's first byte).
enum class ChromeSpilled : std::uint8_t { Span = 1, Instant = 2, Counter = 3, Reject = 4 };
inline constexpr std::uint8_t kChromeSpilledKind = 0x07;
// A span record leaves out what equals the previous span's of its thread (name, cat) or
// the previous span's (args): traces repeat them, and the spill stays small.
inline constexpr std::uint8_t kChromeSameName = 0x10, kChromeSameCat = 0x20, kChromeSameArgs = 0x40;

class ChromeTraceBuilder {
public:
    ChromeTraceBuilder(ChromeThreadTable& table, ChromeRecordSpill& spill)
        : table_(table), spill_(spill) {}

    // One element of the event array as the parser read it (`event` filled for an Event);
    // `parser` reads it again when its JSON is broken.
    void add(const ChromeEventSplitter::Event& element, bool objectForm,
             const ChromeEventReader::Result& result, ChromeEvent& event,
             ChromeEventParser& parser);

    // At the end of the file: parents[span ordinal] and enclosing[instant ordinal], the
    // innermost span of the same thread that contains each (kChromeNone for none).
    void nest(std::vector<std::uint32_t>& parents, std::vector<std::uint32_t>& enclosing);
    // Every B event still open, rejected at its location, thread by thread.
    void rejectOpenSpans(RecordSink& sink);
    // "not imported (phases without a mapping): F 10, S 11, T 7, b 1", or empty.
    std::string skippedNote() const;
    std::uint64_t spilledRecords() const { return spilled_; }

private:
    void apply(const ChromeDecision& d, const ChromeEventSplitter::Event& element,
               const ChromeEvent& event);
    void applyBroken(const ChromeDecision& d, const ChromeEventSplitter::Event& element,
                     const ChromeEvent& event, const std::string& reason);
    void shapeOnly(const ChromeDecision& d, const ChromeEvent& event);
    void end(const ChromeDecision& d, const ChromeEventSplitter::Event& element,
             const ChromeEvent& event, const std::string& brokenReason);
    void spillSpan(std::uint32_t thread, std::uint32_t ordinal, std::string_view name,
                   std::int64_t start, std::int64_t end, std::string_view cat,
                   std::string_view args, std::string_view moreArgs);
    void spillInstant(const ChromeDecision& d, std::uint32_t ordinal, const ChromeEvent& event);
    void spillCounter(const ChromeDecision& d, const ChromeEventSplitter::Event& element,
                      const ChromeEvent& event);
    void reject(const ChromeEventSplitter::Event& element, std::string_view reason);
    void reject(std::string_view location, std::string_view reason);
    std::string location(std::uint64_t offset, std::size_t index) const;

    ChromeThreadTable& table_;
    ChromeRecordSpill& spill_;
    std::uint32_t spans_ = 0, instants_ = 0; // ordinals handed out
    std::uint64_t spilled_ = 0;
    bool objectForm_ = false;
    std::map<std::string, std::size_t> skipped_;
    std::string labels_;
    // What the next span record is written against (see kChromeSameName).
    struct Last {
        std::string name, cat;
    };
    std::vector<Last> lastOfThread_;
    std::string lastArgs_, args_, jsonCat_;
    std::int64_t lastStart_ = 0;
    std::uint32_t lastOrdinal_ = 0;
};

} // namespace casebook
