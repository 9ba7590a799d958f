#pragma once
// Typed reads of Zipkin JSON values on top of simdjson On-Demand, for the span mapping
// and the shared-span index. Internal to the plugin: the only header that includes
// simdjson.
//
// Two kinds of failure are kept apart, as in the OTLP plugin:
//  - fatal: simdjson reports the JSON itself broken. The span is abandoned; every
//    function returns false.
//  - record error: the JSON is fine but a field has the wrong type or value. The
//    functions return true, the first reason is kept, and the mapper rejects the record.

#include "plugins/zipkin/zipkin_fields.h"

#include <simdjson.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

using ZipkinValue = simdjson::ondemand::value;
using ZipkinType = simdjson::ondemand::json_type;

const char* zipkinTypeName(ZipkinType type);
// The key of an object field, without copying when it holds no escapes. An undecodable
// key comes back empty and is ignored as unknown.
std::string_view zipkinFieldKey(simdjson::ondemand::field& field);

// Stable storage for the texts built while one span is mapped: records hold views, so the
// texts must not move when more are added.
class ZipkinTextArena {
public:
    std::string_view keep(std::string_view text) {
        if (text.empty())
            return {};
        if (blocks_.empty() || blocks_.back().size - used_ < text.size())
            addBlock(text.size());
        Block& block = blocks_.back();
        char* where = block.data.get() + used_;
        std::memcpy(where, text.data(), text.size());
        used_ += text.size();
        return {where, text.size()};
    }
    // Forgets every text; keeps one standard block so steady state does not allocate.
    void clear() {
        if (!blocks_.empty() && blocks_.front().size == kBlockSize)
            blocks_.resize(1);
        else
            blocks_.clear();
        used_ = 0;
    }

private:
    static constexpr std::size_t kBlockSize = 64 * 1024;
    struct Block {
        std::unique_ptr<char[]> data;
        std::size_t size = 0;
    };
    void addBlock(std::size_t atLeast) {
        const std::size_t size = atLeast > kBlockSize ? atLeast : kBlockSize;
        blocks_.push_back({std::make_unique_for_overwrite<char[]>(size), size});
        used_ = 0;
    }
    std::vector<Block> blocks_;
    std::size_t used_ = 0;
};

// A scalar as read from the file: its JSON kind and text (the string's contents, the
// number token, or "true"/"false").
struct ZipkinScalar {
    ZipkinValueKind kind = ZipkinValueKind::Null;
    std::string_view text;
    bool raw = false; // string contents written without escapes: valid JSON string text as is
};

class ZipkinJsonReader {
public:
    simdjson::error_code fatal() const { return fatal_; }
    bool failed() const { return failed_; }
    // "path: reason", e.g. "annotations[2].timestamp: \"x\" is not an integer".
    std::string recordError() const;
    void clear() {
        fatal_ = simdjson::SUCCESS;
        failed_ = false;
        errorPath_.clear();
        errorReason_.clear();
    }
    // Sets the record error at `field` unless one is already set.
    void fail(std::string_view field, std::string_view reason);
    void failType(std::string_view field, std::string_view expected, ZipkinType got);
    // Puts `prefix` in front of the error's path, so nested readers need not know theirs.
    void prefixError(std::string_view prefix);
    bool failFatal(simdjson::error_code error) {
        fatal_ = error;
        return false;
    }

    // Each returns false only on a fatal error.
    bool type(ZipkinValue& value, ZipkinType& out) {
        if (auto error = value.type().get(out))
            return failFatal(error);
        return true;
    }
    // A string (null leaves `out` untouched).
    bool readString(ZipkinValue& value, std::string_view field, std::string_view& out);
    // A string, number, boolean or null.
    bool readScalar(ZipkinValue& value, std::string_view field, ZipkinScalar& out);
    // An integer as a number token or string contents; `present` false for null.
    bool readIntegerText(ZipkinValue& value, std::string_view field, std::string_view& out,
                         bool& present);
    // A boolean (null leaves `out` untouched).
    bool readBool(ZipkinValue& value, std::string_view field, bool& out);
    // Calls each(item, index) for the elements of an array; null is empty. each returns
    // false only on a fatal error; iteration stops at the first record error.
    template <typename Each>
    bool forEachElement(ZipkinValue& value, std::string_view field, Each each) {
        ZipkinType t;
        if (!type(value, t))
            return false;
        if (t == ZipkinType::null)
            return true;
        if (t != ZipkinType::array) {
            failType(field, "array", t);
            return true;
        }
        simdjson::ondemand::array array;
        if (auto error = value.get_array().get(array))
            return failFatal(error);
        std::size_t index = 0;
        for (auto element : array) {
            ZipkinValue item;
            if (auto error = std::move(element).get(item))
                return failFatal(error);
            if (!each(item, index))
                return false;
            if (failed_) {
                prefixError(std::string(field) + "[" + std::to_string(index) + "]");
                return true;
            }
            ++index;
        }
        return true;
    }

private:
    bool stringText(ZipkinValue& value, std::string_view field, std::string_view& out, bool& raw,
                    bool& ok);

    simdjson::error_code fatal_ = simdjson::SUCCESS;
    bool failed_ = false;
    std::string errorPath_;
    std::string errorReason_;
};

// Appends a string as JSON: raw contents as they are, others escaped.
void zipkinAppendString(std::string& out, std::string_view text, bool raw);

} // namespace casebook
