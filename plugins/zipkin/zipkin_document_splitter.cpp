#include "plugins/zipkin/zipkin_document_splitter.h"

namespace casebook {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The buffer's text, with kPadding bytes of room after it.
std::string_view withPadding(std::string& buffer) {
    buffer.reserve(buffer.size() + ZipkinDocumentSplitter::kPadding);
    return buffer;
}

} // namespace

std::string ZipkinDocumentSplitter::path(Container container, std::size_t index) {
    if (container == Container::Document)
        return {};
    return "[" + std::to_string(index) + "]";
}

bool ZipkinDocumentSplitter::fail(std::uint64_t offset, std::string message) {
    error_ = std::move(message);
    errorOffset_ = offset;
    return false;
}

bool ZipkinDocumentSplitter::feed(std::string_view bytes, bool padded,
                                  const ElementHandler& onElement) {
    if (!error_.empty() || stopped_)
        return false;
    const char* data = bytes.data();
    const std::size_t size = bytes.size();
    std::size_t i = 0;
    auto at = [&](std::size_t pos) { return consumed_ + pos; };
    auto startElement = [&](char) {
        elementOffset_ = at(i);
        elementSize_ = 1;
        elementTooLarge_ = false;
        elementHeld_ = false; // its bytes are taken from this feed when it ends or stops
        phase_ = Phase::InElement;
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
            if (c == '[') {
                container_ = Container::Array;
                phase_ = Phase::ExpectElement;
                firstElement_ = true;
                index_ = 0;
            } else if (c == '{') {
                container_ = Container::Document; // a single span: the root is the element
                index_ = 0;
                value_.start(c);
                startElement(c);
            } else {
                return fail(at(i),
                            "expected '[' or '{' (Zipkin spans), found " + jsonDescribeByte(c));
            }
            ++i;
            break;
        case Phase::ExpectElement:
            if (jsonIsSpace(c)) {
                ++i;
                break;
            }
            if (c == ']' && firstElement_) {
                phase_ = Phase::AfterRoot;
                ++i;
                break;
            }
            if (!value_.start(c))
                return fail(at(i), value_.error());
            startElement(c);
            ++i;
            break;
        case Phase::InElement: {
            const std::size_t from = i;
            i = value_.scan(data, i, size);
            if (value_.failed())
                return fail(at(i), value_.error());
            elementSize_ += i - from;
            // Where the element's bytes in this feed begin: its first byte, or the feed's.
            const std::size_t begin =
                elementHeld_ ? from : static_cast<std::size_t>(elementOffset_ - consumed_);
            if (!elementTooLarge_ && elementSize_ > maxElement_) {
                // Too large to hold: the rest is only scanned, the element reported skipped.
                elementTooLarge_ = true;
                element_.clear();
                element_.shrink_to_fit();
            }
            if (!value_.done()) {
                // The feed ends inside the element: what is here waits for the rest.
                if (!elementTooLarge_)
                    element_.append(data + begin, i - begin);
                elementHeld_ = true;
                break;
            }
            phase_ = container_ == Container::Document ? Phase::AfterRoot : Phase::AfterElement;
            std::string_view json;
            if (!elementTooLarge_) {
                if (!elementHeld_ && padded) {
                    json = {data + begin, i - begin}; // in place: kPadding bytes follow
                } else {
                    element_.append(data + begin, i - begin); // empty unless held
                    json = withPadding(element_);
                }
            }
            if (json.size() > largest_)
                largest_ = json.size();
            const bool inPlace = !elementTooLarge_ && !elementHeld_ && padded;
            const Element element{container_, index_,           elementOffset_, elementSize_,
                                  json,       elementTooLarge_, inPlace};
            if (!onElement(element)) {
                stopped_ = true;
                return false;
            }
            ++index_;
            elementHeld_ = false;
            if (element_.capacity() > (std::size_t{16} << 20)) {
                // Do not keep a huge element's buffer for the small ones after it.
                element_.clear();
                element_.shrink_to_fit();
            }
            element_.clear();
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
                phase_ = Phase::AfterRoot;
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
    if (phase_ == Phase::InElement && !elementHeld_) {
        // The element's first byte was this feed's last: it waits for the rest.
        if (!elementTooLarge_)
            element_.append(data + (elementOffset_ - consumed_),
                            size - (elementOffset_ - consumed_));
        elementHeld_ = true;
    }
    consumed_ += size;
    return true;
}

bool ZipkinDocumentSplitter::finish() {
    if (!error_.empty() || stopped_)
        return false;
    if (phase_ == Phase::AfterRoot || phase_ == Phase::BeforeRoot)
        return true; // BeforeRoot: an empty file holds nothing, which is not an error
    if (phase_ == Phase::InElement) {
        const std::string where = container_ == Container::Document
                                      ? std::string(" inside the span object")
                                      : " inside " + path(container_, index_);
        return fail(consumed_, "unexpected end of file" + where);
    }
    return fail(consumed_, "unexpected end of file inside the array");
}

} // namespace casebook
