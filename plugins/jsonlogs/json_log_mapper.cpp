#include "plugins/jsonlogs/json_log_mapper.h"

#include "core/util/json_text.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cstring>

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;
using JsonType = ondemand::json_type;

// Objects nested deeper than this are kept whole, as a JSON value of the flattened key.
constexpr int kMaxFlattenDepth = 16;

// What a key found on a record is for. The first kLogRoleCount slots are the LogRoles.
enum Slot : std::size_t { ErrorDotCode = kLogRoleCount, ErrorCodeSlot, FirstTenant };
constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);

const char* typeName(JsonType type) {
    switch (type) {
    case JsonType::array:
        return "array";
    case JsonType::object:
        return "object";
    case JsonType::number:
        return "number";
    case JsonType::string:
        return "string";
    case JsonType::boolean:
        return "boolean";
    case JsonType::null:
        return "null";
    }
    return "unknown";
}

std::string_view trimTrailingSpace(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' ||
                             text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// True when the inside of a JSON string token can be copied as it is: no escapes to
// check and no control characters to escape.
bool plainString(std::string_view inside) {
    for (char ch : inside) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == '\\')
            return false;
    }
    return true;
}

// Length of the valid UTF-8 sequence at s[i], 0 when invalid (RFC 3629: no overlongs,
// no surrogates, nothing above U+10FFFF).
std::size_t utf8Length(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80)
        return 1;
    std::size_t len = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF)
        len = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF)
        len = 3;
    else if (b0 >= 0xF0 && b0 <= 0xF4)
        len = 4;
    else
        return 0;
    if (i + len > s.size())
        return 0;
    for (std::size_t k = 1; k < len; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
            return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 > 0x9F) || (b0 == 0xF0 && b1 < 0x90) ||
        (b0 == 0xF4 && b1 > 0x8F))
        return 0;
    return len;
}

// Where the object or array at the start of `text` ends (just past its closer), by
// bracket counting, or npos. Used only to explain a parse error: simdjson reports data
// after the value as an object that "ended early".
std::size_t endOfContainer(std::string_view text) {
    std::size_t depth = 0;
    bool inString = false, escape = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0 || --depth == 0)
                return i + 1;
        }
    }
    return std::string_view::npos;
}

// Nibble of a hex digit, either case; 0xFF for anything else.
constexpr std::array<std::uint8_t, 256> kHexNibble = [] {
    std::array<std::uint8_t, 256> table{};
    for (auto& v : table)
        v = 0xFF;
    for (int c = 0; c < 10; ++c)
        table['0' + c] = static_cast<std::uint8_t>(c);
    for (int c = 0; c < 6; ++c) {
        table['a' + c] = static_cast<std::uint8_t>(10 + c);
        table['A' + c] = static_cast<std::uint8_t>(10 + c);
    }
    return table;
}();

// ByteId::fromHex and traceIdFromHexLenient, with the same results, by table: the
// branchy per-digit decode was a fifth of the time of a log line with both ids.
// `text` holds exactly 2*N digits.
template <std::size_t N> bool decodeHexId(const char* text, ByteId<N>& id) {
    std::uint8_t bad = 0;
    for (std::size_t i = 0; i < N; ++i) {
        const std::uint8_t hi = kHexNibble[static_cast<unsigned char>(text[2 * i])];
        const std::uint8_t lo = kHexNibble[static_cast<unsigned char>(text[2 * i + 1])];
        bad |= hi | lo;
        id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return (bad & 0xF0) == 0;
}

// Into the id in place: returning an optional id cost a store-forwarding stall.
bool traceIdFromHex(std::string_view text, TraceId& id) {
    if (text.size() == 32)
        return decodeHexId(text.data(), id);
    if (text.empty() || text.size() > 32)
        return false;
    // A 64-bit id (or any shorter one) is padded with leading zeros.
    char padded[32];
    std::memset(padded, '0', sizeof padded);
    std::memcpy(padded + 32 - text.size(), text.data(), text.size());
    return decodeHexId(padded, id);
}

bool spanIdFromHex(std::string_view text, SpanId& id) {
    return text.size() == 16 && decodeHexId(text.data(), id);
}

// Keys are short: a loop the compiler keeps inline beats a call to memcmp.
bool sameBytes(const char* a, const char* b, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

// True when appendJsonString would write the text between two quotes as it is:
// printable ASCII without a quote or a backslash (keys and values of most loggers).
bool plainAscii(std::string_view text) {
    // Eight bytes at a time: a byte below 0x20 or above 0x7F, a quote or a backslash
    // sets its top bit in `flags` (exact for "any byte", the word tricks of haszero).
    constexpr std::uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t v;
        std::memcpy(&v, text.data() + i, 8);
        const std::uint64_t quote = v ^ (ones * '"'), backslash = v ^ (ones * '\\');
        const std::uint64_t flags = v | ((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) |
                                    ((backslash - ones) & ~backslash);
        if (flags & high)
            return false;
    }
    for (char ch : text.substr(i)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
            return false;
    }
    return true;
}

// appendJsonString, without its per-character loop for plain text.
void appendQuoted(std::string& out, std::string_view text) {
    if (!plainAscii(text)) {
        appendJsonString(out, text);
        return;
    }
    const std::size_t at = out.size();
    out.resize(at + text.size() + 2);
    char* p = out.data() + at;
    p[0] = '"';
    std::memcpy(p + 1, text.data(), text.size());
    p[text.size() + 1] = '"';
}

} // namespace

bool isValidUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = utf8Length(text, i);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

std::string replaceInvalidUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = utf8Length(text, i);
        if (len == 0) {
            out.append("\xEF\xBF\xBD");
            ++i;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
    }
    return out;
}

struct JsonLogMapper::State {
    LogKeyMapping mapping;
    std::vector<std::pair<std::string, std::size_t>> keySlots; // flattened path -> slot
    std::size_t slotCount = 0;

    ondemand::parser parser;
    std::vector<char> padded; // the line plus the zeroed padding simdjson reads past its end
    std::string sanitized;

    // Per record, reused.
    std::string attributes, body, resource, path, timeText;
    bool firstAttribute = true;
    std::vector<std::optional<std::string_view>> kept; // tenant and error-code values
    LogRecord log;
    bool timeFound = false;
    bool bodyFound = false;
    std::string_view traceText, spanText;
    bool recordFailed = false;
    std::string recordError;
    simdjson::error_code fatal = simdjson::SUCCESS;
    std::string syntaxError; // a malformed token simdjson did not check (numbers, literals)

    // Bit n set when a mapped key is n bytes long (bit 63: 63 or more): most keys of a
    // record are attributes, and this turns them away without comparing any text.
    std::uint64_t slotLengths = 0;

    static std::uint64_t lengthBit(std::size_t size) {
        return std::uint64_t{1} << std::min<std::size_t>(size, 63);
    }
    void addSlot(std::string key, std::size_t slot) {
        slotLengths |= lengthBit(key.size());
        keySlots.emplace_back(std::move(key), slot);
    }

    std::size_t slotOf(std::string_view key) const {
        if ((slotLengths & lengthBit(key.size())) == 0)
            return kNoSlot;
        for (const auto& [path, slot] : keySlots)
            if (path.size() == key.size() && sameBytes(path.data(), key.data(), key.size()))
                return slot;
        return kNoSlot;
    }

    bool failFatal(simdjson::error_code error) {
        fatal = error;
        return false;
    }
    bool failSyntax(std::string message) {
        syntaxError = std::move(message);
        return false;
    }
    void fail(std::string_view field, std::string_view reason) {
        if (recordFailed)
            return;
        recordFailed = true;
        recordError.assign(field);
        recordError.append(": ");
        recordError.append(reason);
    }
    void failType(std::string_view field, std::string_view expected, JsonType got) {
        fail(field, "expected " + std::string(expected) + ", got " + typeName(got));
    }

    // The text of a string value, without copying when it holds no escapes.
    bool stringText(ondemand::value& value, std::string_view& out) {
        const std::string_view raw = trimTrailingSpace(value.raw_json_token());
        if (raw.size() >= 2) {
            const std::string_view inside = raw.substr(1, raw.size() - 2);
            if (std::memchr(inside.data(), '\\', inside.size()) == nullptr) {
                out = inside;
                return true;
            }
        }
        if (auto error = value.get_string().get(out))
            return failFatal(error);
        return true;
    }

    // A key as text; a key with escapes is decoded.
    bool keyText(ondemand::field& field, std::string_view& out) {
        const char* begin = field.key().raw();
        const char* end = begin;
        // The key's closing quote is inside the padded buffer, so this stops.
        while (*end != '"' && *end != '\\')
            ++end;
        if (*end == '"') {
            out = {begin, static_cast<std::size_t>(end - begin)};
            return true;
        }
        if (auto error = field.unescaped_key().get(out))
            return failFatal(error);
        return true;
    }

    bool appendString(ondemand::value& value, std::string& out) {
        const std::string_view raw = trimTrailingSpace(value.raw_json_token());
        if (raw.size() >= 2 && plainString(raw.substr(1, raw.size() - 2))) {
            out.append(raw);
            return true;
        }
        std::string_view text;
        if (auto error = value.get_string().get(text))
            return failFatal(error);
        appendQuoted(out, text);
        return true;
    }

    // Any value as compact JSON text.
    bool appendValue(ondemand::value& value, std::string& out) {
        JsonType type;
        if (auto error = value.type().get(type))
            return failFatal(error);
        switch (type) {
        case JsonType::string:
            return appendString(value, out);
        case JsonType::number: {
            const std::string_view token = trimTrailingSpace(value.raw_json_token());
            if (!isJsonNumber(token))
                return failSyntax("invalid number " + std::string(token.substr(0, 40)));
            out.append(token);
            return true;
        }
        case JsonType::boolean: {
            bool flag = false;
            if (auto error = value.get_bool().get(flag))
                return failFatal(error);
            out.append(flag ? "true" : "false");
            return true;
        }
        case JsonType::null: {
            bool isNull = false;
            if (value.is_null().get(isNull) || !isNull)
                return failSyntax(
                    "invalid literal " +
                    std::string(trimTrailingSpace(value.raw_json_token()).substr(0, 40)));
            out.append("null");
            return true;
        }
        case JsonType::array: {
            ondemand::array array;
            if (auto error = value.get_array().get(array))
                return failFatal(error);
            out.push_back('[');
            bool first = true;
            for (auto element : array) {
                ondemand::value item;
                if (auto error = std::move(element).get(item))
                    return failFatal(error);
                if (!first)
                    out.push_back(',');
                first = false;
                if (!appendValue(item, out))
                    return false;
            }
            out.push_back(']');
            return true;
        }
        case JsonType::object: {
            ondemand::object object;
            if (auto error = value.get_object().get(object))
                return failFatal(error);
            out.push_back('{');
            bool first = true;
            for (auto fieldResult : object) {
                if (auto error = fieldResult.error())
                    return failFatal(error);
                ondemand::field& field = fieldResult.value_unsafe();
                std::string_view key;
                if (!keyText(field, key))
                    return false;
                if (!first)
                    out.push_back(',');
                first = false;
                appendQuoted(out, key);
                out.push_back(':');
                if (!appendValue(field.value(), out))
                    return false;
            }
            out.push_back('}');
            return true;
        }
        }
        return true;
    }

    void beginAttribute(std::string_view key) {
        if (!firstAttribute)
            attributes.push_back(',');
        firstAttribute = false;
        appendQuoted(attributes, key);
        attributes.push_back(':');
    }

    // A scalar as text for text fields (service, tenant...): strings as their text,
    // numbers and booleans as their JSON text. False only on a fatal error; `ok` says
    // whether the type was one of those.
    bool scalarText(ondemand::value& value, JsonType type, std::string_view& out, bool& ok) {
        ok = true;
        if (type == JsonType::string)
            return stringText(value, out);
        if (type == JsonType::number || type == JsonType::boolean) {
            out = trimTrailingSpace(value.raw_json_token());
            if (type == JsonType::number && !isJsonNumber(out))
                return failSyntax("invalid number " + std::string(out.substr(0, 40)));
            if (type == JsonType::boolean && out != "true" && out != "false")
                return failSyntax("invalid literal " + std::string(out.substr(0, 40)));
            return true;
        }
        ok = false;
        return true;
    }

    bool readTimestamp(ondemand::value& value, JsonType type, std::string_view key) {
        if (type == JsonType::null)
            return true; // as if absent
        std::string_view text;
        if (type == JsonType::string) {
            if (!stringText(value, text))
                return false;
        } else if (type == JsonType::number) {
            text = trimTrailingSpace(value.raw_json_token());
        } else {
            failType(key, "an RFC 3339 time or an epoch number", type);
            return true;
        }
        timeFound = true;
        if (type == JsonType::number || isJsonNumber(text)) {
            if (mapping.timeUnit == EpochUnit::Unknown)
                mapping.timeUnit = epochUnitForNumber(text);
            if (mapping.timeUnit == EpochUnit::Unknown) {
                fail(key, std::string(text.substr(0, 40)) + " is not a time after 1970");
                return true;
            }
            auto parsed = parseEpochNumber(text, mapping.timeUnit);
            if (parsed.value)
                log.timeNs = *parsed.value;
            else
                fail(key, parsed.error);
            return true;
        }
        auto parsed = parseLogTimeText(text);
        if (parsed.value)
            log.timeNs = *parsed.value;
        else
            fail(key, parsed.error);
        return true;
    }

    bool readLevel(ondemand::value& value, JsonType type, std::string_view key) {
        if (type == JsonType::null)
            return true;
        if (type == JsonType::string) {
            if (!stringText(value, log.severityText))
                return false;
            log.severityNumber = severityFromLevelText(log.severityText);
            return true;
        }
        if (type != JsonType::number) {
            failType(key, "a level name or number", type);
            return true;
        }
        const std::string_view token = trimTrailingSpace(value.raw_json_token());
        std::int64_t number = 0;
        const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), number);
        if (ec != std::errc() || end != token.data() + token.size()) {
            if (!isJsonNumber(token))
                return failSyntax("invalid number " + std::string(token.substr(0, 40)));
            fail(key, std::string(token.substr(0, 40)) + " is not an integer level");
            return true;
        }
        auto level = levelFromNumber(number, mapping.levelScale);
        if (!level.value) {
            fail(key, level.error);
            return true;
        }
        log.severityNumber = level.value->severityNumber;
        log.severityText = level.value->name.empty() ? token : level.value->name;
        return true;
    }

    bool readRole(std::size_t slot, ondemand::value& value, JsonType type, std::string_view key) {
        switch (static_cast<LogRole>(slot)) {
        case LogRole::Timestamp:
            return readTimestamp(value, type, key);
        case LogRole::Level:
            return readLevel(value, type, key);
        case LogRole::Message:
            bodyFound = true;
            if (type == JsonType::string)
                return stringText(value, log.body);
            if (type == JsonType::null)
                return true;
            body.clear();
            if (!appendValue(value, body))
                return false;
            log.body = body;
            return true;
        case LogRole::Service:
        case LogRole::Logger: {
            std::string_view text;
            bool ok = true;
            if (!scalarText(value, type, text, ok))
                return false;
            if (!ok && type != JsonType::null)
                failType(key, "a string", type);
            (static_cast<LogRole>(slot) == LogRole::Service ? log.service : log.scopeName) = text;
            return true;
        }
        case LogRole::TraceId:
        case LogRole::SpanId: {
            if (type == JsonType::null)
                return true;
            if (type != JsonType::string) {
                failType(key, "a hex string", type);
                return true;
            }
            return stringText(value, static_cast<LogRole>(slot) == LogRole::TraceId ? traceText
                                                                                    : spanText);
        }
        }
        return true;
    }

    // Walks an object, flattening members into `attributes` and reading mapped keys.
    // `prefix` is the length of the path of this object in `path` (0 at the top).
    bool walkObject(ondemand::object& object, std::size_t prefix, int depth, bool& any) {
        for (auto fieldResult : object) {
            // The field is used in place: copying it out of its result cost a
            // store-forwarding stall per member.
            if (auto error = fieldResult.error())
                return failFatal(error);
            ondemand::field& field = fieldResult.value_unsafe();
            any = true;
            std::string_view key;
            if (!keyText(field, key))
                return false;
            std::string_view fullKey = key;
            if (depth > 0) {
                path.resize(prefix);
                path.push_back('.');
                path.append(key);
                fullKey = path;
            }
            ondemand::value& value = field.value();
            JsonType type;
            if (auto error = value.type().get(type))
                return failFatal(error);
            const std::size_t slot = slotOf(fullKey);

            // Objects are flattened, unless a mapped key holds one: a message may be an
            // object (kept as JSON), any other mapped key is then of the wrong type.
            if (type == JsonType::object && (slot == kNoSlot || slot >= kLogRoleCount)) {
                if (depth + 1 >= kMaxFlattenDepth) {
                    beginAttribute(fullKey);
                    if (!appendValue(value, attributes))
                        return false;
                    continue;
                }
                if (depth == 0)
                    path.assign(key);
                const std::size_t length = path.size();
                ondemand::object child;
                if (auto error = value.get_object().get(child))
                    return failFatal(error);
                bool childAny = false;
                if (!walkObject(child, length, depth + 1, childAny))
                    return false;
                if (!childAny) {
                    path.resize(length);
                    beginAttribute(path);
                    attributes.append("{}");
                }
                continue;
            }
            if (slot < kLogRoleCount) {
                if (!readRole(slot, value, type, fullKey))
                    return false;
                continue;
            }
            if (slot != kNoSlot && !kept[slot - kLogRoleCount]) {
                // Tenant and error code: read as text, and kept as attributes too. The
                // raw token of a non-string is still readable after scalarText.
                std::string_view text;
                bool ok = true;
                if (!scalarText(value, type, text, ok))
                    return false;
                if (ok)
                    kept[slot - kLogRoleCount] = text;
                beginAttribute(fullKey);
                if (type == JsonType::string) {
                    // stringText consumed the value; write the text back as JSON.
                    appendQuoted(attributes, text);
                } else if (ok) {
                    attributes.append(text);
                } else if (!appendValue(value, attributes)) {
                    return false;
                }
                continue;
            }
            beginAttribute(fullKey);
            if (!appendValue(value, attributes))
                return false;
        }
        return true;
    }
};

JsonLogMapper::JsonLogMapper(LogKeyMapping mapping, const std::vector<std::string>& tenantKeys)
    : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.mapping = std::move(mapping);
    for (std::size_t r = 0; r < kLogRoleCount; ++r)
        if (!s.mapping.keys[r].empty())
            s.addSlot(s.mapping.keys[r], r);
    auto addKept = [&](std::string_view key, std::size_t slot) {
        if (s.slotOf(key) == kNoSlot)
            s.addSlot(std::string(key), slot);
    };
    addKept("error.code", ErrorDotCode);
    addKept("error_code", ErrorCodeSlot);
    std::size_t slot = FirstTenant;
    for (const auto& key : tenantKeys)
        addKept(key, slot++);
    for (const auto key : logTenantFallbackKeys())
        addKept(key, slot++);
    s.slotCount = slot;
    s.kept.resize(slot - kLogRoleCount);
}

JsonLogMapper::~JsonLogMapper() = default;

const LogKeyMapping& JsonLogMapper::mapping() const {
    return state_->mapping;
}

JsonLogMapper::Result JsonLogMapper::mapLine(std::string_view line, RecordSink& sink) {
    State& s = *state_;
    Result result;
    s.attributes.assign("{");
    s.firstAttribute = true;
    s.path.clear();
    s.log = LogRecord{};
    s.timeFound = s.bodyFound = false;
    // One assignment each: a chain reads the view back after storing it (a stall).
    s.traceText = {};
    s.spanText = {};
    s.recordFailed = false;
    s.recordError.clear();
    s.fatal = simdjson::SUCCESS;
    s.syntaxError.clear();
    std::fill(s.kept.begin(), s.kept.end(), std::nullopt);

    auto load = [&](std::string_view text) {
        const std::size_t capacity = text.size() + simdjson::SIMDJSON_PADDING;
        if (s.padded.size() < capacity)
            s.padded.resize(capacity);
        std::memcpy(s.padded.data(), text.data(), text.size());
        std::memset(s.padded.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
    };
    load(line);
    std::size_t size = line.size();
    ondemand::document doc;
    auto error = s.parser.iterate(s.padded.data(), size, s.padded.size()).get(doc);
    if (error == simdjson::UTF8_ERROR) {
        // Invalid bytes become U+FFFD and the line is read again: the record lands.
        s.sanitized = replaceInvalidUtf8(line);
        load(s.sanitized);
        size = s.sanitized.size();
        error = s.parser.iterate(s.padded.data(), size, s.padded.size()).get(doc);
    }
    auto invalid = [&](std::string message, std::optional<std::size_t> column) {
        result.kind = Result::Kind::Invalid;
        result.reason = std::move(message);
        result.column = column;
        return result;
    };
    auto locationOf = [&]() -> std::optional<std::size_t> {
        const char* where = nullptr;
        if (doc.current_location().get(where) || where < s.padded.data())
            return std::nullopt;
        return static_cast<std::size_t>(where - s.padded.data());
    };
    // simdjson reports data after the value as an object that "ended early"; say what
    // it is instead, and where.
    auto broken = [&](simdjson::error_code e) {
        const std::string_view text(s.padded.data(), size);
        const std::size_t end = endOfContainer(text);
        if (end != std::string_view::npos && !trimTrailingSpace(text.substr(end)).empty()) {
            std::size_t next = end;
            while (next < size && (text[next] == ' ' || text[next] == '\t'))
                ++next;
            return invalid("unexpected data after the JSON value", next);
        }
        return invalid(simdjson::error_message(e), locationOf());
    };
    if (error)
        return invalid(simdjson::error_message(error), std::nullopt);
    JsonType rootType;
    if (auto e = doc.type().get(rootType))
        return broken(e);
    if (rootType != JsonType::object) {
        // simdjson types a scalar by its first byte: "not json" would be a null.
        std::string_view token;
        if (doc.raw_json_token().get(token))
            return invalid("not a JSON value", 0);
        token = trimTrailingSpace(token);
        std::string_view text;
        const bool valid = rootType == JsonType::number    ? isJsonNumber(token)
                           : rootType == JsonType::null    ? token == "null"
                           : rootType == JsonType::boolean ? token == "true" || token == "false"
                           : rootType == JsonType::string  ? !doc.get_string().get(text)
                                                           : true;
        if (!valid)
            return invalid("not a JSON value", 0);
        result.kind = Result::Kind::Rejected;
        result.reason = std::string("expected a JSON object, got ") + typeName(rootType);
        return result;
    }
    ondemand::object root;
    if (auto e = doc.get_object().get(root))
        return broken(e);
    bool any = false;
    if (!s.walkObject(root, 0, 0, any)) {
        if (!s.syntaxError.empty())
            return invalid(s.syntaxError, std::nullopt);
        return broken(s.fatal);
    }
    const char* trailing = nullptr;
    if (!doc.current_location().get(trailing))
        return invalid("unexpected data after the JSON value",
                       static_cast<std::size_t>(trailing - s.padded.data()));

    const std::string& timeKey = s.mapping.key(LogRole::Timestamp);
    if (!s.recordFailed && !s.timeFound) {
        if (timeKey.empty())
            s.fail("no timestamp", "no timestamp key was found in the first lines of the file");
        else
            s.fail("no timestamp", "\"" + timeKey + "\" is missing");
    }
    if (!s.recordFailed && !s.traceText.empty()) {
        TraceId& id = s.log.traceId.emplace();
        const bool decoded = traceIdFromHex(s.traceText, id);
        if (!decoded || !id.isValid())
            s.log.traceId.reset();
        if (!decoded) {
            s.fail(s.mapping.key(LogRole::TraceId), "invalid trace id \"" +
                                                        std::string(s.traceText.substr(0, 40)) +
                                                        "\" (want 16 or 32 hex digits)");
        }
    }
    if (!s.recordFailed && !s.spanText.empty()) {
        SpanId& id = s.log.spanId.emplace();
        const bool decoded = spanIdFromHex(s.spanText, id);
        if (!decoded || !id.isValid())
            s.log.spanId.reset();
        if (!decoded) {
            s.fail(s.mapping.key(LogRole::SpanId), "invalid span id \"" +
                                                       std::string(s.spanText.substr(0, 40)) +
                                                       "\" (want 16 hex digits)");
        }
    }
    if (s.recordFailed) {
        result.kind = Result::Kind::Rejected;
        result.reason = s.recordError;
        return result;
    }

    s.attributes.push_back('}');
    s.log.attributesJson = s.attributes;
    for (std::size_t k = FirstTenant - kLogRoleCount; k < s.kept.size(); ++k) {
        if (s.kept[k]) {
            s.log.tenant = *s.kept[k];
            break;
        }
    }
    if (s.kept[ErrorDotCode - kLogRoleCount])
        s.log.errorCode = *s.kept[ErrorDotCode - kLogRoleCount];
    else if (s.kept[ErrorCodeSlot - kLogRoleCount])
        s.log.errorCode = *s.kept[ErrorCodeSlot - kLogRoleCount];
    if (!s.log.service.empty()) {
        s.resource.assign("{\"service.name\":");
        appendQuoted(s.resource, s.log.service);
        s.resource.push_back('}');
        s.log.resourceJson = s.resource;
    }
    sink.addLog(s.log);
    return result;
}

} // namespace casebook
