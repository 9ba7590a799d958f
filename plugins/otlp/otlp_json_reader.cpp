#include "plugins/otlp/otlp_json_reader.h"

#include "core/util/json_text.h"
#include "plugins/otlp/otlp_fields.h"

#include <cstring>

namespace casebook {
namespace {

namespace ondemand = simdjson::ondemand;

// Deeper AnyValue nesting is rejected rather than recursed into.
constexpr int kMaxAnyValueDepth = 64;

std::string_view trimTrailingSpace(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' ||
                             text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

OtlpHotKeys::OtlpHotKeys(const std::vector<std::string>& tenantKeys)
    : keys{"service.name", "correlation_id", "correlation.id", "error.code", "error_code"} {
    keys.insert(keys.end(), tenantKeys.begin(), tenantKeys.end());
}

std::optional<std::string_view> OtlpHotValues::firstFrom(std::size_t first) const {
    for (std::size_t slot = first; slot < values.size(); ++slot)
        if (values[slot])
            return values[slot];
    return std::nullopt;
}

std::string_view otlpFieldKey(ondemand::field& field) {
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

const char* otlpTypeName(OtlpType type) {
    switch (type) {
    case OtlpType::array:
        return "array";
    case OtlpType::object:
        return "object";
    case OtlpType::number:
        return "number";
    case OtlpType::string:
        return "string";
    case OtlpType::boolean:
        return "boolean";
    case OtlpType::null:
        return "null";
    }
    return "unknown";
}

void OtlpJsonReader::fail(std::string_view field, std::string_view reason) {
    if (failed_)
        return;
    failed_ = true;
    errorPath_.assign(field);
    errorReason_.assign(reason);
}

void OtlpJsonReader::failType(std::string_view field, std::string_view expected, OtlpType got) {
    if (failed_)
        return;
    std::string reason = "expected ";
    reason.append(expected);
    reason.append(", got ");
    reason.append(otlpTypeName(got));
    fail(field, reason);
}

void OtlpJsonReader::prefixError(std::string_view prefix) {
    if (!failed_ || prefix.empty())
        return;
    if (!errorPath_.empty() && errorPath_.front() != '[')
        errorPath_.insert(0, ".");
    errorPath_.insert(0, prefix);
}

void OtlpJsonReader::prefixError(std::string_view field, std::size_t index) {
    if (!failed_)
        return;
    std::string prefix(field);
    prefix.push_back('[');
    prefix.append(std::to_string(index));
    prefix.push_back(']');
    prefixError(prefix);
}

std::string OtlpJsonReader::recordError() const {
    if (errorPath_.empty())
        return errorReason_;
    return errorPath_ + ": " + errorReason_;
}

bool OtlpJsonReader::type(OtlpValue& value, OtlpType& out) {
    if (auto error = value.type().get(out))
        return failFatal(error);
    return true;
}

bool OtlpJsonReader::stringContents(OtlpValue& value, std::string_view field, std::string_view& out,
                                    bool& ok) {
    // The raw token is `"text"` plus trailing spaces; without a backslash its inside is the
    // string itself (simdjson has already validated UTF-8 and control characters), so no
    // copy is made. Only escaped strings are decoded.
    const std::string_view raw = trimTrailingSpace(value.raw_json_token());
    ok = true;
    if (raw.size() >= 2) {
        const std::string_view inside = raw.substr(1, raw.size() - 2);
        if (std::memchr(inside.data(), '\\', inside.size()) == nullptr) {
            out = inside;
            lastContentsRaw_ = true;
            return true;
        }
    }
    lastContentsRaw_ = false;
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

bool OtlpJsonReader::readString(OtlpValue& value, std::string_view field, std::string_view& out) {
    OtlpType t;
    if (!type(value, t))
        return false;
    if (t == OtlpType::null)
        return true;
    if (t != OtlpType::string) {
        failType(field, "string", t);
        return true;
    }
    bool ok = true;
    return stringContents(value, field, out, ok);
}

bool OtlpJsonReader::integerText(OtlpValue& value, std::string_view field, std::string_view& out,
                                 bool& present) {
    present = false;
    OtlpType t;
    if (!type(value, t))
        return false;
    if (t == OtlpType::null)
        return true;
    if (t == OtlpType::number) {
        out = trimTrailingSpace(value.raw_json_token());
        present = true;
        return true;
    }
    if (t == OtlpType::string) {
        bool ok = true;
        if (!stringContents(value, field, out, ok))
            return false;
        present = ok;
        return true;
    }
    failType(field, "integer (string or number)", t);
    return true;
}

template <typename Int, typename Parse>
bool OtlpJsonReader::readInteger(OtlpValue& value, std::string_view field, Int& out, Parse parse) {
    std::string_view text;
    bool present = false;
    if (!integerText(value, field, text, present))
        return false;
    if (!present)
        return true;
    auto parsed = parse(text);
    if (parsed.value)
        out = *parsed.value;
    else
        fail(field, parsed.error);
    return true;
}

bool OtlpJsonReader::readInt64(OtlpValue& value, std::string_view field, std::int64_t& out) {
    return readInteger(value, field, out, parseOtlpInt64);
}

bool OtlpJsonReader::readUint64(OtlpValue& value, std::string_view field, std::uint64_t& out) {
    return readInteger(value, field, out, parseOtlpUint64);
}

bool OtlpJsonReader::readDouble(OtlpValue& value, std::string_view field, double& out) {
    std::optional<double> parsed;
    if (!readOptionalDouble(value, field, parsed))
        return false;
    if (parsed)
        out = *parsed;
    return true;
}

bool OtlpJsonReader::readOptionalDouble(OtlpValue& value, std::string_view field,
                                        std::optional<double>& out) {
    OtlpType t;
    if (!type(value, t))
        return false;
    if (t == OtlpType::null)
        return true;
    if (t == OtlpType::number) {
        double d = 0;
        if (value.get_double().get(d)) {
            fail(field, std::string(trimTrailingSpace(value.raw_json_token())) +
                            " is not a representable number");
            return true;
        }
        out = d;
        return true;
    }
    if (t == OtlpType::string) {
        // The protobuf JSON mapping writes non-finite doubles, and may write any double,
        // as a string.
        std::string_view text;
        bool ok = true;
        if (!stringContents(value, field, text, ok))
            return false;
        if (!ok)
            return true;
        auto parsed = parseOtlpDouble(text);
        if (parsed.value)
            out = *parsed.value;
        else
            fail(field, parsed.error);
        return true;
    }
    failType(field, "number", t);
    return true;
}

bool OtlpJsonReader::readBool(OtlpValue& value, std::string_view field, bool& out) {
    OtlpType t;
    if (!type(value, t))
        return false;
    if (t == OtlpType::null)
        return true;
    if (t != OtlpType::boolean) {
        failType(field, "boolean", t);
        return true;
    }
    if (auto error = value.get_bool().get(out))
        return failFatal(error);
    return true;
}

bool OtlpJsonReader::readEnum(OtlpValue& value, std::string_view field, int maxValue,
                              std::optional<int> (*fromName)(std::string_view), int& out) {
    OtlpType t;
    if (!type(value, t))
        return false;
    if (t == OtlpType::null)
        return true;
    std::string_view text; // the number as written
    if (t == OtlpType::string) {
        bool ok = true;
        if (!stringContents(value, field, text, ok))
            return false;
        if (!ok)
            return true;
        if (auto number = fromName(text)) {
            out = *number;
            return true;
        }
        // Not a name: some writers quote the number itself.
    } else if (t == OtlpType::number) {
        text = trimTrailingSpace(value.raw_json_token());
    } else {
        failType(field, "integer enum", t);
        return true;
    }
    auto parsed = parseOtlpInt64(text);
    if (!parsed.value) {
        fail(field, t == OtlpType::string
                        ? "unknown name \"" + std::string(text.substr(0, 60)) + "\""
                        : parsed.error);
        return true;
    }
    if (*parsed.value < 0 || *parsed.value > maxValue) {
        fail(field, std::string(text) + " is out of range (0.." + std::to_string(maxValue) + ")");
        return true;
    }
    out = static_cast<int>(*parsed.value);
    return true;
}

template <typename Number, typename Read, typename Append>
bool OtlpJsonReader::appendNumberArray(OtlpValue& value, std::string_view field, std::string& out,
                                       Read read, Append append) {
    out.push_back('[');
    auto each = [&](OtlpValue& item, std::size_t index) {
        Number number = 0;
        if (!(this->*read)(item, {}, number))
            return false;
        if (failed_)
            return true;
        if (index > 0)
            out.push_back(',');
        append(out, number);
        return true;
    };
    if (!forEachElement(value, field, each))
        return false;
    if (!failed_)
        out.push_back(']');
    return true;
}

bool OtlpJsonReader::appendUintArray(OtlpValue& value, std::string_view field, std::string& out) {
    return appendNumberArray<std::uint64_t>(value, field, out, &OtlpJsonReader::readUint64,
                                            appendJsonUint);
}

bool OtlpJsonReader::appendDoubleArray(OtlpValue& value, std::string_view field, std::string& out) {
    return appendNumberArray<double>(value, field, out, &OtlpJsonReader::readDouble,
                                     appendJsonDouble);
}

bool OtlpJsonReader::appendAnyValue(OtlpValue& value, std::string_view field, std::string& out) {
    if (!appendAnyValueAt(value, out, 0))
        return false;
    prefixError(field);
    return true;
}

bool OtlpJsonReader::appendStringLiteral(OtlpValue& value, std::string_view field, std::string& out,
                                         std::string_view& text) {
    bool ok = true;
    if (!stringContents(value, field, text, ok))
        return false;
    if (!ok)
        return true;
    if (lastContentsRaw_) {
        out.push_back('"');
        out.append(text);
        out.push_back('"');
    } else {
        appendJsonString(out, text);
    }
    return true;
}

bool OtlpJsonReader::appendAnyValueAt(OtlpValue& value, std::string& out, int depth) {
    lastString_.reset();
    if (depth > kMaxAnyValueDepth) {
        fail({}, "AnyValue nested more than " + std::to_string(kMaxAnyValueDepth) + " levels");
        return true;
    }
    OtlpType t;
    if (!type(value, t))
        return false;
    if (t == OtlpType::null) {
        out.append("null");
        return true;
    }
    if (t != OtlpType::object) {
        failType({}, "AnyValue object", t);
        return true;
    }
    ondemand::object object;
    if (auto error = value.get_object().get(object))
        return failFatal(error);
    bool wrote = false;
    std::optional<std::string_view> stringValue;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return failFatal(error);
        const std::string_view key = otlpFieldKey(field);
        OtlpValue& v = field.value();
        OtlpType vt;
        if (!type(v, vt))
            return false;
        if (vt == OtlpType::null)
            continue; // a oneof member set to null is not set
        if (key == "stringValue") {
            if (vt != OtlpType::string) {
                failType(key, "string", vt);
                return true;
            }
            std::string_view text;
            if (!appendStringLiteral(v, key, out, text))
                return false;
            stringValue = text;
        } else if (key == "boolValue") {
            bool flag = false;
            if (!readBool(v, key, flag))
                return false;
            out.append(flag ? "true" : "false");
        } else if (key == "intValue") {
            std::int64_t number = 0;
            if (!readInt64(v, key, number))
                return false;
            appendJsonInt(out, number);
        } else if (key == "doubleValue") {
            if (vt == OtlpType::number) {
                double number = 0;
                if (v.get_double().get(number)) {
                    fail(key, std::string(trimTrailingSpace(v.raw_json_token())) +
                                  " is not a representable number");
                    return true;
                }
                // The token was validated by get_double; keeping its text keeps 637.704
                // from turning into 637.70399999999995.
                out.append(trimTrailingSpace(v.raw_json_token()));
            } else {
                double number = 0;
                if (!readDouble(v, key, number))
                    return false;
                appendJsonDouble(out, number);
            }
        } else if (key == "bytesValue") {
            if (vt != OtlpType::string) {
                failType(key, "string (base64)", vt);
                return true;
            }
            std::string_view text;
            if (!appendStringLiteral(v, key, out, text))
                return false;
        } else if (key == "arrayValue") {
            if (!appendArrayValue(v, out, depth))
                return false;
        } else if (key == "kvlistValue") {
            if (!appendKvlistValue(v, out, depth))
                return false;
        } else {
            continue; // unknown field
        }
        if (failed_)
            return true;
        wrote = true;
        break; // oneof: the first kind present is the value
    }
    if (!wrote)
        out.append("null");
    lastString_ = stringValue;
    return true;
}

bool OtlpJsonReader::appendArrayValue(OtlpValue& value, std::string& out, int depth) {
    ondemand::object object;
    bool opened = false;
    if (!openObject(value, "arrayValue", object, opened))
        return false;
    if (!opened)
        return true;
    out.push_back('[');
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return failFatal(error);
        if (otlpFieldKey(field) != "values")
            continue;
        OtlpValue& values = field.value();
        OtlpType vt;
        if (!type(values, vt))
            return false;
        if (vt == OtlpType::null)
            continue;
        if (vt != OtlpType::array) {
            failType("arrayValue.values", "array", vt);
            return true;
        }
        ondemand::array array;
        if (auto error = values.get_array().get(array))
            return failFatal(error);
        std::size_t index = 0;
        for (auto element : array) {
            OtlpValue item;
            if (auto error = std::move(element).get(item))
                return failFatal(error);
            if (index > 0)
                out.push_back(',');
            if (!appendAnyValueAt(item, out, depth + 1))
                return false;
            if (failed_) {
                prefixError("arrayValue.values", index);
                return true;
            }
            ++index;
        }
        break;
    }
    out.push_back(']');
    return true;
}

bool OtlpJsonReader::appendKvlistValue(OtlpValue& value, std::string& out, int depth) {
    ondemand::object object;
    bool opened = false;
    if (!openObject(value, "kvlistValue", object, opened))
        return false;
    if (!opened)
        return true;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return failFatal(error);
        if (otlpFieldKey(field) != "values")
            continue;
        return appendKeyValueList(field.value(), "kvlistValue.values", out, depth + 1, nullptr,
                                  nullptr);
    }
    out.append("{}");
    return true;
}

bool OtlpJsonReader::appendAttributes(OtlpValue& value, std::string_view field, std::string& out,
                                      const OtlpHotKeys* keys, OtlpHotValues* found) {
    return appendKeyValueList(value, field, out, 0, keys, found);
}

bool OtlpJsonReader::appendKeyValueList(OtlpValue& value, std::string_view field, std::string& out,
                                        int depth, const OtlpHotKeys* keys, OtlpHotValues* found) {
    // Null is no attributes, "{}" like an empty array. After a record error `out` is left
    // unfinished: the record is dropped.
    out.push_back('{');
    bool first = true;
    auto each = [&](OtlpValue& item, std::size_t) {
        return appendKeyValue(item, out, first, depth, keys, found);
    };
    if (!forEachElement(value, field, each, "array of KeyValue"))
        return false;
    if (!failed_)
        out.push_back('}');
    return true;
}

bool OtlpJsonReader::appendKeyValue(OtlpValue& value, std::string& out, bool& first, int depth,
                                    const OtlpHotKeys* keys, OtlpHotValues* found) {
    ondemand::object object;
    bool opened = false;
    if (!openObject(value, {}, object, opened, "KeyValue object"))
        return false;
    if (!opened)
        return true;
    if (scratch_.size() <= static_cast<std::size_t>(depth))
        scratch_.resize(static_cast<std::size_t>(depth) + 1);
    std::string& scratch = scratch_[static_cast<std::size_t>(depth)];

    std::string_view key;
    bool haveKey = false, haveValue = false, valueInScratch = false;
    std::size_t valueStart = 0;
    std::optional<std::string_view> valueString;

    // The key goes out first. It normally precedes the value in the input; when it does
    // not, the value waits in `scratch` until the key is known.
    auto writeKey = [&](std::string_view text, bool raw) {
        if (!first)
            out.push_back(',');
        first = false;
        if (raw) {
            out.push_back('"');
            out.append(text);
            out.push_back('"');
        } else {
            appendJsonString(out, text);
        }
        out.push_back(':');
    };

    // A plain loop rather than forEachField: this is the importer's hottest loop, and in
    // this shape GCC keeps writeKey's push_back calls inline (0.4% fewer instructions).
    for (auto fieldResult : object) {
        ondemand::field field;
        if (auto error = std::move(fieldResult).get(field))
            return failFatal(error);
        const std::string_view name = otlpFieldKey(field);
        OtlpValue& v = field.value();
        if (name == "key") {
            if (haveKey)
                continue;
            OtlpType kt;
            if (!type(v, kt))
                return false;
            bool raw = true;
            if (kt == OtlpType::string) {
                bool ok = true;
                if (!stringContents(v, "key", key, ok))
                    return false;
                if (!ok)
                    return true;
                raw = lastContentsRaw_;
            } else if (kt != OtlpType::null) {
                failType("key", "string", kt);
                return true;
            }
            haveKey = true;
            writeKey(key, raw);
            if (valueInScratch) {
                valueStart = out.size();
                out.append(scratch);
                valueInScratch = false;
            }
        } else if (name == "value") {
            if (haveValue)
                continue;
            if (haveKey) {
                valueStart = out.size();
                if (!appendAnyValueAt(v, out, depth + 1))
                    return false;
            } else {
                scratch.clear();
                if (!appendAnyValueAt(v, scratch, depth + 1))
                    return false;
                valueInScratch = true;
            }
            if (failed_) {
                prefixError("value");
                return true;
            }
            haveValue = true;
            valueString = lastString_;
        }
    }
    if (!haveKey) {
        // proto3 default: a KeyValue without a key has the empty key.
        writeKey({}, true);
        valueStart = out.size();
        if (valueInScratch)
            out.append(scratch);
    }
    if (!haveValue) {
        valueStart = out.size();
        out.append("null");
    }
    if (keys && found && haveValue) {
        for (std::size_t slot = 0; slot < keys->size(); ++slot) {
            if (keys->keys[slot] != key || found->values[slot])
                continue;
            // Strings are kept as their text (a view into the parsed input); other kinds
            // as their JSON text, copied because `out` may still move.
            found->values[slot] =
                valueString ? *valueString : arena_.keep(std::string_view(out).substr(valueStart));
        }
    }
    return true;
}

} // namespace casebook
