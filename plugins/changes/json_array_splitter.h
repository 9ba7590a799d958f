#pragma once
// Splits a top-level JSON array into its element texts while the file is read in chunks,
// so a large annotation export is never held whole and elements before a break still
// land. Tracks strings, escapes and bracket nesting only; each element is then parsed
// by a real JSON parser. (The OTLP plugin has its own variant for request objects;
// plugins do not link each other.)

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class JsonArraySplitter {
public:
    struct Element {
        std::size_t index;
        std::uint64_t offset; // byte offset in the file (0-based)
        std::string_view json;
    };
    // Returns false to stop.
    using ElementHandler = std::function<bool(const Element&)>;

    // False when the bytes are not a JSON array (see error()) or the handler stopped.
    bool feed(std::string_view bytes, const ElementHandler& onElement);
    // At the end of the input: false when the array is incomplete.
    bool finish();

    bool notAnArray() const { return notAnArray_; }
    const std::string& error() const { return error_; }
    std::uint64_t errorOffset() const { return errorOffset_; }

private:
    enum class Phase { BeforeArray, ExpectElement, InElement, AfterElement, AfterArray };
    bool fail(std::uint64_t offset, std::string message);

    Phase phase_ = Phase::BeforeArray;
    std::uint64_t consumed_ = 0;
    std::size_t bomSeen_ = 0;
    bool firstElement_ = true;
    std::size_t index_ = 0;
    std::uint64_t elementOffset_ = 0;
    std::string element_;
    std::vector<char> closers_;
    bool inString_ = false, escape_ = false, scalar_ = false;
    bool notAnArray_ = false;
    bool stopped_ = false;
    std::string error_;
    std::uint64_t errorOffset_ = 0;
};

} // namespace casebook
