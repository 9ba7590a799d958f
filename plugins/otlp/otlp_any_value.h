#pragma once
// AnyValue and attribute lists as JSON text, for callers outside the import path (tests,
// tools). The importer itself converts while it parses, in OtlpJsonReader.

#include <optional>
#include <string>
#include <string_view>

namespace casebook {

// `anyValue` is one OTLP/JSON AnyValue object ({"stringValue":"x"}, {"arrayValue":{...}},
// {} ...). Returns its JSON text, or nullopt with the reason in `error`.
std::optional<std::string> otlpAnyValueToJson(std::string_view anyValue,
                                              std::string* error = nullptr);

// `attributes` is a JSON array of KeyValue; the result is a JSON object text.
std::optional<std::string> otlpAttributesToJson(std::string_view attributes,
                                                std::string* error = nullptr);

} // namespace casebook
