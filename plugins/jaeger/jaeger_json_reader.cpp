#include "plugins/jaeger/jaeger_json_reader.h"

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

const char* jaegerTypeName(JaegerType type) {
    switch (type) {
    case JaegerType::array:
        return "array";
    case JaegerType::object:
        return "object";
    case JaegerType::number:
        return "number";
    case JaegerType::string:
        return "string";
    case JaegerType::boolean:
        return "boolean";
    case JaegerType::null:
        return "null";
    }
    return "unknown";
}

std::string_view jaegerFieldKey(ondemand::field& field) {
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

std::string JaegerJsonReader::recordError() const {
    if (errorPath_.empty())
        return errorReason_;
    return errorPath_ + ": " + errorReason_;
}

void JaegerJsonReader::fail(std::string_view field, std::string_view reason) {
    if (failed_)
        return;
    failed_ = true;
    errorPath_.assign(field);
    errorReason_.assign(reason);
}

void JaegerJsonReader::failType(std::string_view field, std::string_view expected, JaegerType got) {
    if (failed_)
        return;
    fail(field, "expected " + std::string(expected) + ", got " + jaegerTypeName(got));
}

void JaegerJsonReader::prefixError(std::string_view prefix) {
    if (!failed_ || prefix.empty())
        return;
    if (!errorPath_.empty() && errorPath_.front() != '[')
        errorPath_.insert(0, ".");
    errorPath_.insert(0, prefix);
}

bool JaegerJsonReader::stringText(JaegerValue& value, std::string_view field, std::string_view& out,
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

bool JaegerJsonReader::readString(JaegerValue& value, std::string_view field,
                                  std::string_view& out) {
    JaegerType t;
    if (!type(value, t))
        return false;
    if (t == JaegerType::null)
        return true;
    if (t != JaegerType::string) {
        failType(field, "string", t);
        return true;
    }
    bool raw = false, ok = true;
    return stringText(value, field, out, raw, ok);
}

bool JaegerJsonReader::readScalar(JaegerValue& value, std::string_view field, JaegerScalar& out) {
    JaegerType t;
    if (!type(value, t))
        return false;
    out = JaegerScalar{};
    switch (t) {
    case JaegerType::null:
        out.kind = JaegerValueKind::Null;
        return true;
    case JaegerType::string: {
        bool ok = true;
        out.kind = JaegerValueKind::String;
        return stringText(value, field, out.text, out.raw, ok);
    }
    case JaegerType::number:
        out.kind = JaegerValueKind::Number;
        out.text = trimTrailingSpace(value.raw_json_token());
        return true;
    case JaegerType::boolean: {
        bool flag = false;
        if (auto error = value.get_bool().get(flag))
            return failFatal(error);
        out.kind = JaegerValueKind::Bool;
        out.text = flag ? "true" : "false";
        return true;
    }
    case JaegerType::array:
    case JaegerType::object:
        break;
    }
    failType(field, "a string, number or boolean", t);
    return true;
}

bool JaegerJsonReader::readIntegerText(JaegerValue& value, std::string_view field,
                                       std::string_view& out, bool& present) {
    present = false;
    JaegerType t;
    if (!type(value, t))
        return false;
    if (t == JaegerType::null)
        return true;
    if (t == JaegerType::number) {
        out = trimTrailingSpace(value.raw_json_token());
        present = true;
        return true;
    }
    if (t == JaegerType::string) {
        bool raw = false, ok = true;
        if (!stringText(value, field, out, raw, ok))
            return false;
        present = ok;
        return true;
    }
    failType(field, "integer", t);
    return true;
}

bool JaegerJsonReader::readTag(JaegerValue& value, JaegerTag& tag) {
    tag = JaegerTag{};
    JaegerType t;
    if (!type(value, t))
        return false;
    if (t != JaegerType::object) {
        failType({}, "tag object", t);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return failFatal(error);
    bool haveKey = false;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return failFatal(error);
        const std::string_view name = jaegerFieldKey(field);
        JaegerValue& v = field.value();
        if (name == "key") {
            JaegerType kt;
            if (!type(v, kt))
                return false;
            if (kt != JaegerType::string) {
                failType("key", "string", kt);
                return true;
            }
            bool ok = true;
            if (!stringText(v, "key", tag.key, tag.keyRaw, ok))
                return false;
            if (!ok)
                return true;
            haveKey = true;
        } else if (name == "type") {
            if (!readString(v, "type", tag.type))
                return false;
        } else if (name == "value") {
            if (!readScalar(v, "value", tag.value))
                return false;
        }
        if (failed_)
            return true;
    }
    if (!haveKey)
        fail({}, "missing key");
    return true;
}

void jaegerAppendString(std::string& out, std::string_view text, bool raw) {
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

bool jaegerAppendTag(std::string& out, bool& first, const JaegerTag& tag, std::string& reason,
                     std::size_t& valueStart) {
    const std::size_t mark = out.size();
    if (!first)
        out.push_back(',');
    jaegerAppendString(out, tag.key, tag.keyRaw);
    out.push_back(':');
    valueStart = out.size();
    const JaegerScalar& v = tag.value;
    if (v.kind == JaegerValueKind::String && v.raw &&
        (tag.type == "string" || tag.type.empty() || tag.type == "binary")) {
        jaegerAppendString(out, v.text, true); // the common case, without a second pass
    } else if (!appendJaegerTagValue(out, tag.type, v.kind, v.text, reason)) {
        out.resize(mark);
        return false;
    }
    first = false;
    return true;
}

} // namespace casebook
