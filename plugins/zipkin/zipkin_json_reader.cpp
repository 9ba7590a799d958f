#include "plugins/zipkin/zipkin_json_reader.h"

#include "core/util/json_text.h"

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;

constexpr std::size_t kLargeText = 64 * 1024;

// Most strings here are short keys and values, where a plain loop beats a call to memchr.
bool hasBackslash(std::string_view text) {
    if (text.size() > 32)
        return std::memchr(text.data(), '\\', text.size()) != nullptr;
    for (char c : text)
        if (c == '\\')
            return true;
    return false;
}

std::string_view trimTrailingSpace(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' ||
                             text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

const char* zipkinTypeName(ZipkinType type) {
    switch (type) {
    case ZipkinType::array:
        return "array";
    case ZipkinType::object:
        return "object";
    case ZipkinType::number:
        return "number";
    case ZipkinType::string:
        return "string";
    case ZipkinType::boolean:
        return "boolean";
    case ZipkinType::null:
        return "null";
    }
    return "unknown";
}

std::string_view zipkinFieldKey(ondemand::field& field) {
    const char* begin = field.key().raw();
    const char* end = begin;
    // The key is followed by its closing quote inside the padded buffer, so this stops.
    while (*end != '"' && *end != '\\')
        ++end;
    if (*end == '"')
        return {begin, static_cast<std::size_t>(end - begin)};
    std::string_view unescaped;
    if (field.unescaped_key().get(unescaped))
        return {};
    return unescaped;
}

std::string ZipkinJsonReader::recordError() const {
    if (errorPath_.empty())
        return errorReason_;
    return errorPath_ + ": " + errorReason_;
}

void ZipkinJsonReader::fail(std::string_view field, std::string_view reason) {
    if (failed_)
        return;
    failed_ = true;
    errorPath_.assign(field);
    errorReason_.assign(reason);
}

void ZipkinJsonReader::failType(std::string_view field, std::string_view expected, ZipkinType got) {
    if (failed_)
        return;
    fail(field, "expected " + std::string(expected) + ", got " + zipkinTypeName(got));
}

void ZipkinJsonReader::prefixError(std::string_view prefix) {
    if (!failed_ || prefix.empty())
        return;
    if (!errorPath_.empty() && errorPath_.front() != '[')
        errorPath_.insert(0, ".");
    errorPath_.insert(0, prefix);
}

bool ZipkinJsonReader::stringText(ZipkinValue& value, std::string_view field, std::string_view& out,
                                  bool& raw, bool& ok) {
    // The raw token is `"text"` plus trailing space; without a backslash its inside is
    // the string itself (simdjson has validated UTF-8), so no copy is made.
    const std::string_view token = trimTrailingSpace(value.raw_json_token());
    ok = true;
    if (token.size() >= 2) {
        const std::string_view inside = token.substr(1, token.size() - 2);
        if (!hasBackslash(inside)) {
            out = inside;
            raw = true;
            return true;
        }
    }
    raw = false;
    const auto error = value.get_string().get(out);
    if (error == simdjson::STRING_ERROR) {
        fail(field, "invalid string escape");
        ok = false;
        return true;
    }
    if (error)
        return failFatal(error);
    return true;
}

bool ZipkinJsonReader::readString(ZipkinValue& value, std::string_view field,
                                  std::string_view& out) {
    ZipkinType t;
    if (!type(value, t))
        return false;
    if (t == ZipkinType::null)
        return true;
    if (t != ZipkinType::string) {
        failType(field, "string", t);
        return true;
    }
    bool raw = false, ok = true;
    return stringText(value, field, out, raw, ok);
}

bool ZipkinJsonReader::readScalar(ZipkinValue& value, std::string_view field, ZipkinScalar& out) {
    ZipkinType t;
    if (!type(value, t))
        return false;
    out = ZipkinScalar{};
    switch (t) {
    case ZipkinType::null:
        out.kind = ZipkinValueKind::Null;
        return true;
    case ZipkinType::string: {
        bool ok = true;
        out.kind = ZipkinValueKind::String;
        return stringText(value, field, out.text, out.raw, ok);
    }
    case ZipkinType::number:
        out.kind = ZipkinValueKind::Number;
        out.text = trimTrailingSpace(value.raw_json_token());
        return true;
    case ZipkinType::boolean: {
        bool flag = false;
        if (auto error = value.get_bool().get(flag))
            return failFatal(error);
        out.kind = ZipkinValueKind::Bool;
        out.text = flag ? "true" : "false";
        return true;
    }
    case ZipkinType::array:
    case ZipkinType::object:
        break;
    }
    failType(field, "a string, number or boolean", t);
    return true;
}

bool ZipkinJsonReader::readIntegerText(ZipkinValue& value, std::string_view field,
                                       std::string_view& out, bool& present) {
    present = false;
    ZipkinType t;
    if (!type(value, t))
        return false;
    if (t == ZipkinType::null)
        return true;
    if (t == ZipkinType::number) {
        out = trimTrailingSpace(value.raw_json_token());
        present = true;
        return true;
    }
    if (t == ZipkinType::string) {
        bool raw = false, ok = true;
        if (!stringText(value, field, out, raw, ok))
            return false;
        present = ok;
        return true;
    }
    failType(field, "integer", t);
    return true;
}

bool ZipkinJsonReader::readBool(ZipkinValue& value, std::string_view field, bool& out) {
    ZipkinType t;
    if (!type(value, t))
        return false;
    if (t == ZipkinType::null)
        return true;
    if (t != ZipkinType::boolean) {
        failType(field, "boolean", t);
        return true;
    }
    if (auto error = value.get_bool().get(out))
        return failFatal(error);
    return true;
}

void zipkinAppendString(std::string& out, std::string_view text, bool raw) {
    if (text.size() > kLargeText) {
        // Room for what follows too, so that a huge value is not copied again by the next
        // small append growing the string.
        out.reserve(out.size() + text.size() + text.size() / 4 + 4096);
    }
    if (raw) {
        out.push_back('"');
        out.append(text);
        out.push_back('"');
    } else {
        appendJsonString(out, text);
    }
}

} // namespace casebook
