#include "plugins/chrome/chrome_event_reader.h"

#include "core/util/json_text.h"
#include "plugins/chrome/chrome_fields.h"

#include <simdjson.h>

#include <charconv>
#include <cstring>

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;
using JsonType = ondemand::json_type;

// Objects in args nested deeper than this are kept whole as one attribute value.
constexpr int kMaxFlattenDepth = 16;

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

bool plainString(std::string_view inside) {
    for (char ch : inside) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == '\\')
            return false;
    }
    return true;
}

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

} // namespace

struct ChromeEventReader::State {
    ondemand::parser parser;
    std::vector<char> padded;
    std::string sanitized, args, path;
    bool firstArg = true;
    simdjson::error_code fatal = simdjson::SUCCESS;
    std::string syntaxError;
    ChromeEvent* event = nullptr;

    bool failFatal(simdjson::error_code error) {
        fatal = error;
        return false;
    }
    bool failSyntax(std::string message) {
        syntaxError = std::move(message);
        return false;
    }
    void fail(std::string_view field, std::string reason) {
        if (!event->error.empty())
            return;
        event->error.assign(field);
        event->error.append(": ");
        event->error.append(reason);
    }

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

    bool keyText(ondemand::field& field, std::string_view& out) {
        const char* begin = field.key().raw();
        const char* end = begin;
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

    // A string or number as text; `isNumber` says which. Other types fail the field.
    bool scalarText(ondemand::value& value, std::string_view field, std::string_view& out,
                    bool& present, bool* isNumber = nullptr) {
        present = false;
        JsonType type;
        if (auto error = value.type().get(type))
            return failFatal(error);
        if (type == JsonType::null)
            return true;
        if (type == JsonType::string) {
            if (!stringText(value, out))
                return false;
            present = true;
            if (isNumber)
                *isNumber = false;
            return true;
        }
        if (type == JsonType::number) {
            out = trimTrailingSpace(value.raw_json_token());
            if (!chromeIsJsonNumber(out))
                return failSyntax("invalid number " + std::string(out.substr(0, 40)));
            present = true;
            if (isNumber)
                *isNumber = true;
            return true;
        }
        fail(field, std::string("expected a string or number, got ") + typeName(type));
        return true;
    }

    bool readTime(ondemand::value& value, std::string_view field,
                  std::optional<std::int64_t>& out) {
        std::string_view text;
        bool present = false;
        if (!scalarText(value, field, text, present))
            return false;
        if (!present)
            return true;
        if (const auto whole = chromeWholeMicrosToNs(text)) {
            out = *whole;
            return true;
        }
        auto parsed = chromeMicrosToNs(text);
        if (parsed.value)
            out = *parsed.value;
        else
            fail(field, parsed.error);
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
        appendJsonText(out, text);
        return true;
    }

    bool appendValue(ondemand::value& value, std::string& out) {
        JsonType type;
        if (auto error = value.type().get(type))
            return failFatal(error);
        switch (type) {
        case JsonType::string:
            return appendString(value, out);
        case JsonType::number: {
            const std::string_view token = trimTrailingSpace(value.raw_json_token());
            if (!chromeIsJsonNumber(token))
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
                return failSyntax("invalid literal");
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
                appendJsonText(out, key);
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

    void beginArg(std::string_view key) {
        if (!firstArg)
            args.push_back(',');
        firstArg = false;
        appendJsonText(args, key);
        args.push_back(':');
    }

    // Flattens an args object into "args.<path>" members; records top-level numbers
    // (counter series) and the top-level "name" (metadata).
    bool walkArgs(ondemand::object& object, std::size_t prefix, int depth, bool full, bool& any) {
        for (auto fieldResult : object) {
            if (auto error = fieldResult.error())
                return failFatal(error);
            ondemand::field& field = fieldResult.value_unsafe();
            any = true;
            std::string_view key;
            if (!keyText(field, key))
                return false;
            ondemand::value& value = field.value();
            JsonType type;
            if (auto error = value.type().get(type))
                return failFatal(error);
            if (depth == 0 && key == "name" && type == JsonType::string) {
                if (!stringText(value, event->argsName))
                    return false;
                if (full) {
                    path.resize(prefix);
                    path.append(".name");
                    beginArg(path);
                    appendJsonText(args, event->argsName);
                }
                continue;
            }
            if (!full)
                continue; // the first pass needs args.name only
            path.resize(prefix);
            path.push_back('.');
            path.append(key);
            if (type == JsonType::object && depth + 1 < kMaxFlattenDepth) {
                const std::size_t length = path.size();
                ondemand::object child;
                if (auto error = value.get_object().get(child))
                    return failFatal(error);
                bool childAny = false;
                if (!walkArgs(child, length, depth + 1, full, childAny))
                    return false;
                if (!childAny) {
                    path.resize(length);
                    beginArg(path);
                    args.append("{}");
                }
                continue;
            }
            beginArg(path);
            if (depth == 0 && (type == JsonType::number || type == JsonType::string)) {
                // Counter values: numbers, or numbers written as strings.
                std::string_view text;
                if (type == JsonType::string) {
                    if (!stringText(value, text))
                        return false;
                    appendJsonText(args, text);
                } else {
                    text = trimTrailingSpace(value.raw_json_token());
                    if (!chromeIsJsonNumber(text))
                        return failSyntax("invalid number " + std::string(text.substr(0, 40)));
                    args.append(text);
                }
                event->seriesText.emplace_back(key, text);
                continue;
            }
            if (!appendValue(value, args))
                return false;
        }
        return true;
    }
};

void clearChromeEvent(ChromeEvent& event) {
    // Field by field rather than `event = ChromeEvent{}`, which is a good part of reading
    // a small event and would free the buffers the next event needs again. One
    // assignment each: a chain (a = b = {}) reads each view back after storing it.
    const std::string_view none;
    event.ph = none;
    event.name = none;
    event.cat = none;
    event.scope = none;
    event.id = none;
    event.tsNs.reset();
    event.durNs.reset();
    event.tdurNs.reset();
    event.pid = none;
    event.tid = none;
    event.hasPid = false;
    event.hasTid = false;
    event.pidIsNumber = false;
    event.tidIsNumber = false;
    event.argsName = none;
    event.argsMembers = none;
    event.seriesText.clear();
    event.error.clear();
}

ChromeEventReader::ChromeEventReader() : state_(std::make_unique<State>()) {}
ChromeEventReader::~ChromeEventReader() = default;

namespace {

// Starts a read: the event emptied, the state's per-event parts reset.
template <typename State> void beginEvent(State& s, ChromeEvent& event) {
    clearChromeEvent(event);
    s.event = &event;
    s.fatal = simdjson::SUCCESS;
    s.syntaxError.clear();
    s.args.clear();
    s.firstArg = true;
}

// Reads the members of an event object. False when the JSON is broken (the message in
// the state).
template <typename State>
bool readMembers(State& s, ondemand::object& root, bool full, ChromeEvent& event) {
    for (auto fieldResult : root) {
        // Used in place: copying the field out of its result cost a store-forwarding
        // stall per member.
        if (auto e = fieldResult.error())
            return s.failFatal(e);
        ondemand::field& field = fieldResult.value_unsafe();
        std::string_view key;
        if (!s.keyText(field, key))
            return false;
        ondemand::value& value = field.value();
        bool present = false;
        bool ok = true;
        switch (chromeMemberOf(key)) {
        case ChromeMember::Ph:
            ok = s.scalarText(value, key, event.ph, present);
            break;
        case ChromeMember::Ts:
            ok = s.readTime(value, key, event.tsNs);
            break;
        case ChromeMember::Dur:
            ok = s.readTime(value, key, event.durNs);
            break;
        case ChromeMember::Tdur:
            ok = s.readTime(value, key, event.tdurNs);
            break;
        case ChromeMember::Pid:
            ok = s.scalarText(value, key, event.pid, event.hasPid, &event.pidIsNumber);
            break;
        case ChromeMember::Tid:
            ok = s.scalarText(value, key, event.tid, event.hasTid, &event.tidIsNumber);
            break;
        case ChromeMember::Name:
            ok = s.scalarText(value, key, event.name, present);
            break;
        case ChromeMember::Cat:
            ok = s.scalarText(value, key, event.cat, present);
            break;
        case ChromeMember::Scope:
            ok = s.scalarText(value, key, event.scope, present);
            break;
        case ChromeMember::Id:
            ok = s.scalarText(value, key, event.id, present);
            break;
        case ChromeMember::Args: {
            JsonType type;
            if (auto e = value.type().get(type)) {
                ok = s.failFatal(e);
            } else if (type == JsonType::object) {
                ondemand::object args;
                if (auto e2 = value.get_object().get(args)) {
                    ok = s.failFatal(e2);
                } else {
                    s.path.assign("args");
                    bool any = false;
                    ok = s.walkArgs(args, s.path.size(), 0, full, any);
                }
            } else if (full && type != JsonType::null) {
                s.beginArg("args");
                ok = s.appendValue(value, s.args);
            }
            break;
        }
        case ChromeMember::Other:
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

ChromeEventReader::Result ChromeEventReader::read(std::string_view json, Detail detail,
                                                  ChromeEvent& event) {
    State& s = *state_;
    beginEvent(s, event);
    const bool full = detail == Detail::Full;
    Result result;

    auto load = [&](std::string_view text) {
        const std::size_t capacity = text.size() + simdjson::SIMDJSON_PADDING;
        if (s.padded.size() < capacity)
            s.padded.resize(capacity);
        std::memcpy(s.padded.data(), text.data(), text.size());
        std::memset(s.padded.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
    };
    load(json);
    std::size_t size = json.size();
    ondemand::document doc;
    auto error = s.parser.iterate(s.padded.data(), size, s.padded.size()).get(doc);
    if (error == simdjson::UTF8_ERROR) {
        s.sanitized = replaceInvalidUtf8(json);
        load(s.sanitized);
        size = s.sanitized.size();
        error = s.parser.iterate(s.padded.data(), size, s.padded.size()).get(doc);
    }
    auto invalid = [&](std::string message) {
        result.kind = Result::Kind::InvalidJson;
        result.message = std::move(message);
        return result;
    };
    if (error)
        return invalid(simdjson::error_message(error));
    JsonType rootType;
    if (auto e = doc.type().get(rootType))
        return invalid(simdjson::error_message(e));
    if (rootType != JsonType::object) {
        result.kind = Result::Kind::NotAnObject;
        result.message = typeName(rootType);
        return result;
    }
    ondemand::object root;
    if (auto e = doc.get_object().get(root))
        return invalid(simdjson::error_message(e));

    if (!readMembers(s, root, full, event)) {
        if (!s.syntaxError.empty())
            return invalid(s.syntaxError);
        return invalid(simdjson::error_message(s.fatal));
    }
    const char* trailing = nullptr;
    if (!doc.current_location().get(trailing))
        return invalid("unexpected data after the event");
    event.argsMembers = s.args;
    return result;
}

std::size_t ChromeEventReader::readRun(std::string_view run, std::size_t count, Detail detail,
                                       ChromeEvent& event, const RunHandler& onEvent) {
    State& s = *state_;
    const bool full = detail == Detail::Full;
    // The run as a JSON array: '[' + the events and the commas between them + ']'.
    const std::size_t size = run.size() + 2;
    const std::size_t capacity = size + simdjson::SIMDJSON_PADDING;
    if (s.padded.size() < capacity)
        s.padded.resize(capacity);
    s.padded[0] = '[';
    std::memcpy(s.padded.data() + 1, run.data(), run.size());
    s.padded[size - 1] = ']';
    std::memset(s.padded.data() + size, 0, simdjson::SIMDJSON_PADDING);
    ondemand::document doc;
    ondemand::array array;
    // Any error in the run (invalid UTF-8 anywhere in it, for one) leaves it to the
    // caller's event-by-event reading, which says what and where.
    if (s.parser.iterate(s.padded.data(), size, s.padded.size()).get(doc) ||
        doc.get_array().get(array))
        return 0;
    std::size_t done = 0;
    for (auto elementResult : array) {
        if (done == count)
            return done; // more elements than the splitter saw: read those one by one
        ondemand::value element;
        if (std::move(elementResult).get(element))
            return done;
        beginEvent(s, event);
        Result result;
        JsonType type;
        if (element.type().get(type))
            return done;
        if (type != JsonType::object) {
            result.kind = Result::Kind::NotAnObject;
            result.message = typeName(type);
        } else {
            ondemand::object object;
            if (element.get_object().get(object) || !readMembers(s, object, full, event))
                return done;
            event.argsMembers = s.args;
        }
        onEvent(done, result);
        ++done;
    }
    return done;
}

} // namespace casebook
