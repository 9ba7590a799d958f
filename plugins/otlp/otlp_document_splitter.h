#pragma once
// Streaming over a single OTLP/JSON request document (possibly pretty-printed across
// many lines) without holding it whole: a small byte scanner finds the elements of the
// top-level resourceSpans / resourceLogs / resourceMetrics arrays, and each element is
// then parsed on its own. Memory is bounded by the largest resource block, not by the
// file. The scanner tracks only strings, escapes and bracket nesting; the JSON inside
// an element is validated by the parser that reads it.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

enum class OtlpSignal { Spans, Logs, Metrics };

// The request key of a signal ("resourceSpans"...), and the key of its scope level.
std::string_view otlpResourceKey(OtlpSignal signal);

// Skips over one JSON value fed in pieces: strings (with escapes), nested objects and
// arrays, and scalars. It checks that brackets match, nothing more.
class OtlpValueScanner {
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

class OtlpDocumentSplitter {
public:
    struct Block {
        OtlpSignal signal;
        std::size_t index;    // position in its array, e.g. 3 for resourceSpans[3]
        std::uint64_t offset; // byte offset of the element in the file (0-based)
        std::string_view json;
    };
    // Returns false to stop splitting (for example when the import is cancelled).
    using BlockHandler = std::function<bool(const Block&)>;

    // Feeds the next bytes of the file. False when they are not valid JSON at the top
    // level (see error() and errorOffset()) or when the handler asked to stop.
    bool feed(std::string_view bytes, const BlockHandler& onBlock);
    // At the end of the file: false when the document is incomplete.
    bool finish();

    bool stopped() const { return stopped_; }
    const std::string& error() const { return error_; }
    std::uint64_t errorOffset() const { return errorOffset_; }
    // The largest element held so far, for tests of the memory bound.
    std::size_t largestBlock() const { return largestBlock_; }

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
    bool emit(const BlockHandler& onBlock);

    Phase phase_ = Phase::BeforeRoot;
    std::uint64_t consumed_ = 0; // file offset of the current feed's first byte
    std::string key_;
    bool keyEscaped_ = false;
    bool keyEscape_ = false;
    bool firstMember_ = true;
    bool firstElement_ = true;
    OtlpSignal signal_ = OtlpSignal::Spans;
    std::size_t index_ = 0;
    std::uint64_t elementOffset_ = 0;
    std::string element_;
    OtlpValueScanner value_;
    std::size_t largestBlock_ = 0;
    bool stopped_ = false;
    std::string error_;
    std::uint64_t errorOffset_ = 0;
    std::size_t bomSeen_ = 0;
};

// What sniffing needs: the top-level keys of the first JSON value in `head`, when that
// value is an object. The head may end inside the object; keys seen so far are returned.
std::vector<std::string> otlpTopLevelKeys(std::string_view head);

// Decides between JSON lines and a single document from the first bytes of a file. A
// file is JSON lines when its first JSON value (after blank space) ends before the
// first line break. A document spread over several lines (pretty-printed) has a first
// line that is not a complete value. Trying to parse the first line instead would mix
// up "not JSON lines" with "a broken first line"; the scanner only looks at structure.
enum class OtlpLayout { JsonLines, Document, Undecided };

class OtlpLayoutDetector {
public:
    // Feeds the next bytes; Undecided until the first value or the first line ends.
    OtlpLayout feed(std::string_view bytes);
    // At the end of the file. A single line that ends inside its first value is a
    // truncated document: read as a document, what precedes the break still lands.
    OtlpLayout finish() const;

private:
    OtlpValueScanner value_;
    bool started_ = false;
    OtlpLayout decided_ = OtlpLayout::Undecided;
    std::size_t offset_ = 0;
};

} // namespace casebook
