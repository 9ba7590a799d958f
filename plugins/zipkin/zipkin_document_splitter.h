#pragma once
// Streaming over a Zipkin v2 JSON file without holding it whole. The file is one of
//   [span, ...]          what POST /api/v2/spans takes and GET /api/v2/trace/{id} answers
//   [[span, ...], ...]   what GET /api/v2/traces answers: an array of traces
//   {span}               one span object
// A byte scanner finds the elements of the root array (or takes the root object) and
// hands each one over whole, so memory is bounded by the largest element: a span, or a
// trace in the nested form. The elements before a break in the JSON have landed when
// the break is found.

#include "core/util/json_structure.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace casebook {

class ZipkinDocumentSplitter {
public:
    enum class Container {
        Document, // the root object is the span
        Array     // [i] of the root array
    };
    struct Element {
        Container container;
        std::size_t index;    // position in the root array (0 for the document)
        std::uint64_t offset; // byte offset of the element in the file (0-based)
        std::uint64_t size;   // its length in bytes
        // Empty when the element was too large to hold. At least kPadding readable bytes
        // (of no particular value) follow it, so that simdjson can parse it in place.
        std::string_view json;
        bool tooLarge = false;
        // json points into the bytes of the feedPadded() that handed it over.
        bool inPlace = false;
    };
    // Returns false to stop splitting (for example when the import is cancelled).
    using ElementHandler = std::function<bool(const Element&)>;

    static constexpr std::size_t kDefaultMaxElement = std::size_t{256} << 20;
    static constexpr std::size_t kPadding = 64; // simdjson::SIMDJSON_PADDING
    explicit ZipkinDocumentSplitter(std::size_t maxElement = kDefaultMaxElement)
        : maxElement_(maxElement) {}

    // Feeds the next bytes of the file. False when they are not valid JSON at the level
    // the splitter reads (see error() and errorOffset()) or when the handler stopped.
    bool feed(std::string_view bytes, const ElementHandler& onElement) {
        return feed(bytes, false, onElement);
    }
    // The same, when at least kPadding readable bytes follow `bytes` (a read buffer with
    // room after what was read): elements that lie inside `bytes` are then handed over
    // in place, valid until the caller reuses the buffer, instead of being copied.
    bool feedPadded(std::string_view bytes, const ElementHandler& onElement) {
        return feed(bytes, true, onElement);
    }
    // At the end of the file: false when the document is incomplete.
    bool finish();

    bool stopped() const { return stopped_; }
    const std::string& error() const { return error_; }
    std::uint64_t errorOffset() const { return errorOffset_; }
    // The largest element held so far, for tests of the memory bound.
    std::size_t largestElement() const { return largest_; }
    // "[3]", or empty for the document: the place of an element, for locations.
    static std::string path(Container container, std::size_t index);

private:
    enum class Phase { BeforeRoot, ExpectElement, InElement, AfterElement, AfterRoot };

    bool feed(std::string_view bytes, bool padded, const ElementHandler& onElement);
    bool fail(std::uint64_t offset, std::string message);

    std::size_t maxElement_;
    Phase phase_ = Phase::BeforeRoot;
    std::uint64_t consumed_ = 0; // file offset of the current feed's first byte
    std::size_t bomSeen_ = 0;
    bool firstElement_ = true;
    Container container_ = Container::Array;
    std::size_t index_ = 0;
    std::uint64_t elementOffset_ = 0;
    std::uint64_t elementSize_ = 0;
    std::string element_;      // the element's bytes from earlier feeds
    bool elementHeld_ = false; // element_ holds its beginning (it began in an earlier feed)
    bool elementTooLarge_ = false;
    JsonValueScanner value_;
    std::size_t largest_ = 0;
    bool stopped_ = false;
    std::string error_;
    std::uint64_t errorOffset_ = 0;
};

} // namespace casebook
