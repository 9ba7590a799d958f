#include "plugins/changes/json_array_splitter.h"

namespace casebook {
namespace {

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

} // namespace

bool JsonArraySplitter::fail(std::uint64_t offset, std::string message) {
    error_ = std::move(message);
    errorOffset_ = offset;
    return false;
}

bool JsonArraySplitter::feed(std::string_view bytes, const ElementHandler& onElement) {
    if (!error_.empty() || stopped_)
        return false;
    const char* data = bytes.data();
    const std::size_t size = bytes.size();
    std::size_t i = 0;
    auto at = [&](std::size_t pos) { return consumed_ + pos; };
    while (i < size) {
        const char c = data[i];
        switch (phase_) {
        case Phase::BeforeArray:
            if (at(i) == bomSeen_ && bomSeen_ < kBom.size() && c == kBom[bomSeen_]) {
                ++bomSeen_;
            } else if (c == '[') {
                phase_ = Phase::ExpectElement;
            } else if (!isSpace(c)) {
                notAnArray_ = true;
                return fail(at(i), "expected a JSON array, found " + describe(c));
            }
            ++i;
            break;
        case Phase::ExpectElement:
            if (isSpace(c)) {
                ++i;
                break;
            }
            if (c == ']' && firstElement_) {
                phase_ = Phase::AfterArray;
                ++i;
                break;
            }
            if (c == ',' || c == ']' || c == '}' || c == ':')
                return fail(at(i), "expected a value, found " + describe(c));
            elementOffset_ = at(i);
            element_.assign(1, c);
            closers_.clear();
            inString_ = escape_ = scalar_ = false;
            if (c == '{' || c == '[')
                closers_.push_back(c == '{' ? '}' : ']');
            else if (c == '"')
                inString_ = true;
            else
                scalar_ = true;
            phase_ = Phase::InElement;
            ++i;
            break;
        case Phase::InElement: {
            const std::size_t from = i;
            bool done = false;
            for (; i < size && !done; ++i) {
                const char d = data[i];
                if (inString_) {
                    if (escape_)
                        escape_ = false;
                    else if (d == '\\')
                        escape_ = true;
                    else if (d == '"') {
                        inString_ = false;
                        done = closers_.empty();
                    }
                } else if (scalar_) {
                    if (d == ',' || d == ']' || isSpace(d)) {
                        done = true;
                        break; // the delimiter belongs to the array
                    }
                } else if (d == '"') {
                    inString_ = true;
                } else if (d == '{' || d == '[') {
                    if (closers_.size() >= kMaxNesting)
                        return fail(at(i), "nested too deeply");
                    closers_.push_back(d == '{' ? '}' : ']');
                } else if (d == '}' || d == ']') {
                    if (closers_.back() != d)
                        return fail(at(i), "expected '" + std::string(1, closers_.back()) +
                                               "', found " + describe(d));
                    closers_.pop_back();
                    done = closers_.empty();
                }
            }
            element_.append(data + from, i - from);
            if (done) {
                phase_ = Phase::AfterElement;
                if (!onElement({index_, elementOffset_, element_})) {
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
                phase_ = Phase::AfterArray;
            } else {
                return fail(at(i), "expected ',' or ']', found " + describe(c));
            }
            ++i;
            break;
        case Phase::AfterArray:
            if (!isSpace(c))
                return fail(at(i), "unexpected " + describe(c) + " after the array");
            ++i;
            break;
        }
    }
    consumed_ += size;
    return true;
}

bool JsonArraySplitter::finish() {
    if (!error_.empty() || stopped_)
        return false;
    if (phase_ == Phase::AfterArray)
        return true;
    if (phase_ == Phase::BeforeArray) {
        notAnArray_ = true;
        return fail(consumed_, "empty file, expected a JSON array");
    }
    return fail(consumed_, "unexpected end of file inside the array");
}

} // namespace casebook
