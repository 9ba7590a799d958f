#pragma once
// Reads Chrome trace events (elements of the event array), one at a time or a run of
// them in one parse, with simdjson On-Demand. One reader per pass over a file: it owns
// the parser and buffers and reuses them. Views in ChromeEvent point into them and are
// valid until the next read() or readRun().

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

struct ChromeEvent {
    std::string_view ph, name, cat, scope, id;
    std::optional<std::int64_t> tsNs, durNs, tdurNs;
    std::string_view pid, tid; // as text: 7512 and "7512" are the same process
    bool hasPid = false, hasTid = false;
    bool pidIsNumber = false, tidIsNumber = false;
    std::string_view argsName; // args.name as text (process_name / thread_name metadata)

    // Only when read with Detail::Full:
    // args as attribute members, without braces: "args.url":"..","args.state.tile_count":151
    // (nested objects flattened to dotted keys, arrays kept as JSON values).
    std::string_view argsMembers;
    // Top-level args that are numbers or strings, as text: the numeric ones are a
    // counter's series (chromeSeriesValue), read only for counters.
    std::vector<std::pair<std::string_view, std::string_view>> seriesText;

    // A field of the wrong type or value: "ts: expected a number, got boolean". The
    // event is rejected with it.
    std::string error;
};

// Empties an event for the next read, keeping its buffers.
void clearChromeEvent(ChromeEvent& event);

class ChromeEventReader {
public:
    enum class Detail {
        Index, // ph, times, pid, tid, and args.name: what the first pass needs
        Full   // also the args as attributes and counter series
    };
    struct Result {
        enum class Kind { Event, NotAnObject, InvalidJson };
        Kind kind = Kind::Event;
        std::string message; // the JSON type found, or the parse error
    };

    ChromeEventReader();
    ~ChromeEventReader();
    ChromeEventReader(const ChromeEventReader&) = delete;
    ChromeEventReader& operator=(const ChromeEventReader&) = delete;

    Result read(std::string_view json, Detail detail, ChromeEvent& event);

    // Reads `count` events that follow one another in `run` (the text from the first
    // one's opening brace to the last one's end, with only commas and blank space
    // between them, as the splitter found them) in one parse: parsing each small event
    // on its own costs more in setting the parse up than in reading the event. Calls
    // onEvent(i, result) with `event` filled for the i-th; results are Event or
    // NotAnObject only. Stops at the first event whose JSON is broken and returns how
    // many were handed over: the caller reads the rest with read(), which says what is
    // wrong and where, exactly as if the run had never been tried.
    using RunHandler = std::function<void(std::size_t, const Result&)>;
    std::size_t readRun(std::string_view run, std::size_t count, Detail detail, ChromeEvent& event,
                        const RunHandler& onEvent);

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace casebook
