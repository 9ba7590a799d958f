#include "plugins/changes/change_fields.h"

#include "core/util/time_text.h"

#include <array>
#include <cmath>
#include <limits>

namespace casebook {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 8> kKinds{"deploy",        "sdk_release",  "schema_change",
                                                 "config_change", "feature_flag", "vendor_incident",
                                                 "maintenance",   "incident"};

const char* typeName(const json& value) {
    switch (value.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::object:
        return "object";
    case json::value_t::array:
        return "array";
    case json::value_t::string:
        return "string";
    case json::value_t::boolean:
        return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return "integer";
    case json::value_t::number_float:
        return "number";
    default:
        return "binary";
    }
}

std::string shortText(std::string_view text) {
    constexpr std::size_t kMax = 60;
    return std::string(text.substr(0, kMax)) + (text.size() > kMax ? "..." : "");
}

// A text field: absent and null are "not given"; anything but a string is an error.
std::optional<std::string> optionalText(const json& object, const char* field,
                                        std::string_view& out) {
    const auto it = object.find(field);
    if (it == object.end() || it->is_null())
        return std::nullopt;
    if (!it->is_string())
        return std::string(field) + ": expected text, got " + typeName(*it);
    out = it->get_ref<const std::string&>();
    return std::nullopt;
}

std::optional<std::string> requiredText(const json& object, const char* field,
                                        std::string_view& out) {
    out = {};
    if (auto error = optionalText(object, field, out))
        return error;
    if (out.empty())
        return std::string("missing ") + field;
    return std::nullopt;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

// Epoch milliseconds (Grafana) to nanoseconds.
std::optional<std::string> millisToNs(const json& value, std::int64_t& out) {
    constexpr std::int64_t kNsPerMs = 1'000'000;
    if (value.is_number_integer()) {
        if (value.is_number_unsigned() &&
            value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
            return "milliseconds out of range";
        const auto ms = value.get<std::int64_t>();
        if (__builtin_mul_overflow(ms, kNsPerMs, &out))
            return "milliseconds out of range";
        return std::nullopt;
    }
    if (value.is_number_float()) {
        const double ns = value.get<double>() * 1e6;
        if (!std::isfinite(ns) || std::fabs(ns) >= 9.2e18)
            return "milliseconds out of range";
        out = std::llround(ns);
        return std::nullopt;
    }
    return std::string("expected epoch milliseconds, got ") + typeName(value);
}

} // namespace

bool isKnownChangeKind(std::string_view word) {
    for (std::string_view kind : kKinds)
        if (kind == word)
            return true;
    return false;
}

std::optional<std::string> changeTimeNs(const json& value, std::int64_t& out) {
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (auto ns = parseRfc3339(text)) {
            out = *ns;
            return std::nullopt;
        }
        return "\"" + shortText(text) + "\" is not an RFC 3339 time";
    }
    if (value.is_number_unsigned()) {
        if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
            return std::to_string(value.get<std::uint64_t>()) + " overflows int64 nanoseconds";
        out = value.get<std::int64_t>();
        return std::nullopt;
    }
    if (value.is_number_integer()) {
        out = value.get<std::int64_t>();
        return std::nullopt;
    }
    if (value.is_number_float())
        return "expected RFC 3339 text or integer nanoseconds, got a fractional or too large "
               "number";
    return std::string("expected RFC 3339 text or integer nanoseconds, got ") + typeName(value);
}

std::optional<std::string> mapChangeEvent(const json& event, ChangeRecord& out,
                                          std::string& attributes) {
    out = ChangeRecord{};
    if (!event.is_object())
        return std::string("expected an object, got ") + typeName(event);

    const auto time = event.find("time");
    if (time == event.end() || time->is_null())
        return "missing time";
    if (auto error = changeTimeNs(*time, out.timeNs))
        return "time: " + *error;
    const auto end = event.find("end");
    if (end != event.end() && !end->is_null()) {
        std::int64_t endNs = 0;
        if (auto error = changeTimeNs(*end, endNs))
            return "end: " + *error;
        out.endNs = endNs;
    }
    if (auto error = requiredText(event, "kind", out.kind))
        return error;
    if (auto error = requiredText(event, "title", out.title))
        return error;
    for (auto [field, target] :
         {std::pair{"service", &out.service}, std::pair{"tenant", &out.tenant},
          std::pair{"version", &out.version}})
        if (auto error = optionalText(event, field, *target))
            return error;

    attributes = "{}";
    const auto attrs = event.find("attributes");
    if (attrs != event.end() && !attrs->is_null()) {
        if (!attrs->is_object())
            return std::string("attributes: expected an object, got ") + typeName(*attrs);
        attributes = attrs->dump(-1, ' ', false, json::error_handler_t::replace);
    }
    out.attributesJson = attributes;
    return std::nullopt;
}

std::optional<std::string> mapGrafanaAnnotation(const json& annotation, ChangeRecord& out,
                                                std::string& attributes) {
    out = ChangeRecord{};
    if (!annotation.is_object())
        return std::string("expected an annotation object, got ") + typeName(annotation);

    const auto time = annotation.find("time");
    if (time == annotation.end() || time->is_null())
        return "missing time";
    if (auto error = millisToNs(*time, out.timeNs))
        return "time: " + *error;
    // Grafana writes timeEnd == time for a point annotation; only a later end is a window.
    const auto timeEnd = annotation.find("timeEnd");
    if (timeEnd != annotation.end() && !timeEnd->is_null()) {
        std::int64_t endNs = 0;
        if (auto error = millisToNs(*timeEnd, endNs))
            return "timeEnd: " + *error;
        if (endNs > out.timeNs)
            out.endNs = endNs;
    }

    const auto text = annotation.find("text");
    if (text == annotation.end() || text->is_null())
        return "missing text";
    if (!text->is_string())
        return std::string("text: expected text, got ") + typeName(*text);
    out.title = text->get_ref<const std::string&>();

    out.kind = "annotation";
    json tags = json::array();
    const auto tagList = annotation.find("tags");
    if (tagList != annotation.end() && !tagList->is_null()) {
        if (!tagList->is_array())
            return std::string("tags: expected an array, got ") + typeName(*tagList);
        bool kindFound = false;
        for (const json& tag : *tagList) {
            if (!tag.is_string())
                continue;
            tags.push_back(tag);
            const std::string_view word = tag.get_ref<const std::string&>();
            if (!kindFound) {
                for (std::string_view kind : kKinds) {
                    if (equalsIgnoringCase(word, kind)) {
                        out.kind = kind;
                        kindFound = true;
                        break;
                    }
                }
            }
            constexpr std::string_view kService = "service:", kTenant = "tenant:";
            if (out.service.empty() && word.substr(0, kService.size()) == kService)
                out.service = word.substr(kService.size());
            if (out.tenant.empty() && word.substr(0, kTenant.size()) == kTenant)
                out.tenant = word.substr(kTenant.size());
        }
    }
    attributes =
        json{{"tags", std::move(tags)}}.dump(-1, ' ', false, json::error_handler_t::replace);
    out.attributesJson = attributes;
    return std::nullopt;
}

std::optional<std::string_view> firstCompleteLine(std::string_view head) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (head.substr(0, kBom.size()) == kBom)
        head.remove_prefix(kBom.size());
    std::size_t start = 0;
    while (true) {
        const std::size_t newline = head.find('\n', start);
        if (newline == std::string_view::npos)
            return std::nullopt;
        std::string_view line = head.substr(start, newline - start);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos)
            return line;
        start = newline + 1;
    }
}

} // namespace casebook
