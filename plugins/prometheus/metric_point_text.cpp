#include "plugins/prometheus/metric_point_text.h"

#include "core/util/json_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace casebook {
namespace {

constexpr std::array<std::string_view, 3> kServiceLabels{"job", "service", "service_name"};
constexpr std::array<std::string_view, 2> kTenantLabels{"tenant", "tenant_id"};

} // namespace

LabelIdentity::LabelIdentity(const std::vector<std::string>& tenantKeys) : tenantKeys_(tenantKeys) {
    for (std::string_view key : kTenantLabels)
        if (std::find(tenantKeys_.begin(), tenantKeys_.end(), key) == tenantKeys_.end())
            tenantKeys_.emplace_back(key);
    json_.reserve(256);
}

void LabelIdentity::begin() {
    json_.assign("{");
    service_ = tenant_ = {};
    serviceRank_ = kServiceLabels.size();
    tenantRank_ = tenantKeys_.size();
    first_ = true;
}

void LabelIdentity::add(std::string_view name, std::string_view value) {
    if (!first_)
        json_.push_back(',');
    first_ = false;
    // Label names are [a-zA-Z_][a-zA-Z0-9_]* in the text formats; values are most often
    // plain ASCII too, and need no escaping byte by byte.
    appendString(name);
    json_.push_back(':');
    appendString(value);
    // Ranks keep the first choice whatever the label order.
    for (std::size_t rank = 0; rank < serviceRank_; ++rank) {
        if (kServiceLabels[rank] == name) {
            service_ = value;
            serviceRank_ = rank;
            break;
        }
    }
    for (std::size_t rank = 0; rank < tenantRank_; ++rank) {
        if (tenantKeys_[rank] == name) {
            tenant_ = value;
            tenantRank_ = rank;
            break;
        }
    }
}

void LabelIdentity::appendString(std::string_view text) {
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') {
            appendJsonString(json_, text);
            return;
        }
    }
    json_.push_back('"');
    json_.append(text);
    json_.push_back('"');
}

const std::string& LabelIdentity::end() {
    json_.push_back('}');
    return json_;
}

void appendJsonNumber(std::string& out, double value) {
    if (std::isnan(value)) {
        out.append("\"NaN\"");
        return;
    }
    if (std::isinf(value)) {
        out.append(value < 0 ? "\"-Infinity\"" : "\"Infinity\"");
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendJsonUnsigned(std::string& out, std::uint64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

} // namespace casebook
