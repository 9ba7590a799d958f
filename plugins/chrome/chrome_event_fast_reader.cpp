#include "plugins/chrome/chrome_event_fast_reader.h"

#include "core/util/json_structure.h"

#include "plugins/chrome/chrome_fields.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace casebook {
namespace {

// As ChromeEventReader: objects in args nested deeper than this are kept whole.
constexpr int kMaxFlattenDepth = 16;
// Deeper than this, the event is left to simdjson (it has its own depth limit).
constexpr int kMaxDepth = 64;

struct ByteMasks {
    std::uint64_t quote = 0;
    std::uint64_t unusual = 0; // backslashes and bytes above 0x7F
    std::uint64_t control = 0; // bytes below 0x20 (meaningful when `unusual` is 0)
};

// One bit per byte of a 64-byte block.
ByteMasks masksOf(const char* block) {
    ByteMasks m;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * k));
        const auto bits = [](__m128i x) {
            return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(x)));
        };
        m.quote |= bits(_mm_cmpeq_epi8(v, quote)) << (16 * k);
        // A byte above 0x7F has its top bit set already.
        m.unusual |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, backslash), v)) << (16 * k);
        // Signed: bytes above 0x7F count too, but then `unusual` is set anyway.
        m.control |= bits(_mm_cmplt_epi8(v, space)) << (16 * k);
    }
#else
    for (int i = 0; i < 64; ++i) {
        const auto c = static_cast<unsigned char>(block[i]);
        const std::uint64_t bit = std::uint64_t{1} << i;
        m.quote |= c == '"' ? bit : 0;
        m.unusual |= c == '\\' || c >= 0x80 ? bit : 0;
        m.control |= c < 0x20 ? bit : 0;
    }
#endif
    return m;
}

} // namespace

bool ChromeEventFastReader::read(std::string_view json, ChromeEventReader::Detail detail,
                                 ChromeEvent& event) {
    clearChromeEvent(event);
    event_ = &event;
    full_ = detail == ChromeEventReader::Detail::Full;
    args_.clear();
    firstArg_ = true;
    if (!indexQuotes(json))
        return false;
    base_ = p_ = json.data();
    end_ = json.data() + json.size();
    if (!readMembers())
        return false;
    skipSpace();
    if (p_ != end_)
        return false; // data after the event: ChromeEventReader says what
    event.argsMembers = args_;
    return true;
}

// Finds the quotes of the event, 64 bytes at a time, and whether it is for this reader
// at all: no backslash (escapes), no byte above 0x7F (UTF-8 to check) anywhere, and no
// control character inside a string. Strings then end at the next quote, found from the
// bits, with no byte loop per string.
bool ChromeEventFastReader::indexQuotes(std::string_view json) {
    const std::size_t words = (json.size() + 63) / 64;
    quotes_.resize(words);
    std::uint64_t carry = 0; // all ones when the block starts inside a string
    for (std::size_t w = 0; w < words; ++w) {
        const std::size_t at = 64 * w;
        const std::size_t bytes = std::min<std::size_t>(64, json.size() - at);
        ByteMasks m;
        if (bytes == 64) {
            m = masksOf(json.data() + at);
        } else {
            char block[64] = {};
            std::memcpy(block, json.data() + at, bytes);
            m = masksOf(block);
            const std::uint64_t valid = (std::uint64_t{1} << bytes) - 1;
            m.quote &= valid;
            m.unusual &= valid;
            m.control &= valid;
        }
        if (m.unusual != 0)
            return false;
        const std::uint64_t inside = prefixXor(m.quote) ^ carry;
        if ((m.control & inside) != 0)
            return false;
        carry = static_cast<std::uint64_t>(0) - (inside >> 63);
        quotes_[w] = m.quote;
    }
    return true;
}

// A string token; `out` is its text. p_ is on the opening quote.
bool ChromeEventFastReader::string(std::string_view& out) {
    const std::size_t from = static_cast<std::size_t>(p_ - base_) + 1;
    std::size_t w = from / 64;
    if (w >= quotes_.size())
        return false;
    std::uint64_t bits = quotes_[w] & (~std::uint64_t{0} << (from % 64));
    while (bits == 0) {
        if (++w == quotes_.size())
            return false;
        bits = quotes_[w];
    }
    const std::size_t close = 64 * w + static_cast<std::size_t>(__builtin_ctzll(bits));
    out = {base_ + from, close - from};
    p_ = base_ + close + 1;
    return true;
}

// A number token, checked against the JSON grammar.
bool ChromeEventFastReader::number(std::string_view& out) {
    const char* begin = p_;
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
bool ChromeEventFastReader::time(std::string_view field, std::optional<std::int64_t>& out) {
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
                skipSpace();
                if (p_ == end_ || *p_ != ':')
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
bool ChromeEventFastReader::appendValue(std::string& out, int depth) {
    if (p_ == end_ || depth > kMaxDepth)
        return false;
    const char* begin = p_;
    const char c = *p_;
    if (c == '{' || c == '[') {
        const char close = c == '{' ? '}' : ']';
        out.push_back(c);
        ++p_;
        skipSpace();
        if (p_ < end_ && *p_ == close) {
            ++p_;
            out.push_back(close);
            return true;
        }
        while (true) {
            if (c == '{') {
                std::string_view key;
                if (p_ == end_ || *p_ != '"' || !string(key))
                    return false;
                appendPlain(out, key, ':');
                skipSpace();
                if (p_ == end_ || *p_ != ':')
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
                out.push_back(close);
                return true;
            }
            if (*p_ != ',')
                return false;
            out.push_back(',');
            ++p_;
            skipSpace();
        }
    }
    // A scalar is written as it stands: a plain string, a checked number or a literal.
    if (!skipValue(depth))
        return false;
    out.append(begin, static_cast<std::size_t>(p_ - begin));
    return true;
}

// Text the reader took as a string token is plain ASCII that needs no escaping: it is
// written between quotes as it is, without appendJsonText's check.
void ChromeEventFastReader::appendPlain(std::string& out, std::string_view text, char after) {
    const std::size_t at = out.size();
    out.resize(at + text.size() + 2 + (after != 0));
    char* p = out.data() + at;
    *p++ = '"';
    std::memcpy(p, text.data(), text.size());
    p += text.size();
    *p++ = '"';
    if (after != 0)
        *p = after;
}

void ChromeEventFastReader::beginArg(std::string_view key) {
    if (!firstArg_)
        args_.push_back(',');
    firstArg_ = false;
    appendPlain(args_, key, ':');
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
        skipSpace();
        if (p_ == end_ || *p_ != ':')
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
                path_.resize(prefix);
                path_.append(".name");
                beginArg(path_);
                appendPlain(args_, event_->argsName, 0);
            }
        } else if (!full_) {
            if (!skipValue(depth + 1)) // the first pass needs args.name only
                return false;
        } else {
            path_.resize(prefix);
            path_.push_back('.');
            path_.append(key);
            if (c == '{' && depth + 1 < kMaxFlattenDepth) {
                const std::size_t length = path_.size();
                ++p_;
                bool childAny = false;
                if (!readArgs(length, depth + 1, childAny))
                    return false;
                if (!childAny) {
                    path_.resize(length);
                    beginArg(path_);
                    args_.append("{}");
                }
            } else {
                beginArg(path_);
                const bool isString = c == '"';
                if (depth == 0 && (isString || c == '-' || (c >= '0' && c <= '9'))) {
                    // Counter values: numbers, or numbers written as strings.
                    std::string_view text;
                    if (isString) {
                        if (!string(text))
                            return false;
                        appendPlain(args_, text, 0);
                    } else {
                        if (!number(text))
                            return false;
                        args_.append(text);
                    }
                    double number = 0;
                    const auto [end, ec] =
                        std::from_chars(text.data(), text.data() + text.size(), number);
                    if (ec == std::errc() && end == text.data() + text.size() && !text.empty())
                        event_->series.emplace_back(key, number);
                } else if (!appendValue(args_, depth + 1)) {
                    return false;
                }
            }
        }
        skipSpace();
        if (p_ == end_)
            return false;
        if (*p_ == '}') {
            ++p_;
            return true;
        }
        if (*p_ != ',')
            return false;
        ++p_;
        skipSpace();
    }
}

// As ChromeEventReader's readMembers, for the object at p_.
bool ChromeEventFastReader::readMembers() {
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
        skipSpace();
        if (p_ == end_ || *p_ != ':')
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
        skipSpace();
        if (p_ == end_)
            return false;
        if (*p_ == '}') {
            ++p_;
            return true;
        }
        if (*p_ != ',')
            return false;
        ++p_;
        skipSpace();
    }
}

} // namespace casebook
