#include "plugins/otlp/otlp_any_value.h"

#include "plugins/otlp/otlp_json_reader.h"

#include <vector>

namespace casebook {
namespace {

std::optional<std::string> convert(std::string_view json, bool attributeList, std::string* error) {
    // Wrapped in an array so that a scalar (null, a string) is a value like any other;
    // simdjson treats a scalar document differently.
    std::vector<char> padded;
    padded.push_back('[');
    padded.insert(padded.end(), json.begin(), json.end());
    padded.push_back(']');
    const std::size_t size = padded.size();
    padded.resize(size + simdjson::SIMDJSON_PADDING, '\0');
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    OtlpTextArena arena;
    OtlpJsonReader reader(arena);
    auto fail = [&](std::string reason) -> std::optional<std::string> {
        if (error)
            *error = std::move(reason);
        return std::nullopt;
    };
    if (auto e = parser.iterate(padded.data(), size, padded.size()).get(doc))
        return fail(simdjson::error_message(e));
    simdjson::ondemand::array wrapper;
    OtlpValue value;
    if (auto e = doc.get_array().get(wrapper))
        return fail(simdjson::error_message(e));
    auto first = wrapper.begin();
    if (first == wrapper.end())
        return fail("no value");
    if (auto e = (*first).get(value))
        return fail(simdjson::error_message(e));
    std::string out;
    const bool ok = attributeList ? reader.appendAttributes(value, "attributes", out)
                                  : reader.appendAnyValue(value, "value", out);
    if (!ok)
        return fail(simdjson::error_message(reader.fatal()));
    if (reader.recordFailed())
        return fail(reader.recordError());
    return out;
}

} // namespace

std::optional<std::string> otlpAnyValueToJson(std::string_view anyValue, std::string* error) {
    return convert(anyValue, false, error);
}

std::optional<std::string> otlpAttributesToJson(std::string_view attributes, std::string* error) {
    return convert(attributes, true, error);
}

} // namespace casebook
