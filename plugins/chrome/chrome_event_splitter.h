#pragma once
// Streams the events of a Chrome Trace Event file without holding it: a byte scanner
// finds each element of the event array, which is then parsed on its own. Memory is
// bounded by the largest event. The two layouts of the format are read:
//
//   [ {event}, {event}, ... ]                        JSON Array Format; the closing ']'
//                                                    may be missing (the format allows
//                                                    it, for traces cut off by a crash)
//   { "traceEvents": [ ... ], "displayTimeUnit": .., JSON Object Format; other members
//     "stackFrames": {..}, "samples": [..], ... }    are skipped without being held
//
// The scanner (JsonValueScanner, 64 bytes at a time) tracks only strings, escapes and
// bracket nesting; the JSON inside an element is validated by the parser that reads it.
// An element that lies inside one fed buffer is handed over in place; only one that
// spans two feeds is copied.

#include "core/util/json_structure.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class ChromeEventSplitter {
public:
    struct Event {
        std::size_t index;    // position in the event array
        std::uint64_t offset; // byte offset of the element in the file (0-based)
        std::string_view json;
        // json points into the bytes of the feed() that handed it over (it did not
        // span two feeds): valid until the caller reuses them.
        bool inPlace = false;
    };
    // Returns false to stop (for example when the import is cancelled).
    using EventHandler = std::function<bool(const Event&)>;
    // Offered each element that starts with '{' in the bytes fed, before it is scanned:
    // readInPlace(index, offset, at) reads the element at bytes[at] where it lies and
    // returns its length, when it could read it whole (and handed it on itself), or 0 to
    // leave it to the scanner and onEvent; kStop to stop.
    static constexpr std::size_t kStop = ~std::size_t{0};
    using InPlaceReader = std::function<std::size_t(std::size_t, std::uint64_t, std::size_t)>;

    // Feeds the next bytes of the file. False when they do not continue a trace (see
    // error() and errorOffset()) or when a handler asked to stop.
    bool feed(std::string_view bytes, const EventHandler& onEvent,
              const InPlaceReader& readInPlace = {});
    // At the end of the file: false when the trace is cut off inside an event or, in the
    // object form, before its closing brace.
    bool finish();

    bool objectForm() const { return objectForm_; }
    bool stopped() const { return stopped_; }
    const std::string& error() const { return error_; }
    std::uint64_t errorOffset() const { return errorOffset_; }
    std::size_t largestEvent() const { return largest_; }

private:
    enum class Phase {
        BeforeRoot,
        ExpectKey, // or '}'
        InKey,
        ExpectColon,
        ExpectValue,
        SkipValue,
        AfterValue,
        ExpectElement, // or ']'
        InElement,
        AfterElement,
        AfterRoot
    };
    bool fail(std::uint64_t offset, std::string message);

    Phase phase_ = Phase::BeforeRoot;
    bool objectForm_ = false;
    std::uint64_t consumed_ = 0;
    std::size_t bomSeen_ = 0;
    std::string key_;
    bool keyEscape_ = false, keyEscaped_ = false;
    bool firstMember_ = true, firstElement_ = true;
    bool eventArray_ = false; // the array being read is the event array
    std::size_t index_ = 0;
    std::uint64_t elementOffset_ = 0;
    std::string element_;      // an element begun in an earlier feed
    bool elementHeld_ = false; // element_ holds the start of the current element
    std::size_t largest_ = 0;
    JsonValueScanner value_;
    bool stopped_ = false;
    std::string error_;
    std::uint64_t errorOffset_ = 0;
};

// The top-level keys of the first JSON value of `head` when it is an object, or of its
// first element when it is an array (`inArray` says which). Keys seen before the head
// ends are returned; for sniffing.
std::vector<std::string> chromeHeadKeys(std::string_view head, bool& inArray);

} // namespace casebook
