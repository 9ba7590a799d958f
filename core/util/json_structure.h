#pragma once
// The structure of JSON text without parsing its values: where a value ends, the members
// of an object and the elements of an array, found by a byte scanner that tracks only
// strings, escapes and bracket nesting. Importers use it to cut a large document into
// records and hand each to simdjson, so that memory stays bounded by the record, not by
// the file. Shared by the Jaeger and Zipkin importers.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// Bit i set when an odd number of set bits of `x` lie at or below i: given the quote bits
// of a 64-byte block, the bytes inside strings (with their opening quote).
inline std::uint64_t prefixXor(std::uint64_t x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

// Skips over one JSON value fed in pieces. It checks that brackets match, nothing more.
class JsonValueScanner {
public:
    // Starts a value at `c`, its first byte. False when `c` cannot start a value.
    bool start(char c);
    // Scans data[from, size). Returns where it stopped: just past the value's last byte
    // when done() (for a scalar, at the delimiter that ends it), else at `size`.
    std::size_t scan(const char* data, std::size_t from, std::size_t size);
    bool done() const { return done_; }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    // A scalar at the end of the input is complete (there is no delimiter to wait for).
    bool scalarPending() const { return scalar_ && !done_; }

private:
    // The fast path inside objects and arrays: 64 bytes at a time, strings and escapes
    // found with bit masks the way simdjson's stage 1 finds them, brackets visited one by
    // one only where they are outside strings.
    std::size_t scanBlocks(const char* data, std::size_t from, std::size_t size);

    // The brackets to close, innermost last. A string, not a vector: its inline buffer
    // holds the nesting of ordinary records, so that a scanner made for one value (as
    // JsonWalk::valueEnd does for every span) allocates nothing.
    std::string closers_;
    bool inString_ = false;
    bool escape_ = false;
    bool scalar_ = false;
    bool done_ = false;
    std::string error_;
};

bool jsonIsSpace(char c);
// "'x'" for printable bytes, "byte 200" for others: for messages.
std::string jsonDescribeByte(char c);
// The kind of JSON value that starts with `c` ("object", "array", "string", "number",
// "boolean", "null"): for messages about an element of the wrong kind.
const char* jsonKindAt(char c);

// Where a JSON text held in memory is not well formed.
struct JsonStructureError {
    std::size_t offset = 0; // in the text
    std::string message;
};

// Member and element walks over complete text in memory (a trace the splitter handed
// over). The walks return false when the text is malformed (`error` set) or a callback
// stopped them (`error.message` empty).
class JsonWalk {
public:
    struct Element {
        std::size_t index = 0;
        std::size_t offset = 0; // in the walked text
        std::string_view value;
    };

    // The members of an object: onKey(key, keyEscaped, valueOffset) sees each member before
    // its value is scanned and may read the value itself. It returns the value's end, 0 to
    // have the walk skip the value, or -1 to stop (setting `error` if the text is
    // malformed). Keys are raw, as written between the quotes.
    template <typename OnKey>
    static bool members(std::string_view object, JsonStructureError& error, OnKey onKey) {
        std::size_t i = skipSpace(object, 0);
        if (i >= object.size() || object[i] != '{')
            return fail(error, i, "expected an object");
        i = skipSpace(object, i + 1);
        if (i < object.size() && object[i] == '}')
            return true;
        while (true) {
            if (i >= object.size() || object[i] != '"')
                return fail(error, i, "expected a key");
            bool escaped = false;
            const std::size_t keyStart = i + 1;
            std::size_t k = keyStart;
            while (k < object.size() && object[k] != '"') {
                if (object[k] == '\\') {
                    escaped = true;
                    ++k;
                }
                ++k;
            }
            if (k >= object.size())
                return fail(error, object.size(), "unexpected end inside a key");
            const std::string_view key = object.substr(keyStart, k - keyStart);
            i = skipSpace(object, k + 1);
            if (i >= object.size() || object[i] != ':')
                return fail(error, i, "expected ':'");
            i = skipSpace(object, i + 1);
            const long read = onKey(key, escaped, i);
            if (read < 0)
                return false;
            std::size_t end = static_cast<std::size_t>(read);
            if (read == 0 && !valueEnd(object, i, end, error))
                return false;
            i = skipSpace(object, end);
            if (i < object.size() && object[i] == ',') {
                i = skipSpace(object, i + 1);
                continue;
            }
            if (i < object.size() && object[i] == '}')
                return true;
            return fail(error, i, "expected ',' or '}'");
        }
    }

    // The elements of an array: onElement(element) returns false to stop. `end`, when
    // given, is set just past the array's ']'.
    template <typename OnElement>
    static bool elements(std::string_view array, JsonStructureError& error, OnElement onElement,
                         std::size_t* end = nullptr) {
        std::size_t i = skipSpace(array, 0);
        if (i >= array.size() || array[i] != '[')
            return fail(error, i, "expected an array");
        i = skipSpace(array, i + 1);
        if (i < array.size() && array[i] == ']') {
            if (end)
                *end = i + 1;
            return true;
        }
        for (std::size_t index = 0;; ++index) {
            std::size_t valueStop = 0;
            if (!valueEnd(array, i, valueStop, error))
                return false;
            if (!onElement(Element{index, i, array.substr(i, valueStop - i)}))
                return false;
            i = skipSpace(array, valueStop);
            if (i < array.size() && array[i] == ',') {
                i = skipSpace(array, i + 1);
                continue;
            }
            if (i < array.size() && array[i] == ']') {
                if (end)
                    *end = i + 1;
                return true;
            }
            return fail(error, i, "expected ',' or ']'");
        }
    }

    // Sets `end` just past the value starting at text[from].
    static bool valueEnd(std::string_view text, std::size_t from, std::size_t& end,
                         JsonStructureError& error);
    static std::size_t skipSpace(std::string_view text, std::size_t from) {
        while (from < text.size() && jsonIsSpace(text[from]))
            ++from;
        return from;
    }

private:
    static bool fail(JsonStructureError& error, std::size_t offset, std::string message) {
        error.offset = offset;
        error.message = std::move(message);
        return false;
    }
};

// Reads the beginning of a file (which may end anywhere) for sniffing: member keys of
// objects, descending where the caller asks, never failing on a cut.
class JsonHeadReader {
public:
    enum class Next { Skip, Consumed, Stop };

    explicit JsonHeadReader(std::string_view head);
    // The next byte after blank space, or 0 at the end of the head.
    char peek();
    // At '{': calls onKey(key) for each member with the reader at the member's value.
    // onKey says whether to skip the value, whether it read the value itself, or to stop.
    // False when the head ended, the text is malformed, or onKey stopped.
    template <typename OnKey> bool object(OnKey onKey) {
        if (peek() != '{')
            return false;
        ++i_;
        if (peek() == '}') {
            ++i_;
            return true;
        }
        while (true) {
            std::string key;
            if (!readString(key) || peek() != ':')
                return false;
            ++i_;
            if (peek() == 0)
                return false;
            const Next next = onKey(key);
            if (next == Next::Stop)
                return false;
            if (next == Next::Skip && !skipValue())
                return false;
            const char c = peek();
            ++i_;
            if (c == '}')
                return true;
            if (c != ',')
                return false;
        }
    }
    // At '[': enters the array. True when an element follows (the reader is at it); an
    // empty array is consumed whole and gives false, as does the end of the head.
    bool enterArray();
    bool skipValue();

private:
    bool readString(std::string& out);

    std::string_view head_;
    std::size_t i_ = 0;
};

} // namespace casebook
