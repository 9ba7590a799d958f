#pragma once
// A hand-written reader for the plain events most trace writers emit, tried before
// simdjson On-Demand: for a 150-byte event, walking an On-Demand parse costs more than
// reading the bytes once. It reads an event where it lies in the chunk read, using the
// chunk's quote masks (ChromeChunkMasks), and so finds where the event ends: the splitter
// goes on from there without scanning the event itself.
//
// It reads only what it is sure of: events with no backslash (escapes) and no byte above
// 0x7F (UTF-8 to check) anywhere, no control character inside a string, valid JSON
// throughout (nested at most 64 levels), and every field of the type expected. For
// anything else (a field of the wrong type, broken JSON, data after the event...) it says
// so and the event is read by ChromeEventReader as before, so every rejection and its
// reason come from one place. What it does read, it fills in exactly as ChromeEventReader
// would.

#include "plugins/chrome/chrome_chunk_masks.h"
#include "plugins/chrome/chrome_digits.h"
#include "plugins/chrome/chrome_event_reader.h"
#include "plugins/chrome/chrome_fields.h"
#include "plugins/chrome/chrome_text_buffer.h"

#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace casebook {

class ChromeEventFastReader {
public:
    // Reads the event whose '{' is at `at` in the chunk `masks` was computed for, where it
    // lies: the length of the event (to its '}') when it was read into `event`, with the
    // result ChromeEventReader::read() would give (an Event); 0 when it is not for this
    // reader (or does not end in the chunk). Views in `event` point into the chunk and
    // into this reader, valid until the next call.
    std::size_t readInPlace(const ChromeChunkMasks& masks, std::size_t at,
                            ChromeEventReader::Detail detail, ChromeEvent& event);
    // The same for one element of the event array given whole: true when it was read.
    bool read(std::string_view json, ChromeEventReader::Detail detail, ChromeEvent& event);

private:
    bool readMembers();
    bool readArgs(std::size_t prefix, int depth, bool& any);
    bool scalar(std::string_view& out, bool& present, bool* isNumber);
    // As ChromeEventReader's readTime: whole microseconds, the common case, read in one go
    // here (as chromeWholeMicrosToNs would), anything else by otherTime().
    bool time(std::string_view field, std::optional<std::int64_t>& out) {
        using namespace chrome_digits;
        const char* q = p_;
        std::size_t digits = 0;
        const std::uint64_t micros = readDigits(q, end_, digits);
        if (digits > 0 && digits <= kChromeMaxWholeMicrosDigits &&
            micros <= kChromeMaxWholeMicros && q < end_ && !continuesNumber(*q) &&
            !(digits > 1 && *p_ == '0')) {
            out = static_cast<std::int64_t>(micros) * 1000;
            p_ = q;
            return true;
        }
        return otherTime(field, out);
    }
    bool otherTime(std::string_view field, std::optional<std::int64_t>& out);
    bool appendValue(ChromeTextBuffer& out, int depth);
    bool skipValue(int depth);
    // A string token; `out` is its text. p_ is on the opening quote. Where the text holds
    // an escaped quote this stops early, but then the event is not plain and is not taken.
    //
    // The text's length comes back in a register: had `out` been handed on by reference
    // (to the path for long strings), it would live on the stack, and reading the key back
    // right after writing it stalls the processor on every member.
    bool string(std::string_view& out) {
        const char* begin = p_ + 1;
        std::size_t length = kNoString;
#if defined(__SSE2__)
        // Most strings are short: their closing quote lies in the next 16 bytes.
        if (end_ - p_ > 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin));
            const auto quotes =
                static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'))));
            if (quotes != 0)
                length = static_cast<std::size_t>(__builtin_ctz(quotes));
        }
#endif
        if (length == kNoString) {
            length = longStringLength();
            if (length == kNoString)
                return false;
        }
        out = {begin, length};
        p_ = begin + length + 1;
        return true;
    }
    static constexpr std::size_t kNoString = ~std::size_t{0};
    std::size_t longStringLength() const;
    bool nonString(std::string_view& out, bool& present, bool* isNumber);
    void copyPath(char* out, std::size_t prefix) const;
    void appendStringArg(std::size_t prefix, std::string_view key, std::string_view text);
    static void appendPlain(ChromeTextBuffer& out, std::string_view text, char after);
    bool number(std::string_view& out);
    void beginArg(std::string_view key);
    void beginArg(std::size_t prefix, std::string_view key);
    // True when the next token, after any blank space, starts with c (p_ is on it).
    bool next(char c) {
        if (p_ < end_ && *p_ == c)
            return true;
        skipSpace();
        return p_ < end_ && *p_ == c;
    }
    void skipSpace() {
        if (p_<end_&& static_cast<unsigned char>(*p_)> ' ')
            return; // most JSON has no blank space between tokens
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
            ++p_;
    }

    const std::uint64_t* quoteWords_ = nullptr; // of the chunk (ChromeChunkMasks)
    std::size_t words_ = 0;
    const char* base_ = nullptr; // the chunk's first byte
    const char* p_ = nullptr;
    const char* end_ = nullptr;
    bool full_ = false;
    ChromeEvent* event_ = nullptr;
    ChromeChunkMasks own_; // for an event given whole
    ChromeTextBuffer args_;
    std::string path_;
    bool firstArg_ = true;
};

} // namespace casebook
