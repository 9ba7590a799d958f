#include "plugins/jaeger/jaeger_document_splitter.h"

namespace casebook {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kWrapperKey = "data";
constexpr std::string_view kErrorsKey = "errors";

// The buffer's text, with kPadding bytes of room after it.
std::string_view withPadding(std::string& buffer) {
    buffer.reserve(buffer.size() + JaegerDocumentSplitter::kPadding);
    return buffer;
}

} // namespace

std::string JaegerDocumentSplitter::path(Container container, std::size_t index) {
    switch (container) {
    case Container::Document:
        return {};
    case Container::Array:
        return "[" + std::to_string(index) + "]";
    case Container::Data:
        return "data[" + std::to_string(index) + "]";
    }
    return {};
}

bool JaegerDocumentSplitter::fail(std::uint64_t offset, std::string message) {
    error_ = std::move(message);
    errorOffset_ = offset;
    return false;
}

std::string JaegerDocumentSplitter::where() const {
    if (phase_ == Phase::InElement)
        return " inside " + path(container_, index_);
    if (holdingRoot_)
        return " inside the trace object";
    return {};
}

void JaegerDocumentSplitter::hold(std::string& buffer, bool& tooLarge, const char* data,
                                  std::size_t size) {
    if (tooLarge)
        return;
    if (buffer.size() + size > maxElement_) {
        // Too large to hold: the rest is only scanned, and the element reported skipped.
        tooLarge = true;
        buffer.clear();
        buffer.shrink_to_fit();
        return;
    }
    buffer.append(data, size);
}

bool JaegerDocumentSplitter::emit(const ElementHandler& onElement, Element element) {
    if (element.json.size() > largest_)
        largest_ = element.json.size();
    if (!onElement(element)) {
        stopped_ = true;
        return false;
    }
    return true;
}

bool JaegerDocumentSplitter::feed(std::string_view bytes, const ElementHandler& onElement) {
    if (!error_.empty() || stopped_)
        return false;
    const char* data = bytes.data();
    const std::size_t size = bytes.size();
    std::size_t i = 0;
    // The root object is held from its '{' on; bytes [rootFrom, ...) of this feed are
    // appended when holding stops or the feed ends.
    std::size_t rootFrom = 0;
    auto at = [&](std::size_t pos) { return consumed_ + pos; };
    auto stopHoldingRoot = [&](std::size_t upTo) {
        if (holdingRoot_) {
            rootSize_ += upTo - rootFrom;
            hold(root_, rootTooLarge_, data + rootFrom, upTo - rootFrom);
        }
        holdingRoot_ = false;
    };
    auto endOfArray = [&] {
        if (container_ == Container::Array) {
            phase_ = Phase::AfterRoot;
        } else {
            phase_ = Phase::AfterValue;
        }
    };

    while (i < size) {
        const char c = data[i];
        switch (phase_) {
        case Phase::BeforeRoot:
            if (at(i) == bomSeen_ && bomSeen_ < kBom.size() && c == kBom[bomSeen_]) {
                ++bomSeen_;
                ++i;
                break;
            }
            if (jsonIsSpace(c)) {
                ++i;
                break;
            }
            if (c == '{') {
                rootIsObject_ = true;
                holdingRoot_ = true;
                rootFrom = i;
                elementOffset_ = at(i);
                rootSize_ = 0;
                phase_ = Phase::ExpectKey;
                firstMember_ = true;
            } else if (c == '[') {
                container_ = Container::Array;
                phase_ = Phase::ExpectElement;
                firstElement_ = true;
                index_ = 0;
            } else {
                return fail(at(i),
                            "expected '{' or '[' (Jaeger traces), found " + jsonDescribeByte(c));
            }
            ++i;
            break;
        case Phase::ExpectKey:
            if (jsonIsSpace(c)) {
                ++i;
                break;
            }
            if (c == '}' && firstMember_) {
                phase_ = Phase::AfterRoot;
                stopHoldingRoot(i + 1);
                ++i;
                if (!wrapper_ && !rootTooLarge_ &&
                    !emit(onElement, {Container::Document, 0, elementOffset_, rootSize_,
                                      withPadding(root_), false}))
                    return false;
                break;
            }
            if (c != '"')
                return fail(at(i), "expected a key, found " + jsonDescribeByte(c));
            key_.clear();
            keyEscaped_ = keyEscape_ = false;
            phase_ = Phase::InKey;
            ++i;
            break;
        case Phase::InKey:
            if (keyEscape_) {
                keyEscape_ = false;
                keyEscaped_ = true; // an escaped key is never the wrapper's "data"
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
            if (jsonIsSpace(c)) {
                ++i;
                break;
            }
            if (c != ':')
                return fail(at(i), "expected ':', found " + jsonDescribeByte(c));
            phase_ = Phase::ExpectValue;
            ++i;
            break;
        case Phase::ExpectValue:
            if (jsonIsSpace(c)) {
                ++i;
                break;
            }
            if (!keyEscaped_ && key_ == kWrapperKey) {
                // A "data" member makes the root a wrapper, not a trace (also when data is
                // null, as in an API error response).
                wrapper_ = true;
                stopHoldingRoot(i);
                root_.clear();
                root_.shrink_to_fit();
                if (c == '[') {
                    container_ = Container::Data;
                    phase_ = Phase::ExpectElement;
                    firstElement_ = true;
                    index_ = 0;
                    ++i;
                    break;
                }
                if (c != 'n')
                    return fail(at(i),
                                "data: expected an array of traces, found " + jsonDescribeByte(c));
                dataNull_ = true;
            }
            if (!value_.start(c))
                return fail(at(i), value_.error());
            if (!keyEscaped_ && key_ == kErrorsKey) {
                // What the query met (an error answer has nothing else): kept for the
                // report.
                holdingErrors_ = true;
                errorsOffset_ = at(i);
                errorsSize_ = 1;
                errorsTooLarge_ = false;
                errors_.assign(1, c);
            }
            phase_ = Phase::SkipValue;
            ++i;
            break;
        case Phase::SkipValue: {
            const std::size_t from = i;
            i = value_.scan(data, i, size);
            if (value_.failed())
                return fail(at(i), value_.error());
            if (holdingErrors_) {
                errorsSize_ += i - from;
                if (!errorsTooLarge_ && errors_.size() + (i - from) > kMaxErrors) {
                    errorsTooLarge_ = true;
                    errors_.clear();
                    errors_.shrink_to_fit();
                } else if (!errorsTooLarge_) {
                    errors_.append(data + from, i - from);
                }
            }
            if (value_.done()) {
                holdingErrors_ = false;
                phase_ = Phase::AfterValue;
            }
            break;
        }
        case Phase::AfterValue:
            if (jsonIsSpace(c)) {
                ++i;
                break;
            }
            if (c == ',') {
                phase_ = Phase::ExpectKey;
                firstMember_ = false;
                ++i;
                break;
            }
            if (c != '}')
                return fail(at(i), "expected ',' or '}', found " + jsonDescribeByte(c));
            phase_ = Phase::AfterRoot;
            stopHoldingRoot(i + 1);
            ++i;
            if (!wrapper_) {
                if (!emit(onElement,
                          {Container::Document, 0, elementOffset_, rootSize_,
                           rootTooLarge_ ? std::string_view{} : withPadding(root_), rootTooLarge_}))
                    return false;
                root_.clear();
                root_.shrink_to_fit();
            }
            break;
        case Phase::ExpectElement:
            if (jsonIsSpace(c)) {
                ++i;
                break;
            }
            if (c == ']' && firstElement_) {
                endOfArray();
                ++i;
                break;
            }
            if (!value_.start(c))
                return fail(at(i), value_.error());
            elementOffset_ = at(i);
            elementSize_ = 1;
            elementTooLarge_ = false;
            element_.assign(1, c);
            phase_ = Phase::InElement;
            ++i;
            break;
        case Phase::InElement: {
            const std::size_t from = i;
            i = value_.scan(data, i, size);
            if (value_.failed())
                return fail(at(i), value_.error());
            elementSize_ += i - from;
            hold(element_, elementTooLarge_, data + from, i - from);
            if (value_.done()) {
                phase_ = Phase::AfterElement;
                const Element element{container_,
                                      index_,
                                      elementOffset_,
                                      elementSize_,
                                      elementTooLarge_ ? std::string_view{} : withPadding(element_),
                                      elementTooLarge_};
                if (!emit(onElement, element))
                    return false;
                ++index_;
                if (element_.capacity() > (std::size_t{16} << 20)) {
                    // Do not keep a huge trace's buffer for the small ones after it.
                    element_.clear();
                    element_.shrink_to_fit();
                }
            }
            break;
        }
        case Phase::AfterElement:
            if (jsonIsSpace(c)) {
                ++i;
                break;
            }
            if (c == ',') {
                phase_ = Phase::ExpectElement;
                firstElement_ = false;
            } else if (c == ']') {
                endOfArray();
            } else {
                return fail(at(i), "expected ',' or ']', found " + jsonDescribeByte(c));
            }
            ++i;
            break;
        case Phase::AfterRoot:
            if (!jsonIsSpace(c))
                return fail(at(i), "unexpected " + jsonDescribeByte(c) + " after the JSON value");
            ++i;
            break;
        }
    }
    if (holdingRoot_) {
        rootSize_ += size - rootFrom;
        hold(root_, rootTooLarge_, data + rootFrom, size - rootFrom);
    }
    consumed_ += size;
    return true;
}

bool JaegerDocumentSplitter::finish() {
    if (!error_.empty() || stopped_)
        return false;
    if (phase_ == Phase::AfterRoot || phase_ == Phase::BeforeRoot)
        return true; // BeforeRoot: an empty file holds nothing, which is not an error
    if (phase_ == Phase::InElement && value_.scalarPending())
        return fail(consumed_, "unexpected end of file after " + path(container_, index_));
    return fail(consumed_, "unexpected end of file" + where());
}

} // namespace casebook
