#pragma once
// Typed reads of OTLP/JSON values on top of simdjson On-Demand, shared by the record
// mapping. Internal to the plugin: it is the only header that includes simdjson.
//
// Two kinds of failure are kept apart:
//  - fatal: simdjson reports the JSON itself broken (structure, truncation). The whole
//    request or resource block is abandoned; every function returns false.
//  - record error: the JSON is fine but a field has the wrong type or value. The
//    functions return true, the first reason is kept, and the mapper rejects the record.
//
// On-Demand validates what is read. A member nobody reads (an unknown field) is skipped
// by bracket counting, so a bad literal inside it goes unnoticed: the price of not
// walking what the importer does not need.

#include "plugins/otlp/otlp_text_arena.h"

#include <simdjson.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casebook {

using OtlpValue = simdjson::ondemand::value;
using OtlpType = simdjson::ondemand::json_type;

// Attribute keys whose values the mapper needs as text: the service name, the tenant
// keys of the bundle and the hot attributes. Slot numbers index OtlpHotValues.
struct OtlpHotKeys {
    enum Slot : std::size_t {
        ServiceName,
        CorrelationId,
        CorrelationDotId,
        ErrorDotCode,
        ErrorCode,
        FirstTenant
    };
    std::vector<std::string> keys; // FirstTenant.. hold the tenant keys in precedence order

    explicit OtlpHotKeys(const std::vector<std::string>& tenantKeys);
    std::size_t size() const { return keys.size(); }
};

// Values found for the hot keys in one attribute list: a string attribute as its text,
// any other kind as its JSON text. The first occurrence of a key wins.
struct OtlpHotValues {
    std::vector<std::optional<std::string_view>> values;

    void reset(std::size_t size) { values.assign(size, std::nullopt); }
    std::optional<std::string_view> at(std::size_t slot) const { return values[slot]; }
    // The first of the slots [first, size) that was found.
    std::optional<std::string_view> firstFrom(std::size_t first) const;
};

// The key of an object field, without copying when it holds no escapes (OTLP field names
// never do). An undecodable key comes back empty and is ignored as unknown.
std::string_view otlpFieldKey(simdjson::ondemand::field& field);

const char* otlpTypeName(OtlpType type);

class OtlpJsonReader {
public:
    explicit OtlpJsonReader(OtlpTextArena& arena) : arena_(arena) {}

    simdjson::error_code fatal() const { return fatal_; }
    bool recordFailed() const { return failed_; }
    // "path: reason", e.g. "attributes[2].value.intValue: \"x\" is not an integer".
    std::string recordError() const;
    void clearErrors() {
        fatal_ = simdjson::SUCCESS;
        clearRecordError();
    }
    void clearRecordError() {
        failed_ = false;
        errorPath_.clear();
        errorReason_.clear();
    }
    // Sets the record error at `field` unless one is already set.
    void fail(std::string_view field, std::string_view reason);
    // Sets "field: expected <what>, got <type>".
    void failType(std::string_view field, std::string_view expected, OtlpType got);
    // Puts `prefix` in front of the error's path, so nested readers need not know theirs.
    void prefixError(std::string_view prefix);
    // Puts "field[index]" in front of the error's path.
    void prefixError(std::string_view field, std::size_t index);
    bool failFatal(simdjson::error_code error) {
        fatal_ = error;
        return false;
    }

    // Each returns false only on a fatal error. JSON null leaves `out` untouched, as the
    // protobuf JSON mapping reads null as "not set".
    bool type(OtlpValue& value, OtlpType& out);
    bool readString(OtlpValue& value, std::string_view field, std::string_view& out);
    bool readInt64(OtlpValue& value, std::string_view field, std::int64_t& out);
    bool readUint64(OtlpValue& value, std::string_view field, std::uint64_t& out);
    bool readDouble(OtlpValue& value, std::string_view field, double& out);
    bool readOptionalDouble(OtlpValue& value, std::string_view field, std::optional<double>& out);
    bool readBool(OtlpValue& value, std::string_view field, bool& out);
    // An integer enum in [0, maxValue], or its name as some exporters write it.
    bool readEnum(OtlpValue& value, std::string_view field, int maxValue,
                  std::optional<int> (*fromName)(std::string_view), int& out);
    // Append a JSON array of numbers, for bucketCounts / explicitBounds.
    bool appendUintArray(OtlpValue& value, std::string_view field, std::string& out);
    bool appendDoubleArray(OtlpValue& value, std::string_view field, std::string& out);

    // Appends an AnyValue as JSON text: string, bool, int, double, bytes (base64 text as a
    // string), arrayValue as an array, kvlistValue as an object, empty as null. After a
    // string value, lastString() holds its text.
    bool appendAnyValue(OtlpValue& value, std::string_view field, std::string& out);
    std::optional<std::string_view> lastString() const { return lastString_; }
    // Appends a list of KeyValue as a JSON object; hot keys are captured into `found`
    // (which the caller resets).
    bool appendAttributes(OtlpValue& value, std::string_view field, std::string& out,
                          const OtlpHotKeys* keys = nullptr, OtlpHotValues* found = nullptr);

    // Opens `value` as an object; `opened` says whether it was one. Any other kind, null
    // included, sets "field: expected <expected>, got <type>".
    bool openObject(OtlpValue& value, std::string_view field, simdjson::ondemand::object& out,
                    bool& opened, std::string_view expected = "object") {
        return openObjectOr(value, field, expected, false, out, opened);
    }
    // The same, but JSON null is "not set": not opened, and no error.
    bool openOptionalObject(OtlpValue& value, std::string_view field,
                            simdjson::ondemand::object& out, bool& opened) {
        return openObjectOr(value, field, "object", true, out, opened);
    }
    // Calls `each(key, value)` for the fields of an object. Stops when `each` returns
    // false (a fatal error, returned as such) or leaves a record error.
    template <typename Each> bool forEachField(simdjson::ondemand::object& object, Each each);
    // The same for an object member that may be unset (null). Any other kind sets
    // "field: expected object, got <type>"; a record error inside goes under "field".
    template <typename Each>
    bool forEachFieldOf(OtlpValue& value, std::string_view field, Each each);
    // Calls `each(item, index)` for the elements of an array value. Stops when `each`
    // returns false (a fatal error, returned as such) or leaves a record error, which is
    // then placed under "field[index]". JSON null is an empty array; any other kind sets
    // "field: expected <expected>, got <type>".
    template <typename Each>
    bool forEachElement(OtlpValue& value, std::string_view field, Each each,
                        std::string_view expected = "array");

private:
    bool openObjectOr(OtlpValue& value, std::string_view field, std::string_view expected,
                      bool nullIsUnset, simdjson::ondemand::object& out, bool& opened);
    template <typename Int, typename Parse>
    bool readInteger(OtlpValue& value, std::string_view field, Int& out, Parse parse);
    template <typename Number, typename Read, typename Append>
    bool appendNumberArray(OtlpValue& value, std::string_view field, std::string& out, Read read,
                           Append append);
    bool appendAnyValueAt(OtlpValue& value, std::string& out, int depth);
    bool appendArrayValue(OtlpValue& value, std::string& out, int depth);
    bool appendKvlistValue(OtlpValue& value, std::string& out, int depth);
    bool appendKeyValueList(OtlpValue& value, std::string_view field, std::string& out, int depth,
                            const OtlpHotKeys* keys, OtlpHotValues* found);
    bool appendKeyValue(OtlpValue& value, std::string& out, bool& first, int depth,
                        const OtlpHotKeys* keys, OtlpHotValues* found);
    bool appendStringLiteral(OtlpValue& value, std::string_view field, std::string& out,
                             std::string_view& text);
    // The contents of a string token, decoded only when it holds escapes. `ok` is false
    // when the string cannot be decoded (a record error).
    bool stringContents(OtlpValue& value, std::string_view field, std::string_view& out, bool& ok);
    // The digits of an integer written as a number or a string; `present` false for null.
    bool integerText(OtlpValue& value, std::string_view field, std::string_view& out,
                     bool& present);

    OtlpTextArena& arena_;
    simdjson::error_code fatal_ = simdjson::SUCCESS;
    bool failed_ = false;
    std::string errorPath_;
    std::string errorReason_;
    bool lastContentsRaw_ = false;
    std::optional<std::string_view> lastString_;
    // One per nesting level, for values seen before their key. A deque, because a level
    // writes into its string while deeper levels add theirs: growing a deque at its end
    // keeps references to the strings already in it, growing a vector does not.
    std::deque<std::string> scratch_;
};

// Inline: it opens every record and KeyValue, where a call per value shows.
inline bool OtlpJsonReader::openObjectOr(OtlpValue& value, std::string_view field,
                                         std::string_view expected, bool nullIsUnset,
                                         simdjson::ondemand::object& out, bool& opened) {
    opened = false;
    OtlpType t;
    if (!type(value, t))
        return false;
    if (t != OtlpType::object) {
        if (t != OtlpType::null || !nullIsUnset)
            failType(field, expected, t);
        return true;
    }
    if (auto error = value.get_object().get(out))
        return failFatal(error);
    opened = true;
    return true;
}

template <typename Each>
bool OtlpJsonReader::forEachField(simdjson::ondemand::object& object, Each each) {
    for (auto result : object) {
        simdjson::ondemand::field field;
        if (auto error = std::move(result).get(field))
            return failFatal(error);
        if (!each(otlpFieldKey(field), field.value()))
            return false;
        if (failed_)
            return true;
    }
    return true;
}

template <typename Each>
bool OtlpJsonReader::forEachFieldOf(OtlpValue& value, std::string_view field, Each each) {
    simdjson::ondemand::object object;
    bool opened = false;
    if (!openOptionalObject(value, field, object, opened))
        return false;
    if (!opened)
        return true;
    if (!forEachField(object, each))
        return false;
    prefixError(field);
    return true;
}

// Always inline: left to itself GCC makes one out-of-line copy for the attribute lists,
// and calling `each` through it costs the importer about 0.4% of its instructions.
template <typename Each>
[[gnu::always_inline]] inline bool OtlpJsonReader::forEachElement(OtlpValue& value,
                                                                  std::string_view field, Each each,
                                                                  std::string_view expected) {
    OtlpType t;
    if (!type(value, t))
        return false;
    if (t == OtlpType::null)
        return true;
    if (t != OtlpType::array) {
        failType(field, expected, t);
        return true;
    }
    simdjson::ondemand::array array;
    if (auto error = value.get_array().get(array))
        return failFatal(error);
    std::size_t index = 0;
    for (auto element : array) {
        OtlpValue item;
        if (auto error = std::move(element).get(item))
            return failFatal(error);
        if (!each(item, index))
            return false;
        if (failed_) {
            prefixError(field, index);
            return true;
        }
        ++index;
    }
    return true;
}

} // namespace casebook
