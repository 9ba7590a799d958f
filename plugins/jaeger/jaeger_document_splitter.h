#pragma once
// Streaming over a Jaeger JSON file without holding it whole. The file is one of
//   {"data": [trace, ...], "total": 0, ...}   what /api/traces answers and the UI saves
//   [trace, ...]                              a bare array of traces
//   {trace}                                   one trace object
// A byte scanner finds the traces (the elements of "data" or of the bare array, or the
// root object when it has no "data" member) and hands each one over whole, so memory is
// bounded by the largest trace. The traces before a break in the JSON have landed when
// the break is found.

#include "core/util/json_structure.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace casebook {

class JaegerDocumentSplitter {
public:
    enum class Container {
        Document, // the root object is the trace
        Array,    // [i] of a bare array
        Data      // data[i]
    };
    struct Element {
        Container container;
        std::size_t index;    // position in its array (0 for the document)
        std::uint64_t offset; // byte offset of the element in the file (0-based)
        std::uint64_t size;   // its length in bytes
        // Empty when the element was too large to hold. At least kPadding readable bytes
        // (of no particular value) follow it, so that simdjson can parse it in place.
        std::string_view json;
        bool tooLarge = false;
    };
    // Returns false to stop splitting (for example when the import is cancelled).
    using ElementHandler = std::function<bool(const Element&)>;

    static constexpr std::size_t kDefaultMaxElement = std::size_t{256} << 20;
    static constexpr std::size_t kPadding = 64; // simdjson::SIMDJSON_PADDING
    explicit JaegerDocumentSplitter(std::size_t maxElement = kDefaultMaxElement)
        : maxElement_(maxElement) {}

    // Feeds the next bytes of the file. False when they are not valid JSON at the levels
    // the splitter reads (see error() and errorOffset()) or when the handler stopped.
    bool feed(std::string_view bytes, const ElementHandler& onElement);
    // At the end of the file: false when the document is incomplete.
    bool finish();

    bool stopped() const { return stopped_; }
    const std::string& error() const { return error_; }
    std::uint64_t errorOffset() const { return errorOffset_; }
    // The largest element held so far, for tests of the memory bound.
    std::size_t largestElement() const { return largest_; }
    // "data[3]", "[3]" or "data[0]": the place of an element, for locations.
    static std::string path(Container container, std::size_t index);

    // The root object is the /api/traces wrapper (it has a "data" member), and that
    // member is null, as in the API's error answers.
    bool wrapper() const { return wrapper_; }
    bool dataNull() const { return dataNull_; }
    // The text of the root object's "errors" member (null in a good answer, else the
    // errors the query met), held up to kMaxErrors bytes, with its byte offset; empty
    // when there was none.
    static constexpr std::size_t kMaxErrors = std::size_t{1} << 20;
    const std::string& errorsJson() const { return errors_; }
    std::uint64_t errorsOffset() const { return errorsOffset_; }
    bool errorsTooLarge() const { return errorsTooLarge_; }
    std::uint64_t errorsSize() const { return errorsSize_; }

private:
    enum class Phase {
        BeforeRoot,
        ExpectKey, // or '}'
        InKey,
        ExpectColon,
        ExpectValue,
        SkipValue,
        ExpectElement, // or ']'
        InElement,
        AfterElement,
        AfterValue,
        AfterRoot
    };

    bool fail(std::uint64_t offset, std::string message);
    bool emit(const ElementHandler& onElement, Element element);
    void hold(std::string& buffer, bool& tooLarge, const char* data, std::size_t size);
    std::string where() const;

    std::size_t maxElement_;
    Phase phase_ = Phase::BeforeRoot;
    std::uint64_t consumed_ = 0; // file offset of the current feed's first byte
    std::size_t bomSeen_ = 0;
    bool rootIsObject_ = false;
    std::string key_;
    bool keyEscaped_ = false;
    bool keyEscape_ = false;
    bool firstMember_ = true;
    bool firstElement_ = true;
    Container container_ = Container::Array;
    std::size_t index_ = 0;
    std::uint64_t elementOffset_ = 0;
    std::uint64_t elementSize_ = 0;
    std::string element_;
    bool elementTooLarge_ = false;
    // The root object, held until it turns out to be a wrapper (it has "data") or a trace.
    bool holdingRoot_ = false;
    bool wrapper_ = false;
    bool dataNull_ = false;
    bool holdingErrors_ = false;
    std::string errors_;
    std::uint64_t errorsOffset_ = 0, errorsSize_ = 0;
    bool errorsTooLarge_ = false;
    std::string root_;
    std::uint64_t rootSize_ = 0;
    bool rootTooLarge_ = false;
    JsonValueScanner value_;
    std::size_t largest_ = 0;
    bool stopped_ = false;
    std::string error_;
    std::uint64_t errorOffset_ = 0;
};

} // namespace casebook
