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
#include <optional>
#include <string>
#include <string_view>
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

private:
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
    std::vector<std::string> scratch_; // one per nesting level, for values seen before their key
};

} // namespace casebook
