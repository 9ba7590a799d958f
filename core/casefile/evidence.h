#pragma once
// A piece of evidence in the case: what it shows (a snapshot taken when it was pinned or
// produced by a check, so the record stands even if the workspace changes), the time it
// refers to, and a title. The payload's shape per kind is in docs/case-file.md; phase-two
// kinds (chart ranges, lineage impact, findings) add names here, nothing else changes.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

namespace evidence_kind {
inline constexpr std::string_view kSpans = "spans";          // {"spans":[span...]}
inline constexpr std::string_view kTraces = "traces";        // {"traces":[trace...],"filter"}
inline constexpr std::string_view kLogs = "logs";            // {"logs":[line...],"search","filter"}
inline constexpr std::string_view kTimeRange = "time_range"; // {} (the range is from/to)
inline constexpr std::string_view kTable = "table";          // {"columns","rows","truncated"}
inline constexpr std::string_view kChanges = "changes";      // {"changes":[change...]}
} // namespace evidence_kind

struct Evidence {
    std::string kind;
    std::string title;
    std::optional<std::int64_t> fromNs; // the start of what it shows
    std::optional<std::int64_t> toNs;   // its end (exclusive)
    nlohmann::json payload = nlohmann::json::object();
};

} // namespace casebook
