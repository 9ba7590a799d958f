#include "plugins/chrome/chrome_event_splitter.h"

#include <algorithm>
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

bool ChromeEventSplitter::feed(std::string_view bytes, const EventHandler& onEvent,
                               const InPlaceReader& readInPlace) {
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
            if (!value_.start(c))
                return fail(at(i), "expected a value, found " + describe(c));
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
            // ']' after a comma too: writers that stream events leave "...}, ]" behind.
            if (c == ']') {
                eventArray_ = false;
                phase_ = objectForm_ ? Phase::AfterValue : Phase::AfterRoot;
                ++i;
                break;
            }
            if (!value_.start(c))
                return fail(at(i), "expected an event, found " + describe(c));
            elementOffset_ = at(i);
            elementHeld_ = false;
            if (c == '{' && readInPlace) {
                const std::size_t length = readInPlace(index_, elementOffset_, i);
                if (length == kStop) {
                    stopped_ = true;
                    return false;
                }
                if (length > 0) {
                    largest_ = std::max(largest_, length);
                    ++index_;
                    phase_ = Phase::AfterElement;
                    i += length;
                    break;
                }
            }
            phase_ = Phase::InElement;
            ++i;
            break;
        case Phase::InElement: {
            const std::size_t from = i;
            i = value_.scan(data, i, size);
            if (value_.failed())
                return fail(at(i), value_.error());
            // The element starts in this feed unless element_ holds its beginning.
            const std::size_t start =
                elementHeld_ ? from : static_cast<std::size_t>(elementOffset_ - consumed_);
            if (!value_.done()) {
                // The feed ends inside the element: keep what is here for the next one.
                if (!elementHeld_)
                    element_.assign(data + start, i - start);
                else
                    element_.append(data + from, i - from);
                elementHeld_ = true;
                break;
            }
            std::string_view json;
            if (elementHeld_) {
                element_.append(data + from, i - from);
                json = element_;
            } else {
                json = {data + start, i - start};
            }
            phase_ = Phase::AfterElement;
            if (json.size() > largest_)
                largest_ = json.size();
            if (!onEvent({index_, elementOffset_, json, !elementHeld_})) {
                stopped_ = true;
                return false;
            }
            ++index_;
            elementHeld_ = false;
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
    if (phase_ == Phase::InElement && !elementHeld_) {
        // The event's first byte was this feed's last: it waits for the rest.
        const auto start = static_cast<std::size_t>(elementOffset_ - consumed_);
        element_.assign(data + start, size - start);
        elementHeld_ = true;
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
