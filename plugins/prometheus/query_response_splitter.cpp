#include "plugins/prometheus/query_response_splitter.h"

#include <cstring>

namespace casebook {
namespace {

// Members around the result (status, error, warnings) are small; a larger one is
// scanned, not kept.
constexpr std::size_t kMaxMember = std::size_t{1} << 20;
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

QueryResponseSplitter::QueryResponseSplitter(MemberHandler onMember, ElementHandler onElement)
    : onMember_(std::move(onMember)), onElement_(std::move(onElement)) {}

bool QueryResponseSplitter::fail(std::uint64_t offset, std::string message) {
    if (error_.empty()) {
        error_ = std::move(message);
        errorOffset_ = offset;
    }
    return false;
}

bool QueryResponseSplitter::closeObject() {
    if (level_ == 0) {
        phase_ = Phase::AfterRoot;
    } else {
        level_ = 0; // data closed: back among the response's members
        phase_ = Phase::AfterValue;
    }
    return true;
}

// A member value (or a result element) is complete.
bool QueryResponseSplitter::endValue() {
    if (phase_ == Phase::InElement) {
        largestElement_ = std::max(largestElement_, value_.size());
        if (!onElement_({index_++, elementOffset_, value_})) {
            stopped_ = true;
            return false;
        }
        phase_ = Phase::AfterElement;
        return true;
    }
    if (capture_ && value_.size() <= kMaxMember && !onMember_({memberPath_, value_})) {
        stopped_ = true;
        return false;
    }
    phase_ = Phase::AfterValue;
    return true;
}

bool QueryResponseSplitter::feed(std::string_view bytes) {
    if (stopped_ || !error_.empty())
        return false;
    const char* data = bytes.data();
    const std::size_t size = bytes.size();
    std::size_t i = 0;
    while (i < size) {
        const char c = data[i];
        const std::uint64_t offset = consumed_ + i;
        switch (phase_) {
        case Phase::BeforeRoot:
            if (consumed_ + i < kBom.size() && bomSeen_ == consumed_ + i && c == kBom[bomSeen_]) {
                ++bomSeen_;
                ++i;
                continue;
            }
            if (isSpace(c)) {
                ++i;
                continue;
            }
            if (c != '{')
                return fail(offset, "expected a JSON object, found " + describe(c));
            phase_ = Phase::ExpectKey;
            level_ = 0;
            first_ = true;
            ++i;
            continue;
        case Phase::ExpectKey:
            if (isSpace(c)) {
                ++i;
                continue;
            }
            if (c == '}' && first_) {
                ++i;
                closeObject();
                continue;
            }
            if (c != '"')
                return fail(offset, "expected a member name, found " + describe(c));
            key_.clear();
            keyEscape_ = false;
            phase_ = Phase::InKey;
            ++i;
            continue;
        case Phase::InKey: {
            std::size_t j = i;
            for (; j < size; ++j) {
                if (keyEscape_)
                    keyEscape_ = false;
                else if (data[j] == '\\')
                    keyEscape_ = true;
                else if (data[j] == '"')
                    break;
            }
            if (key_.size() < 256)
                key_.append(data + i, std::min(j - i, 256 - key_.size()));
            if (j == size) {
                i = j;
                continue;
            }
            phase_ = Phase::ExpectColon;
            i = j + 1;
            continue;
        }
        case Phase::ExpectColon:
            if (isSpace(c)) {
                ++i;
                continue;
            }
            if (c != ':')
                return fail(offset, "expected ':' after \"" + key_ + "\", found " + describe(c));
            phase_ = Phase::ExpectValue;
            ++i;
            continue;
        case Phase::ExpectValue:
            if (isSpace(c)) {
                ++i;
                continue;
            }
            if (level_ == 0 && key_ == "data" && c == '{') {
                level_ = 1;
                first_ = true;
                phase_ = Phase::ExpectKey;
                ++i;
                continue;
            }
            if (level_ == 1 && key_ == "result" && c == '[') {
                level_ = 2;
                first_ = true;
                phase_ = Phase::ExpectElement;
                ++i;
                continue;
            }
            if (!scanner_.start(c))
                return fail(offset, scanner_.error());
            capture_ = level_ == 0 ? (key_ == "status" || key_ == "errorType" || key_ == "error" ||
                                      key_ == "warnings" || key_ == "infos")
                                   : key_ == "resultType";
            memberPath_ = level_ == 0 ? key_ : "data." + key_;
            value_.assign(1, c);
            phase_ = Phase::InValue;
            ++i;
            continue;
        case Phase::InValue:
        case Phase::InElement: {
            const std::size_t end = scanner_.scan(data, i, size);
            if (scanner_.failed())
                return fail(consumed_ + end, scanner_.error());
            if (phase_ == Phase::InElement || (capture_ && value_.size() <= kMaxMember))
                value_.append(data + i, end - i);
            i = end;
            if (scanner_.done() && !endValue())
                return false;
            continue;
        }
        case Phase::AfterValue:
            if (isSpace(c)) {
                ++i;
                continue;
            }
            if (c == ',') {
                first_ = false;
                phase_ = Phase::ExpectKey;
                ++i;
                continue;
            }
            if (c == '}') {
                ++i;
                closeObject();
                continue;
            }
            return fail(offset, "expected ',' or '}', found " + describe(c));
        case Phase::ExpectElement:
            if (isSpace(c)) {
                ++i;
                continue;
            }
            if (c == ']' && first_) {
                level_ = 1;
                phase_ = Phase::AfterValue;
                ++i;
                continue;
            }
            if (!scanner_.start(c))
                return fail(offset, scanner_.error());
            value_.assign(1, c);
            elementOffset_ = offset;
            phase_ = Phase::InElement;
            ++i;
            continue;
        case Phase::AfterElement:
            if (isSpace(c)) {
                ++i;
                continue;
            }
            if (c == ',') {
                first_ = false;
                phase_ = Phase::ExpectElement;
                ++i;
                continue;
            }
            if (c == ']') {
                level_ = 1;
                phase_ = Phase::AfterValue;
                ++i;
                continue;
            }
            return fail(offset, "expected ',' or ']' after result element, found " + describe(c));
        case Phase::AfterRoot:
            if (isSpace(c)) {
                ++i;
                continue;
            }
            return fail(offset, "unexpected " + describe(c) + " after the JSON document");
        }
    }
    consumed_ += size;
    return true;
}

bool QueryResponseSplitter::finish() {
    if (!error_.empty() || stopped_)
        return false;
    if ((phase_ == Phase::InValue || phase_ == Phase::InElement) && scanner_.scalarPending()) {
        // A scalar that runs to the end of the file has no delimiter; it is complete, but
        // the document around it is not.
        if (!endValue())
            return false;
    }
    if (phase_ == Phase::AfterRoot)
        return true;
    if (phase_ == Phase::BeforeRoot)
        return fail(consumed_, "empty file");
    return fail(consumed_, "the document ends early (cut?)");
}

bool looksLikeQueryResponse(std::string_view head) {
    std::size_t i = 0;
    if (head.substr(0, kBom.size()) == kBom)
        i = kBom.size();
    while (i < head.size() && isSpace(head[i]))
        ++i;
    if (i >= head.size() || head[i] != '{')
        return false;
    int depth = 0;
    std::string dataKey; // the top-level member being read
    bool status = false, errorType = false, resultType = false;
    while (i < head.size()) {
        const char c = head[i];
        if (c == '"') {
            const std::size_t begin = ++i;
            bool escape = false;
            for (; i < head.size(); ++i) {
                if (escape)
                    escape = false;
                else if (head[i] == '\\')
                    escape = true;
                else if (head[i] == '"')
                    break;
            }
            if (i >= head.size())
                break;
            const std::string_view text = head.substr(begin, i - begin);
            ++i;
            std::size_t k = i;
            while (k < head.size() && isSpace(head[k]))
                ++k;
            if (k < head.size() && head[k] == ':') { // a member name
                if (depth == 1) {
                    dataKey.assign(text);
                    status = status || text == "status";
                    errorType = errorType || text == "errorType";
                } else if (depth == 2 && dataKey == "data" && text == "resultType") {
                    resultType = true;
                }
            }
            continue;
        }
        if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']')
            --depth;
        if (depth == 0)
            break; // the first value ended
        ++i;
    }
    return status && (resultType || errorType);
}

} // namespace casebook
