#pragma once
// A hand-written reader for the plain events most trace writers emit, tried before
// simdjson On-Demand: for a 150-byte event, walking an On-Demand parse costs more than
// reading the bytes once (both passes over a file read every event in full).
//
// It reads only what it is sure of: events with no backslash (escapes) and no byte above
// 0x7F (UTF-8 to check) anywhere, no control character inside a string, valid JSON
// throughout (nested at most 64 levels), and every field of the type expected. For
// anything else (a field of the wrong type, broken JSON, data after the event...) it says
// so and the event is read by ChromeEventReader as before, so every rejection and its
// reason come from one place. What it does read, it fills in exactly as ChromeEventReader
// would.

#include "plugins/chrome/chrome_event_reader.h"

#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class ChromeEventFastReader {
public:
    // True when `json` (one element of the event array) was read into `event`, with the
    // result ChromeEventReader::read() would give (an Event). False: read it there.
    // Views in `event` point into `json` and into this reader, valid until the next call.
    bool read(std::string_view json, ChromeEventReader::Detail detail, ChromeEvent& event);

private:
    bool readMembers();
    bool readArgs(std::size_t prefix, int depth, bool& any);
    bool scalar(std::string_view& out, bool& present, bool* isNumber);
    bool time(std::string_view field, std::optional<std::int64_t>& out);
    bool appendValue(std::string& out, int depth);
    bool skipValue(int depth);
    bool indexQuotes(std::string_view json);
    bool string(std::string_view& out);
    static void appendPlain(std::string& out, std::string_view text, char after);
    bool number(std::string_view& out);
    void beginArg(std::string_view key);
    void skipSpace() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
            ++p_;
    }

    const char* base_ = nullptr; // the event's first byte
    const char* p_ = nullptr;
    const char* end_ = nullptr;
    bool full_ = false;
    ChromeEvent* event_ = nullptr;
    std::vector<std::uint64_t> quotes_; // a bit per byte of the event: its quotes
    std::string args_, path_;
    bool firstArg_ = true;
};

} // namespace casebook
