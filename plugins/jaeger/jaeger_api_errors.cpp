#include "plugins/jaeger/jaeger_api_errors.h"

#include "core/util/json_structure.h"

#include <nlohmann/json.hpp>

namespace casebook {
namespace {

using nlohmann::json;

// Messages are the query's own words; a runaway one is cut.
constexpr std::size_t kMaxMessage = 1000;

std::string clipped(std::string text) {
    if (text.size() > kMaxMessage) {
        text.resize(kMaxMessage);
        text += "...";
    }
    return text;
}

std::string textOf(const json& value) {
    if (value.is_string())
        return value.get<std::string>();
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// {"code": 500, "msg": "...", "traceID": "..."} (other writers say "message"), or any
// other value as its JSON text.
std::string describe(const json& error) {
    std::string out = "Jaeger query error";
    if (!error.is_object())
        return clipped(out + ": " + textOf(error));
    const auto code = error.find("code");
    if (code != error.end() && !code->is_null())
        out += " " + textOf(*code);
    auto message = error.find("msg");
    if (message == error.end())
        message = error.find("message");
    if (message != error.end() && !message->is_null())
        out += ": " + textOf(*message);
    else
        out += ": " + textOf(error);
    const auto trace = error.find("traceID");
    if (trace != error.end() && !trace->is_null())
        out += " (trace " + textOf(*trace) + ")";
    return clipped(out);
}

std::string at(std::uint64_t offset, std::string_view path) {
    return "byte " + std::to_string(offset) + ": " + std::string(path);
}

} // namespace

std::vector<JaegerApiError> jaegerApiErrors(std::string_view text, std::uint64_t offset) {
    std::vector<JaegerApiError> errors;
    const json whole = json::parse(text, nullptr, false);
    if (whole.is_discarded()) {
        errors.push_back({at(offset, "errors"), "errors: not valid JSON"});
        return errors;
    }
    if (whole.is_null())
        return errors;
    if (!whole.is_array()) {
        errors.push_back({at(offset, "errors"), describe(whole)});
        return errors;
    }
    // Each element at its own offset, read again from its text.
    JsonStructureError broken;
    JsonWalk::elements(text, broken, [&](const JsonWalk::Element& element) {
        errors.push_back(
            {at(offset + element.offset, "errors[" + std::to_string(element.index) + "]"),
             describe(json::parse(element.value, nullptr, false))});
        return true;
    });
    return errors;
}

} // namespace casebook
