#pragma once
// Streams a Prometheus HTTP API response ({"status", "data": {"resultType", "result":
// [...]}, "warnings", "error"...}) without holding it whole: a byte scanner hands on
// each element of data.result as its own text, and the few small members around it.
// Memory is bounded by the largest series, not the file. The scanner (the one the Jaeger
// and Zipkin splitters use, 64 bytes at a time) checks strings, escapes and bracket
// nesting only; each element is validated by the parser reading it.

#include "core/util/json_structure.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace casebook {

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
    JsonValueScanner scanner_;
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
