#include "core/filter/filter_fields.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace casebook::filter {
namespace {

constexpr std::array<std::pair<std::string_view, Field>, 18> kNames{{
    {"service", Field::Service},
    {"operation", Field::Operation},
    {"name", Field::Operation},
    {"duration", Field::Duration},
    {"status", Field::Status},
    {"kind", Field::Kind},
    {"tenant", Field::Tenant},
    {"trace_id", Field::TraceId},
    {"span_id", Field::SpanId},
    {"level", Field::Level},
    {"severity", Field::Level},
    {"body", Field::Body},
    {"error_code", Field::ErrorCode},
    {"start", Field::Start},
    {"time", Field::Start},
    {"spans", Field::Spans},
    {"errors", Field::Errors},
    {"services", Field::Services},
}};

// Optimal string alignment distance: like Levenshtein, but a swap of two neighbouring
// letters ("levle") counts as one edit, the most common typing slip.
std::size_t editDistance(std::string_view a, std::string_view b) {
    const std::size_t w = b.size() + 1;
    std::vector<std::size_t> d((a.size() + 1) * w);
    auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * w + j]; };
    for (std::size_t i = 0; i <= a.size(); ++i)
        at(i, 0) = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        at(0, j) = j;
    auto lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const bool same = lower(a[i - 1]) == b[j - 1];
            at(i, j) =
                std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (same ? 0 : 1)});
            if (i > 1 && j > 1 && lower(a[i - 1]) == b[j - 2] && lower(a[i - 2]) == b[j - 1])
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    }
    return at(a.size(), b.size());
}

} // namespace

std::optional<Field> fieldByName(std::string_view name) {
    for (const auto& [n, f] : kNames)
        if (n == name)
            return f;
    return std::nullopt;
}

bool fieldAppliesTo(Field field, FilterTarget target) {
    switch (field) {
    case Field::Service:
    case Field::Tenant:
    case Field::TraceId:
    case Field::SpanId:
    case Field::ErrorCode:
    case Field::Start:
    case Field::Attribute:
        return true;
    case Field::Operation:
    case Field::Duration:
    case Field::Status:
    case Field::Kind:
        return target != FilterTarget::Logs;
    case Field::Level:
    case Field::Body:
        return target == FilterTarget::Logs;
    case Field::Spans:
    case Field::Errors:
    case Field::Services:
        return target == FilterTarget::Traces;
    }
    return false;
}

std::string_view targetName(FilterTarget target) {
    switch (target) {
    case FilterTarget::Spans:
        return "spans";
    case FilterTarget::Traces:
        return "traces";
    case FilterTarget::Logs:
        return "logs";
    }
    return "";
}

std::string suggestField(std::string_view name) {
    // Dotted names are nearly always attribute keys written without the prefix.
    if (name.find('.') != std::string_view::npos)
        return "attr." + std::string(name);
    std::string_view best;
    std::size_t bestDistance = std::max<std::size_t>(1, name.size() / 3) + 1;
    for (const auto& [n, f] : kNames) {
        const auto d = editDistance(name, n);
        if (d < bestDistance) {
            bestDistance = d;
            best = n;
        }
    }
    return std::string(best);
}

} // namespace casebook::filter
