#pragma once
// A piece of evidence in the case: what it shows (a snapshot taken when it was pinned or
// produced by a check, so the record stands even if the workspace changes), the time it
// refers to, and a title. The payload's shape per kind is in docs/case-file.md.

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
// A chart over a range, with its lines downsampled (a few hundred points each) so that an
// export draws it without the workspace: {"title","unit","series","lines","thresholds",
// "comparison"}.
inline constexpr std::string_view kChart = "chart";
// The impact of a lineage node: {"node","direction","at_ns","words","counts","nodes",
// "truncated"}.
inline constexpr std::string_view kLineageImpact = "lineage_impact";
// A "what changed" finding: {"grade","title","summary","tenant","onset_ns","causes",
// "series"}.
inline constexpr std::string_view kFinding = "finding";
// The status of an SLO: {"slo","tenant","status","sli","objective","budget_remaining",
// "alerts"}.
inline constexpr std::string_view kSloStatus = "slo_status";
} // namespace evidence_kind

struct Evidence {
    std::string kind;
    std::string title;
    std::optional<std::int64_t> fromNs; // the start of what it shows
    std::optional<std::int64_t> toNs;   // its end (exclusive)
    nlohmann::json payload = nlohmann::json::object();
};

} // namespace casebook
