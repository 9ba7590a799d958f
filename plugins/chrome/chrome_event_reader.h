#pragma once
// Reads one Chrome trace event (one element of the event array) with simdjson
// On-Demand. One reader per pass over a file: it owns the parser and buffers and reuses
// them. Views in ChromeEvent point into them and are valid until the next read().

#include <cstdint>
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
    // Top-level args that are numbers or numeric strings, for counters.
    std::vector<std::pair<std::string_view, double>> series;

    // A field of the wrong type or value: "ts: expected a number, got boolean". The
    // event is rejected with it.
    std::string error;
};

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

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace casebook
