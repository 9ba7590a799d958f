#pragma once
// The rows a waterfall shows for a view state: spans in tree order with collapsed
// subtrees left out, and runs of alike siblings folded into one row
// ("× 312 crm.upsert_contact, p50 38 ms, 4 errors") until the user opens them.
// Rows are recomputed whole after every toggle; that is cheap enough at a million
// spans, and keeps the view state a few plain sets.

#include "core/trace/trace_model.h"
#include "core/trace/trace_search.h"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace casebook {

struct FoldOptions {
    // Consecutive siblings of the same service and name, at least minRun of them.
    bool similarSiblings = true;
    std::uint32_t minRun = 5;
    // Consecutive siblings each shorter than this (0: off), at least minShortRun of them.
    // A short run takes every following short sibling, alike or not; members of an
    // opened similar run are never short-folded.
    std::int64_t shortSpanNs = 0;
    std::uint32_t minShortRun = 2;
};

struct WaterfallView {
    std::vector<std::uint8_t> collapsed;         // per span, non-zero: collapsed; may be empty
    std::unordered_set<SpanIndex> expandedFolds; // a fold is named by its first span
    FoldOptions folds;
    const TraceMatches* search = nullptr; // not owned; null or inactive: no search
    SearchMode searchMode = SearchMode::Highlight;
};

bool isCollapsed(const WaterfallView& view, SpanIndex span);
void setCollapsed(WaterfallView& view, const TraceModel& model, SpanIndex span, bool collapsed);
void toggleCollapsed(WaterfallView& view, const TraceModel& model, SpanIndex span);
// Opens every subtree; folds stay as they are.
void expandAll(WaterfallView& view);
// Spans at `depth` are collapsed, shallower ones opened, so depths 0..depth show.
void collapseToDepth(WaterfallView& view, const TraceModel& model, std::uint32_t depth);

enum class RowKind : std::uint8_t { Span, SimilarFold, ShortFold };
enum RowFlag : std::uint8_t {
    kRowHasChildren = 1u << 0, // something to open (in filter mode: kept children)
    kRowCollapsed = 1u << 1,
    kRowMatch = 1u << 2,       // the span itself matches the search
    kRowHiddenMatch = 1u << 3, // a match is inside this collapsed span or fold
    kRowError = 1u << 4,       // the span, or a member of the fold, has error status
};

struct FoldInfo {
    SpanIndex first = kNoSpan; // the fold's name in WaterfallView::expandedFolds
    SpanIndex last = kNoSpan;
    SpanIndex rangeEnd = kNoSpan; // members and their subtrees are [first, rangeEnd)
    std::uint32_t count = 0;
    std::uint32_t errors = 0; // members (not their descendants) with error status
    std::int64_t p50Ns = 0;   // members' durations, the lower median
    std::int64_t startNs = 0; // earliest member start
    std::int64_t endNs = 0;   // latest member end
};

struct WaterfallRow {
    SpanIndex span = kNoSpan; // the span, or a fold's first member
    std::uint32_t depth = 0;
    std::uint32_t fold = 0; // into WaterfallRows::folds when kind is not Span
    RowKind kind = RowKind::Span;
    std::uint8_t flags = 0;
};

struct WaterfallRows {
    std::vector<WaterfallRow> rows;
    std::vector<FoldInfo> folds;
    // The row showing the span, or the fold row holding it; nullopt when it is hidden
    // under a collapsed ancestor or filtered out.
    std::optional<std::size_t> rowOf(SpanIndex span) const;
};

WaterfallRows waterfallRows(const TraceModel& model, const WaterfallView& view);

// Opens the collapsed ancestors and folds that hide `span` and returns the new rows.
WaterfallRows revealSpan(WaterfallView& view, const TraceModel& model, SpanIndex span);

// "× 312 crm.upsert_contact, p50 38 ms, 4 errors" / "× 40 spans under 1 ms, p50 12 us".
std::string foldLabel(const TraceModel& model, const WaterfallRows& rows, const WaterfallRow& row,
                      const FoldOptions& options);

} // namespace casebook
