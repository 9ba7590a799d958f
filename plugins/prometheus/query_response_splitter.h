#pragma once
// Streams a Prometheus HTTP API response ({"status", "data": {"resultType", "result":
// [...]}, "warnings", "error"...}) without holding it whole: a byte scanner hands on
// each element of data.result as its own text, and the few small members around it.
// Memory is bounded by the largest series, not the file. The scanner checks strings,
// escapes and bracket nesting only; each element is validated by the parser reading it.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// Skips over one JSON value fed in pieces: strings (with escapes), nested objects and
// arrays, and scalars. It checks that brackets match, nothing more.
class QueryValueScanner {
public:
    // Starts a value at `c`, its first byte. False when `c` cannot start a value.
    bool start(char c);
    // Scans data[from, size). Returns where it stopped: just past the value's last byte
    // when done() (for a scalar, at the delimiter that ends it), else at `size`.
    std::size_t scan(const char* data, std::size_t from, std::size_t size);
    bool done() const { return done_; }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    // A scalar at the end of the input is complete (there is no delimiter to wait for).
    bool scalarPending() const { return scalar_ && !done_; }

private:
    std::vector<char> closers_;
    bool inString_ = false;
    bool escape_ = false;
    bool scalar_ = false;
    bool done_ = false;
    std::string error_;
};

class QueryResponseSplitter {
public:
    // "status", "errorType", "error", "warnings", "infos" (top level) and
    // "data.resultType": small members, handed on as JSON text.
    struct Member {
        std::string_view path;
        std::string_view json;
    };
    struct Element {
        std::size_t index;    // position in data.result
        std::uint64_t offset; // byte offset of the element in the file (0-based)
        std::string_view json;
    };
    // Handlers return false to stop.
    using MemberHandler = std::function<bool(const Member&)>;
    using ElementHandler = std::function<bool(const Element&)>;

    QueryResponseSplitter(MemberHandler onMember, ElementHandler onElement);

    // Feeds the next bytes of the file. False when they break the JSON structure (see
    // error() and errorOffset()) or a handler asked to stop.
    bool feed(std::string_view bytes);
    // At the end of the file: false when the document is incomplete.
    bool finish();

    bool sawRoot() const { return phase_ != Phase::BeforeRoot; }
    bool stopped() const { return stopped_; }
    const std::string& error() const { return error_; }
    std::uint64_t errorOffset() const { return errorOffset_; }
    std::size_t largestElement() const { return largestElement_; }

private:
    enum class Phase {
        BeforeRoot,
        ExpectKey,
        InKey,
        ExpectColon,
        ExpectValue,
        InValue,
        AfterValue,
        ExpectElement,
        InElement,
        AfterElement,
        AfterRoot
    };

    bool fail(std::uint64_t offset, std::string message);
    bool endValue();
    bool closeObject();

    MemberHandler onMember_;
    ElementHandler onElement_;
    Phase phase_ = Phase::BeforeRoot;
    int level_ = 0; // 0: the response object, 1: data, 2: data.result
    bool first_ = true;
    std::uint64_t consumed_ = 0;
    std::size_t bomSeen_ = 0;
    std::string key_;
    bool keyEscape_ = false;
    bool capture_ = false;
    std::string memberPath_;
    std::string value_;
    QueryValueScanner scanner_;
    std::size_t index_ = 0;
    std::uint64_t elementOffset_ = 0;
    std::size_t largestElement_ = 0;
    bool stopped_ = false;
    std::string error_;
    std::uint64_t errorOffset_ = 0;
};

// For sniffing: whether the first JSON value of `head` is an object with a top-level
// "status" and either "data" holding "resultType" or "errorType". The head may end
// anywhere inside the document.
bool looksLikeQueryResponse(std::string_view head);

} // namespace casebook
