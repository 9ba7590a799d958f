#include "plugins/otlp/otlp_document_splitter.h"

#include <cstring>

namespace casebook {
namespace {

// Deeper nesting than any OTLP request has; stops a hostile file from growing the stack
// of expected closers without bound.
constexpr std::size_t kMaxNesting = 1024;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool signalFromKey(std::string_view key, OtlpSignal& signal) {
    if (key == "resourceSpans")
        signal = OtlpSignal::Spans;
    else if (key == "resourceLogs")
        signal = OtlpSignal::Logs;
    else if (key == "resourceMetrics")
        signal = OtlpSignal::Metrics;
    else
        return false;
    return true;
}

std::string describe(char c) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F)
        return "byte " + std::to_string(static_cast<unsigned char>(c));
    return std::string("'") + c + "'";
}

} // namespace

std::string_view otlpResourceKey(OtlpSignal signal) {
    switch (signal) {
    case OtlpSignal::Spans:
        return "resourceSpans";
    case OtlpSignal::Logs:
        return "resourceLogs";
    case OtlpSignal::Metrics:
        return "resourceMetrics";
    }
    return {};
}

bool OtlpValueScanner::start(char c) {
    closers_.clear();
    inString_ = escape_ = scalar_ = done_ = false;
    error_.clear();
    switch (c) {
    case '{':
        closers_.push_back('}');
        break;
    case '[':
        closers_.push_back(']');
        break;
    case '"':
        inString_ = true;
        break;
    case ',':
    case ':':
    case ']':
    case '}':
        error_ = "expected a value, found " + describe(c);
        return false;
    default:
        if (isSpace(c)) {
            error_ = "expected a value";
            return false;
        }
        scalar_ = true;
    }
    return true;
}

std::size_t OtlpValueScanner::scan(const char* data, std::size_t from, std::size_t size) {
    std::size_t i = from;
    while (i < size && !done_ && error_.empty()) {
        if (inString_) {
            for (; i < size; ++i) {
                const char c = data[i];
                if (escape_)
                    escape_ = false;
                else if (c == '\\')
                    escape_ = true;
                else if (c == '"')
                    break;
            }
            if (i == size)
                return i;
            inString_ = false;
            ++i;
            if (closers_.empty()) {
                done_ = true; // the value was a string
                return i;
            }
            continue;
        }
        const char c = data[i];
        if (scalar_) {
            if (c == ',' || c == ']' || c == '}' || isSpace(c)) {
                done_ = true;
                return i;
            }
            ++i;
            continue;
        }
        switch (c) {
        case '"':
            inString_ = true;
            break;
        case '{':
        case '[':
            if (closers_.size() >= kMaxNesting) {
                error_ = "nested more than " + std::to_string(kMaxNesting) + " levels";
                return i;
            }
            closers_.push_back(c == '{' ? '}' : ']');
            break;
        case '}':
        case ']':
            if (closers_.back() != c) {
                error_ = "expected '" + std::string(1, closers_.back()) + "', found " + describe(c);
                return i;
            }
            closers_.pop_back();
            if (closers_.empty()) {
                done_ = true;
                return i + 1;
            }
            break;
        default:
            break;
        }
        ++i;
    }
    return i;
}

bool OtlpDocumentSplitter::fail(std::uint64_t offset, std::string message) {
    error_ = std::move(message);
    errorOffset_ = offset;
    return false;
}

bool OtlpDocumentSplitter::emit(const BlockHandler& onBlock) {
    if (element_.size() > largestBlock_)
        largestBlock_ = element_.size();
    const Block block{signal_, index_, elementOffset_, element_};
    if (!onBlock(block)) {
        stopped_ = true;
        return false;
    }
    ++index_;
    return true;
}

bool OtlpDocumentSplitter::feed(std::string_view bytes, const BlockHandler& onBlock) {
    if (!error_.empty() || stopped_)
        return false;
    const char* data = bytes.data();
    const std::size_t size = bytes.size();
    std::size_t i = 0;
    auto at = [&](std::size_t pos) { return consumed_ + pos; };

    while (i < size) {
        const char c = data[i];
        switch (phase_) {
        case Phase::BeforeRoot:
            if (at(i) == bomSeen_ && bomSeen_ < kBom.size() && c == kBom[bomSeen_]) {
                ++bomSeen_;
                ++i;
                break;
            }
            if (isSpace(c)) {
                ++i;
                break;
            }
            if (c != '{')
                return fail(at(i), "expected '{' (an OTLP export request), found " + describe(c));
            phase_ = Phase::ExpectKey;
            firstMember_ = true;
            ++i;
            break;
        case Phase::ExpectKey:
            if (isSpace(c)) {
                ++i;
                break;
            }
            if (c == '}' && firstMember_) {
                phase_ = Phase::AfterRoot;
                ++i;
                break;
            }
            if (c != '"')
                return fail(at(i), "expected a key, found " + describe(c));
            key_.clear();
            keyEscaped_ = keyEscape_ = false;
            phase_ = Phase::InKey;
            ++i;
            break;
        case Phase::InKey:
            if (keyEscape_) {
                keyEscape_ = false;
                keyEscaped_ = true; // escaped keys never name a signal array
            } else if (c == '\\') {
                keyEscape_ = true;
            } else if (c == '"') {
                phase_ = Phase::ExpectColon;
            } else if (key_.size() < 64) {
                key_.push_back(c);
            }
            ++i;
            break;
        case Phase::ExpectColon:
            if (isSpace(c)) {
                ++i;
                break;
            }
            if (c != ':')
                return fail(at(i), "expected ':', found " + describe(c));
            phase_ = Phase::ExpectValue;
            ++i;
            break;
        case Phase::ExpectValue:
            if (isSpace(c)) {
                ++i;
                break;
            }
            if (c == '[' && !keyEscaped_ && signalFromKey(key_, signal_)) {
                phase_ = Phase::ExpectElement;
                firstElement_ = true;
                index_ = 0;
                ++i;
                break;
            }
            // Other members (and a signal key that is not an array) are skipped.
            if (!value_.start(c))
                return fail(at(i), value_.error());
            phase_ = Phase::SkipValue;
            ++i;
            break;
        case Phase::SkipValue:
            i = value_.scan(data, i, size);
            if (value_.failed())
                return fail(at(i), value_.error());
            if (value_.done())
                phase_ = Phase::AfterValue;
            break;
        case Phase::AfterValue:
            if (isSpace(c)) {
                ++i;
                break;
            }
            if (c == ',') {
                phase_ = Phase::ExpectKey;
                firstMember_ = false;
            } else if (c == '}') {
                phase_ = Phase::AfterRoot;
            } else {
                return fail(at(i), "expected ',' or '}', found " + describe(c));
            }
            ++i;
            break;
        case Phase::ExpectElement:
            if (isSpace(c)) {
                ++i;
                break;
            }
            if (c == ']' && firstElement_) {
                phase_ = Phase::AfterValue;
                ++i;
                break;
            }
            if (!value_.start(c))
                return fail(at(i), value_.error());
            elementOffset_ = at(i);
            element_.assign(1, c);
            phase_ = Phase::InElement;
            ++i;
            break;
        case Phase::InElement: {
            const std::size_t from = i;
            i = value_.scan(data, i, size);
            if (value_.failed())
                return fail(at(i), value_.error());
            element_.append(data + from, i - from);
            if (value_.done()) {
                phase_ = Phase::AfterElement;
                if (!emit(onBlock))
                    return false;
            }
            break;
        }
        case Phase::AfterElement:
            if (isSpace(c)) {
                ++i;
                break;
            }
            if (c == ',') {
                phase_ = Phase::ExpectElement;
                firstElement_ = false;
            } else if (c == ']') {
                phase_ = Phase::AfterValue;
            } else {
                return fail(at(i), "expected ',' or ']', found " + describe(c));
            }
            ++i;
            break;
        case Phase::AfterRoot:
            if (!isSpace(c))
                return fail(at(i), "unexpected " + describe(c) + " after the request object");
            ++i;
            break;
        }
    }
    consumed_ += size;
    return true;
}

bool OtlpDocumentSplitter::finish() {
    if (!error_.empty() || stopped_)
        return false;
    if (phase_ == Phase::AfterRoot || phase_ == Phase::BeforeRoot)
        return true; // BeforeRoot: an empty file holds nothing, which is not an error
    return fail(consumed_, "unexpected end of file inside the request object");
}

OtlpLayout OtlpLayoutDetector::feed(std::string_view bytes) {
    if (decided_ != OtlpLayout::Undecided)
        return decided_;
    std::size_t i = 0;
    if (!started_) {
        if (offset_ == 0 && bytes.substr(0, kBom.size()) == kBom)
            i = kBom.size();
        while (i < bytes.size() && isSpace(bytes[i]))
            ++i;
        if (i == bytes.size()) {
            offset_ += bytes.size();
            return decided_;
        }
        if (!value_.start(bytes[i])) {
            // Not JSON at all: as a document it is reported as invalid at its offset.
            decided_ = OtlpLayout::Document;
            return decided_;
        }
        started_ = true;
        ++i;
    }
    const void* newline = std::memchr(bytes.data() + i, '\n', bytes.size() - i);
    const std::size_t limit =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - bytes.data())
                : bytes.size();
    value_.scan(bytes.data(), i, limit);
    if (value_.failed())
        decided_ = OtlpLayout::Document;
    else if (value_.done())
        decided_ = OtlpLayout::JsonLines;
    else if (newline)
        decided_ = value_.scalarPending() ? OtlpLayout::JsonLines : OtlpLayout::Document;
    offset_ += bytes.size();
    return decided_;
}

OtlpLayout OtlpLayoutDetector::finish() const {
    if (decided_ != OtlpLayout::Undecided)
        return decided_;
    if (!started_ || value_.scalarPending())
        return OtlpLayout::JsonLines;
    return OtlpLayout::Document;
}

std::vector<std::string> otlpTopLevelKeys(std::string_view head) {
    std::vector<std::string> keys;
    std::size_t i = head.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
    auto skipSpace = [&] {
        while (i < head.size() && isSpace(head[i]))
            ++i;
    };
    skipSpace();
    if (i >= head.size() || head[i] != '{')
        return keys;
    ++i;
    OtlpValueScanner value;
    while (true) {
        skipSpace();
        if (i >= head.size() || head[i] != '"')
            return keys;
        std::string key;
        bool escape = false;
        for (++i; i < head.size(); ++i) {
            if (escape)
                escape = false;
            else if (head[i] == '\\')
                escape = true;
            else if (head[i] == '"')
                break;
            key.push_back(head[i]);
        }
        if (i >= head.size())
            return keys;
        ++i;
        keys.push_back(std::move(key));
        skipSpace();
        if (i >= head.size() || head[i] != ':')
            return keys;
        ++i;
        skipSpace();
        if (i >= head.size() || !value.start(head[i]))
            return keys;
        i = value.scan(head.data(), i + 1, head.size());
        if (!value.done())
            return keys;
        skipSpace();
        if (i >= head.size() || head[i] != ',')
            return keys;
        ++i;
    }
}

} // namespace casebook
