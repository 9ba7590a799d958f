#include "core/trace/waterfall_rows.h"

#include "core/util/time_text.h"

#include <algorithm>

namespace casebook {
namespace {

// The siblings still to show at one level of the walk.
struct Level {
    SpanIndex next;
    SpanIndex end;
    std::uint32_t depth;
    SpanIndex plainSimilarUntil; // siblings before this were already tested for a run
    SpanIndex plainShortUntil;
};

class RowBuilder {
public:
    RowBuilder(const TraceModel& m, const WaterfallView& v) : m_(m), v_(v) {
        const TraceMatches* s = v.search;
        search_ = s && s->active() ? s : nullptr;
        filter_ = search_ && v.searchMode == SearchMode::Filter;
    }

    WaterfallRows run() {
        const auto n = static_cast<SpanIndex>(m_.size());
        levels_.push_back({firstVisible(0, n), n, 0, 0, 0});
        while (!levels_.empty()) {
            const std::size_t li = levels_.size() - 1;
            const SpanIndex c = levels_[li].next;
            if (c >= levels_[li].end) {
                levels_.pop_back();
                continue;
            }
            if (tryFolds(li, c))
                continue;
            levels_[li].next = firstVisible(m_.subtreeEnd(c), levels_[li].end);
            emitSpan(c, levels_[li].depth);
        }
        return std::move(out_);
    }

private:
    bool visible(SpanIndex i) const { return !filter_ || search_->isKept(i); }
    SpanIndex firstVisible(SpanIndex from, SpanIndex end) const {
        while (from < end && !visible(from))
            from = m_.subtreeEnd(from);
        return from;
    }
    SpanIndex nextVisible(SpanIndex c, SpanIndex end) const {
        return firstVisible(m_.subtreeEnd(c), end);
    }
    bool opened(SpanIndex first) const { return v_.expandedFolds.contains(first); }

    // Emits a fold row starting at c when one applies; false when c shows as a span.
    bool tryFolds(std::size_t li, SpanIndex c) {
        const SpanIndex end = levels_[li].end;
        const auto& opt = v_.folds;
        if (opt.similarSiblings && c >= levels_[li].plainSimilarUntil) {
            std::uint32_t k = 1;
            SpanIndex last = c;
            for (SpanIndex x = nextVisible(c, end);
                 x < end && m_.serviceIndex(x) == m_.serviceIndex(c) &&
                 m_.nameIndex(x) == m_.nameIndex(c);
                 x = nextVisible(x, end)) {
                ++k;
                last = x;
            }
            if (k >= std::max<std::uint32_t>(opt.minRun, 2)) {
                if (!opened(c)) {
                    emitFold(RowKind::SimilarFold, c, last, k, levels_[li].depth);
                    levels_[li].next = nextVisible(last, end);
                    return true;
                }
                levels_[li].plainShortUntil = m_.subtreeEnd(last);
            }
            levels_[li].plainSimilarUntil = m_.subtreeEnd(last);
        }
        if (opt.shortSpanNs > 0 && c >= levels_[li].plainShortUntil &&
            m_.durationNs(c) < opt.shortSpanNs) {
            std::uint32_t k = 1;
            SpanIndex last = c;
            for (SpanIndex x = nextVisible(c, end); x < end && m_.durationNs(x) < opt.shortSpanNs;
                 x = nextVisible(x, end)) {
                ++k;
                last = x;
            }
            if (k >= std::max<std::uint32_t>(opt.minShortRun, 2) && !opened(c)) {
                emitFold(RowKind::ShortFold, c, last, k, levels_[li].depth);
                levels_[li].next = nextVisible(last, end);
                return true;
            }
            levels_[li].plainShortUntil = m_.subtreeEnd(last);
        }
        return false;
    }

    void emitFold(RowKind kind, SpanIndex first, SpanIndex last, std::uint32_t count,
                  std::uint32_t depth) {
        FoldInfo f;
        f.first = first;
        f.last = last;
        f.rangeEnd = m_.subtreeEnd(last);
        f.count = count;
        f.startNs = m_.startNs(first);
        f.endNs = m_.endNs(first);
        durations_.clear();
        for (SpanIndex x = first; x < f.rangeEnd; x = nextVisible(x, f.rangeEnd)) {
            durations_.push_back(m_.durationNs(x));
            f.errors += m_.isError(x) ? 1 : 0;
            f.startNs = std::min(f.startNs, m_.startNs(x));
            f.endNs = std::max(f.endNs, m_.endNs(x));
        }
        const auto mid =
            durations_.begin() + static_cast<std::ptrdiff_t>((durations_.size() - 1) / 2);
        std::nth_element(durations_.begin(), mid, durations_.end());
        f.p50Ns = *mid;
        WaterfallRow row;
        row.span = first;
        row.depth = depth;
        row.kind = kind;
        row.fold = static_cast<std::uint32_t>(out_.folds.size());
        if (f.errors > 0)
            row.flags |= kRowError;
        if (search_ && search_->anyIn(first, f.rangeEnd))
            row.flags |= kRowHiddenMatch;
        out_.folds.push_back(f);
        out_.rows.push_back(row);
    }

    void emitSpan(SpanIndex c, std::uint32_t depth) {
        WaterfallRow row;
        row.span = c;
        row.depth = depth;
        const bool children = filter_ ? search_->keepsDescendant(c) : m_.hasChildren(c);
        const bool collapsed = children && isCollapsed(v_, c);
        if (children)
            row.flags |= kRowHasChildren;
        if (collapsed)
            row.flags |= kRowCollapsed;
        if (m_.isError(c))
            row.flags |= kRowError;
        if (search_) {
            if (search_->isMatch(c))
                row.flags |= kRowMatch;
            if (collapsed && search_->anyIn(c + 1, m_.subtreeEnd(c)))
                row.flags |= kRowHiddenMatch;
        }
        out_.rows.push_back(row);
        if (children && !collapsed) {
            const SpanIndex end = m_.subtreeEnd(c);
            levels_.push_back({firstVisible(c + 1, end), end, depth + 1, 0, 0});
        }
    }

    const TraceModel& m_;
    const WaterfallView& v_;
    const TraceMatches* search_ = nullptr;
    bool filter_ = false;
    std::vector<Level> levels_;
    std::vector<std::int64_t> durations_;
    WaterfallRows out_;
};

} // namespace

bool isCollapsed(const WaterfallView& view, SpanIndex span) {
    return span < view.collapsed.size() && view.collapsed[span] != 0;
}

void setCollapsed(WaterfallView& view, const TraceModel& model, SpanIndex span, bool collapsed) {
    if (span >= model.size())
        return;
    if (view.collapsed.size() != model.size())
        view.collapsed.resize(model.size(), 0);
    view.collapsed[span] = collapsed ? 1 : 0;
}

void toggleCollapsed(WaterfallView& view, const TraceModel& model, SpanIndex span) {
    setCollapsed(view, model, span, !isCollapsed(view, span));
}

void expandAll(WaterfallView& view) {
    view.collapsed.clear();
}

void collapseToDepth(WaterfallView& view, const TraceModel& model, std::uint32_t depth) {
    view.collapsed.assign(model.size(), 0);
    for (SpanIndex i = 0; i < model.size(); ++i)
        view.collapsed[i] = model.depth(i) == depth && model.hasChildren(i) ? 1 : 0;
}

std::optional<std::size_t> WaterfallRows::rowOf(SpanIndex span) const {
    const auto it = std::upper_bound(rows.begin(), rows.end(), span,
                                     [](SpanIndex s, const WaterfallRow& r) { return s < r.span; });
    if (it == rows.begin())
        return std::nullopt;
    const auto& row = *std::prev(it);
    const auto index = static_cast<std::size_t>(std::prev(it) - rows.begin());
    if (row.kind == RowKind::Span)
        return row.span == span ? std::optional<std::size_t>(index) : std::nullopt;
    return span < folds[row.fold].rangeEnd ? std::optional<std::size_t>(index) : std::nullopt;
}

WaterfallRows waterfallRows(const TraceModel& model, const WaterfallView& view) {
    return RowBuilder(model, view).run();
}

WaterfallRows revealSpan(WaterfallView& view, const TraceModel& model, SpanIndex span) {
    if (span < model.size())
        for (auto p = model.parent(span); p != kNoSpan; p = model.parent(p))
            if (isCollapsed(view, p))
                setCollapsed(view, model, p, false);
    // Each pass opens one fold on the way down; folds nest at most once per depth.
    for (;;) {
        auto rows = waterfallRows(model, view);
        const auto r = span < model.size() ? rows.rowOf(span) : std::nullopt;
        if (!r || rows.rows[*r].kind == RowKind::Span)
            return rows;
        view.expandedFolds.insert(rows.rows[*r].span);
    }
}

std::string foldLabel(const TraceModel& model, const WaterfallRows& rows, const WaterfallRow& row,
                      const FoldOptions& options) {
    if (row.kind == RowKind::Span)
        return std::string(model.service(row.span)) + "." + std::string(model.name(row.span));
    const auto& f = rows.folds[row.fold];
    std::string text = "\u00d7 " + std::to_string(f.count) + " ";
    if (row.kind == RowKind::SimilarFold)
        text += std::string(model.service(row.span)) + "." + std::string(model.name(row.span));
    else
        text += "spans under " + formatDuration(options.shortSpanNs);
    text += ", p50 " + formatDuration(f.p50Ns);
    if (f.errors > 0)
        text += ", " + std::to_string(f.errors) + (f.errors == 1 ? " error" : " errors");
    return text;
}

} // namespace casebook
