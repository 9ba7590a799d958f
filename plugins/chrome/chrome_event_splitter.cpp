#include "plugins/chrome/chrome_event_splitter.h"

#include <array>
#include <cstring>

namespace casebook {
namespace {

// Deeper nesting than any trace event has; stops a hostile file from growing the stack
// of expected closers without bound.
constexpr std::size_t kMaxNesting = 1024;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

std::string describe(char c) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F)
        return "byte " + std::to_string(static_cast<unsigned char>(c));
    return std::string("'") + c + "'";
}

// Index just past the JSON value starting at head[i], or npos when the head ends first
// or the value is malformed. Scalars end at the next delimiter.
std::size_t skipValue(std::string_view head, std::size_t i) {
    std::vector<char> closers;
    bool inString = false, escape = false;
    if (i >= head.size())
        return std::string_view::npos;
    const char first = head[i];
    if (first != '{' && first != '[' && first != '"') {
        while (i < head.size() && head[i] != ',' && head[i] != '}' && head[i] != ']' &&
               !isSpace(head[i]))
            ++i;
        return i < head.size() ? i : std::string_view::npos;
    }
    for (; i < head.size(); ++i) {
        const char c = head[i];
        if (inString) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"') {
                inString = false;
                if (closers.empty())
                    return i + 1;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (closers.size() >= kMaxNesting)
                return std::string_view::npos;
            closers.push_back(c == '{' ? '}' : ']');
        } else if (c == '}' || c == ']') {
            if (closers.empty() || closers.back() != c)
                return std::string_view::npos;
            closers.pop_back();
            if (closers.empty())
                return i + 1;
        }
    }
    return std::string_view::npos;
}

// The keys of the object starting at head[i] (which is '{').
std::vector<std::string> objectKeys(std::string_view head, std::size_t i) {
    std::vector<std::string> keys;
    auto skipSpace = [&] {
        while (i < head.size() && isSpace(head[i]))
            ++i;
    };
    ++i;
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
            if (key.size() < 64)
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
        i = skipValue(head, i);
        if (i == std::string_view::npos)
            return keys;
        skipSpace();
        if (i >= head.size() || head[i] != ',')
            return keys;
        ++i;
    }
}

} // namespace

std::vector<std::string> chromeHeadKeys(std::string_view head, bool& inArray) {
    inArray = false;
    std::size_t i = head.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
    while (i < head.size() && isSpace(head[i]))
        ++i;
    if (i >= head.size())
        return {};
    if (head[i] == '{')
        return objectKeys(head, i);
    if (head[i] != '[')
        return {};
    ++i;
    while (i < head.size() && isSpace(head[i]))
        ++i;
    if (i >= head.size() || head[i] != '{')
        return {};
    inArray = true;
    return objectKeys(head, i);
}

bool ChromeEventSplitter::fail(std::uint64_t offset, std::string message) {
    error_ = std::move(message);
    errorOffset_ = offset;
    return false;
}

bool ChromeEventSplitter::startValue(char c) {
    closers_.clear();
    inString_ = escape_ = scalar_ = false;
    switch (c) {
    case '{':
        closers_.push_back('}');
        return true;
    case '[':
        closers_.push_back(']');
        return true;
    case '"':
        inString_ = true;
        return true;
    case ',':
    case ':':
    case ']':
    case '}':
        return false;
    default:
        if (isSpace(c))
            return false;
        scalar_ = true;
        return true;
    }
}

bool ChromeEventSplitter::scanValue(const char* data, std::size_t size, std::size_t& i) {
    // Bytes that matter inside a container outside strings; the rest is skipped in a
    // tight loop: this scan is a good part of each pass.
    static constexpr auto kStructural = [] {
        std::array<bool, 256> table{};
        for (unsigned char c : {'"', '{', '}', '[', ']'})
            table[c] = true;
        return table;
    }();
    while (i < size) {
        if (inString_) {
            if (escape_) {
                escape_ = false;
                ++i;
                continue;
            }
            // Strings are short: one pass for the quote or a backslash beats two memchr.
            while (i < size && data[i] != '"' && data[i] != '\\')
                ++i;
            if (i == size)
                return false;
            if (data[i] == '\\') {
                ++i;
                escape_ = true; // the next byte is escaped, whichever chunk it is in
                continue;
            }
            ++i;
            inString_ = false;
            if (closers_.empty())
                return true; // the value was a string
            continue;
        }
        if (scalar_) {
            const char c = data[i];
            if (c == ',' || c == ']' || c == '}' || isSpace(c))
                return true;
            ++i;
            continue;
        }
        while (i < size && !kStructural[static_cast<unsigned char>(data[i])])
            ++i;
        if (i == size)
            return false;
        const char c = data[i];
        switch (c) {
        case '"':
            inString_ = true;
            break;
        case '{':
        case '[':
            if (closers_.size() >= kMaxNesting) {
                fail(consumed_ + i, "nested more than " + std::to_string(kMaxNesting) + " levels");
                return false;
            }
            closers_.push_back(c == '{' ? '}' : ']');
            break;
        default: // '}' or ']'
            if (closers_.back() != c) {
                fail(consumed_ + i,
                     "expected '" + std::string(1, closers_.back()) + "', found " + describe(c));
                return false;
            }
            closers_.pop_back();
            if (closers_.empty()) {
                ++i;
                return true;
            }
            break;
        }
        ++i;
    }
    return false;
}

bool ChromeEventSplitter::feed(std::string_view bytes, const EventHandler& onEvent) {
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
            if (c == '[') {
                phase_ = Phase::ExpectElement;
                eventArray_ = true;
                firstElement_ = true;
            } else if (c == '{') {
                objectForm_ = true;
                phase_ = Phase::ExpectKey;
                firstMember_ = true;
            } else {
                return fail(at(i), "expected '[' or '{' (a Chrome trace), found " + describe(c));
            }
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
            keyEscape_ = keyEscaped_ = false;
            phase_ = Phase::InKey;
            ++i;
            break;
        case Phase::InKey:
            if (keyEscape_) {
                keyEscape_ = false;
                keyEscaped_ = true; // escaped keys never name the event array
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
            if (c == '[' && !keyEscaped_ && key_ == "traceEvents") {
                phase_ = Phase::ExpectElement;
                eventArray_ = true;
                firstElement_ = true;
                index_ = 0;
                ++i;
                break;
            }
            // Other members (stackFrames, samples, metadata...) are skipped.
            if (!startValue(c))
                return fail(at(i), "expected a value, found " + describe(c));
            phase_ = Phase::SkipValue;
            ++i;
            break;
        case Phase::SkipValue:
            if (scanValue(data, size, i))
                phase_ = Phase::AfterValue;
            else if (!error_.empty())
                return false;
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
            // ']' after a comma too: writers that stream events leave "...}, ]" behind.
            if (c == ']') {
                eventArray_ = false;
                phase_ = objectForm_ ? Phase::AfterValue : Phase::AfterRoot;
                ++i;
                break;
            }
            if (!startValue(c))
                return fail(at(i), "expected an event, found " + describe(c));
            elementOffset_ = at(i);
            element_.assign(1, c);
            phase_ = Phase::InElement;
            ++i;
            break;
        case Phase::InElement: {
            const std::size_t from = i;
            const bool done = scanValue(data, size, i);
            if (!error_.empty())
                return false;
            element_.append(data + from, i - from);
            if (done) {
                phase_ = Phase::AfterElement;
                if (element_.size() > largest_)
                    largest_ = element_.size();
                if (!onEvent({index_, elementOffset_, element_})) {
                    stopped_ = true;
                    return false;
                }
                ++index_;
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
                eventArray_ = false;
                phase_ = objectForm_ ? Phase::AfterValue : Phase::AfterRoot;
            } else {
                return fail(at(i), "expected ',' or ']', found " + describe(c));
            }
            ++i;
            break;
        case Phase::AfterRoot:
            if (!isSpace(c))
                return fail(at(i), "unexpected " + describe(c) + " after the trace");
            ++i;
            break;
        }
    }
    consumed_ += size;
    return true;
}

bool ChromeEventSplitter::finish() {
    if (!error_.empty() || stopped_)
        return false;
    switch (phase_) {
    case Phase::BeforeRoot: // an empty file holds no events, which is not an error
    case Phase::AfterRoot:
        return true;
    case Phase::ExpectElement:
    case Phase::AfterElement:
        if (!objectForm_)
            return true; // the array form may end without its ']'
        return fail(consumed_, "the file ends inside the traceEvents array");
    case Phase::InElement:
        return fail(elementOffset_, "the file ends inside the event that starts here");
    default:
        return fail(consumed_, "the file ends inside the trace object");
    }
}

} // namespace casebook
