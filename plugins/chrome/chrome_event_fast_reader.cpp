#include "plugins/chrome/chrome_event_fast_reader.h"

#include "plugins/chrome/chrome_fields.h"

#include <algorithm>
#include <cstring>

namespace casebook {
namespace {

using namespace chrome_digits;

// As ChromeEventReader: objects in args nested deeper than this are kept whole.
constexpr int kMaxFlattenDepth = 16;
// Deeper than this, the event is left to simdjson (it has its own depth limit).
constexpr int kMaxDepth = 64;

} // namespace

std::size_t ChromeEventFastReader::readInPlace(const ChromeChunkMasks& masks, std::size_t at,
                                               ChromeEventReader::Detail detail,
                                               ChromeEvent& event) {
    clearChromeEvent(event);
    event_ = &event;
    full_ = detail == ChromeEventReader::Detail::Full;
    args_.clear();
    firstArg_ = true;
    quoteWords_ = masks.quoteWords();
    words_ = masks.words();
    base_ = masks.data();
    p_ = base_ + at;
    end_ = base_ + masks.size();
    // The parse finds the end; only then is the event known to be plain (strings end at
    // the next quote only where there is no escape).
    if (!readMembers())
        return 0;
    const auto end = static_cast<std::size_t>(p_ - base_);
    if (!masks.plain(at, end))
        return 0;
    event.argsMembers = args_.view();
    return end - at;
}

bool ChromeEventFastReader::read(std::string_view json, ChromeEventReader::Detail detail,
                                 ChromeEvent& event) {
    own_.compute(json.data(), json.size());
    const std::size_t length = readInPlace(own_, 0, detail, event);
    if (length == 0)
        return false;
    // Blank space may follow; anything else is for ChromeEventReader to word.
    p_ = json.data() + length;
    end_ = json.data() + json.size();
    skipSpace();
    return p_ == end_;
}

// The length of the string at p_ whose closing quote is not in the next 16 bytes, found
// from the quote masks of the chunk; kNoString when the chunk ends first.
std::size_t ChromeEventFastReader::longStringLength() const {
    const auto from = static_cast<std::size_t>(p_ - base_) + 1;
    std::size_t w = from / 64;
    if (w >= words_)
        return kNoString;
    std::uint64_t bits = quoteWords_[w] & (~std::uint64_t{0} << (from % 64));
    while (bits == 0) {
        if (++w == words_)
            return kNoString;
        bits = quoteWords_[w];
    }
    return 64 * w + static_cast<std::size_t>(__builtin_ctzll(bits)) - from;
}

// A number token, checked against the JSON grammar.
bool ChromeEventFastReader::number(std::string_view& out) {
    const char* begin = p_;
    // Integers (ids, times), the common case: the digits are the token, read once.
    const char* digits = p_ < end_ && *p_ == '-' ? p_ + 1 : p_;
    const char* q = digits;
    while (q < end_ && isDigit(*q))
        ++q;
    if (q > digits && q < end_ && !continuesNumber(*q)) {
        if (*digits == '0' && q - digits > 1)
            return false; // a leading zero is not JSON
        p_ = q;
        out = {begin, static_cast<std::size_t>(q - begin)};
        return true;
    }
    while (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '-' || *p_ == '+' || *p_ == '.' ||
                         *p_ == 'e' || *p_ == 'E'))
        ++p_;
    out = {begin, static_cast<std::size_t>(p_ - begin)};
    return chromeIsJsonNumber(out);
}

// As ChromeEventReader's scalarText: a string or a number; null leaves `out` alone.
// Any other type is an error for that reader to word.
bool ChromeEventFastReader::scalar(std::string_view& out, bool& present, bool* isNumber) {
    present = false;
    if (p_ == end_)
        return false;
    const char c = *p_;
    if (c == '"') {
        if (!string(out))
            return false;
        present = true;
        if (isNumber)
            *isNumber = false;
        return true;
    }
    return nonString(out, present, isNumber);
}

// scalar() for what is not a string.
bool ChromeEventFastReader::nonString(std::string_view& out, bool& present, bool* isNumber) {
    const char c = *p_;
    if (c == '-' || (c >= '0' && c <= '9')) {
        if (!number(out))
            return false;
        present = true;
        if (isNumber)
            *isNumber = true;
        return true;
    }
    if (end_ - p_ >= 4 && std::memcmp(p_, "null", 4) == 0) {
        p_ += 4;
        return true;
    }
    return false;
}

// As ChromeEventReader's readTime.
// time() for anything but whole microseconds written as digits.
bool ChromeEventFastReader::otherTime(std::string_view field, std::optional<std::int64_t>& out) {
    std::string_view text;
    bool present = false;
    if (!scalar(text, present, nullptr))
        return false;
    if (!present)
        return true;
    if (const auto whole = chromeWholeMicrosToNs(text)) {
        out = *whole;
        return true;
    }
    auto parsed = chromeMicrosToNs(text);
    if (parsed.value) {
        out = *parsed.value;
    } else if (event_->error.empty()) {
        event_->error.assign(field);
        event_->error.append(": ");
        event_->error.append(parsed.error);
    }
    return true;
}

// Any value, checked, not kept.
bool ChromeEventFastReader::skipValue(int depth) {
    std::string_view text;
    if (p_ == end_ || depth > kMaxDepth)
        return false;
    const char c = *p_;
    if (c == '"')
        return string(text);
    if (c == '-' || (c >= '0' && c <= '9'))
        return number(text);
    if (c == '{' || c == '[') {
        const char close = c == '{' ? '}' : ']';
        ++p_;
        skipSpace();
        if (p_ < end_ && *p_ == close) {
            ++p_;
            return true;
        }
        while (true) {
            if (c == '{') {
                if (p_ == end_ || *p_ != '"' || !string(text))
                    return false;
                if (!next(':'))
                    return false;
                ++p_;
                skipSpace();
            }
            if (!skipValue(depth + 1))
                return false;
            skipSpace();
            if (p_ == end_)
                return false;
            if (*p_ == close) {
                ++p_;
                return true;
            }
            if (*p_ != ',')
                return false;
            ++p_;
            skipSpace();
        }
    }
    for (const std::string_view literal : {"true", "false", "null"}) {
        if (static_cast<std::size_t>(end_ - p_) >= literal.size() &&
            std::memcmp(p_, literal.data(), literal.size()) == 0) {
            p_ += literal.size();
            return true;
        }
    }
    return false;
}

// As ChromeEventReader's appendValue: the value as compact JSON text.
bool ChromeEventFastReader::appendValue(ChromeTextBuffer& out, int depth) {
    if (p_ == end_ || depth > kMaxDepth)
        return false;
    const char* begin = p_;
    const char c = *p_;
    if (c == '{' || c == '[') {
        const char close = c == '{' ? '}' : ']';
        out.push(c);
        ++p_;
        skipSpace();
        if (p_ < end_ && *p_ == close) {
            ++p_;
            out.push(close);
            return true;
        }
        while (true) {
            if (c == '{') {
                std::string_view key;
                if (p_ == end_ || *p_ != '"' || !string(key))
                    return false;
                appendPlain(out, key, ':');
                if (!next(':'))
                    return false;
                ++p_;
                skipSpace();
            }
            if (!appendValue(out, depth + 1))
                return false;
            skipSpace();
            if (p_ == end_)
                return false;
            if (*p_ == close) {
                ++p_;
                out.push(close);
                return true;
            }
            if (*p_ != ',')
                return false;
            out.push(',');
            ++p_;
            skipSpace();
        }
    }
    // A scalar is written as it stands: a plain string, a checked number or a literal.
    if (!skipValue(depth))
        return false;
    out.append({begin, static_cast<std::size_t>(p_ - begin)});
    return true;
}

// Text the reader took as a string token is plain ASCII that needs no escaping: it is
// written between quotes as it is, without appendJsonText's check.
void ChromeEventFastReader::appendPlain(ChromeTextBuffer& out, std::string_view text, char after) {
    char* p = out.extend(text.size() + 2 + (after != 0));
    *p++ = '"';
    std::memcpy(p, text.data(), text.size());
    p += text.size();
    *p++ = '"';
    if (after != 0)
        *p = after;
}

void ChromeEventFastReader::beginArg(std::string_view key) {
    if (!firstArg_)
        args_.push(',');
    firstArg_ = false;
    appendPlain(args_, key, ':');
}

// The path of an args member up to `prefix`: at the top level "args", the common case,
// stored without a call to memcpy.
void ChromeEventFastReader::copyPath(char* out, std::size_t prefix) const {
    if (prefix == 4)
        std::memcpy(out, "args", 4);
    else
        std::memcpy(out, path_.data(), prefix);
}

// The same for the key "<path_ up to prefix>.<key>", written in one piece.
void ChromeEventFastReader::beginArg(std::size_t prefix, std::string_view key) {
    const bool comma = !firstArg_;
    firstArg_ = false;
    char* p = args_.extend(comma + prefix + key.size() + 4);
    if (comma)
        *p++ = ',';
    *p++ = '"';
    copyPath(p, prefix);
    p += prefix;
    *p++ = '.';
    std::memcpy(p, key.data(), key.size());
    p += key.size();
    *p++ = '"';
    *p = ':';
}

// The member "<path_ up to prefix>.<key>":"<text>" in one piece.
void ChromeEventFastReader::appendStringArg(std::size_t prefix, std::string_view key,
                                            std::string_view text) {
    const bool comma = !firstArg_;
    firstArg_ = false;
    char* p = args_.extend(comma + prefix + key.size() + text.size() + 6);
    if (comma)
        *p++ = ',';
    *p++ = '"';
    copyPath(p, prefix);
    p += prefix;
    *p++ = '.';
    std::memcpy(p, key.data(), key.size());
    p += key.size();
    *p++ = '"';
    *p++ = ':';
    *p++ = '"';
    std::memcpy(p, text.data(), text.size());
    p += text.size();
    *p = '"';
}

// As ChromeEventReader's walkArgs; p_ is just past the object's '{'.
bool ChromeEventFastReader::readArgs(std::size_t prefix, int depth, bool& any) {
    skipSpace();
    if (p_ < end_ && *p_ == '}') {
        ++p_;
        return true;
    }
    while (true) {
        std::string_view key;
        if (p_ == end_ || *p_ != '"' || !string(key))
            return false;
        if (!next(':'))
            return false;
        ++p_;
        skipSpace();
        if (p_ == end_)
            return false;
        any = true;
        const char c = *p_;
        if (depth == 0 && key == "name" && c == '"') {
            if (!string(event_->argsName))
                return false;
            if (full_) {
                beginArg(prefix, "name");
                appendPlain(args_, event_->argsName, 0);
            }
        } else if (!full_) {
            if (!skipValue(depth + 1)) // the first pass needs args.name only
                return false;
        } else {
            if (c == '{' && depth + 1 < kMaxFlattenDepth) {
                path_.resize(prefix);
                path_.push_back('.');
                path_.append(key);
                ++p_;
                bool childAny = false;
                if (!readArgs(path_.size(), depth + 1, childAny))
                    return false;
                if (!childAny) {
                    beginArg(prefix, key);
                    args_.append("{}");
                }
            } else {
                const bool isString = c == '"';
                if (depth == 0 && (isString || c == '-' || (c >= '0' && c <= '9'))) {
                    // Counter values: numbers, or numbers written as strings.
                    std::string_view text;
                    if (isString) {
                        if (!string(text))
                            return false;
                        appendStringArg(prefix, key, text);
                    } else {
                        beginArg(prefix, key);
                        if (!number(text))
                            return false;
                        args_.append(text);
                    }
                    event_->seriesText.emplace_back(key, text);
                } else {
                    beginArg(prefix, key);
                    if (!appendValue(args_, depth + 1))
                        return false;
                }
            }
        }
        if (!next(',')) {
            if (p_ == end_ || *p_ != '}')
                return false;
            ++p_;
            return true;
        }
        ++p_;
        skipSpace();
    }
}

// As ChromeEventReader's readMembers, for the object at p_.
// Flattened (every helper it calls inlined into it): measured a tenth faster on plain
// events than with the calls.
__attribute__((flatten)) bool ChromeEventFastReader::readMembers() {
    ChromeEvent& event = *event_;
    skipSpace();
    if (p_ == end_ || *p_ != '{')
        return false;
    ++p_;
    skipSpace();
    if (p_ < end_ && *p_ == '}') {
        ++p_;
        return true;
    }
    while (true) {
        std::string_view key;
        if (p_ == end_ || *p_ != '"' || !string(key))
            return false;
        if (!next(':'))
            return false;
        ++p_;
        skipSpace();
        bool present = false;
        bool ok = true;
        switch (chromeMemberOf(key)) {
        case ChromeMember::Ph:
            ok = scalar(event.ph, present, nullptr);
            break;
        case ChromeMember::Ts:
            ok = time(key, event.tsNs);
            break;
        case ChromeMember::Dur:
            ok = time(key, event.durNs);
            break;
        case ChromeMember::Tdur:
            ok = time(key, event.tdurNs);
            break;
        case ChromeMember::Pid:
            ok = scalar(event.pid, event.hasPid, &event.pidIsNumber);
            break;
        case ChromeMember::Tid:
            ok = scalar(event.tid, event.hasTid, &event.tidIsNumber);
            break;
        case ChromeMember::Name:
            ok = scalar(event.name, present, nullptr);
            break;
        case ChromeMember::Cat:
            ok = scalar(event.cat, present, nullptr);
            break;
        case ChromeMember::Scope:
            ok = scalar(event.scope, present, nullptr);
            break;
        case ChromeMember::Id:
            ok = scalar(event.id, present, nullptr);
            break;
        case ChromeMember::Args:
            if (p_ < end_ && *p_ == '{') {
                ++p_;
                path_.assign("args");
                bool any = false;
                ok = readArgs(path_.size(), 0, any);
            } else if (full_ && !(end_ - p_ >= 4 && std::memcmp(p_, "null", 4) == 0)) {
                beginArg("args");
                ok = appendValue(args_, 1);
            } else {
                ok = skipValue(1);
            }
            break;
        case ChromeMember::Other:
            ok = skipValue(1);
            break;
        }
        if (!ok)
            return false;
        if (!next(',')) {
            if (p_ == end_ || *p_ != '}')
                return false;
            ++p_;
            return true;
        }
        ++p_;
        skipSpace();
    }
}

} // namespace casebook
