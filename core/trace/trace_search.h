#pragma once
// Finding spans in one trace: a case-insensitive substring over service, name and
// status message, or a set computed elsewhere (an SQL attribute filter). The waterfall
// either flags matches in place (highlight) or shows only them and their ancestors
// (filter).

#include "core/trace/trace_model.h"

#include <optional>
#include <string_view>
#include <vector>

namespace casebook {

enum class SearchMode { Highlight, Filter };

class TraceMatches {
public:
    TraceMatches() = default; // inactive: no search

    bool active() const { return active_; }
    const std::vector<SpanIndex>& spans() const { return spans_; } // ascending
    std::size_t count() const { return spans_.size(); }
    bool isMatch(SpanIndex i) const { return active_ && (marks_[i] & kMatch); }
    // Filter mode shows a span when it matches or a descendant does.
    bool isKept(SpanIndex i) const { return !active_ || marks_[i] != 0; }
    bool keepsDescendant(SpanIndex i) const { return active_ && (marks_[i] & kKeptBelow); }
    // Whether any match lies in the index range [from, to).
    bool anyIn(SpanIndex from, SpanIndex to) const;

    // The sorted, de-duplicated spans as matches; out-of-range indexes are dropped.
    static TraceMatches fromSpans(const TraceModel& model, std::vector<SpanIndex> spans);

private:
    enum : std::uint8_t { kMatch = 1, kKeptBelow = 2 };
    bool active_ = false;
    std::vector<SpanIndex> spans_;
    std::vector<std::uint8_t> marks_;
};

// Empty text: an inactive search. ASCII case folding; other bytes compare exactly.
TraceMatches searchTrace(const TraceModel& model, std::string_view text);
// Spans whose workspace row id (spans.id) is in `rowIds`, e.g. from an attribute query.
TraceMatches matchesFromRowIds(const TraceModel& model, const std::vector<std::int64_t>& rowIds);
// Spans in both (a text search narrowed by an attribute filter).
TraceMatches intersect(const TraceModel& model, const TraceMatches& a, const TraceMatches& b);

// The first match after `from` / the last before it, in tree order; kNoSpan as `from`
// starts from the beginning (next) or the end (previous). No wrap-around.
std::optional<SpanIndex> nextMatch(const TraceMatches& matches, SpanIndex from);
std::optional<SpanIndex> previousMatch(const TraceMatches& matches, SpanIndex from);

} // namespace casebook
